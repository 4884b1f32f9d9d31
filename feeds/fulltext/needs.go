package fulltext

import (
	"strings"
	"unicode"

	"veille/feeds"
)

// teaserRunes: feed text shorter than this is a teaser. The truncating outlets give
// 200–450 characters (Clubic, BFM, Les Numériques, Frandroid); a real article, even a
// brief, runs past 700.
const teaserRunes = 700

// teaserEnds are the ways a feed says "the rest is on the site", lower-cased, matched at
// the very end of the text once closing punctuation is trimmed.
var teaserEnds = []string{
	"[…]", "[...]", "(…)", "(...)", "…", "...",
	"lire la suite", "continuer la lecture", "lire l'article", "lire l’article",
	"la suite sur", "read more", "continue reading",
}

// NeedsPage decides, for mode "auto", whether an article's feed text is a teaser worth
// replacing by its page: there is an http(s) page, and the text is short (under 700
// characters), ends the way a truncated text does ("[…]", "…", "Lire la suite",
// "Continuer la lecture"; c.TextTail holds the end), or ended in a paywall notice (the page
// may have been opened to everyone since: Next frees its articles after a while).
func NeedsPage(c feeds.PageCandidate) bool {
	if !feeds.IsWebURL(c.URL) {
		return false
	}
	if c.Paywalled || c.TextLen < teaserRunes {
		return true
	}
	// "Lire la suite »", "Continuer la lecture →", "Lire la suite." all count.
	t := strings.ToLower(strings.TrimRightFunc(c.TextTail, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("»›→>:", r)
	}))
	bare := strings.TrimRightFunc(t, func(r rune) bool { return unicode.IsSpace(r) || r == '.' || r == '!' })
	for _, end := range teaserEnds {
		if strings.HasSuffix(t, end) || strings.HasSuffix(bare, end) {
			return true
		}
	}
	return false
}
