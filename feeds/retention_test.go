package feeds

import (
	"testing"
	"time"
)

func TestRetentionCuts(t *testing.T) {
	const day = 24 * time.Hour
	now := time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		r    Retention
		want RetentionCuts
	}{
		{"default", DefaultRetention, RetentionCuts{
			Now:                now,
			StripBefore:        now.Add(-90 * day),
			DeleteReadBefore:   now.Add(-365 * day),
			DeleteUnreadBefore: now.Add(-730 * day), // unread: twice as long
		}},
		{"never", Retention{}, RetentionCuts{Now: now}},
		{"strip only", Retention{StripAfter: day}, RetentionCuts{Now: now, StripBefore: now.Add(-day)}},
		{"delete only", Retention{DeleteAfter: 10 * day}, RetentionCuts{
			Now: now, DeleteReadBefore: now.Add(-10 * day), DeleteUnreadBefore: now.Add(-20 * day)}},
	}
	for _, tt := range tests {
		if got := tt.r.Cuts(now); got != tt.want {
			t.Errorf("%s: Cuts = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}
