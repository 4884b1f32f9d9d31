// Package fulltext owns the second chance an article gets when its feed gave only a teaser:
// it decides which articles need their page (NeedsPage), fetches those pages politely in the
// background (Enricher: bounded parallelism, one request at a time per host, the shared
// fetcher's timeouts and caps), and finds the article in a page (Extract: readability, then
// the same sanitizer and text cleaning as feed text). A subscriber wall or a bot wall is
// recognised and reported as such, so that the feed's teaser is kept and never replaced by a
// teaser of the page pretending to be the article. Images become references, never
// downloads. It knows nothing of storage or the UI: outcomes go to a save callback.
package fulltext

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/transform"

	"veille/feeds"
	"veille/feeds/parse"
)

const (
	// maxPageBytes bounds what Extract parses. The fetcher's cap (10 MiB by default) is
	// meant for feeds; an article page past a few MiB is a page of inline data or a trap,
	// and readability's scoring is superlinear in the element count.
	maxPageBytes = 6 << 20

	// maxElements bounds the element count readability scores, for the same reason: real
	// article pages hold 1,000–8,000 elements.
	maxElements = 30000

	// minArticleRunes is the least text a page must yield to be an article at all: below it,
	// readability picked a caption or a notice, and the feed's teaser is the better text.
	minArticleRunes = 200

	// wallRunes: a page that carries a challenge or generic paywall marker and yields less
	// text than this is the wall itself, not an article that happens to mention one.
	wallRunes = 1200
)

// ErrNoArticle is returned by Extract when the page holds no readable article.
var ErrNoArticle = errors.New("no readable article in the page")

// Extract finds the article in an HTML page: readability, then parse.SanitizeHTML and
// parse.HTMLToText, with boilerplate ("À lire aussi", newsletter and social calls) dropped
// and paywall and bot-wall notices detected. Images become references: an <img> turns into a
// link to its src whose text is "[image : alt]" ("[image]" without alt), so that the
// renderer lists the address as a numbered reference; nothing is downloaded.
//
// Source is TextFromPage for an article, TextPaywall for a subscriber wall and TextBlocked
// for a bot challenge; for the last two Content and Text are empty, because what the page
// shows is a teaser and the feed's own teaser must stay. The page is decoded from the
// charset its <meta> declares (UTF-8 otherwise).
func Extract(page []byte, pageURL string) (feeds.ArticlePage, error) {
	return extract(page, "", pageURL)
}

// extract is Extract with the response's Content-Type, whose charset wins over the page's.
func extract(page []byte, contentType, pageURL string) (feeds.ArticlePage, error) {
	out := feeds.ArticlePage{URL: pageURL}
	base, err := url.Parse(pageURL)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return out, fmt.Errorf("extract %q: not an absolute http(s) URL", pageURL)
	}
	if len(page) > maxPageBytes {
		return out, fmt.Errorf("extract %s: page too large (%d bytes, at most %d)", pageURL, len(page), maxPageBytes)
	}
	page = decode(page, contentType)

	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil { // nesting past the parser's limit: a trap, not an article
		return out, fmt.Errorf("extract %s: %w", pageURL, err)
	}

	// The walls are looked for in the whole page before readability runs: it mutates the
	// tree and may well drop the very notice or form that gives the wall away.
	sig := scan(doc, page)
	if sig.challengeTitle {
		out.Source = feeds.TextBlocked
		return out, nil
	}
	if sig.paywall {
		out.Source = feeds.TextPaywall
		return out, nil
	}

	p := readability.NewParser()
	p.MaxElemsToParse = maxElements
	// Metadata only; the JSON-LD that matters (isAccessibleForFree) was read by scan.
	p.DisableJSONLD = true
	art, err := p.ParseAndMutate(doc, base)
	if err != nil {
		return out, fmt.Errorf("extract %s: %w", pageURL, err)
	}
	if art.Node == nil {
		return wallOr(out, sig, fmt.Errorf("extract %s: %w", pageURL, ErrNoArticle))
	}

	cleanArticle(art.Node)
	imagesToLinks(art.Node)

	var buf bytes.Buffer
	if err := html.Render(&buf, art.Node); err != nil {
		return out, fmt.Errorf("extract %s: %w", pageURL, err)
	}
	content := parse.SanitizeHTML(buf.String(), base)
	text := parse.HTMLToText(content)
	if textHasNotice(text) {
		out.Source = feeds.TextPaywall
		return out, nil
	}
	n := utf8.RuneCountInString(text)
	if n < wallRunes && (sig.challenge || sig.weakPaywall) {
		return wallOr(out, sig, nil)
	}
	if n < minArticleRunes {
		return out, fmt.Errorf("extract %s: %w (%d characters of text)", pageURL, ErrNoArticle, n)
	}
	out.Source = feeds.TextFromPage
	out.Content = content
	out.Text = text
	return out, nil
}

// wallOr reports the wall sig saw, if any, and err otherwise.
func wallOr(out feeds.ArticlePage, sig signals, err error) (feeds.ArticlePage, error) {
	switch {
	case sig.challenge:
		out.Source = feeds.TextBlocked
	case sig.weakPaywall:
		out.Source = feeds.TextPaywall
	default:
		return out, err
	}
	return out, nil
}

// decode converts page to UTF-8 from the charset the Content-Type or the page's <meta>
// declares. French outlets still serve ISO-8859-1 and windows-1252 pages now and then.
func decode(page []byte, contentType string) []byte {
	enc, name, _ := charset.DetermineEncoding(page, contentType)
	if name == "utf-8" || enc == nil {
		return page
	}
	out, _, err := transform.Bytes(enc.NewDecoder(), page)
	if err != nil {
		return page
	}
	return out
}

// textOf is the text under n, its white space collapsed, up to about limit bytes: enough to
// recognise a notice without copying a whole article.
func textOf(n *html.Node, limit int) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && b.Len() < limit; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				b.WriteString(c.Data)
				b.WriteByte(' ')
			case html.ElementNode:
				if c.DataAtom != atom.Script && c.DataAtom != atom.Style {
					walk(c)
				}
			}
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
