package cli

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"veille/feeds/tagging"
)

// learnServer serves one feed holding the space-industry fixture and the labelled headlines
// of feeds/tagging: a cache of a few hundred French articles.
func learnServer(t *testing.T) (*httptest.Server, int) {
	t.Helper()
	var items []tagging.Labelled
	for _, name := range []string{"learn-space.txt", "labelled.txt"} {
		f, err := os.Open(filepath.Join("..", "..", "feeds", "tagging", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		its, err := tagging.ReadLabelled(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		items = append(items, its...)
	}
	var b strings.Builder
	fmt.Fprintf(&b, rssHeader, "Presse", "http://127.0.0.1/")
	base := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for i, it := range items {
		date := base.Add(-time.Duration(i) * time.Minute).Format(time.RFC1123Z)
		fmt.Fprintf(&b, "<item><guid isPermaLink=\"false\">a%d</guid><title>%s</title><link>http://127.0.0.1/a/%d</link><pubDate>%s</pubDate><description>%s</description></item>\n",
			i, html.EscapeString(it.Title), i, date, html.EscapeString(it.Summary))
	}
	b.WriteString("</channel></rss>\n")
	doc := b.String()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		fmt.Fprint(w, doc)
	}))
	t.Cleanup(srv.Close)
	return srv, len(items)
}

type jsonListed struct {
	ID         int64    `json:"id"`
	Title      string   `json:"title"`
	Tags       []string `json:"tags"`
	TagDetails []struct {
		Name   string   `json:"name"`
		Origin string   `json:"origin"`
		Score  *float64 `json:"score"`
	} `json:"tag_details"`
}

func listJSON(t *testing.T, env map[string]string, args ...string) []jsonListed {
	t.Helper()
	r := veille(t, env, append([]string{"list", "--json", "--limit", "0"}, args...)...)
	var out []jsonListed
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("list %v: %v %+v", args, err, r)
	}
	return out
}

func originOf(a jsonListed, tag string) string {
	for _, d := range a.TagDetails {
		if d.Name == tag {
			return d.Origin
		}
	}
	return ""
}

