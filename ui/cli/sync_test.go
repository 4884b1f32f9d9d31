package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	mf "miniflux.app/v2/client"

	"veille/feeds/remote/remotetest"
	"veille/storage"
)

// These tests run veille against a real Miniflux on 127.0.0.1 (feeds/remote/remotetest:
// a throwaway PostgreSQL cluster, the Miniflux go.mod pins as a tool), through both of its
// APIs: the Google Reader one (kind = "greader", what FreshRSS serves too) and its REST one
// (kind = "miniflux").

const syncPasswordVar = "VEILLE_TEST_SYNC_PASSWORD"

// syncSetup is a user with a Miniflux account and an empty veille configured to sync with it.
type syncSetup struct {
	t     testing.TB
	mf    *remotetest.Server
	press *remotetest.Press
	env   map[string]string
	kind  string
	// token, for kind miniflux: an API token instead of the user name and password (Miniflux
	// checks a password with bcrypt on every REST request, ~100 ms; a token is a lookup).
	token string
}

func newSyncSetup(t *testing.T, kind string) *syncSetup {
	s := &syncSetup{t: t, mf: remotetest.Start(t), press: remotetest.NewPress(t), kind: kind}
	s.env = testEnv(t, "fr_FR.UTF-8")
	if kind == "greader" {
		s.mf.EnableGReader()
	}
	s.configure(s.mf.URL, "")
	return s
}

// configure writes config.toml's [sync] for the server at url, with extra TOML after it.
func (s *syncSetup) configure(url, extra string) {
	user, pw := remotetest.Admin, remotetest.Password
	if s.kind == "greader" {
		user, pw = remotetest.GReaderUser, remotetest.GReaderPassword
	}
	if s.token != "" {
		user, pw = "", s.token
	}
	s.env[syncPasswordVar] = pw
	cfg := fmt.Sprintf("[sync]\nkind = %q\nurl = %q\nusername = %q\npassword_env = %q\n%s", s.kind, url, user, syncPasswordVar, extra)
	dir := filepath.Join(s.env["XDG_CONFIG_HOME"], "veille")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		s.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(cfg), 0o600); err != nil {
		s.t.Fatal(err)
	}
}

// useToken makes veille sign in to the REST API with a new API token.
func (s *syncSetup) useToken() {
	s.t.Helper()
	if s.kind != "miniflux" {
		return
	}
	k, err := s.mf.Client.CreateAPIKey("veille")
	if err != nil {
		s.t.Fatal(err)
	}
	s.token = k.Token
	s.configure(s.mf.URL, "")
}

// run runs veille and checks that no password ever shows.
func (s *syncSetup) run(args ...string) result {
	s.t.Helper()
	r := runVeille(s.env, args...)
	for _, pw := range []string{remotetest.Password, remotetest.GReaderPassword, s.token} {
		if pw == "" {
			continue
		}
		if strings.Contains(r.stdout+r.stderr, pw) {
			s.t.Fatalf("veille %v printed the password:\n%s%s", args, r.stdout, r.stderr)
		}
	}
	return r
}

