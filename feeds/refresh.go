package feeds

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
)

// Fetcher is what the refresh and the page enricher need from the network; *fetch.Fetcher is
// the one implementation, and one of it serves the whole process so that both take their
// request slots from the same per-host limiter.
type Fetcher interface {
	// Acquire waits for a request slot on rawURL's host (HostKey), taken while fewer than most
	// requests hold one there (0: the host's limit, [fetch] per_host, which most never
	// exceeds), then for one of the slots of the whole process ([fetch] parallel). It returns
	// the function that gives them back, to call exactly once, or ctx's error.
	Acquire(ctx context.Context, rawURL string, most int) (release func(), err error)
	// Fetch gets one document, a feed or a page, with timeouts and a size cap. Failures are
	// *FeedError values, whose Status tells a refusal from a fault.
	Fetch(ctx context.Context, req FetchRequest) (*FetchResponse, error)
}

// ParseFunc turns a document of the feed stored under feedURL, fetched from fetchedURL (after
// redirects), into normalized articles; feeds/parse.FeedAt is one.
type ParseFunc func(body []byte, contentType, feedURL, fetchedURL string, now time.Time) (ParsedFeed, error)

// RefreshStore is what a refresh needs from the cache.
type RefreshStore interface {
	// SaveRefreshes writes several feeds' new state and articles in one transaction (a group
	// commit), each feed once, and returns their results in order; now is the refresh's clock,
	// the first sighting of articles that carry none.
	SaveRefreshes(ctx context.Context, us []FeedUpdate, now time.Time) ([]SaveResult, error)
	// SaveFeedStates writes the fetch state of many feeds in one transaction: feeds that
	// answered 304 or failed change nothing else, and 100 of them should cost one commit.
	SaveFeedStates(ctx context.Context, fs []Feed) error
}

// Refresher fetches feeds in parallel and saves what they hold.
type Refresher struct {
	Fetcher Fetcher
	Parse   ParseFunc
	Tagger  Tagger // nil: no automatic tags
	Store   RefreshStore
	Backoff func(failures int, retryAfter time.Duration) time.Duration

	Now      func() time.Time    // default time.Now
	Progress func(ProgressEvent) // called after each feed, from one goroutine at a time; may be nil
}

// ProgressEvent tells how far a refresh is, after one feed finished.
type ProgressEvent struct {
	Feed        Feed
	Done, Total int
	New         int
	NotModified bool
	Err         error // this feed's failure, nil on success
}

// Summary is what a whole refresh did.
type Summary struct {
	Feeds       int // feeds attempted
	OK          int // answered 200 and saved
	NotModified int // answered 304
	Failed      int
	Skipped     int // waiting for their back-off
	New         int
	Updated     int
	Failures    []Feed // the failed feeds, with LastError and ErrorKind set
}

// neverRead reports a feed that no refresh has read yet: it has no validators and no digest of
// a document saved.
func neverRead(f Feed) bool {
	return f.ETag == "" && f.LastModified == "" && f.BodyDigest == ""
}

// Due reports whether a feed should be fetched now: past its back-off. A gone feed (410) is
// still retried, rarely, as its back-off grows: a feed is never disabled for good.
func (f Feed) Due(now time.Time) bool {
	return !now.Before(f.NextFetch)
}

