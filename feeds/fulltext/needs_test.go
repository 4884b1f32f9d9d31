package fulltext

import (
	"testing"

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
		if got := NeedsPage(tc.c, tc.tail); got != tc.want {
			t.Errorf("%s: NeedsPage = %v, want %v", tc.name, got, tc.want)
		}
	}
}
