package ui

import (
	"context"
	"strings"
	"testing"

	"veille/ui/lang"
)

// TestOpeningAnArticleGoneSaysSo: the store's feeds.ErrNotFound is what the reader recognises,
// with no adapter in between.
func TestOpeningAnArticleGoneSaysSo(t *testing.T) {
	s := pressStore(t)
	h := newHarness(t, testOptions(s), 100, 30)
	gone := *h.m.list.selected()
	if err := s.RemoveFeed(context.Background(), gone.FeedID); err != nil {
		t.Fatal(err)
	}
	h.keys("<enter>")
	want := lang.French.T("status.article.gone")
	if !strings.Contains(h.view(), want) {
		t.Errorf("opening article %d after its feed was removed does not say %q:\n%s", gone.ID, want, h.view())
	}
}
