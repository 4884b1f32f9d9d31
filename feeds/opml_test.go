package feeds

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode"
)

// opmlWant is the part of a Feed that OPML carries.
type opmlWant struct {
	URL, Title, SiteURL, Category string
	AIOnly                        bool
}

func opmlGot(fs []Feed) []opmlWant {
	out := make([]opmlWant, len(fs))
	for i, f := range fs {
		out[i] = opmlWant{f.URL, f.Title, f.SiteURL, f.Category, f.AIOnly}
	}
	return out
}

func opmlParseFile(t *testing.T, name string) ([]Feed, []OPMLWarning) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	fs, warns, err := ParseOPMLWarnings(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("ParseOPMLWarnings(%s): %v", name, err)
	}
	return fs, warns
}

func opmlCheckWarnings(t *testing.T, typed []OPMLWarning, want ...string) {
	t.Helper()
	warns := make([]string, len(typed))
	for i, w := range typed {
		warns[i] = w.String()
	}
	if len(warns) != len(want) {
		t.Errorf("warnings = %q, want %d matching %q", warns, len(want), want)
		return
	}
	for i, w := range want {
		if !strings.Contains(warns[i], w) {
			t.Errorf("warning %d = %q, want it to contain %q", i, warns[i], w)
		}
	}
}

func TestParseOPMLNewsboat(t *testing.T) {
	fs, warns := opmlParseFile(t, "newsboat.opml")
	want := []opmlWant{
		{URL: "https://www.numerama.com/feed/", Title: "Numerama", SiteURL: "https://www.numerama.com"},
		{URL: "https://next.ink/feed/", Title: "Next", SiteURL: "https://next.ink"},
		{URL: "https://linuxfr.org/news.atom", Title: "LinuxFr.org : les dépêches", SiteURL: "https://linuxfr.org/news"},
		{URL: "https://korben.info/feed"},
	}
	if got := opmlGot(fs); !reflect.DeepEqual(got, want) {
		t.Errorf("feeds:\n got %+v\nwant %+v", got, want)
	}
	opmlCheckWarnings(t, warns,
		"exec:~/bin/scrape-lemagit.sh",
		`"Franceinfo": not an http(s) URL: filter:`,
		"duplicate of https://www.numerama.com/feed/")
}

func TestParseOPMLMiniflux(t *testing.T) {
	fs, warns := opmlParseFile(t, "miniflux.opml")
	want := []opmlWant{
		{"https://www.frandroid.com/feed", "Frandroid", "https://www.frandroid.com/", "Actualité tech", false},
		{"https://www.clubic.com/feed/rss", "Clubic.com", "https://www.clubic.com/", "Actualité tech", false},
		{"https://www.actuia.com/feed/", "ActuIA", "https://www.actuia.com/", "IA & données", false},
		{"https://www.silicon.fr/feed", "Silicon.fr", "https://www.silicon.fr/", "All", false},
	}
	if got := opmlGot(fs); !reflect.DeepEqual(got, want) {
		t.Errorf("feeds:\n got %+v\nwant %+v", got, want)
	}
	opmlCheckWarnings(t, warns)
}

func TestParseOPMLFreshRSS(t *testing.T) {
	fs, warns := opmlParseFile(t, "freshrss.opml")
	want := []opmlWant{
		{"https://www.lemondeinformatique.fr/flux-rss/thematique/toutes-les-actualites/rss.xml", "Le Monde Informatique", "https://www.lemondeinformatique.fr/", "Sans catégorie", false},
		{"https://www.lemagit.fr/rss/ContentSyndication.xml", "LeMagIT", "https://www.lemagit.fr/", "Entreprise", false},
		{"https://www.zdnet.fr/feed", "ZDNet.fr", "https://www.zdnet.fr/", "Entreprise", false},
		// type is ignored: an outline with an xmlUrl is a feed.
		{"https://www.journaldunet.com/", "JDN (scraped)", "https://www.journaldunet.com/", "Entreprise", false},
	}
	if got := opmlGot(fs); !reflect.DeepEqual(got, want) {
		t.Errorf("feeds:\n got %+v\nwant %+v", got, want)
	}
	opmlCheckWarnings(t, warns)
}

