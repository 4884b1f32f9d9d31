package ui

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"veille/feeds"
)

// The story view: one row per story (its best title, how many outlets, the newest time, its
// tags and its place on the open/proprietary axis), a story's articles one line each, and why
// its articles were grouped (e). A key toggles any article tab between articles and stories;
// the front page opens on stories.

// storyPage is how many stories one load asks for (a 30-line screen shows 13); more are loaded
// as the cursor nears the end.
const storyPage = 20

// storiesModel is the story list of a tab in story view.
type storiesModel struct {
	sh *shared

	query   feeds.Query
	gen     int
	list    []feeds.Story
	seen    map[int64]bool
	next    *feeds.ArticleCursor // where the next page starts; nil: the end
	loading bool
	loaded  bool
	err     error

	cursor, top int // in list

	// open is the story whose articles are shown (-1: the list of stories); artCursor its
	// article under the cursor. explain shows why its articles were grouped.
	open      int
	artCursor int
	explain   bool
	reopen    int64 // a reload keeps this story open once it is listed again

	width, height int
}

func newStoriesModel(sh *shared) storiesModel { return storiesModel{sh: sh, open: -1} }

type storiesLoadedMsg struct {
	gen     int
	stories []feeds.Story
	next    *feeds.ArticleCursor
	more    bool // a page after the first
	err     error
}

func loadStoriesCmd(ctx context.Context, store Store, q feeds.Query, gen int, after *feeds.ArticleCursor, seen map[int64]bool, more bool) tea.Cmd {
	skip := make(map[int64]bool, len(seen))
	for id := range seen {
		skip[id] = true
	}
	return func() tea.Msg {
		list, next, err := store.ListStories(ctx, q, storyPage, after, skip)
		return storiesLoadedMsg{gen: gen, stories: list, next: next, more: more, err: err}
	}
}

// reset lists the stories of q from the top.
func (m storiesModel) reset(ctx context.Context, store Store, q feeds.Query) (storiesModel, tea.Cmd) {
	m.gen++
	m.query, m.list, m.seen, m.next = q, nil, map[int64]bool{}, nil
	m.cursor, m.top, m.open, m.explain, m.loaded, m.err = 0, 0, -1, false, false, nil
	m.loading = true
	return m, loadStoriesCmd(ctx, store, q, m.gen, nil, m.seen, false)
}

// reload lists the stories again where the cursor is, keeping the open story open.
func (m storiesModel) reload(ctx context.Context, store Store) (storiesModel, tea.Cmd) {
	openID := int64(0)
	if s := m.openStory(); s != nil {
		openID = s.ID
	}
	cursor, artCursor, explain := m.cursor, m.artCursor, m.explain
	m, cmd := m.reset(ctx, store, m.query)
	m.cursor, m.artCursor, m.explain = cursor, artCursor, explain
	m.reopen = openID
	return m, cmd
}

func (m storiesModel) storiesLoaded(msg storiesLoadedMsg) storiesModel {
	if msg.gen != m.gen {
		return m
	}
	m.loading, m.loaded, m.err = false, true, msg.err
	if msg.err != nil {
		return m
	}
	for _, s := range msg.stories {
		if !m.seen[s.ID] {
			m.seen[s.ID] = true
			m.list = append(m.list, s)
		}
	}
	m.next = msg.next
	if m.reopen != 0 {
		for i, s := range m.list {
			if s.ID == m.reopen {
				m.open, m.cursor = i, i
				m.artCursor = min(m.artCursor, len(s.Articles)-1)
			}
		}
		m.reopen = 0
	}
	m.cursor = min(m.cursor, max(len(m.list)-1, 0))
	m.scroll()
	return m
}

func (m storiesModel) openStory() *feeds.Story {
	if m.open < 0 || m.open >= len(m.list) {
		return nil
	}
	return &m.list[m.open]
}

func (m storiesModel) selected() *feeds.Story {
	if m.cursor < 0 || m.cursor >= len(m.list) {
		return nil
	}
	return &m.list[m.cursor]
}

// selectedArticle is the article under the cursor of the open story.
func (m storiesModel) selectedArticle() *feeds.Article {
	s := m.openStory()
	if s == nil || m.artCursor < 0 || m.artCursor >= len(s.Articles) {
		return nil
	}
	return &s.Articles[m.artCursor]
}

