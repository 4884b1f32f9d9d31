package feeds

import "testing"

func TestItemKey(t *testing.T) {
	for _, tt := range []struct{ guid, link, want string }{
		{"urn:1", "https://x.fr/a", "urn:1"},
		{"", "https://x.fr/a", "https://x.fr/a"},
		{"", "", ""},
	} {
		if got := ItemKey(tt.guid, tt.link); got != tt.want {
			t.Errorf("ItemKey(%q, %q) = %q, want %q", tt.guid, tt.link, got, tt.want)
		}
	}
	k := DigestKey("https://x.fr/feed", "Titre", "Wed, 21 Aug 2024 15:00:00 GMT")
	for _, other := range []string{
		DigestKey("https://cdn.x.fr/feed", "Titre", "Wed, 21 Aug 2024 15:00:00 GMT"),
		DigestKey("https://x.fr/feed", "Titre 2", "Wed, 21 Aug 2024 15:00:00 GMT"),
		DigestKey("https://x.fr/feed", "Titre", ""),
	} {
		if other == k {
			t.Errorf("DigestKey collides: %q", k)
		}
	}
}

// TestContentHash pins the digest: caches store it, and a different one would make every
// article look changed once.
func TestContentHash(t *testing.T) {
	a := Article{Title: "Mistral publie un modèle", URL: "https://x.fr/a", Summary: "Chapô.",
		Content: "<p>Texte.</p>", Text: "Texte.", Author: "Camille", Categories: []string{"IA"}}
	const want = "7d581ff6e5000344d2ddf9fb6cdf138b" // as parse has always made it
	if got := ContentHash(&a); got != want {
		t.Errorf("ContentHash = %q, want %q", got, want)
	}
	for name, edit := range map[string]func(*Article){
		"title":   func(a *Article) { a.Title += "!" },
		"url":     func(a *Article) { a.URL += "?p=2" },
		"summary": func(a *Article) { a.Summary += "!" },
		"content": func(a *Article) { a.Content += "<p>Suite.</p>" },
	} {
		b := a
		edit(&b)
		if ContentHash(&b) == want {
			t.Errorf("a change of %s keeps the hash", name)
		}
	}
	// The derived text, the author, the categories and the user state are not hashed.
	b := a
	b.Text, b.Author, b.Categories, b.Read = "autre", "autre", nil, true
	if ContentHash(&b) != want {
		t.Error("text, author, categories or user state changed the hash")
	}
}
