package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"veille/feeds"
	"veille/storage"
	"veille/ui/lang"
)

func init() {
	// Goldens and assertions see plain text, in one time zone, whatever the machine.
	lipgloss.SetColorProfile(termenv.Ascii)
	lipgloss.SetHasDarkBackground(true)
	time.Local = time.UTC
}

// testNow is the reader's clock in tests.
var testNow = time.Date(2026, 3, 12, 10, 0, 0, 0, time.UTC)

func openStore(tb testing.TB) *storage.Store {
	tb.Helper()
	s, err := storage.Open(context.Background(), tb.TempDir()+"/veille.db")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// fixtureFeed is a subscription and what its last fetch left.
type fixtureFeed struct {
	title, url string
	fetched    time.Duration // how long before testNow it was last fetched; 0: never
	kind       feeds.ErrorKind
	lastError  string
	retryIn    time.Duration
}

type fixtureArticle struct {
	feed                    int
	title, summary, content string
	author                  string
	age                     time.Duration
	tags                    []feeds.ArticleTag
	read, starred           bool
}

func auto(name string, ev ...feeds.Evidence) feeds.ArticleTag {
	return feeds.ArticleTag{Name: name, Evidence: ev}
}

func ev(rule, match, field string) feeds.Evidence {
	return feeds.Evidence{Rule: rule, Match: match, Field: field}
}

var pressFeeds = []fixtureFeed{
	{title: "Numerama", url: "https://www.numerama.com/feed/", fetched: 40 * time.Minute},
	{title: "Next", url: "https://next.ink/feed/", fetched: 40 * time.Minute},
	{title: "Le Monde Informatique", url: "https://www.lemondeinformatique.fr/flux-rss/", fetched: 40 * time.Minute},
	{title: "ActuIA", url: "https://www.actuia.com/feed/", fetched: 40 * time.Minute},
	{title: "Clubic", url: "https://www.clubic.com/feed/news.rss", fetched: 40 * time.Minute,
		kind: feeds.ErrTimeout, lastError: "context deadline exceeded", retryIn: 2 * time.Hour},
	{title: "Korben", url: "https://korben.info/", fetched: 40 * time.Minute,
		kind: feeds.ErrNotFeed, lastError: "not a feed: text/html"},
	{title: "Journal du Geek", url: "https://www.journaldugeek.com/feed/", fetched: 3 * time.Hour,
		kind: feeds.ErrGone, lastError: "HTTP 410 Gone", retryIn: 30 * time.Hour},
	{title: "Siècle Digital", url: "https://siecledigital.fr/feed/"},
}

var pressArticles = []fixtureArticle{
	{feed: 0, title: "Mistral AI publie un modèle à poids ouverts sous licence Apache 2.0", author: "Julien Lausson",
		summary: "La start-up française dévoile un nouveau modèle de langage.", age: 12 * time.Minute,
		content: `<p>La start-up <strong>Mistral AI</strong> publie un modèle de langage sous licence Apache 2.0, téléchargeable librement.</p>
<h2>Un modèle ouvert</h2><p>Les poids sont disponibles sur <a href="https://huggingface.co/mistralai">Hugging Face</a>.</p>
<ul><li>24 milliards de paramètres</li><li>contexte de 128 000 jetons</li></ul>
<blockquote><p>Nous croyons à l’open source, explique Arthur Mensch.</p></blockquote>`,
		tags: []feeds.ArticleTag{
			auto("ia", ev("ia", "Mistral AI", "title"), ev("ia", "modèle de langage", "summary")),
			auto("open-source", ev("open-source", "poids ouverts", "title"), ev("open-source", "licence Apache 2.0", "content")),
		}},
	{feed: 1, title: "La CNIL inflige une amende de 5 millions d’euros à un éditeur de logiciels", author: "Sébastien Gavois",
		summary: "Sanction RGPD.", age: 2 * time.Hour,
		content: `<p>La CNIL a prononcé une amende au titre du <em>RGPD</em>.</p>`,
		tags:    []feeds.ArticleTag{auto("regulation", ev("regulation", "CNIL", "title"), ev("regulation", "RGPD", "summary"))}},
	{feed: 3, title: "OpenAI présente GPT-5 et ferme un peu plus ses modèles", author: "Rédaction ActuIA",
		summary: "Le nouveau modèle reste accessible par API seulement.", age: 3 * time.Hour,
		content: `<p>OpenAI garde les poids de <code>GPT-5</code> pour lui.</p>`,
		tags: []feeds.ArticleTag{
			auto("ia", ev("ia", "OpenAI", "title")),
			auto("proprietaire", ev("proprietaire", "GPT-5", "title")),
		}},
	{feed: 2, title: "Le règlement européen sur l’IA entre dans sa deuxième phase", author: "Jacques Cheminat",
		summary: "Les obligations des modèles à usage général s’appliquent.", age: 5 * time.Hour, read: true,
		content: `<p>L’<strong>AI Act</strong> impose de nouvelles obligations.</p><ol><li>transparence</li><li>documentation</li></ol>`,
		tags: []feeds.ArticleTag{
			auto("ia", ev("ia", "IA", "title")),
			auto("regulation", ev("regulation", "règlement européen", "title"), ev("regulation", "AI Act", "content")),
		}},
	{feed: 0, title: "Le mistral souffle à 120 km/h sur la Provence", author: "Nicolas Lellouche",
		summary: "Rafales de vent.", age: 6 * time.Hour, read: true,
		content: `<p>Météo : le vent du nord est violent.</p>`},
	{feed: 1, title: "Linux 7.0 est disponible avec un nouvel ordonnanceur", author: "Vincent Hermann",
		summary: "La version majeure du noyau arrive.", age: 20 * time.Hour, starred: true,
		content: `<p>Linus Torvalds a publié <a href="https://kernel.org">Linux 7.0</a>.</p><pre>uname -r
7.0.0</pre>`,
		tags: []feeds.ArticleTag{auto("open-source", ev("open-source", "Linux", "title"))}},
	{feed: 3, title: "Meta publie Llama 5 en poids ouverts, avec une licence maison", author: "Rédaction ActuIA",
		summary: "Le débat ouvert contre fermé reprend.", age: 26 * time.Hour,
		content: `<p>Meta publie <strong>Llama 5</strong>.</p>`,
		tags: []feeds.ArticleTag{
			auto("ia", ev("ia", "Llama", "title")),
			auto("open-source", ev("open-source", "poids ouverts", "title")),
		}},
	{feed: 2, title: "Cybersécurité : les collectivités face aux rançongiciels", author: "",
		summary: "Un rapport de l’ANSSI.", age: 3 * 24 * time.Hour, read: true,
		content: `<p>L’ANSSI publie un rapport.</p>`},
	{feed: 0, title: "Google Gemini arrive dans Gmail pour tous les comptes", author: "Julien Lausson",
		summary: "L’assistant s’invite partout.", age: 4 * 24 * time.Hour,
		content: `<p>Gemini résume vos courriels.</p>`,
		tags: []feeds.ArticleTag{
			auto("ia", ev("ia", "Gemini", "title")),
			auto("proprietaire", ev("proprietaire", "Google Gemini", "title")),
		}},
	{feed: 1, title: "Free augmente le prix de sa Freebox Pop", author: "Sébastien Gavois",
		summary: "Deux euros de plus.", age: 9 * 24 * time.Hour, read: true,
		content: `<p>Le forfait passe à 32,99 euros.</p>`},
	{feed: 2, title: "Le DSA s’applique désormais à toutes les plateformes", author: "Jacques Cheminat",
		summary: "Le règlement sur les services numériques.", age: 15 * 24 * time.Hour,
		content: `<p>Le <abbr>DSA</abbr> s’applique.</p>`,
		tags:    []feeds.ArticleTag{auto("regulation", ev("regulation", "DSA", "title"))}},
	{feed: 3, title: "Hugging Face lève 400 millions de dollars", author: "Rédaction ActuIA",
		summary: "La plateforme de l’IA ouverte.", age: 40 * 24 * time.Hour, read: true,
		content: `<p>Hugging Face lève des fonds.</p>`,
		tags:    []feeds.ArticleTag{auto("ia", ev("ia", "Hugging Face", "title"))}},
}

// seed subscribes to fs and saves arts as their feeds' refreshes, the way a real refresh does.
func seed(tb testing.TB, s *storage.Store, fs []fixtureFeed, arts []fixtureArticle) []feeds.Feed {
	tb.Helper()
	ctx := context.Background()
	subs := make([]feeds.Feed, len(fs))
	for i, f := range fs {
		subs[i] = feeds.Feed{URL: f.url, Title: f.title}
	}
	if _, err := s.AddFeeds(ctx, subs, time.Now()); err != nil {
		tb.Fatal(err)
	}
	all, err := s.Feeds(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	byURL := map[string]feeds.Feed{}
	for _, f := range all {
		byURL[f.URL] = f
	}
	out := make([]feeds.Feed, len(fs))
	for i, f := range fs {
		feed := byURL[f.url]
		if f.fetched > 0 {
			feed.LastFetch = testNow.Add(-f.fetched)
			if f.kind == feeds.ErrNone {
				feed.LastSuccess = feed.LastFetch
			} else {
				feed.LastSuccess = testNow.Add(-26 * time.Hour)
				feed.ErrorKind, feed.LastError, feed.Failures = f.kind, f.lastError, 2
				feed.Gone = f.kind == feeds.ErrGone
				if f.retryIn > 0 {
					feed.NextFetch = testNow.Add(f.retryIn)
				}
			}
		}
		var items []feeds.Article
		for j, a := range arts {
			if a.feed != i {
				continue
			}
			items = append(items, feeds.Article{
				Key: fmt.Sprintf("%s#%d", f.url, j), GUID: fmt.Sprintf("%s#%d", f.url, j),
				URL:   fmt.Sprintf("%sarticle-%d.html", strings.TrimSuffix(f.url, "feed/"), j),
				Title: a.title, Author: a.author, Summary: a.summary, Content: a.content,
				Text:      a.summary,
				Published: testNow.Add(-a.age), FirstSeen: testNow.Add(-a.age),
				Read: a.read, Starred: a.starred, Tags: a.tags,
			})
		}
		if _, err := s.SaveRefresh(ctx, feeds.FeedUpdate{Feed: feed, Articles: items}, time.Now()); err != nil {
			tb.Fatal(err)
		}
		out[i] = feed
	}
	return out
}

// pressStore is a cache holding the little French press above.
func pressStore(tb testing.TB) *storage.Store {
	s := openStore(tb)
	seed(tb, s, pressFeeds, pressArticles)
	return s
}

// testOptions are the reader's options in tests: French, offline, the clock stopped.
func testOptions(s *storage.Store) Options {
	return Options{
		Store:   s,
		Offline: true,
		Lang:    lang.French,
		Tabs:    articleFront(DefaultTabs(lang.French)), // these tests read the article list
		Now:     func() time.Time { return testNow },
		Getenv:  func(string) string { return "" },
		OpenURL: func(string) error { return nil },
		CopyURL: func(string) (bool, error) { return true, nil },
		tick:    stoppedTick,
	}
}

// pendingTick is a timer that tests fire by hand.
type pendingTick struct {
	d    time.Duration
	fire func(time.Time) tea.Msg
}

// stoppedTick stops every timer but the one that starts the background work after the first
// page: that one only orders work, and tests want its results.
func stoppedTick(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
	return func() tea.Msg {
		if msg, ok := fn(testNow).(backgroundDueMsg); ok {
			return msg
		}
		return pendingTick{d, fn}
	}
}

// harness drives the reader synchronously: every command runs at once and its message goes
// back into Update, until nothing is left; timers wait until fireTicks.
type harness struct {
	tb    testing.TB
	m     Model
	ticks []pendingTick
	quit  bool
}

func newHarness(tb testing.TB, opts Options, width, height int) *harness {
	tb.Helper()
	h := &harness{tb: tb, m: New(opts)}
	h.run(h.m.Init())
	h.send(tea.WindowSizeMsg{Width: width, Height: height})
	return h
}

func (h *harness) send(msgs ...tea.Msg) {
	for _, msg := range msgs {
		m, cmd := h.m.Update(msg)
		h.m = m.(Model)
		h.run(cmd)
	}
}

func (h *harness) run(cmd tea.Cmd) {
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case pendingTick:
			h.ticks = append(h.ticks, msg)
		case tea.QuitMsg:
			h.quit = true
		default:
			m, next := h.m.Update(msg)
			h.m = m.(Model)
			queue = append(queue, next)
		}
	}
}

