package fetch

import (
	"compress/flate"
	"compress/gzip"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"veille/feeds"
)

// maxRetryAfter bounds what a server may ask us to wait: past a day, a feed that says
// "come back next month" would simply vanish from the user's view.
const maxRetryAfter = 24 * time.Hour

// classify turns a transport or body error into a FeedError. The request context is
// consulted first: once it is done, whatever the transport reports is a consequence of that.
func (f *Fetcher) classify(ctx context.Context, op string, err error) *feeds.FeedError {
	switch cause := context.Cause(ctx); {
	case cause == errDeadline:
		return timeout(op, fmt.Sprintf("timeout after %s", f.opts.Timeout), context.DeadlineExceeded)
	case cause == errStalled:
		return timeout(op, fmt.Sprintf("timeout: no data received for %s", f.opts.StallTimeout), context.DeadlineExceeded)
	case errors.Is(cause, context.DeadlineExceeded):
		// From here on, the caller's context: a refresh past its own deadline, or cancelled.
		return timeout(op, "timeout: the caller's deadline passed", cause)
	case cause != nil:
		return &feeds.FeedError{Kind: feeds.ErrNetwork, Err: &opError{op + ": canceled", cause}}
	}

	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err // its text repeats the method and URL, which op already says
	}
	var (
		re    *redirectError
		big   *tooLargeError
		opErr *net.OpError
		netE  net.Error
		tlsE  *tls.CertificateVerificationError
		flErr flate.CorruptInputError
	)
	switch {
	case errors.As(err, &re):
		return &feeds.FeedError{Kind: feeds.ErrRedirects, Err: fmt.Errorf("%s: %w", op, err)}
	case errors.As(err, &big):
		return &feeds.FeedError{Kind: feeds.ErrTooLarge, Err: fmt.Errorf("%s: %w", op, err)}
	case errors.Is(err, gzip.ErrHeader), errors.Is(err, gzip.ErrChecksum), errors.As(err, &flErr),
		errors.Is(err, errEncoding), errors.Is(err, errGzipTruncated):
		// The bytes arrived but cannot be decoded: the document is unreadable, not the network.
		return &feeds.FeedError{Kind: feeds.ErrParse, Err: fmt.Errorf("%s: %w", op, err)}
	case errors.As(err, &opErr) && opErr.Op == "dial" && opErr.Timeout():
		return timeout(op, fmt.Sprintf("timeout after %s connecting to %s", f.opts.ConnectTimeout, opErr.Addr), err)
	case errors.As(err, &netE) && netE.Timeout():
		// With the dial and our own contexts ruled out, the transport's timers are left: the
		// TLS handshake or, most often, the wait for response headers.
		what := fmt.Sprintf("timeout after %s waiting for response headers", f.opts.HeaderTimeout)
		if strings.Contains(err.Error(), "TLS handshake") {
			what = fmt.Sprintf("timeout after %s during the TLS handshake", f.opts.ConnectTimeout)
		}
		return timeout(op, what, err)
	case errors.As(err, &tlsE):
		return &feeds.FeedError{Kind: feeds.ErrNetwork, Err: fmt.Errorf("%s: TLS: %w", op, err)}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &feeds.FeedError{Kind: feeds.ErrNetwork,
			Err: fmt.Errorf("%s: connection closed before the whole body arrived: %w", op, err)}
	case errors.Is(err, io.EOF):
		// Only the transport reports a bare EOF: body reads turn a short body into
		// io.ErrUnexpectedEOF.
		return &feeds.FeedError{Kind: feeds.ErrNetwork,
			Err: fmt.Errorf("%s: connection closed by the server before it answered: %w", op, err)}
	}
	// Refused, reset, DNS: the network, in the transport's own words.
	return &feeds.FeedError{Kind: feeds.ErrNetwork, Err: fmt.Errorf("%s: %w", op, err)}
}

// timeout is an ErrTimeout whose message is op and what, without the transport's own
// wording ("i/o timeout", "context deadline exceeded"), which only repeats it less clearly;
// the cause stays reachable with errors.Is.
func timeout(op, what string, cause error) *feeds.FeedError {
	return &feeds.FeedError{Kind: feeds.ErrTimeout, Err: &opError{op + ": " + what, cause}}
}

// opError is a message that stands on its own over a cause kept for errors.Is and As.
type opError struct {
	msg   string
	cause error
}

func (e *opError) Error() string { return e.msg }
func (e *opError) Unwrap() error { return e.cause }

// statusError classifies a response that is neither 2xx nor 304. The reason phrase comes
// from net/http, not from the server, so no server text reaches the message.
func statusError(op string, resp *http.Response, now time.Time) *feeds.FeedError {
	code := resp.StatusCode
	text := strings.TrimSpace(fmt.Sprintf("HTTP %d %s", code, http.StatusText(code)))
	fe := &feeds.FeedError{Kind: feeds.ErrHTTPStatus, Status: code}
	switch code {
	case http.StatusGone:
		fe.Kind = feeds.ErrGone
	case http.StatusTooManyRequests, http.StatusServiceUnavailable:
		fe.Kind = feeds.ErrRateLimited
		fe.RetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), now)
		if fe.RetryAfter > 0 {
			text += ", retry after " + fe.RetryAfter.String()
		}
	}
	fe.Err = fmt.Errorf("%s: %s", op, text)
	return fe
}

// parseRetryAfter reads a Retry-After value, delay-seconds or an HTTP-date, as a delay from
// now, clamped to [0, 24h]. Anything unreadable is 0: the back-off then applies as usual.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		if secs >= int64(maxRetryAfter/time.Second) {
			return maxRetryAfter
		}
		return time.Duration(secs) * time.Second
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0
	}
	// An HTTP-date has whole seconds; so does the delay, or the message would read
	// "retry after 1h59m59.94s".
	return min(max(t.Sub(now).Round(time.Second), 0), maxRetryAfter)
}

// tooLargeError is a body over the cap, on the wire or once inflated.
type tooLargeError struct {
	size     int64 // the announced Content-Length, or 0 when the cap was hit while reading
	limit    int64
	inflated bool
}

func (e *tooLargeError) Error() string {
	switch {
	case e.size > 0:
		return fmt.Sprintf("body of %s (Content-Length) is over the %s cap", formatSize(e.size), formatSize(e.limit))
	case e.inflated:
		return fmt.Sprintf("body is over the %s cap once decompressed", formatSize(e.limit))
	}
	return fmt.Sprintf("body is over the %s cap", formatSize(e.limit))
}

var (
	errEncoding      = errors.New("unsupported Content-Encoding")
	errGzipTruncated = errors.New("gzip stream ends early: the server sent a truncated document")
)

// formatSize writes a byte count the way a user reads a cap: "10 MiB", "1.5 MiB", "512 KiB".
func formatSize(n int64) string {
	const kib, mib = 1 << 10, 1 << 20
	switch {
	case n >= mib && n%mib == 0:
		return fmt.Sprintf("%d MiB", n/mib)
	case n >= mib:
		return fmt.Sprintf("%.1f MiB", float64(n)/mib)
	case n >= kib && n%kib == 0:
		return fmt.Sprintf("%d KiB", n/kib)
	case n >= kib:
		return fmt.Sprintf("%.1f KiB", float64(n)/kib)
	}
	return fmt.Sprintf("%d bytes", n)
}
