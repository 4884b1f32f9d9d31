package parse

import (
	"bytes"
	"regexp"
	"strings"
)

// The French notices outlets add to an article that are not the article: the WordPress/Yoast
// footer and the paywall notices. This is the one list of them (fulltext keeps its own lists of
// page furniture, noisePrefixes, and needs.go of the endings that mark a teaser). Feed text loses them here
// (Feed cuts a block from the notice to its end and flags the article paywalled), and
// fulltext recognises a subscriber wall on a page by them (IsPaywallNotice). A notice counts
// in feed text, on pages, or both, as its comment says: a cut removes article text, so feed
// text is cut only on notices nobody writes in an article; a page found walled only keeps the
// feed's teaser.
//
// The regexps match block text whose white space is collapsed to ASCII spaces (no-break
// spaces included), and each runs only after a cheap literal test finds one of its words.
var (
	// Feed only: the Yoast "rssafter" footer, "L’article TITRE est apparu en premier sur SITE."
	// It repeats the title and names the site ("… sur ActuIA" would tag every item "ia").
	// yoastStarts open it, yoastEnds are its verb phrase, in French and in English.
	yoastStarts = [][]byte{[]byte("L’article "), []byte("L'article "), []byte("Cet article "), []byte("The post ")}
	yoastEnds   = []string{"est apparu en premier sur", "appeared first on"}

	// Feed and pages: Next's "Il reste 89 % de l'article à découvrir", Le Figaro's and
	// others' "Il vous reste 78,42 % de cet article à lire".
	reRemaining = regexp.MustCompile(`(?i)il\s+(?:vous\s+)?reste\s+\d{1,3}(?:[.,]\d+)?\s*%\s*(?:de\s+l['’ʼ]\s*article|de\s+cet\s+article)`)

	// Feed and pages: Le Monde's "Lecture restreinte – Votre abonnement n’autorise pas…".
	reRestricted = regexp.MustCompile(`(?i)lecture\s+restreinte`)

	// Feed and pages: Le Monde's label "Article réservé aux abonnés". In feed text it is
	// removed from the text node holding it, no-break spaces and all (reReservedLabel), and a
	// block that is only the label goes (reReservedOnly); the article is paywalled either way.
	// On a page it counts only alone in its block (see IsPaywallNotice).
	reReservedLabel = regexp.MustCompile(`(?i)article[\s\x{a0}\x{202f}]+réservé[\s\x{a0}\x{202f}]+aux[\s\x{a0}\x{202f}]+abonnés[\s\x{a0}\x{202f}]*[.:!|–—-]?[\s\x{a0}\x{202f}]*`)
	reReservedOnly  = regexp.MustCompile(`(?i)^\s*article\s+réservé\s+aux\s+abonnés\s*[.:!|–—-]?\s*$`)

	// Pages only: "La suite est réservée aux abonnés", "Contenu réservé à nos abonnés", and the
	// label again (counted alone in its block only). In an article's own text these words
	// describe somebody's offer ("ce contenu est réservé aux abonnés Canal+"): never cut.
	reReserved = regexp.MustCompile(`(?i)(?:la\s+suite(?:\s+de\s+cet\s+article)?\s+est\s+|(?:cet\s+)?article\s+(?:est\s+)?|contenu\s+(?:est\s+)?|lecture\s+des\s+articles\s+est\s+)réservée?s?\s+(?:aux|à\s+nos)\s+abonné`)

	// Pages only: "Abonnez-vous pour lire la suite", "Pour lire la suite de cet article,
	// abonnez-vous".
	reReadOn = regexp.MustCompile(`(?i)abonnez-vous\s+pour\s+(?:lire|continuer|accéder)|pour\s+lire\s+la\s+suite[^.!?]{0,40}abonn`)

	// Feed only: Next's "Abonnez-vous pour ne rien manquer" under the teaser. On a page the
	// same words head the newsletter box of free articles too.
	reSubscribe = regexp.MustCompile(`(?i)abonnez-vous\s+pour\s+ne\s+rien\s+manquer`)

	// Feed only: Next's "Déjà abonné ? Se connecter" under the teaser. A page carries it in
	// its header whatever the article.
	reLogin = regexp.MustCompile(`(?i)déjà\s+abonné(?:e|\(e\)|·e)?\s*\?\s*se\s+connecter`)
)

// keyWords mark the text nodes of feed text that may hold a footer or a notice; a block is
// searched only when one of its nodes holds one. The first two are the Yoast footer's.
var keyWords = []string{"appar", "appeared", "reste", "bonn", "estreint"}

// pageKeys are cheap, case-proof pieces of the page notices: a page's text node is matched
// against the regexps only when it holds one.
var pageKeys = []string{"este", "estreint", "éservé", "bonn"}

// keyWordSet is the set of key words found in a whole document, as a bit mask: text nodes
// are then checked for those only, usually none.
func keyWordSet(s string) uint8 {
	var set uint8
	for i, w := range keyWords {
		if strings.Contains(s, w) {
			set |= 1 << i
		}
	}
	return set
}

