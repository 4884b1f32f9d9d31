package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestTemporaryRedirectKeepsKeylessItems: a feed whose items have neither GUID nor link, which
// then answers through a temporary redirect (302) to a different address each time. Its items
// are known by a digest of the feed's stored URL, so every refresh finds the same articles.
func TestTemporaryRedirectKeepsKeylessItems(t *testing.T) {
	var redirects atomic.Int32
	date := time.Now().Add(-3 * time.Hour).Format(time.RFC1123Z)
	// The channel's build date changes each round, so that the document is parsed each time
	// (the same bytes again would be skipped as unchanged) while its items stay the same.
	doc := func() string {
		return fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Sans liens</title><description>Brèves</description><lastBuildDate>round %d</lastBuildDate>
<item><title>Brève sans lien ni guid</title><pubDate>%s</pubDate><description>Une brève.</description></item>
<item><title>Autre brève</title><pubDate>%s</pubDate><description>Une autre.</description></item>
</channel></rss>`, redirects.Load(), date, date)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/breves/feed/", func(w http.ResponseWriter, r *http.Request) {
		if n := redirects.Load(); n > 0 {
			http.Redirect(w, r, fmt.Sprintf("/mirror-%d/feed/", n), http.StatusFound)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, doc())
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/mirror-") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, doc())
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	env := testEnv(t, "en_US.UTF-8")
	opml := fmt.Sprintf(`<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>`+
		`<outline type="rss" text="Brèves" xmlUrl="%s/breves/feed/"/></body></opml>`, srv.URL)
	path := filepath.Join(t.TempDir(), "breves.opml")
	if err := os.WriteFile(path, []byte(opml), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := veille(t, env, "feeds", "import", path); r.code != 0 {
		t.Fatalf("import: %+v", r)
	}
	count := func() int {
		t.Helper()
		r := veille(t, env, "list", "--json")
		var arts []map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &arts); err != nil {
			t.Fatalf("list --json: %v\n%+v", err, r)
		}
		return len(arts)
	}
	for round := range 3 { // direct, then through two different temporary targets
		redirects.Store(int32(round))
		r := veille(t, env, "fetch")
		if r.code != 0 || !strings.Contains(r.stderr, "1 updated") {
			t.Fatalf("fetch %d: %+v", round, r)
		}
		wantNew := 0
		if round == 0 {
			wantNew = 2
		}
		if !strings.Contains(r.stderr, fmt.Sprintf("; %d new articles", wantNew)) {
			t.Errorf("fetch %d: %s, want %d new articles", round, r.stderr, wantNew)
		}
		if n := count(); n != 2 {
			t.Errorf("after fetch %d the cache holds %d articles, want the same 2", round, n)
		}
	}
	// Each redirected fetch kept the subscription's URL: only a permanent redirect moves it.
	if r := veille(t, env, "feeds", "export"); !strings.Contains(r.stdout, `xmlUrl="`+srv.URL+`/breves/feed/"`) {
		t.Errorf("feeds export after temporary redirects:\n%s", r.stdout)
	}
}
