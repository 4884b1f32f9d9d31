package parse

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	ext "github.com/mmcdole/gofeed/extensions"
	"github.com/mmcdole/gofeed/rss"

	"veille/feeds"
)

// Every test of the package runs with fastCheck on: each document the fast path reads,
// whatever test built it, is read by the gofeed path too, and the results must be deep-equal.
// TestMain fails the run if one was not.
var fastDiffs struct {
	sync.Mutex
	fast, n int
	bad     []string
}

func TestMain(m *testing.M) {
	flag.Parse()
	if b := flag.Lookup("test.bench"); b == nil || b.Value.String() == "" {
		fastCheck = checkFast // not while benchmarking: it would time both paths
	}
	code := m.Run()
	fastDiffs.Lock()
	if testing.Verbose() {
		fmt.Fprintf(os.Stderr, "fast path: %d documents read and checked against the gofeed path\n", fastDiffs.fast)
	}
	if len(fastDiffs.bad) > 0 {
		fmt.Fprintf(os.Stderr, "fast path differs from the gofeed path on %d documents:\n%s\n", len(fastDiffs.bad), strings.Join(fastDiffs.bad, "\n"))
		if code == 0 {
			code = 1
		}
	}
	fastDiffs.Unlock()
	os.Exit(code)
}

func checkFast(body []byte, contentType, feedURL, fetchedURL string, now time.Time, got feeds.ParsedFeed) {
	want, err := gofeedFeed(body, contentType, feedURL, fetchedURL, now)
	fastDiffs.Lock()
	defer fastDiffs.Unlock()
	fastDiffs.fast++
	if msg := diffFeeds(got, want, err); msg != "" {
		head := string(body[:min(len(body), 300)])
		fastDiffs.bad = append(fastDiffs.bad, fmt.Sprintf("%s\n  document %q", msg, head))
	}
}

// gofeedFeed is FeedAt without the fast path.
func gofeedFeed(body []byte, contentType, feedURL, fetchedURL string, now time.Time) (feeds.ParsedFeed, error) {
	doc, err := decode(body, contentType)
	if err != nil {
		return feeds.ParsedFeed{}, err
	}
	return feedGofeed(doc, contentType, feedURL, fetchedURL, now)
}

func diffFeeds(got, want feeds.ParsedFeed, wantErr error) string {
	if wantErr != nil {
		return fmt.Sprintf("fast path read a document the gofeed path rejects (%v)", wantErr)
	}
	if reflect.DeepEqual(got, want) {
		return ""
	}
	if got.Title != want.Title || got.SiteURL != want.SiteURL || got.Malformed != want.Malformed {
		return fmt.Sprintf("feed: fast %q %q %v, gofeed %q %q %v", got.Title, got.SiteURL, got.Malformed, want.Title, want.SiteURL, want.Malformed)
	}
	if len(got.Articles) != len(want.Articles) {
		return fmt.Sprintf("fast path %d articles, gofeed %d", len(got.Articles), len(want.Articles))
	}
	for i := range got.Articles {
		g, w := reflect.ValueOf(got.Articles[i]), reflect.ValueOf(want.Articles[i])
		for f := 0; f < g.NumField(); f++ {
			if !reflect.DeepEqual(g.Field(f).Interface(), w.Field(f).Interface()) {
				return fmt.Sprintf("article %d %s: fast %#v, gofeed %#v", i, g.Type().Field(f).Name, g.Field(f).Interface(), w.Field(f).Interface())
			}
		}
	}
	return "differs"
}

// fastCorpus is every document the differential tests read: the fixtures, the bench feeds
// and variations on them that exercise what the fast path reads or declines.
func fastCorpus(t testing.TB) map[string][]byte {
	docs := map[string][]byte{}
	names, _ := filepath.Glob(filepath.Join("testdata", "*"))
	for _, n := range names {
		if fi, err := os.Stat(n); err != nil || fi.IsDir() {
			continue
		}
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		docs[n] = b
	}
	docs["benchFeed"] = benchFeed()
	docs["benchAtom"] = benchAtom()
	for name, s := range fastCases {
		docs[name] = []byte(s)
	}
	return docs
}

