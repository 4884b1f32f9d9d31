package fetch

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"testing"
)

// acquired runs Acquire in a goroutine and hands back its outcome.
type acquired struct {
	release func()
	err     error
}

func acquireAsync(ctx context.Context, l *HostLimiter, rawURL string, most int) <-chan acquired {
	ch := make(chan acquired, 1)
	go func() {
		r, err := l.Acquire(ctx, rawURL, most)
		ch <- acquired{r, err}
	}()
	return ch
}

// waitFor yields until cond, read under the limiter's lock, holds: the tests wait for a
// state, never for a duration.
func waitFor(l *HostLimiter, cond func() bool) {
	for {
		l.mu.Lock()
		ok := cond()
		l.mu.Unlock()
		if ok {
			return
		}
		runtime.Gosched()
	}
}

func waiting(l *HostLimiter, key string) int {
	if h := l.hosts[key]; h != nil {
		return len(h.waiting)
	}
	return 0
}

func inFlight(l *HostLimiter, key string) int {
	if h := l.hosts[key]; h != nil {
		return h.inFlight
	}
	return 0
}

func mustAcquire(t *testing.T, l *HostLimiter, rawURL string, most int) func() {
	t.Helper()
	r, err := l.Acquire(context.Background(), rawURL, most)
	if err != nil {
		t.Fatalf("Acquire(%s, %d): %v", rawURL, most, err)
	}
	return r
}

func TestHostLimiterPerHost(t *testing.T) {
	l := NewHostLimiter(2, 8)
	a1 := mustAcquire(t, l, "http://a.example/1", 0)
	mustAcquire(t, l, "http://A.example:8080/2", 0) // same host: case and port do not matter
	third := acquireAsync(context.Background(), l, "https://a.example/3", 0)
	waitFor(l, func() bool { return waiting(l, "a.example") == 1 })

	// Another host is not held back by a full one.
	b := mustAcquire(t, l, "http://b.example/1", 0)
	b()

	a1()
	r := <-third
	if r.err != nil {
		t.Fatalf("third request on a full host: %v after a release", r.err)
	}
	l.mu.Lock()
	n := inFlight(l, "a.example")
	l.mu.Unlock()
	if n != 2 {
		t.Errorf("%d in flight on a.example, want 2", n)
	}
}

// TestHostLimiterMostOne: a request capped at 1 (an article page) starts only while its host
// is idle, lets uncapped requests (feeds) pass it, and still counts against the host's limit.
func TestHostLimiterMostOne(t *testing.T) {
	l := NewHostLimiter(2, 8)
	feed1 := mustAcquire(t, l, "http://a.example/feed1", 0)
	page := acquireAsync(context.Background(), l, "http://a.example/page", 1)
	waitFor(l, func() bool { return waiting(l, "a.example") == 1 })

	feed2 := mustAcquire(t, l, "http://a.example/feed2", 0) // passes the waiting page
	// A release grants synchronously: the state is settled when it returns.
	feed1()
	l.mu.Lock()
	w, n := waiting(l, "a.example"), inFlight(l, "a.example")
	l.mu.Unlock()
	if w != 1 || n != 1 {
		t.Fatalf("after a release with a feed still in flight: %d waiting, %d in flight; the page must still wait", w, n)
	}
	feed2()
	r := <-page
	if r.err != nil {
		t.Fatal(r.err)
	}

	// With the page in flight a feed may join it, within the host's limit of 2 …
	feed3 := mustAcquire(t, l, "http://a.example/feed3", 0)
	// … and then neither another feed nor another page may start.
	ctx, cancel := context.WithCancel(context.Background())
	feed4 := acquireAsync(ctx, l, "http://a.example/feed4", 0)
	page2 := acquireAsync(ctx, l, "http://a.example/page2", 1)
	waitFor(l, func() bool { return waiting(l, "a.example") == 2 })
	cancel()
	for _, ch := range []<-chan acquired{feed4, page2} {
		if r := <-ch; !errors.Is(r.err, context.Canceled) {
			t.Errorf("a request over the host's limit: err %v, want context.Canceled", r.err)
		}
	}
	feed3()
	r.release()
	l.mu.Lock()
	left := len(l.hosts)
	l.mu.Unlock()
	if left != 0 {
		t.Errorf("%d hosts still tracked after every release", left)
	}
}

func TestHostLimiterGlobal(t *testing.T) {
	l := NewHostLimiter(2, 2)
	a := mustAcquire(t, l, "http://a.example/", 0)
	mustAcquire(t, l, "http://b.example/", 0)
	ctx, cancel := context.WithCancel(context.Background())
	c := acquireAsync(ctx, l, "http://c.example/", 0)
	// It holds its host's slot and waits for a global one.
	waitFor(l, func() bool { return inFlight(l, "c.example") == 1 })
	cancel()
	if r := <-c; !errors.Is(r.err, context.Canceled) {
		t.Fatalf("over the global limit: err %v, want context.Canceled", r.err)
	}
	l.mu.Lock()
	n := inFlight(l, "c.example")
	l.mu.Unlock()
	if n != 0 {
		t.Errorf("a cancelled request kept its host slot (%d in flight)", n)
	}
	d := acquireAsync(context.Background(), l, "http://d.example/", 0)
	a()
	if r := <-d; r.err != nil {
		t.Fatal(r.err)
	}
}

func TestHostLimiterCancelledBefore(t *testing.T) {
	l := NewHostLimiter(2, 8)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := l.Acquire(ctx, "http://a.example/", 0); !errors.Is(err, context.Canceled) {
		t.Errorf("Acquire with a cancelled context: %v", err)
	}
	if len(l.hosts) != 0 || len(l.global) != 0 {
		t.Errorf("a refused Acquire holds slots: %d hosts, %d global", len(l.hosts), len(l.global))
	}
}

// TestHostLimiterConcurrent: many requests, feeds and pages, over three hosts never exceed
// the limits, and no host ever has two pages in flight.
func TestHostLimiterConcurrent(t *testing.T) {
	const perHost, parallel = 2, 4
	l := NewHostLimiter(perHost, parallel)
	var mu sync.Mutex
	now, pages := map[string]int{}, map[string]int{}
	all, maxAll, maxHost, maxPages := 0, 0, 0, 0
	var wg sync.WaitGroup
	for g := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 25 {
				host := fmt.Sprintf("h%d.example", (g+i)%3)
				most := 0
				if g%4 == 0 {
					most = 1
				}
				release, err := l.Acquire(context.Background(), "http://"+host+"/x", most)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				now[host]++
				all++
				maxHost, maxAll = max(maxHost, now[host]), max(maxAll, all)
				if most == 1 {
					pages[host]++
					maxPages = max(maxPages, pages[host])
				}
				mu.Unlock()
				runtime.Gosched()
				mu.Lock()
				if most == 1 {
					pages[host]--
				}
				now[host]--
				all--
				mu.Unlock()
				release()
			}
		}()
	}
	wg.Wait()
	if maxHost > perHost || maxAll > parallel || maxPages > 1 {
		t.Errorf("at most %d per host (limit %d), %d in all (limit %d), %d pages on one host (limit 1)",
			maxHost, perHost, maxAll, parallel, maxPages)
	}
	if len(l.hosts) != 0 || len(l.global) != 0 {
		t.Errorf("after every release: %d hosts tracked, %d global slots held", len(l.hosts), len(l.global))
	}
}
