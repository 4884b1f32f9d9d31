package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// The tests drive Run() as a user drives the binary, against feeds served on 127.0.0.1.

type result struct {
	code           int
	stdout, stderr string
}

// veille runs the command line with a private cache and config, in the given language.
func veille(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	getenv := func(k string) string { return env[k] }
	code := Run(context.Background(), args, &out, &errOut, getenv)
	return result{code, out.String(), errOut.String()}
}

func testEnv(t *testing.T, lang string) map[string]string {
	dir := t.TempDir()
	return map[string]string{
		"HOME": dir, "XDG_DATA_HOME": filepath.Join(dir, "data"), "XDG_CONFIG_HOME": filepath.Join(dir, "config"),
		"LANG": lang,
	}
}

const rssHeader = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>%s</title><link>%s</link><description>Actualité</description>
`

func rssItem(guid, title, link, date, desc, content string) string {
	return fmt.Sprintf(`<item><guid isPermaLink="false">%s</guid><title>%s</title><link>%s</link><pubDate>%s</pubDate>
<dc:creator>Rédaction</dc:creator><category>Intelligence artificielle</category>
<description><![CDATA[%s]]></description><content:encoded><![CDATA[%s]]></content:encoded></item>
`, guid, title, link, date, desc, content)
}

// pressServer serves a small French tech press: two good feeds, one that answers 404, one
// HTML page that advertises a feed, and one that is an HTML page instead of a feed.
type pressServer struct {
	*httptest.Server
	mistralTitle atomic.Value // the current title of the Mistral article, to change it upstream
	hits         atomic.Int32
}

func newPressServer(t *testing.T) *pressServer {
	p := &pressServer{}
	p.mistralTitle.Store("Mistral AI publie un modèle à poids ouverts")
	recent := time.Now().Add(-2 * time.Hour).Format(time.RFC1123Z)
	old := time.Now().AddDate(0, 0, -10).Format(time.RFC1123Z)
	mux := http.NewServeMux()
	mux.HandleFunc("/numerama/feed/", func(w http.ResponseWriter, r *http.Request) {
		p.hits.Add(1)
		w.Header().Set("Content-Type", "application/rss+xml; charset=UTF-8")
		fmt.Fprintf(w, rssHeader, "Numerama", "https://www.numerama.com")
		fmt.Fprint(w, rssItem("https://www.numerama.com/?p=1", p.mistralTitle.Load().(string), "/tech/mistral.html", recent,
			"La start-up française Mistral AI dévoile un nouveau modèle.",
			`<p>La start-up <strong>Mistral AI</strong> publie un modèle sous licence Apache 2.0.</p><p><a href="https://mistral.ai">Annonce</a></p><p>L’article <a href="x">Mistral</a> est apparu en premier sur Numerama.</p>`))
		fmt.Fprint(w, rssItem("https://www.numerama.com/?p=2", "Le mistral souffle à 120 km/h\x1b[2J sur la Provence", "https://www.numerama.com/sciences/vent.html", old,
			"Rafales de vent en Provence.", `<p>Météo : le vent du nord\u202eest violent.</p>`))
		fmt.Fprint(w, "</channel></rss>")
	})
	mux.HandleFunc("/next/feed/", func(w http.ResponseWriter, r *http.Request) {
		p.hits.Add(1)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, rssHeader, "Next", "https://next.ink")
		fmt.Fprint(w, rssItem("next-1", "☕️ La CNIL inflige une amende à un éditeur de logiciels", "https://next.ink/1", recent,
			"Sanction RGPD.", `<p>La CNIL a prononcé une amende.</p><p>Il reste 89% de l'article à découvrir.</p>`))
		fmt.Fprint(w, "</channel></rss>")
	})
	mux.HandleFunc("/broken/feed/", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	mux.HandleFunc("/site/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!DOCTYPE html><html><head><title>Next</title><link rel="alternate" type="application/rss+xml" href="/next/feed/"></head><body>Bienvenue</body></html>`)
	})
	p.Server = httptest.NewServer(mux)
	t.Cleanup(p.Close)
	return p
}