// fireTicks fires the timers set so far, as if their time had come.
func (h *harness) fireTicks(match func(tea.Msg) bool) {
	ticks := h.ticks
	h.ticks = nil
	for _, t := range ticks {
		msg := t.fire(testNow)
		if match != nil && !match(msg) {
			h.ticks = append(h.ticks, t)
			continue
		}
		h.send(msg)
	}
}

// keys sends key presses: runes one by one, or named keys in angle brackets ("<enter>").
func (h *harness) keys(ks ...string) {
	for _, k := range ks {
		h.send(keyMsg(k))
	}
}

func keyMsg(k string) tea.KeyMsg {
	named := map[string]tea.KeyType{
		"<enter>": tea.KeyEnter, "<esc>": tea.KeyEsc, "<tab>": tea.KeyTab, "<shift+tab>": tea.KeyShiftTab,
		"<up>": tea.KeyUp, "<down>": tea.KeyDown, "<pgdown>": tea.KeyPgDown, "<pgup>": tea.KeyPgUp,
		"<backspace>": tea.KeyBackspace, "<ctrl+c>": tea.KeyCtrlC, "<space>": tea.KeySpace,
	}
	if t, ok := named[k]; ok {
		return tea.KeyMsg{Type: t}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

// typeText types s as separate key presses.
func (h *harness) typeText(s string) {
	for _, r := range s {
		if r == ' ' {
			h.send(tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}})
			continue
		}
		h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

func (h *harness) view() string { return h.m.View() }

func (h *harness) selectedTitle() string {
	if a := h.m.list.selected(); a != nil {
		return a.Title
	}
	return ""
}
