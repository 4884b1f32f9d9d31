package parse

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"veille/feeds"

	"golang.org/x/net/html"
)

// FuzzSanitizeHTML: whatever the input, the output is well-formed, keeps no unsafe URL
// scheme, and its text and the plain text are safe to print.
func FuzzSanitizeHTML(f *testing.F) {
	for _, s := range []string{
		`<p>a<b>b<i>c</b>d</i></p>`, `<a href="javascript:x">y</a>`, `<script>x</script>`,
		`<table><tr><td>a<td>b</table>`, `<ul><li>a<li>b</ul>`, "<pre>a\x1b[2Jb</pre>",
		`<p>L’article <a href="x">T</a> est apparu en premier sur <a>S</a>.</p>`,
		`Il reste 89% de l'article à découvrir. <b>Abonnez-vous pour ne rien manquer.</b>`,
	} {
		f.Add(s)
	}
	base, _ := url.Parse("https://www.exemple.fr/a/")
	f.Fuzz(func(t *testing.T, s string) {
		for _, boilerplate := range []bool{false, true} {
			got := convertHTML(s, base, true, boilerplate)
			assertWellFormed(t, got.html)
			assertSafe(t, "text", got.text, true)
			assertSafeAttrs(t, got.html)
			for _, r := range got.html {
				if (r < 0x20 && r != '\n') || (r >= 0x7f && r <= 0x9f) || unicode.Is(unicode.Cf, r) {
					t.Fatalf("unsafe rune %U in html %q", r, got.html)
				}
			}
		}
	})
}

// assertSafeAttrs checks that only href, src, alt and title survive, and that addresses
// are web or mail addresses.
func assertSafeAttrs(t *testing.T, s string) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		for _, a := range z.Token().Attr {
			switch a.Key {
			case "alt", "title":
			case "href", "src":
				u, err := url.Parse(a.Val)
				if err != nil {
					t.Errorf("unparseable %s %q in %q", a.Key, a.Val, s)
					continue
				}
				switch strings.ToLower(u.Scheme) {
				case "http", "https":
				case "mailto":
					if a.Key == "src" {
						t.Errorf("mailto image in %q", s)
					}
				default:
					t.Errorf("%s %q in %q", a.Key, a.Val, s)
				}
			default:
				t.Errorf("attribute %q kept in %q", a.Key, s)
			}
		}
	}
}

// FuzzFeed: Feed never panics, and what it returns is safe.
func FuzzFeed(f *testing.F) {
	names, _ := filepath.Glob(filepath.Join("testdata", "*"))
	for _, n := range names {
		if b, err := os.ReadFile(n); err == nil {
			f.Add(b, "")
		}
	}
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		pf, err := Feed(body, contentType, "https://www.exemple.fr/feed", testNow)
		if err != nil {
			return
		}
		assertSafe(t, "title", pf.Title, false)
		for i := range pf.Articles {
			assertArticleSafe(t, &pf.Articles[i])
		}
	})
}

// assertSafe fails the test when s holds a rune that may never reach a terminal.
func assertSafe(t *testing.T, what, s string, multiline bool) {
	t.Helper()
	if i := feeds.FirstUnsafe(s, multiline); i >= 0 {
		t.Errorf("%s: unsafe rune %U at %d in %q", what, []rune(s[i:])[0], i, s)
	}
}
