package cli

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestReaderEndToEnd builds veille and drives the reader in tmux as a user would, against a
// small French press served on 127.0.0.1: first start (the cache fills in the background),
// tabs, an article, a filter, a star, quit; then a start offline that finds the star again.
// It needs tmux; outside CI it is skipped without it, in CI (CI set) it must run.
func TestReaderEndToEnd(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") == "" {
			t.Skip("tmux is not installed")
		}
		t.Fatal("tmux is needed in CI (.ci/run installs it)")
	}
	if testing.Short() && os.Getenv("CI") == "" {
		t.Skip("builds and drives the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "veille")
	if out, err := exec.Command("go", "build", "-o", bin, "veille").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	press := e2ePress(t)
	home := filepath.Join(dir, "home")
	env := []string{"HOME=" + home, "XDG_DATA_HOME=" + filepath.Join(home, "data"),
		"XDG_CONFIG_HOME=" + filepath.Join(home, "config"), "LANG=fr_FR.UTF-8", "BROWSER=true"}
	db := filepath.Join(dir, "veille.db")

	opml := filepath.Join(dir, "abonnements.opml")
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><opml version="2.0"><head><title>veille</title></head><body><outline text="Tech">`)
	for _, name := range []string{"numerama", "next", "actuia"} {
		fmt.Fprintf(&b, `<outline type="rss" text="%s" xmlUrl="%s/%s/feed/"/>`, name, press.URL, name)
	}
	b.WriteString(`</outline></body></opml>`)
	if err := os.WriteFile(opml, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	imp := exec.Command(bin, "--db", db, "feeds", "import", opml)
	imp.Env = env
	if out, err := imp.CombinedOutput(); err != nil {
		t.Fatalf("feeds import: %v\n%s", err, out)
	}

	tm := newTmux(t)
	// The shell prints the exit status once the reader has left the alternate screen.
	tm.start(env, bin+" --db "+db+"; echo \"sortie=$?\"; sleep 600")
	tm.waitFor("the reader, its list refreshed", func(s string) bool {
		return strings.Contains(s, "[À la une") && strings.Contains(s, "Mistral AI publie un modèle à poids ouverts") &&
			strings.Contains(s, "nouveaux articles")
	})
	tm.waitFor("the tab bar with counts", func(s string) bool { return strings.Contains(s, "[À la une 3]") })

	tm.keys("Tab")
	tm.waitFor("the Non lus tab", func(s string) bool { return strings.Contains(s, "[Non lus 3]") })
	tm.keys("1")
	tm.waitFor("back on À la une, on stories", func(s string) bool {
		return strings.Contains(s, "[À la une") && strings.Contains(s, "1 source : Numerama")
	})
	// v: the front page on articles, as the rest of this test reads it.
	tm.keys("v")
	tm.waitFor("À la une on articles", func(s string) bool { return strings.Contains(s, "▸") })

	tm.keys("Enter")
	tm.waitFor("the article", func(s string) bool {
		return strings.Contains(s, "publie un modèle sous licence Apache 2.0") && strings.Contains(s, "Numerama · Rédaction")
	})
	tm.keys("s")
	tm.waitFor("the star", func(s string) bool { return strings.Contains(s, "ajouté aux favoris") })
	tm.keys("y")
	tm.waitFor("the copy", func(s string) bool { return strings.Contains(s, "lien copié") })
	if buf := tm.run("show-buffer"); !strings.Contains(buf, press.URL+"/articles/mistral.html") {
		t.Errorf("tmux's paste buffer holds %q, not the article's link", buf)
	}
	tm.keys("Escape")
	tm.waitFor("the list again", func(s string) bool { return strings.Contains(s, "▸ ★") })

	tm.keys("/")
	tm.literal("=next")
	tm.keys("Enter")
	tm.waitFor("the filtered list", func(s string) bool {
		return strings.Contains(s, "/ =next") && strings.Contains(s, "La CNIL inflige une amende") && !strings.Contains(s, "Mistral AI publie")
	})
	tm.keys("/")
	tm.literal(" @7x")
	tm.waitFor("the filter error", func(s string) bool {
		return strings.Contains(s, "✗ requête") && strings.Contains(s, "@7x") && strings.Contains(s, "durée inconnue")
	})
	tm.keys("Escape", "Escape")
	tm.waitFor("the filter cleared", func(s string) bool {
		return strings.Contains(s, "Mistral AI publie") && !strings.Contains(s, "/ =next")
	})

	tm.keys("q")
	tm.waitFor("a clean exit", func(s string) bool { return strings.Contains(s, "sortie=0") })
	tm.kill()

	// Again, offline: the cache is all there is, and the star is still there.
	tm = newTmux(t)
	tm.start(env, bin+" --db "+db+" --offline; echo \"sortie=$?\"; sleep 600")
	tm.waitFor("the cached list, offline", func(s string) bool {
		return strings.Contains(s, "Mistral AI publie") && strings.Contains(s, "hors ligne")
	})
	tm.keys("7")
	tm.waitFor("the star in Favoris", func(s string) bool {
		return strings.Contains(s, "[Favoris]") && strings.Contains(s, "★") && strings.Contains(s, "Mistral AI publie") &&
			!strings.Contains(s, "La CNIL")
	})
	tm.keys("R")
	tm.waitFor("no refresh offline", func(s string) bool { return strings.Contains(s, "hors ligne : pas de mise à jour") })
	tm.keys("q")
	tm.waitFor("a clean exit", func(s string) bool { return strings.Contains(s, "sortie=0") })
}

// e2ePress serves three French feeds on 127.0.0.1.
func e2ePress(t *testing.T) *httptest.Server {
	recent := time.Now().Add(-90 * time.Minute)
	item := func(w http.ResponseWriter, base, guid, title, path, body string, age time.Duration) {
		fmt.Fprintf(w, `<item><guid isPermaLink="false">%s</guid><title>%s</title><link>%s%s</link>
<pubDate>%s</pubDate><dc:creator>Rédaction</dc:creator><description><![CDATA[%s]]></description>
<content:encoded><![CDATA[<p>%s</p><p>Voir <a href="https://exemple.fr/">la source</a>.</p>]]></content:encoded></item>
`, guid, title, base, path, recent.Add(-age).Format(time.RFC1123Z), body, body)
	}
	var srv *httptest.Server
	mux := http.NewServeMux()
	channel := func(w http.ResponseWriter, title string) {
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>%s</title><link>%s</link><description>Actualité</description>
`, title, srv.URL)
	}
	mux.HandleFunc("/numerama/feed/", func(w http.ResponseWriter, r *http.Request) {
		channel(w, "Numerama")
		item(w, srv.URL, "numerama-1", "Mistral AI publie un modèle à poids ouverts", "/articles/mistral.html",
			"La start-up Mistral AI publie un modèle sous licence Apache 2.0.", 0)
		fmt.Fprint(w, "</channel></rss>")
	})
	mux.HandleFunc("/next/feed/", func(w http.ResponseWriter, r *http.Request) {
		channel(w, "Next")
		item(w, srv.URL, "next-1", "La CNIL inflige une amende à un éditeur", "/articles/cnil.html",
			"Sanction au titre du RGPD.", time.Hour)
		fmt.Fprint(w, "</channel></rss>")
	})
	mux.HandleFunc("/actuia/feed/", func(w http.ResponseWriter, r *http.Request) {
		channel(w, "ActuIA")
		item(w, srv.URL, "actuia-1", "Meta publie Llama 5 en poids ouverts", "/articles/llama.html",
			"Le débat entre modèles ouverts et fermés reprend.", 2*time.Hour)
		fmt.Fprint(w, "</channel></rss>")
	})
	srv = httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// tmux drives one session on a private tmux server, as junegunn/fzf's test harness does.
