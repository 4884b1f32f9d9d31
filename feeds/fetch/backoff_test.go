package fetch

import (
	"math"
	"testing"
	"time"
)

func TestBackoff(t *testing.T) {
	const m, h = time.Minute, time.Hour
	tests := []struct {
		failures   int
		retryAfter time.Duration
		want       time.Duration
	}{
		{0, 0, 0},
		{-3, 0, 0},
		{1, 0, 5 * m},
		{2, 0, 10 * m},
		{3, 0, 20 * m},
		{4, 0, 40 * m},
		{5, 0, 80 * m},
		{6, 0, 160 * m},
		{7, 0, 320 * m},
		{8, 0, 640 * m},
		{9, 0, 12 * h}, // 1280m is past the cap
		{10, 0, 12 * h},
		{64, 0, 12 * h},
		{math.MaxInt, 0, 12 * h},
		{1, 30 * m, 30 * m}, // Retry-After larger: it wins
		{4, 30 * m, 40 * m}, // smaller: the back-off wins
		{0, 90 * time.Second, 90 * time.Second},
		{9, 20 * h, 20 * h},      // even past the 12 h cap
		{1, 72 * h, 24 * h},      // but not past a day
		{1, -time.Minute, 5 * m}, // nonsense is ignored
	}
	for _, tt := range tests {
		if got := Backoff(tt.failures, tt.retryAfter); got != tt.want {
			t.Errorf("Backoff(%d, %s) = %s, want %s", tt.failures, tt.retryAfter, got, tt.want)
		}
	}
}
