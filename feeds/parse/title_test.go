package parse

import (
	"strings"
	"testing"
)

// TestFeedScriptText: the text of <script> and <style> elements never reaches a title or a
// summary, whether the markup is CDATA, escaped, double-escaped, holds comments or CDATA,
// is nested in other markup or is left unterminated.
func TestFeedScriptText(t *testing.T) {
	pf := parseFixture(t, "script-titles.xml", "application/rss+xml", "https://scripts.example/feed")
	if len(pf.Articles) != 7 {
		t.Fatalf("%d articles, want 7", len(pf.Articles))
	}
	for i, a := range pf.Articles {
		wantTitle, wantSummary := "safe title", "safe description"
		if i == 6 { // unterminated: the rest of the value is script
			wantTitle, wantSummary = "safe", "safe"
		}
		if a.Title != wantTitle {
			t.Errorf("%s: title %q, want %q", a.URL, a.Title, wantTitle)
		}
		if a.Summary != wantSummary {
			t.Errorf("%s: summary %q, want %q", a.URL, a.Summary, wantSummary)
		}
		for _, bad := range []string{"location", "alert", "color", "document", "evil"} {
			if strings.Contains(a.Title, bad) || strings.Contains(a.Summary, bad) || strings.Contains(a.Text, bad) && i != 5 {
				t.Errorf("%s: %q leaked: title %q summary %q text %q", a.URL, bad, a.Title, a.Summary, a.Text)
			}
		}
	}
}

func TestPlainLineMarkup(t *testing.T) {
	for in, want := range map[string]string{
		"a < b":                       "a < b",
		"<3 et 1<2":                   "<3 et 1<2",
		"a<br>b":                      "a b",
		"L&amp;#039;IA <em>x</em>":    "L'IA x",
		"x <!-- c > d --> y":          "x y",
		"x <style>p{}</style>y":       "x y",
		"Tom &amp; Jerry":             "Tom & Jerry",
		"<noscript>n</noscript>ok":    "ok",
		"a<script src=x.js></script>": "a",
	} {
		if got := plainLine(in); got != want {
			t.Errorf("plainLine(%q) = %q, want %q", in, got, want)
		}
	}
}
