// Package fetch owns veille's side of HTTP: one shared keep-alive client that gets feed
// documents politely and safely (a clear User-Agent, conditional GET, a timeout at every stage,
// a size cap that still holds after gzip, bounded redirects), turns every failure into a
// *feeds.FeedError of a stable kind, discovers the feeds a web page advertises, and computes
// the back-off after failures. It also owns the one per-host limiter (HostLimiter) that the
// refresh and the article pages share through the Fetcher. It knows nothing of parsing,
// storage or the UI.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"veille/feeds"
)

// Options tunes a Fetcher. The zero value of each field means its default.
type Options struct {
	UserAgent      string        // default "veille/dev (+https://github.com/veille)"; callers pass "veille/VERSION"
	MaxBody        int64         // default 10 MiB; applies to the decompressed body too (a gzip bomb is refused)
	Timeout        time.Duration // whole request incl. body, default 30s
	ConnectTimeout time.Duration // default 10s
	HeaderTimeout  time.Duration // time to response headers, default 15s
	StallTimeout   time.Duration // no body byte for this long → cut, default 10s
	MaxRedirects   int           // default 5; negative refuses every redirect
	PerHost        int           // requests in flight to one host, feeds and pages together; default 2
	Parallel       int           // requests in flight in all; default 8
}

const (
	defaultUserAgent      = "veille/dev (+https://github.com/veille)"
	defaultMaxBody        = 10 << 20
	defaultTimeout        = 30 * time.Second
	defaultConnectTimeout = 10 * time.Second
	defaultHeaderTimeout  = 15 * time.Second
	defaultStallTimeout   = 10 * time.Second
	defaultMaxRedirects   = 5

	// acceptFeeds says what we want in order of preference; */* last because some servers
	// answer 406 to an Accept list they do not recognise, and a feed served as text/html is
	// still a feed.
	acceptFeeds = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8"

	// maxIdlePerHost is above the default per-host limit, with room to spare: several
	// feeds often share a host (category feeds of one outlet), and a connection dropped from
	// the idle pool costs a new TCP and TLS handshake on the next refresh.
	maxIdlePerHost = 4

	// maxDrain is how much of an error page we read so that its connection can be reused;
	// past that, closing the connection is cheaper than reading on.
	maxDrain = 64 << 10
)

var (
	acceptHeader = []string{acceptFeeds}
	gzipHeader   = []string{"gzip"}
)

func (o Options) withDefaults() Options {
	if o.UserAgent == "" {
		o.UserAgent = defaultUserAgent
	}
	if o.MaxBody <= 0 {
		o.MaxBody = defaultMaxBody
	}
	if o.Timeout <= 0 {
		o.Timeout = defaultTimeout
	}
	if o.ConnectTimeout <= 0 {
		o.ConnectTimeout = defaultConnectTimeout
	}
	if o.HeaderTimeout <= 0 {
		o.HeaderTimeout = defaultHeaderTimeout
	}
	if o.StallTimeout <= 0 {
		o.StallTimeout = defaultStallTimeout
	}
	if o.MaxRedirects == 0 {
		o.MaxRedirects = defaultMaxRedirects
	}
	if o.PerHost <= 0 {
		o.PerHost = defaultPerHost
	}
	if o.Parallel <= 0 {
		o.Parallel = defaultParallel
	}
	return o
}

// Fetcher gets feed documents and article pages over HTTP; it is the feeds.Fetcher of the
// refresh and of the page enricher. It is safe for concurrent use, and one Fetcher should
// serve the whole program so that connections are reused across feeds and refreshes, and so
// that every request takes its slot from the same HostLimiter.
type Fetcher struct {
	opts      Options
	limiter   *HostLimiter
	userAgent []string // the User-Agent header value, built once
	dialer    *net.Dialer
	transport *http.Transport
	client    *http.Client
}

