package fetch

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"veille/feeds"
)

const jsonFeedDoc = `{
  "version": "https://jsonfeed.org/version/1.1",
  "title": "Next",
  "items": []
}`

// A WordPress-like page: the feeds it advertises, in an order that puts JSON before RSS,
// with duplicates, look-alikes and links that are not feeds.
const pageDoc = `<!DOCTYPE html>
<html lang="fr"><head>
<meta charset="utf-8">
<title>Numerama – L’actualité tech</title>
<script>document.write('<link rel="alternate" type="application/rss+xml" href="/from-script.xml">')</script>
<link rel="alternate" type="application/feed+json" href="/feed.json" title="JSON Feed">
<link rel="alternate" type="application/json" href="/wp-json/wp/v2/pages/42">
<link rel="alternate" type="application/json+oembed" href="/wp-json/oembed/1.0/embed?url=x">
<link rel="stylesheet" type="text/css" href="/style.css">
<link rel="Alternate" type="Application/RSS+XML" title="Numerama » Flux" href="/feed/">
<link rel="alternate" type="application/rss+xml" title="Numerama » Flux des commentaires" href="https://www.numerama.com/comments/feed/">
<link rel="alternate home" type="application/atom+xml; charset=utf-8" href=" atom.xml ">
<link rel="alternate" type="application/rss+xml" href="/feed/">
<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
<link rel="alternate" type="application/rss+xml" href="">
<link rel="alternate" hreflang="en" href="/en/">
<link rel="canonical" type="application/rss+xml" href="/not-alternate.xml">
</head><body><p>Bonjour</p></body></html>`

func TestDiscover(t *testing.T) {
	t.Parallel()
	type page struct{ contentType, body string }
	pages := map[string]page{
		"/feed.xml":   {"application/rss+xml; charset=UTF-8", "<rss></rss>"},
		"/atom":       {"application/atom+xml", "whatever the body"},
		"/textxml":    {"text/xml", rssDoc},
		"/as-html":    {"text/html; charset=utf-8", "\xef\xbb\xbf\r\n<?xml version=\"1.0\"?>\n<!-- généré par WordPress -->\n<?xml-stylesheet href=\"s.xsl\"?>\n<rss version=\"2.0\"><channel/></rss>"},
		"/rdf":        {"text/plain", `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF>`},
		"/atom-sniff": {"", `<feed xmlns="http://www.w3.org/2005/Atom"><title>LinuxFr</title></feed>`},
		"/json-feed":  {"application/json", jsonFeedDoc},
		"/page":       {"text/html; charset=utf-8", pageDoc},
		"/blog/index.html": {"text/html", `<html><head><base href="/archives/">
			<link rel=alternate type=application/rss+xml href=rss.xml>
			<link rel=alternate type=application/atom+xml href="//cdn.example.org/atom.xml">
			<base href="/ignored/">
			</head></html>`},
		"/sub/page.html": {"text/html", `<link rel="alternate" type="application/rss+xml" href="feed.xml">`},
		"/nofeed":        {"text/html", `<html><head><title>Rien</title><link rel="icon" href="/favicon.ico"></head></html>`},
		"/plain-json":    {"application/json", `{"version": "2", "items": []}`},
		"/xhtml":         {"application/xhtml+xml", `<html xmlns="http://www.w3.org/1999/xhtml"><head></head></html>`},
	}
	srv, _ := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/moved":
			http.Redirect(w, r, "/sub/page.html", http.StatusFound)
			return
		case "/gone":
			w.WriteHeader(http.StatusGone)
			return
		}
		p, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header()["Content-Type"] = []string{p.contentType} // "" stays empty, no sniffing
		w.Write([]byte(p.body))
	}))
	f := testFetcher(t, Options{})
	u := srv.URL
	tests := []struct {
		path string
		want []string
		kind feeds.ErrorKind
	}{
		{path: "/feed.xml", want: []string{u + "/feed.xml"}},
		{path: "/atom", want: []string{u + "/atom"}},
		{path: "/textxml", want: []string{u + "/textxml"}},
		{path: "/as-html", want: []string{u + "/as-html"}},
		{path: "/rdf", want: []string{u + "/rdf"}},
		{path: "/atom-sniff", want: []string{u + "/atom-sniff"}},
		{path: "/json-feed", want: []string{u + "/json-feed"}},
		{path: "/page", want: []string{
			u + "/feed/",
			"https://www.numerama.com/comments/feed/",
			u + "/atom.xml",
			u + "/feed.json",
		}},
		{path: "/blog/index.html", want: []string{u + "/archives/rss.xml", "http://cdn.example.org/atom.xml"}},
		{path: "/moved", want: []string{u + "/sub/feed.xml"}}, // relative to where the HTML came from
		{path: "/nofeed", kind: feeds.ErrNotFeed},
		{path: "/plain-json", kind: feeds.ErrNotFeed},
		{path: "/xhtml", kind: feeds.ErrNotFeed},
		{path: "/missing", kind: feeds.ErrHTTPStatus},
		{path: "/gone", kind: feeds.ErrGone},
	}
	for _, tt := range tests {
		got, err := f.Discover(context.Background(), u+tt.path)
		if tt.kind != "" {
			prefix := "fetch " + u + tt.path + ": "
			if tt.kind == feeds.ErrNotFeed {
				prefix = "discover " + u + tt.path + ": no feed advertised on this page"
			}
			feedErr(t, err, tt.kind, prefix)
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.path, err)
			continue
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s:\n got %q\nwant %q", tt.path, got, tt.want)
		}
	}

	// The same cap as Fetch: a page over it is refused, not parsed.
	small := testFetcher(t, Options{MaxBody: 1 << 10})
	_, err := small.Discover(context.Background(), u+"/page")
	feedErr(t, err, feeds.ErrTooLarge, "fetch "+u+"/page: body of 1.")

	for _, bad := range []string{"file:///home/moi/flux.xml", "javascript:alert(1)", "numerama.com"} {
		_, err := f.Discover(context.Background(), bad)
		feedErr(t, err, feeds.ErrNotFeed, "discover ")
	}
}

