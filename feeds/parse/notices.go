package parse

import (
	"bytes"
	"regexp"
	"strings"
)

// Boilerplate that outlets append to their feed text: it repeats the title and names the
// site ("… est apparu en premier sur ActuIA" would tag every item "ia"), or it is a paywall
// call to action. Each regexp runs only after a cheap substring check finds its key word.
var (
	reNextRemaining = regexp.MustCompile(`(?i)il\s+reste\s+\d{1,3}\s*%\s*de\s+l['’ʼ]\s*article`)
	reSubscribe     = regexp.MustCompile(`(?i)abonnez-vous\s+pour\s+ne\s+rien\s+manquer`)
	reLogin         = regexp.MustCompile(`(?i)déjà\s+abonné(?:e|\(e\)|·e)?\s*\?\s*se\s+connecter`)
	reRestricted    = regexp.MustCompile(`(?i)lecture\s+restreinte`)
	reReservedOnly  = regexp.MustCompile(`(?i)^\s*article\s+réservé\s+aux\s+abonnés\s*[.:!|–—-]?\s*$`)
	// The Le Monde label sits inside a text node, no-break spaces and all.
	reReserved = regexp.MustCompile(`(?i)article[\s\x{a0}\x{202f}]+réservé[\s\x{a0}\x{202f}]+aux[\s\x{a0}\x{202f}]+abonnés[\s\x{a0}\x{202f}]*[.:!|–—-]?[\s\x{a0}\x{202f}]*`)
)

// yoastStarts open a WordPress/Yoast "rssafter" footer, in French and in English.
var yoastStarts = [][]byte{[]byte("L’article "), []byte("L'article "), []byte("Cet article "), []byte("The post ")}

// keyWords mark the text nodes that may hold a footer or a notice; a block is searched
// only when one of its nodes holds one.
var keyWords = []string{"appar", "appeared", "reste", "bonn", "estreint"}

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

// findBoilerplate returns where the first footer or paywall notice starts in the text of
// a block (everything from there to the end of the block goes), or -1, and whether a
// paywall notice was seen.
func findBoilerplate(seg []byte, words uint8) (at int, paywall bool) {
	at = -1
	keep := func(i int) {
		if i >= 0 && (at < 0 || i < at) {
			at = i
		}
	}
	for k, end := range []string{"est apparu en premier sur", "appeared first on"} {
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
	if bytes.Contains(seg, []byte("reste")) && bytes.IndexByte(seg, '%') >= 0 {
		if loc := reNextRemaining.FindIndex(seg); loc != nil {
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
		if !bytes.Contains(seg, []byte("serv")) {
			// not Le Monde's "Article réservé aux abonnés"
		} else if reReservedOnly.Match(seg) {
			keep(0)
			paywall = true
		} else if reReserved.Match(seg) {
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
	loc := reReserved.FindStringIndex(s)
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
