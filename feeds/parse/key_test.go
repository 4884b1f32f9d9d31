package parse

import (
	"testing"

	"veille/feeds"
)

// TestFeedAtKeysFromTheSubscription: a document fetched through a temporary redirect keys its
// items without GUID nor link by the subscription's URL, and resolves relative links against
// where it came from.
func TestFeedAtKeysFromTheSubscription(t *testing.T) {
	const date = "Wed, 21 Aug 2024 15:00:00 GMT"
	doc := []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Brèves</title>
<item><title>Sans lien ni guid</title><pubDate>` + date + `</pubDate><description>Texte.</description></item>
<item><title>Lien relatif</title><link>/breve/2.html</link><description>Texte.</description></item>
</channel></rss>`)
	const feedURL, fetched = "https://www.exemple.fr/feed/", "https://cdn.exemple.fr/tmp/feed/"
	direct, err := Feed(doc, "", feedURL, testNow)
	if err != nil {
		t.Fatal(err)
	}
	redirected, err := FeedAt(doc, "", feedURL, fetched, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if len(direct.Articles) != 2 || len(redirected.Articles) != 2 {
		t.Fatalf("articles: %d direct, %d redirected", len(direct.Articles), len(redirected.Articles))
	}
	want := feeds.DigestKey(feedURL, "Sans lien ni guid", date)
	if k := redirected.Articles[0].Key; k != want || k != direct.Articles[0].Key {
		t.Errorf("key through the redirect %q, direct %q, want %q", k, direct.Articles[0].Key, want)
	}
	if k := feeds.DigestKey(fetched, "Sans lien ni guid", date); k == want {
		t.Fatal("DigestKey ignores the feed URL: this test proves nothing")
	}
	if u := redirected.Articles[1].URL; u != "https://cdn.exemple.fr/breve/2.html" {
		t.Errorf("relative link resolved to %q, want it against the fetched URL", u)
	}
	if a := redirected.Articles[0]; a.Hash != feeds.ContentHash(&a) {
		t.Errorf("hash %q is not feeds.ContentHash", a.Hash)
	}
}
