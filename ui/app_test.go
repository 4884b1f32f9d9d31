package ui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"veille/feeds"
	"veille/storage"
	"veille/ui/lang"
)

// bulkStore is a cache of n articles spread over five feeds, one every 37 minutes.
func bulkStore(tb testing.TB, n int) *storage.Store {
	tb.Helper()
	s := openStore(tb)
	fs := make([]fixtureFeed, 5)
	for i := range fs {
		fs[i] = fixtureFeed{title: fmt.Sprintf("Source %d", i), url: fmt.Sprintf("https://source%d.example/feed/", i), fetched: time.Hour}
	}
	arts := make([]fixtureArticle, n)
	for i := range arts {
		arts[i] = fixtureArticle{feed: i % 5, title: fmt.Sprintf("Article n° %d", i), summary: "Résumé.",
			content: "<p>Texte.</p>", age: time.Duration(i) * 37 * time.Minute, read: i%3 == 0}
	}
	seed(tb, s, fs, arts)
	return s
}

func allIDs(tb testing.TB, s *storage.Store, q feeds.Query) []int64 {
	tb.Helper()
	arts, err := s.ListArticles(context.Background(), q, feeds.Page{})
	if err != nil {
		tb.Fatal(err)
	}
	ids := make([]int64, len(arts))
	for i, a := range arts {
		ids[i] = a.ID
	}
	return ids
}

func selectedID(h *harness) int64 {
	if a := h.m.list.selected(); a != nil {
		return a.ID
	}
	return 0
}

// checkWindow verifies that the window holds consecutive rows of the list, in order, and that
// it stays bounded.
func checkWindow(t *testing.T, h *harness, order []int64) {
	t.Helper()
	l := h.m.list
	if len(l.rows) > l.maxRows()+l.pageSize() {
		t.Fatalf("window holds %d rows, more than %d + a page", len(l.rows), l.maxRows())
	}
	for i, a := range l.rows {
		if want := order[l.offset+i]; a.ID != want {
			t.Fatalf("row %d of the window (list position %d) is article %d, want %d", i, l.offset+i, a.ID, want)
		}
	}
}

func TestListWindowWalksTheWholeListBothWays(t *testing.T) {
	s := bulkStore(t, 520)
	order := allIDs(t, s, feeds.Query{})
	h := newHarness(t, testOptions(s), 80, 20) // 16 rows on screen: pages of 50, at most 200 rows
	if got := selectedID(h); got != order[0] {
		t.Fatalf("first selected article %d, want %d", got, order[0])
	}
	maxHeld := 0
	for i := 1; i < len(order); i++ {
		h.keys("j")
		if got := selectedID(h); got != order[i] {
			t.Fatalf("after %d × j: article %d, want %d", i, got, order[i])
		}
		checkWindow(t, h, order)
		maxHeld = max(maxHeld, len(h.m.list.rows))
	}
	if !h.m.list.atEnd || h.m.list.offset == 0 {
		t.Fatalf("at the end the window should have forgotten pages above (offset=%d, atEnd=%v)", h.m.list.offset, h.m.list.atEnd)
	}
	if maxHeld > 250 {
		t.Errorf("the window grew to %d rows for a list of %d", maxHeld, len(order))
	}
	h.keys("j")
	if got := selectedID(h); got != order[len(order)-1] {
		t.Errorf("j past the end moved to %d", got)
	}
	for i := len(order) - 2; i >= 0; i-- {
		h.keys("k")
		if got := selectedID(h); got != order[i] {
			t.Fatalf("walking back, at %d: article %d, want %d", i, got, order[i])
		}
		checkWindow(t, h, order)
	}
	if h.m.list.position() != 1 {
		t.Errorf("back at the top, position %d", h.m.list.position())
	}
}

