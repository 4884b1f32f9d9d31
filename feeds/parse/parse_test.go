package parse

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/unicode"

	"veille/feeds"
)

var testNow = time.Date(2024, 9, 1, 12, 0, 0, 0, time.UTC)

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func parseFixture(t *testing.T, name, contentType, feedURL string) feeds.ParsedFeed {
	t.Helper()
	pf, err := Feed(readFixture(t, name), contentType, feedURL, testNow)
	if err != nil {
		t.Fatalf("Feed(%s): %v", name, err)
	}
	for i := range pf.Articles {
		assertArticleSafe(t, &pf.Articles[i])
	}
	assertSafe(t, "feed title", pf.Title, false)
	return pf
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestFeedWordPress(t *testing.T) {
	pf := parseFixture(t, "numerama.xml", "application/rss+xml; charset=UTF-8", "https://www.numerama.com/feed/")
	if pf.Title != "Numerama – Tech, science et IA" {
		t.Errorf("feed title %q", pf.Title)
	}
	if pf.SiteURL != "https://www.numerama.com" {
		t.Errorf("site URL %q", pf.SiteURL)
	}
	if len(pf.Articles) != 3 {
		t.Fatalf("%d articles, want 3 (the duplicate guid dropped)", len(pf.Articles))
	}

	a := pf.Articles[0]
	if a.Title != "Mistral AI publie un modèle ouvert : l’IA à la française" {
		t.Errorf("title %q", a.Title)
	}
	if a.Key != "https://www.numerama.com/?p=1500000" || a.GUID != "https://www.numerama.com/?p=1500000" {
		t.Errorf("key %q guid %q", a.Key, a.GUID)
	}
	if a.URL != "https://www.numerama.com/tech/1500000-mistral-ai-modele-ouvert.html" {
		t.Errorf("url %q", a.URL)
	}
	if a.Author != "Julien Lausson" {
		t.Errorf("author %q", a.Author)
	}
	if want := []string{"Intelligence artificielle", "Mistral AI", "Open source"}; !reflect.DeepEqual(a.Categories, want) {
		t.Errorf("categories %q, want %q", a.Categories, want)
	}
	if want := mustTime("2023-12-05T16:00:00Z"); !a.Published.Equal(want) || a.DateGuessed {
		t.Errorf("published %v guessed %v, want %v (French date)", a.Published, a.DateGuessed, want)
	}
	if a.Published.Location() != time.UTC {
		t.Errorf("published not in UTC: %v", a.Published)
	}
	if a.Summary != "La start-up parisienne publie les poids de son modèle sous licence Apache 2.0 […]" {
		t.Errorf("summary %q", a.Summary)
	}
	for _, field := range []string{a.Content, a.Summary, a.Text} {
		if strings.Contains(field, "apparu en premier") {
			t.Errorf("Yoast footer kept: %q", field)
		}
	}
	for _, bad := range []string{"<script", "document.write", "<iframe", "javascript:", "data:image", "rel=", "width="} {
		if strings.Contains(a.Content, bad) {
			t.Errorf("content keeps %q: %s", bad, a.Content)
		}
	}
	for _, good := range []string{
		`<a href="https://www.apache.org/licenses/LICENSE-2.0">Apache 2.0</a>`,
		`<img src="https://www.numerama.com/wp-content/uploads/2023/12/mistral.jpg" alt="Le logo de Mistral AI">`,
		`<a href="https://www.numerama.com/tag/ia/">notre dossier IA</a>`,
		`Voir cette démo et`,
	} {
		if !strings.Contains(a.Content, good) {
			t.Errorf("content lacks %q: %s", good, a.Content)
		}
	}
	wantText := "La start-up parisienne Mistral AI publie les poids de son modèle sous licence Apache 2.0.\n\nVoir cette démo et notre dossier IA."
	if a.Text != wantText {
		t.Errorf("text\n got %q\nwant %q", a.Text, wantText)
	}
	if a.FirstSeen != testNow || a.Paywalled {
		t.Errorf("first seen %v paywalled %v", a.FirstSeen, a.Paywalled)
	}
	if len(a.Hash) != 32 {
		t.Errorf("hash %q", a.Hash)
	}

	b := pf.Articles[1]
	if b.Title != "L'IA & le droit d'auteur" {
		t.Errorf("double-escaped title %q", b.Title)
	}
	if !b.Published.Equal(testNow) || b.DateGuessed {
		t.Errorf("future date not clamped: %v (guessed %v)", b.Published, b.DateGuessed)
	}

	c := pf.Articles[2]
	if c.Title != "Site d’actualité généraliste : l’été de l’IA" {
		t.Errorf("HTML entities in XML title: %q", c.Title)
	}
	if c.Summary != "Un résumé avec des entités HTML : « guillemets »." {
		t.Errorf("HTML entities in XML description: %q", c.Summary)
	}
	if !c.DateGuessed || !c.Published.Equal(testNow) {
		t.Errorf("no date: published %v guessed %v", c.Published, c.DateGuessed)
	}
}

func TestFeedCDATATitles(t *testing.T) {
	pf := parseFixture(t, "clubic.xml", "", "https://www.clubic.com/feed/rss")
	if pf.Title != "Clubic - Actualités" {
		t.Errorf("feed title %q", pf.Title)
	}
	want := []string{"Mistral Large & l'IA : ce qui change", "Bon plan : -40 % sur le casque"}
	for i, a := range pf.Articles {
		if a.Title != want[i] {
			t.Errorf("title %q, want %q", a.Title, want[i])
		}
	}
	if got := pf.Articles[1].Author; got != "Équipe Bons Plans" {
		t.Errorf("RSS author %q", got)
	}
	a := pf.Articles[0]
	if a.Key != a.URL || a.Key != "https://www.clubic.com/ia/actualite-500000-mistral-large.html" {
		t.Errorf("key %q url %q", a.Key, a.URL)
	}
	// No content:encoded: the description is the content, and the summary its text.
	if a.Content != "Mistral AI lance Large, son modèle le plus puissant, disponible via <b>Le Chat</b> et son API." {
		t.Errorf("content %q", a.Content)
	}
	if a.Summary != a.Text || a.Text != "Mistral AI lance Large, son modèle le plus puissant, disponible via Le Chat et son API." {
		t.Errorf("summary %q text %q", a.Summary, a.Text)
	}
}

func TestFeedNoGUIDRelativeLinks(t *testing.T) {
	pf := parseFixture(t, "lemagit.xml", "text/xml", "https://www.lemagit.fr/rss/ContentSyndication.xml")
	if len(pf.Articles) != 3 {
		t.Fatalf("%d articles", len(pf.Articles))
	}
	a := pf.Articles[0]
	if a.Title != "Cyberhebdo du 21 août : l’été des rançongiciels" {
		t.Errorf("title %q", a.Title)
	}
	if a.URL != "https://www.lemagit.fr/actualites/366612345/Cyberhebdo-du-21-aout" {
		t.Errorf("url %q", a.URL)
	}
	if a.GUID != "" || a.Key != a.URL {
		t.Errorf("guid %q key %q", a.GUID, a.Key)
	}
	if !a.Published.Equal(mustTime("2024-08-21T14:30:00Z")) {
		t.Errorf("published %v", a.Published)
	}
	// The body came in the description: the summary is the start of its text.
	if n := len([]rune(a.Summary)); n > 301 || !strings.HasSuffix(a.Summary, "…") || !strings.HasPrefix(a.Summary, "Chaque semaine, LeMagIT recense") {
		t.Errorf("summary (%d runes) %q", n, a.Summary)
	}
	if !strings.HasPrefix(a.Text, a.Summary[:len(a.Summary)-len("…")]) {
		t.Errorf("summary is not the start of the text")
	}
	if strings.Count(a.Text, "\n\n") != 2 {
		t.Errorf("text paragraphs: %q", a.Text)
	}

	b := pf.Articles[1]
	if b.URL != "" || len(b.Key) != 40 {
		t.Errorf("no link: url %q key %q (want a sha1)", b.URL, b.Key)
	}
	if b.Key != (&normalizer{feedURL: "https://www.lemagit.fr/rss/ContentSyndication.xml"}).hashKey("Sans lien ni guid", "Wed, 21 Aug 2024 15:00:00 GMT") {
		t.Errorf("hash key %q not stable", b.Key)
	}
	if c := pf.Articles[2]; c.URL != "https://www.lemagit.fr/conseils/article-3.html" {
		t.Errorf("xml:base url %q", c.URL)
	}
}

func TestFeedTrackingFragment(t *testing.T) {
	pf := parseFixture(t, "franceinfo.xml", "application/rss+xml", "https://www.francetvinfo.fr/internet.rss")
	if len(pf.Articles) != 1 {
		t.Fatalf("%d articles, want the xtor duplicate dropped", len(pf.Articles))
	}
	a := pf.Articles[0]
	const published = "https://www.francetvinfo.fr/internet/intelligence-artificielle/ia-la-cnil-publie-ses-recommandations_6700000.html"
	if a.URL != published+"#xtor=RSS-3-[lestitres]" {
		t.Errorf("url %q: must stay as published", a.URL)
	}
	if a.Key != published {
		t.Errorf("key %q, want the canonical link", a.Key)
	}
	if !a.Published.Equal(mustTime("2024-08-19T15:42:08Z")) {
		t.Errorf("two-digit year: %v", a.Published)
	}
}

func TestFeedPaywall(t *testing.T) {
	pf := parseFixture(t, "next.xml", "", "https://next.ink/feed/")
	brief, paid := pf.Articles[0], pf.Articles[1]
	if brief.Title != "☕️ OpenAI aurait mis une semaine à corriger la faille" || brief.Paywalled {
		t.Errorf("brief %q paywalled %v", brief.Title, brief.Paywalled)
	}
	if !paid.Paywalled {
		t.Error("paywalled article not flagged")
	}
	if paid.Author != "Martin Clavey, Jean-Marc Manach" {
		t.Errorf("authors %q", paid.Author)
	}
	if paid.Text != "Le règlement européen sur l’intelligence artificielle entre dans sa phase d’application." {
		t.Errorf("text %q", paid.Text)
	}
	if paid.Summary != "Le RIA entre en application." {
		t.Errorf("summary %q", paid.Summary)
	}
	for _, s := range []string{paid.Content, paid.Summary, paid.Text} {
		for _, bad := range []string{"Il reste", "Abonnez-vous", "Déjà abonné", "abonnement"} {
			if strings.Contains(s, bad) {
				t.Errorf("paywall notice %q kept in %q", bad, s)
			}
		}
	}
}

func TestFeedUTF8DeclaredISO(t *testing.T) {
	pf := parseFixture(t, "lemonde-iso-declared-utf8.xml", "text/xml; charset=ISO-8859-1", "https://www.lemonde.fr/pixels/rss_full.xml")
	a := pf.Articles[0]
	if a.Title != "L’IA générative au café du commerce" {
		t.Errorf("mojibake: %q", a.Title)
	}
	if pf.Title != "Pixels : Toute l’actualité sur Le Monde.fr." {
		t.Errorf("feed title %q", pf.Title)
	}
	if !a.Paywalled || strings.Contains(a.Summary, "réservé") || !strings.HasPrefix(a.Summary, "Le chapô") {
		t.Errorf("paywalled %v summary %q", a.Paywalled, a.Summary)
	}
	if !a.Published.Equal(mustTime("2023-09-05T08:00:00Z")) {
		t.Errorf("French date with CEST: %v", a.Published)
	}
}

func TestFeedWindows1252Undeclared(t *testing.T) {
	pf := parseFixture(t, "developpez-cp1252.xml", "text/xml", "https://www.developpez.com/index/rss")
	a := pf.Articles[0]
	if a.Title != "L’IA générative : œuvres, droits et coût en €" {
		t.Errorf("title %q", a.Title)
	}
	if a.Summary != "Un paragraphe en windows-1252 : « déjà vu ». Puis un autre en UTF‑8 : « été »." {
		t.Errorf("mixed encodings: %q", a.Summary)
	}
}

func TestFeedHTTPCharset(t *testing.T) {
	pf := parseFixture(t, "latin9-http-charset.xml", "application/rss+xml; charset=ISO-8859-15", "https://www.exemple.fr/feed")
	if got := pf.Articles[0].Title; got != "Un abonnement à 9 € pour l'œil de l'IA" {
		t.Errorf("header charset not honoured: %q", got)
	}
	// Without the header, the prolog's windows-1252 reads the same bytes differently.
	pf = parseFixture(t, "latin9-http-charset.xml", "application/rss+xml", "https://www.exemple.fr/feed")
	if got := pf.Articles[0].Title; got != "Un abonnement à 9 ¤ pour l'½il de l'IA" {
		t.Errorf("prolog charset: %q", got)
	}
}

func TestFeedAtom(t *testing.T) {
	pf := parseFixture(t, "linuxfr.atom", "application/atom+xml; charset=utf-8", "https://linuxfr.org/news.atom")
	if pf.Title != "LinuxFr.org : les dépêches" || pf.SiteURL != "https://linuxfr.org/news" {
		t.Errorf("feed %q %q", pf.Title, pf.SiteURL)
	}
	a := pf.Articles[0]
	if a.Title != "Des modèles de langage libres ?" {
		t.Errorf("title %q", a.Title)
	}
	if a.Key != "tag:linuxfr.org,2005:News/41234" || a.URL != "https://linuxfr.org/news/des-modeles-de-langage-libres" {
		t.Errorf("key %q url %q", a.Key, a.URL)
	}
	if a.Author != "Benoît Sibaud, palm123" {
		t.Errorf("authors %q", a.Author)
	}
	if want := []string{"Intelligence artificielle", "ia", "llm"}; !reflect.DeepEqual(a.Categories, want) {
		t.Errorf("categories %q", a.Categories)
	}
	if !strings.Contains(a.Content, "<em>ouverts</em>") || !strings.Contains(a.Content, `<a href="https://linuxfr.org/redirect/112233" title="https://linuxfr.org/redirect/112233">Annonce</a>`) {
		t.Errorf("content %q", a.Content)
	}
	if !a.Published.Equal(mustTime("2024-08-20T08:00:00Z")) || !a.Updated.Equal(mustTime("2024-08-20T09:30:00Z")) {
		t.Errorf("published %v updated %v", a.Published, a.Updated)
	}
}

func TestFeedJSON(t *testing.T) {
	pf := parseFixture(t, "feed.json", "application/feed+json", "https://blog.exemple.fr/feed.json")
	if pf.Title != "Journal d’un dev" || pf.SiteURL != "https://blog.exemple.fr/" {
		t.Errorf("feed %q %q", pf.Title, pf.SiteURL)
	}
	a := pf.Articles[0]
	if a.Content != "<p>Avec <code>llama.cpp</code>, c’est facile.</p>" || a.Summary != "Un guide pratique." {
		t.Errorf("content %q summary %q", a.Content, a.Summary)
	}
	if a.Author != "Camille" || !reflect.DeepEqual(a.Categories, []string{"IA", "llama"}) {
		t.Errorf("author %q categories %q", a.Author, a.Categories)
	}
	if !a.Updated.Equal(mustTime("2024-05-02T07:00:00Z")) {
		t.Errorf("updated %v", a.Updated)
	}
	b := pf.Articles[1]
	if b.URL != "https://blog.exemple.fr/2024/note" || b.Key != "note-2" {
		t.Errorf("url %q key %q", b.URL, b.Key)
	}
	if b.Text != "Une note <sans> balises.\n\nDeuxième paragraphe." {
		t.Errorf("content_text: %q", b.Text)
	}
	if b.Title != "Une note <sans> balises. Deuxième paragraphe." {
		t.Errorf("title made from the text: %q", b.Title)
	}
}

func TestFeedRSS1(t *testing.T) {
	pf := parseFixture(t, "rdf.xml", "", "https://www.exemple.fr/rss")
	a := pf.Articles[0]
	if a.Title != "Un article RDF" || a.Author != "Alice" || !a.Published.Equal(mustTime("2024-01-15T08:00:00Z")) {
		t.Errorf("%q %q %v", a.Title, a.Author, a.Published)
	}
}

func TestFeedUTF16(t *testing.T) {
	src := readFixture(t, "clubic.xml")
	src = bytes.Replace(src, []byte(`encoding="UTF-8"`), []byte(`encoding="UTF-16"`), 1)
	for _, endian := range []unicode.Endianness{unicode.LittleEndian, unicode.BigEndian} {
		enc, err := unicode.UTF16(endian, unicode.UseBOM).NewEncoder().Bytes(src)
		if err != nil {
			t.Fatal(err)
		}
		pf, err := Feed(enc, "", "https://www.clubic.com/feed/rss", testNow)
		if err != nil {
			t.Fatal(err)
		}
		if pf.Articles[0].Title != "Mistral Large & l'IA : ce qui change" {
			t.Errorf("UTF-16: %q", pf.Articles[0].Title)
		}
	}
}

func TestFeedUTF8BOM(t *testing.T) {
	body := append([]byte{0xef, 0xbb, 0xbf}, readFixture(t, "clubic.xml")...)
	pf, err := Feed(body, "", "https://www.clubic.com/feed/rss", testNow)
	if err != nil || len(pf.Articles) != 2 {
		t.Fatalf("BOM: %v, %d articles", err, len(pf.Articles))
	}
}

func TestFeedErrors(t *testing.T) {
	tests := []struct {
		name, body, contentType string
		kind                    feeds.ErrorKind
		msg                     string
	}{
		{"ZDNet home page", string(readFixture(t, "zdnet-home.html")), "text/html; charset=utf-8", feeds.ErrNotFeed, "not a feed: HTML page"},
		{"HTML page served as XML", "<?xml version=\"1.0\"?>\n<!-- x -->\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"x\"><html><body/></html>", "application/rss+xml", feeds.ErrNotFeed, "not a feed: HTML page"},
		{"bare html tag", "\n  <HTML><body>Incapsula</body></HTML>", "", feeds.ErrNotFeed, "not a feed: HTML page"},
		{"challenge page", "<head><title>Just a moment</title></head>", "text/html", feeds.ErrNotFeed, "not a feed: HTML page"},
		{"empty", "   \n", "", feeds.ErrNotFeed, "not a feed: empty document"},
		{"plain text", "Bonjour", "text/plain", feeds.ErrNotFeed, ""},
		{"other XML", `<?xml version="1.0"?><sitemap><url/></sitemap>`, "", feeds.ErrNotFeed, ""},
		{"other JSON", `{"error": "introuvable"}`, "application/json", feeds.ErrNotFeed, ""},
		{"broken RSS", `<?xml version="1.0"?><rss version="2.0"><channel><title>Coupé</title><item><title>a</ti`, "", feeds.ErrParse, ""},
		{"broken JSON", `{"version": "https://jsonfeed.org/version/1", "items": [`, "", feeds.ErrParse, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Feed([]byte(tt.body), tt.contentType, "https://www.zdnet.fr/feeds/rss/actualites/", testNow)
			var fe *feeds.FeedError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v (%T), want *feeds.FeedError", err, err)
			}
			if fe.Kind != tt.kind {
				t.Errorf("kind %q, want %q (%v)", fe.Kind, tt.kind, err)
			}
			if tt.msg != "" && err.Error() != tt.msg {
				t.Errorf("message %q, want %q", err.Error(), tt.msg)
			}
		})
	}
}