func (p *pressServer) opml(t *testing.T, names ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><opml version="2.0"><head><title>test</title></head><body><outline text="Tech">`)
	for _, n := range names {
		fmt.Fprintf(&b, `<outline type="rss" text="%s" xmlUrl="%s/%s/feed/"/>`, n, p.URL, n)
	}
	b.WriteString(`</outline></body></opml>`)
	path := filepath.Join(t.TempDir(), "abonnements.opml")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestImportWarns: the outlines an import skips are named on stderr, one line each, and the
// others are imported.
func TestImportWarns(t *testing.T) {
	path := filepath.Join(t.TempDir(), "abonnements.opml")
	opml := `<opml version="2.0"><body><outline text="A" xmlUrl="http://127.0.0.1:1/a/feed/"/>
		<outline text="Script" xmlUrl="exec:~/bin/x.sh"/><outline text="A bis" xmlUrl="http://127.0.0.1:1/a/feed/"/></body></opml>`
	if err := os.WriteFile(path, []byte(opml), 0o600); err != nil {
		t.Fatal(err)
	}
	r := veille(t, testEnv(t, "fr_FR.UTF-8"), "feeds", "import", path)
	if r.code != 0 || !strings.Contains(r.stdout, "1 flux importés") {
		t.Fatalf("import: %+v", r)
	}
	want := "veille: attention : " + path + " : « Script » ignoré : pas une URL http(s) : exec:~/bin/x.sh\n" +
		"veille: attention : " + path + " : doublon ignoré : http://127.0.0.1:1/a/feed/\n"
	if r.stderr != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", r.stderr, want)
	}
}

func TestFetchListShowAsAUserWould(t *testing.T) {
	press := newPressServer(t)
	env := testEnv(t, "fr_FR.UTF-8")

	if r := veille(t, env, "feeds", "import", press.opml(t, "numerama", "next", "broken")); r.code != 0 || !strings.Contains(r.stdout, "3 flux importés") {
		t.Fatalf("import: %+v", r)
	}
	r := veille(t, env, "fetch")
	if r.code != 0 {
		t.Fatalf("fetch exit %d: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "3 nouveaux articles") || !strings.Contains(r.stderr, "1 échecs") || !strings.Contains(r.stderr, "erreur HTTP 404") {
		t.Errorf("fetch progress/summary:\n%s", r.stderr)
	}
	if strings.Contains(r.stderr, "premier lancement") {
		t.Errorf("an import counts as the first-run initialisation, defaults must not be added:\n%s", r.stderr)
	}

	// list --json: the stable fields, escape sequences gone.
	r = veille(t, env, "list", "--json")
	var arts []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &arts); err != nil || r.code != 0 {
		t.Fatalf("list --json: %v\n%+v", err, r)
	}
	if len(arts) != 3 {
		t.Fatalf("list --json gave %d articles, want 3", len(arts))
	}
	for _, k := range []string{"id", "feed", "title", "url", "published", "read", "starred", "tags", "summary"} {
		if _, ok := arts[0][k]; !ok {
			t.Errorf("list --json: no %q field in %v", k, arts[0])
		}
	}
	if strings.ContainsAny(r.stdout, "\x1b\u202e") {
		t.Errorf("control characters reached the output:\n%q", r.stdout)
	}
	if _, err := time.Parse(time.RFC3339, arts[0]["published"].(string)); err != nil {
		t.Errorf("published is not RFC 3339: %v", arts[0]["published"])
	}

	// Query terms, flags after terms, and a -term that is not a flag.
	r = veille(t, env, "list", "mistral", "=numerama", "@2d", "+unread", "--json")
	if err := json.Unmarshal([]byte(r.stdout), &arts); err != nil || len(arts) != 1 || !strings.Contains(arts[0]["title"].(string), "Mistral AI") {
		t.Errorf("list mistral =numerama @2d +unread: %v %+v", err, r)
	}
	mistralID := int64(arts[0]["id"].(float64))
	if r = veille(t, env, "list", "-ia", "--limit", "5"); r.code != 0 {
		t.Errorf("list -ia: %+v", r)
	}

	// show: readable text, the footer and paywall notices gone, links as references.
	r = veille(t, env, "show", fmt.Sprint(mistralID))
	if r.code != 0 || !strings.Contains(r.stdout, "Mistral AI") || !strings.Contains(r.stdout, "https://mistral.ai") {
		t.Errorf("show:\n%+v", r)
	}
	if !strings.Contains(r.stdout, "Liens\n─────\n[1] https://mistral.ai") {
		t.Errorf("show: links are not listed as references in French:\n%s", r.stdout)
	}
	if strings.Contains(r.stdout, "apparu en premier") {
		t.Errorf("show kept the WordPress footer:\n%s", r.stdout)
	}
	if !strings.Contains(r.stdout, "https://www.numerama.com/tech/mistral.html") {
		t.Errorf("show: relative link not resolved against the channel link:\n%s", r.stdout)
	}

	// feeds list: unread counts and errors in words.
	r = veille(t, env, "feeds")
	if r.code != 0 || !strings.Contains(r.stdout, "Numerama") || !strings.Contains(r.stdout, "erreur HTTP 404") {
		t.Errorf("feeds list:\n%+v", r)
	}

	// A second fetch changes nothing.
	r = veille(t, env, "fetch")
	if r.code != 0 || !strings.Contains(r.stderr, "0 nouveaux articles") {
		t.Errorf("second fetch:\n%s", r.stderr)
	}
}

func TestFeedsAddDiscoversAndExportRoundTrips(t *testing.T) {
	press := newPressServer(t)
	env := testEnv(t, "en_US.UTF-8")
	r := veille(t, env, "feeds", "add", press.URL+"/site/")
	if r.code != 0 || !strings.Contains(r.stderr, "feed found on the page: "+press.URL+"/next/feed/") || !strings.Contains(r.stdout, "subscribed: Next") {
		t.Fatalf("feeds add (discovery): %+v", r)
	}
	if r = veille(t, env, "feeds", "add", press.URL+"/next/feed/"); !strings.Contains(r.stdout, "already subscribed") {
		t.Errorf("adding twice: %+v", r)
	}
	r = veille(t, env, "feeds", "export")
	if r.code != 0 || !strings.Contains(r.stdout, `xmlUrl="`+press.URL+`/next/feed/"`) || !strings.Contains(r.stdout, `<opml version="2.0">`) {
		t.Fatalf("export: %+v", r)
	}
	exported := filepath.Join(t.TempDir(), "export.opml")
	os.WriteFile(exported, []byte(r.stdout), 0o600)
	other := testEnv(t, "en_US.UTF-8")
	if r = veille(t, other, "feeds", "import", exported); r.code != 0 || !strings.Contains(r.stdout, "1 feeds imported") {
		t.Errorf("re-import of the export: %+v", r)
	}
	if r = veille(t, env, "feeds", "rm", press.URL+"/next/feed/"); r.code != 0 || !strings.Contains(r.stdout, "unsubscribed: Next (1 articles") {
		t.Errorf("feeds rm: %+v", r)
	}
	if r = veille(t, env, "feeds", "rm", "9999"); r.code != 1 || !strings.Contains(r.stderr, "no feed 9999") {
		t.Errorf("feeds rm of an unknown feed: %+v", r)
	}
}

func TestFirstRunSubscribesToTheDefaultsOnce(t *testing.T) {
	env := testEnv(t, "fr_FR.UTF-8")
	r := veille(t, env, "feeds", "list")
	if r.code != 0 || !strings.Contains(r.stderr, "premier lancement") || !strings.Contains(r.stdout, "Numerama") {
		t.Fatalf("first run: %+v", r)
	}
	if r = veille(t, env, "feeds", "list"); strings.Contains(r.stderr, "premier lancement") {
		t.Errorf("defaults added twice: %s", r.stderr)
	}
}

func TestUsageErrorsAndExitCodes(t *testing.T) {
	tests := []struct {
		lang   string
		args   []string
		code   int
		stderr string
	}{
		{"fr_FR.UTF-8", []string{"frobnicate"}, 2, "commande inconnue « frobnicate »"},
		{"en_GB.UTF-8", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"fr_FR.UTF-8", []string{"list", "--bogus"}, 2, "option inconnue --bogus"},
		{"fr_FR.UTF-8", []string{"list", "+ia", "@7x"}, 2, "`@7x` : durée inconnue"},
		{"C", []string{"list", `"poids ouverts`}, 2, "unclosed quote"},
		{"fr_FR.UTF-8", []string{"list", "--limit", "beaucoup"}, 2, "--limit attend un nombre entier"},
		{"fr_FR.UTF-8", []string{"show"}, 2, "show attend un numéro d’article"},
		{"fr_FR.UTF-8", []string{"show", "424242"}, 1, "aucun article n° 424242"},
		{"fr_FR.UTF-8", []string{"tag", "424242", "+ia"}, 1, "aucun article n° 424242"},
		{"fr_FR.UTF-8", []string{"tag", "12", ""}, 2, "des changements de tags comme +tag -tag"},
		{"fr_FR.UTF-8", []string{"tag", "douze", "+ia"}, 2, "tag attend un numéro d’article"},
		{"fr_FR.UTF-8", []string{"list", "--dry-run"}, 2, "--dry-run ne s’applique pas à list"},
		{"fr_FR.UTF-8", []string{"show", "1", "--fulltext"}, 2, "--fulltext ne s’applique pas à show"},
		{"en_US.UTF-8", []string{"fetch", "--json"}, 2, "option --json does not apply to fetch"},
		{"fr_FR.UTF-8", []string{"fetch", "--offline"}, 1, "hors ligne"},
		{"fr_FR.UTF-8", []string{"feeds", "import", "/nonexistent.opml"}, 1, "/nonexistent.opml"},
		{"fr_FR.UTF-8", []string{"--config", "/nonexistent.toml", "list"}, 1, "impossible de lire la configuration"},
	}
	for _, tt := range tests {
		r := veille(t, testEnv(t, tt.lang), tt.args...)
		if r.code != tt.code || !strings.Contains(r.stderr, tt.stderr) {
			t.Errorf("veille %s: exit %d, stderr %q; want exit %d and %q", strings.Join(tt.args, " "), r.code, r.stderr, tt.code, tt.stderr)
		}
		if strings.Count(strings.TrimSpace(r.stderr), "\n") > 0 && r.code != 0 {
			t.Errorf("veille %s: the error is not one line: %q", strings.Join(tt.args, " "), r.stderr)
		}
	}
	if r := veille(t, testEnv(t, "fr_FR.UTF-8"), "--help"); r.code != 0 || !strings.Contains(r.stdout, "Usage :") {
		t.Errorf("--help: %+v", r)
	}
}