// fastCases are small documents on the edges of what the fast path reads.
var fastCases = map[string]string{
	"rss-entities": `<?xml version="1.0"?><rss version="2.0"><channel><title>A &amp; B &#233;&#xE9; &lt;i&gt;x&lt;/i&gt;</title>
<link>https://e.example/</link><item><title>L&amp;#039;IA &amp;nbsp; &#8217; &#128; &#x1F600;</title><link>https://e.example/1?a=1&amp;copy=2</link>
<description>d &lt;b&gt;gras&lt;/b&gt; &amp;eacute; &amp;amp;</description><guid isPermaLink='true'>https://e.example/1</guid></item></channel></rss>`,
	"rss-cdata-mixed": "<rss><channel><title><![CDATA[Le <em>titre</em>]]> &amp; suite</title><item><title> <![CDATA[ x ]]> </title>" +
		"<description>avant <![CDATA[" + strings.Repeat("long ", 20) + "]]> après &amp;</description><link> https://e.example/a </link>" +
		"<category><![CDATA[" + strings.Repeat("catégorie ", 10) + "]]></category></item></channel></rss>",
	"rss-comments-pi": `<?xml version="1.0" encoding="utf-8"?><!-- c --><?xml-stylesheet href="s.xsl"?>
<rss version="2.0"><!-- c2 --><channel><title>T<!-- in -->itre</title><?pi x?><item><title>a<!--x-->b</title><link>https://e.example/1</link></item></channel></rss>`,
	"rss-crlf": "<rss version=\"2.0\">\r\n<channel>\r\n<title>T\r\nx</title>\r\n<item>\r\n<title>a\r\nb</title><dc:creator xmlns:dc=\"http://purl.org/dc/elements/1.1/\">Jean\r\nDupont</dc:creator><link>https://e.example/1</link><description><![CDATA[a\r\nb]]></description></item></channel></rss>",
	"rss-media": `<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel><atom:link href="https://e.example/feed" rel="self"/><atom:link href="https://e.example/ é" rel="alternate"/><title>M</title>
<item><media:title type="plain">Vidéo &amp; son</media:title><media:content url="https://e.example/v.mp4"><media:title>In</media:title><media:thumbnail url="https://e.example/t.jpg"/></media:content><link>https://e.example/v</link>
<dc:creator>A</dc:creator><dc:creator>B</dc:creator><dc:date>2024-08-01T10:00:00+02:00</dc:date><dc:subject>S</dc:subject></item>
<item><title></title><media:group><media:title>Groupe</media:title></media:group><guid>https://e.example/g</guid><pubDate>Thu, 01 Aug 2024 10:00:00 CEST</pubDate></item>
<item><link href="https://e.example/h"/><author>x@e.example (Jean)</author><pubDate>not a date</pubDate><atom:updated>2024-08-02T10:00:00Z</atom:updated></item></channel></rss>`,
	"rss-custom-prefix": `<rss version="2.0" xmlns:m="http://search.yahoo.com/mrss/" xmlns:foo="http://foo.example/ns" xmlns:c="http://purl.org/rss/1.0/modules/content/">
<channel><title>P</title><item><m:title>Par préfixe</m:title><foo:bar a="1">v</foo:bar><c:encoded><![CDATA[<p>contenu</p>]]></c:encoded><link>https://e.example/p</link></item></channel></rss>`,
	"rss-root-items":   `<rss version="0.91"><channel><title>R</title></channel><item><title>root item</title><link>https://e.example/r</link></item></rss>`,
	"rss-two-channels": `<rss><channel><title>1</title><item><title>a</title></item></channel><channel><title>2</title><item><title>b</title></item></channel></rss>`,
	"rss-uppercase":    `<RSS><Channel><Title>Haut</Title><Item><Title>I</Title><Link>https://e.example/u</Link><PubDate>Thu, 01 Aug 2024 10:00:00 +0200</PubDate></Item></Channel></RSS>`,
	"rss-script-title": `<rss><channel><title>s</title><item><title>safe &lt;script&gt;location.href=1&lt;/script&gt; description</title><link>https://e.example/s</link></item>
<item><title><![CDATA[History of the <blink> tag]]></title><link>https://e.example/b</link></item><item><title>History of the &lt;blink&gt; tag</title><link>https://e.example/c</link></item></channel></rss>`,
	"rss-trailing":      `<rss><channel><title>t</title><item><title>a</title><link>https://e.example/a</link></item></channel></rss><item><title>after</title></item>`,
	"rss-bad-entity":    `<rss><channel><title>&nbsp;</title><item><title>a</title></item></channel></rss>`,
	"rss-bare-amp":      `<rss><channel><title>a & b</title><item><title>a</title></item></channel></rss>`,
	"rss-doctype":       `<!DOCTYPE rss [<!ENTITY x "y">]><rss><channel><title>&x;</title></channel></rss>`,
	"rss-invalid-ref":   `<rss><channel><title>&#1;&#xD800;</title><item><title>a</title></item></channel></rss>`,
	"rss-default-ns":    `<rss xmlns="http://backend.userland.com/rss2"><channel><title>n</title><item><title>a</title></item></channel></rss>`,
	"rss-unbound":       `<rss><channel><title>n</title><item><x:title>a</x:title></item></channel></rss>`,
	"rss-mismatch":      `<rss><channel><title>n</titel><item><title>a</title></item></channel></rss>`,
	"rss-lifted-ext":    `<rss xmlns:media="http://search.yahoo.com/mrss/"><channel><item><media:title><![CDATA[` + strings.Repeat("  un titre long  ", 5) + `]]></media:title></item></channel></rss>`,
	"rss-lifted-date":   `<rss><channel><item><title>d</title><pubDate><![CDATA[Thu, 01 Aug 2024 10:00:00 +0200                                                   ]]></pubDate></item></channel></rss>`,
	"rss-enclosure":     `<rss><channel><item><title>e</title><enclosure url="https://e.example/a.mp3" length="1" type="audio/mpeg"/><itunes:author xmlns:itunes="http://www.itunes.com/DTDs/PodCast-1.0.dtd">Pod</itunes:author><itunes:keywords xmlns:itunes="http://www.itunes.com/DTDs/PodCast-1.0.dtd">a,b</itunes:keywords></item></channel></rss>`,
	"rss-nested-markup": `<rss><channel><item><title>a <b>gras</b> &amp; <i>it</i></title><description><p>para</p></description><link>https://e.example/n</link></item></channel></rss>`,
	"rss-apos-attrs":    `<rss version='2.0'><channel><item><title>q</title><guid isPermaLink='false' >urn:x</guid><category domain="d&amp;x">c</category></item></channel></rss>`,
	"atom-basic": `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr"><title type="text">Atom &amp; co</title>
<link href="https://a.example/"/><link rel="self" href="https://a.example/feed"/><updated>2024-08-01T10:00:00Z</updated>
<entry><title type="html">&lt;em&gt;HTML&lt;/em&gt; titre</title><id>tag:a.example,2024:1</id><link rel="alternate" href="https://a.example/1"/>
<published>2024-08-01T09:00:00+02:00</published><updated>2024-08-01T10:00:00Z</updated><author><name>Anne</name><email>anne@a.example</email><uri>https://a.example/anne</uri></author>
<category term="tech" label="Tech"/><category term="ia"/><summary type="html">&lt;p&gt;Résumé&lt;/p&gt;</summary><content type="html">&lt;div&gt;&lt;p&gt;Corps&lt;/p&gt;&lt;/div&gt;</content></entry>
<entry><title>History of the &lt;blink&gt; tag</title><id>urn:2</id><link href="https://a.example/2"/><updated>2024-08-01T10:00:00Z</updated><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>X<b>H</b></p></div></content><summary>texte &lt;b&gt;</summary></entry>
<entry><title type="text"><![CDATA[CDATA <i>titre</i>]]></title><id>urn:3</id><link rel="enclosure" href="https://a.example/3.mp3"/><link rel="related" href="https://a.example/3"/><content type="text">Texte
brut &lt;b&gt;</content><updated>2024-08-01T10:00:00Z</updated></entry>
<entry><title>e4</title><link href="/rel/4"/><content type="html"><![CDATA[<p>cdata html</p>]]></content><issued>2024-08-01T10:00:00Z</issued><media:thumbnail xmlns:media="http://search.yahoo.com/mrss/" url="https://a.example/t.jpg"/></entry></feed>`,
	"atom-attr-space": "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title type=\"te\txt\" type='html'>a &amp;lt;b&amp;gt;</title><link rel=\" alternate\" href=\"\n https://a.example/s p\ta\r\nce\"/><link href=\"https://a.example/&#233;t&#xE9;\"/></entry></feed>",
	"atom-prefixed":   `<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:title>P</a:title><a:entry><a:title>e</a:title><a:link href="https://a.example/p"/></a:entry></a:feed>`,
	"atom-nons":       `<feed><title>sans ns</title><entry><title>e</title><link href="https://a.example/n"/><summary>s</summary></entry></feed>`,
	"atom-03":         `<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>o</title><entry><title>e</title></entry></feed>`,
	"atom-base":       `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://a.example/dir/"><entry><title>e</title><link href="x"/></entry></feed>`,
	"atom-base64":     `<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>e</title><content type="image/png">aGVsbG8=</content></entry></feed>`,
}