func TestParseOPMLHandmade(t *testing.T) {
	fs, warns := opmlParseFile(t, "handmade.opml")
	want := []opmlWant{
		{"https://www.lemonde.fr/pixels/rss_full.xml", "Le Monde – Pixels", "https://www.lemonde.fr/pixels/", "Tech FR / Presse généraliste", false},
		{"https://www.01net.com/feed/", "01net", "", "Tech FR", false},
		// a javascript: htmlUrl is dropped, the feed kept.
		{"https://korben.info/feed", "Korben — Upgrade your mind", "", "", false},
		{"https://www.lebigdata.fr/feed", "LeBigData", "", "IA", true},
	}
	if got := opmlGot(fs); !reflect.DeepEqual(got, want) {
		t.Errorf("feeds:\n got %+v\nwant %+v", got, want)
	}
	opmlCheckWarnings(t, warns, `"Lettre": not an http(s) URL: mailto:lettre@example.org`)
}

func TestParseOPMLLatin1(t *testing.T) {
	fs, _ := opmlParseFile(t, "latin1.opml")
	want := []opmlWant{{URL: "https://www.lesnumeriques.com/rss.xml", Title: "Les Numériques", Category: "Numérique"}}
	if got := opmlGot(fs); !reflect.DeepEqual(got, want) {
		t.Errorf("feeds:\n got %+v\nwant %+v", got, want)
	}
}

func TestParseOPMLTwoReturnForm(t *testing.T) {
	fs, err := ParseOPML(strings.NewReader(`<opml version="2.0"><body>
		<outline text="a" xmlUrl="https://a.example/feed"/>
		<outline text="b" xmlUrl="ftp://b.example/feed"/></body></opml>`))
	if err != nil || len(fs) != 1 || fs[0].URL != "https://a.example/feed" {
		t.Fatalf("ParseOPML = %+v, %v", fs, err)
	}
}

func TestParseOPMLEmptyBody(t *testing.T) {
	fs, warns, err := ParseOPMLWarnings(strings.NewReader(`<?xml version="1.0"?><opml version="2.0"><head/><body/></opml>`))
	if err != nil || len(fs) != 0 || len(warns) != 0 {
		t.Fatalf("got %v, %v, %v; want no feeds, no warnings, no error", fs, warns, err)
	}
}

func TestParseOPMLTruncated(t *testing.T) {
	in := `<opml version="2.0"><body><outline text="X"><outline text="a" xmlUrl="https://a.example/feed"/><outline text="b" xmlU`
	fs, warns, err := ParseOPMLWarnings(strings.NewReader(in))
	if err != nil {
		t.Fatalf("err = %v, want the feeds read so far", err)
	}
	if len(fs) != 1 || fs[0].Category != "X" {
		t.Errorf("feeds = %+v", fs)
	}
	opmlCheckWarnings(t, warns, "malformed XML")
}

func TestParseOPMLNotOPML(t *testing.T) {
	cases := map[string]struct{ in, want string }{
		"empty":     {"  \n", "not an OPML file: the file is empty"},
		"text":      {"hello world", "not an OPML file: no XML element found"},
		"json":      {`{"feeds": []}`, "not an OPML file: no XML element found"},
		"rss":       {`<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>`, "not an OPML file: this is a feed (<rss>)"},
		"atom":      {`<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>`, "not an OPML file: this is a feed (<feed>)"},
		"html":      {"<!DOCTYPE html>\n<html><head><title>Oups</title></head><body><p>404</body></html>", "not an OPML file: this is an HTML page"},
		"other":     {`<config><a/></config>`, "not an OPML file: the root element is <config>, not <opml>"},
		"nobody":    {`<opml version="2.0"><head><title>x</title></head></opml>`, "not an OPML file: no <body> element"},
		"badxml":    {`<opml version="2.0"><head><title>x</head`, "not an OPML file: malformed XML"},
		"bad start": {"\x00\x01<opml>", "not an OPML file: not XML"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, _, err := ParseOPMLWarnings(strings.NewReader(c.in))
			if err == nil {
				t.Fatalf("no error, want %q", c.want)
			}
			if !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("err = %q, want prefix %q", err, c.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("err has several lines: %q", err)
			}
		})
	}
}

