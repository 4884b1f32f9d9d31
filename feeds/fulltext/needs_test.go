package fulltext

import (
	"strings"
	"testing"
	"unicode/utf8"

	"veille/feeds"
)

func TestNeedsPage(t *testing.T) {
	const u = "https://www.clubic.com/actualite-1.html"
	for _, tc := range []struct {
		name string
		c    feeds.PageCandidate
		tail string
		want bool
	}{
		{"Clubic teaser", feeds.PageCandidate{URL: u, TextLen: 224}, "de nouvelles fonctions pour les abonnés.", true},
		{"empty feed text", feeds.PageCandidate{URL: u}, "", true},
		{"full article", feeds.PageCandidate{URL: u, TextLen: 4200}, "selon le communiqué publié mardi.", false},
		{"just under the line", feeds.PageCandidate{URL: u, TextLen: 699}, "fin.", true},
		{"at the line", feeds.PageCandidate{URL: u, TextLen: 700}, "fin.", false},
		{"paywalled", feeds.PageCandidate{URL: u, TextLen: 2400, Paywalled: true}, "Il reste 76% de l'article à découvrir.", true},
		{"bracket ellipsis", feeds.PageCandidate{URL: u, TextLen: 900}, "une annonce qui devrait […]", true},
		{"ASCII bracket ellipsis", feeds.PageCandidate{URL: u, TextLen: 900}, "une annonce qui devrait [...]", true},
		{"ellipsis", feeds.PageCandidate{URL: u, TextLen: 900}, "une annonce qui devrait…", true},
		{"three dots", feeds.PageCandidate{URL: u, TextLen: 900}, "une annonce qui devrait... ", true},
		{"Lire la suite »", feeds.PageCandidate{URL: u, TextLen: 900}, "plusieurs pays. Lire la suite »", true},
		{"Lire la suite.", feeds.PageCandidate{URL: u, TextLen: 900}, "plusieurs pays. Lire la suite.", true},
		{"Continuer la lecture", feeds.PageCandidate{URL: u, TextLen: 900}, "… Continuer la lecture", true},
		{"lire l’article", feeds.PageCandidate{URL: u, TextLen: 900}, "Lire l’article →", true},
		{"ellipsis inside", feeds.PageCandidate{URL: u, TextLen: 900}, "il hésite… puis signe.", false},
		{"no page", feeds.PageCandidate{URL: "", TextLen: 100}, "", false},
		{"not http", feeds.PageCandidate{URL: "javascript:alert(1)", TextLen: 100}, "", false},
	} {
		tc.c.TextTail = tc.tail
		if got := NeedsPage(tc.c); got != tc.want {
			t.Errorf("%s: NeedsPage = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// candidate is what storage gives for an article whose plain text is text.
func candidate(text string) feeds.PageCandidate {
	c := feeds.PageCandidate{URL: "https://www.clubic.com/actualite-1.html", TextLen: utf8.RuneCountInString(text)}
	r := []rune(text)
	c.TextTail = string(r[max(0, len(r)-feeds.TextTailRunes):])
	return c
}

// TestNeedsPageLongTeaser: a text past 700 characters that ends in "[…]" is a teaser all
// the same, whichever of the teaser endings it uses, and the tail is long enough for each.
func TestNeedsPageLongTeaser(t *testing.T) {
	body := strings.Repeat("Le constructeur détaille sa feuille de route pour l’année. ", 16)
	text := string([]rune(body)[:896]) + " […]"
	if n := utf8.RuneCountInString(text); n != 900 {
		t.Fatalf("text of %d characters", n)
	}
	if !NeedsPage(candidate(text)) {
		t.Errorf("900 characters ending in […]: NeedsPage = false")
	}
	if NeedsPage(candidate(body)) {
		t.Errorf("%d characters of ordinary text: NeedsPage = true", utf8.RuneCountInString(body))
	}
	for _, end := range teaserEnds {
		for _, after := range []string{"", " »", " →", ".", " "} {
			if c := candidate(body + "Et ensuite " + end + after); !NeedsPage(c) {
				t.Errorf("ending %q: NeedsPage = false (tail %q)", end+after, c.TextTail)
			}
		}
	}
}
