package fetch

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
	"veille/feeds"
)

// readBody reads the response body under the cap. The cap holds twice: on the bytes from
// the wire, and on the bytes gzip inflates them to, so that a small gzip bomb is refused
// after at most MaxBody+1 inflated bytes. It also returns the digest of the bytes as they
// came over the wire; when that is known, the document is the one the caller already has,
// and it is not inflated (body is nil): a hash instead of a gunzip and a parse.
func (f *Fetcher) readBody(resp *http.Response, wire io.Reader, known string) (body []byte, digest string, err error) {
	limit := f.opts.MaxBody
	if resp.ContentLength > limit {
		// Refused before a byte of the body is read; Close drops the connection.
		return nil, "", &tooLargeError{size: resp.ContentLength, limit: limit}
	}
	wireCap := &capReader{r: wire, left: limit, err: &tooLargeError{limit: limit}}

	enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding")))
	switch enc {
	case "", "identity", "gzip", "x-gzip":
	default:
		// We only ever ask for gzip; anything else cannot be read.
		return nil, "", fmt.Errorf("%w %q", errEncoding, enc)
	}
	var raw []byte
	if n := resp.ContentLength; n > 0 {
		// The length is known and under the cap: read straight into a buffer of the right
		// size, no growth and no copy.
		raw = make([]byte, n)
		if _, err := io.ReadFull(wireCap, raw); err != nil {
			return nil, "", err
		}
	} else if raw, err = readAll(wireCap, limit); err != nil {
		return nil, "", err
	}
	digest = feeds.BodyDigest(raw)
	if known != "" && digest == known {
		return nil, digest, nil
	}
	// Some servers label a plain body as gzip; trust the magic number over the header rather
	// than fail a readable feed.
	if enc == "" || enc == "identity" || len(raw) < 2 || raw[0] != 0x1f || raw[1] != 0x8b {
		return raw, digest, nil
	}
	zr := gzipPool.Get().(*gzip.Reader)
	defer gzipPool.Put(zr)
	if err := zr.Reset(bytes.NewReader(raw)); err != nil {
		return nil, "", gzipError(err, wireCap)
	}
	body, err = readAll(&capReader{r: zr, left: limit, err: &tooLargeError{limit: limit, inflated: true}}, limit)
	return body, digest, gzipError(err, wireCap)
}

// gzipError tells a gzip stream cut short by the network from one the server sent
// truncated: both end in io.ErrUnexpectedEOF, but only the first has an unfinished
// transfer under it.
func gzipError(err error, wire *capReader) error {
	if wire.eof && errors.Is(err, io.ErrUnexpectedEOF) {
		return errGzipTruncated
	}
	return err
}

// readAll reads r to EOF through a pooled scratch buffer and returns an exact-size copy: the
// caller keeps the body, so only the scratch space can be reused, and one right-sized copy
// costs less than the garbage of append's doublings. The scratch never grows past
// limit+1, the most a capReader lets through.
func readAll(r io.Reader, limit int64) ([]byte, error) {
	bp := scratchPool.Get().(*[]byte)
	buf := (*bp)[:0]
	defer func() {
		if cap(buf) <= maxPooledScratch {
			*bp = buf[:0]
			scratchPool.Put(bp)
		}
	}()
	for {
		if len(buf) == cap(buf) {
			n := min(max(2*cap(buf), minScratch), int(limit)+1)
			if n <= cap(buf) {
				n = cap(buf) + minScratch // unreachable under a capReader; never spin
			}
			grown := make([]byte, len(buf), n)
			copy(grown, buf)
			buf = grown
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if len(buf) == 0 {
		return nil, nil
	}
	out := make([]byte, len(buf))
	copy(out, buf)
	return out, nil
}

const (
	minScratch = 32 << 10
	// maxPooledScratch keeps the odd multi-megabyte feed from pinning its buffer in the pool
	// for the life of the program; typical feeds are 50–500 KB.
	maxPooledScratch = 2 << 20
)

var (
	scratchPool = sync.Pool{New: func() any { b := make([]byte, 0, minScratch); return &b }}
	// A gzip.Reader carries about 40 KB of inflate state; pooling it matters at 100 feeds.
	gzipPool = sync.Pool{New: func() any { return new(gzip.Reader) }}
)

// capReader lets at most left bytes through, then fails with err as soon as one more byte
// shows up. It never asks r for more than left+1 bytes, so a reader behind it never
// allocates past the cap on its behalf.
type capReader struct {
	r    io.Reader
	left int64
	err  error
	eof  bool // r reported io.EOF: the transfer itself completed
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.left < 0 {
		return 0, c.err
	}
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.r.Read(p)
	if int64(n) > c.left {
		n = int(c.left)
		c.left = -1
		return n, c.err
	}
	c.left -= int64(n)
	if err == io.EOF {
		c.eof = true
	}
	return n, err
}

// stallReader re-arms a watchdog on every byte received; if the watchdog fires, onStall
// cancels the request, which unblocks the pending Read. A server that trickles one byte
// per interval shorter than the stall timeout is left to the whole-request deadline.
type stallReader struct {
	r     io.Reader
	d     time.Duration
	timer *time.Timer
}

func newStallReader(r io.Reader, d time.Duration, onStall func()) *stallReader {
	return &stallReader{r: r, d: d, timer: time.AfterFunc(d, onStall)}
}

func (s *stallReader) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if n > 0 {
		s.timer.Reset(s.d)
	}
	return n, err
}

func (s *stallReader) stop() { s.timer.Stop() }