func TestWriteOPMLRoundTrip(t *testing.T) {
	in := []Feed{
		{URL: "https://www.numerama.com/feed/", Title: "Numerama", SiteURL: "https://www.numerama.com/", Category: "Actualité tech"},
		{URL: "https://korben.info/feed", Title: "Korben", SiteURL: "https://korben.info/"},
		{URL: "https://www.actuia.com/feed/", Title: "ActuIA", SiteURL: "https://www.actuia.com/", Category: "Intelligence artificielle", AIOnly: true},
		{URL: "https://example.org/feed?a=1&b=2", Title: `Tom & "Jerry" <3 l'IA`, Category: "Actualité tech"},
		{URL: "https://linuxfr.org/news.atom", Title: "LinuxFr.org", SiteURL: "https://linuxfr.org/", Category: "Logiciel libre / Communauté"},
		{URL: "https://www.silicon.fr/feed", Title: "Silicon.fr"},
	}
	var buf bytes.Buffer
	now := time.Date(2026, 11, 26, 18, 30, 0, 0, time.FixedZone("CET", 3600))
	if err := WriteOPML(&buf, in, "veille — abonnements", now); err != nil {
		t.Fatal(err)
	}
	out := buf.String()

	for _, s := range []string{
		`<?xml version="1.0" encoding="UTF-8"?>`,
		`<opml version="2.0" xmlns:veille="https://veille.dev/opml">`,
		`<title>veille — abonnements</title>`,
		`<dateCreated>Thu, 26 Nov 2026 17:30:00 GMT</dateCreated>`,
		`<outline text="Actualité tech" title="Actualité tech">`,
		`<outline type="rss" text="Numerama" title="Numerama" xmlUrl="https://www.numerama.com/feed/" htmlUrl="https://www.numerama.com/"></outline>`,
		`xmlUrl="https://example.org/feed?a=1&amp;b=2"`,
		`text="Tom &amp; &#34;Jerry&#34; &lt;3 l&#39;IA"`,
		`veille:aiOnly="true"`,
	} {
		if !strings.Contains(out, s) {
			t.Errorf("output lacks %s\n%s", s, out)
		}
	}
	// Well-formed XML, folders in first-appearance order, uncategorised feeds in place.
	if err := xml.Unmarshal(buf.Bytes(), new(struct{})); err != nil {
		t.Fatalf("not well-formed: %v", err)
	}
	order := []string{`text="Actualité tech"`, `text="Korben"`, `text="Intelligence artificielle"`, `text="Logiciel libre / Communauté"`, `text="Silicon.fr"`}
	last := -1
	for _, s := range order {
		i := strings.Index(out, s)
		if i <= last {
			t.Errorf("%s out of order\n%s", s, out)
		}
		last = i
	}

	back, warns, err := ParseOPMLWarnings(&buf)
	if err != nil || len(warns) != 0 {
		t.Fatalf("parse back: %v %q", err, warns)
	}
	// Feeds come back grouped by folder; compare as sets keyed by URL, and check group order.
	wantOrder := []string{in[0].URL, in[3].URL, in[1].URL, in[2].URL, in[4].URL, in[5].URL}
	if len(back) != len(in) {
		t.Fatalf("got %d feeds, want %d", len(back), len(in))
	}
	byURL := make(map[string]opmlWant)
	for _, w := range opmlGot(in) {
		byURL[w.URL] = w
	}
	for i, g := range opmlGot(back) {
		if g.URL != wantOrder[i] {
			t.Errorf("feed %d = %s, want %s", i, g.URL, wantOrder[i])
		}
		if g != byURL[g.URL] {
			t.Errorf("round trip:\n got %+v\nwant %+v", g, byURL[g.URL])
		}
	}

	// Writing what was read gives the same bytes: the order is stable.
	var again bytes.Buffer
	if err := WriteOPML(&again, back, "veille — abonnements", now); err != nil {
		t.Fatal(err)
	}
	if again.String() != out {
		t.Errorf("second write differs:\n%s\n---\n%s", again.String(), out)
	}
}

