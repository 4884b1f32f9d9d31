package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"io"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"veille/feeds"
)

func gzipped(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestFetchBodyCap(t *testing.T) {
	t.Parallel()
	const limit = 64 << 10
	exact := bytes.Repeat([]byte("a"), limit)
	over := bytes.Repeat([]byte("a"), limit+1)
	random := make([]byte, 2*limit)
	rand.Read(random)
	block := make(chan struct{})

	srv, _ := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/exact-length": // Content-Length: read straight into a right-sized buffer
			w.Write(exact)
		case "/exact-chunked":
			w.(http.Flusher).Flush() // headers out without a length: chunked
			w.Write(exact)
		case "/over-chunked":
			w.(http.Flusher).Flush()
			w.Write(over)
		case "/announced": // refused on the header alone, without waiting for the body
			w.Header().Set("Content-Length", strconv.Itoa(20<<20))
			w.WriteHeader(http.StatusOK)
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
			case <-block:
			}
		case "/gzip-wire-over": // incompressible: the wire bytes alone pass the cap
			w.Header().Set("Content-Encoding", "gzip")
			w.(http.Flusher).Flush()
			w.Write(gzipped(t, random))
		case "/gzip-exact":
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(gzipped(t, exact))
		case "/gzip-over":
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(gzipped(t, over))
		}
	}))
	t.Cleanup(func() { close(block) }) // before srv.Close, which waits for handlers
	f := testFetcher(t, Options{MaxBody: limit, StallTimeout: 10 * time.Second, Timeout: 10 * time.Second})
	tests := []struct {
		path string
		msg  string // "" means success with exactly limit bytes
	}{
		{"/exact-length", ""},
		{"/exact-chunked", ""},
		{"/gzip-exact", ""},
		{"/over-chunked", "body is over the 64 KiB cap"},
		{"/announced", "body of 20 MiB (Content-Length) is over the 64 KiB cap"},
		{"/gzip-wire-over", "body is over the 64 KiB cap"},
		{"/gzip-over", "body is over the 64 KiB cap once decompressed"},
	}
	for _, tt := range tests {
		start := time.Now()
		resp, err := f.Fetch(context.Background(), feeds.FetchRequest{URL: srv.URL + tt.path})
		if tt.msg == "" {
			if err != nil {
				t.Errorf("%s: %v", tt.path, err)
			} else if len(resp.Body) != limit || cap(resp.Body) != limit {
				t.Errorf("%s: body len %d cap %d, want exactly %d", tt.path, len(resp.Body), cap(resp.Body), limit)
			}
			continue
		}
		fe := feedErr(t, err, feeds.ErrTooLarge, "fetch "+srv.URL+tt.path+": ")
		if got := strings.TrimPrefix(fe.Error(), "fetch "+srv.URL+tt.path+": "); got != tt.msg {
			t.Errorf("%s: message %q, want %q", tt.path, got, tt.msg)
		}
		within(t, start, time.Second) // the announced body is never waited for
	}
}

// A 20 MB gzip bomb (about 20 KB on the wire) must be refused after inflating no more than
// the cap, not inflated into memory first.
func TestFetchGzipBomb(t *testing.T) {
	// BestSpeed: the default level takes seconds under the race detector for the same effect.
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	zeros := make([]byte, 1<<20)
	for range 20 {
		zw.Write(zeros)
	}
	zw.Close()
	bomb := buf.Bytes()
	if len(bomb) > 64<<10 {
		t.Fatalf("the bomb is %d bytes on the wire; it should be tiny", len(bomb))
	}
	srv, _ := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb)
	}))
	const limit = 1 << 20
	f := testFetcher(t, Options{MaxBody: limit})

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := f.Fetch(context.Background(), feeds.FetchRequest{URL: srv.URL})
	runtime.ReadMemStats(&after)

	feedErr(t, err, feeds.ErrTooLarge, "fetch "+srv.URL+": body is over the 1 MiB cap once decompressed")
	// The scratch buffer doubles up to cap+1 (about 2 MiB allocated in all, cold), plus
	// the inflater's state; 20 MiB would mean the bomb went off.
	if got := after.TotalAlloc - before.TotalAlloc; got > 4*limit {
		t.Errorf("allocated %d bytes for a %d-byte cap", got, limit)
	}
}

