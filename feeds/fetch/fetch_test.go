package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"veille/feeds"
)

func TestNewDefaults(t *testing.T) {
	f := New(Options{})
	want := Options{
		UserAgent:      "veille/dev (+https://github.com/veille)",
		MaxBody:        10 << 20,
		Timeout:        30 * time.Second,
		ConnectTimeout: 10 * time.Second,
		HeaderTimeout:  15 * time.Second,
		StallTimeout:   10 * time.Second,
		MaxRedirects:   5,
		PerHost:        2,
		Parallel:       8,
	}
	if f.opts != want {
		t.Errorf("defaults = %+v, want %+v", f.opts, want)
	}
	if f.limiter.perHost != 2 || cap(f.limiter.global) != 8 {
		t.Errorf("limiter: %d per host, %d in all; want 2 and 8", f.limiter.perHost, cap(f.limiter.global))
	}
	tr := f.transport
	if tr.MaxIdleConnsPerHost < 4 || tr.ResponseHeaderTimeout != 15*time.Second ||
		f.dialer.Timeout != 10*time.Second || !tr.DisableCompression || f.client.Transport != tr {
		t.Errorf("transport not configured from the options: %+v", tr)
	}
}

func TestFetchSendsHeaders(t *testing.T) {
	t.Parallel()
	got := make(chan http.Header, 1)
	srv, _ := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r.Header.Clone()
		w.Write([]byte(rssDoc))
	}))

	tests := []struct {
		name string
		opts Options
		req  feeds.FetchRequest
		want map[string]string // "" means absent
	}{
		{"default user agent, unconditional", Options{}, feeds.FetchRequest{URL: srv.URL},
			map[string]string{
				"User-Agent":        "veille/dev (+https://github.com/veille)",
				"Accept":            "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8",
				"Accept-Encoding":   "gzip",
				"If-None-Match":     "",
				"If-Modified-Since": "",
			}},
		{"caller's user agent, conditional", Options{UserAgent: "veille/1.2.3"},
			feeds.FetchRequest{URL: srv.URL, ETag: `W/"abc"`, LastModified: "Mon, 02 Mar 2026 10:00:00 GMT"},
			map[string]string{
				"User-Agent":        "veille/1.2.3",
				"If-None-Match":     `W/"abc"`,
				"If-Modified-Since": "Mon, 02 Mar 2026 10:00:00 GMT",
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := testFetcher(t, tt.opts)
			if _, err := f.Fetch(context.Background(), tt.req); err != nil {
				t.Fatal(err)
			}
			h := <-got
			for k, v := range tt.want {
				if h.Get(k) != v {
					t.Errorf("%s = %q, want %q", k, h.Get(k), v)
				}
			}
		})
	}
}

func TestFetchOK(t *testing.T) {
	t.Parallel()
	srv, _ := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml; charset=ISO-8859-1")
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Tue, 03 Mar 2026 08:00:00 GMT")
		w.Write([]byte(rssDoc))
	}))
	resp, err := testFetcher(t, Options{}).Fetch(context.Background(), feeds.FetchRequest{URL: srv.URL + "/feed"})
	if err != nil {
		t.Fatal(err)
	}
	want := feeds.FetchResponse{
		Status:       200,
		Body:         []byte(rssDoc),
		ContentType:  "application/rss+xml; charset=ISO-8859-1",
		ETag:         `"v1"`,
		LastModified: "Tue, 03 Mar 2026 08:00:00 GMT",
		FinalURL:     srv.URL + "/feed",
		Digest:       feeds.BodyDigest([]byte(rssDoc)),
	}
	if fmt.Sprint(*resp) != fmt.Sprint(want) {
		t.Errorf("response\n got %+v\nwant %+v", *resp, want)
	}
}