func TestWriteOPMLPlain(t *testing.T) {
	var buf bytes.Buffer
	fs := []Feed{{URL: "https://a.example/feed"}, {URL: "https://b.example/feed", Title: "B\x01\nfeed"}}
	if err := WriteOPML(&buf, fs, "", time.Unix(0, 0)); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Contains(out, "xmlns:veille") {
		t.Errorf("namespace declared without AI-only feeds:\n%s", out)
	}
	if !strings.Contains(out, `<outline type="rss" text="https://a.example/feed" title="https://a.example/feed" xmlUrl="https://a.example/feed"></outline>`) {
		t.Errorf("untitled feed:\n%s", out)
	}
	back, err := ParseOPML(strings.NewReader(out))
	if err != nil || len(back) != 2 {
		t.Fatalf("parse back: %v %+v", err, back)
	}
	if back[1].Title != "B feed" {
		t.Errorf("control character title came back as %q", back[1].Title)
	}
}

type opmlFailWriter struct{}

func (opmlFailWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }

// TestWriteOPMLEmpty: no feeds still make a document with a <body>, which readers require.
func TestWriteOPMLEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteOPML(&buf, nil, "veille", time.Unix(0, 0)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "<body></body>") {
		t.Errorf("no body:\n%s", buf.String())
	}
	fs, warns, err := ParseOPMLWarnings(&buf)
	if err != nil || len(fs) != 0 || len(warns) != 0 {
		t.Errorf("parse back: %v, %q, %v", fs, warns, err)
	}
}

func TestWriteOPMLError(t *testing.T) {
	fs := make([]Feed, 200)
	for i := range fs {
		fs[i] = Feed{URL: "https://example.org/" + strings.Repeat("x", 100), Title: "x"}
	}
	if err := WriteOPML(opmlFailWriter{}, fs, "t", time.Now()); err == nil {
		t.Fatal("no error from a failing writer")
	}
}

func TestDefaultFeeds(t *testing.T) {
	fs, warns, err := ParseOPMLWarnings(bytes.NewReader(defaultsOPML))
	if err != nil || len(warns) != 0 {
		t.Fatalf("defaults.opml: %v %q", err, warns)
	}
	if got := DefaultFeeds(); !reflect.DeepEqual(got, fs) {
		t.Fatalf("DefaultFeeds differs from a fresh parse")
	}
	if len(fs) < 25 {
		t.Fatalf("%d default feeds, want at least 25", len(fs))
	}
	seen := make(map[string]bool)
	ai := make(map[string]bool)
	for _, f := range fs {
		if seen[f.URL] {
			t.Errorf("duplicate URL %s", f.URL)
		}
		seen[f.URL] = true
		if !strings.HasPrefix(f.URL, "https://") || !strings.HasPrefix(f.SiteURL, "https://") {
			t.Errorf("%s: URL %q / site %q not https", f.Title, f.URL, f.SiteURL)
		}
		if f.Title == "" || f.Category == "" {
			t.Errorf("%s: title %q, category %q", f.URL, f.Title, f.Category)
		}
		if f.AIOnly != (f.Category == "Intelligence artificielle") {
			t.Errorf("%s: AIOnly=%v in folder %q", f.Title, f.AIOnly, f.Category)
		}
		if f.AIOnly {
			ai[f.URL] = true
		}
	}
	// The general tech press, URL for URL, then the AI-only feeds.
	for _, u := range []string{
		"https://www.lemonde.fr/pixels/rss_full.xml",
		"https://www.numerama.com/feed/",
		"https://www.01net.com/feed/",
		"https://www.frandroid.com/feed",
		"https://next.ink/feed/",
		"https://www.zdnet.fr/feed",
		"https://www.lemagit.fr/rss/ContentSyndication.xml",
		"https://www.lemondeinformatique.fr/flux-rss/thematique/toutes-les-actualites/rss.xml",
		"https://www.journaldugeek.com/feed/",
		"https://siecledigital.fr/feed/",
		"https://www.clubic.com/feed/rss",
		"https://www.presse-citron.net/feed/",
		"https://www.lesnumeriques.com/rss.xml",
		"https://www.journaldunet.com/rss/",
		"https://www.bfmtv.com/rss/tech/",
		"https://www.developpez.com/index/rss",
		"https://linuxfr.org/news.atom",
		"https://www.francetvinfo.fr/internet.rss",
		"https://www.maddyness.com/feed/",
		"https://www.frenchweb.fr/feed",
		"https://www.blogdumoderateur.com/feed/",
		"https://www.usine-digitale.fr/rss",
		"https://korben.info/feed",
		"https://www.silicon.fr/feed",
		"https://www.lefigaro.fr/rss/figaro_secteur_high-tech.xml",
	} {
		if !seen[u] || ai[u] {
			t.Errorf("%s: present %v, AI-only %v; want present, not AI-only", u, seen[u], ai[u])
		}
	}
	for _, u := range []string{
		"https://www.actuia.com/feed/",
		"https://www.lemonde.fr/intelligence-artificielle/rss_full.xml",
		"https://www.numerama.com/tag/intelligence-artificielle/feed/",
		"https://www.lemondeinformatique.fr/flux-rss/thematique/intelligence-artificielle/rss.xml",
		"https://intelligence-artificielle.developpez.com/index/rss",
		"https://www.lebigdata.fr/feed",
	} {
		if !ai[u] {
			t.Errorf("%s: missing or not AI-only", u)
		}
	}
	if len(ai) != 6 || len(fs) != 31 {
		t.Errorf("%d feeds, %d AI-only; want 31 and 6 (update this test with defaults.opml)", len(fs), len(ai))
	}

	// The copy is the caller's.
	a := DefaultFeeds()
	a[0].Title = "changed"
	if DefaultFeeds()[0].Title == "changed" {
		t.Error("DefaultFeeds returns shared state")
	}
	if !bytes.Equal(DefaultOPML(), defaultsOPML) {
		t.Error("DefaultOPML differs from the embedded file")
	}
}