// Refresh fetches every due feed of fs and saves the results. Per-feed failures are recorded
// on the feed and in the summary; the error is only for a cache that cannot be written or a
// cancelled context.
func (r *Refresher) Refresh(ctx context.Context, fs []Feed) (Summary, error) {
	now := r.now()
	var due []Feed
	sum := Summary{}
	for _, f := range fs {
		if f.Due(now) {
			due = append(due, f)
		} else {
			sum.Skipped++
		}
	}
	sum.Feeds = len(due)
	// A feed never read will be parsed and tagged: compiling the rules (some 25 ms) then
	// overlaps the first requests instead of holding up the first feed's tagging. A refresh of
	// known feeds, mostly 304s, may tag nothing and does not pay for it.
	if w, ok := r.Tagger.(interface{ Warm() }); ok && slices.ContainsFunc(due, neverRead) {
		w.Warm()
	}

	results := make(chan feedResult, writeQueue)
	go r.fetchAll(ctx, interleaveHosts(due), results)

	// One goroutine writes: SQLite has a single writer. The parsed feeds waiting for it are
	// written together, in one transaction (see gather), and feeds that changed nothing are
	// batched into one transaction at the end.
	var unchanged []Feed
	var saveErr error
	done := 0
	for first := range results {
		group := gather(first, results)
		saved := make([]SaveResult, len(group))
		var toSave []FeedUpdate
		var at []int // index in group of each toSave
		for i, res := range group {
			switch {
			case saveErr != nil:
				// The cache failed: drain the remaining results without writing.
			case errors.Is(res.err, context.Canceled):
				// Interrupted: the feed was not really tried, record nothing.
			case res.err != nil || res.update.NotModified:
				unchanged = append(unchanged, res.update.Feed)
			default:
				toSave = append(toSave, res.update)
				at = append(at, i)
			}
		}
		if len(toSave) > 0 {
			res, err := r.Store.SaveRefreshes(ctx, toSave, r.now())
			if err != nil {
				saveErr = fmt.Errorf("save %s: %w", feedURLs(toSave), err)
			}
			for j, i := range at {
				if err == nil {
					saved[i] = res[j]
				}
			}
		}
		for i, res := range group {
			done++
			ev := ProgressEvent{Feed: res.update.Feed, Done: done, Total: len(due), NotModified: res.update.NotModified, Err: res.err,
				New: saved[i].New}
			sum.New += saved[i].New
			sum.Updated += saved[i].Updated
			switch {
			case errors.Is(res.err, context.Canceled):
			case res.err != nil:
				sum.Failed++
				sum.Failures = append(sum.Failures, res.update.Feed)
			case res.update.NotModified:
				sum.NotModified++
			default:
				sum.OK++
			}
			if r.Progress != nil {
				r.Progress(ev)
			}
		}
	}
	if saveErr != nil {
		return sum, saveErr
	}
	if len(unchanged) > 0 {
		// Written even when ctx is cancelled: what was fetched stays known.
		if err := r.Store.SaveFeedStates(context.WithoutCancel(ctx), unchanged); err != nil {
			return sum, fmt.Errorf("save feed states: %w", err)
		}
	}
	return sum, ctx.Err()
}

// writeQueue is how many parsed feeds may wait for the writer. While it writes one group,
// the next fills up: a slow writer gets larger groups, and so fewer, cheaper transactions.
// Each waiting feed holds its articles in memory (some 200 KB for 50 items), and a larger
// group a larger transaction in SQLite's memory. A cold refresh of 100 feeds peaked at 66 MB
// with 8, 63-64 with 4 and 58-59 with 2 (5 alternating runs each, 2026-12-04), and no queue
// length gained time that this machine could measure: the writer's groups stay large because
// the writer is the slow stage, whatever the queue.
const writeQueue = 2

// groupArticles caps the articles of one group commit: enough for a cold refresh to be a
// handful of transactions, few enough that the write lock is never held for long and that
// the transaction's pages fit the page cache.
const groupArticles = 1000

// gather returns first and the results already waiting behind it, up to groupArticles
// articles, without waiting for more: a group is what the writer can take now.
func gather(first feedResult, results <-chan feedResult) []feedResult {
	group := []feedResult{first}
	n := len(first.update.Articles)
	for n < groupArticles {
		select {
		case res, ok := <-results:
			if !ok {
				return group
			}
			group = append(group, res)
			n += len(res.update.Articles)
		default:
			return group
		}
	}
	return group
}

// feedURLs names the feeds of a failed group in its error.
func feedURLs(us []FeedUpdate) string {
	if len(us) == 1 {
		return us[0].Feed.URL
	}
	return fmt.Sprintf("%s and %d other feeds", us[0].Feed.URL, len(us)-1)
}

type feedResult struct {
	update FeedUpdate
	err    error
}

// fetchAll runs one goroutine per feed. Each waits for its request slots from the Fetcher
// (its host's, then a global one: the per-host and global limits are the Fetcher's, shared
// with the article pages). Parsing and tagging are bounded by the number of CPUs: the network
// limit and the CPU limit are different things (see refreshOne for the order they are taken in).
func (r *Refresher) fetchAll(ctx context.Context, due []Feed, out chan<- feedResult) {
	cpu := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for _, f := range due {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.refreshOne(ctx, f, cpu, out)
		}()
	}
	wg.Wait()
	close(out)
}

// refreshOne fetches, parses and tags one feed and sends the result to the writer.
//
// Slots are taken in one order, network (host, then global) → CPU, and a fetched document
// takes its CPU slot before it gives back its network slots: when parsing is the bottleneck,
// at most as many documents as there are global slots wait in memory instead of every
// feed's. A parsed feed keeps its CPU slot until it is queued for the writer (writeQueue), for
// the same reason.
func (r *Refresher) refreshOne(ctx context.Context, f Feed, cpu chan struct{}, out chan<- feedResult) {
	resp, err := r.fetch(ctx, f, cpu)
	now := r.now()
	f.LastFetch = now
	switch {
	case err != nil:
		out <- r.failed(f, err, now)
		return
	case resp.MovedTo != "":
		f.URL = resp.MovedTo
	}
	if resp.NotModified {
		out <- r.succeeded(f, now, FeedUpdate{NotModified: true})
		return
	}
	if resp.Unchanged {
		// The same document as the last one saved, from a server that sent it whole again
		// (many have no ETag nor Last-Modified): nothing to parse, tag or write.
		release(cpu)
		f.ETag, f.LastModified = resp.ETag, resp.LastModified
		out <- r.succeeded(f, now, FeedUpdate{NotModified: true})
		return
	}
	defer release(cpu)
	out <- r.parseAndTag(f, resp, now)
}