func TestFetchNotModified(t *testing.T) {
	t.Parallel()
	srv, _ := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/etag" && r.Header.Get("If-None-Match") == `"v1"`:
			w.Header().Set("ETag", `"v1"`)
			w.WriteHeader(http.StatusNotModified)
		case r.URL.Path == "/date" && r.Header.Get("If-Modified-Since") == "Tue, 03 Mar 2026 08:00:00 GMT":
			w.WriteHeader(http.StatusNotModified) // no validators repeated
		default:
			w.Write([]byte(rssDoc))
		}
	}))
	f := testFetcher(t, Options{})
	tests := []struct {
		req              feeds.FetchRequest
		etag, lastModify string
	}{
		{feeds.FetchRequest{URL: srv.URL + "/etag", ETag: `"v1"`}, `"v1"`, ""},
		{feeds.FetchRequest{URL: srv.URL + "/date", ETag: `"old"`, LastModified: "Tue, 03 Mar 2026 08:00:00 GMT"},
			`"old"`, "Tue, 03 Mar 2026 08:00:00 GMT"},
	}
	for _, tt := range tests {
		resp, err := f.Fetch(context.Background(), tt.req)
		if err != nil {
			t.Fatalf("%s: %v", tt.req.URL, err)
		}
		if !resp.NotModified || resp.Status != 304 || resp.Body != nil {
			t.Errorf("%s: got %+v, want a bodiless 304", tt.req.URL, resp)
		}
		if resp.ETag != tt.etag || resp.LastModified != tt.lastModify {
			t.Errorf("%s: validators %q %q, want %q %q (the stored ones still hold)",
				tt.req.URL, resp.ETag, resp.LastModified, tt.etag, tt.lastModify)
		}
	}
}

func TestFetchStatus(t *testing.T) {
	t.Parallel()
	now := time.Now()
	srv, _ := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		code, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/"))
		if ra := r.URL.Query().Get("ra"); ra != "" {
			w.Header().Set("Retry-After", ra)
		}
		w.WriteHeader(code)
		io.WriteString(w, "<html><body>Erreur</body></html>")
	}))
	f := testFetcher(t, Options{})
	inTwoHours := url2(now.Add(2 * time.Hour).UTC().Format(http.TimeFormat))
	tests := []struct {
		path       string
		kind       feeds.ErrorKind
		msg        string
		retryAfter time.Duration // -1: about two hours
	}{
		{"/404", feeds.ErrHTTPStatus, "HTTP 404 Not Found", 0},
		{"/403", feeds.ErrHTTPStatus, "HTTP 403 Forbidden", 0},
		{"/500", feeds.ErrHTTPStatus, "HTTP 500 Internal Server Error", 0},
		{"/300", feeds.ErrHTTPStatus, "HTTP 300 Multiple Choices", 0}, // a 3xx without Location
		{"/599", feeds.ErrHTTPStatus, "HTTP 599", 0},
		{"/410", feeds.ErrGone, "HTTP 410 Gone", 0},
		{"/429?ra=120", feeds.ErrRateLimited, "HTTP 429 Too Many Requests, retry after 2m0s", 2 * time.Minute},
		{"/429", feeds.ErrRateLimited, "HTTP 429 Too Many Requests", 0},
		{"/503", feeds.ErrRateLimited, "HTTP 503 Service Unavailable", 0},
		{"/503?ra=" + inTwoHours, feeds.ErrRateLimited, "HTTP 503 Service Unavailable, retry after ", -1},
	}
	for _, tt := range tests {
		_, err := f.Fetch(context.Background(), feeds.FetchRequest{URL: srv.URL + tt.path})
		prefix := "fetch " + srv.URL + tt.path + ": " + tt.msg
		fe := feedErr(t, err, tt.kind, prefix)
		if tt.retryAfter >= 0 && err.Error() != prefix {
			t.Errorf("message %q, want %q", err, prefix)
		}
		code, _ := strconv.Atoi(tt.path[1:4])
		if fe.Status != code {
			t.Errorf("%s: Status = %d", tt.path, fe.Status)
		}
		switch {
		case tt.retryAfter >= 0 && fe.RetryAfter != tt.retryAfter:
			t.Errorf("%s: RetryAfter = %s, want %s", tt.path, fe.RetryAfter, tt.retryAfter)
		case tt.retryAfter < 0 && (fe.RetryAfter < 2*time.Hour-time.Minute || fe.RetryAfter > 2*time.Hour):
			t.Errorf("%s: RetryAfter = %s, want about 2h", tt.path, fe.RetryAfter)
		}
	}
}

// url2 escapes an HTTP-date for a query string.
func url2(s string) string { return strings.NewReplacer(" ", "%20", ",", "%2C", ":", "%3A").Replace(s) }

