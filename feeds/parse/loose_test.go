package parse

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"veille/internal/growth"

	"veille/feeds"
)

type titleLink struct{ title, link string }

// looseFixtures are ill-formed documents of each kind, with every item they hold (present)
// and the exact titles and links the loose pass must recover from the complete ones.
var looseFixtures = []struct {
	name    string
	present int // items in the document, complete or not
	want    []titleLink
}{
	{"loose-truncated.xml", 4, []titleLink{ // cut in the middle of the 4th item
		{"Mistral AI ouvre les poids de son modèle", "https://www.journaldugeek.com/2026/12/01/mistral-ai-poids/"},
		{"Un smartphone pliable à moins de 800 euros", "https://www.journaldugeek.com/2026/12/01/pliable/"},
		{"La CNIL sanctionne un courtier en données", "https://www.journaldugeek.com/2026/12/01/cnil/"},
	}},
	{"loose-unclosed.atom", 3, []titleLink{ // </feed> cut off
		{"Premier billet", "https://blog.exemple.fr/premier"},
		{"Deuxième billet", "https://blog.exemple.fr/deuxieme"},
		{"Troisième billet", "https://blog.exemple.fr/troisieme"},
	}},
	{"loose-ampersand.xml", 3, []titleLink{ // bare & in titles and links, </channel></rss> cut off
		{"R&D : l'État double le crédit d'impôt", "https://www.exemple.fr/article.php?id=1&from=rss"},
		{"AT&T et Orange signent un accord", "https://www.exemple.fr/article.php?id=2&from=rss"},
		{"Q&A avec le patron d'OVHcloud", "https://www.exemple.fr/article.php?id=3&utm_source=rss&xtor=RSS-1"},
	}},
	{"loose-entities.xml", 2, []titleLink{ // HTML entities decoded, an unknown one kept; </rss> cut off
		{"L’IA générative : où en est l’Europe ?", "https://www.exemple.fr/ia-europe"},
		{"Le &foo; reste tel quel, & le reste aussi", "https://www.exemple.fr/entite-inconnue"},
	}},
	{"loose-lt.xml", 2, []titleLink{ // unescaped < in text
		{"Latence < 5 ms pour le nouveau SSD", "https://bench.exemple.fr/ssd"},
		{"Python <3 Rust", "https://bench.exemple.fr/python-rust"},
	}},
	{"loose-mismatched.xml", 5, []titleLink{ // </titel>, raw HTML, an unclosed item, </ITEM>, <Title></TITLE>
		{"Balise fermante fautive", "https://www.exemple.fr/1"},
		{"HTML brut dans la description", "https://www.exemple.fr/2"},
		{"Item jamais fermé", "https://www.exemple.fr/3"},
		{"Item suivant", "https://www.exemple.fr/4"},
		{"Casse différente", "https://www.exemple.fr/5"},
	}},
	{"loose-junk-prolog.xml", 2, []titleLink{ // a PHP warning before the prolog, which says ISO-8859-1 of UTF-8
		{"Élysée : le plan « IA souveraine » détaillé", "https://php.exemple.fr/elysee"},
		{"Déjà la 5G+", "https://php.exemple.fr/5g"},
	}},
}

func TestLooseFixtures(t *testing.T) {
	recovered, present := 0, 0
	for _, fx := range looseFixtures {
		t.Run(fx.name, func(t *testing.T) {
			pf := parseFixture(t, fx.name, "", "https://www.exemple.fr/feed")
			if !pf.Malformed {
				t.Error("not marked malformed")
			}
			var got []titleLink
			for _, a := range pf.Articles {
				got = append(got, titleLink{a.Title, a.URL})
			}
			if fmt.Sprint(got) != fmt.Sprint(fx.want) {
				t.Errorf("recovered\n %q\nwant\n %q", got, fx.want)
			}
			recovered += len(pf.Articles)
			present += fx.present
		})
	}
	t.Logf("loose fixtures: %d items recovered of %d present", recovered, present)
}

// TestLooseDetails: what the loose pass makes of text, besides titles and links.
func TestLooseDetails(t *testing.T) {
	pf := parseFixture(t, "loose-mismatched.xml", "", "https://www.exemple.fr/feed")
	if got := pf.Articles[1].Text; got != "Un gras et un\nsaut, une image et la fin." {
		t.Errorf("raw HTML description: %q", got)
	}
	pf = parseFixture(t, "loose-entities.xml", "", "https://www.exemple.fr/feed")
	if pf.Title != "Actualités numériques" || pf.Articles[0].Summary != "« Un tournant », selon la Commission…" ||
		pf.Articles[1].Summary != "Code © 2026 — tous droits réservés" {
		t.Errorf("%q %q %q", pf.Title, pf.Articles[0].Summary, pf.Articles[1].Summary)
	}
	pf = parseFixture(t, "loose-lt.xml", "", "https://www.exemple.fr/feed")
	if got := pf.Articles[0].Summary; got != "Un temps d'accès < 5 ms, et 3 <= 4." {
		t.Errorf("summary %q", got)
	}
	pf = parseFixture(t, "loose-truncated.xml", "", "https://www.exemple.fr/feed")
	if a := pf.Articles[0]; a.Author != "Anne Martin" || a.Summary != "La start-up parisienne publie les poids sous licence Apache 2.0." {
		t.Errorf("CDATA kept: %q %q", a.Author, a.Summary)
	}
}