// TestFastDifferential: on every document of the corpus the fast path either declines or
// gives the gofeed path's result, for a few fetch situations.
func TestFastDifferential(t *testing.T) {
	read := 0
	for name, body := range fastCorpus(t) {
		for _, ct := range []string{"", "application/rss+xml; charset=ISO-8859-1"} {
			for _, urls := range [][2]string{{"https://e.example/feed", "https://e.example/feed"}, {"https://e.example/feed", "https://cdn.example/x/feed.xml"}} {
				if compareFast(t, name, body, ct, urls[0], urls[1]) {
					read++
				}
			}
		}
	}
	if read == 0 {
		t.Fatal("the fast path read nothing")
	}
}

// compareFast runs one document through both paths; it reports whether the fast path read it.
func compareFast(t testing.TB, name string, body []byte, ct, feedURL, fetchedURL string) bool {
	t.Helper()
	doc, err := decode(body, ct)
	if err != nil || looksLikeHTML(doc) {
		return false
	}
	gf, texts, ok := parseFast(doc)
	if !ok {
		return false
	}
	got := normalizeAt(gf, feedURL, fetchedURL, testNow, texts)
	want, err := feedGofeed(doc, ct, feedURL, fetchedURL, testNow)
	if msg := diffFeeds(got, want, err); msg != "" {
		t.Errorf("%s (%q, %s): %s", name, ct, fetchedURL, msg)
	}
	return true
}

