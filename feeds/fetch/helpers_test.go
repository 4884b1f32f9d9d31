package fetch

import (
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"veille/feeds"
)

// The tests only ever talk to servers on 127.0.0.1, and use timeouts of a second or less so
// that the whole suite runs in seconds.

const rssDoc = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Numérama</title><link>https://www.numerama.com/</link>
<item><title>L’IA générative en France</title><link>https://www.numerama.com/a/1</link></item>
</channel></rss>`

// testFetcher returns a Fetcher with short timeouts; o's non-zero fields win.
func testFetcher(t *testing.T, o Options) *Fetcher {
	t.Helper()
	if o.Timeout == 0 {
		o.Timeout = 2 * time.Second
	}
	if o.ConnectTimeout == 0 {
		o.ConnectTimeout = time.Second
	}
	if o.HeaderTimeout == 0 {
		o.HeaderTimeout = time.Second
	}
	if o.StallTimeout == 0 {
		o.StallTimeout = time.Second
	}
	f := New(o)
	f.transport.Proxy = nil // belt and braces: never route a test request anywhere else
	t.Cleanup(f.transport.CloseIdleConnections)
	return f
}

// newServer starts an httptest server on 127.0.0.1 and counts the connections it accepts.
func newServer(t *testing.T, h http.Handler) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var conns atomic.Int64
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, &conns
}

// feedErr asserts that err is a *feeds.FeedError of kind whose message starts with prefix.
func feedErr(t *testing.T, err error, kind feeds.ErrorKind, prefix string) *feeds.FeedError {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want a %s error", kind)
	}
	var fe *feeds.FeedError
	if !errors.As(err, &fe) {
		t.Fatalf("error %T %q is not a *feeds.FeedError", err, err)
	}
	t.Logf("%s: %v", fe.Kind, err)
	if fe.Kind != kind {
		t.Fatalf("kind = %q, want %q (error: %v)", fe.Kind, kind, err)
	}
	if !strings.HasPrefix(err.Error(), prefix) {
		t.Fatalf("message %q does not start with %q", err, prefix)
	}
	return fe
}

func within(t *testing.T, start time.Time, limit time.Duration) {
	t.Helper()
	if d := time.Since(start); d > limit {
		t.Fatalf("took %s, want at most %s", d, limit)
	}
}

func mustParse(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
