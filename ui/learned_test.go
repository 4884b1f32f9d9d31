package ui

import (
	"context"
	"strings"
	"testing"

	"veille/feeds"
)

// TestLearnedChip: a tag learned from the user's tagging is drawn apart from the rules' and
// the user's tags: « ~ » in the list's chips and in the evidence (e), which says it was learned.
func TestLearnedChip(t *testing.T) {
	s := pressStore(t)
	ctx := context.Background()
	h := newHarness(t, testOptions(s), 120, 30)
	id := selectedID(h)
	hit := feeds.LearnedHit{ID: id, Score: 0.87, Words: []string{"fusée", "orbite"}}
	if err := s.ApplyLearned(ctx, "spatial", []feeds.LearnedHit{hit}, true); err != nil {
		t.Fatal(err)
	}
	h = newHarness(t, testOptions(s), 120, 30)
	if v := h.view(); !strings.Contains(v, "~spatial") {
		t.Fatalf("no learned chip in the list:\n%s", v)
	}
	h.keys("<enter>", "e")
	v := h.view()
	if !strings.Contains(v, "~spatial") || !strings.Contains(v, "appris de vos tags") || !strings.Contains(v, "fusée, orbite") {
		t.Fatalf("the evidence does not say the tag was learned:\n%s", v)
	}
}
