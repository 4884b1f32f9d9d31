package feeds

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// countingFetcher answers after a short pause and records how many requests were in flight,
// overall and per host. Its Acquire is a plain limiter of perHostLimit and parallel slots, as
// the real fetcher's is; Fetch checks that every request runs inside a slot of its host.
type countingFetcher struct {
	perHostLimit, parallel int

	mu             sync.Mutex
	inFlight       int
	perHost        map[string]int
	held           map[string]int // slots acquired and not released, per host
	slots          map[string]chan struct{}
	global         chan struct{}
	maxInFlight    int
	maxPerHost     int
	unslotted      int // requests fetched without a slot on their host
	answer         func(req FetchRequest) (*FetchResponse, error)
	requestsServed atomic.Int32
}

func newCountingFetcher(perHost, parallel int, answer func(req FetchRequest) (*FetchResponse, error)) *countingFetcher {
	return &countingFetcher{perHostLimit: perHost, parallel: parallel, answer: answer,
		perHost: map[string]int{}, held: map[string]int{}, slots: map[string]chan struct{}{},
		global: make(chan struct{}, parallel)}
}

func (c *countingFetcher) Acquire(ctx context.Context, rawURL string, most int) (func(), error) {
	h := HostKey(rawURL)
	c.mu.Lock()
	if c.slots[h] == nil {
		c.slots[h] = make(chan struct{}, c.perHostLimit)
	}
	host := c.slots[h]
	c.mu.Unlock()
	if err := acquire(ctx, host); err != nil {
		return nil, err
	}
	if err := acquire(ctx, c.global); err != nil {
		release(host)
		return nil, err
	}
	c.mu.Lock()
	c.held[h]++
	c.mu.Unlock()
	return func() {
		c.mu.Lock()
		c.held[h]--
		c.mu.Unlock()
		release(c.global)
		release(host)
	}, nil
}

func (c *countingFetcher) Fetch(ctx context.Context, req FetchRequest) (*FetchResponse, error) {
	h := HostKey(req.URL)
	c.mu.Lock()
	c.inFlight++
	c.perHost[h]++
	c.maxInFlight = max(c.maxInFlight, c.inFlight)
	c.maxPerHost = max(c.maxPerHost, c.perHost[h])
	if c.perHost[h] > c.held[h] {
		c.unslotted++
	}
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.inFlight--
		c.perHost[h]--
		c.mu.Unlock()
	}()
	c.requestsServed.Add(1)
	select {
	case <-time.After(5 * time.Millisecond):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return c.answer(req)
}

// memoryStore records what a refresh saves.
type memoryStore struct {
	updates []FeedUpdate
	states  [][]Feed
}

func (m *memoryStore) SaveRefreshes(_ context.Context, us []FeedUpdate, _ time.Time) ([]SaveResult, error) {
	res := make([]SaveResult, len(us))
	for i, u := range us {
		m.updates = append(m.updates, u)
		res[i] = SaveResult{New: len(u.Articles)}
	}
	return res, nil
}

func (m *memoryStore) SaveFeedStates(_ context.Context, fs []Feed) error {
	m.states = append(m.states, fs)
	return nil
}

