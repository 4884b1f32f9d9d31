package ui

import (
	"context"
	"strings"
	"testing"

	"veille/feeds"
	"veille/ui/lang"
)

// TestSourcesSayMalformed: a feed read by the loose pass says so in Sources, on its row only.
func TestSourcesSayMalformed(t *testing.T) {
	s := pressStore(t)
	ctx := context.Background()
	all, err := s.Feeds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var f feeds.Feed
	for _, g := range all {
		if g.ErrorKind == feeds.ErrNone && !g.LastFetch.IsZero() {
			f = g
			break
		}
	}
	if f.ID == 0 {
		t.Fatal("no healthy fetched feed in the fixtures")
	}
	f.Malformed = true
	if _, err := s.SaveRefresh(ctx, feeds.FeedUpdate{Feed: f}, testNow); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, testOptions(s), 160, 30)
	h.keys("<shift+tab>")
	if !h.m.tabs[h.m.active].sources {
		t.Fatal("shift+tab did not reach Sources")
	}
	want := lang.French.T("loose.status")
	n := 0
	for _, row := range strings.Split(h.view(), "\n") {
		if strings.Contains(row, want) {
			n++
			if !strings.Contains(row, f.Title) {
				t.Errorf("the mark is on another feed's row: %q", row)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d rows say %q, want 1:\n%s", n, want, h.view())
	}
}
