package parse

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
)

// benchAtom is an Atom feed of 50 entries with HTML content and text summaries, as LinuxFr
// and blogs send them: the strict Atom path, atomTextContent included.
func benchAtom() []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<feed xml:lang="fr-FR" xmlns="http://www.w3.org/2005/Atom">` +
		`<id>tag:exemple.fr,2026:feed</id><link rel="alternate" type="text/html" href="https://www.exemple.fr/"/>` +
		`<link rel="self" href="https://www.exemple.fr/feed.atom"/><title>Exemple : les dépêches</title><updated>2026-12-01T10:00:00+01:00</updated>`)
	for i := range 50 {
		fmt.Fprintf(&b, "\n<entry><id>tag:exemple.fr,2026:%d</id><published>2026-12-01T10:00:00+01:00</published>"+
			`<link rel="alternate" type="text/html" href="https://www.exemple.fr/news/%d"/><title>Des modèles de langage libres n°%d&#160;?</title>`+
			`<summary type="text">Un tour d’horizon des modèles ouverts, de Mistral à Llama.</summary>`+
			`<content type="html">%s</content><author><name>Benoît</name></author><category term="ia"/></entry>`,
			i, i, i, strings.Repeat("&lt;p&gt;La start-up parisienne &lt;strong&gt;Mistral AI&lt;/strong&gt; a publié les poids de son modèle sous licence Apache 2.0.&lt;/p&gt;", 10))
	}
	b.WriteString("\n</feed>\n")
	return []byte(b.String())
}

func BenchmarkFeedAtom(b *testing.B) {
	body := benchAtom()
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Feed(body, "application/atom+xml", "https://www.exemple.fr/feed.atom", now); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFeedLoose is BenchmarkFeed's document cut in the middle of its last item: the
// strict parse fails, and the loose pass recovers the 49 complete items.
func BenchmarkFeedLoose(b *testing.B) {
	body := benchFeed()
	body = body[:bytes.LastIndex(body, []byte("<item>"))+100]
	now := time.Date(2023, 12, 6, 12, 0, 0, 0, time.UTC)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		pf, err := Feed(body, "application/rss+xml; charset=UTF-8", "https://www.exemple.fr/feed/", now)
		if err != nil || !pf.Malformed {
			b.Fatal(err, pf.Malformed)
		}
	}
}
