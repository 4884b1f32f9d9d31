package fulltext

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"sync"
	"unicode/utf8"

	"veille/feeds"
)

// Enricher fetches article pages in the background and extracts their text.
//
// Its requests take their slots from the Fetcher's per-host limiter, shared with the
// refresh and with any other Enricher on the same Fetcher: a page request counts against its
// site's [fetch] per_host like a feed request. With PerHost 1 a page takes its site's slot
// only when no other request holds one there: one page per site at a time.
type Enricher struct {
	Fetcher  feeds.Fetcher
	Parallel int                   // pages this run has in flight at once; default 4
	PerHost  int                   // a page starts while fewer requests than this, feeds included, hold its host; default 1, to be polite
	Progress func(done, total int) // optional; called from Run's goroutine after each save
}

const (
	defaultParallel = 4
	defaultPerHost  = 1
)

// Run fetches the candidates' pages and calls save with each outcome as soon as it is known,
// always from Run's own goroutine, so save may write to a single-writer database. Hosts are
// served in turn, so that one outlet with many teasers does not hold the others back.
//
// A 401, 403 or 451 is TextBlocked and a 402 TextPaywall; timeouts, 404, 5xx, oversized or
// non-HTML pages and pages without an article come back with Source "" and Err set, to be
// tried again later. When ctx is cancelled Run stops promptly, saves nothing more, and
// returns ctx's error; when save fails Run stops and returns that error. Either way the
// Summary counts what was saved.
func (e *Enricher) Run(ctx context.Context, cands []feeds.PageCandidate,
	save func(ctx context.Context, c feeds.PageCandidate, p feeds.ArticlePage) error) (feeds.PageSummary, error) {
	var sum feeds.PageSummary
	if len(cands) == 0 {
		return sum, ctx.Err()
	}
	parallel := e.Parallel
	if parallel <= 0 {
		parallel = defaultParallel
	}
	perHost := e.PerHost
	if perHost <= 0 {
		perHost = defaultPerHost
	}

	// runCtx ends with the caller's ctx or at the first failed save.
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()

	q := newQueue(cands, perHost)
	type outcome struct {
		c feeds.PageCandidate
		p feeds.ArticlePage
	}
	// Unbuffered: a worker hands over its outcome and only then takes the next page, so
	// no more pages are in flight than Parallel, and none is fetched after a cancel that
	// would only be thrown away.
	results := make(chan outcome)
	var wg sync.WaitGroup
	for range min(parallel, len(cands)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				c, h, ok := q.next(runCtx)
				if !ok {
					return
				}
				p := e.page(runCtx, c, perHost)
				q.done(h)
				select {
				case results <- outcome{c, p}:
				case <-runCtx.Done():
					return
				}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	// Stop the queue's waiters when ctx ends, whether by the caller or by a failed save.
	stop := context.AfterFunc(runCtx, q.wake)
	defer stop()

	var err error
	done := 0
	for r := range results {
		if runCtx.Err() != nil {
			continue // drain, so that every worker can exit
		}
		if serr := save(runCtx, r.c, r.p); serr != nil {
			err = fmt.Errorf("save page of article %d: %w", r.c.ID, serr)
			cancel()
			continue
		}
		switch r.p.Source {
		case feeds.TextFromPage:
			sum.Pages++
		case feeds.TextBlocked:
			sum.Blocked++
		case feeds.TextPaywall:
			sum.Paywalled++
		default:
			sum.Failed++
		}
		done++
		if e.Progress != nil {
			e.Progress(done, len(cands))
		}
	}
	if err == nil {
		err = ctx.Err()
	}
	return sum, err
}

// page fetches and extracts one candidate's page, holding a request slot of its host (taken
// while fewer than perHost requests hold one) for the fetch only. It never fails: a failure is
// an ArticlePage with Err set, and one caused by the end of ctx is thrown away by Run.
func (e *Enricher) page(ctx context.Context, c feeds.PageCandidate, perHost int) feeds.ArticlePage {
	out := feeds.ArticlePage{URL: c.URL}
	release, err := e.Fetcher.Acquire(ctx, c.URL, perHost)
	if err != nil {
		out.Err = err.Error()
		return out
	}
	resp, err := e.Fetcher.Fetch(ctx, feeds.FetchRequest{URL: c.URL})
	release()
	if err != nil {
		var fe *feeds.FeedError
		if errors.As(err, &fe) {
			switch fe.Status {
			case http.StatusUnauthorized, http.StatusForbidden, http.StatusUnavailableForLegalReasons:
				out.Source = feeds.TextBlocked
				return out
			case http.StatusPaymentRequired:
				out.Source = feeds.TextPaywall
				return out
			}
		}
		out.Err = err.Error()
		return out
	}
	if resp.FinalURL != "" {
		out.URL = resp.FinalURL
	}
	if !htmlType(resp.ContentType) {
		out.Err = fmt.Sprintf("page %s: not an HTML page (%s)", out.URL, resp.ContentType)
		return out
	}
	p, err := extract(resp.Body, resp.ContentType, out.URL)
	if err != nil {
		out.Err = err.Error()
		return out
	}
	if p.Source == feeds.TextFromPage {
		p = notShorter(p, c)
	}
	return p
}

// notShorter keeps a page's text only when it is more than the feed gave. A page no longer
// than a feed teaser that ended in a paywall notice is that teaser again, behind the wall;
// a page shorter than the feed's text lost part of the article in extraction. Neither may
// replace the feed's text.
func notShorter(p feeds.ArticlePage, c feeds.PageCandidate) feeds.ArticlePage {
	n := utf8.RuneCountInString(p.Text)
	switch {
	case c.Paywalled && n < c.TextLen*3/2+200:
		return feeds.ArticlePage{Source: feeds.TextPaywall, URL: p.URL}
	case n*10 < c.TextLen*9:
		return feeds.ArticlePage{URL: p.URL,
			Err: fmt.Sprintf("page %s: extracted %d characters, fewer than the feed's %d", p.URL, n, c.TextLen)}
	}
	return p
}

// htmlType reports whether a Content-Type may hold an article page. An absent or generic
// type is given the benefit of the doubt: the parser copes with anything.
func htmlType(ct string) bool {
	if ct == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return true
	}
	switch mt {
	case "text/html", "application/xhtml+xml", "text/plain", "application/octet-stream":
		return true
	}
	return false
}