// TestStrictNotMalformed: every well-formed fixture is read by the strict parse alone.
func TestStrictNotMalformed(t *testing.T) {
	names, _ := filepath.Glob(filepath.Join("testdata", "*"))
	for _, n := range names {
		base := filepath.Base(n)
		if strings.HasPrefix(base, "loose-") || strings.HasSuffix(base, ".html") {
			continue
		}
		pf, err := Feed(readFixture(t, base), "", "https://www.exemple.fr/feed", testNow)
		if err != nil || pf.Malformed {
			t.Errorf("%s: %v, malformed %v", base, err, pf.Malformed)
		}
	}
}

// TestBOMDoubledWrongDeclaration: a second BOM before a prolog that names the wrong
// charset hid the prolog, and UTF-8 was read as ISO-8859-1.
func TestBOMDoubledWrongDeclaration(t *testing.T) {
	pf := parseFixture(t, "bom-doubled-latin1-declared.xml", "", "https://utf.exemple.fr/feed")
	if pf.Title != "Déclaré ISO-8859-1" || len(pf.Articles) != 2 ||
		pf.Articles[0].Title != "Numérique : l’Arcep publie son rapport" || pf.Articles[1].Title != "Électricité : les centres de données en hausse" {
		t.Fatalf("%+v", pf)
	}
}

// TestLooseEveryCut cuts a feed at every byte: the items whose end tag is complete are
// recovered, in order, the cut one never, and a cut before any complete item is an error.
func TestLooseEveryCut(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<rss version="2.0"><channel><title>Coupures</title><link>https://c.exemple.fr/</link>`)
	for i := range 4 {
		fmt.Fprintf(&b, "\n<item><title>Titre n°%d &amp; suite</title><link>https://c.exemple.fr/%d</link>"+
			"<description><![CDATA[<p>Texte %d, assez long pour être levé hors du passage XML.</p>]]></description></item>", i, i, i)
	}
	b.WriteString("\n</channel></rss>\n")
	doc := b.String()
	for cut := 0; cut <= len(doc); cut++ {
		complete := strings.Count(doc[:cut], "</item>")
		pf, err := Feed([]byte(doc[:cut]), "", "https://c.exemple.fr/feed", testNow)
		if err != nil {
			var fe *feeds.FeedError
			if complete > 0 || !errors.As(err, &fe) {
				t.Fatalf("cut at %d (%d complete items): %v", cut, complete, err)
			}
			continue
		}
		if len(pf.Articles) != complete {
			t.Fatalf("cut at %d: %d articles, want %d", cut, len(pf.Articles), complete)
		}
		for i, a := range pf.Articles {
			if want := fmt.Sprintf("Titre n°%d & suite", i); a.Title != want || a.URL != fmt.Sprintf("https://c.exemple.fr/%d", i) {
				t.Fatalf("cut at %d: article %d is %q %q", cut, i, a.Title, a.URL)
			}
		}
		if strict := cut >= strings.Index(doc, "</rss>")+len("</rss>"); pf.Malformed == strict {
			t.Fatalf("cut at %d: malformed %v", cut, pf.Malformed)
		}
	}
}

// assertXMLWellFormed fails unless a strict XML decoder reads doc to its end.
func assertXMLWellFormed(t *testing.T, what string, doc []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("%s: repaired document is not well-formed: %v\n%s", what, err, doc)
		}
	}
}

func TestRepairWellFormed(t *testing.T) {
	inputs := map[string]string{
		"nested items":    `<rss><channel><item><title>a<item><title>b</title></item></channel></rss>`,
		"end before root": `</item></channel><rss><channel><title>x</title></channel></rss>`,
		"attrs":           `<rss a=b c d="1" d="2"><channel x="&" y="&eacute;"/><item e='<'/></rss>`,
		"cdata end":       `<rss><channel><title><![CDATA[a ]]]]><![CDATA[> b]]></title><description>c ]]> d</description></channel></rss>`,
		"deep":            `<rss><channel>` + strings.Repeat("<b>", 1000) + "x" + strings.Repeat("</i>", 1000),
		"many lt":         `<rss><channel><title>` + strings.Repeat("< <", 5000),
		"namespaces":      `<rss xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><item><dc:creator>a</dc:Creator><x:y>z</x:y></item>`,
		"comment cut":     `<rss><channel><item><title>a</title></item><!-- coupé`,
		"after root":      `<rss><channel/></rss><rss><channel><item/></channel></rss>junk`,
		"control refs":    `<feed><entry><title>a&#1;b&#x1b;</title></entry></feed>`,
	}
	for name, in := range inputs {
		out, ok := repair([]byte(in))
		if !ok {
			t.Errorf("%s: no root found", name)
		}
		assertXMLWellFormed(t, name, out)
	}
	names, _ := filepath.Glob(filepath.Join("testdata", "*"))
	for _, n := range names {
		b, _ := os.ReadFile(n)
		doc, err := decode(b, "")
		if err != nil {
			t.Fatal(err)
		}
		if out, ok := repair(doc); ok {
			assertXMLWellFormed(t, n, out)
		}
	}
}