type tmux struct {
	t      *testing.T
	socket string
}

func newTmux(t *testing.T) *tmux {
	tm := &tmux{t: t, socket: fmt.Sprintf("veille-e2e-%d-%d", os.Getpid(), time.Now().UnixNano())}
	t.Cleanup(tm.kill)
	return tm
}

func (tm *tmux) run(args ...string) string {
	tm.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", tm.socket, "-f", "/dev/null", "-u"}, args...)...).CombinedOutput()
	if err != nil {
		tm.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// start runs a shell command in a new 100×30 session with the environment env.
func (tm *tmux) start(env []string, command string) {
	tm.t.Helper()
	args := []string{"new-session", "-d", "-s", "veille", "-x", "100", "-y", "30"}
	for _, e := range env {
		args = append(args, "-e", e)
	}
	tm.run(append(args, command)...)
}

func (tm *tmux) keys(keys ...string) {
	tm.t.Helper()
	for _, k := range keys {
		tm.run("send-keys", "-t", "veille", k)
	}
}

// literal types text as is.
func (tm *tmux) literal(text string) {
	tm.t.Helper()
	tm.run("send-keys", "-t", "veille", "-l", text)
}

func (tm *tmux) capture() string {
	tm.t.Helper()
	return tm.run("capture-pane", "-p", "-t", "veille")
}

// waitFor polls the pane until cond holds, and dumps it if it never does.
func (tm *tmux) waitFor(what string, cond func(screen string) bool) {
	tm.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var screen string
	for time.Now().Before(deadline) {
		screen = tm.capture()
		if cond(screen) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	tm.t.Fatalf("waiting for %s: not there after 15 s; the pane:\n>>>\n%s\n<<<", what, screen)
}

func (tm *tmux) kill() {
	exec.Command("tmux", "-L", tm.socket, "kill-server").Run() //nolint:errcheck // may be gone already
}