// TestLearnAsAUserWould: a user tags space articles by hand; from the tenth on, the tag is
// learned, shows as learned in list --json, show and veille learn, and the user stays in charge.
func TestLearnAsAUserWould(t *testing.T) {
	srv, n := learnServer(t)
	env := testEnv(t, "fr_FR.UTF-8")
	if r := veille(t, env, "feeds", "add", srv.URL+"/feed"); r.code != 0 {
		t.Fatalf("feeds add: %+v", r)
	}
	if r := veille(t, env, "fetch"); r.code != 0 {
		t.Fatalf("fetch: %+v", r)
	}
	all := listJSON(t, env)
	if len(all) != n {
		t.Fatalf("%d articles cached, want %d", len(all), n)
	}
	byTitle := map[string]int64{}
	for _, a := range all {
		byTitle[a.Title] = a.ID
	}
	f, _ := os.Open(filepath.Join("..", "..", "feeds", "tagging", "testdata", "learn-space.txt"))
	space, _ := tagging.ReadLabelled(f)
	f.Close()

	if r := veille(t, env, "learn"); r.code != 0 || !strings.Contains(r.stdout, "aucun tag appris") {
		t.Fatalf("learn before any tag: %+v", r)
	}
	for i := 0; i < 9; i++ {
		if r := veille(t, env, "tag", fmt.Sprint(byTitle[space[i].Title]), "+spatial"); r.code != 0 {
			t.Fatalf("tag: %+v", r)
		}
	}
	if r := veille(t, env, "learn"); !strings.Contains(r.stdout, "spatial : 9 exemples à la main, encore 1") {
		t.Fatalf("learn with 9 examples:\n%s", r.stdout)
	}
	if got := listJSON(t, env, "+spatial"); len(got) != 9 {
		t.Fatalf("learned before min_examples: %d articles", len(got))
	}
	for i := 9; i < 20; i++ {
		veille(t, env, "tag", fmt.Sprint(byTitle[space[i].Title]), "+spatial")
	}
	got := listJSON(t, env, "+spatial")
	learned := 0
	var learnedID, manualID int64
	for _, a := range got {
		switch originOf(a, "spatial") {
		case "learned":
			learned++
			learnedID = a.ID
			for _, d := range a.TagDetails {
				if d.Name == "spatial" && (d.Score == nil || *d.Score <= 0) {
					t.Fatalf("learned tag without score: %+v", a)
				}
			}
		case "manual":
			manualID = a.ID
		}
		if len(a.Tags) == 0 {
			t.Fatalf("tags lost their plain names: %+v", a)
		}
	}
	if learned < 8 {
		t.Fatalf("only %d learned articles among %d", learned, len(got))
	}
	r := veille(t, env, "learn")
	if r.code != 0 || !regexpMatch(`(?m)^spatial\s+20\s+0\s+\d+\s+[01]\.\d\d\s+[01]\.\d\d\s+\d+`, r.stdout) {
		t.Fatalf("veille learn:\n%s", r.stdout)
	}
	// veille learn retrained: take a learned article as it now stands.
	for _, a := range listJSON(t, env, "+spatial") {
		if originOf(a, "spatial") == "learned" {
			learnedID = a.ID
		}
	}
	t.Logf("veille learn:\n%s", r.stdout)
	if r := veille(t, env, "show", fmt.Sprint(learnedID)); !strings.Contains(r.stdout, "appris de vos tags, probabilité") {
		t.Fatalf("show of a learned tag:\n%s", r.stdout)
	}
	if r := veille(t, env, "show", fmt.Sprint(manualID)); !strings.Contains(r.stdout, "spatial ← ajouté à la main") {
		t.Fatalf("show of a manual tag:\n%s", r.stdout)
	}

	// A retag (rules again over the whole cache) keeps the learned tags as they are.
	before := len(listJSON(t, env, "+spatial"))
	if r := veille(t, env, "retag", "--dry-run"); strings.Contains(r.stdout, "spatial") {
		t.Fatalf("retag would touch learned tags:\n%s", r.stdout)
	}
	veille(t, env, "retag")
	if after := len(listJSON(t, env, "+spatial")); after != before {
		t.Fatalf("retag changed the learned tag: %d → %d articles", before, after)
	}

	// Removing a learned tag is a negative that stays; a retag keeps learned and manual tags.
	veille(t, env, "tag", fmt.Sprint(learnedID), "-spatial")
	veille(t, env, "retag")
	veille(t, env, "learn")
	for _, a := range listJSON(t, env, "+spatial") {
		if a.ID == learnedID {
			t.Fatal("a learned tag the user removed came back")
		}
	}
	if r := veille(t, env, "learn"); !regexpMatch(`(?m)^spatial\s+20\s+1\s+`, r.stdout) {
		t.Fatalf("the removal is not counted as a negative:\n%s", r.stdout)
	}

	// [learn] off: learned rows go, the 20 manual tags stay.
	cfg := filepath.Join(env["XDG_CONFIG_HOME"], "veille", "config.toml")
	os.MkdirAll(filepath.Dir(cfg), 0o700)
	os.WriteFile(cfg, []byte("[learn]\noff = [\"spatial\"]\n"), 0o600)
	if r := veille(t, env, "learn"); !strings.Contains(r.stdout, "spatial : apprentissage désactivé") {
		t.Fatalf("learn off:\n%s", r.stdout)
	}
	got = listJSON(t, env, "+spatial")
	for _, a := range got {
		if originOf(a, "spatial") != "manual" {
			t.Fatalf("a learned tag survived [learn] off: %+v", a)
		}
	}
	if len(got) != 20 {
		t.Fatalf("%d manual tags left, want 20", len(got))
	}
}
