package ui

import (
	"errors"
	"slices"
	"testing"

	"veille/feeds"
)

func TestEffectiveQueryOffsets(t *testing.T) {
	_, err := effectiveQuery("+unread", "+ia +read", testNow)
	var qe *feeds.QueryError
	if !errors.As(err, &qe) || qe.Offset != 4 || qe.Term != "+read" {
		t.Errorf("contradiction with the tab: %+v", err)
	}
	q, err := effectiveQuery("+ia", "=numerama @7d", testNow)
	if err != nil || !slices.Equal(q.WithTags, []string{"ia"}) || !slices.Equal(q.Sources, []string{"numerama"}) || q.Since.IsZero() {
		t.Errorf("combined query %+v, %v", q, err)
	}
}

func TestSourceTerm(t *testing.T) {
	tests := map[string]feeds.Feed{
		"=numerama":              {Title: "Numerama", URL: "https://www.numerama.com/feed/"},
		"=le-monde-informatique": {Title: "Le Monde Informatique", URL: "https://www.lemondeinformatique.fr/rss"},
		"=korben.info":           {URL: "https://www.korben.info/feed"},
	}
	for want, f := range tests {
		if got := sourceTerm(f); got != want {
			t.Errorf("sourceTerm(%q) = %q, want %q", f.Title, got, want)
		}
		if _, err := feeds.ParseQuery(sourceTerm(f), testNow); err != nil {
			t.Errorf("%q does not parse: %v", sourceTerm(f), err)
		}
	}
}

func TestEffectiveQueryOffsetsAsTyped(t *testing.T) {
	_, err := effectiveQuery("+ia", "  @7x", testNow)
	var qe *feeds.QueryError
	if !errors.As(err, &qe) || qe.Offset != 2 {
		t.Errorf("offset in the filter as typed: %+v", err)
	}
}
