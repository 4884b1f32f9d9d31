package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// storyServer serves three outlets telling one story (the AI Alliance) in their own words,
// and one about another piece of news with the same companies. story4 adds a fourth outlet
// once set.
func storyServer(t *testing.T, fourth *bool) *httptest.Server {
	recent := func(h int) string { return time.Now().Add(-time.Duration(h) * time.Hour).Format(time.RFC1123Z) }
	outlet := func(name string, items ...string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/rss+xml; charset=UTF-8")
			fmt.Fprintf(w, rssHeader, name, "https://"+strings.ToLower(name)+".example")
			for _, it := range items {
				fmt.Fprint(w, it)
			}
			fmt.Fprint(w, "</channel></rss>")
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/lemonde/", outlet("Le Monde",
		rssItem("lm1", "Meta et IBM lancent l’AI Alliance pour une intelligence artificielle ouverte", "https://lemonde.example/1", recent(5),
			"Une cinquantaine d’entreprises et d’universités s’unissent autour de modèles open source.", "")))
	mux.HandleFunc("/numerama/", outlet("Numerama",
		rssItem("nu1", "AI Alliance : Meta et IBM fédèrent les partisans de l’IA open source", "https://numerama.example/1", recent(4),
			"L’alliance défend des modèles aux poids ouverts et partagés.", ""),
		rssItem("nu2", "IBM annonce la fin de ses ordinateurs centraux de première génération", "https://numerama.example/2", recent(3),
			"Le groupe américain arrête la maintenance de ses vieux mainframes z13.", "")))
	mux.HandleFunc("/next/", func(w http.ResponseWriter, r *http.Request) {
		items := []string{rssItem("nx1", "Avec l’AI Alliance, Meta et IBM veulent peser dans l’IA", "https://next.example/1", recent(3),
			"L’alliance réunit AMD, Intel, la fondation Linux et des universités autour de l’IA open source.", "")}
		if *fourth {
			items = append(items, rssItem("nx2", "AI Alliance : ce que Meta et IBM promettent à l’IA open source", "https://next.example/2", recent(1),
				"Des outils, des modèles et des jeux de données ouverts, promet l’alliance de Meta et IBM.", ""))
		}
		outlet("Next", items...)(w, r)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestStoriesAsAUserWould(t *testing.T) {
	fourth := false
	srv := storyServer(t, &fourth)
	env := testEnv(t, "fr_FR.UTF-8")
	opml := filepath.Join(t.TempDir(), "press.opml")
	var outlines strings.Builder
	for _, n := range []string{"lemonde", "numerama", "next"} {
		fmt.Fprintf(&outlines, `<outline type="rss" text="%s" xmlUrl="%s/%s/"/>`, n, srv.URL, n)
	}
	if err := os.WriteFile(opml, []byte(`<?xml version="1.0"?><opml version="2.0"><body>`+outlines.String()+`</body></opml>`), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := veille(t, env, "feeds", "import", opml); r.code != 0 {
		t.Fatalf("import: %+v", r)
	}
	r := veille(t, env, "fetch")
	if r.code != 0 || !strings.Contains(r.stderr, "histoires : articles placés 4, nouvelles histoires 2, rattachés à une histoire 2") {
		t.Fatalf("fetch: %+v", r)
	}

	r = veille(t, env, "stories", "--json")
	if r.code != 0 {
		t.Fatalf("stories --json: %+v", r)
	}
	var got []struct {
		ID      int64    `json:"id"`
		Title   string   `json:"title"`
		Updated string   `json:"updated"`
		Tags    []string `json:"tags"`
		Stance  string   `json:"stance"`
		Terms   []struct {
			Term   string  `json:"term"`
			Weight float64 `json:"weight"`
		} `json:"terms"`
		Articles []struct {
			ID        int64  `json:"id"`
			Feed      string `json:"feed"`
			Title     string `json:"title"`
			URL       string `json:"url"`
			Published string `json:"published"`
		} `json:"articles"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("stories --json is not JSON: %v\n%s", err, r.stdout)
	}
	if len(got) != 2 {
		t.Fatalf("want 2 stories (the alliance, the mainframes), got %d:\n%s", len(got), r.stdout)
	}
	var alliance = got[0]
	if len(alliance.Articles) != 3 {
		alliance = got[1]
	}
	if len(alliance.Articles) != 3 || !strings.Contains(alliance.Title, "AI Alliance") {
		t.Fatalf("alliance story = %+v", alliance)
	}
	if alliance.Stance != "open" {
		t.Errorf("stance = %q, want open (the articles carry open-source)", alliance.Stance)
	}
	terms := map[string]bool{}
	for _, tm := range alliance.Terms {
		terms[tm.Term] = true
		if tm.Weight <= 0 {
			t.Errorf("term %q has weight %v", tm.Term, tm.Weight)
		}
	}
	for _, want := range []string{"Meta", "IBM", "Alliance"} {
		if !terms[want] {
			t.Errorf("shared terms %v lack %q", alliance.Terms, want)
		}
	}
	if _, err := time.Parse(time.RFC3339, alliance.Updated); err != nil {
		t.Errorf("updated %q: %v", alliance.Updated, err)
	}
	feedsSeen := map[string]bool{}
	for _, a := range alliance.Articles {
		feedsSeen[a.Feed] = true
		if a.URL == "" || a.Title == "" {
			t.Errorf("article %+v lacks its URL or title", a)
		}
	}
	if len(feedsSeen) != 3 {
		t.Errorf("outlets = %v, want 3", feedsSeen)
	}

	// The text listing: one line per story with its sources; the query language filters.
	r = veille(t, env, "stories", "+open-source")
	if r.code != 0 || strings.Count(r.stdout, "\n") != 1 || !strings.Contains(r.stdout, "3 sources") || !strings.Contains(r.stdout, "◯") {
		t.Fatalf("stories +open-source: %+v", r)
	}

	// A fourth outlet joins the story at the next fetch; restory --dry-run finds nothing to change.
	fourth = true
	if r := veille(t, env, "fetch"); r.code != 0 || !strings.Contains(r.stderr, "articles placés 1, nouvelles histoires 0, rattachés à une histoire 1") {
		t.Fatalf("second fetch: %+v", r)
	}
	r = veille(t, env, "restory", "--dry-run")
	if r.code != 0 || !strings.Contains(r.stdout, "5 articles regroupés à nouveau (rien n’est écrit) : 2 histoires avant, 2 après ; 0 fusions, 0 scissions\n") {
		t.Fatalf("restory --dry-run: %+v", r)
	}
	if r := veille(t, env, "restory"); r.code != 0 {
		t.Fatalf("restory: %+v", r)
	}
	r = veille(t, env, "stories", "--limit", "1")
	if r.code != 0 || strings.Count(r.stdout, "\n") != 1 || !strings.Contains(r.stdout, "3 sources") {
		t.Fatalf("stories --limit 1 after restory: %+v", r)
	}

	// Trends: the same numbers as text and JSON.
	r = veille(t, env, "trends", "--json", "--weeks", "4")
	if r.code != 0 {
		t.Fatalf("trends: %+v", r)
	}
	var trends []struct {
		Tag    string   `json:"tag"`
		Weeks  []string `json:"weeks"`
		Counts []int    `json:"counts"`
		Total  int      `json:"total"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &trends); err != nil || len(trends) == 0 {
		t.Fatalf("trends --json: %v\n%s", err, r.stdout)
	}
	if trends[0].Tag != "ia" || len(trends[0].Counts) != 4 || trends[0].Counts[3] == 0 || len(trends[0].Weeks) != 4 {
		t.Errorf("first trend = %+v, want ia over 4 weeks with this week's articles", trends[0])
	}
	r = veille(t, env, "trends", "--weeks", "4")
	if r.code != 0 || !strings.Contains(r.stdout, "ia") || !strings.ContainsAny(r.stdout, "▁▂▃▄▅▆▇█") {
		t.Fatalf("trends: %+v", r)
	}
	if r := veille(t, env, "list", "--weeks", "3"); r.code != 2 {
		t.Errorf("list --weeks: %+v, want a usage error", r)
	}
}

// TestNoStoriesSwitch: VEILLE_NO_STORIES=1 (the bench's switch) skips the pass after a fetch,
// and the next fetch without it places the articles that waited.
func TestNoStoriesSwitch(t *testing.T) {
	fourth := false
	srv := storyServer(t, &fourth)
	env := testEnv(t, "fr_FR.UTF-8")
	for _, n := range []string{"lemonde", "numerama", "next"} {
		if r := veille(t, env, "feeds", "add", srv.URL+"/"+n+"/"); r.code != 0 {
			t.Fatalf("feeds add: %+v", r)
		}
	}
	env["VEILLE_NO_STORIES"] = "1"
	if r := veille(t, env, "fetch"); r.code != 0 || strings.Contains(r.stderr, "histoires") {
		t.Fatalf("fetch with VEILLE_NO_STORIES=1 ran the pass: %+v", r)
	}
	if r := veille(t, env, "list", "--json"); strings.Count(r.stdout, `"url"`) != 4 {
		t.Fatalf("the first fetch did not bring the 4 articles: %+v", r)
	}
	delete(env, "VEILLE_NO_STORIES")
	if r := veille(t, env, "fetch"); r.code != 0 || !strings.Contains(r.stderr, "histoires : articles placés 4") {
		t.Fatalf("the next fetch did not place the 4 articles that waited: %+v", r)
	}
}