func TestFetchNoContent(t *testing.T) {
	t.Parallel()
	srv, _ := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	}))
	resp, err := testFetcher(t, Options{}).Fetch(context.Background(), feeds.FetchRequest{URL: srv.URL})
	if err != nil || resp.Status != 204 || len(resp.Body) != 0 || resp.NotModified {
		t.Fatalf("got %+v, %v; want an empty 204 handed to the parser", resp, err)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 3, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"120", 2 * time.Minute},
		{" 3600 ", time.Hour},
		{"0", 0},
		{"-5", 0},
		{"1.5", 0},
		{"soon", 0},
		{"99999999999999999", 24 * time.Hour},
		{"86401", 24 * time.Hour},
		{"Tue, 03 Mar 2026 10:01:30 GMT", 90 * time.Second},   // IMF-fixdate
		{"Tuesday, 03-Mar-26 10:30:00 GMT", 30 * time.Minute}, // RFC 850
		{"Tue Mar  3 11:00:00 2026", time.Hour},               // asctime
		{"Tue, 03 Mar 2026 09:00:00 GMT", 0},                  // in the past
		{"Fri, 03 Apr 2026 10:00:00 GMT", 24 * time.Hour},     // a month away
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.in, now); got != tt.want {
			t.Errorf("parseRetryAfter(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestFetchRedirects(t *testing.T) {
	t.Parallel()
	// /hop?c=301,302 answers the first code with a redirect to /hop?c=302, and so on; an
	// empty list serves the feed, or a 304 when the validator came along.
	srv, _ := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		codes := r.URL.Query().Get("c")
		if codes == "" {
			if r.Header.Get("If-None-Match") == `"v1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Write([]byte(rssDoc))
			return
		}
		first, rest, _ := strings.Cut(codes, ",")
		code, _ := strconv.Atoi(first)
		loc := "/hop?c=" + rest
		if to := r.URL.Query().Get("to"); to != "" && rest == "" {
			loc = to
		}
		http.Redirect(w, r, loc, code)
	}))
	base := srv.URL + "/hop?c="
	tests := []struct {
		codes   string
		opts    Options
		etag    string
		moved   bool
		kind    feeds.ErrorKind
		message string
	}{
		{codes: "", moved: false},
		{codes: "301", moved: true},
		{codes: "308", moved: true},
		{codes: "301,308,301", moved: true},
		{codes: "301,302", moved: false},
		{codes: "302,301", moved: false},
		{codes: "307", moved: false},
		{codes: "303", moved: false},
		{codes: "301,301,301,301,301", moved: true}, // exactly MaxRedirects
		{codes: "301,301,301,301,301,301", kind: feeds.ErrRedirects, message: "more than 5 redirects"},
		{codes: "302,302,302", opts: Options{MaxRedirects: 2}, kind: feeds.ErrRedirects, message: "more than 2 redirects"},
		{codes: "301", opts: Options{MaxRedirects: -1}, kind: feeds.ErrRedirects, message: "more than 0 redirects"},
		{codes: "301,301", etag: `"v1"`, moved: true}, // a 304 at the end still moves
	}
	for _, tt := range tests {
		t.Run(tt.codes, func(t *testing.T) {
			f := testFetcher(t, tt.opts)
			resp, err := f.Fetch(context.Background(), feeds.FetchRequest{URL: base + tt.codes, ETag: tt.etag})
			if tt.kind != "" {
				feedErr(t, err, tt.kind, "fetch "+base+tt.codes+": "+tt.message)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			wantFinal := base + tt.codes
			if tt.codes != "" {
				wantFinal = base
			}
			if resp.FinalURL != wantFinal {
				t.Errorf("FinalURL = %q, want %q", resp.FinalURL, wantFinal)
			}
			wantMoved := ""
			if tt.moved {
				wantMoved = wantFinal
			}
			if resp.MovedTo != wantMoved {
				t.Errorf("MovedTo = %q, want %q", resp.MovedTo, wantMoved)
			}
			if resp.NotModified != (tt.etag != "") {
				t.Errorf("NotModified = %v: the validator did not follow the redirect", resp.NotModified)
			}
		})
	}

	// Only http and https targets: the hop is refused before any request is made.
	for _, to := range []string{"file:///etc/passwd", "ftp://127.0.0.1/feed", "javascript:alert(1)", "gopher://127.0.0.1/"} {
		u := base + "301&to=" + strings.NewReplacer(":", "%3A", "/", "%2F", "(", "%28", ")", "%29").Replace(to)
		_, err := testFetcher(t, Options{}).Fetch(context.Background(), feeds.FetchRequest{URL: u})
		fe := feedErr(t, err, feeds.ErrRedirects, "fetch "+u+": redirect to unsupported URL scheme")
		if !strings.Contains(fe.Error(), strings.SplitN(to, ":", 2)[0]) {
			t.Errorf("message %q does not name the scheme", fe)
		}
	}
}

func TestFetchRejectsNonHTTP(t *testing.T) {
	t.Parallel()
	f := testFetcher(t, Options{})
	tests := []struct{ url, why string }{
		{"file:///etc/passwd", `unsupported URL scheme "file"`},
		{"javascript:alert(1)", `unsupported URL scheme "javascript"`},
		{"ftp://127.0.0.1/feed.xml", `unsupported URL scheme "ftp"`},
		{"data:text/xml,<rss/>", `unsupported URL scheme "data"`},
		{"", "not an absolute http or https URL"},
		{"www.numerama.com/feed/", "not an absolute http or https URL"},
		{"http:///feed", "URL has no host"},
		{"http://[::1/feed", "invalid URL"},
		{"http://127.0.0.1/\x1b[31m", "invalid URL"},
	}
	for _, tt := range tests {
		_, err := f.Fetch(context.Background(), feeds.FetchRequest{URL: tt.url})
		fe := feedErr(t, err, feeds.ErrNotFeed, fmt.Sprintf("fetch %q: ", tt.url))
		if !strings.Contains(fe.Error(), tt.why) {
			t.Errorf("%q: message %q, want it to say %q", tt.url, fe, tt.why)
		}
		if strings.ContainsRune(fe.Error(), 0x1b) {
			t.Errorf("%q: message carries an escape character", tt.url)
		}
	}
}

func TestFetchReusesConnections(t *testing.T) {
	t.Parallel()
	srv, conns := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/304":
			w.WriteHeader(http.StatusNotModified)
		case "/404":
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, strings.Repeat("page introuvable ", 500)) // drained, not dropped
		case "/gzip":
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(gzipped(t, []byte(rssDoc)))
		default:
			w.Write([]byte(rssDoc))
		}
	}))
	f := testFetcher(t, Options{})
	for i := range 20 {
		path := []string{"/feed", "/304", "/404", "/gzip"}[i%4]
		resp, err := f.Fetch(context.Background(), feeds.FetchRequest{URL: srv.URL + path, ETag: `"x"`})
		if path == "/404" {
			feedErr(t, err, feeds.ErrHTTPStatus, "fetch")
			continue
		}
		if err != nil || (path != "/304" && string(resp.Body) != rssDoc) {
			t.Fatalf("%s: %+v %v", path, resp, err)
		}
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("20 sequential fetches opened %d connections, want 1 (keep-alive)", n)
	}
}

func TestFetchConcurrent(t *testing.T) {
	t.Parallel()
	srv, _ := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Has("gz") {
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(gzipped(t, []byte(rssDoc)))
			return
		}
		w.Write([]byte(rssDoc))
	}))
	f := testFetcher(t, Options{})
	var wg sync.WaitGroup
	errs := make(chan error, 16*10)
	for g := range 16 {
		wg.Go(func() {
			for i := range 10 {
				u := fmt.Sprintf("%s/%d/%d", srv.URL, g, i)
				if i%2 == 0 {
					u += "?gz"
				}
				resp, err := f.Fetch(context.Background(), feeds.FetchRequest{URL: u})
				if err == nil && string(resp.Body) != rssDoc {
					err = fmt.Errorf("%s: body mixed up: %q", u, resp.Body)
				}
				if err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestFetchNetworkErrors(t *testing.T) {
	t.Parallel()

	t.Run("refused", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		u := "http://" + ln.Addr().String() + "/feed"
		ln.Close()
		_, err = testFetcher(t, Options{}).Fetch(context.Background(), feeds.FetchRequest{URL: u})
		feedErr(t, err, feeds.ErrNetwork, "fetch "+u+": dial tcp")
		if !strings.Contains(err.Error(), "refused") {
			t.Errorf("message %q does not say refused", err)
		}
	})

	t.Run("reset", func(t *testing.T) {
		u := rawServer(t, func(c net.Conn) {
			c.Read(make([]byte, 4096))
			c.(*net.TCPConn).SetLinger(0) // close with RST
			c.Close()
		})
		_, err := testFetcher(t, Options{}).Fetch(context.Background(), feeds.FetchRequest{URL: u})
		feedErr(t, err, feeds.ErrNetwork, "fetch "+u+": ")
	})

	t.Run("closed without answer", func(t *testing.T) {
		u := rawServer(t, func(c net.Conn) {
			c.Read(make([]byte, 4096))
			c.Close()
		})
		_, err := testFetcher(t, Options{}).Fetch(context.Background(), feeds.FetchRequest{URL: u})
		feedErr(t, err, feeds.ErrNetwork, "fetch "+u+": connection closed by the server before it answered")
	})

	t.Run("truncated body", func(t *testing.T) {
		u := rawServer(t, func(c net.Conn) {
			c.Read(make([]byte, 4096))
			io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n<rss>")
			c.Close()
		})
		_, err := testFetcher(t, Options{}).Fetch(context.Background(), feeds.FetchRequest{URL: u})
		feedErr(t, err, feeds.ErrNetwork, "fetch "+u+": connection closed before the whole body arrived")
	})

	t.Run("truncated gzip transfer", func(t *testing.T) {
		z := gzipped(t, []byte(rssDoc))
		u := rawServer(t, func(c net.Conn) {
			c.Read(make([]byte, 4096))
			fmt.Fprintf(c, "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n", len(z))
			c.Write(z[:len(z)/2])
			c.Close()
		})
		_, err := testFetcher(t, Options{}).Fetch(context.Background(), feeds.FetchRequest{URL: u})
		feedErr(t, err, feeds.ErrNetwork, "fetch "+u+": connection closed before the whole body arrived")
	})

	t.Run("hostile reason phrase", func(t *testing.T) {
		// The message names the status in net/http's words, never the server's.
		u := rawServer(t, func(c net.Conn) {
			c.Read(make([]byte, 4096))
			io.WriteString(c, "HTTP/1.1 404 \x1b[2J\x1b]0;pwned\x07 Nope\r\nContent-Length: 0\r\n\r\n")
			c.Close()
		})
		_, err := testFetcher(t, Options{}).Fetch(context.Background(), feeds.FetchRequest{URL: u})
		fe := feedErr(t, err, feeds.ErrHTTPStatus, "fetch "+u+": HTTP 404 Not Found")
		if fe.Error() != "fetch "+u+": HTTP 404 Not Found" {
			t.Errorf("message %q carries the server's reason phrase", fe)
		}
	})

	t.Run("dns", func(t *testing.T) {
		// The resolver is swapped for one that fails without sending a packet: the test must
		// not query a real DNS server.
		f := testFetcher(t, Options{})
		f.dialer.Resolver = &net.Resolver{PreferGo: true,
			Dial: func(context.Context, string, string) (net.Conn, error) {
				return nil, errors.New("no DNS in tests")
			}}
		u := "http://flux.invalid/feed"
		_, err := f.Fetch(context.Background(), feeds.FetchRequest{URL: u})
		feedErr(t, err, feeds.ErrNetwork, "fetch "+u+": dial tcp: lookup flux.invalid")
		var dnsErr *net.DNSError
		if !errors.As(err, &dnsErr) {
			t.Errorf("error %v does not wrap the *net.DNSError", err)
		}
	})
}

// rawServer accepts TCP connections on 127.0.0.1 and hands each to serve; it returns a URL.
// The connections are closed at the end of the test, which unblocks a serve that waits.
func rawServer(t *testing.T, serve func(net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		conns []net.Conn
	)
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			wg.Go(func() { serve(c) })
		}
	})
	return "http://" + ln.Addr().String() + "/feed"
}

// The body the caller already has (same digest of the wire bytes) is neither inflated nor
// returned; another one is.
func TestFetchKnownBodyIsNotInflated(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(rssDoc))
	zw.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(gz.Bytes())
	}))
	defer srv.Close()
	f := testFetcher(t, Options{})
	first, err := f.Fetch(context.Background(), feeds.FetchRequest{URL: srv.URL})
	if err != nil || string(first.Body) != rssDoc || first.Unchanged || first.Digest != feeds.BodyDigest(gz.Bytes()) {
		t.Fatalf("first fetch: %+v, %v", first, err)
	}
	again, err := f.Fetch(context.Background(), feeds.FetchRequest{URL: srv.URL, Digest: first.Digest})
	if err != nil || !again.Unchanged || again.Body != nil || again.Digest != first.Digest {
		t.Errorf("the same body again: %+v, %v; want it unchanged, without a body", again, err)
	}
	other, err := f.Fetch(context.Background(), feeds.FetchRequest{URL: srv.URL, Digest: "another"})
	if err != nil || other.Unchanged || string(other.Body) != rssDoc {
		t.Errorf("with another digest: %+v, %v", other, err)
	}
}
