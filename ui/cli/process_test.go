package cli

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"veille/feeds"
	"veille/feeds/remote/remotetest"
	"veille/storage"
)

// TestMain lets a test start this test binary as the real veille process.
func TestMain(m *testing.M) {
	if os.Getenv("VEILLE_TEST_AS_MAIN") == "1" {
		args := strings.Fields(os.Getenv("VEILLE_TEST_ARGS"))
		os.Exit(Run(context.Background(), args, os.Stdout, os.Stderr, os.Getenv))
	}
	remotetest.Main(m) // runs the tests, then stops the shared PostgreSQL of sync_test.go
}

// veilleProcess prepares the test binary to run as `veille args…` in its own process.
func veilleProcess(env map[string]string, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = []string{"VEILLE_TEST_AS_MAIN=1", "VEILLE_TEST_ARGS=" + strings.Join(args, " ")}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	return cmd
}

// bigFeed is a feed of n items with long French text, so that saving it takes a while.
func bigFeed(w http.ResponseWriter, feed, n int) {
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	fmt.Fprintf(w, rssHeader, fmt.Sprintf("Flux %d", feed), "https://example.fr")
	para := strings.Repeat("<p>Le règlement européen sur l’intelligence artificielle encadre les modèles à usage général. </p>", 12)
	date := time.Now().Add(-time.Hour).Format(time.RFC1123Z)
	for i := range n {
		fmt.Fprint(w, rssItem(fmt.Sprintf("f%d-i%d", feed, i), fmt.Sprintf("Article %d du flux %d", i, feed),
			fmt.Sprintf("https://example.fr/%d/%d", feed, i), date, "Résumé de l’article.", para))
	}
	fmt.Fprint(w, "</channel></rss>")
}

// TestKilledMidRefreshLeavesAHealthyCache kills a real `veille fetch` with SIGKILL while it
// writes, then checks the cache: it opens, passes integrity_check, holds every feed either
// whole or not at all, and the next fetch completes it with nothing lost.
func TestKilledMidRefreshLeavesAHealthyCache(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	const nFeeds, nItems = 40, 150
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var feed int
		fmt.Sscanf(r.URL.Path, "/feed/%d", &feed)
		bigFeed(w, feed, nItems)
	}))
	defer srv.Close()
	env := testEnv(t, "en_US.UTF-8")
	db := filepath.Join(t.TempDir(), "veille.db")
	ctx := context.Background()

	store, err := storage.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	var subs []feeds.Feed
	for i := range nFeeds {
		subs = append(subs, feeds.Feed{URL: fmt.Sprintf("%s/feed/%d", srv.URL, i)})
	}
	if _, err := store.AddFeeds(ctx, subs, time.Now()); err != nil {
		t.Fatal(err)
	}

	cmd := veilleProcess(env, "--db", db, "fetch")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it once some feeds are saved and others are not.
	deadline := time.Now().Add(20 * time.Second)
	for {
		total, _, err := store.CountArticles(ctx, feeds.Query{})
		if err == nil && total >= nItems*3 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("the child never saved 3 feeds (%d articles, %v)", total, err)
		}
		time.Sleep(2 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	store.Close()

	store, err = storage.Open(ctx, db)
	if err != nil {
		t.Fatalf("the cache does not open after a kill: %v", err)
	}
	defer store.Close()
	if err := store.Check(ctx); err != nil {
		t.Fatalf("integrity check after a kill: %v", err)
	}
	saved, err := store.Feeds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	complete := 0
	for _, f := range saved {
		switch f.Articles {
		case nItems:
			complete++
		case 0:
		default:
			t.Errorf("feed %s holds %d of its %d articles: a half-written feed", f.URL, f.Articles, nItems)
		}
	}
	if complete == nFeeds {
		t.Log("the child finished before the kill; the test proved less than it should")
	}
	t.Logf("killed with %d of %d feeds saved", complete, nFeeds)

	if r := veille(t, env, "--db", db, "fetch"); r.code != 0 {
		t.Fatalf("fetch after a kill: %+v", r)
	}
	total, _, err := store.CountArticles(ctx, feeds.Query{})
	if err != nil || total != nFeeds*nItems {
		t.Errorf("after a complete fetch: %d articles (%v), want %d", total, err, nFeeds*nItems)
	}
}