func TestListJumpsToTheEndAndBack(t *testing.T) {
	s := bulkStore(t, 2600) // dozens of pages: G must not walk them
	order := allIDs(t, s, feeds.Query{})
	h := newHarness(t, testOptions(s), 80, 20)
	h.keys("G")
	if got := selectedID(h); got != order[len(order)-1] {
		t.Fatalf("G: article %d, want the oldest %d", got, order[len(order)-1])
	}
	if got := h.m.list.position(); got != len(order) {
		t.Errorf("G: position %d, want %d", got, len(order))
	}
	checkWindow(t, h, order)
	if len(h.m.list.rows) > h.m.list.maxRows() {
		t.Errorf("G kept %d rows", len(h.m.list.rows))
	}
	for i := 0; i < 300; i++ {
		h.keys("k")
	}
	if got, want := selectedID(h), order[len(order)-301]; got != want {
		t.Fatalf("300 × k from the end: article %d, want %d", got, want)
	}
	checkWindow(t, h, order)
	h.keys("<pgup>", "<pgup>")
	checkWindow(t, h, order)
	h.keys("g")
	if got := selectedID(h); got != order[0] {
		t.Fatalf("g: article %d, want the newest %d", got, order[0])
	}
	h.keys("<pgdown>")
	if got, want := selectedID(h), order[h.m.list.height]; got != want {
		t.Errorf("pgdown: article %d, want %d", got, want)
	}
}

func TestTabsSwitchAndCount(t *testing.T) {
	s := pressStore(t)
	h := newHarness(t, testOptions(s), 100, 30)
	if n := len(h.m.list.rows); n != len(pressArticles) {
		t.Fatalf("À la une lists %d articles, want %d", n, len(pressArticles))
	}
	wantUnread := map[string]int{"À la une": 7, "Non lus": 7, "IA": 4, "Open source": 3, "Propriétaire": 2, "Régulation": 2, "Favoris": 1}
	for _, tab := range h.m.tabs {
		if want, ok := wantUnread[tab.Name]; ok && (!tab.counted || tab.unread != want) {
			t.Errorf("tab %s: unread %d (counted %v), want %d", tab.Name, tab.unread, tab.counted, want)
		}
	}

	h.keys("<tab>")
	if h.m.active != 1 {
		t.Fatalf("tab: active tab %d", h.m.active)
	}
	for _, a := range h.m.list.rows {
		if a.Read {
			t.Errorf("Non lus lists a read article: %s", a.Title)
		}
	}
	h.keys("3")
	if h.m.active != 2 || len(h.m.list.rows) != 6 {
		t.Fatalf("3: tab %d with %d rows, want IA with 6", h.m.active, len(h.m.list.rows))
	}
	for _, a := range h.m.list.rows {
		if !slices.ContainsFunc(a.Tags, func(t feeds.ArticleTag) bool { return t.Name == "ia" }) {
			t.Errorf("IA lists %q without the ia tag", a.Title)
		}
	}
	h.keys("<shift+tab>", "<shift+tab>", "<shift+tab>")
	if h.m.active != len(h.m.tabs)-1 || !h.m.tabs[h.m.active].sources {
		t.Fatalf("shift+tab wraps to the last tab, Sources: got tab %d", h.m.active)
	}
	if len(h.m.sources.feeds) != len(pressFeeds) {
		t.Errorf("Sources shows %d feeds, want %d", len(h.m.sources.feeds), len(pressFeeds))
	}
	h.keys("9") // there is no ninth tab: nothing happens
	if h.m.active != len(h.m.tabs)-1 {
		t.Errorf("9 moved to tab %d", h.m.active)
	}
}

