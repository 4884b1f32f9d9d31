package feeds

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
)

// An article's identity and its hash, defined once: parse gives every item its Key and Hash,
// and the cache only fills them, with these same functions, for callers that did not.

// ItemKey is an item's identity within its feed when it has one of its own: its GUID, else its
// link; "" when it has neither (see DigestKey). The caller passes them in the form it wants
// compared: parse canonicalizes URLs first, so that a tracking parameter added to a link does
// not make a new article.
func ItemKey(guid, link string) string {
	if guid != "" {
		return guid
	}
	return link
}

// DigestKey is the identity of an item with neither GUID nor link: a digest of its feed's
// subscription URL, its title and its date as the feed wrote it. feedURL must be the URL the
// feed is stored under, never where a temporary redirect took the request, or the same items
// would become new ones whenever the redirect comes and goes.
func DigestKey(feedURL, title, rawDate string) string {
	sum := sha1.Sum([]byte(feedURL + "\n" + title + "\n" + rawDate))
	return hex.EncodeToString(sum[:])
}

// ContentHash digests an article's upstream text: the cache rewrites a known article only when
// its hash changed, and a rewrite sends the article back to its feed's text (its page is
// fetched again). It covers the title, link, summary and content (the plain text derives from
// them). The stored hashes were made with exactly these fields: another set would make every
// article in a cache look changed on its next refresh, and lose the text taken from its page.
func ContentHash(a *Article) string {
	h := sha256.New()
	for _, s := range []string{a.Title, a.URL, a.Summary, a.Content} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// BodyDigest identifies a fetched feed document by its bytes as they came over the wire
// (compressed, when they were).
func BodyDigest(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:16])
}
