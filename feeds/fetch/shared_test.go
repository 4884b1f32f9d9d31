package fetch_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"veille/feeds"
	"veille/feeds/fetch"
	"veille/feeds/fulltext"
)

// site counts, as a web site would see them, the requests in flight on each loopback host,
// feeds and pages apart. The first page request on each host is held until a feed request
// reaches that host too (or the refresh is over), so that feeds and pages do meet on a host
// whatever the scheduling: the limits are checked where they could be broken.
type site struct {
	mu                          sync.Mutex
	feeds, pages                map[string]int // in flight now, per host
	maxHost, maxPages, maxAll   int
	all                         int
	met                         int // times a request started while the other kind was in flight on its host
	firstPage, feedSeen         map[string]chan struct{}
	firstPageOnce, feedSeenOnce map[string]*sync.Once
	refreshDone                 chan struct{}
	feedsServed, pagesServed    int
	delay                       time.Duration
	articleHTML                 []byte
}

func newSite(hosts []string) *site {
	s := &site{feeds: map[string]int{}, pages: map[string]int{}, firstPage: map[string]chan struct{}{},
		feedSeen: map[string]chan struct{}{}, firstPageOnce: map[string]*sync.Once{}, feedSeenOnce: map[string]*sync.Once{},
		refreshDone: make(chan struct{}), delay: 3 * time.Millisecond}
	for _, h := range hosts {
		s.firstPage[h], s.feedSeen[h] = make(chan struct{}), make(chan struct{})
		s.firstPageOnce[h], s.feedSeenOnce[h] = &sync.Once{}, &sync.Once{}
	}
	var b strings.Builder
	b.WriteString("<!doctype html><html lang=\"fr\"><head><title>Un article</title></head><body><article><h1>Un article</h1>")
	for i := range 12 {
		fmt.Fprintf(&b, "<p>Paragraphe %d. Les modèles de langage français progressent, et les rédactions "+
			"s’interrogent sur leur usage : vérification des faits, traduction, résumés, avec prudence.</p>", i)
	}
	b.WriteString("</article></body></html>")
	s.articleHTML = []byte(b.String())
	return s
}

