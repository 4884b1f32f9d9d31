package parse

import "testing"

// TestFeedAtomLinkPriority: the alternate link wins even after links without href and links
// of other rels; without one, another rel's link, and the self link only as a last resort.
func TestFeedAtomLinkPriority(t *testing.T) {
	doc := `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>f</title><id>urn:f</id><updated>2024-08-01T10:00:00Z</updated>
<link rel="alternate"/><link rel="self" href="https://l.example/feed"/><link href="https://l.example/"/>
<entry><title>1</title><id>urn:1</id><updated>2024-08-01T10:00:00Z</updated>
 <link rel="alternate" type="text/html"/><link rel="self" href="https://l.example/1.atom"/><link rel="alternate" href="https://l.example/1"/></entry>
<entry><title>2</title><id>urn:2</id><updated>2024-08-01T10:00:00Z</updated>
 <link rel="edit" href="https://l.example/2/edit"/><link href=""/><link href="https://l.example/2"/></entry>
<entry><title>3</title><id>urn:3</id><updated>2024-08-01T10:00:00Z</updated>
 <link rel="self" href="https://l.example/3.atom"/><link rel="related" href="https://l.example/3"/><link rel="alternate"/></entry>
<entry><title>4</title><id>urn:4</id><updated>2024-08-01T10:00:00Z</updated>
 <link/><link rel="self" href="https://l.example/4.atom"/></entry>
</feed>`
	pf, err := Feed([]byte(doc), "application/atom+xml", "https://l.example/feed", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if pf.SiteURL != "https://l.example/" {
		t.Errorf("site URL %q", pf.SiteURL)
	}
	want := []string{"https://l.example/1", "https://l.example/2", "https://l.example/3", "https://l.example/4.atom"}
	if len(pf.Articles) != len(want) {
		t.Fatalf("%d articles", len(pf.Articles))
	}
	for i, w := range want {
		if got := pf.Articles[i].URL; got != w {
			t.Errorf("entry %d: URL %q, want %q", i+1, got, w)
		}
	}
}
