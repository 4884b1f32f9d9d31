package parse

import (
	"strings"
	"testing"
	"veille/feeds"
	"veille/internal/growth"
)

// TestNoBlowUp feeds inputs built to trigger quadratic behaviour (deep nesting, unclosed
// elements, many unterminated escape sequences, many key words): doubling one must not much
// more than double the memory its processing allocates.
func TestNoBlowUp(t *testing.T) {
	// Each input at scale k; the guard compares k = 1 with k = 2 (see growth).
	cases := map[string]func(k int) string{
		"deep b":       func(k int) string { return strings.Repeat("<b>", 25000*k) + "x" },
		"deep div":     func(k int) string { return strings.Repeat("<div>", 25000*k) + "x" + strings.Repeat("</div>", 25000*k) },
		"deep div ws":  func(k int) string { return strings.Repeat("<div> ", 25000*k) },
		"unclosed p":   func(k int) string { return strings.Repeat("<p>x", 25000*k) },
		"li":           func(k int) string { return strings.Repeat("<li>x", 25000*k) },
		"td":           func(k int) string { return "<table><tr>" + strings.Repeat("<td>x", 25000*k) },
		"end tags":     func(k int) string { return strings.Repeat("</i>", 25000*k) },
		"links":        func(k int) string { return strings.Repeat(`<a href="https://x.fr/a">x</a> `, 10000*k) },
		"yoast many":   func(k int) string { return strings.Repeat("<div>L’article x est apparu en premier sur y. ", 2500*k) },
		"paywall deep": func(k int) string { return strings.Repeat("<div>Il reste 9 % de l'article à découvrir ", 1500*k) },
		"attrs":        func(k int) string { return "<p " + strings.Repeat(`title="x" `, 25000*k) + ">x</p>" },
		"entities":     func(k int) string { return strings.Repeat("&eacute;", 25000*k) },
		"reste nodes":  func(k int) string { return strings.Repeat("<b>reste</b> ", 15000*k) },
		"empty units":  func(k int) string { return strings.Repeat("<div><p></p>", 15000*k) },
	}
	for name, gen := range cases {
		ratio, small, large := growth.Ratio(1, gen, func(in string) { convertHTML(in, nil, true, true) })
		if ratio > 3 {
			t.Errorf("%s: twice the input allocates %.1f× the memory (%d → %d bytes)", name, ratio, small, large)
		}
	}
	others := map[string]func(k int){
		"unterminated OSC": func(k int) { feeds.CleanText(strings.Repeat("\x1b]", 25000*k) + strings.Repeat("\n \n", 25000*k)) },
		"unterminated DCS": func(k int) { feeds.CleanText(strings.Repeat("\x1bP\u009d", 25000*k)) },
		"long query":       func(k int) { CanonicalLink("https://x.fr/?" + strings.Repeat("utm_a=1&b=2&", 10000*k)) },
		"many categories": func(k int) {
			var cats []string
			for i := range 10000 * k {
				cats = append(cats, "cat"+strings.Repeat("x", i%50))
			}
			dedupe(cats)
		},
		"many CDATA": func(k int) {
			liftCDATA([]byte("<rss>" + strings.Repeat("<!--<![CDATA[", 10000*k) + strings.Repeat("<![CDATA["+strings.Repeat("x", 70)+"]]>", 10000*k)))
		},
	}
	for name, f := range others {
		ratio, small, large := growth.Ratio(1, func(k int) int { return k }, f)
		if ratio > 3 {
			t.Errorf("%s: twice the input allocates %.1f× the memory (%d → %d bytes)", name, ratio, small, large)
		}
	}
}
