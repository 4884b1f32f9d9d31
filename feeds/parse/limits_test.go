package parse

import (
	"strings"
	"testing"
	"time"
	"veille/feeds"
)

// TestNoBlowUp feeds inputs built to trigger quadratic behaviour (deep nesting, unclosed
// elements, many unterminated escape sequences, many key words). Each takes milliseconds;
// the bound is loose so that a loaded machine does not fail it.
func TestNoBlowUp(t *testing.T) {
	const limit = 3 * time.Second
	cases := map[string]string{
		"deep b":       strings.Repeat("<b>", 50000) + "x",
		"deep div":     strings.Repeat("<div>", 50000) + "x" + strings.Repeat("</div>", 50000),
		"deep div ws":  strings.Repeat("<div> ", 50000),
		"unclosed p":   strings.Repeat("<p>x", 50000),
		"li":           strings.Repeat("<li>x", 50000),
		"td":           "<table><tr>" + strings.Repeat("<td>x", 50000),
		"end tags":     strings.Repeat("</i>", 50000),
		"links":        strings.Repeat(`<a href="https://x.fr/a">x</a> `, 20000),
		"yoast many":   strings.Repeat("<div>L’article x est apparu en premier sur y. ", 5000),
		"paywall deep": strings.Repeat("<div>Il reste 9 % de l'article à découvrir ", 3000),
		"attrs":        "<p " + strings.Repeat(`title="x" `, 50000) + ">x</p>",
		"entities":     strings.Repeat("&eacute;", 50000),
		"reste nodes":  strings.Repeat("<b>reste</b> ", 30000),
		"empty units":  strings.Repeat("<div><p></p>", 30000),
	}
	for name, in := range cases {
		start := time.Now()
		convertHTML(in, nil, true, true)
		if d := time.Since(start); d > limit {
			t.Errorf("%s (%d bytes): %v", name, len(in), d)
		}
	}
	others := map[string]func(){
		"unterminated OSC": func() { feeds.CleanText(strings.Repeat("\x1b]", 50000) + strings.Repeat("\n \n", 50000)) },
		"unterminated DCS": func() { feeds.CleanText(strings.Repeat("\x1bP\u009d", 50000)) },
		"long query":       func() { CanonicalLink("https://x.fr/?" + strings.Repeat("utm_a=1&b=2&", 20000)) },
		"many categories": func() {
			var cats []string
			for i := range 20000 {
				cats = append(cats, "cat"+strings.Repeat("x", i%50))
			}
			dedupe(cats)
		},
		"many CDATA": func() {
			liftCDATA([]byte("<rss>" + strings.Repeat("<!--<![CDATA[", 20000) + strings.Repeat("<![CDATA["+strings.Repeat("x", 70)+"]]>", 20000)))
		},
	}
	for name, f := range others {
		start := time.Now()
		f()
		if d := time.Since(start); d > limit {
			t.Errorf("%s: %v", name, d)
		}
	}
}
