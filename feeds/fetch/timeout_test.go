package fetch

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"veille/feeds"
)

// trickle sends the headers, then one byte every interval until the client goes away.
func trickle(interval time.Duration, block <-chan struct{}) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
		w.(http.Flusher).Flush()
		for {
			if _, err := io.WriteString(w, "<"); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-block:
				return
			case <-time.After(interval):
			}
		}
	}
}

func TestFetchTimeouts(t *testing.T) {
	t.Parallel()
	block := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("/no-headers", func(w http.ResponseWriter, r *http.Request) {
		select { // accepts and reads the request, never answers
		case <-r.Context().Done():
		case <-block:
		}
	})
	mux.HandleFunc("/stops", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "<rss><channel>")
		w.(http.Flusher).Flush()
		select { // a body that starts, then stalls
		case <-r.Context().Done():
		case <-block:
		}
	})
	mux.HandleFunc("/one-byte-a-second", trickle(time.Second, block))
	mux.HandleFunc("/fast-trickle", trickle(50*time.Millisecond, block))
	mux.HandleFunc("/slow-404", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, "<html>")
		w.(http.Flusher).Flush()
		select { // an error page that never ends must not hold the 404 back
		case <-r.Context().Done():
		case <-block:
		}
	})
	srv, _ := newServer(t, mux)
	t.Cleanup(func() { close(block) }) // before srv.Close, which waits for handlers

	silent := rawServer(t, func(c net.Conn) {
		_, _ = io.Copy(io.Discard, c) // accepts, reads, never writes a byte
	})

	tests := []struct {
		name string
		url  string
		opts Options
		kind feeds.ErrorKind
		msg  string
		max  time.Duration
	}{
		{"handler never answers", srv.URL + "/no-headers", Options{HeaderTimeout: 300 * time.Millisecond},
			feeds.ErrTimeout, "timeout after 300ms waiting for response headers", time.Second},
		{"raw server never answers", silent, Options{HeaderTimeout: 300 * time.Millisecond},
			feeds.ErrTimeout, "timeout after 300ms waiting for response headers", time.Second},
		{"whole deadline before headers", silent, Options{Timeout: 300 * time.Millisecond, HeaderTimeout: 5 * time.Second},
			feeds.ErrTimeout, "timeout after 300ms", time.Second},
		{"body stalls", srv.URL + "/stops", Options{StallTimeout: 300 * time.Millisecond, Timeout: 5 * time.Second},
			feeds.ErrTimeout, "timeout: no data received for 300ms", time.Second},
		{"one byte a second, cut by the stall timer", srv.URL + "/one-byte-a-second",
			Options{StallTimeout: 300 * time.Millisecond, Timeout: 5 * time.Second},
			feeds.ErrTimeout, "timeout: no data received for 300ms", time.Second},
		{"steady trickle, cut by the whole deadline", srv.URL + "/fast-trickle",
			Options{StallTimeout: 300 * time.Millisecond, Timeout: 600 * time.Millisecond},
			feeds.ErrTimeout, "timeout after 600ms", 1500 * time.Millisecond},
		{"error page stalls", srv.URL + "/slow-404", Options{StallTimeout: 300 * time.Millisecond, Timeout: 5 * time.Second},
			feeds.ErrHTTPStatus, "HTTP 404 Not Found", time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := testFetcher(t, tt.opts)
			start := time.Now()
			_, err := f.Fetch(context.Background(), feeds.FetchRequest{URL: tt.url})
			fe := feedErr(t, err, tt.kind, "fetch "+tt.url+": "+tt.msg)
			if fe.Error() != "fetch "+tt.url+": "+tt.msg {
				t.Errorf("message %q, want exactly %q", fe, "fetch "+tt.url+": "+tt.msg)
			}
			within(t, start, tt.max)
			var netErr net.Error
			if tt.kind == feeds.ErrTimeout && !errors.Is(fe, context.DeadlineExceeded) &&
				!(errors.As(fe, &netErr) && netErr.Timeout()) {
				t.Errorf("%v wraps neither context.DeadlineExceeded nor a net.Error timeout", fe)
			}
		})
	}
}

func TestFetchCancel(t *testing.T) {
	t.Parallel()
	block := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("/no-headers", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-block:
		}
	})
	mux.HandleFunc("/trickle", trickle(50*time.Millisecond, block))
	srv, _ := newServer(t, mux)
	t.Cleanup(func() { close(block) })
	// Default timeouts, all far longer than the test: only the cancellation can end it.
	f := New(Options{})
	f.transport.Proxy = nil
	t.Cleanup(f.transport.CloseIdleConnections)

	for _, path := range []string{"/no-headers", "/trickle"} {
		t.Run(path, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(200*time.Millisecond, cancel)
			start := time.Now()
			_, err := f.Fetch(ctx, feeds.FetchRequest{URL: srv.URL + path})
			feedErr(t, err, feeds.ErrNetwork, "fetch "+srv.URL+path+": canceled")
			within(t, start, time.Second)
			if !errors.Is(err, context.Canceled) {
				t.Errorf("%v does not wrap context.Canceled", err)
			}
		})
	}

	t.Run("caller deadline", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := f.Fetch(ctx, feeds.FetchRequest{URL: srv.URL + "/no-headers"})
		feedErr(t, err, feeds.ErrTimeout, "fetch "+srv.URL+"/no-headers: timeout: the caller's deadline passed")
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%v does not wrap context.DeadlineExceeded", err)
		}
		within(t, start, time.Second)
	})

	t.Run("already cancelled", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		start := time.Now()
		_, err := f.Fetch(ctx, feeds.FetchRequest{URL: srv.URL + "/no-headers"})
		feedErr(t, err, feeds.ErrNetwork, "fetch")
		within(t, start, 100*time.Millisecond)
		if _, err := f.Discover(ctx, srv.URL); !errors.Is(err, context.Canceled) {
			t.Errorf("Discover with a cancelled context: %v", err)
		}
	})
}

func TestClassifyTLSHandshakeTimeout(t *testing.T) {
	// No TLS server is needed to check the wording: the transport's error says it all.
	f := New(Options{ConnectTimeout: 2 * time.Second})
	err := f.classify(context.Background(), "fetch https://x/feed", tlsTimeout{})
	if err.Kind != feeds.ErrTimeout || !strings.HasPrefix(err.Error(), "fetch https://x/feed: timeout after 2s during the TLS handshake") {
		t.Errorf("got %q (%s)", err, err.Kind)
	}
}

type tlsTimeout struct{}

func (tlsTimeout) Error() string   { return "net/http: TLS handshake timeout" }
func (tlsTimeout) Timeout() bool   { return true }
func (tlsTimeout) Temporary() bool { return true }
