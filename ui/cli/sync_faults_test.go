package cli

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"veille/feeds/remote/remotetest"
)

// A wrong password, a server answering HTML, a truncated JSON, a 500 and a server that hangs:
// each is one clear line and exit 1, and nothing is lost: the cache and the queued change stay
// as they were, and go up once the server answers again.
func TestSyncBadInput(t *testing.T) {
	for _, kind := range []string{"greader", "miniflux"} {
		t.Run(kind, func(t *testing.T) { testSyncBadInput(t, kind) })
	}
}

func testSyncBadInput(t *testing.T, kind string) {
	ctx := context.Background()
	s := newSyncSetup(t, kind)
	s.press.Set("numerama", 10)
	s.mf.Subscribe(ctx, s.press.FeedURL("numerama"), "")
	proxy := remotetest.NewProxy(t, s.mf.URL)
	const timeouts = "[fetch]\ntimeout = \"1s\"\n"
	s.configure(proxy.URL, timeouts)
	s.mustRun("sync")
	arts := s.articles()
	star := arts[s.press.ItemURL("numerama", 4)]
	if err := s.store().SetStarred(ctx, []int64{star.ID}, true); err != nil {
		t.Fatal(err)
	}

	check := func(what, want string) {
		t.Helper()
		start := time.Now()
		r := s.run("sync")
		line := strings.TrimSpace(r.stderr)
		if r.code != 1 || strings.Contains(line, "\n") || !strings.Contains(line, want) ||
			!strings.Contains(line, "1 changements en attente") {
			t.Fatalf("%s: exit %d, stderr %q, want one line with %q", what, r.code, r.stderr, want)
		}
		if d := time.Since(start); d > 20*time.Second {
			t.Fatalf("%s: took %v", what, d)
		}
		if got := s.articles(); len(got) != 10 || !got[star.URL].Starred {
			t.Fatalf("%s: the cache changed: %d articles", what, len(got))
		}
		if st := s.mustRun("sync", "--status").stdout; !strings.Contains(st, "Changements en attente : 1") || !strings.Contains(st, want) {
			t.Fatalf("%s: status:\n%s", what, st)
		}
	}

	s.env[syncPasswordVar] = "not-the-password"
	check("wrong password", "identifiant ou mot de passe refusé")
	s.configure(proxy.URL, timeouts)
	proxy.SetFault(remotetest.HTML)
	check("HTML", "page HTML")
	proxy.SetFault(remotetest.Truncated)
	check("truncated JSON", "réponse tronquée ou illisible")
	proxy.SetFault(remotetest.Status500)
	check("500", "erreur du serveur")
	proxy.SetFault(remotetest.Hang)
	check("hang", "délai dépassé")

	proxy.SetFault(remotetest.Pass)
	s.mustRun("sync")
	if !s.entries()[star.URL].Starred {
		t.Fatal("the change queued during the failures did not go up")
	}
}

// 2,000 new articles come down in a few requests, not one per article; a sync with nothing
// new asks for no article at all.
func TestSync2000ArticlesInBatches(t *testing.T) {
	for _, kind := range []string{"greader", "miniflux"} {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			s := newSyncSetup(t, kind)
			for i := range 4 {
				name := fmt.Sprintf("flux%d", i)
				s.press.Set(name, 500)
				s.mf.Subscribe(ctx, s.press.FeedURL(name), "Presse")
			}
			s.useToken()
			proxy := remotetest.NewProxy(t, s.mf.URL)
			s.configure(proxy.URL, "")
			start := time.Now()
			r := s.mustRun("sync")
			first, took := proxy.Requests(), time.Since(start)
			if !strings.Contains(r.stderr, "2000 articles reçus") {
				t.Fatalf("sync: %s", r.stderr)
			}
			if n := len(s.articles()); n != 2000 {
				t.Fatalf("%d articles, want 2000", n)
			}
			if first > 40 {
				t.Fatalf("%d requests for 2,000 articles", first)
			}
			start = time.Now()
			s.mustRun("sync")
			again := proxy.Requests() - first
			t.Logf("%s: first sync %d requests in %v; nothing new: %d requests in %v", kind, first, took, again, time.Since(start))
			if again > 10 {
				t.Fatalf("%d requests for a sync with nothing new", again)
			}
		})
	}
}