// TestFeedStrayControlBytes: one ESC or NUL byte must not lose the whole feed.
func TestFeedStrayControlBytes(t *testing.T) {
	src := readFixture(t, "clubic.xml")
	src = bytes.Replace(src, []byte("Mistral AI lance"), []byte("Mistral\x00 AI\x1b lance\x0b"), 1)
	src = bytes.Replace(src, []byte("<title><![CDATA[Bon plan"), []byte("<title><![CDATA[Bon\x1b[2J plan\x07"), 1)
	pf, err := Feed(src, "", "https://www.clubic.com/feed/rss", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if len(pf.Articles) != 2 || pf.Articles[1].Title != "Bon plan : -40 % sur le casque" {
		t.Fatalf("%+v", pf.Articles)
	}
	if !strings.HasPrefix(pf.Articles[0].Text, "Mistral AI lance") {
		t.Errorf("text %q", pf.Articles[0].Text)
	}
}

// TestFeedRepeatedGUID: a feed that gives every item the same guid keeps its items apart
// by link.
func TestFeedRepeatedGUID(t *testing.T) {
	body := `<rss version="2.0"><channel><title>t</title><link>https://x.fr/</link>
<item><title>Un</title><link>https://x.fr/1</link><guid>same</guid></item>
<item><title>Deux</title><link>https://x.fr/2</link><guid>same</guid></item>
<item><title>Un encore</title><link>https://x.fr/1#xtor=RSS</link><guid>same</guid></item>
</channel></rss>`
	pf, err := Feed([]byte(body), "", "https://x.fr/feed", testNow)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, a := range pf.Articles {
		keys = append(keys, a.Title+"="+a.Key)
	}
	if want := []string{"Un=same", "Deux=https://x.fr/2"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("keys %q, want %q", keys, want)
	}
}

func TestFeedHashChangesWithText(t *testing.T) {
	src := readFixture(t, "clubic.xml")
	a1, _ := Feed(src, "", "https://www.clubic.com/feed/rss", testNow)
	a2, _ := Feed(src, "", "https://www.clubic.com/feed/rss", testNow.Add(time.Hour))
	if a1.Articles[0].Hash != a2.Articles[0].Hash {
		t.Error("hash depends on the fetch time")
	}
	a3, _ := Feed(bytes.Replace(src, []byte("son API"), []byte("son API publique"), 1), "", "https://www.clubic.com/feed/rss", testNow)
	if a1.Articles[0].Hash == a3.Articles[0].Hash {
		t.Error("hash ignores a changed description")
	}
}

// TestFeedHostile feeds terminal escapes, bidi and zero-width characters through every
// field and checks that no string of any article carries one.
func TestFeedHostile(t *testing.T) {
	esc := "\x1b[2J\x1b]52;c;ZXZpbA==\x07\u009b31m\u202e\u200b\u2066"
	body := `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>Flux ` + esc + ` hostile</title>
<link>https://hostile.example/` + esc + `</link>
<item>
<title>Titre ` + esc + ` piégé &#27;[31m rouge &amp;#27;[0m</title>
<link>https://hostile.example/a` + "\u200b" + `</link>
<guid>guid-` + esc + `</guid>
<dc:creator>Auteur ` + esc + `</dc:creator>
<category>Cat ` + esc + `</category>
<pubDate>Tue, 05 Dec 2023 10:00:00 +0100` + esc + `</pubDate>
<description><![CDATA[<p title="` + esc + `">Résumé ` + esc + ` &#x1b;]0;titre&#x7; &#155;2J</p>]]></description>
<content:encoded><![CDATA[<p>Texte ` + esc + `</p><img src="https://hostile.example/i.png" alt="alt ` + esc + `"><a href="java` + "\x1b" + `script:alert(1)">x</a><a href="https://hostile.example/` + esc + `">lien</a><pre>code ` + esc + `</pre>]]></content:encoded>
</item>
<item>
<title>` + "\u202e" + `lmth.exe</title>
<link>javascript:alert(1)</link>
<description>` + esc + `</description>
</item>
</channel>
</rss>`
	pf, err := Feed([]byte(body), "application/rss+xml", "https://hostile.example/feed", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if len(pf.Articles) != 2 {
		t.Fatalf("%d articles", len(pf.Articles))
	}
	assertSafe(t, "feed title", pf.Title, false)
	assertSafe(t, "site URL", pf.SiteURL, false)
	for i := range pf.Articles {
		assertArticleSafe(t, &pf.Articles[i])
	}
	a := pf.Articles[0]
	if a.Title != "Titre piégé [31m rouge" { // &#27; dropped before parsing; &amp;#27;[0m became a real CSI, stripped whole
		t.Errorf("title %q", a.Title)
	}
	if strings.Contains(a.Content, "javascript") || strings.Contains(a.Content, "script:") {
		t.Errorf("content %q", a.Content)
	}
	if pf.Articles[1].URL != "" || pf.Articles[1].Title != "lmth.exe" {
		t.Errorf("second article %q %q", pf.Articles[1].URL, pf.Articles[1].Title)
	}
}

// assertArticleSafe checks every string field of a, by reflection so that a field added
// later is covered too.
func assertArticleSafe(t *testing.T, a *feeds.Article) {
	t.Helper()
	v := reflect.ValueOf(a).Elem()
	for i := 0; i < v.NumField(); i++ {
		f, name := v.Field(i), v.Type().Field(i).Name
		multiline := name == "Summary" || name == "Content" || name == "Text"
		switch f.Kind() {
		case reflect.String:
			assertSafe(t, name, f.String(), multiline)
		case reflect.Slice:
			if f.Type().Elem().Kind() == reflect.String {
				for j := 0; j < f.Len(); j++ {
					assertSafe(t, name, f.Index(j).String(), false)
				}
			}
		}
	}
}

func TestFeedSummaryFallbacks(t *testing.T) {
	body := `<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>t</title>
<item><title>a</title><link>https://x.fr/a</link>
<description>Il reste 80 % de l'article à découvrir.</description>
<content:encoded><![CDATA[<p>Le début de l'article.</p><p>Il reste 80 % de l'article à découvrir.</p>]]></content:encoded></item>
<item><title>b</title><link>https://x.fr/b</link>
<description><![CDATA[<div><p>Même texte.</p></div>]]></description>
<content:encoded><![CDATA[<p>Même texte.</p>]]></content:encoded></item>
</channel></rss>`
	pf, err := Feed([]byte(body), "", "https://x.fr/feed", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if a := pf.Articles[0]; a.Summary != "Le début de l'article." || !a.Paywalled {
		t.Errorf("summary %q paywalled %v", a.Summary, a.Paywalled)
	}
	if b := pf.Articles[1]; b.Summary != "Même texte." {
		t.Errorf("summary %q", b.Summary)
	}
}

// TestFeedConcurrent: a refresh parses feeds in parallel; results must not mix.
func TestFeedConcurrent(t *testing.T) {
	names := []string{"numerama.xml", "clubic.xml", "lemagit.xml", "next.xml", "linuxfr.atom", "feed.json"}
	want := make([]feeds.ParsedFeed, len(names))
	for i, n := range names {
		want[i] = parseFixture(t, n, "", "https://www.exemple.fr/feed")
	}
	errs := make(chan string, 64)
	done := make(chan struct{})
	for g := range 8 {
		go func() {
			defer func() { done <- struct{}{} }()
			for k := range 20 {
				i := (g + k) % len(names)
				got, err := Feed(readFixture(t, names[i]), "", "https://www.exemple.fr/feed", testNow)
				if err != nil || !reflect.DeepEqual(got, want[i]) {
					errs <- names[i]
					return
				}
			}
		}()
	}
	for range 8 {
		<-done
	}
	close(errs)
	for n := range errs {
		t.Errorf("%s: concurrent result differs", n)
	}
}