func TestReadStateSurvivesUpstreamChange(t *testing.T) {
	press := newPressServer(t)
	env := testEnv(t, "en_US.UTF-8")
	veille(t, env, "feeds", "import", press.opml(t, "numerama"))
	veille(t, env, "fetch")
	r := veille(t, env, "list", "+ia", "mistral", "--json")
	var arts []map[string]any
	json.Unmarshal([]byte(r.stdout), &arts)
	if len(arts) != 1 {
		t.Fatalf("list +ia mistral: %+v", r)
	}
	id := int64(arts[0]["id"].(float64))
	store, err := (&app{opts: options{db: filepath.Join(env["XDG_DATA_HOME"], "veille", "veille.db")}, getenv: func(string) string { return "" }}).openStore(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := store.SetRead(ctx, []int64{id}, true); err != nil {
		t.Fatal(err)
	}
	if err := store.SetStarred(ctx, []int64{id}, true); err != nil {
		t.Fatal(err)
	}
	store.Close()

	press.mistralTitle.Store("Mistral AI publie Mistral Small 4 sous licence Apache 2.0")
	if r := veille(t, env, "fetch"); !strings.Contains(r.stderr, "1 changed") {
		t.Errorf("refetch after an upstream edit: %s", r.stderr)
	}
	r = veille(t, env, "list", "+starred", "+read", "--json")
	json.Unmarshal([]byte(r.stdout), &arts)
	if len(arts) != 1 || arts[0]["title"] != "Mistral AI publie Mistral Small 4 sous licence Apache 2.0" {
		t.Errorf("after the upstream change, the article lost its state or its new title: %s", r.stdout)
	}
}

func TestTagsAsAUserWould(t *testing.T) {
	press := newPressServer(t)
	env := testEnv(t, "fr_FR.UTF-8")
	veille(t, env, "feeds", "import", press.opml(t, "numerama", "next"))
	if r := veille(t, env, "fetch"); r.code != 0 {
		t.Fatalf("fetch: %+v", r)
	}
	idOf := func(args ...string) string {
		t.Helper()
		r := veille(t, env, append([]string{"list", "--json"}, args...)...)
		var arts []map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &arts); err != nil || len(arts) != 1 {
			t.Fatalf("list %v: %v %+v", args, err, r)
		}
		return fmt.Sprint(int64(arts[0]["id"].(float64)))
	}
	mistral := idOf("+ia", "+open-source")
	// The wind is not AI, the CNIL fine is regulation.
	idOf("mistral", "-ia")
	idOf("+regulation", "cnil")

	// show explains each tag with its evidence.
	r := veille(t, env, "show", mistral)
	if !strings.Contains(r.stdout, "ia ← « Mistral AI » (titre)") || !strings.Contains(r.stdout, "open-source ←") {
		t.Errorf("show does not explain the tags:\n%s", r.stdout)
	}

	// Manual edits: an added tag sticks, a removed one never comes back.
	r = veille(t, env, "tag", mistral, "+Souveraineté", "-open-source")
	if r.code != 0 || !strings.Contains(r.stdout, "souverainete") || strings.Contains(r.stdout, "open-source") {
		t.Fatalf("tag: %+v", r)
	}
	veille(t, env, "retag")
	press.mistralTitle.Store("Mistral AI publie Mistral Small 4 sous licence Apache 2.0, en open source")
	veille(t, env, "fetch") // the text changed upstream: the rules run again on it
	r = veille(t, env, "show", mistral)
	if !strings.Contains(r.stdout, "souverainete ← ajouté à la main") || !strings.Contains(r.stdout, "-open-source (retiré)") {
		t.Errorf("manual tags did not survive a retag and a refresh:\n%s", r.stdout)
	}
	idOf("+souverainete")
	if r := veille(t, env, "list", "+open-source", "--json"); strings.Contains(r.stdout, "Mistral Small 4") {
		t.Errorf("a tag the user removed came back: %s", r.stdout)
	}

	// tags: counts per tag.
	r = veille(t, env, "tags")
	if r.code != 0 || !regexpMatch(`(?m)^\s*ia\s+IA\s+1\s+1\s+1\s*$`, r.stdout) {
		t.Errorf("tags:\n%s", r.stdout)
	}

	// A tag added in config.toml, previewed with --dry-run, then applied.
	cfg := filepath.Join(env["XDG_CONFIG_HOME"], "veille", "config.toml")
	os.MkdirAll(filepath.Dir(cfg), 0o700)
	os.WriteFile(cfg, []byte("[tags.meteo]\nfr = \"Météo\"\nen = \"Weather\"\n[tags.meteo.rules.vent]\nterms = [\"rafale(s)\", \"mistral souffle\"]\n"), 0o600)
	r = veille(t, env, "retag", "--dry-run")
	if r.code != 0 || !strings.Contains(r.stdout, "meteo") || !strings.Contains(r.stdout, "+1 / −0") || !strings.Contains(r.stdout, "+ Le mistral souffle") {
		t.Errorf("retag --dry-run:\n%+v", r)
	}
	if r := veille(t, env, "list", "+meteo", "--json"); strings.TrimSpace(r.stdout) != "[]" {
		t.Errorf("--dry-run wrote tags: %s", r.stdout)
	}
	veille(t, env, "retag")
	idOf("+meteo")

	// A broken file is reported with its line; a broken rule too, and the defaults keep working.
	os.WriteFile(cfg, []byte("[tags.meteo\nfr = 1\n"), 0o600)
	if r = veille(t, env, "retag", "--dry-run"); r.code != 1 || !strings.Contains(r.stderr, "config.toml:") {
		t.Errorf("a malformed config was not reported with its line: %+v", r)
	}
	os.WriteFile(cfg, []byte("[ui]\nlang = \"fr\"\n\n[tags.meteo.rules.vent]\nterms = [\"rafale(s)\"]\nalso = [\"nulle-part\"]\n"), 0o600)
	r = veille(t, env, "retag", "--dry-run")
	if r.code != 0 || !regexpMatch(`config\.toml:[4-6]: .*nulle-part`, r.stderr) || !strings.Contains(r.stdout, "articles relus") {
		t.Errorf("a broken rule should warn with its line and keep the defaults: %+v", r)
	}
}