func (s *site) handler(host string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page := strings.HasPrefix(r.URL.Path, "/article/")
		s.mu.Lock()
		mine, other := s.feeds, s.pages
		if page {
			mine, other = s.pages, s.feeds
		}
		if other[host] > 0 {
			s.met++
		}
		mine[host]++
		s.all++
		s.maxHost = max(s.maxHost, s.feeds[host]+s.pages[host])
		s.maxPages = max(s.maxPages, s.pages[host])
		s.maxAll = max(s.maxAll, s.all)
		s.mu.Unlock()
		defer func() {
			s.mu.Lock()
			mine[host]--
			s.all--
			s.mu.Unlock()
		}()

		if page {
			first := false
			s.firstPageOnce[host].Do(func() { first = true; close(s.firstPage[host]) })
			if first {
				select {
				case <-s.feedSeen[host]:
				case <-s.refreshDone:
				case <-r.Context().Done():
				}
			}
			time.Sleep(s.delay)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(s.articleHTML)
			s.mu.Lock()
			s.pagesServed++
			s.mu.Unlock()
			return
		}
		s.feedSeenOnce[host].Do(func() { close(s.feedSeen[host]) })
		time.Sleep(s.delay)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>%s</title></channel></rss>`, r.URL.Path)
		s.mu.Lock()
		s.feedsServed++
		s.mu.Unlock()
	})
}

// memoryStore keeps what a refresh saves; the refresh calls it from one goroutine.
type memoryStore struct{ saved, states int }

func (m *memoryStore) SaveRefreshes(_ context.Context, us []feeds.FeedUpdate, _ time.Time) ([]feeds.SaveResult, error) {
	m.saved += len(us)
	return make([]feeds.SaveResult, len(us)), nil
}

func (m *memoryStore) SaveFeedStates(_ context.Context, fs []feeds.Feed) error {
	m.states += len(fs)
	return nil
}

// TestFeedsAndPagesShareHostLimits runs a refresh and a page enricher at once on one Fetcher
// against three loopback sites, and checks what the sites saw: never more than per_host
// requests at once on one of them, never two pages at once, never more than parallel in all,
// and both runs complete. Only counts are checked, never durations.
func TestFeedsAndPagesShareHostLimits(t *testing.T) {
	// Three sites of 2 could take 6 requests at once: a parallel of 5 is a limit to hold.
	const perHost, parallel = 2, 5
	const feedsPerHost, pagesPerHost = 10, 8
	ips := []string{"127.0.0.1", "127.0.0.2", "127.0.0.3"}
	s := newSite(ips)
	var base []string
	for _, ip := range ips {
		ln, err := net.Listen("tcp", ip+":0")
		if err != nil {
			t.Skipf("cannot listen on %s: %v", ip, err)
		}
		srv := httptest.NewUnstartedServer(s.handler(ip))
		srv.Listener.Close()
		srv.Listener = ln
		srv.Start()
		t.Cleanup(srv.Close)
		base = append(base, srv.URL)
	}
	f := fetch.New(fetch.Options{UserAgent: "veille-test", PerHost: perHost, Parallel: parallel, Timeout: 20 * time.Second})

	var subs []feeds.Feed
	var cands []feeds.PageCandidate
	for h, u := range base {
		for i := range feedsPerHost {
			subs = append(subs, feeds.Feed{ID: int64(len(subs) + 1), URL: fmt.Sprintf("%s/feed/%d", u, i)})
		}
		for i := range pagesPerHost {
			cands = append(cands, feeds.PageCandidate{ID: int64(h*100 + i), URL: fmt.Sprintf("%s/article/%d", u, i)})
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	type pagesResult struct {
		sum    feeds.PageSummary
		err    error
		saved  int
		failed []string
	}
	pagesDone := make(chan pagesResult, 1)
	go func() {
		var res pagesResult
		e := &fulltext.Enricher{Fetcher: f, Parallel: 4} // PerHost 1, as in production
		res.sum, res.err = e.Run(ctx, cands, func(_ context.Context, c feeds.PageCandidate, p feeds.ArticlePage) error {
			res.saved++
			if p.Source != feeds.TextFromPage {
				res.failed = append(res.failed, fmt.Sprintf("%s: %q %s", c.URL, p.Source, p.Err))
			}
			return nil
		})
		pagesDone <- res
	}()
	// The refresh starts once every site has a page in flight, held there until a feed
	// request reaches the same site.
	for _, ip := range ips {
		select {
		case <-s.firstPage[ip]:
		case <-ctx.Done():
			t.Fatalf("no page request reached %s", ip)
		}
	}
	store := &memoryStore{}
	r := &feeds.Refresher{
		Fetcher: f,
		Parse: func(body []byte, ct, u, _ string, now time.Time) (feeds.ParsedFeed, error) {
			return feeds.ParsedFeed{Title: u, Articles: []feeds.Article{{Key: u, Title: "Article"}}}, nil
		},
		Store: store,
	}
	sum, err := r.Refresh(ctx, subs)
	close(s.refreshDone)
	pages := <-pagesDone

	if err != nil || sum.OK != len(subs) || store.saved != len(subs) {
		t.Errorf("refresh: %+v, %v; %d saved; want %d feeds OK", sum, err, store.saved, len(subs))
	}
	if pages.err != nil || pages.sum.Pages != len(cands) || pages.saved != len(cands) {
		t.Errorf("pages: %+v, %v; %d saved; want %d pages; %v", pages.sum, pages.err, pages.saved, len(cands), pages.failed)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.feedsServed != len(subs) || s.pagesServed != len(cands) {
		t.Errorf("the sites served %d feeds and %d pages, want %d and %d", s.feedsServed, s.pagesServed, len(subs), len(cands))
	}
	if s.maxHost > perHost {
		t.Errorf("a site had %d requests at once, feeds and pages together; the limit is %d", s.maxHost, perHost)
	}
	if s.maxPages > 1 {
		t.Errorf("a site had %d pages requested at once, want 1", s.maxPages)
	}
	if s.maxAll > parallel {
		t.Errorf("%d requests at once in all, the limit is %d", s.maxAll, parallel)
	}
	// The held first pages make feeds and pages meet on every site: without it the limits
	// above would be checked on runs that never shared a site.
	if s.met < len(ips) {
		t.Errorf("feeds and pages met %d times on a site, want at least %d", s.met, len(ips))
	}
	t.Logf("at most %d requests per site, %d in all; feeds and pages met %d times", s.maxHost, s.maxAll, s.met)
}
