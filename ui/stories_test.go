package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"veille/feeds"
	"veille/feeds/stories"
	"veille/storage"
)

// articleFront is the default tabs as they were before stories: the front page on articles
// and no Débat tab. The reader's tests written for the article list expect them.
func articleFront(tabs []Tab) []Tab {
	var out []Tab
	for _, t := range tabs {
		if isDebate(t.Query) {
			continue
		}
		t.Stories = false
		out = append(out, t)
	}
	return out
}

// storyArticles: three outlets tell one story (Meta's new open model) in their own words, and
// a fourth piece of news names Meta too.
var storyArticles = []fixtureArticle{
	{feed: 0, title: "Meta publie Llama 5 sous une licence plus permissive", age: 3 * time.Hour,
		summary: "Le groupe de Mark Zuckerberg met en ligne les poids de trois modèles, de 8 à 400 milliards de paramètres.",
		tags:    []feeds.ArticleTag{auto("ia", ev("ia", "Llama 5", "title")), auto("open-source", ev("open-source", "Llama 5", "title"))}},
	{feed: 1, title: "Llama 5 : Meta assouplit sa licence et mise sur l’open source", age: 2 * time.Hour,
		summary: "Les nouveaux modèles de Meta peuvent désormais être utilisés commercialement sans limite d’utilisateurs.",
		tags:    []feeds.ArticleTag{auto("ia", ev("ia", "Llama 5", "title")), auto("open-source", ev("open-source", "open source", "title"))}},
	{feed: 3, title: "Meta dévoile Llama 5, sa nouvelle famille de modèles ouverts", age: time.Hour,
		summary: "Trois tailles, une fenêtre de contexte d’un million de jetons et une licence compatible avec un usage commercial.",
		tags:    []feeds.ArticleTag{auto("ia", ev("ia", "Llama 5", "title"))}},
	{feed: 2, title: "OpenAI présente GPT-5.5 dans ChatGPT", age: 30 * time.Minute,
		summary: "Le nouveau modèle fermé d’OpenAI arrive pour tous les abonnés.",
		tags:    []feeds.ArticleTag{auto("ia", ev("ia", "GPT-5.5", "title")), auto("proprietaire", ev("proprietaire", "GPT-5.5", "title"))}},
}

func storyStore(t *testing.T) *storage.Store {
	s := openStore(t)
	seed(t, s, pressFeeds, storyArticles)
	if _, err := (&stories.Pass{Store: s, Now: testNow}).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestStoriesFrontPageOpenExplainAndRead(t *testing.T) {
	s := storyStore(t)
	opts := testOptions(s)
	opts.Tabs = nil // the real defaults: À la une on stories, a Débat tab
	h := newHarness(t, opts, 100, 30)
	v := h.view()
	if !h.m.storiesShown() || len(h.m.stories.list) != 2 {
		t.Fatalf("front page: stories shown %v, %d stories:\n%s", h.m.storiesShown(), len(h.m.stories.list), v)
	}
	for _, want := range []string{"OpenAI présente GPT-5.5", "■", "3 sources : ", "◯", "[ia open-source]", "entrée ouvrir"} {
		if !strings.Contains(v, want) {
			t.Errorf("story list lacks %q:\n%s", want, v)
		}
	}
	// The second story is Llama 5: open it, one line per outlet.
	h.keys("j", "<enter>")
	v = h.view()
	for _, want := range []string{"3 sources · 3 articles · ouvert", "Numerama", "Next", "ActuIA", "Llama 5 : Meta assouplit"} {
		if !strings.Contains(v, want) {
			t.Errorf("open story lacks %q:\n%s", want, v)
		}
	}
	// e: why they go together, with weights.
	h.keys("e")
	v = h.view()
	for _, want := range []string{"Pourquoi ces 3 articles vont ensemble", "Llama 5", "dans 3", "(nom)", "Position : ouvert", "open-source"} {
		if !strings.Contains(v, want) {
			t.Errorf("explanation lacks %q:\n%s", want, v)
		}
	}
	// The usual article view from the story, and n to the next outlet's article.
	h.keys("<esc>", "<enter>")
	if h.m.focus != focusArticle || !strings.Contains(h.view(), "Meta dévoile Llama 5") {
		t.Fatalf("enter on the story's first article:\n%s", h.view())
	}
	h.keys("n")
	if !strings.Contains(h.view(), "Llama 5 : Meta assouplit") {
		t.Errorf("n did not open the story's next article:\n%s", h.view())
	}
	h.keys("<esc>", "<esc>")
	// r on a story marks all its articles read; the story is read when all are.
	h.keys("r")
	ctx := context.Background()
	st := h.m.stories.list[1]
	for _, a := range st.Articles {
		got, err := s.Article(ctx, a.ID)
		if err != nil || !got.Read {
			t.Errorf("article %d read = %v, %v after r on its story", a.ID, got.Read, err)
		}
	}
	if !h.m.stories.list[1].Read() {
		t.Error("the story is not read after r")
	}
	// v toggles the tab to articles and back.
	h.keys("v")
	if h.m.storiesShown() || len(h.m.list.rows) != 4 {
		t.Fatalf("v: stories shown %v, %d article rows", h.m.storiesShown(), len(h.m.list.rows))
	}
	h.keys("v")
	if !h.m.storiesShown() {
		t.Fatal("v again: not on stories")
	}
}

func TestDebateTab(t *testing.T) {
	s := storyStore(t)
	opts := testOptions(s)
	opts.Tabs = nil
	h := newHarness(t, opts, 100, 40)
	h.keys("<shift+tab>") // the last tab: Débat
	if !h.m.tabs[h.m.active].debate {
		t.Fatalf("last tab is %q, want Débat", h.m.tabs[h.m.active].Name)
	}
	v := h.view()
	for _, want := range []string{"2 histoires cette semaine", "◯ ouvert 1 · ■ propriétaire 1 · ◐ les deux 0",
		"◯ ouvert : 1 histoires", "■ propriétaire : 1 histoires", "Llama 5 ×1", "OpenAI ×1", "Tendances", "ia", "open-source", "proprietaire"} {
		if !strings.Contains(v, want) {
			t.Errorf("Débat lacks %q:\n%s", want, v)
		}
	}
	// The sparklines are block characters: this week's column is the tallest for ia.
	var ia string
	for _, ln := range strings.Split(v, "\n") {
		if strings.HasPrefix(strings.TrimSpace(ln), "ia ") {
			ia = ln
		}
	}
	if !strings.Contains(ia, "▁▁▁▁▁▁▁▁▁▁▁█") || !strings.Contains(ia, "4 en tout, 4 cette semaine") {
		t.Errorf("ia trend line = %q", ia)
	}
}