// setRead changes the read state of the given articles wherever they are shown, and the
// stories' unread counts with them.
func (m storiesModel) setRead(ids []int64, read bool) storiesModel {
	want := map[int64]bool{}
	for _, id := range ids {
		want[id] = true
	}
	for i := range m.list {
		s := &m.list[i]
		arts := make([]feeds.Article, len(s.Articles))
		copy(arts, s.Articles)
		s.Unread = 0
		for j := range arts {
			if want[arts[j].ID] {
				arts[j].Read = read
			}
			if !arts[j].Read {
				s.Unread++
			}
		}
		s.Articles = arts
	}
	return m
}

func (m *storiesModel) setSize(w, h int) {
	m.width, m.height = w, h
	m.scroll()
}

// rowsShown is how many stories fit: two lines each.
func (m storiesModel) rowsShown() int { return max(m.height/2, 1) }

func (m *storiesModel) scroll() {
	n := m.rowsShown()
	if m.cursor < m.top {
		m.top = m.cursor
	}
	if m.cursor >= m.top+n {
		m.top = m.cursor - n + 1
	}
	m.top = max(m.top, 0)
}

// move moves the cursor of what is shown: the stories, or the open story's articles. It asks
// for the next page when the cursor nears the end of the stories loaded.
func (m storiesModel) move(ctx context.Context, store Store, delta int, toEnd bool) (storiesModel, tea.Cmd) {
	if s := m.openStory(); s != nil {
		switch {
		case toEnd && delta > 0:
			m.artCursor = len(s.Articles) - 1
		case toEnd:
			m.artCursor = 0
		default:
			m.artCursor = min(max(m.artCursor+delta, 0), len(s.Articles)-1)
		}
		return m, nil
	}
	switch {
	case toEnd && delta > 0:
		m.cursor = len(m.list) - 1
	case toEnd:
		m.cursor = 0
	default:
		m.cursor = min(max(m.cursor+delta, 0), max(len(m.list)-1, 0))
	}
	m.scroll()
	if m.next != nil && !m.loading && m.cursor >= len(m.list)-m.rowsShown() {
		m.loading = true
		return m, loadStoriesCmd(ctx, store, m.query, m.gen, m.next, m.seen, true)
	}
	return m, nil
}

// view draws the stories, or the open story's articles, in width × height cells.
func (m storiesModel) view() string {
	if m.explain {
		if s := m.selectedOrOpen(); s != nil {
			return padBlock(m.explainView(*s), m.width, m.height)
		}
	}
	if s := m.openStory(); s != nil {
		return padBlock(m.articlesView(*s), m.width, m.height)
	}
	st := m.sh.styles.List
	l := m.sh.lang
	if m.loaded && len(m.list) == 0 {
		msg := l.T("stories.empty")
		if m.err != nil {
			msg = l.T("status.error", line(m.err.Error()))
		}
		return padBlock("\n  "+st.Empty.Render(msg), m.width, m.height)
	}
	var b strings.Builder
	for i := m.top; i < len(m.list) && i < m.top+m.rowsShown(); i++ {
		s := m.list[i]
		cursor := "  "
		if i == m.cursor {
			cursor = st.Cursor.Render("▌ ")
		}
		unread := "  "
		title := st.TitleRead
		if !s.Read() {
			unread = st.Unread.Render("• ")
			title = st.TitleUnread
		}
		mark := StanceMark(s.Stance)
		right := " " + st.Date.Render(l.Ago(s.Updated, m.sh.now))
		head := cursor + unread + mark + " "
		avail := m.width - visibleWidth(head) - visibleWidth(right)
		b.WriteString(padRight(head+title.Render(truncate(line(s.Title), max(avail, 1))), m.width-visibleWidth(right)) + right + "\n")
		meta := "      " + st.Source.Render(l.N("stories.row.source", "stories.row.sources", s.Sources, outlets(s, 3)))
		if len(s.Tags) > 0 {
			meta += "  " + st.Date.Render("["+strings.Join(s.Tags, " ")+"]")
		}
		b.WriteString(truncate(meta, m.width) + "\n")
	}
	return padBlock(strings.TrimSuffix(b.String(), "\n"), m.width, m.height)
}

func (m storiesModel) selectedOrOpen() *feeds.Story {
	if s := m.openStory(); s != nil {
		return s
	}
	return m.selected()
}

// outlets names the first n outlets of a story.
func outlets(s feeds.Story, n int) string {
	var names []string
	seen := map[int64]bool{}
	for _, a := range s.Articles {
		if seen[a.FeedID] {
			continue
		}
		seen[a.FeedID] = true
		if len(names) == n {
			names = append(names, "…")
			break
		}
		names = append(names, line(a.FeedTitle))
	}
	return strings.Join(names, ", ")
}