func TestClickOnATabAndARow(t *testing.T) {
	h := newHarness(t, testOptions(pressStore(t)), 100, 30)
	_, spans, _ := h.m.tabLayout(100)
	h.send(tea.MouseMsg{X: spans[2].from + 1, Y: 0, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
	if h.m.active != 2 {
		t.Fatalf("click on the third tab: active %d", h.m.active)
	}
	h.send(tea.MouseMsg{X: 10, Y: headerHeight + 2, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
	if h.m.list.cursor != 2 || h.m.focus != focusList {
		t.Fatalf("click on the third row: cursor %d, focus %d", h.m.list.cursor, h.m.focus)
	}
	h.send(tea.MouseMsg{X: 10, Y: headerHeight + 2, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
	if h.m.focus != focusArticle {
		t.Fatalf("a second click should open the article")
	}
	h.send(tea.MouseMsg{X: 10, Y: 10, Button: tea.MouseButtonWheelDown, Action: tea.MouseActionPress})
	h.keys("<esc>")
	h.send(tea.MouseMsg{X: 10, Y: 10, Button: tea.MouseButtonWheelDown, Action: tea.MouseActionPress})
	if h.m.list.cursor != 5 {
		t.Errorf("wheel down in the list: cursor %d, want 5 (three rows down)", h.m.list.cursor)
	}
}

func TestFilterAppliesReportsAndClears(t *testing.T) {
	s := pressStore(t)
	h := newHarness(t, testOptions(s), 100, 30)
	h.keys("/")
	if h.m.focus != focusFilter {
		t.Fatal("/ does not open the filter bar")
	}
	h.typeText("+ia =numerama")
	if h.m.mode() != modeFilter || h.m.active != 0 {
		t.Fatal("keys typed in the filter bar must not reach the tabs")
	}
	h.keys("<enter>")
	if h.m.focus != focusList || h.m.tabs[0].filter != "+ia =numerama" {
		t.Fatalf("enter: focus %d, filter %q", h.m.focus, h.m.tabs[0].filter)
	}
	var titles []string
	for _, a := range h.m.list.rows {
		titles = append(titles, a.Title)
	}
	want := []string{pressArticles[0].title, pressArticles[8].title}
	if !slices.Equal(titles, want) {
		t.Errorf("+ia =numerama lists %q, want %q", titles, want)
	}
	if !strings.Contains(h.view(), "/ +ia =numerama") {
		t.Errorf("the applied filter is not shown:\n%s", h.view())
	}

	// A malformed term is reported where it is, and enter does not apply it.
	h.keys("/")
	h.typeText(" @7x")
	if h.m.filter.err == nil || h.m.filter.err.Term != "@7x" || h.m.filter.err.Offset != len("+ia =numerama ") {
		t.Fatalf("@7x: error %+v", h.m.filter.err)
	}
	if v, want := h.view(), lang.French.QueryError(h.m.filter.err); !strings.Contains(v, want) || !strings.Contains(want, "durée inconnue") {
		t.Errorf("the error is not said in French (%q):\n%s", want, v)
	}
	h.keys("<enter>")
	if h.m.focus != focusFilter || h.m.tabs[0].filter != "+ia =numerama" {
		t.Fatalf("enter on a bad filter applied it or closed the bar")
	}
	h.keys("<esc>")
	if h.m.focus != focusList || h.m.tabs[0].filter != "+ia =numerama" {
		t.Fatal("esc in the bar must keep the applied filter")
	}

	// A contradiction with the tab's own query points into the filter.
	h.keys("2", "/")
	h.typeText("+read")
	if h.m.filter.err == nil || h.m.filter.err.Code != feeds.QueryErrContradiction || h.m.filter.err.Offset != 0 {
		t.Fatalf("+read on Non lus: error %+v", h.m.filter.err)
	}
	h.keys("<esc>", "1")

	// esc in the list clears the filter.
	h.keys("<esc>")
	if h.m.tabs[0].filter != "" || len(h.m.list.rows) != len(pressArticles) {
		t.Errorf("esc: filter %q, %d rows", h.m.tabs[0].filter, len(h.m.list.rows))
	}
}

func TestOpeningMarksReadAndNextPrevious(t *testing.T) {
	s := pressStore(t)
	ctx := context.Background()
	h := newHarness(t, testOptions(s), 100, 30)
	first := *h.m.list.selected()
	if first.Read {
		t.Fatal("fixture: the newest article should be unread")
	}
	h.keys("<enter>")
	if h.m.focus != focusArticle || h.m.article.id != first.ID || !h.m.article.loaded {
		t.Fatalf("enter did not open article %d", first.ID)
	}
	if a, _ := s.Article(ctx, first.ID); !a.Read {
		t.Error("opening did not mark the article read in the cache")
	}
	if !h.m.list.rows[0].Read {
		t.Error("opening did not mark the row read")
	}
	if !strings.Contains(h.view(), "24 milliards de paramètres") {
		t.Errorf("the article's text is not shown:\n%s", h.view())
	}

	h.keys("n")
	if h.m.article.id != h.m.list.rows[1].ID || h.m.focus != focusArticle {
		t.Fatalf("n: article %d, want %d", h.m.article.id, h.m.list.rows[1].ID)
	}
	h.keys("n", "p")
	if h.m.article.id != h.m.list.rows[1].ID {
		t.Fatalf("n p: article %d", h.m.article.id)
	}
	h.keys("r") // back to unread
	if a, _ := s.Article(ctx, h.m.article.id); a.Read {
		t.Error("r in the article view did not mark it unread")
	}
	h.keys("s")
	if a, _ := s.Article(ctx, h.m.article.id); !a.Starred {
		t.Error("s did not star the article")
	}
	h.keys("q")
	if h.m.focus != focusList {
		t.Fatal("q in the article view goes back to the list")
	}
	if h.quit {
		t.Fatal("q in the article view quit the reader")
	}
	if !h.m.list.rows[1].Starred || h.m.list.rows[1].Read {
		t.Errorf("the list row does not show the changes: %+v", h.m.list.rows[1])
	}
	h.keys("q")
	if !h.quit {
		t.Error("q in the list does not quit")
	}
}

func TestMarkAllVisibleRead(t *testing.T) {
	s := pressStore(t)
	h := newHarness(t, testOptions(s), 100, 30)
	h.keys("A")
	total, unread, err := s.CountArticles(context.Background(), feeds.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if unread != 0 || total != len(pressArticles) {
		t.Fatalf("after A: %d unread of %d", unread, total)
	}
	h.fireTicks(func(msg tea.Msg) bool { _, ok := msg.(countsDueMsg); return ok })
	if h.m.tabs[0].unread != 0 || !strings.Contains(h.view(), "7 articles marqués lus") {
		t.Errorf("counts or message not updated:\n%s", h.view())
	}

	// On a small screen, only the rows on screen are marked.
	s2 := bulkStore(t, 120)
	h2 := newHarness(t, testOptions(s2), 80, 20)
	h2.keys("A")
	read := false
	_, unread2, _ := s2.CountArticles(context.Background(), feeds.Query{Read: &read})
	if want := 80 - countUnreadOnScreen(h2); unread2 != want && unread2 == 0 {
		t.Errorf("A marked more than the screen: %d unread left", unread2)
	}
}

func countUnreadOnScreen(h *harness) int {
	n := 0
	for _, a := range h.m.list.visible() {
		if !a.Read {
			n++
		}
	}
	return n
}

func TestTagEditorAddsRemovesAndCompletes(t *testing.T) {
	s := pressStore(t)
	ctx := context.Background()
	h := newHarness(t, testOptions(s), 100, 30)
	id := selectedID(h) // Mistral: ia, open-source
	h.keys("t")
	if h.m.focus != focusTags {
		t.Fatal("t does not open the tag editor")
	}
	h.typeText("+reg")
	h.keys("<tab>")
	if got := h.m.tagEd.input.String(); got != "+regulation" {
		t.Fatalf("tab completed +reg to %q", got)
	}
	h.typeText(" -op")
	h.keys("<tab>")
	if got := h.m.tagEd.input.String(); got != "+regulation -open-source" {
		t.Fatalf("tab completed -op to %q", got)
	}
	h.typeText(" Souveraineté")
	h.keys("<enter>")
	if h.m.focus != focusList {
		t.Fatal("enter does not close the editor")
	}
	a, err := s.Article(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, tag := range a.Tags {
		state := "auto"
		switch {
		case tag.Removed:
			state = "removed"
		case tag.Manual:
			state = "manual"
		}
		got[tag.Name] = state
	}
	want := map[string]string{"ia": "auto", "open-source": "removed", "regulation": "manual", "souverainete": "manual"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("tag %s is %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
	row := h.m.list.selected()
	var names []string
	for _, tag := range row.Tags {
		names = append(names, tag.Name)
	}
	slices.Sort(names)
	if !slices.Equal(names, []string{"ia", "regulation", "souverainete"}) {
		t.Errorf("the row shows tags %v", names)
	}
	if !strings.Contains(h.view(), "tags enregistrés") {
		t.Errorf("no confirmation:\n%s", h.view())
	}

	// In the article view, the evidence says which tags are by hand.
	h.keys("<enter>", "e")
	v := h.view()
	for _, want := range []string{"Pourquoi ces tags", "#souverainete  ajouté à la main", "#open-source  retiré à la main", "« Mistral AI » (titre)"} {
		if !strings.Contains(v, want) {
			t.Errorf("evidence lacks %q:\n%s", want, v)
		}
	}

	// esc cancels without writing.
	h.keys("t")
	h.typeText("-ia")
	h.keys("<esc>")
	if a, _ := s.Article(ctx, id); a.Tags[0].Name != "ia" || a.Tags[0].Removed {
		t.Error("esc in the tag editor wrote the edit")
	}
}

func TestSourcesTabShowsErrorsAndFiltersOnEnter(t *testing.T) {
	h := newHarness(t, testOptions(pressStore(t)), 100, 30)
	h.keys("8")
	v := h.view()
	for _, want := range []string{"délai dépassé (nouvel essai dans 2 h)", "pas un flux : page HTML", "410 : flux supprimé", "jamais", "Sources !3"} {
		if !strings.Contains(v, want) {
			t.Errorf("Sources lacks %q:\n%s", want, v)
		}
	}
	// Feeds are sorted by title: ActuIA, Clubic, Journal du Geek, Korben, Le Monde, Next…
	for h.m.sources.feeds[h.m.sources.cursor].Title != "Next" {
		h.keys("j")
	}
	h.keys("<enter>")
	if h.m.active != 0 || h.m.tabs[0].filter != "=next" {
		t.Fatalf("enter on Next: tab %d, filter %q", h.m.active, h.m.tabs[0].filter)
	}
	if len(h.m.list.rows) != 3 {
		t.Fatalf("=next lists %d articles, want 3", len(h.m.list.rows))
	}
	for _, a := range h.m.list.rows {
		if a.FeedTitle != "Next" {
			t.Errorf("=next lists an article of %s", a.FeedTitle)
		}
	}
}

func TestOpenAndCopyTheLink(t *testing.T) {
	var opened, copied []string
	opts := testOptions(pressStore(t))
	opts.OpenURL = func(u string) error { opened = append(opened, u); return nil }
	canCopy := true
	opts.CopyURL = func(u string) (bool, error) { copied = append(copied, u); return canCopy, nil }
	h := newHarness(t, opts, 100, 30)
	link := h.m.list.selected().URL
	h.keys("o", "y")
	if !slices.Equal(opened, []string{link}) || !slices.Equal(copied, []string{link}) {
		t.Fatalf("opened %v, copied %v, want %s", opened, copied, link)
	}
	if !strings.Contains(h.view(), "lien copié") {
		t.Errorf("no copy message:\n%s", h.view())
	}
	canCopy = false
	h.keys("<enter>", "y")
	if !strings.Contains(h.view(), "ce terminal ne peut pas copier ; lien : "+link) {
		t.Errorf("no message where the terminal cannot copy:\n%s", h.view())
	}
}

func TestRefreshInTheBackground(t *testing.T) {
	s := pressStore(t)
	opts := testOptions(s)
	opts.Offline = false
	var mu sync.Mutex
	calls := 0
	opts.Refresh = func(ctx context.Context, progress func(feeds.ProgressEvent)) (feeds.Summary, error) {
		mu.Lock()
		calls++
		mu.Unlock()
		fs, err := s.Feeds(ctx)
		if err != nil {
			return feeds.Summary{}, err
		}
		numerama := fs[slices.IndexFunc(fs, func(f feeds.Feed) bool { return f.Title == "Numerama" })]
		_, err = s.SaveRefresh(ctx, feeds.FeedUpdate{Feed: numerama, Articles: []feeds.Article{{
			Key: "new-1", URL: "https://www.numerama.com/nouveau.html", Title: "Nouvel article tout frais",
			Published: testNow.Add(-time.Minute), Content: "<p>Frais.</p>",
		}}}, time.Now())
		progress(feeds.ProgressEvent{Feed: numerama, Done: 1, Total: 2, New: 1})
		progress(feeds.ProgressEvent{Feed: fs[0], Done: 2, Total: 2, Err: errors.New("délai")})
		return feeds.Summary{Feeds: 2, OK: 1, Failed: 1, New: 1, Failures: []feeds.Feed{fs[0]}}, err
	}
	h := newHarness(t, opts, 100, 30)
	if calls != 0 {
		t.Fatal("the refresh must wait until the first screen is drawn")
	}
	h.fireTicks(func(msg tea.Msg) bool { _, ok := msg.(refreshDueMsg); return ok })
	if calls != 1 {
		t.Fatalf("refresh ran %d times", calls)
	}
	if h.m.list.rows[0].Title != "Nouvel article tout frais" {
		t.Errorf("the list was not reloaded at the top: first row %q", h.m.list.rows[0].Title)
	}
	if h.selectedTitle() != pressArticles[0].title {
		t.Errorf("the cursor left the article it was on for %q", h.selectedTitle())
	}
	if v := h.view(); !strings.Contains(v, "1 nouvel article · 1 échec (voir Sources)") {
		t.Errorf("no summary in the status line:\n%s", v)
	}
	h.keys("R")
	if calls != 2 {
		t.Errorf("R did not refresh again")
	}

	// Offline, R says why nothing happens.
	off := newHarness(t, testOptions(s), 100, 30)
	off.keys("R")
	if !strings.Contains(off.view(), "hors ligne : pas de mise à jour") {
		t.Errorf("R offline:\n%s", off.view())
	}
}

func TestUnreachableNetworkSaysOffline(t *testing.T) {
	s := pressStore(t)
	opts := testOptions(s)
	opts.Offline = false
	opts.Refresh = func(ctx context.Context, progress func(feeds.ProgressEvent)) (feeds.Summary, error) {
		f := feeds.Feed{Title: "Numerama", ErrorKind: feeds.ErrNetwork}
		return feeds.Summary{Feeds: 1, Failed: 1, Failures: []feeds.Feed{f}}, nil
	}
	h := newHarness(t, opts, 100, 30)
	h.fireTicks(func(msg tea.Msg) bool { _, ok := msg.(refreshDueMsg); return ok })
	if !strings.Contains(h.view(), "hors ligne : réseau injoignable") {
		t.Errorf("no offline mark:\n%s", h.view())
	}
}

func TestLayoutFitsEverySize(t *testing.T) {
	s := pressStore(t)
	scenes := map[string][]string{
		"list":    nil,
		"article": {"<enter>", "e"},
		"filter":  {"/", "@7x"},
		"tags":    {"t", "+o"},
		"help":    {"?"},
		"sources": {"8"},
	}
	for name, keys := range scenes {
		for _, size := range [][2]int{{60, 15}, {61, 16}, {80, 24}, {100, 30}, {137, 41}, {59, 30}, {100, 14}, {20, 5}} {
			h := newHarness(t, testOptions(s), size[0], size[1])
			for _, k := range keys {
				if strings.HasPrefix(k, "<") || len([]rune(k)) == 1 {
					h.keys(k)
				} else {
					h.typeText(k)
				}
			}
			v := h.view()
			lines := strings.Split(v, "\n")
			if len(lines) != size[1] {
				t.Errorf("%s at %dx%d: %d lines", name, size[0], size[1], len(lines))
			}
			for i, l := range lines {
				if w := lipgloss.Width(l); w > size[0] {
					t.Errorf("%s at %dx%d: line %d is %d cells wide: %q", name, size[0], size[1], i, w, l)
				}
			}
			small := size[0] < minWidth || size[1] < minHeight
			if small != strings.Contains(v, "Agrandissez") {
				t.Errorf("%s at %dx%d: the too-small message shows: %v", name, size[0], size[1], !small)
			}
		}
	}
}

func TestNothingUnsafeReachesTheScreen(t *testing.T) {
	s := openStore(t)
	seed(t, s, pressFeeds[:1], []fixtureArticle{{
		feed: 0, title: "Titre\x1b[2J piégé\u202e à l’envers\x07", author: "Auteur\x1b]0;titre\x07",
		summary: "x", content: "<p>Texte\x1b[31m rouge\x9b et \u200bcaché</p>", age: time.Hour,
		tags: []feeds.ArticleTag{auto("ia\x1b[1m")},
	}})
	h := newHarness(t, testOptions(s), 100, 30)
	for _, screen := range []string{h.view(), func() string { h.keys("<enter>", "e"); return h.view() }()} {
		for _, bad := range []string{"\x1b", "\x07", "\u202e", "\x9b", "\u200b"} {
			if strings.Contains(screen, bad) {
				t.Errorf("the screen holds %q:\n%q", bad, screen)
			}
		}
	}
}

func TestUnknownKeyActionIsReported(t *testing.T) {
	opts := testOptions(pressStore(t))
	opts.Keys = map[string][]string{"down": {"x"}, "voler": {"v"}}
	h := newHarness(t, opts, 100, 30)
	if !strings.Contains(h.view(), "action inconnue « voler »") {
		t.Errorf("unknown action not reported:\n%s", h.view())
	}
	h.keys("x")
	if h.m.list.cursor != 1 {
		t.Errorf("x bound to down did not move the cursor")
	}
	h.keys("j")
	if h.m.list.cursor != 1 {
		t.Errorf("j still moves after down was rebound")
	}
}

func TestConfiguredTabs(t *testing.T) {
	opts := testOptions(pressStore(t))
	opts.Tabs = []Tab{{Name: "Mistral", Query: "mistral"}, {Name: "Cassé", Query: "@7x"}, {Name: "Flux", Query: "SOURCES"}}
	h := newHarness(t, opts, 100, 30)
	if len(h.m.list.rows) != 2 {
		t.Errorf("full-text tab lists %d articles, want 2", len(h.m.list.rows))
	}
	h.keys("2")
	if v := h.view(); !strings.Contains(v, "La requête de cet onglet est invalide") || !strings.Contains(v, "@7x") {
		t.Errorf("a bad tab query is not explained:\n%s", v)
	}
	h.keys("3")
	if !h.m.tabs[2].sources {
		t.Error(`"SOURCES" is the Sources tab`)
	}
}

func TestEnglishUI(t *testing.T) {
	opts := testOptions(pressStore(t))
	opts.Lang = lang.English
	opts.Tabs = nil
	h := newHarness(t, opts, 100, 30)
	v := h.view()
	for _, want := range []string{"[Front page 7]", "Unread 7", "12 min ago", "enter open", "offline"} {
		if !strings.Contains(v, want) {
			t.Errorf("English screen lacks %q:\n%s", want, v)
		}
	}
}

func TestNoColorAndTheme(t *testing.T) {
	defer lipgloss.SetColorProfile(termenv.Ascii)
	defer lipgloss.SetHasDarkBackground(true)
	lipgloss.SetColorProfile(termenv.TrueColor)
	h := newHarness(t, testOptions(pressStore(t)), 100, 30)
	if !strings.Contains(h.view(), "\x1b[") {
		t.Fatal("no colour at all in true colour")
	}
	setUpRenderer("light", func(string) string { return "" })
	if lipgloss.HasDarkBackground() {
		t.Error(`theme "light" left a dark background`)
	}
	setUpRenderer("dark", func(k string) string {
		if k == "NO_COLOR" {
			return "1"
		}
		return ""
	})
	if !lipgloss.HasDarkBackground() {
		t.Error(`theme "dark" left a light background`)
	}
	if v := h.view(); strings.Contains(v, "\x1b[") {
		t.Errorf("NO_COLOR still draws escape sequences: %q", v[:200])
	}
}

func TestFetchThePageOfAnArticle(t *testing.T) {
	s := pressStore(t)
	opts := testOptions(s)
	var asked []int64
	opts.FetchPage = func(ctx context.Context, id int64) (feeds.TextSource, error) {
		asked = append(asked, id)
		art, err := s.Article(ctx, id)
		if err != nil {
			return "", err
		}
		c := feeds.PageCandidate{ID: id, FeedID: art.FeedID, URL: art.URL, TextLen: len([]rune(art.Text))}
		page := feeds.ArticlePage{Source: feeds.TextFromPage, URL: art.URL,
			Content: "<p>Le texte entier de l’article, pris sur sa page.</p>", Text: "Le texte entier de l’article, pris sur sa page."}
		return feeds.TextFromPage, s.SavePage(ctx, c, page, time.Now())
	}
	h := newHarness(t, opts, 100, 30)
	id := selectedID(h)
	h.keys("f") // only in the article view
	if len(asked) != 0 {
		t.Fatalf("f in the list fetched a page")
	}
	h.keys("<enter>", "f")
	if !slices.Equal(asked, []int64{id}) {
		t.Fatalf("f fetched %v, want [%d]", asked, id)
	}
	view := h.view()
	for _, want := range []string{"article complet récupéré", "texte complet, pris sur la page", "Le texte entier de l’article"} {
		if !strings.Contains(view, want) {
			t.Errorf("after f, the view lacks %q:\n%s", want, view)
		}
	}

	offline := testOptions(pressStore(t))
	offline.FetchPage = nil
	h = newHarness(t, offline, 100, 30)
	h.keys("<enter>", "f")
	if !strings.Contains(h.view(), "hors ligne : la page ne peut pas être récupérée") {
		t.Errorf("offline, f does not say why nothing happens:\n%s", h.view())
	}
}

func TestPagesRunAfterARefreshAndSayWhyTheyFailed(t *testing.T) {
	s := pressStore(t)
	opts := testOptions(s)
	opts.Offline = false
	opts.Refresh = func(ctx context.Context, progress func(feeds.ProgressEvent)) (feeds.Summary, error) {
		return feeds.Summary{Feeds: 1, OK: 1}, nil
	}
	passes := 0
	opts.FetchPages = func(ctx context.Context) (feeds.PageSummary, error) {
		passes++
		return feeds.PageSummary{}, errors.New("disque plein")
	}
	h := newHarness(t, opts, 100, 30)
	h.fireTicks(func(msg tea.Msg) bool { _, ok := msg.(refreshDueMsg); return ok })
	if passes != 1 {
		t.Fatalf("the page pass ran %d times after one refresh", passes)
	}
	if v := h.view(); !strings.Contains(v, "articles complets : disque plein") {
		t.Errorf("the page pass's error is not in the status line:\n%s", v)
	}
	if h.m.fetchingPages {
		t.Error("the page pass is still marked as running after its result")
	}
	h.keys("R")
	if passes != 2 {
		t.Errorf("a second refresh did not run the page pass again (%d)", passes)
	}
	// Run waits on bg: every background command it counted must have returned.
	done := make(chan struct{})
	go func() { h.m.bg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("a background command was counted but never finished")
	}
}

// TestStatusLoadingClearedByKind: the end of the list clears the loading message, and only
// it, whatever the messages' texts.
func TestStatusLoadingClearedByKind(t *testing.T) {
	sh := &shared{lang: lang.French, tick: stoppedTick}
	m, _ := newStatusModel(sh, false).sayLoading()
	if m.msg == "" {
		t.Fatal("no loading message")
	}
	if m = m.loaded(); m.msg != "" {
		t.Errorf("loaded left %q", m.msg)
	}
	m, _ = m.sayLoading()
	m, _ = m.say(sh.lang.T("status.loading"), false) // same text, another message
	if m = m.loaded(); m.msg == "" {
		t.Error("loaded cleared a message that is not the loading one")
	}
}

// Esc twice in quick succession arrives in one read, as alt+esc: it acts as two presses.
func TestDoubleEscInOneRead(t *testing.T) {
	h := newHarness(t, testOptions(pressStore(t)), 100, 30)
	h.keys("/")
	h.typeText("=numerama")
	h.keys("<enter>", "/")
	h.typeText(" @7x")
	if h.m.focus != focusFilter || h.m.tabs[0].filter != "=numerama" {
		t.Fatalf("setup: focus %d, filter %q", h.m.focus, h.m.tabs[0].filter)
	}
	h.send(tea.KeyMsg{Type: tea.KeyEsc, Alt: true})
	if h.m.focus != focusList || h.m.tabs[0].filter != "" {
		t.Errorf("alt+esc: focus %d, filter %q; want the bar closed and the filter cleared", h.m.focus, h.m.tabs[0].filter)
	}
}

// Keys typed faster than the program reads them arrive as one message of several runes: the
// first opens the filter bar and the rest are its text.
func TestKeysInOneRead(t *testing.T) {
	h := newHarness(t, testOptions(pressStore(t)), 100, 30)
	h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/=numerama")})
	if h.m.focus != focusFilter || h.m.filter.input.String() != "=numerama" {
		t.Fatalf("\"/=numerama\" in one read: focus %d, filter text %q", h.m.focus, h.m.filter.input.String())
	}
	// A bracketed paste stays one piece of text.
	h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(" +ia"), Paste: true})
	if got := h.m.filter.input.String(); got != "=numerama +ia" {
		t.Errorf("pasted text: %q", got)
	}
}
