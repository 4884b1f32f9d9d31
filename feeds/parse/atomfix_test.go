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

// TestFeedAtom03Modes: Atom 0.3 content and summaries of mode base64 are decoded and those
// of mode escaped unescaped, whatever their type; text/plain ones stay text.
func TestFeedAtom03Modes(t *testing.T) {
	pf := parseFixture(t, "atom03-modes.xml", "application/atom+xml", "https://o.example/feed")
	if pf.Title != "Flux 03" {
		t.Errorf("feed title %q", pf.Title)
	}
	want := []struct{ content, summary string }{
		{"<p>Échappé <b>gras</b></p>", "Échappé gras"}, // escaped text/html (gofeed did it)
		{"<p>Sans type</p>", "Sans type"},              // escaped without type
		{"<p>Base <b>64</b></p>", "Base 64"},           // base64 text/html
		{"<p>Base <b>64</b></p>", "Résumé en base64"},  // base64 without type; base64 text/plain summary
		{"<p>XML <b>mode</b></p>", "Résumé échappé"},   // mode xml untouched; escaped summary
	}
	if len(pf.Articles) != len(want) {
		t.Fatalf("%d articles", len(pf.Articles))
	}
	for i, w := range want {
		a := pf.Articles[i]
		if a.Content != w.content || a.Summary != w.summary {
			t.Errorf("%s: content %q summary %q, want %q %q", a.URL, a.Content, a.Summary, w.content, w.summary)
		}
	}
}

func TestAtomModeValue(t *testing.T) {
	for _, c := range []struct {
		in   atomText
		want string
		ok   bool
	}{
		{atomText{Type: "text/plain", Mode: "base64", Inner: "PGI+"}, "<p>&lt;b&gt;</p>", true},
		{atomText{Mode: "base64", Inner: " PHA+\n QmFzZSA8Yj42NDwvYj48L3A+ "}, "<p>Base <b>64</b></p>", true},
		{atomText{Mode: "base64", Inner: "not base64!"}, "", false},
		{atomText{Mode: "base64", Inner: "/w=="}, "", false}, // not UTF-8: binary
		{atomText{Mode: "escaped", Inner: "<![CDATA[<p>cdata</p>]]>"}, "<p>cdata</p>", true},
		{atomText{Mode: "xml", Inner: "<p>x</p>"}, "", false},
	} {
		if got, ok := atomModeValue(c.in); got != c.want || ok != c.ok {
			t.Errorf("atomModeValue(%+v) = %q %v, want %q %v", c.in, got, ok, c.want, c.ok)
		}
	}
}
