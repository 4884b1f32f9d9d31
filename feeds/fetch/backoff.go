package fetch

import "time"

const (
	firstBackoff = 5 * time.Minute
	maxBackoff   = 12 * time.Hour
)

// Backoff is the delay before the next attempt after failures consecutive failures: 5
// minutes after the first, doubling each time (10m, 20m, 40m…) up to 12 hours, so that a
// broken feed is retried twice a day for ever rather than disabled. A larger Retry-After
// from the server wins, up to 24 hours. No jitter: the refresh already spreads feeds over
// hosts, and a deterministic schedule is one the user can be told ("prochain essai à 14 h").
func Backoff(failures int, retryAfter time.Duration) time.Duration {
	var d time.Duration
	if failures > 0 {
		d = maxBackoff
		// 5m << 8 is already past the cap; checking first keeps the shift from overflowing.
		if shift := failures - 1; shift < 8 {
			d = min(firstBackoff<<shift, maxBackoff)
		}
	}
	return max(d, min(retryAfter, maxRetryAfter))
}
