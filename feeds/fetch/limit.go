package fetch

import (
	"context"
	"slices"
	"sync"

	"veille/feeds"
)

// HostLimiter bounds the requests in flight: at most perHost to one host (feeds.HostKey) and
// at most parallel in all. The refresh and the page enricher take their slots from the same
// limiter, the one their shared Fetcher owns, so that a site never gets more than perHost
// requests from veille at once, whichever of them is running.
//
// A request may ask for a lower cap on its host than perHost (most): it takes its host slot
// only while fewer than most requests, of any kind, hold one there. Article pages pass 1: a
// page takes its site's slot only when the site has none taken, so there is never more than
// one page in flight per site, and a feed may still join a page under way, within perHost.
//
// A request first waits for its host, then for a global slot, so that a request waiting for
// a busy host never holds a global slot that a request to an idle host could use. Waiters on
// one host are served in arrival order, except that one whose cap is reached lets those
// behind it pass.
type HostLimiter struct {
	perHost int
	global  chan struct{}

	mu    sync.Mutex
	hosts map[string]*hostSlots // only hosts with requests in flight or waiting
}

type hostSlots struct {
	inFlight int
	waiting  []*hostWaiter // in arrival order
}

type hostWaiter struct {
	most    int
	ready   chan struct{} // closed once the slot is granted
	granted bool          // under HostLimiter.mu
}

// Defaults of the limits, as documented for [fetch] parallel and per_host.
const (
	defaultParallel = 8
	defaultPerHost  = 2
)

// NewHostLimiter returns a limiter of perHost requests per host and parallel in all; zero or
// less means the default (2 and 8).
func NewHostLimiter(perHost, parallel int) *HostLimiter {
	if perHost <= 0 {
		perHost = defaultPerHost
	}
	if parallel <= 0 {
		parallel = defaultParallel
	}
	return &HostLimiter{perHost: perHost, global: make(chan struct{}, parallel), hosts: map[string]*hostSlots{}}
}

// Acquire waits for a slot on rawURL's host, taken while fewer than most requests hold one
// there (0, or more than the per-host limit, means the per-host limit), then for a global
// slot. It returns the function that gives both back when the request is over (calling it
// again does nothing), or ctx's error if ctx ends first.
func (l *HostLimiter) Acquire(ctx context.Context, rawURL string, most int) (release func(), err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if most <= 0 || most > l.perHost {
		most = l.perHost
	}
	key := feeds.HostKey(rawURL)
	if err := l.acquireHost(ctx, key, most); err != nil {
		return nil, err
	}
	select {
	case l.global <- struct{}{}:
	case <-ctx.Done():
		l.releaseHost(key)
		return nil, ctx.Err()
	}
	var once sync.Once // a second call must not give back someone else's slots
	return func() {
		once.Do(func() {
			<-l.global
			l.releaseHost(key)
		})
	}, nil
}

func (l *HostLimiter) acquireHost(ctx context.Context, key string, most int) error {
	l.mu.Lock()
	h := l.hosts[key]
	if h == nil {
		h = &hostSlots{}
		l.hosts[key] = h
	}
	// No waiter could take a slot now (releaseHost grants every waiter it can), so taking
	// one directly overtakes nobody.
	if h.inFlight < most {
		h.inFlight++
		l.mu.Unlock()
		return nil
	}
	w := &hostWaiter{most: most, ready: make(chan struct{})}
	h.waiting = append(h.waiting, w)
	l.mu.Unlock()

	select {
	case <-w.ready:
		return nil
	case <-ctx.Done():
	}
	l.mu.Lock()
	if w.granted {
		// Granted while ctx ended: give the slot back to the next waiter.
		l.mu.Unlock()
		l.releaseHost(key)
		return ctx.Err()
	}
	if i := slices.Index(h.waiting, w); i >= 0 {
		h.waiting = slices.Delete(h.waiting, i, i+1)
	}
	l.mu.Unlock()
	return ctx.Err()
}

func (l *HostLimiter) releaseHost(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	h := l.hosts[key]
	h.inFlight--
	for i := 0; i < len(h.waiting); {
		w := h.waiting[i]
		if h.inFlight >= w.most {
			i++
			continue
		}
		h.inFlight++
		w.granted = true
		close(w.ready)
		h.waiting = slices.Delete(h.waiting, i, i+1)
	}
	if h.inFlight == 0 && len(h.waiting) == 0 {
		delete(l.hosts, key)
	}
}