// articlesView is the open story: its title, stance and outlets, then one line per article.
func (m storiesModel) articlesView(s feeds.Story) string {
	st := m.sh.styles
	l := m.sh.lang
	var b strings.Builder
	b.WriteString(" " + st.Article.Title.Render(truncate(line(s.Title), m.width-2)) + "\n")
	b.WriteString(" " + st.Article.Meta.Render(truncate(l.T("stories.open.meta", s.Sources, len(s.Articles), stanceWord(l.T, s.Stance)), m.width-2)) + "\n\n")
	for i, a := range s.Articles {
		cursor := "  "
		if i == m.artCursor {
			cursor = st.List.Cursor.Render("▌ ")
		}
		unread := "  "
		title := st.List.TitleRead
		if !a.Read {
			unread, title = st.List.Unread.Render("• "), st.List.TitleUnread
		}
		src := st.List.Source.Render(padRight(truncate(line(a.FeedTitle), 16), 16))
		date := st.List.Date.Render(l.Ago(a.Published, m.sh.now))
		head := cursor + unread + src + "  "
		avail := m.width - visibleWidth(head) - visibleWidth(date) - 1
		b.WriteString(padRight(head+title.Render(truncate(line(a.Title), max(avail, 1))), m.width-visibleWidth(date)-1) + " " + date + "\n")
	}
	return b.String()
}

// explainView says why a story's articles were grouped: the terms they share, with their
// weights, and where its stance comes from (the tags' own evidence).
func (m storiesModel) explainView(s feeds.Story) string {
	st := m.sh.styles.Article
	l := m.sh.lang
	var b strings.Builder
	b.WriteString(" " + st.Title.Render(truncate(line(s.Title), m.width-2)) + "\n\n")
	b.WriteString(" " + st.Heading.Render(l.T("stories.explain.terms", len(s.Articles))) + "\n")
	terms := s.SharedTerms(16)
	if len(terms) == 0 {
		b.WriteString("   " + st.Faint.Render(l.T("stories.explain.alone")) + "\n")
	}
	for _, t := range terms {
		kind := ""
		if t.Entity {
			kind = " " + st.Faint.Render(l.T("stories.explain.name"))
		}
		bar := strings.Repeat("█", max(1, int(t.Weight/terms[0].Weight*12+0.5)))
		fmt.Fprintf(&b, "   %-22s %5.2f  %s  %s%s\n", truncate(line(t.Label()), 22), t.Weight,
			st.Faint.Render(l.T("stories.explain.in", t.Docs)), bar, kind)
	}
	b.WriteString("\n " + st.Heading.Render(l.T("stories.explain.stance", stanceWord(l.T, s.Stance))) + "\n")
	any := false
	for _, a := range s.Articles {
		for _, t := range a.Tags {
			if t.Removed || t.Name != feeds.TagOpenSource && t.Name != feeds.TagProprietary {
				continue
			}
			any = true
			fmt.Fprintf(&b, "   %s %s — %s\n", st.EvidenceTag.Render(t.Name), st.Faint.Render(line(a.FeedTitle)), truncate(line(a.Title), m.width-40))
		}
	}
	if !any {
		b.WriteString("   " + st.Faint.Render(l.T("stories.explain.nostance")) + "\n")
	}
	return b.String()
}

// StanceMark is a stance in one cell that reads without colour: « ◯ » open, « ■ »
// proprietary, « ◐ » both, a space for none. `veille stories` prints the same marks.
func StanceMark(s feeds.Stance) string {
	switch s {
	case feeds.StanceOpen:
		return "◯"
	case feeds.StanceProprietary:
		return "■"
	case feeds.StanceBoth:
		return "◐"
	}
	return " "
}

func stanceWord(t func(string, ...any) string, s feeds.Stance) string {
	switch s {
	case feeds.StanceOpen:
		return t("stance.open")
	case feeds.StanceProprietary:
		return t("stance.proprietary")
	case feeds.StanceBoth:
		return t("stance.both")
	}
	return t("stance.none")
}

func visibleWidth(s string) int { return lipgloss.Width(s) }

// positionText is where the cursor is, for the status line.
func (m storiesModel) positionText() string {
	if s := m.openStory(); s != nil {
		return m.sh.lang.T("status.position", m.artCursor+1, len(s.Articles))
	}
	if len(m.list) == 0 {
		return ""
	}
	if m.next != nil {
		return m.sh.lang.T("status.position.unknown", m.cursor+1)
	}
	return m.sh.lang.T("status.position", m.cursor+1, len(m.list))
}

