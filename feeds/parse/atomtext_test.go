package parse

import "testing"

// TestAtomTextContent: Atom content and summaries of type text (or without type, in Atom
// 1.0) are text: a <blink> in them is shown as written; html and xhtml stay markup.
func TestAtomTextContent(t *testing.T) {
	pf := parseFixture(t, "atom-text-content.atom", "application/atom+xml", "https://histoire.exemple.fr/feed")
	want := []struct{ title, text, summary string }{
		{"History of the <blink> tag",
			"La balise <blink> faisait clignoter le texte.\n\nElle n'a jamais été dans une norme & a disparu en 2013.",
			"Netscape a inventé <blink> en 1994."},
		{"Sans type", "Le texte aussi : <marquee> défilait.", "Le résumé parle de <marquee>."},
		{"Du HTML", "Un texte en HTML.", "Un résumé en HTML."},
		{"Du XHTML", "Un texte en XHTML.", "Un texte en XHTML."},
	}
	if len(pf.Articles) != len(want) {
		t.Fatalf("%d articles, want %d", len(pf.Articles), len(want))
	}
	for i, w := range want {
		a := pf.Articles[i]
		if a.Title != w.title || a.Text != w.text || a.Summary != w.summary {
			t.Errorf("article %d:\n got %q / %q / %q\nwant %q / %q / %q", i, a.Title, a.Text, a.Summary, w.title, w.text, w.summary)
		}
	}
	if c := pf.Articles[0].Content; c != "<p>La balise &lt;blink&gt; faisait clignoter le texte.</p><p>Elle n&#39;a jamais été dans une norme &amp; a disparu en 2013.</p>" &&
		c != "<p>La balise &lt;blink&gt; faisait clignoter le texte.</p><p>Elle n'a jamais été dans une norme &amp; a disparu en 2013.</p>" {
		t.Errorf("content %q", c)
	}
}

func TestAtomSummaryTypesScan(t *testing.T) {
	doc := []byte(`<feed><entry><summary type="text">a</summary></entry><entryx/><entry><title>b</title></entry>` +
		`<entry><summary type='html'>c</summary><summaryx/></entry></feed>`)
	got, ok := atomSummaryTypes(doc, 3)
	if !ok || len(got) != 3 || got[0] != (summaryType{"text", true}) || got[1].found || got[2] != (summaryType{"html", true}) {
		t.Fatalf("%v %+v", ok, got)
	}
	if _, ok := atomSummaryTypes(doc, 4); ok {
		t.Error("a count that is not gofeed's must not be used")
	}
}
