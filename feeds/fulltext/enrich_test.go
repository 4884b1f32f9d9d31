package fulltext

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"veille/feeds"
	"veille/feeds/fetch"
)

// testFetcher is the real fetcher with timeouts short enough for tests, and host limits above
// every Enricher's of these tests, so that the Enricher's own limits are what they measure.
func testFetcher(maxBody int64) *fetch.Fetcher {
	return fetch.New(fetch.Options{
		PerHost:        8,
		Parallel:       8,
		UserAgent:      "veille-test",
		Timeout:        800 * time.Millisecond,
		ConnectTimeout: 500 * time.Millisecond,
		HeaderTimeout:  400 * time.Millisecond,
		StallTimeout:   300 * time.Millisecond,
		MaxBody:        maxBody,
	})
}

// serveOn starts an httptest server on a given loopback address ("127.0.0.2"): each address
// is a host of its own for the per-host limit, as separate outlets are.
func serveOn(t testing.TB, ip string, h http.Handler) *httptest.Server {
	t.Helper()
	ln, err := net.Listen("tcp", ip+":0")
	if err != nil {
		t.Skipf("cannot listen on %s: %v", ip, err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name + ".html")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// outlet serves the article fixtures and the ways a page can fail.
func outlet(t testing.TB, stop <-chan struct{}) http.Handler {
	mux := http.NewServeMux()
	page := func(name, ct string, status int) http.HandlerFunc {
		body := fixture(t, name)
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ct)
			w.WriteHeader(status)
			w.Write(body)
		}
	}
	mux.Handle("/article", page("frandroid", "text/html; charset=UTF-8", 200))
	mux.Handle("/latin1", page("latin1", "text/html", 200))
	mux.Handle("/abonnes", page("lemonde-paywall", "text/html; charset=utf-8", 200))
	mux.Handle("/challenge", page("cloudflare", "text/html; charset=UTF-8", 200))
	mux.Handle("/challenge-403", page("cloudflare", "text/html; charset=UTF-8", 403))
	mux.Handle("/pdf", page("frandroid", "application/pdf", 200))
	for path, status := range map[string]int{"/401": 401, "/403": 403, "/451": 451, "/402": 402, "/404": 404, "/500": 500, "/503": 503} {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(status)
			fmt.Fprintf(w, "<html><body><h1>%d</h1></body></html>", status)
		})
	}
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/article?utm_source=rss", http.StatusFound)
	})
	// A page that sends its headers and the start of its body, then nothing.
	mux.HandleFunc("/hang", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html><body><article><p>Le début d’un article qui ne vient jamais"))
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-stop:
		}
	})
	// A page that never even answers.
	mux.HandleFunc("/silent", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-stop:
		}
	})
	// A page far over the cap, sent as fast as the client reads.
	mux.HandleFunc("/huge", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html><body><article>"))
		chunk := []byte(strings.Repeat("<p>Un paragraphe de remplissage qui se répète encore et encore.</p>\n", 100))
		for range 400 { // about 2.7 MB
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	return mux
}

func TestEnrichOutcomes(t *testing.T) {
	stop := make(chan struct{})
	srv := serveOn(t, "127.0.0.1", outlet(t, stop))
	defer close(stop)

	type want struct {
		source feeds.TextSource
		err    string // a substring of Err; "" when Err must be empty
		url    string // the ArticlePage's URL, when it is not the candidate's
	}
	cases := map[string]want{
		"/article":       {source: feeds.TextFromPage},
		"/latin1":        {source: feeds.TextFromPage},
		"/moved":         {source: feeds.TextFromPage, url: "/article?utm_source=rss"},
		"/abonnes":       {source: feeds.TextPaywall},
		"/challenge":     {source: feeds.TextBlocked},
		"/challenge-403": {source: feeds.TextBlocked},
		"/401":           {source: feeds.TextBlocked},
		"/403":           {source: feeds.TextBlocked},
		"/451":           {source: feeds.TextBlocked},
		"/402":           {source: feeds.TextPaywall},
		"/404":           {err: "404"},
		"/500":           {err: "500"},
		"/503":           {err: "503"},
		"/pdf":           {err: "not an HTML page"},
		"/hang":          {err: "timeout"},
		"/silent":        {err: "timeout"},
		"/huge":          {err: "cap"}, // the fetcher's 256 KiB cap
	}
	var cands []feeds.PageCandidate
	byURL := map[string]string{}
	i := int64(0)
	for path := range cases {
		i++
		u := srv.URL + path
		cands = append(cands, feeds.PageCandidate{ID: i, FeedID: 1, URL: u, TextLen: 300})
		byURL[u] = path
	}

	var mu sync.Mutex
	got := map[string]feeds.ArticlePage{}
	var inSave atomic.Int32
	var progress []int
	e := &Enricher{Fetcher: testFetcher(256 << 10), Parallel: 8, PerHost: 8,
		Progress: func(done, total int) { progress = append(progress, done) }}
	start := time.Now()
	sum, err := e.Run(context.Background(), cands, func(ctx context.Context, c feeds.PageCandidate, p feeds.ArticlePage) error {
		if inSave.Add(1) != 1 {
			t.Error("save called concurrently")
		}
		defer inSave.Add(-1)
		mu.Lock()
		got[byURL[c.URL]] = p
		mu.Unlock()
		return nil
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Run took %s: the fetcher's timeouts did not cut the slow pages", d)
	}
	for path, w := range cases {
		p, ok := got[path]
		if !ok {
			t.Errorf("%s: never saved", path)
			continue
		}
		if p.Source != w.source {
			t.Errorf("%s: Source = %q, want %q (Err %q)", path, p.Source, w.source, p.Err)
		}
		switch {
		case w.err == "" && p.Err != "":
			t.Errorf("%s: Err = %q, want none", path, p.Err)
		case w.err != "" && !strings.Contains(p.Err, w.err):
			t.Errorf("%s: Err = %q, want it to mention %q", path, p.Err, w.err)
		}
		wantURL := srv.URL + path
		if w.url != "" {
			wantURL = srv.URL + w.url
		}
		if p.URL != wantURL {
			t.Errorf("%s: URL = %q, want %q", path, p.URL, wantURL)
		}
		if p.Source != feeds.TextFromPage && (p.Content != "" || p.Text != "") {
			t.Errorf("%s: a %q outcome carries text; the teaser must stay", path, p.Source)
		}
		if p.Source == feeds.TextFromPage && (p.Content == "" || len(p.Text) < 500) {
			t.Errorf("%s: page outcome without the article: %q", path, p.Text)
		}
	}
	if want := (feeds.PageSummary{Pages: 3, Blocked: 5, Paywalled: 2, Failed: 7}); sum != want {
		t.Errorf("Summary = %+v, want %+v", sum, want)
	}
	if len(progress) != len(cands) || progress[len(progress)-1] != len(cands) {
		t.Errorf("Progress calls = %v, want 1…%d", progress, len(cands))
	}
}

// fakeFetcher serves pages from memory, so the teaser rules can be tested without a server.
// It limits nothing.
type fakeFetcher map[string][]byte

func (f fakeFetcher) Acquire(context.Context, string, int) (func(), error) { return func() {}, nil }

func (f fakeFetcher) Fetch(ctx context.Context, req feeds.FetchRequest) (*feeds.FetchResponse, error) {
	b, ok := f[req.URL]
	if !ok {
		return nil, &feeds.FeedError{Kind: feeds.ErrHTTPStatus, Status: 404, Err: errors.New("fetch " + req.URL + ": 404")}
	}
	return &feeds.FetchResponse{Status: 200, Body: b, ContentType: "text/html", FinalURL: req.URL}, nil
}

// TestEnrichNeverATeaser: a page whose text is no longer than a paywalled feed's teaser is
// that teaser again, and a page shorter than the feed's text lost the article; neither
// replaces the feed's text.
func TestEnrichNeverATeaser(t *testing.T) {
	art := fixture(t, "frandroid")
	full, err := Extract(art, "https://www.frandroid.com/a")
	if err != nil {
		t.Fatal(err)
	}
	n := len([]rune(full.Text))
	f := fakeFetcher{"https://www.frandroid.com/a": art}
	for _, tc := range []struct {
		name string
		c    feeds.PageCandidate
		want feeds.TextSource
	}{
		{"teaser", feeds.PageCandidate{URL: "https://www.frandroid.com/a", TextLen: 300}, feeds.TextFromPage},
		{"paywalled teaser, page much longer", feeds.PageCandidate{URL: "https://www.frandroid.com/a", TextLen: 300, Paywalled: true}, feeds.TextFromPage},
		{"paywalled teaser as long as the page", feeds.PageCandidate{URL: "https://www.frandroid.com/a", TextLen: n - 100, Paywalled: true}, feeds.TextPaywall},
		{"feed longer than the page", feeds.PageCandidate{URL: "https://www.frandroid.com/a", TextLen: n * 2}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got feeds.ArticlePage
			_, err := (&Enricher{Fetcher: f}).Run(context.Background(), []feeds.PageCandidate{tc.c},
				func(_ context.Context, _ feeds.PageCandidate, p feeds.ArticlePage) error { got = p; return nil })
			if err != nil {
				t.Fatal(err)
			}
			if got.Source != tc.want {
				t.Errorf("Source = %q, want %q (Err %q)", got.Source, tc.want, got.Err)
			}
			if tc.want != feeds.TextFromPage && got.Text != "" {
				t.Errorf("text kept from a page that is no article: %d characters", len(got.Text))
			}
		})
	}
}

// perHostCounter counts the requests in flight on each server and overall.
type perHostCounter struct {
	mu              sync.Mutex
	now             map[string]int
	maxHost, maxAll int
	all             int
	delay           time.Duration
	body            []byte
}

func (c *perHostCounter) handler(host string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.mu.Lock()
		c.now[host]++
		c.all++
		c.maxHost = max(c.maxHost, c.now[host])
		c.maxAll = max(c.maxAll, c.all)
		c.mu.Unlock()
		time.Sleep(c.delay)
		c.mu.Lock()
		c.now[host]--
		c.all--
		c.mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(c.body)
	})
}