// TestFastReads: the fast path reads the documents it was built for, and declines the
// others.
func TestFastReads(t *testing.T) {
	corpus := fastCorpus(t)
	for _, name := range []string{"benchFeed", "benchAtom", "rss-entities", "rss-cdata-mixed", "rss-comments-pi", "rss-crlf", "rss-media",
		"rss-custom-prefix", "rss-root-items", "rss-uppercase", "rss-script-title", "rss-enclosure", "rss-bad-entity", "rss-invalid-ref", "rss-nested-markup",
		"rss-apos-attrs", "atom-basic", "atom-nons", "testdata/numerama.xml", "testdata/linuxfr.atom"} {
		doc, _ := decode(corpus[name], "")
		if _, _, ok := parseFast(doc); !ok {
			t.Errorf("%s: declined", name)
		}
	}
	for _, name := range []string{"rss-trailing", "atom-prefixed", "rss-bare-amp", "rss-doctype", "rss-default-ns", "rss-unbound",
		"rss-mismatch", "rss-lifted-ext", "rss-lifted-date", "rss-two-channels", "atom-03", "atom-base", "atom-base64",
		"testdata/rdf.xml", "testdata/loose-truncated.xml", "testdata/atom03-modes.xml"} {
		doc, _ := decode(corpus[name], "")
		if _, _, ok := parseFast(doc); ok {
			t.Errorf("%s: read, should be declined", name)
		}
	}
}