// New returns a Fetcher with its own Transport, built once: a per-request Transport would
// forfeit keep-alive and pay a handshake on every feed.
func New(opts Options) *Fetcher {
	f := &Fetcher{opts: opts.withDefaults()}
	f.limiter = NewHostLimiter(f.opts.PerHost, f.opts.Parallel)
	f.userAgent = []string{f.opts.UserAgent}
	f.dialer = &net.Dialer{Timeout: f.opts.ConnectTimeout, KeepAlive: 30 * time.Second}
	f.transport = &http.Transport{
		// HTTPS_PROXY and friends, as every command-line tool honours them; loopback
		// addresses are never proxied.
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           f.dialer.DialContext,
		ForceAttemptHTTP2:     true, // a custom DialContext turns HTTP/2 off unless asked for
		TLSHandshakeTimeout:   f.opts.ConnectTimeout,
		ResponseHeaderTimeout: f.opts.HeaderTimeout,
		ExpectContinueTimeout: time.Second,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   max(maxIdlePerHost, f.opts.PerHost),
		IdleConnTimeout:       90 * time.Second,
		// We ask for gzip and inflate it ourselves: the transport's transparent gzip hides
		// the wire size and the Content-Encoding, and the cap must see both.
		DisableCompression: true,
	}
	f.client = &http.Client{Transport: f.transport, CheckRedirect: f.checkRedirect}
	return f
}

// Acquire waits for a request slot on rawURL's host and a global one, shared by every user of
// this Fetcher; see HostLimiter.Acquire. Fetch itself takes no slot: the caller decides how
// long it holds one (the refresh keeps it until its document has a parsing slot).
func (f *Fetcher) Acquire(ctx context.Context, rawURL string, most int) (release func(), err error) {
	return f.limiter.Acquire(ctx, rawURL, most)
}

// Fetch gets one feed document. A 304 is a success with NotModified set and no body. Every
// failure is a *feeds.FeedError whose message starts with "fetch URL:".
func (f *Fetcher) Fetch(ctx context.Context, req feeds.FetchRequest) (*feeds.FetchResponse, error) {
	u, err := parseURL("fetch", req.URL)
	if err != nil {
		return nil, err
	}
	return f.get(ctx, u, req)
}

// Sentinel causes of the request context's cancellation, so that a failure can say which
// limit was hit. They are never shown as such.
var (
	errDeadline = errors.New("whole-request deadline")
	errStalled  = errors.New("body stalled")
)

func (f *Fetcher) get(ctx context.Context, u *url.URL, req feeds.FetchRequest) (*feeds.FetchResponse, error) {
	etag, lastModified := req.ETag, req.LastModified
	// The operation named in every error message, built only when there is one: a 304 is
	// the common case and needs no string.
	op := func() string { return "fetch " + u.Redacted() }

	// One context bounds the whole exchange, body included; its child is cancelled by the
	// stall watchdog. context.Cause tells them apart afterwards.
	ctx, cancelDeadline := context.WithTimeoutCause(ctx, f.opts.Timeout, errDeadline)
	defer cancelDeadline()
	ctx, cancelStall := context.WithCancelCause(ctx)
	defer cancelStall(nil)

	hreq, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, &feeds.FeedError{Kind: feeds.ErrNotFeed, Err: fmt.Errorf("%s: %w", op(), err)}
	}
	// Canonical keys set directly, and shared value slices for the constant headers:
	// Header.Set canonicalises and allocates on every call, a measurable share of a 304.
	// Nothing writes to a request's header values after this point (RoundTrip must not,
	// and redirects clone the header).
	h := hreq.Header
	h["User-Agent"] = f.userAgent
	h["Accept"] = acceptHeader
	h["Accept-Encoding"] = gzipHeader
	if etag != "" {
		h["If-None-Match"] = []string{etag}
	}
	if lastModified != "" {
		h["If-Modified-Since"] = []string{lastModified}
	}

	resp, err := f.client.Do(hreq)
	if err != nil {
		if resp != nil && resp.Body != nil {
			resp.Body.Close() // a refused redirect returns the 3xx response too
		}
		return nil, f.classify(ctx, op(), err)
	}
	defer resp.Body.Close()

	out := &feeds.FetchResponse{
		Status:      resp.StatusCode,
		ContentType: resp.Header.Get("Content-Type"),
		FinalURL:    resp.Request.URL.String(),
		MovedTo:     movedTo(resp, u),
	}
	if resp.StatusCode == http.StatusNotModified {
		out.NotModified = true
		// A 304 should repeat the validators; when it does not, the stored ones still hold,
		// and handing them back keeps a caller that copies them from erasing them.
		out.ETag = firstNonEmpty(resp.Header.Get("ETag"), etag)
		out.LastModified = firstNonEmpty(resp.Header.Get("Last-Modified"), lastModified)
		return out, nil
	}

	// From the headers on, the stall watchdog guards every body read, the drain of an
	// error page included: a 404 must not wait for the whole deadline.
	body := newStallReader(resp.Body, f.opts.StallTimeout, func() { cancelStall(errStalled) })
	defer body.stop()
	if code := resp.StatusCode; code >= 300 || code < 200 {
		drain(body)
		return nil, statusError(op(), resp, time.Now())
	}

	out.Body, out.Digest, err = f.readBody(resp, body, req.Digest)
	if err != nil {
		return nil, f.classify(ctx, op(), err)
	}
	out.Unchanged = out.Body == nil && out.Digest == req.Digest && req.Digest != ""
	out.ETag = resp.Header.Get("ETag")
	out.LastModified = resp.Header.Get("Last-Modified")
	out.ContentLocation = contentLocation(resp)
	return out, nil
}

