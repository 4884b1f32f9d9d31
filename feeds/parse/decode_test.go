package parse

import (
	"reflect"
	"strings"
	"testing"
	"time"
	"veille/feeds"

	"github.com/mmcdole/gofeed"
)

func TestDecode(t *testing.T) {
	tests := []struct {
		name        string
		in          []byte
		contentType string
		want        string
	}{
		{"utf-8 untouched", []byte(`<?xml version="1.0" encoding="UTF-8"?><rss>é</rss>`), "", `<?xml version="1.0" encoding="UTF-8"?><rss>é</rss>`},
		{"utf-8 wins over a wrong prolog", []byte(`<?xml version="1.0" encoding="ISO-8859-1"?><rss>Café</rss>`), "", `<?xml version="1.0" encoding="UTF-8"?><rss>Café</rss>`},
		{"utf-8 wins over a wrong header", []byte(`<rss>Café</rss>`), "text/xml; charset=iso-8859-1", `<rss>Café</rss>`},
		{"single quotes in prolog", []byte(`<?xml version='1.0' encoding='windows-1252'?><rss>x</rss>`), "", `<?xml version='1.0' encoding='UTF-8'?><rss>x</rss>`},
		{"cp1252 without declaration", []byte("<rss>L\x92IA \x80 \x9c \xe9t\xe9</rss>"), "", "<rss>L’IA € œ été</rss>"},
		{"iso-8859-1 is read as windows-1252", []byte("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss>l\x92\xe9t\xe9</rss>"), "", `<?xml version="1.0" encoding="UTF-8"?><rss>l’été</rss>`},
		{"header beats prolog", []byte("<?xml version=\"1.0\" encoding=\"windows-1252\"?><rss>\xa4</rss>"), "text/xml; charset=\"ISO-8859-15\"", `<?xml version="1.0" encoding="UTF-8"?><rss>€</rss>`},
		{"prolog when the header charset is unknown", []byte("<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?><rss>\xa4</rss>"), "text/xml; charset=x-inconnu", `<?xml version="1.0" encoding="UTF-8"?><rss>€</rss>`},
		{"prolog when no header", []byte("<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?><rss>\xa4</rss>"), "text/xml", `<?xml version="1.0" encoding="UTF-8"?><rss>€</rss>`},
		{"mixed utf-8 and cp1252", []byte("<rss>caf\xe9 et \xc3\xa9t\xc3\xa9</rss>"), "", "<rss>café et été</rss>"},
		{"utf-8 BOM", []byte("\xef\xbb\xbf<rss>é</rss>"), "", "<rss>é</rss>"},
		{"control bytes dropped", []byte("<rss>a\x00b\x1b[2Jc\x0bd\u0085e</rss>"), "", "<rss>abcde</rss>"},
		{"forbidden references dropped", []byte("<rss>a&#27;b&#x1B;c&#0;d&#xFFFE;e&#8217;f&#x9;g&#12</rss>"), "", "<rss>abcde&#8217;f&#x9;g&#12</rss>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decode(tt.in, tt.contentType)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("decode = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestHTTPCharset(t *testing.T) {
	tests := map[string]string{
		"application/rss+xml; charset=UTF-8":     "utf-8",
		`text/xml;charset="ISO-8859-1"`:          "iso-8859-1",
		"text/xml":                               "",
		"":                                       "",
		"text/xml; charset=windows-1252; foo=;;": "windows-1252",
	}
	for in, want := range tests {
		if got := httpCharset(in); got != want {
			t.Errorf("httpCharset(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLiftCDATA(t *testing.T) {
	long := strings.Repeat("<p>Texte long & riche</p>", 5)
	doc := "<rss><!-- <![CDATA[" + long + "]]> --><a><![CDATA[court]]></a><b><![CDATA[" + long + "]]></b><c>x<![CDATA[" + long + "]]>y</c></rss>"
	lifted, parts := liftCDATA([]byte(doc))
	if len(parts) != 2 {
		t.Fatalf("%d parts lifted, want 2 (the commented and the short ones stay): %s", len(parts), lifted)
	}
	if !strings.Contains(string(lifted), "<!-- <![CDATA[") || !strings.Contains(string(lifted), "<![CDATA[court]]>") {
		t.Errorf("lifted %s", lifted)
	}
	if got := restore(string(lifted), parts); !strings.Contains(got, "<b>"+long+"</b>") || !strings.Contains(got, "<c>x"+long+"y</c>") {
		t.Errorf("restore %s", got)
	}
	// A document that already holds the placeholder characters is left alone.
	if _, parts := liftCDATA([]byte("<rss>\ue000<![CDATA[" + long + "]]></rss>")); parts != nil {
		t.Error("lifted a document holding placeholder characters")
	}
	if got := restore("a\ue0009\ue001b\ue000x", []string{"z"}); got != "a\ue0009\ue001b\ue000x" {
		t.Errorf("foreign placeholders changed: %q", got)
	}
	for in, want := range map[string]string{
		"\ue0000\ue001":       "z",
		"\ue0001\ue001":       "\ue0001\ue001",
		"\ue0000\ue001x":      "zx",
		"\ue000\ue001":        "\ue000\ue001",
		"\ue0000":             "\ue0000",
		"\ue000-1\ue001":      "\ue000-1\ue001",
		"\ue0000\ue001\ue000": "z\ue000",
	} {
		if got := restore(in, []string{"z"}); got != want {
			t.Errorf("restore(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLiftCDATASameResult: lifting CDATA out of the XML pass changes nothing in the result.
func TestLiftCDATASameResult(t *testing.T) {
	for _, doc := range [][]byte{benchFeed(), readFixture(t, "numerama.xml"), readFixture(t, "next.xml"), readFixture(t, "lemagit.xml")} {
		plain, err := parseRSS(doc, false)
		if err != nil {
			t.Fatal(err)
		}
		lifted, err := parseRSS(doc, true)
		if err != nil {
			t.Fatal(err)
		}
		a := normalize(plain, "https://www.exemple.fr/feed/", testNow)
		b := normalize(lifted, "https://www.exemple.fr/feed/", testNow)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("lifting CDATA changed the result:\n%+v\n%+v", a.Articles[0], b.Articles[0])
		}
	}
}

// normalize is normalizeAt for a document read from the feed's own URL.
func normalize(gf *gofeed.Feed, feedURL string, now time.Time) feeds.ParsedFeed {
	return normalizeAt(gf, feedURL, feedURL, now, nil)
}