func TestEnrichPerHost(t *testing.T) {
	c := &perHostCounter{now: map[string]int{}, delay: 20 * time.Millisecond, body: fixture(t, "numerama")}
	var cands []feeds.PageCandidate
	for h := 1; h <= 3; h++ {
		ip := fmt.Sprintf("127.0.0.%d", h)
		srv := serveOn(t, ip, c.handler(ip))
		for i := range 6 {
			cands = append(cands, feeds.PageCandidate{ID: int64(len(cands)), URL: fmt.Sprintf("%s/a/%d", srv.URL, i), TextLen: 200})
		}
	}
	e := &Enricher{Fetcher: testFetcher(1 << 20), Parallel: 4, PerHost: 1}
	sum, err := e.Run(context.Background(), cands, func(context.Context, feeds.PageCandidate, feeds.ArticlePage) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if sum.Pages != len(cands) {
		t.Errorf("Summary = %+v, want %d pages", sum, len(cands))
	}
	if c.maxHost != 1 {
		t.Errorf("up to %d requests at once on one host, want 1", c.maxHost)
	}
	if c.maxAll < 2 {
		t.Errorf("at most %d request at once over 3 hosts: hosts were not served in parallel", c.maxAll)
	}
}

func TestEnrichCancel(t *testing.T) {
	stop := make(chan struct{})
	defer close(stop)
	srv := serveOn(t, "127.0.0.1", outlet(t, stop))
	// Slow enough that the fetcher's own timeouts cannot end the run before the cancel does.
	f := fetch.New(fetch.Options{Timeout: 30 * time.Second, HeaderTimeout: 30 * time.Second, StallTimeout: 30 * time.Second, PerHost: 4})
	var cands []feeds.PageCandidate
	for i := range 20 {
		cands = append(cands, feeds.PageCandidate{ID: int64(i), URL: fmt.Sprintf("%s/silent?%d", srv.URL, i)})
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	saved := 0
	start := time.Now()
	_, err := (&Enricher{Fetcher: f, PerHost: 4}).Run(ctx, cands, func(context.Context, feeds.PageCandidate, feeds.ArticlePage) error {
		saved++
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Run = %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Run returned %s after the cancel", d)
	}
	if saved != 0 {
		t.Errorf("%d outcomes of cancelled fetches were saved as failures", saved)
	}
}

func TestEnrichSaveError(t *testing.T) {
	f := fakeFetcher{}
	var cands []feeds.PageCandidate
	for i := range 50 {
		u := fmt.Sprintf("https://h%d.example/a", i%5)
		f[u] = fixture(t, "clubic")
		cands = append(cands, feeds.PageCandidate{ID: int64(i), URL: u})
	}
	boom := errors.New("disk full")
	calls := 0
	sum, err := (&Enricher{Fetcher: f}).Run(context.Background(), cands, func(context.Context, feeds.PageCandidate, feeds.ArticlePage) error {
		calls++
		if calls == 3 {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Run = %v, want the save error", err)
	}
	if calls != 3 || sum.Pages != 2 {
		t.Errorf("after a failed save: %d calls, %+v; want 3 calls and 2 pages counted", calls, sum)
	}
}

func TestEnrichEmpty(t *testing.T) {
	sum, err := (&Enricher{Fetcher: fakeFetcher{}}).Run(context.Background(), nil, nil)
	if err != nil || sum != (feeds.PageSummary{}) {
		t.Errorf("Run(nil) = %+v, %v", sum, err)
	}
}