func TestParseOPMLBOMAndCRLF(t *testing.T) {
	in := "\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<opml>\r\n<body>\r\n<outline text=\"a\" xmlUrl=\"https://a.example/feed\"/>\r\n</body>\r\n</opml>\r\n"
	fs, err := ParseOPML(strings.NewReader(in))
	if err != nil || len(fs) != 1 || fs[0].Title != "a" {
		t.Fatalf("got %+v, %v", fs, err)
	}
}

func TestParseOPMLControlCharacters(t *testing.T) {
	in := "<opml><body><outline text=\"Dossier&#x85;\"><outline text=\"a&#x9b;31mRouge\u200b\" xmlUrl=\"https://a.example/feed\"/></outline></body></opml>"
	fs, err := ParseOPML(strings.NewReader(in))
	if err != nil || len(fs) != 1 {
		t.Fatalf("got %+v, %v", fs, err)
	}
	if fs[0].Title != "a31mRouge\u200b" || fs[0].Category != "Dossier" {
		t.Errorf("title %q, category %q: control characters kept", fs[0].Title, fs[0].Category)
	}
	// encoding/xml refuses a raw ESC (the outline is lost, with a warning); whatever it does,
	// no title may keep it.
	fs, warns, _ := ParseOPMLWarnings(strings.NewReader("<opml><body><outline text=\"\x1b[31mRouge\" xmlUrl=\"https://b.example/\"/></body></opml>"))
	for _, f := range fs {
		if strings.ContainsRune(f.Title, 0x1b) {
			t.Errorf("raw ESC kept in %q", f.Title)
		}
	}
	if len(fs) == 0 && len(warns) == 0 {
		t.Error("outline dropped without a warning")
	}
}

// TestParseOPMLWarningsAreLines: every outline skipped gets a warning naming it, one printable
// line each, so that the command line can print them one per line.
func TestParseOPMLWarningsAreLines(t *testing.T) {
	in := `<opml version="2.0"><body><outline text="Tech">
		<outline text="Numerama" xmlUrl="https://www.numerama.com/feed/"/>
		<outline text="Script&#10;&#x9b;[2J" xmlUrl="exec:~/bin/x.sh&#10;rm -rf ~"/>
		<outline text="Numerama bis" xmlUrl="https://www.numerama.com/feed/"/>
		<outline text="Next" xmlUrl="https://next.ink/feed/"/>
		</outline><outline text="cut" xmlU`
	fs, warns, err := ParseOPMLWarnings(strings.NewReader(in))
	if err != nil || len(fs) != 2 {
		t.Fatalf("got %+v, %v", fs, err)
	}
	opmlCheckWarnings(t, warns, `"Script [2J": not an http(s) URL: exec:~/bin/x.sh rm -rf ~`,
		"skipped a duplicate of https://www.numerama.com/feed/", "malformed XML")
	for _, w := range warns {
		if strings.ContainsFunc(w.String(), unicode.IsControl) {
			t.Errorf("warning %q is not one printable line", w)
		}
	}
}
