package fulltext

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"veille/feeds"
)

// fixtureURL is where the fixtures pretend to live: relative links resolve against it.
func fixtureURL(name string) string {
	site := map[string]string{
		"frandroid": "www.frandroid.com/intelligence-artificielle/2718281_mistral-devstral-2",
		"numerama":  "www.numerama.com/tech/1987654-openai-gpt-6.html",
		"clubic":    "www.clubic.com/actualite-561234-la-cnil-ia.html",
		"lemonde":   "www.lemonde.fr/pixels/article/2026/03/12/ia-act.html",
	}
	for prefix, u := range site {
		if strings.HasPrefix(name, prefix) {
			return "https://" + u
		}
	}
	return "https://example.fr/" + name
}

// want is what a fixture's .want file expects: the Source, text that must appear ("+"),
// addresses the sanitized HTML must link to ("="), and noise that must not appear ("-").
type want struct {
	source       feeds.TextSource
	text, noText []string
	links        []string
}

func readWant(t *testing.T, path string) want {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var w want
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "source: "):
			w.source = feeds.TextSource(strings.TrimPrefix(line, "source: "))
		case strings.HasPrefix(line, "+ "):
			w.text = append(w.text, line[2:])
		case strings.HasPrefix(line, "- "):
			w.noText = append(w.noText, line[2:])
		case strings.HasPrefix(line, "= "):
			w.links = append(w.links, line[2:])
		}
	}
	if w.source == "" {
		t.Fatalf("%s: no source line", path)
	}
	return w
}

func TestExtractFixtures(t *testing.T) {
	pages, err := filepath.Glob("testdata/*.html")
	if err != nil || len(pages) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, page := range pages {
		name := strings.TrimSuffix(filepath.Base(page), ".html")
		t.Run(name, func(t *testing.T) {
			body, err := os.ReadFile(page)
			if err != nil {
				t.Fatal(err)
			}
			w := readWant(t, strings.TrimSuffix(page, ".html")+".want")
			got, err := Extract(body, fixtureURL(name))
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			if got.Source != w.source {
				t.Fatalf("Source = %q, want %q; text:\n%s", got.Source, w.source, got.Text)
			}
			if w.source != feeds.TextFromPage {
				if got.Content != "" || got.Text != "" {
					t.Errorf("a %s page must keep the teaser, got text:\n%s", got.Source, got.Text)
				}
				return
			}
			checkClean(t, got)
			for _, s := range w.text {
				if !strings.Contains(got.Text, s) {
					t.Errorf("text lacks %q", s)
				}
			}
			for _, s := range w.noText {
				if strings.Contains(got.Text, s) {
					t.Errorf("text holds noise %q", s)
				}
			}
			for _, l := range w.links {
				if !strings.Contains(got.Content, `href="`+l+`"`) {
					t.Errorf("content does not link to %s", l)
				}
			}
			if t.Failed() {
				t.Logf("text:\n%s\n\ncontent:\n%s", got.Text, got.Content)
			}
		})
	}
}

// checkClean asserts what must hold of every extracted page: no control characters, no
// escape sequences, no bidi overrides, no script, no javascript: or data: addresses.
func checkClean(t *testing.T, p feeds.ArticlePage) {
	t.Helper()
	for _, s := range []string{p.Text, p.Content} {
		for _, r := range s {
			if (r < 0x20 && r != '\n') || (r >= 0x7f && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) ||
				(r >= 0x2066 && r <= 0x2069) || r == 0x200b || r == 0xfeff {
				t.Errorf("unsafe rune %U in output", r)
			}
		}
	}
	lower := strings.ToLower(p.Content)
	for _, bad := range []string{"<script", "javascript:", "data:", "onerror", "onclick", "<iframe", "<style", "<form", "<img"} {
		if strings.Contains(lower, bad) {
			t.Errorf("content holds %q", bad)
		}
	}
}

func TestExtractErrors(t *testing.T) {
	for name, tc := range map[string]struct{ page, url string }{
		"empty":       {"", "https://example.fr/a"},
		"no article":  {"<html><head><title>Accueil</title></head><body><nav><a href=/a>A</a></nav></body></html>", "https://example.fr/a"},
		"short":       {"<html><body><article><p>Une seule phrase, bien trop courte pour un article.</p></article></body></html>", "https://example.fr/a"},
		"relative":    {"<p>x</p>", "/a"},
		"not http":    {"<p>x</p>", "javascript:alert(1)"},
		"unparseable": {"<p>x</p>", "https://exa mple.fr/%zz"},
	} {
		t.Run(name, func(t *testing.T) {
			p, err := Extract([]byte(tc.page), tc.url)
			if err == nil {
				t.Fatalf("Extract = %+v, want an error", p)
			}
			if p.Source != "" || p.Text != "" {
				t.Errorf("a failed extraction must carry no text: %+v", p)
			}
		})
	}
	_, err := Extract([]byte("<html><body></body></html>"), "https://example.fr/a")
	if !errors.Is(err, ErrNoArticle) {
		t.Errorf("empty body: err = %v, want ErrNoArticle", err)
	}
}

// TestExtractLimits: pages past Extract's own bounds fail fast instead of tying up a core.
func TestExtractLimits(t *testing.T) {
	for name, page := range map[string]string{
		"over the byte cap": "<html><body><article><p>" + strings.Repeat("Un mot de trop. ", maxPageBytes/16+1) + "</p></article></body></html>",
		"too many elements": "<html><body><article>" + strings.Repeat("<p>Un paragraphe.</p>", maxElements+1) + "</article></body></html>",
		"nested too deep":   "<html><body>" + strings.Repeat("<div>", 20000) + "<p>" + strings.Repeat("Texte profond. ", 100),
	} {
		t.Run(name, func(t *testing.T) {
			p, err := Extract([]byte(page), "https://example.fr/a")
			if err == nil {
				t.Errorf("Extract = %q with %d characters, want an error", p.Source, len(p.Text))
			}
		})
	}
}