// The reader's side: keys, loading and results for a tab in story view.

// storiesShown reports whether the active tab shows stories.
func (m Model) storiesShown() bool {
	t := m.tabs[m.active]
	return t.stories && !t.sources && !t.debate
}

// toggleStories switches the active tab between articles and stories.
func (m Model) toggleStories() (Model, tea.Cmd) {
	t := &m.tabs[m.active]
	if t.sources || t.debate {
		return m, nil
	}
	t.stories = !t.stories
	m, cmd := m.showTab(m.active)
	m, more := m.layout()
	return m, tea.Batch(cmd, more)
}

func (m Model) storiesKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	k := m.sh.keys
	s := m.stories
	switch {
	case key.Matches(msg, k.Stories):
		return m.toggleStories()
	case key.Matches(msg, k.Evidence):
		if s.selectedOrOpen() != nil {
			m.stories.explain = !s.explain
		}
		return m, nil
	case key.Matches(msg, k.Back):
		switch {
		case s.explain:
			m.stories.explain = false
		case s.open >= 0:
			m.stories.open = -1
		case m.tabs[m.active].filter != "":
			return m.applyFilter("")
		}
		return m, nil
	case key.Matches(msg, k.Open):
		if s.explain {
			m.stories.explain = false
			return m, nil
		}
		if s.open < 0 {
			if s.selected() != nil {
				m.stories.open, m.stories.artCursor = s.cursor, 0
			}
			return m, nil
		}
		return m.openStoryArticle()
	case key.Matches(msg, k.Read):
		if s.open >= 0 {
			if a := s.selectedArticle(); a != nil {
				return m.setRead([]int64{a.ID}, !a.Read)
			}
			return m, nil
		}
		if st := s.selected(); st != nil {
			// A story is read when all its articles are: r marks them all, or all unread.
			ids := make([]int64, len(st.Articles))
			for i, a := range st.Articles {
				ids[i] = a.ID
			}
			return m.setRead(ids, !st.Read())
		}
		return m, nil
	case key.Matches(msg, k.Browser):
		if a := s.selectedArticle(); a != nil {
			return m.openLink(a.URL)
		}
		return m, nil
	case key.Matches(msg, k.Filter):
		m.back, m.focus = m.focus, focusFilter
		m.filter = m.filter.open(m.tabs[m.active].filter, m.tabs[m.active].Query)
		return m.layout()
	case key.Matches(msg, k.Up):
		return m.withStories(s.move(m.ctx, m.opts.Store, -1, false))
	case key.Matches(msg, k.Down):
		return m.withStories(s.move(m.ctx, m.opts.Store, 1, false))
	case key.Matches(msg, k.PageUp):
		return m.withStories(s.move(m.ctx, m.opts.Store, -s.rowsShown(), false))
	case key.Matches(msg, k.PageDown):
		return m.withStories(s.move(m.ctx, m.opts.Store, s.rowsShown(), false))
	case key.Matches(msg, k.Top):
		return m.withStories(s.move(m.ctx, m.opts.Store, -1, true))
	case key.Matches(msg, k.Bottom):
		return m.withStories(s.move(m.ctx, m.opts.Store, 1, true))
	}
	return m, nil
}

func (m Model) withStories(s storiesModel, cmd tea.Cmd) (Model, tea.Cmd) {
	m.stories = s
	return m, cmd
}

// openStoryArticle opens the article under the cursor of the open story, in the usual view.
func (m Model) openStoryArticle() (Model, tea.Cmd) {
	return m.openArticle(m.stories.selectedArticle())
}

// storyStep opens the next or previous article of the open story from the article view.
func (m Model) storyStep(delta int) (Model, tea.Cmd) {
	before := m.stories.artCursor
	m.stories, _ = m.stories.move(m.ctx, m.opts.Store, delta, false)
	if m.stories.artCursor == before {
		return m, nil
	}
	return m.openStoryArticle()
}

// storyResult takes the results of the story and debate commands; ok is false for others.
func (m Model) storyResult(msg tea.Msg) (Model, tea.Cmd, bool) {
	switch msg := msg.(type) {
	case storiesLoadedMsg:
		m.stories = m.stories.storiesLoaded(msg)
		if !m.started && msg.gen == m.stories.gen {
			m, cmd := m.begin(nil)
			return m, cmd, true
		}
		return m, nil, true
	case debateLoadedMsg:
		m.debate = m.debate.debateLoaded(msg)
		if !m.started {
			m, cmd := m.begin(nil)
			return m, cmd, true
		}
		return m, nil, true
	}
	return m, nil, false
}
