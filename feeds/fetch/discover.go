package fetch

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime"
	"net/url"
	"strings"

	"golang.org/x/net/html"

	"veille/feeds"
)

// Discover returns the feed URLs behind pageURL, for `feeds add` with a web page: pageURL
// itself when it already serves a feed, else the feeds its HTML advertises with
// <link rel="alternate">, RSS and Atom first, then JSON Feed, in page order, without
// duplicates. It fetches with the same client, timeouts and cap as Fetch.
func (f *Fetcher) Discover(ctx context.Context, pageURL string) ([]string, error) {
	u, err := parseURL("discover", pageURL)
	if err != nil {
		return nil, err
	}
	resp, err := f.get(ctx, u, feeds.FetchRequest{})
	if err != nil {
		return nil, err
	}
	if isFeed(resp.ContentType, resp.Body) {
		return []string{u.String()}, nil // pageURL, trimmed
	}
	// Relative links are relative to where the HTML came from, which after a redirect is
	// not the URL the user typed.
	base, err := url.Parse(resp.FinalURL)
	if err != nil {
		base = u
	}
	if links := advertisedFeeds(resp.Body, base); len(links) > 0 {
		return links, nil
	}
	return nil, &feeds.FeedError{Kind: feeds.ErrNotFeed,
		Err: fmt.Errorf("discover %s: no feed advertised on this page", u.Redacted())}
}

// isFeed reports whether a response is a feed document rather than a page about one: by
// its declared type, or failing that by its first bytes, since many servers send feeds as
// text/html or text/plain.
func isFeed(contentType string, body []byte) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt, _, _ = strings.Cut(strings.ToLower(contentType), ";")
		mt = strings.TrimSpace(mt)
	}
	switch {
	case strings.Contains(mt, "rss"), strings.Contains(mt, "atom"),
		mt == "application/rdf+xml", mt == "application/feed+json",
		mt == "application/xml", mt == "text/xml":
		return true
	}
	return looksLikeFeed(body)
}

var utf8BOM = []byte("\xef\xbb\xbf")

// looksLikeFeed sniffs the document element: after a BOM, white space, the XML prolog,
// processing instructions, comments and a DOCTYPE, an RSS, Atom or RSS 1.0 root, or a JSON
// object whose version is a jsonfeed.org URL.
func looksLikeFeed(b []byte) bool {
	b = bytes.TrimPrefix(b, utf8BOM)
	for {
		b = bytes.TrimLeft(b, " \t\r\n")
		var end []byte
		switch {
		case bytes.HasPrefix(b, []byte("<?")):
			end = []byte("?>")
		case bytes.HasPrefix(b, []byte("<!--")):
			end = []byte("-->")
		case len(b) >= 9 && bytes.EqualFold(b[:9], []byte("<!DOCTYPE")):
			// An internal subset may hold '>' of its own: skip past "]>" when there is one.
			end = []byte(">")
			if i := bytes.IndexAny(b, "[>"); i >= 0 && b[i] == '[' {
				end = []byte("]>")
			}
		}
		if end == nil {
			break
		}
		i := bytes.Index(b, end)
		if i < 0 {
			return false
		}
		b = b[i+len(end):]
	}
	if len(b) > 0 && b[0] == '{' {
		var doc struct {
			Version string `json:"version"`
		}
		if json.Unmarshal(b, &doc) != nil {
			return false
		}
		return strings.HasPrefix(doc.Version, "https://jsonfeed.org/") ||
			strings.HasPrefix(doc.Version, "http://jsonfeed.org/")
	}
	for _, root := range []string{"<rss", "<feed", "<rdf:RDF"} {
		if rest, ok := bytes.CutPrefix(b, []byte(root)); ok {
			if len(rest) == 0 || bytes.IndexByte([]byte(" \t\r\n>/"), rest[0]) >= 0 {
				return true
			}
		}
	}
	return false
}

// advertisedFeeds lists the feeds an HTML page links to with rel="alternate", resolved
// against the page URL or the page's first <base href>. The tokenizer, not the tree
// builder: only two tags matter, and it skips script and style bodies correctly.
func advertisedFeeds(body []byte, page *url.URL) []string {
	var (
		base       *url.URL
		xml, jsons []string
	)
	z := html.NewTokenizer(bytes.NewReader(body))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		if !hasAttr {
			continue
		}
		switch string(name) {
		case "base":
			if base != nil {
				continue
			}
			if href, ok := attrs(z)["href"]; ok {
				if b, err := page.Parse(strings.TrimSpace(href)); err == nil && isHTTP(b) {
					base = b
				}
			}
		case "link":
			a := attrs(z)
			if !hasToken(a["rel"], "alternate") || strings.TrimSpace(a["href"]) == "" {
				continue
			}
			switch mediaType(a["type"]) {
			case "application/rss+xml", "application/atom+xml":
				xml = append(xml, strings.TrimSpace(a["href"]))
			case "application/feed+json", "application/json":
				jsons = append(jsons, strings.TrimSpace(a["href"]))
			}
		}
	}
	if base == nil {
		base = page
	}

	var out []string
	seen := map[string]bool{}
	for _, href := range append(xml, jsons...) {
		u, err := base.Parse(href)
		if err != nil || !isHTTP(u) || u.Host == "" {
			continue
		}
		// WordPress advertises its REST API record of the page as an application/json
		// alternate; it is not a feed.
		if strings.Contains(u.Path, "/wp-json/") {
			continue
		}
		s := u.String()
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// attrs collects the current tag's attributes; the tokenizer lower-cases their names. The
// first occurrence of a repeated attribute wins, as in a browser.
func attrs(z *html.Tokenizer) map[string]string {
	m := map[string]string{}
	for {
		k, v, more := z.TagAttr()
		if _, dup := m[string(k)]; !dup {
			m[string(k)] = string(v)
		}
		if !more {
			return m
		}
	}
}

// hasToken reports whether a space-separated token list such as rel="alternate home"
// holds tok, ignoring ASCII case.
func hasToken(list, tok string) bool {
	for _, t := range strings.Fields(list) {
		if strings.EqualFold(t, tok) {
			return true
		}
	}
	return false
}

func mediaType(v string) string {
	mt, _, _ := strings.Cut(v, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}

func isHTTP(u *url.URL) bool { return u.Scheme == "http" || u.Scheme == "https" }
