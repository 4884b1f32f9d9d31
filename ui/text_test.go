package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestWrapText(t *testing.T) {
	tests := []struct {
		in    string
		width int
		want  string
	}{
		{"règle open-source et proprietaire", 20, "règle open-source et\nproprietaire"},
		{"un  deux", 10, "un deux"},
		{"anticonstitutionnellement", 10, "anticonsti\ntutionnell\nement"},
		{"Météo\u00a0: vent", 8, "Météo\u00a0:\nvent"},
		{"a\n\nb", 10, "a\n\nb"},
		{"日本語のテキスト", 6, "日本語\nのテキ\nスト"},
	}
	for _, tc := range tests {
		got := wrapText(tc.in, tc.width)
		if got != tc.want {
			t.Errorf("wrapText(%q, %d) = %q, want %q", tc.in, tc.width, got, tc.want)
		}
		for _, l := range strings.Split(got, "\n") {
			if ansi.StringWidth(l) > tc.width {
				t.Errorf("wrapText(%q, %d): line %q too wide", tc.in, tc.width, l)
			}
		}
	}
}

func TestFitAndTruncate(t *testing.T) {
	if got := fit("Le Monde Informatique", 10); got != "Le Monde …" {
		t.Errorf("fit = %q", got)
	}
	if got := fitLeft("2 h", 6); got != "   2 h" {
		t.Errorf("fitLeft = %q", got)
	}
	if got := fit("été", 5); got != "été  " {
		t.Errorf("fit pads by cells: %q", got)
	}
}