// queue hands out candidates so that no host has more than perHost pages of this run in
// flight, taking hosts in turn and each host's candidates in the order given: a worker does
// not wait in the Fetcher's limiter for a host this run already keeps busy while another
// host's pages are pending.
type queue struct {
	mu       sync.Mutex
	cond     *sync.Cond
	hosts    []*hostQueue // round-robin order
	turn     int          // where the round-robin resumes
	left     int          // candidates not yet handed out
	perHost  int
	shutdown bool
}

type hostQueue struct {
	key      string
	pending  []feeds.PageCandidate
	inFlight int
}

func newQueue(cands []feeds.PageCandidate, perHost int) *queue {
	q := &queue{perHost: perHost, left: len(cands)}
	q.cond = sync.NewCond(&q.mu)
	byKey := map[string]*hostQueue{}
	for _, c := range cands {
		k := feeds.HostKey(c.URL)
		h := byKey[k]
		if h == nil {
			h = &hostQueue{key: k}
			byKey[k] = h
			q.hosts = append(q.hosts, h)
		}
		h.pending = append(h.pending, c)
	}
	return q
}

// next blocks until a candidate whose host is below its limit is available, and returns it
// with its host; ok is false when none is left or ctx is done.
func (q *queue) next(ctx context.Context) (c feeds.PageCandidate, h *hostQueue, ok bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for {
		if q.shutdown || ctx.Err() != nil || q.left == 0 {
			return c, nil, false
		}
		for i := range q.hosts {
			h := q.hosts[(q.turn+i)%len(q.hosts)]
			if len(h.pending) > 0 && h.inFlight < q.perHost {
				c = h.pending[0]
				h.pending = h.pending[1:]
				h.inFlight++
				q.left--
				q.turn = (q.turn + i + 1) % len(q.hosts)
				return c, h, true
			}
		}
		q.cond.Wait()
	}
}

// done releases a slot of host h.
func (q *queue) done(h *hostQueue) {
	q.mu.Lock()
	h.inFlight--
	q.mu.Unlock()
	q.cond.Broadcast()
}

// wake releases every waiter for good: the run is over.
func (q *queue) wake() {
	q.mu.Lock()
	q.shutdown = true
	q.mu.Unlock()
	q.cond.Broadcast()
}
