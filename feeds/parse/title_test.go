package parse

import (
	"strings"
	"testing"
)

// TestFeedScriptText: the text of <script> and <style> elements never reaches a title or a
// summary, whether the markup is CDATA, escaped, double-escaped, holds comments or CDATA,
// is nested in other markup or is left unterminated.
func TestFeedScriptText(t *testing.T) {
	pf := parseFixture(t, "script-titles.xml", "application/rss+xml", "https://scripts.example/feed")
	if len(pf.Articles) != 7 {
		t.Fatalf("%d articles, want 7", len(pf.Articles))
	}
	for i, a := range pf.Articles {
		wantTitle, wantSummary := "safe title", "safe description"
		if i == 6 { // unterminated: the rest of the value is script
			wantTitle, wantSummary = "safe", "safe"
		}
		if a.Title != wantTitle {
			t.Errorf("%s: title %q, want %q", a.URL, a.Title, wantTitle)
		}
		if a.Summary != wantSummary {
			t.Errorf("%s: summary %q, want %q", a.URL, a.Summary, wantSummary)
		}
		for _, bad := range []string{"location", "alert", "color", "document", "evil"} {
			if strings.Contains(a.Title, bad) || strings.Contains(a.Summary, bad) || strings.Contains(a.Text, bad) && i != 5 {
				t.Errorf("%s: %q leaked: title %q summary %q text %q", a.URL, bad, a.Title, a.Summary, a.Text)
			}
		}
	}
}

func TestPlainLineMarkup(t *testing.T) {
	for in, want := range map[string]string{
		"a < b":                       "a < b",
		"<3 et 1<2":                   "<3 et 1<2",
		"a<br>b":                      "a b",
		"L&amp;#039;IA <em>x</em>":    "L'IA x",
		"x <!-- c > d --> y":          "x y",
		"x <style>p{}</style>y":       "x y",
		"Tom &amp; Jerry":             "Tom & Jerry",
		"<noscript>n</noscript>ok":    "ok",
		"a<script src=x.js></script>": "a",
	} {
		if got := plainLine(in); got != want {
			t.Errorf("plainLine(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFeedTextTitles: RSS titles written with entities and Atom titles of type text are text
// (a "<blink>" in them is shown as written); CDATA RSS titles and Atom html/xhtml titles are
// markup.
func TestFeedTextTitles(t *testing.T) {
	rss := `<?xml version="1.0"?><rss version="2.0"><channel><title>Le &lt;canal&gt;</title><link>https://t.example/</link>
<item><title>History of the &lt;blink&gt; tag</title><link>https://t.example/1</link></item>
<item><title>Le &amp;lt;marquee&amp;gt; &amp;amp; L&amp;#039;IA</title><link>https://t.example/2</link></item>
<item><title><![CDATA[Mistral <em>Large</em>]]></title><link>https://t.example/3</link></item>
<item><title>1 &lt; 2</title><link>https://t.example/4</link></item>
</channel></rss>`
	pf, err := Feed([]byte(rss), "application/rss+xml", "https://t.example/feed", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if pf.Title != "Le <canal>" {
		t.Errorf("RSS feed title %q", pf.Title)
	}
	for i, want := range []string{"History of the <blink> tag", "Le <marquee> & L'IA", "Mistral Large", "1 < 2"} {
		if got := pf.Articles[i].Title; got != want {
			t.Errorf("RSS title %d %q, want %q", i, got, want)
		}
	}

	atomDoc := `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title type="text">Le &lt;flux&gt;</title><id>urn:f</id><updated>2024-08-01T10:00:00Z</updated>
<link href="https://a.example/"/>
<entry><title type="text">History of the &lt;blink&gt; tag</title><id>urn:1</id><link href="https://a.example/1"/><updated>2024-08-01T10:00:00Z</updated></entry>
<entry><title type="html">&lt;b&gt;bold&lt;/b&gt;</title><id>urn:2</id><link href="https://a.example/2"/><updated>2024-08-01T10:00:00Z</updated></entry>
<entry><title>The &lt;video&gt; element</title><id>urn:3</id><link href="https://a.example/3"/><updated>2024-08-01T10:00:00Z</updated></entry>
<entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">An <em>xhtml</em> title</div></title><id>urn:4</id><link href="https://a.example/4"/><updated>2024-08-01T10:00:00Z</updated></entry>
<entry><title type="text"><![CDATA[The <p> element]]></title><id>urn:5</id><link href="https://a.example/5"/><updated>2024-08-01T10:00:00Z</updated></entry>
<entry><title type="html"><![CDATA[<i>html</i> in CDATA]]></title><id>urn:6</id><link href="https://a.example/6"/><updated>2024-08-01T10:00:00Z</updated></entry>
</feed>`
	pf, err = Feed([]byte(atomDoc), "application/atom+xml", "https://a.example/feed", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if pf.Title != "Le <flux>" {
		t.Errorf("Atom feed title %q", pf.Title)
	}
	want := []string{"History of the <blink> tag", "bold", "The <video> element", "An xhtml title", "The <p> element", "html in CDATA"}
	if len(pf.Articles) != len(want) {
		t.Fatalf("%d articles", len(pf.Articles))
	}
	for i, w := range want {
		assertArticleSafe(t, &pf.Articles[i])
		if got := pf.Articles[i].Title; got != w {
			t.Errorf("Atom title %d %q, want %q", i, got, w)
		}
	}
}

// TestFeedTitleFallbacks: an item without <title> takes its media:title, else the first
// words of its text, else a readable form of its link; none is dropped or left untitled.
func TestFeedTitleFallbacks(t *testing.T) {
	body := `<?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>t</title><link>https://v.example/</link>
<item><link>https://v.example/1</link><media:title type="plain">Le &lt;direct&gt; vidéo</media:title></item>
<item><link>https://v.example/2</link><media:group><media:title>Titre du groupe</media:title></media:group></item>
<item><link>https://v.example/3</link><media:content url="https://v.example/3.mp4"><media:title type="html"><![CDATA[Titre <b>média</b>]]></media:title></media:content></item>
<item><link>https://v.example/4</link><description>Un résumé qui sert de titre.</description></item>
<item><link>https://v.example/tech/1500000-mistral-ai-modele_ouvert.html</link></item>
<item><link>https://v.example/l%C3%A9t%C3%A9-en-pente/</link></item>
<item><link>https://www.v.example/?p=123</link></item>
<item><title>Titre</title><link>https://v.example/8</link><media:title>Autre</media:title></item>
</channel></rss>`
	pf, err := Feed([]byte(body), "application/rss+xml", "https://v.example/feed", testNow)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Le <direct> vidéo", "Titre du groupe", "Titre média", "Un résumé qui sert de titre.",
		"Mistral ai modele ouvert", "Lété en pente", "v.example", "Titre"}
	if len(pf.Articles) != len(want) {
		t.Fatalf("%d articles, want %d", len(pf.Articles), len(want))
	}
	for i, w := range want {
		assertArticleSafe(t, &pf.Articles[i])
		if got := pf.Articles[i].Title; got != w {
			t.Errorf("%s: title %q, want %q", pf.Articles[i].URL, got, w)
		}
	}
}