func regexpMatch(pattern, s string) bool { return regexp.MustCompile(pattern).MatchString(s) }

// A site without ETag nor Last-Modified that sends the same feed again: the second fetch finds
// it unchanged (a hash, no parse, nothing written); a new item makes it a refresh again.
func TestFetchSkipsAFeedSentAgainUnchanged(t *testing.T) {
	var items atomic.Int32
	items.Store(1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml; charset=UTF-8")
		fmt.Fprintf(w, rssHeader, "Sans validateurs", "http://"+r.Host)
		for i := range int(items.Load()) {
			fmt.Fprint(w, rssItem(fmt.Sprint(i), fmt.Sprintf("Article %d", i), fmt.Sprintf("/a/%d", i),
				"Tue, 01 Dec 2026 10:00:00 +0100", "Résumé.", "<p>Texte.</p>"))
		}
		fmt.Fprint(w, "</channel></rss>")
	}))
	defer srv.Close()
	env := testEnv(t, "fr_FR.UTF-8")
	db := filepath.Join(t.TempDir(), "veille.db")
	veille(t, env, "--db", db, "--offline", "feeds", "add", srv.URL+"/feed")
	if r := veille(t, env, "--db", db, "fetch"); !strings.Contains(r.stderr, "1 flux : 1 à jour, 0 inchangés") {
		t.Fatalf("first fetch: %+v", r)
	}
	if r := veille(t, env, "--db", db, "fetch"); !strings.Contains(r.stderr, "1 flux : 0 à jour, 1 inchangés") {
		t.Errorf("the same document again: %+v", r)
	}
	items.Store(2)
	if r := veille(t, env, "--db", db, "fetch"); !strings.Contains(r.stderr, "1 à jour, 0 inchangés") || !strings.Contains(r.stderr, "1 nouveaux articles") {
		t.Errorf("a new item: %+v", r)
	}
}