// TestRepairNoBlowUp: inputs built for quadratic behaviour stay linear. The measure is the
// memory the parse allocates, which does not depend on the machine's load: doubling such an
// input must not much more than double it (quadratic copying would quadruple it).
func TestRepairNoBlowUp(t *testing.T) {
	cases := map[string]func(n int) string{
		"deep":      func(n int) string { return "<rss>" + strings.Repeat("<b>", n) + strings.Repeat("</i>", n) },
		"lt":        func(n int) string { return "<rss><channel><title>" + strings.Repeat("<", 2*n) },
		"lt space":  func(n int) string { return "<rss><channel><title>" + strings.Repeat("< x", n) },
		"items":     func(n int) string { return "<rss><channel>" + strings.Repeat("<item><title>x", n/2) },
		"ends":      func(n int) string { return "<rss><channel><item><title>x" + strings.Repeat("</a>", n) },
		"entities":  func(n int) string { return "<rss><channel><title>" + strings.Repeat("&eacute;&foo;&", n/2) },
		"bad attrs": func(n int) string { return "<rss><channel>" + strings.Repeat(`<a b="<">`, n/2) },
	}
	for name, gen := range cases {
		ratio, small, large := growth.Ratio(10000, gen, func(in string) { Feed([]byte(in), "", "https://x.fr/feed", testNow) })
		if ratio > 3 {
			t.Errorf("%s: twice the input allocates %.1f× the memory (%d → %d bytes)", name, ratio, small, large)
		}
	}
}

// FuzzRepair: whatever the input, the repaired document is well-formed XML.
func FuzzRepair(f *testing.F) {
	names, _ := filepath.Glob(filepath.Join("testdata", "*"))
	for _, n := range names {
		if b, err := os.ReadFile(n); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		doc, err := decode(body, "")
		if err != nil {
			return
		}
		if out, ok := repair(doc); ok {
			assertXMLWellFormed(t, "fuzz", out)
		}
	})
}

// TestLooseStrayEndTags: a stray HTML end tag in a description is dropped, the text after it
// kept; a misspelt end tag closes the element it was meant for.
func TestLooseStrayEndTags(t *testing.T) {
	doc := `<rss version="2.0"><channel><title>Flux</title><item><title>Un</titel><link>https://a.fr/1</link>` +
		`<description>avant </b> après</description></item><item><title>Deux</title><link>https://a.fr/2</link></item>`
	pf, err := Feed([]byte(doc), "", "https://a.fr/feed", testNow)
	if err != nil || len(pf.Articles) != 2 || !pf.Malformed {
		t.Fatalf("%v %+v", err, pf)
	}
	if a := pf.Articles[0]; a.Title != "Un" || a.URL != "https://a.fr/1" || a.Text != "avant après" {
		t.Errorf("%q %q %q", a.Title, a.URL, a.Text)
	}
}

// TestLooseSameAsStrict: each well-formed fixture with its root's end tag cut off is read
// by the loose pass into the very articles the strict parse gives (CDATA titles still
// markup, entity titles still text, xml:base, Atom links and modes still applied).
func TestLooseSameAsStrict(t *testing.T) {
	names, _ := filepath.Glob(filepath.Join("testdata", "*"))
	tried := 0
	for _, n := range names {
		base := filepath.Base(n)
		if strings.HasPrefix(base, "loose-") {
			continue
		}
		body := readFixture(t, base)
		end := -1
		for _, tag := range []string{"</rss>", "</feed>", "</rdf:RDF>"} {
			if i := bytes.LastIndex(body, []byte(tag)); i > end {
				end = i
			}
		}
		if end < 0 {
			continue
		}
		strict, err := Feed(body, "", "https://www.exemple.fr/feed", testNow)
		if err != nil {
			t.Fatalf("%s: %v", base, err)
		}
		loose, err := Feed(body[:end], "", "https://www.exemple.fr/feed", testNow)
		if err != nil {
			t.Fatalf("%s cut: %v", base, err)
		}
		if !loose.Malformed {
			t.Errorf("%s cut: not marked malformed", base)
		}
		loose.Malformed = false
		if !reflect.DeepEqual(strict, loose) {
			for i := range min(len(strict.Articles), len(loose.Articles)) {
				if !reflect.DeepEqual(strict.Articles[i], loose.Articles[i]) {
					t.Errorf("%s: article %d differs:\nstrict %+v\nloose  %+v", base, i, strict.Articles[i], loose.Articles[i])
					break
				}
			}
			t.Errorf("%s: loose read differs from strict (%d and %d articles, titles %q %q)", base, len(strict.Articles), len(loose.Articles), strict.Title, loose.Title)
		}
		tried++
	}
	if tried < 8 {
		t.Errorf("only %d fixtures tried", tried)
	}
}
