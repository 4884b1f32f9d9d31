package stories

import (
	"testing"

	"veille/feeds"
)

// A Roman numeral after a name is its version, in figures: « GTA VI » and « GTA 6 » name one
// product. Only canonical numerals of two letters or more count.
func TestRomanVersion(t *testing.T) {
	for s, want := range map[string]int{"II": 2, "IV": 4, "VI": 6, "IX": 9, "XIV": 14, "XXXIX": 39} {
		if n, ok := romanNumeral(s); !ok || n != want {
			t.Errorf("romanNumeral(%q) = %d, %v; want %d", s, n, ok, want)
		}
	}
	for _, s := range []string{"", "I", "V", "X", "IIII", "VX", "IC", "vi", "XL", "VIA", "MIX"} {
		if n, ok := romanNumeral(s); ok {
			t.Errorf("romanNumeral(%q) = %d, want none", s, n)
		}
	}
	terms := func(title string) map[string]bool {
		out := map[string]bool{}
		for _, f := range Features(&feeds.Article{Title: title}, Default) {
			out[f.Term] = true
		}
		return out
	}
	if got := terms("GTA VI : Rockstar dévoile une bande-annonce"); !got["gta 6"] {
		t.Errorf("« GTA VI » gives no « gta 6 »: %v", got)
	}
	if got := terms("80 euros pour GTA 6, le prix qui fait grincer des dents"); !got["gta 6"] {
		t.Errorf("« GTA 6 » gives no « gta 6 »: %v", got)
	}
}