func TestRefreshLimitsAndOutcomes(t *testing.T) {
	var subs []Feed
	for i := range 40 {
		subs = append(subs, Feed{ID: int64(i + 1), URL: fmt.Sprintf("http://127.0.0.%d/feed/%d", i%5+1, i)})
	}
	subs = append(subs, Feed{ID: 99, URL: "http://127.0.0.9/waiting", NextFetch: queryNow.Add(time.Hour)})

	fetcher := newCountingFetcher(2, 4, func(req FetchRequest) (*FetchResponse, error) {
		switch req.URL[len(req.URL)-1:] {
		case "1": // a 304
			return &FetchResponse{Status: 304, NotModified: true}, nil
		case "2":
			return nil, &FeedError{Kind: ErrRateLimited, Status: 429, RetryAfter: time.Hour, Err: errors.New("HTTP 429")}
		case "3":
			return nil, &FeedError{Kind: ErrGone, Status: 410, Err: errors.New("HTTP 410")}
		}
		return &FetchResponse{Status: 200, Body: []byte("<rss/>"), FinalURL: req.URL, ETag: `"v1"`}, nil
	})
	store := &memoryStore{}
	var events int
	r := &Refresher{
		Fetcher: fetcher,
		Parse: func(body []byte, ct, u, _ string, now time.Time) (ParsedFeed, error) {
			return ParsedFeed{Title: "Flux " + u, Articles: []Article{{Key: u, Title: "Article"}}}, nil
		},
		Store:    store,
		Backoff:  func(n int, ra time.Duration) time.Duration { return max(ra, time.Duration(n)*time.Minute) },
		Now:      func() time.Time { return queryNow },
		Progress: func(ProgressEvent) { events++ },
	}
	sum, err := r.Refresh(context.Background(), subs)
	if err != nil {
		t.Fatal(err)
	}
	if fetcher.maxInFlight > 4 || fetcher.maxPerHost > 2 {
		t.Errorf("in flight: %d overall (limit 4), %d per host (limit 2)", fetcher.maxInFlight, fetcher.maxPerHost)
	}
	if fetcher.unslotted > 0 {
		t.Errorf("%d requests fetched without holding a slot on their host", fetcher.unslotted)
	}
	if fetcher.maxInFlight < 3 {
		t.Errorf("only %d requests ran at once: the refresh is not parallel", fetcher.maxInFlight)
	}
	// 40 due feeds: ids ending /1 (4 feeds: 1, 11, 21, 31) are 304, /2 and /3 fail.
	want := Summary{Feeds: 40, OK: 28, NotModified: 4, Failed: 8, Skipped: 1, New: 28}
	if sum.Feeds != want.Feeds || sum.OK != want.OK || sum.NotModified != want.NotModified ||
		sum.Failed != want.Failed || sum.Skipped != want.Skipped || sum.New != want.New {
		t.Errorf("summary = %+v, want %+v", sum, want)
	}
	if events != 40 {
		t.Errorf("%d progress events, want 40", events)
	}
	if len(store.updates) != 28 || len(store.states) != 1 || len(store.states[0]) != 12 {
		t.Fatalf("saved %d updates and %d state batches, want 28 updates and one batch of 12", len(store.updates), len(store.states))
	}
	for _, f := range store.states[0] {
		switch f.URL[len(f.URL)-1:] {
		case "1":
			if f.ErrorKind != ErrNone || f.LastSuccess != queryNow {
				t.Errorf("304 feed %s: %+v", f.URL, f)
			}
		case "2":
			if f.ErrorKind != ErrRateLimited || f.Failures != 1 || !f.NextFetch.Equal(queryNow.Add(time.Hour)) {
				t.Errorf("429 feed %s: kind %s, failures %d, next %v", f.URL, f.ErrorKind, f.Failures, f.NextFetch)
			}
		case "3":
			if !f.Gone || f.ErrorKind != ErrGone {
				t.Errorf("410 feed %s not marked gone: %+v", f.URL, f)
			}
		}
	}
	for _, u := range store.updates {
		if u.Feed.ETag != `"v1"` || u.Feed.Title == "" || u.Feed.LastSuccess != queryNow {
			t.Errorf("saved feed state not updated: %+v", u.Feed)
		}
	}
}

func TestRefreshCancelledRecordsNothing(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	store := &memoryStore{}
	r := &Refresher{
		Fetcher: newCountingFetcher(2, 8, func(FetchRequest) (*FetchResponse, error) {
			return &FetchResponse{NotModified: true}, nil
		}),
		Store: store,
	}
	_, err := r.Refresh(ctx, []Feed{{URL: "http://127.0.0.1/a"}, {URL: "http://127.0.0.1/b"}})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if len(store.updates) != 0 || len(store.states) != 0 {
		t.Errorf("a cancelled refresh saved %d updates, %d state batches", len(store.updates), len(store.states))
	}
}

func TestInterleaveHosts(t *testing.T) {
	in := []Feed{{URL: "http://a/1"}, {URL: "http://a/2"}, {URL: "http://a/3"}, {URL: "http://b/1"}, {URL: "http://c/1"}}
	var got []string
	for _, f := range interleaveHosts(in) {
		got = append(got, f.URL)
	}
	want := "[http://a/1 http://b/1 http://c/1 http://a/2 http://a/3]"
	if fmt.Sprint(got) != want {
		t.Errorf("got %v, want %s", got, want)
	}
}