// checkRedirect bounds the redirect chain and keeps it on http and https: a Location
// pointing at file:, ftp: or javascript: is refused rather than attempted.
func (f *Fetcher) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > f.opts.MaxRedirects {
		return &redirectError{fmt.Sprintf("more than %d redirects", max(f.opts.MaxRedirects, 0))}
	}
	if s := req.URL.Scheme; s != "http" && s != "https" {
		return &redirectError{fmt.Sprintf("redirect to unsupported URL scheme %q", s)}
	}
	return nil
}

type redirectError struct{ msg string }

func (e *redirectError) Error() string { return e.msg }

// movedTo returns the final URL when the response came through at least one redirect and
// every hop was permanent (301 or 308); a single temporary hop means the configured URL
// must stay.
func movedTo(resp *http.Response, orig *url.URL) string {
	hops := 0
	for r := resp.Request; r.Response != nil; r = r.Response.Request {
		switch r.Response.StatusCode {
		case http.StatusMovedPermanently, http.StatusPermanentRedirect:
		default:
			return ""
		}
		hops++
	}
	if hops == 0 {
		return ""
	}
	if final := resp.Request.URL.String(); final != orig.String() {
		return final
	}
	return ""
}

// parseURL accepts absolute http and https URLs only: feeds come from user input and OPML
// files, and a file: or javascript: URL must never reach the network stack.
func parseURL(verb, raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, &feeds.FeedError{Kind: feeds.ErrNotFeed,
			Err: fmt.Errorf("%s %q: invalid URL: %w", verb, raw, errors.Unwrap(err))}
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		why := fmt.Sprintf("unsupported URL scheme %q, only http and https are fetched", u.Scheme)
		if u.Scheme == "" {
			why = "not an absolute http or https URL"
		}
		return nil, &feeds.FeedError{Kind: feeds.ErrNotFeed, Err: fmt.Errorf("%s %q: %s", verb, raw, why)}
	case u.Host == "":
		return nil, &feeds.FeedError{Kind: feeds.ErrNotFeed, Err: fmt.Errorf("%s %q: URL has no host", verb, raw)}
	}
	return u, nil
}

// drain reads what is left of a small error page so that the connection goes back to the
// idle pool; a large or slow one is cut by Close (and the stall watchdog) instead.
func drain(r io.Reader) {
	_, _ = io.CopyN(io.Discard, r, maxDrain)
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// contentLocation is the Content-Location header resolved against the URL the response came
// from (RFC 9110 §8.7), when it is a web address.
func contentLocation(resp *http.Response) string {
	raw := strings.TrimSpace(resp.Header.Get("Content-Location"))
	if raw == "" {
		return ""
	}
	ref, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	if abs := resp.Request.URL.ResolveReference(ref); feeds.IsWebAddress(abs) {
		return abs.String()
	}
	return ""
}