func TestFetchGzip(t *testing.T) {
	t.Parallel()
	srv, _ := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/gzip":
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(gzipped(t, []byte(rssDoc)))
		case "/x-gzip-upper":
			w.Header().Set("Content-Encoding", " X-GZIP ")
			w.Write(gzipped(t, []byte(rssDoc)))
		case "/multistream": // concatenated members are one stream
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(gzipped(t, []byte(rssDoc[:100])))
			w.Write(gzipped(t, []byte(rssDoc[100:])))
		case "/mislabelled": // says gzip, sends plain text
			w.Header().Set("Content-Encoding", "gzip")
			w.Write([]byte(rssDoc))
		case "/empty-gzip":
			w.Header().Set("Content-Encoding", "gzip")
		case "/identity":
			w.Header().Set("Content-Encoding", "identity")
			w.Write([]byte(rssDoc))
		case "/corrupt":
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(append([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3}, "not deflate at all, sorry"...))
		case "/bad-checksum":
			z := gzipped(t, []byte(rssDoc))
			z[len(z)-8] ^= 0xff
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(z)
		case "/truncated":
			z := gzipped(t, []byte(rssDoc))
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(z[:len(z)/2])
		case "/magic-only":
			w.Header().Set("Content-Encoding", "gzip")
			w.Write([]byte{0x1f, 0x8b})
		case "/brotli":
			w.Header().Set("Content-Encoding", "br")
			w.Write([]byte("\x8b\x03\x80hello\x03"))
		}
	}))
	f := testFetcher(t, Options{})
	tests := []struct {
		path string
		body string
		kind feeds.ErrorKind
		msg  string
	}{
		{path: "/gzip", body: rssDoc},
		{path: "/x-gzip-upper", body: rssDoc},
		{path: "/multistream", body: rssDoc},
		{path: "/mislabelled", body: rssDoc},
		{path: "/identity", body: rssDoc},
		{path: "/empty-gzip", body: ""},
		{path: "/corrupt", kind: feeds.ErrParse, msg: "flate: corrupt input"},
		{path: "/bad-checksum", kind: feeds.ErrParse, msg: "gzip: invalid checksum"},
		{path: "/truncated", kind: feeds.ErrParse, msg: "gzip stream ends early"},
		{path: "/magic-only", kind: feeds.ErrParse, msg: "gzip stream ends early"},
		{path: "/brotli", kind: feeds.ErrParse, msg: `unsupported Content-Encoding "br"`},
	}
	for _, tt := range tests {
		resp, err := f.Fetch(context.Background(), feeds.FetchRequest{URL: srv.URL + tt.path})
		if tt.kind != "" {
			fe := feedErr(t, err, tt.kind, "fetch "+srv.URL+tt.path+": ")
			if !strings.Contains(fe.Error(), tt.msg) {
				t.Errorf("%s: message %q, want it to say %q", tt.path, fe, tt.msg)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.path, err)
			continue
		}
		if string(resp.Body) != tt.body {
			t.Errorf("%s: body %q, want %q", tt.path, resp.Body, tt.body)
		}
	}
}

func TestCapReader(t *testing.T) {
	for _, n := range []int{0, 1, 9, 10, 11, 100} {
		src := strings.Repeat("x", n)
		sentinel := &tooLargeError{limit: 10}
		got, err := io.ReadAll(&capReader{r: strings.NewReader(src), left: 10, err: sentinel})
		switch {
		case n <= 10 && (err != nil || string(got) != src):
			t.Errorf("n=%d: got %d bytes, %v; want all of them", n, len(got), err)
		case n > 10 && (err != sentinel || len(got) != 10):
			t.Errorf("n=%d: got %d bytes, %v; want 10 and the cap error", n, len(got), err)
		}
	}
}

func TestFormatSize(t *testing.T) {
	for n, want := range map[int64]string{
		10 << 20: "10 MiB", 3 << 19: "1.5 MiB", 64 << 10: "64 KiB", 1536: "1.5 KiB", 100: "100 bytes",
	} {
		if got := formatSize(n); got != want {
			t.Errorf("formatSize(%d) = %q, want %q", n, got, want)
		}
	}
}