func TestHostKey(t *testing.T) {
	for in, want := range map[string]string{
		"https://www.Numerama.com/feed/": "www.numerama.com",
		"http://127.0.0.2:18700/a":       "127.0.0.2",
		"http://[::1]:8080/":             "::1",
		"not a url":                      "not a url",
	} {
		if got := HostKey(in); got != want {
			t.Errorf("HostKey(%q) = %q, want %q", in, got, want)
		}
	}
}

// A server without validators that sends the same document again costs a hash, not a parse;
// a broken document sent again fails again.
func TestRefreshSkipsAnUnchangedBody(t *testing.T) {
	body := map[string][]byte{"https://a.example/feed": []byte("<rss>A</rss>"), "https://b.example/feed": []byte("<rss>broken")}
	// What feeds/fetch does: the digest of the bytes, and no body when it is the one known.
	fetcher := newCountingFetcher(2, 4, func(req FetchRequest) (*FetchResponse, error) {
		resp := &FetchResponse{Status: 200, Body: body[req.URL], FinalURL: req.URL, Digest: BodyDigest(body[req.URL])}
		if resp.Digest == req.Digest {
			resp.Body, resp.Unchanged = nil, true
		}
		return resp, nil
	})
	var parses atomic.Int32
	store := &memoryStore{}
	r := &Refresher{Fetcher: fetcher, Store: store, Now: func() time.Time { return queryNow },
		Parse: func(b []byte, _, feedURL, _ string, _ time.Time) (ParsedFeed, error) {
			parses.Add(1)
			if string(b) == "<rss>broken" {
				return ParsedFeed{}, &FeedError{Kind: ErrParse, Err: errors.New("unexpected EOF")}
			}
			return ParsedFeed{Title: "A", Articles: []Article{{Key: "1", Title: "Un"}}}, nil
		}}
	fs := []Feed{{ID: 1, URL: "https://a.example/feed"}, {ID: 2, URL: "https://b.example/feed"}}
	sum, err := r.Refresh(context.Background(), fs)
	if err != nil || sum.OK != 1 || sum.Failed != 1 || parses.Load() != 2 || len(store.updates) != 1 {
		t.Fatalf("first refresh: %+v, %v, %d parses", sum, err, parses.Load())
	}
	saved := store.updates[0].Feed
	if saved.BodyDigest != BodyDigest(body[saved.URL]) {
		t.Fatalf("the saved feed's digest is %q", saved.BodyDigest)
	}
	for _, st := range store.states {
		for _, f := range st {
			if f.ID == 2 && f.BodyDigest != "" {
				t.Errorf("a document that failed to parse was recorded as seen (%q)", f.BodyDigest)
			}
		}
	}

	// The same bytes again: no parse for the good one, which counts as unchanged; the broken
	// one is parsed, and fails, again.
	fs[0] = saved
	sum, err = r.Refresh(context.Background(), fs)
	if err != nil || sum.NotModified != 1 || sum.Failed != 1 || sum.OK != 0 || parses.Load() != 3 {
		t.Errorf("second refresh: %+v, %v, %d parses in all; want the good feed unchanged without a parse", sum, err, parses.Load())
	}

	// Other bytes: parsed again.
	body["https://a.example/feed"] = []byte("<rss>A2</rss>")
	if sum, _ = r.Refresh(context.Background(), fs); sum.OK != 1 || parses.Load() != 5 {
		t.Errorf("a changed document: %+v, %d parses in all", sum, parses.Load())
	}
}

// TestLazyTaggerWarm checks that Warm builds the tagger before any article asks for it, once,
// and that Tag uses that build.
func TestLazyTaggerWarm(t *testing.T) {
	built := make(chan struct{}, 2)
	l := &LazyTagger{Build: func() Tagger {
		built <- struct{}{}
		return tagFunc(func(*Article, *Feed) []ArticleTag { return []ArticleTag{{Name: "ia"}} })
	}}
	l.Warm()
	select {
	case <-built:
	case <-time.After(5 * time.Second):
		t.Fatal("Warm did not build the tagger")
	}
	if got := l.Tag(&Article{}, &Feed{}); len(got) != 1 || got[0].Name != "ia" {
		t.Fatalf("Tag after Warm = %v", got)
	}
	l.Warm()
	l.Tag(&Article{}, &Feed{})
	if len(built) != 0 {
		t.Fatal("the tagger was built twice")
	}
}

type tagFunc func(*Article, *Feed) []ArticleTag

func (f tagFunc) Tag(a *Article, feed *Feed) []ArticleTag { return f(a, feed) }