// fetch gets the feed document once the Fetcher gives it its network slots. A document to
// parse comes back holding a CPU slot, which the caller releases.
func (r *Refresher) fetch(ctx context.Context, f Feed, cpu chan struct{}) (*FetchResponse, error) {
	done, err := r.Fetcher.Acquire(ctx, f.URL, 0)
	if err != nil {
		return nil, err
	}
	defer done()
	resp, err := r.Fetcher.Fetch(ctx, FetchRequest{URL: f.URL, ETag: f.ETag, LastModified: f.LastModified, Digest: f.BodyDigest})
	if err != nil || resp.NotModified {
		return resp, err
	}
	if err := acquire(ctx, cpu); err != nil {
		return nil, err
	}
	return resp, nil
}

// parseAndTag turns a new document into the feed's update. Its digest is recorded only with a
// successful parse: a broken document sent again must fail again, not pass as unchanged.
func (r *Refresher) parseAndTag(f Feed, resp *FetchResponse, now time.Time) feedResult {
	// The feed's own URL as well as the document's: keys of items without GUID nor link come
	// from the first, and a temporary redirect must not change them; relative links resolve
	// against the second, which is the Content-Location when the server names one (then the
	// document's xml:base applies on top of it, as the specs order them).
	base := resp.FinalURL
	if resp.ContentLocation != "" {
		base = resp.ContentLocation
	}
	parsed, err := r.Parse(resp.Body, resp.ContentType, f.URL, base, now)
	if err != nil {
		return r.failed(f, err, now)
	}
	f.ETag, f.LastModified, f.BodyDigest = resp.ETag, resp.LastModified, resp.Digest
	f.Malformed = parsed.Malformed // and cleared by a strict parse
	if parsed.Title != "" {
		f.Title = parsed.Title
	}
	if parsed.SiteURL != "" {
		f.SiteURL = parsed.SiteURL
	}
	if r.Tagger != nil {
		for i := range parsed.Articles {
			parsed.Articles[i].Tags = r.Tagger.Tag(&parsed.Articles[i], &f)
		}
	}
	return r.succeeded(f, now, FeedUpdate{Articles: parsed.Articles})
}

func (r *Refresher) succeeded(f Feed, now time.Time, u FeedUpdate) feedResult {
	f.LastSuccess = now
	f.LastError, f.ErrorKind, f.Failures, f.NextFetch = "", ErrNone, 0, time.Time{}
	u.Feed = f
	return feedResult{update: u}
}

// failed records a failure on the feed. The feed is never disabled for good: it backs off,
// except a 410, which marks it gone (the user can remove it or force it).
func (r *Refresher) failed(f Feed, err error, now time.Time) feedResult {
	var fe *FeedError
	if !errors.As(err, &fe) {
		kind := ErrNetwork
		if errors.Is(err, context.DeadlineExceeded) {
			kind = ErrTimeout
		}
		fe = &FeedError{Kind: kind, Err: err}
	}
	f.LastError, f.ErrorKind = fe.Error(), fe.Kind
	f.Failures++
	f.Gone = fe.Kind == ErrGone
	if r.Backoff != nil {
		f.NextFetch = now.Add(r.Backoff(f.Failures, fe.RetryAfter))
	}
	return feedResult{update: FeedUpdate{Feed: f}, err: err}
}

func (r *Refresher) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

func acquire(ctx context.Context, sem chan struct{}) error {
	select {
	case sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func release(sem chan struct{}) { <-sem }

// HostKey is the unit of politeness for every request veille makes: the URL's host name,
// case folded, without its port (a port is the same server; loopback test servers on
// 127.0.0.1, 127.0.0.2… are distinct hosts, as distinct outlets are). A URL without a host
// is its own key.
func HostKey(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return rawURL
	}
	return strings.ToLower(u.Hostname())
}

// interleaveHosts orders feeds round-robin across hosts, so that the first requests in
// flight go to as many different hosts as possible.
func interleaveHosts(fs []Feed) []Feed {
	byHost := map[string][]Feed{}
	var order []string
	for _, f := range fs {
		h := HostKey(f.URL)
		if byHost[h] == nil {
			order = append(order, h)
		}
		byHost[h] = append(byHost[h], f)
	}
	out := make([]Feed, 0, len(fs))
	for len(out) < len(fs) {
		for _, h := range order {
			if q := byHost[h]; len(q) > 0 {
				out = append(out, q[0])
				byHost[h] = q[1:]
			}
		}
	}
	return out
}
