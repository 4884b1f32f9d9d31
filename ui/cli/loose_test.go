package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestMalformedFeedReadAnyway: a feed cut in the middle of an item is read anyway, its
// complete items saved, and `veille feeds` says « flux mal formé, lu quand même » until the
// feed is well-formed again.
func TestMalformedFeedReadAnyway(t *testing.T) {
	var wellFormed atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		var b strings.Builder
		fmt.Fprintf(&b, rssHeader, "Le Journal du Geek", "http://"+r.Host)
		now := time.Now().Add(-time.Hour).Format(time.RFC1123Z)
		for i := range 3 {
			b.WriteString(rssItem(fmt.Sprint(i), fmt.Sprintf("Article %d : Mistral AI & l’Europe", i), fmt.Sprintf("http://%s/%d", r.Host, i), now, "Un résumé.", ""))
		}
		if wellFormed.Load() {
			b.WriteString("</channel></rss>")
		} else {
			b.WriteString("<item><title>Coupé</title><description><![CDATA[La connexion a été")
		}
		fmt.Fprint(w, b.String())
	}))
	t.Cleanup(srv.Close)
	env := testEnv(t, "fr_FR.UTF-8")
	db := filepath.Join(t.TempDir(), "veille.db")
	veille(t, env, "--db", db, "--offline", "feeds", "add", srv.URL+"/feed")

	if r := veille(t, env, "--db", db, "fetch"); r.code != 0 || !strings.Contains(r.stderr, "0 échecs") {
		t.Fatalf("fetch of the cut feed: %+v", r)
	}
	var arts []map[string]any
	r := veille(t, env, "--db", db, "list", "--json", "--limit", "0")
	if err := json.Unmarshal([]byte(r.stdout), &arts); err != nil || len(arts) != 3 {
		t.Fatalf("list after the cut feed: %d articles, %v\n%s", len(arts), err, r.stdout)
	}
	if r = veille(t, env, "--db", db, "feeds"); !strings.Contains(r.stdout, "flux mal formé, lu quand même") {
		t.Errorf("feeds does not say the feed is malformed:\n%s", r.stdout)
	}
	if r = veille(t, testEnv(t, "en_US.UTF-8"), "--db", db, "feeds"); !strings.Contains(r.stdout, "malformed feed, read anyway") {
		t.Errorf("feeds in English:\n%s", r.stdout)
	}

	wellFormed.Store(true)
	if r = veille(t, env, "--db", db, "fetch"); r.code != 0 {
		t.Fatalf("fetch of the mended feed: %+v", r)
	}
	r = veille(t, env, "--db", db, "feeds")
	if strings.Contains(r.stdout, "mal formé") || !strings.Contains(r.stdout, " ok") {
		t.Errorf("the mark did not clear once the feed parsed strictly:\n%s", r.stdout)
	}
}