// FuzzFast: whatever the document, the fast path declines it or reads it as the gofeed path
// does.
func FuzzFast(f *testing.F) {
	for _, b := range fastCorpus(f) {
		f.Add(b)
	}
	for _, s := range []string{"<?>"} { // crashers found by the fuzzer
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		compareFast(t, "fuzz", body, "", "https://e.example/feed", "https://e.example/feed")
	})
}

// TestFastDifferentialDir runs the differential test on the documents of the directory
// VEILLE_FAST_CORPUS names (feeds saved from bench/feedserver, or from the field), when set.
func TestFastDifferentialDir(t *testing.T) {
	dir := os.Getenv("VEILLE_FAST_CORPUS")
	if dir == "" {
		t.Skip("VEILLE_FAST_CORPUS not set")
	}
	names, _ := filepath.Glob(filepath.Join(dir, "*"))
	read := 0
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			continue
		}
		if compareFast(t, n, b, "application/rss+xml; charset=UTF-8", "http://127.0.0.1/feed", "http://127.0.0.1/feed") {
			read++
		}
	}
	t.Logf("fast path read %d of %d documents", read, len(names))
}

// BenchmarkParseFast and BenchmarkParseGofeed time the parse alone (no decode, no
// normalize) on benchFeed: the fast path against the gofeed path's parseXML.
func BenchmarkParseFast(b *testing.B) {
	doc := benchFeed()
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, ok := parseFast(doc); !ok {
			b.Fatal("declined")
		}
	}
}

func BenchmarkParseGofeed(b *testing.B) {
	doc := benchFeed()
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := parseXML(doc, gofeed.FeedTypeRSS, "https://www.exemple.fr/feed/"); err != nil {
			b.Fatal(err)
		}
	}
}

// commonDate gives what gofeed's date parser gives (through the translator parseDates falls
// back on), or declines.
func TestCommonDate(t *testing.T) {
	viaGofeed := func(s string) *time.Time {
		f := &rss.Feed{Items: []*rss.Item{{DublinCoreExt: &ext.DublinCoreExtension{Date: []string{s}}}}}
		gf, err := dateTranslator.Translate(f)
		if err != nil || gf.Items[0].UpdatedParsed == nil {
			return nil
		}
		u := gf.Items[0].UpdatedParsed.UTC()
		return &u
	}
	for _, s := range []string{
		"Tue, 05 Dec 2023 17:00:00 +0100", " Tue, 05 Dec 2023 17:00:00 -0000 ", "Tue, 5 Dec 2023 17:00:00 +0000",
		"Mon, 05 Dec 2023 17:00:00 +0100", "Tue, 05 Dec 2023 17:00:00 GMT", "Tue, 05 Dec 2023 17:00 +0100",
		"Tue, 31 Feb 2023 17:00:00 +0100", "Tue, 05 Dec 23 17:00:00 +0100", "05 Dec 23 17:00 +0100",
		"2023-12-05T17:00:00+01:00", "2023-12-05T17:00:00.123456Z", "2023-12-05T17:00:00Z", "2023-12-05 17:00:00",
		"2023-12-05T17:00:00", "2023-12-05", "20231205T170000Z", "Mardi, 05 déc 2023 17:00:00 +0100",
		"Tuesday, 05-Dec-23 17:00:00 GMT", "2023-12-05T25:00:00Z", "",
	} {
		want := viaGofeed(s)
		got, ok := commonDate(s)
		switch {
		case ok && want == nil:
			t.Errorf("%q: commonDate %v, gofeed none", s, got)
		case ok && !got.UTC().Equal(*want):
			t.Errorf("%q: commonDate %v, gofeed %v", s, got.UTC(), *want)
		}
	}
}