// Relative links resolve against the document's own address: its Content-Location first, then
// its xml:base on top of it.
func TestContentLocationThenXMLBase(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/atom+xml; charset=UTF-8")
		w.Header().Set("Content-Location", "/archives/2026/flux.xml")
		fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="breves/"><title>Archives</title><id>tag:archives</id>
<updated>2026-12-01T10:00:00Z</updated>
<entry><id>tag:un</id><title>Une brève</title><link href="une.html"/><updated>2026-12-01T10:00:00Z</updated><summary>Texte.</summary></entry>
</feed>`)
	}))
	defer srv.Close()
	env := testEnv(t, "fr_FR.UTF-8")
	db := filepath.Join(t.TempDir(), "veille.db")
	veille(t, env, "--db", db, "--offline", "feeds", "add", srv.URL+"/feed")
	if r := veille(t, env, "--db", db, "fetch"); r.code != 0 {
		t.Fatalf("fetch: %+v", r)
	}
	r := veille(t, env, "--db", db, "list", "--json")
	if want := `"url": "` + srv.URL + `/archives/2026/breves/une.html"`; !strings.Contains(r.stdout, want) {
		t.Errorf("the entry's link did not resolve against Content-Location then xml:base (want %s):\n%s", want, r.stdout)
	}
}