// hasKeyWord reports whether s holds one of the key words in set.
func hasKeyWord(s string, set uint8) bool {
	for i, w := range keyWords {
		if set&(1<<i) != 0 && strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// findNotice returns where the first footer or paywall notice starts in the text of
// a block (everything from there to the end of the block goes), or -1, and whether a
// paywall notice was seen.
func findNotice(seg []byte, words uint8) (at int, paywall bool) {
	at = -1
	keep := func(i int) {
		if i >= 0 && (at < 0 || i < at) {
			at = i
		}
	}
	for k, end := range yoastEnds {
		if words&(1<<k) == 0 {
			continue // keyWords[0] is "appar", keyWords[1] "appeared"
		}
		if i := bytes.Index(seg, []byte(end)); i >= 0 {
			keep(yoastStart(seg, i))
		}
	}
	if words&^3 == 0 {
		return at, false // no paywall key word in the document
	}
	// Cheap literal tests first: the regexps are costly, and words like "reste" or "abonnés"
	// are common in ordinary articles.
	if bytes.Contains(seg, []byte("reste")) && bytes.IndexByte(seg, '%') >= 0 && resteDigit(seg) {
		if loc := reRemaining.FindIndex(seg); loc != nil {
			keep(loc[0])
			paywall = true
		}
	}
	if bytes.Contains(seg, []byte("bonnez-vous")) {
		if loc := reSubscribe.FindIndex(seg); loc != nil {
			keep(loc[0])
			paywall = true
		}
	}
	if bytes.Contains(seg, []byte("abonn")) {
		if !bytes.Contains(seg, []byte("onnecter")) {
			// no login prompt
		} else if loc := reLogin.FindIndex(seg); loc != nil {
			keep(loc[0])
			paywall = true
		}
		if !bytes.Contains(seg, []byte("serv")) || !containsFoldASCII(seg, "rticle") {
			// not Le Monde's "Article réservé aux abonnés"
		} else if reReservedOnly.Match(seg) {
			keep(0)
			paywall = true
		} else if reReservedLabel.Match(seg) {
			paywall = true // split over several nodes inside real text: flag, keep the text
		}
	}
	if bytes.Contains(seg, []byte("estreinte")) {
		if loc := reRestricted.FindIndex(seg); loc != nil {
			keep(loc[0])
			paywall = true
		}
	}
	return at, paywall
}

// containsFoldASCII reports whether b holds lower (ASCII lower-case letters) in any case: the
// literal test before a (?i) regexp, exact for words without « k » or « s », the only ASCII
// letters that (?i) also matches outside ASCII (K, ſ).
func containsFoldASCII[T string | []byte](b T, lower string) bool {
	return indexFoldASCII(b, lower) >= 0
}

// indexFoldASCII is where containsFoldASCII finds lower first, or -1.
func indexFoldASCII[T string | []byte](b T, lower string) int {
	for i := 0; i+len(lower) <= len(b); i++ {
		j := 0
		for j < len(lower) && b[i+j]|0x20 == lower[j] {
			j++
		}
		if j == len(lower) {
			return i
		}
	}
	return -1
}

// resteDigit is the literal test before reRemaining: « reste », in any case, then white space
// and a digit. Texts say « reste » and « % » often; the notice's figure follows the verb.
// (Exact but for a « reſte » with a long s, which reRemaining's (?i) would also take.)
func resteDigit(seg []byte) bool {
	for i := 0; i < len(seg); {
		j := indexFoldASCII(seg[i:], "reste")
		if j < 0 {
			return false
		}
		k := i + j + len("reste")
		n := k
		for n < len(seg) && (seg[n] == ' ' || seg[n] == '\t' || seg[n] == '\n' || seg[n] == '\f' || seg[n] == '\r') {
			n++
		}
		if n > k && n < len(seg) && seg[n] >= '0' && seg[n] <= '9' {
			return true
		}
		i += j + 1
	}
	return false
}

// yoastStart finds where the footer whose verb phrase is at i begins: the nearest
// "L’article"/"Cet article" before it, else the start of its sentence.
func yoastStart(seg []byte, i int) int {
	best := -1
	for _, s := range yoastStarts {
		if j := bytes.LastIndex(seg[:i], s); j > best {
			best = j
		}
	}
	if best >= 0 && i-best < 600 {
		return best
	}
	j := max(bytes.LastIndex(seg[:i], []byte(". ")), bytes.LastIndexByte(seg[:i], '\n'))
	if j < 0 {
		return 0
	}
	return j + 1
}

// removeNotice drops Le Monde's "Article réservé aux abonnés" label from one text node.
func (c *converter) removeNotice(s string) string {
	if !containsFoldASCII(s, "rticle") {
		return s
	}
	loc := reReservedLabel.FindStringIndex(s)
	if loc == nil {
		return s
	}
	c.paywalled = true
	before, after := strings.TrimRight(s[:loc[0]], " "), strings.TrimLeft(s[loc[1]:], " ")
	if before == "" || after == "" {
		return before + after
	}
	return before + " " + after
}

// IsPaywallNotice reports whether block, the text of one block of a web page with its white
// space collapsed, is a subscriber wall's notice: what a page shows in place of the rest of
// the article. The bare label "Article réservé aux abonnés" counts only alone in its block:
// in a sentence it is somebody writing about paywalls.
func IsPaywallNotice(block string) bool {
	if reRemaining.MatchString(block) || reRestricted.MatchString(block) || reReadOn.MatchString(block) {
		return true
	}
	if loc := reReserved.FindStringIndex(block); loc != nil {
		m := strings.ToLower(block[loc[0]:loc[1]])
		label := strings.HasPrefix(m, "article") || strings.HasPrefix(m, "cet article")
		return !label || len(block) < 80
	}
	return false
}

// MayHoldPaywallNotice is the cheap test to run on a page's text before IsPaywallNotice:
// false when s holds none of the notices' words.
func MayHoldPaywallNotice(s string) bool {
	for _, k := range pageKeys {
		if strings.Contains(s, k) {
			return true
		}
	}
	return false
}