func (s *syncSetup) mustRun(args ...string) result {
	s.t.Helper()
	r := s.run(args...)
	if r.code != 0 {
		s.t.Fatalf("veille %v: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
	}
	return r
}

// store opens veille's cache, as the reader does.
func (s *syncSetup) store() *storage.Store {
	s.t.Helper()
	st, err := storage.Open(context.Background(), filepath.Join(s.env["XDG_DATA_HOME"], "veille", "veille.db"))
	if err != nil {
		s.t.Fatal(err)
	}
	s.t.Cleanup(func() { st.Close() })
	return st
}

type listed struct {
	ID      int64    `json:"id"`
	Feed    string   `json:"feed"`
	Title   string   `json:"title"`
	URL     string   `json:"url"`
	Read    bool     `json:"read"`
	Starred bool     `json:"starred"`
	Tags    []string `json:"tags"`
}

// articles lists veille's articles by URL.
func (s *syncSetup) articles(query ...string) map[string]listed {
	s.t.Helper()
	r := s.mustRun(append(append([]string{"list"}, query...), "--json", "--limit", "0")...)
	var as []listed
	if err := json.Unmarshal([]byte(r.stdout), &as); err != nil {
		s.t.Fatalf("list --json: %v\n%s", err, r.stdout)
	}
	out := map[string]listed{}
	for _, a := range as {
		out[a.URL] = a
	}
	return out
}

// entries lists the server's entries by URL.
func (s *syncSetup) entries() map[string]*mf.Entry {
	s.t.Helper()
	out := map[string]*mf.Entry{}
	for offset := 0; ; offset += 1000 {
		r, err := s.mf.Client.Entries(&mf.Filter{Limit: 1000, Offset: offset, Order: "id"})
		if err != nil {
			s.t.Fatal(err)
		}
		for _, e := range r.Entries {
			out[e.URL] = e
		}
		if len(r.Entries) < 1000 {
			return out
		}
	}
}

// runVeille is veille() for benchmarks too.
func runVeille(env map[string]string, args ...string) result {
	var out, errOut bytes.Buffer
	code := Run(context.Background(), args, &out, &errOut, func(k string) string { return env[k] })
	return result{code, out.String(), errOut.String()}
}

func TestSyncWithMinifluxAsAUserWould(t *testing.T) {
	for _, kind := range []string{"greader", "miniflux"} {
		t.Run(kind, func(t *testing.T) { testSyncAsAUserWould(t, kind) })
	}
}

func testSyncAsAUserWould(t *testing.T, kind string) {
	ctx := context.Background()
	s := newSyncSetup(t, kind)
	s.press.Set("numerama", 30)
	s.press.Set("next", 20)
	s.mf.Subscribe(ctx, s.press.FeedURL("numerama"), "Tech")
	nextID := s.mf.Subscribe(ctx, s.press.FeedURL("next"), "Presse")

	// First sync: the server's subscriptions, categories and unread articles become veille's,
	// and nothing of the default French press list is subscribed.
	r := s.mustRun("sync")
	if !strings.Contains(r.stderr, "50 articles reçus") {
		t.Fatalf("first sync: %s", r.stderr)
	}
	arts := s.articles()
	if len(arts) != 50 {
		t.Fatalf("%d articles after the first sync, want 50", len(arts))
	}
	first := arts[s.press.ItemURL("numerama", 1)]
	if first.Title != remotetest.ItemTitle("numerama", 1) || first.Read || first.Feed != "numerama" {
		t.Fatalf("article as synced: %+v", first)
	}
	if !slices.Contains(first.Tags, "ia") || !slices.Contains(first.Tags, "open-source") {
		t.Fatalf("synced articles go through the tag rules: %v", first.Tags)
	}
	feedsOut := s.mustRun("feeds").stdout
	if strings.Count(feedsOut, "\n") != 3 || !strings.Contains(feedsOut, "numerama") || !strings.Contains(feedsOut, "next") ||
		strings.Contains(feedsOut, "jamais") {
		t.Fatalf("feeds after the first sync:\n%s", feedsOut)
	}
	if got := s.mustRun("feeds", "export").stdout; !strings.Contains(got, `text="Tech"`) || !strings.Contains(got, `text="Presse"`) {
		t.Fatalf("categories did not come down:\n%s", got)
	}

	// Star in veille → starred on the server; read on the server → read in veille.
	store := s.store()
	star := arts[s.press.ItemURL("numerama", 2)]
	if err := store.SetStarred(ctx, []int64{star.ID}, true); err != nil {
		t.Fatal(err)
	}
	entries := s.entries()
	readElsewhere := entries[s.press.ItemURL("next", 3)]
	if err := s.mf.Client.UpdateEntries([]int64{readElsewhere.ID}, "read"); err != nil {
		t.Fatal(err)
	}
	s.mustRun("sync")
	if !s.entries()[s.press.ItemURL("numerama", 2)].Starred {
		t.Fatal("star made in veille did not reach the server")
	}
	arts = s.articles()
	if !arts[s.press.ItemURL("next", 3)].Read {
		t.Fatal("read on the server, still unread in veille")
	}
	if !arts[s.press.ItemURL("numerama", 2)].Starred {
		t.Fatal("the star flipped back")
	}

	// New articles on the server come down at the next refresh (veille fetch syncs).
	s.press.Set("next", 25)
	s.mf.Refresh(ctx, nextID)
	r = s.mustRun("fetch")
	if !strings.Contains(r.stderr, "5 articles reçus") {
		t.Fatalf("fetch with [sync]: %s", r.stderr)
	}

	// The server goes down: veille works from its cache, the change waits, and goes up once
	// the server is back. Meanwhile the server still holds the older state (unread), and the
	// change made in veille wins over it: the article never flips back to unread.
	s.mf.Stop()
	offline := arts[s.press.ItemURL("numerama", 5)]
	unreadAgain := arts[s.press.ItemURL("next", 3)] // read on the server
	if err := store.SetRead(ctx, []int64{offline.ID}, true); err != nil {
		t.Fatal(err)
	}
	if err := store.SetRead(ctx, []int64{unreadAgain.ID}, false); err != nil {
		t.Fatal(err)
	}
	r = s.run("sync")
	if r.code != 1 || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 ||
		!strings.Contains(r.stderr, "serveur injoignable") || !strings.Contains(r.stderr, "2 changements en attente") {
		t.Fatalf("sync with the server down: exit %d, %q", r.code, r.stderr)
	}
	if n := len(s.articles()); n != 55 {
		t.Fatalf("cache after a failed sync: %d articles, want 55", n)
	}
	st := s.mustRun("sync", "--status").stdout
	if !strings.Contains(st, "Changements en attente : 2") || !strings.Contains(st, "serveur injoignable") {
		t.Fatalf("status with the server down:\n%s", st)
	}
	s.mf.Restart()
	s.mustRun("sync")
	entries = s.entries()
	if entries[s.press.ItemURL("numerama", 5)].Status != "read" || entries[s.press.ItemURL("next", 3)].Status != "unread" {
		t.Fatalf("changes made offline did not go up: %s, %s",
			entries[s.press.ItemURL("numerama", 5)].Status, entries[s.press.ItemURL("next", 3)].Status)
	}
	arts = s.articles()
	if !arts[s.press.ItemURL("numerama", 5)].Read || arts[s.press.ItemURL("next", 3)].Read {
		t.Fatal("a change made in veille flipped back")
	}
	st = s.mustRun("sync", "--status").stdout
	if !strings.Contains(st, "Changements en attente : 0") || !strings.Contains(st, "aucune") {
		t.Fatalf("status after the server came back:\n%s", st)
	}

	// Tags: Miniflux keeps no labels on entries (its labels are the folders). A tag added in
	// veille stays local without blocking anything, and the folders never become tags.
	r = s.mustRun("tag", fmt.Sprint(first.ID), "+souverainete")
	if err := store.SetStarred(ctx, []int64{first.ID}, true); err != nil {
		t.Fatal(err)
	}
	s.mustRun("sync")
	if !s.entries()[s.press.ItemURL("numerama", 1)].Starred {
		t.Fatal("a tag change blocked the star behind it")
	}
	st = s.mustRun("sync", "--status").stdout
	if !strings.Contains(st, "Changements en attente : 0") || !strings.Contains(st, "les tags restent locaux") {
		t.Fatalf("status after a tag change on a server without labels:\n%s", st)
	}
	tags := s.mustRun("tags").stdout
	if strings.Contains(tags, "tech") || strings.Contains(tags, "presse") || !strings.Contains(tags, "souverainete") {
		t.Fatalf("tags after sync:\n%s", tags)
	}
}

// A veille user who fetched feeds itself starts syncing: --push-feeds offers veille's own
// subscriptions up, their articles are not duplicated, and what was read or starred before
// goes up instead of being overwritten by the server, which never saw it.
func TestSyncPushFeeds(t *testing.T) {
	for _, kind := range []string{"greader", "miniflux"} {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			s := newSyncSetup(t, kind)
			s.press.Set("numerama", 3)
			s.press.Set("locale", 6)
			s.mf.Subscribe(ctx, s.press.FeedURL("numerama"), "Tech")

			cfg := filepath.Join(s.env["XDG_CONFIG_HOME"], "veille", "config.toml")
			synced, _ := os.ReadFile(cfg)
			os.WriteFile(cfg, nil, 0o600) // no [sync] yet: veille fetches feeds itself
			s.mustRun("feeds", "import", writeOPML(t, s.press.FeedURL("locale")))
			s.mustRun("fetch")
			local := s.articles()
			if len(local) != 6 {
				t.Fatalf("%d articles fetched by veille itself", len(local))
			}
			before := local[s.press.ItemURL("locale", 2)]
			store := s.store()
			store.SetRead(ctx, []int64{before.ID}, true)
			store.SetStarred(ctx, []int64{before.ID}, true)

			os.WriteFile(cfg, synced, 0o600)
			r := s.mustRun("sync", "--push-feeds")
			if !strings.Contains(r.stderr, "1 abonnements proposés au serveur") {
				t.Fatalf("push-feeds: %s", r.stderr)
			}
			fs, err := s.mf.Client.Feeds()
			if err != nil || len(fs) != 2 {
				t.Fatalf("server feeds after --push-feeds: %d, %v", len(fs), err)
			}
			arts := s.articles()
			if len(arts) != 9 {
				t.Fatalf("%d articles after the sync, want 6 + 3, none twice", len(arts))
			}
			if a := arts[s.press.ItemURL("locale", 2)]; a.ID != before.ID || !a.Read || !a.Starred {
				t.Fatalf("the article read and starred before syncing: %+v", a)
			}
			s.mustRun("sync")
			e := s.entries()[s.press.ItemURL("locale", 2)]
			if e.Status != "read" || !e.Starred {
				t.Fatalf("the state veille had did not go up: %s, starred %v", e.Status, e.Starred)
			}
			// Every feed now comes through the server: a fetch fetches none itself.
			if r := s.mustRun("fetch"); !strings.Contains(r.stderr, "synchro") || strings.Contains(r.stderr, "1 flux") {
				t.Fatalf("fetch after the feeds went up: %s", r.stderr)
			}
		})
	}
}

func writeOPML(t *testing.T, urls ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><opml version="2.0"><body>`)
	for _, u := range urls {
		fmt.Fprintf(&b, `<outline type="rss" text="locale" xmlUrl=%q/>`, u)
	}
	b.WriteString(`</body></opml>`)
	p := filepath.Join(t.TempDir(), "feeds.opml")
	if err := os.WriteFile(p, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