func TestLooksLikeFeed(t *testing.T) {
	tests := []struct {
		doc  string
		want bool
	}{
		{`<rss version="2.0">`, true},
		{"<rss>", true},
		{"<rss\n version='0.91'>", true},
		{"<feed/>", true},
		{"\ufeff  <feed xmlns='http://www.w3.org/2005/Atom'>", true},
		{`<?xml version="1.0" encoding="ISO-8859-1"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91">`, true},
		{`<!DOCTYPE rss [<!ENTITY nbsp "&#160;"> <!ENTITY eacute "&#233;">]><rss>`, true},
		{"<!-- a --><!-- b --><rdf:RDF>", true},
		{` {"version":"https://jsonfeed.org/version/1","items":[]}`, true},
		{`{"title":"x","version":"http://jsonfeed.org/version/1"}`, true},
		{"", false},
		{"<html><head>", false},
		{"<!DOCTYPE html><html>", false},
		{"<rssfeed>", false},
		{"<feedback>", false},
		{"<?xml version='1.0'", false},
		{"<!-- never closed <rss>", false},
		{`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`, false},
		{`{"version":"1.0"}`, false},
		{`{"version":"https://jsonfeed.org/version/1"`, false}, // broken JSON
		{`[{"version":"https://jsonfeed.org/version/1"}]`, false},
	}
	for _, tt := range tests {
		if got := looksLikeFeed([]byte(tt.doc)); got != tt.want {
			t.Errorf("looksLikeFeed(%q) = %v, want %v", tt.doc, got, tt.want)
		}
	}
}

func TestHasToken(t *testing.T) {
	for _, tt := range []struct {
		list string
		want bool
	}{
		{"alternate", true}, {"ALTERNATE", true}, {" home\talternate ", true},
		{"alternates", false}, {"", false}, {"stylesheet", false},
	} {
		if got := hasToken(tt.list, "alternate"); got != tt.want {
			t.Errorf("hasToken(%q) = %v", tt.list, got)
		}
	}
	if strings.Contains(pageDoc, "from-script") && slices.Contains(advertisedFeeds([]byte(pageDoc), mustParse(t, "http://h/")), "http://h/from-script.xml") {
		t.Error("a <link> written inside a script was taken for a real one")
	}
}
