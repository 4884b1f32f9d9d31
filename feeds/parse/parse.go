// Package parse owns the decode → parse → normalize stages of a refresh and the text
// safety rules every other package relies on: it turns a fetched document (RSS 0.9x/1.0/2.0,
// Atom or JSON Feed, in whatever charset French outlets send) into feeds.Articles whose
// strings are safe to print, with stable keys, real dates, sanitized HTML and plain text
// free of WordPress footers and paywall notices. A document that is not well-formed XML is
// repaired and read anyway (loose.go), and the result says so.
//
// The stages: decode (decode.go: charset, BOMs, forbidden characters), the HTML-page sniff,
// then the parse, which has two paths giving the same result:
//   - the fast path (fastxml.go, fastfeed.go) reads RSS 0.9x/2.0 and Atom 1.0 straight from
//     the bytes into the structures gofeed's parsers build, then through gofeed's translators
//     and the same corrections as the gofeed path. It runs first, on every XML document, and
//     declines whatever it does not fully understand: a DOCTYPE, ill-formed markup, a bare &
//     or an invalid character reference, non-ASCII element names, an unbound or reserved
//     prefix, a default namespace on <rss>, RSS 1.0/RDF, Atom 0.3 and mode attributes, Atom
//     base64 or binary content, xml:base, a prefixed root, text before the root, fewer items
//     than item tags, or a large CDATA section where the gofeed path's CDATA lifting shows;
//   - the gofeed path (gofeed over encoding/xml, with liftCDATA, atomLinks, atomTextContent,
//     atomModes and the loose pass) reads everything else, as it always did.
//
// The package's tests check every document the fast path reads against the gofeed path
// (fast_test.go). Then normalize (normalizeAt): titles, links, HTML sanitizing and text
// (html.go, notices.go), dates (date.go), keys.
package parse

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	gojson "github.com/mmcdole/gofeed/json"
	"github.com/mmcdole/gofeed/rss"

	"veille/feeds"
)

// errHTMLPage is what a web page served where a feed was expected gives (ZDNet's legacy
// feed paths answer 200 with the home page).
var errHTMLPage = errors.New("not a feed: HTML page")

// The translators are stateless. The image scan is off: it parses every item's HTML once
// more, and veille does not use gofeed's Image.
var (
	rssTranslator  = &gofeed.DefaultRSSTranslator{DisableContentImageScan: true}
	atomTranslator = &gofeed.DefaultAtomTranslator{}
	jsonTranslator = &gofeed.DefaultJSONTranslator{}
)

const (
	futureSlack   = time.Hour // a date further in the future than this is clamped to now
	summaryRunes  = 300       // length of a summary cut from the text
	maxSummary    = 600       // a description longer than this is cut too
	fallbackTitle = 100       // length of a title made from the text when the item has none
)

// Feed decodes a fetched document, parses it (RSS 0.9x/1.0/2.0, Atom, JSON Feed) and
// normalizes every item. Errors are *feeds.FeedError: ErrNotFeed for an HTML page ("not a
// feed: HTML page") or another document that is no feed, ErrParse for a broken feed.
// feedURL is both the feed's identity and where the document came from (see FeedAt).
func Feed(body []byte, contentType, feedURL string, now time.Time) (feeds.ParsedFeed, error) {
	return FeedAt(body, contentType, feedURL, feedURL, now)
}

// FeedAt is Feed for a document of the subscription feedURL that was fetched from fetchedURL,
// after redirects. Relative links resolve against fetchedURL, where the document really is;
// the keys of items with neither GUID nor link derive from feedURL, so that a temporary
// redirect does not turn the same items into new ones.
func FeedAt(body []byte, contentType, feedURL, fetchedURL string, now time.Time) (feeds.ParsedFeed, error) {
	doc, err := decode(body, contentType)
	if err != nil {
		return feeds.ParsedFeed{}, &feeds.FeedError{Kind: feeds.ErrParse, Err: fmt.Errorf("decode: %w", err)}
	}
	if len(bytes.TrimSpace(doc)) == 0 {
		return feeds.ParsedFeed{}, &feeds.FeedError{Kind: feeds.ErrNotFeed, Err: errors.New("not a feed: empty document")}
	}
	if looksLikeHTML(doc) {
		return feeds.ParsedFeed{}, &feeds.FeedError{Kind: feeds.ErrNotFeed, Err: errHTMLPage}
	}
	if gf, texts, ok := parseFast(doc); ok {
		pf := normalizeAt(gf, feedURL, fetchedURL, now, texts)
		if fastCheck != nil {
			fastCheck(body, contentType, feedURL, fetchedURL, now, pf)
		}
		return pf, nil
	}
	return feedGofeed(doc, contentType, feedURL, fetchedURL, now)
}

// fastCheck, set by the tests, sees every result of the fast path: it compares it with the
// gofeed path's.
var fastCheck func(body []byte, contentType, feedURL, fetchedURL string, now time.Time, got feeds.ParsedFeed)

// feedGofeed is FeedAt's gofeed path, for a decoded document that is not an HTML page.
func feedGofeed(doc []byte, contentType, feedURL, fetchedURL string, now time.Time) (feeds.ParsedFeed, error) {
	var err error
	var gf *gofeed.Feed
	var jf *gojson.Feed
	var texts map[string]bool
	malformed := false
	switch typ := gofeed.DetectFeedType(bytes.NewReader(doc)); typ {
	case gofeed.FeedTypeRSS, gofeed.FeedTypeAtom:
		gf, texts, err = parseXML(doc, typ, fetchedURL)
		if err != nil || lostItems(doc, typ, gf) {
			if lf, lt, ok := parseLoose(doc, fetchedURL, gf); ok {
				gf, texts, err, malformed = lf, lt, nil, true
			}
		}
	case gofeed.FeedTypeJSON:
		if jf, err = (&gojson.Parser{}).Parse(bytes.NewReader(doc)); err == nil {
			if !strings.Contains(jf.Version, "jsonfeed.org") && len(jf.Items) == 0 {
				return feeds.ParsedFeed{}, &feeds.FeedError{Kind: feeds.ErrNotFeed, Err: errors.New("not a feed: JSON document is not a JSON Feed")}
			}
			gf, err = jsonTranslator.Translate(jf)
		}
	default:
		// No feed root first: junk before it (a PHP warning) is repaired away.
		if mayHoldFeed(doc) {
			if lf, lt, ok := parseLoose(doc, fetchedURL, nil); ok {
				gf, texts, malformed = lf, lt, true
				break
			}
		}
		if htmlish(doc, contentType) {
			return feeds.ParsedFeed{}, &feeds.FeedError{Kind: feeds.ErrNotFeed, Err: errHTMLPage}
		}
		return feeds.ParsedFeed{}, &feeds.FeedError{Kind: feeds.ErrNotFeed, Err: errors.New("not a feed: no RSS, Atom or JSON Feed root")}
	}
	if err != nil {
		return feeds.ParsedFeed{}, &feeds.FeedError{Kind: feeds.ErrParse, Err: fmt.Errorf("parse feed: %w", err)}
	}
	if jf != nil {
		plainJSONContent(gf, jf)
	}
	pf := normalizeAt(gf, feedURL, fetchedURL, now, texts)
	pf.Malformed = malformed
	return pf, nil
}

// parseXML parses an RSS or Atom document (typ) with gofeed and veille's corrections, and
// returns the titles that are text (textTitles).
func parseXML(doc []byte, typ gofeed.FeedType, fetchedURL string) (*gofeed.Feed, map[string]bool, error) {
	if typ == gofeed.FeedTypeRSS {
		gf, err := parseRSS(doc, true)
		return gf, textTitles(doc, false), err
	}
	doc = absoluteRootBase(doc, fetchedURL)
	af, err := (&atom.Parser{}).Parse(bytes.NewReader(doc))
	if err != nil {
		return nil, nil, err
	}
	gf, err := atomTranslator.Translate(af)
	if err != nil {
		return nil, nil, err
	}
	atomLinks(gf, af)
	atomTextContent(doc, gf, af)
	atomModes(doc, gf)
	return gf, textTitles(doc, true), nil
}

// lostItems reports whether a strict parse that succeeded returned fewer items than the
// document has item start tags: a stray end tag made gofeed close the channel early.
func lostItems(doc []byte, typ gofeed.FeedType, gf *gofeed.Feed) bool {
	tag := "<item"
	if typ == gofeed.FeedTypeAtom {
		tag = "<entry"
	}
	return gf != nil && countItemTags(doc, tag) > len(gf.Items)
}

// parseLoose parses the repaired document (repair). ok is false when nothing was
// recovered, or no more items than the strict parse gave (strict, nil if it failed).
func parseLoose(doc []byte, fetchedURL string, strict *gofeed.Feed) (*gofeed.Feed, map[string]bool, bool) {
	fixed, ok := repair(doc)
	if !ok {
		return nil, nil, false
	}
	typ := gofeed.DetectFeedType(bytes.NewReader(fixed))
	if typ != gofeed.FeedTypeRSS && typ != gofeed.FeedTypeAtom {
		return nil, nil, false
	}
	gf, texts, err := parseXML(fixed, typ, fetchedURL)
	if err != nil || len(gf.Items) == 0 || (strict != nil && len(gf.Items) <= len(strict.Items)) {
		return nil, nil, false
	}
	return gf, texts, true
}

// parseRSS parses an RSS document, lifting its large CDATA sections out of the XML pass
// when lift is set.
func parseRSS(doc []byte, lift bool) (*gofeed.Feed, error) {
	var parts []string
	if lift {
		doc, parts = liftCDATA(doc)
	}
	rf, err := (&rss.Parser{}).Parse(bytes.NewReader(doc))
	if err != nil {
		return nil, err
	}
	gf, err := rssTranslator.Translate(rf)
	if err != nil {
		return nil, err
	}
	restoreFeed(gf, parts)
	return gf, nil
}

// looksLikeHTML sniffs an HTML page: <!DOCTYPE html or <html first, after an optional XML
// declaration, white space and comments.
func looksLikeHTML(b []byte) bool {
	b = b[:min(len(b), 4096)]
	for {
		b = bytes.TrimLeft(b, " \t\r\n")
		switch {
		case bytes.HasPrefix(b, []byte("<?")):
			i := bytes.Index(b, []byte("?>"))
			if i < 0 {
				return false
			}
			b = b[i+2:]
		case bytes.HasPrefix(b, []byte("<!--")):
			i := bytes.Index(b, []byte("-->"))
			if i < 0 {
				return false
			}
			b = b[i+3:]
		default:
			return hasPrefixFold(b, "<!doctype html") || hasPrefixFold(b, "<html")
		}
	}
}

// htmlish is the weaker test used once no feed root was found.
func htmlish(b []byte, contentType string) bool {
	if strings.Contains(strings.ToLower(contentType), "html") {
		return true
	}
	head := bytes.ToLower(b[:min(len(b), 2048)])
	return bytes.Contains(head, []byte("<html")) || bytes.Contains(head, []byte("<body")) || bytes.Contains(head, []byte("<head"))
}

func hasPrefixFold(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && strings.EqualFold(string(b[:len(prefix)]), prefix)
}

// plainJSONContent turns JSON Feed content_text into HTML, so that it is not read as markup.
func plainJSONContent(gf *gofeed.Feed, jf *gojson.Feed) {
	for i, ji := range jf.Items {
		if i < len(gf.Items) && ji.ContentHTML == "" && ji.ContentText != "" {
			gf.Items[i].Content = textToHTML(ji.ContentText)
		}
	}
}

// textToHTML makes paragraphs of blank-line separated plain text.
func textToHTML(s string) string {
	var b strings.Builder
	for _, para := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if para = strings.TrimSpace(para); para == "" {
			continue
		}
		b.WriteString("<p>")
		b.WriteString(strings.ReplaceAll(html.EscapeString(para), "\n", "<br>"))
		b.WriteString("</p>")
	}
	return b.String()
}

// normalizer carries what every item of one feed is resolved against.
type normalizer struct {
	feedURL  string          // the subscription's URL: the identity of items without GUID nor link
	feedBase *url.URL        // where the document was fetched from
	texts    map[string]bool // titles that are text, not markup (textTitles)
	siteBase *url.URL
	now      time.Time
}

// normalizeAt turns gofeed's view of a document fetched from fetchedURL into feed feedURL's
// articles (see FeedAt for which URL serves what); texts holds the titles that are text.
func normalizeAt(gf *gofeed.Feed, feedURL, fetchedURL string, now time.Time, texts map[string]bool) feeds.ParsedFeed {
	n := normalizer{feedURL: feedURL, feedBase: parseBase(fetchedURL), now: now, texts: texts}
	out := feeds.ParsedFeed{Title: n.title(gf.Title)}
	if out.SiteURL = resolveLink(gf.Link, n.feedBase); out.SiteURL == "" {
		for _, l := range gf.Links {
			if l = resolveLink(l, n.feedBase); l != "" && CanonicalLink(l) != CanonicalLink(fetchedURL) {
				out.SiteURL = l
				break
			}
		}
	}
	n.siteBase = parseBase(out.SiteURL)

	out.Articles = make([]feeds.Article, 0, len(gf.Items))
	seen := make(map[string]int, len(gf.Items))
	for _, it := range gf.Items {
		if it == nil {
			continue
		}
		a := n.item(it)
		if j, dup := seen[a.Key]; dup {
			prev := &out.Articles[j]
			if sameItem(prev, &a) {
				continue // the same item twice: the first wins
			}
			// A feed that repeats one guid for different items: fall back to the link,
			// then to the hash.
			alt := CanonicalLink(a.URL)
			if a.URL == "" {
				alt = ""
			}
			if _, taken := seen[alt]; alt == "" || taken {
				alt = n.hashKey(a.Title, it.Published)
			}
			if _, taken := seen[alt]; taken {
				continue
			}
			a.Key = alt
		}
		seen[a.Key] = len(out.Articles)
		out.Articles = append(out.Articles, a)
	}
	return out
}

func sameItem(a, b *feeds.Article) bool {
	if a.URL != "" || b.URL != "" {
		return CanonicalLink(a.URL) == CanonicalLink(b.URL)
	}
	return a.Title == b.Title
}

func (n *normalizer) item(it *gofeed.Item) feeds.Article {
	a := feeds.Article{
		GUID:      feeds.CleanLine(it.GUID),
		Title:     n.title(it.Title),
		Author:    authors(it),
		FirstSeen: n.now,
	}
	a.URL = n.link(it)
	if a.Title == "" {
		a.Title = mediaTitle(it)
	}

	// Content: the fullest text, sanitized; the summary from the description.
	full := strings.TrimSpace(it.Content)
	desc := strings.TrimSpace(it.Description)
	body := full
	if body == "" {
		body = desc
	}
	base := parseBase(a.URL)
	if base == nil {
		base = n.siteBase
	}
	if base == nil {
		base = n.feedBase
	}
	conv := convertHTML(body, base, true, true)
	a.Content, a.Text, a.Paywalled = conv.html, conv.text, conv.paywalled
	if desc != "" && desc != full && full != "" {
		d := convertHTML(desc, base, false, true)
		a.Paywalled = a.Paywalled || d.paywalled
		if d.text != a.Text { // else the description is the content after all
			a.Summary = excerpt(dropCodeElements(d.text), maxSummary)
		}
	}
	if a.Summary == "" { // no description, the same as the content, or only boilerplate
		a.Summary = excerpt(dropCodeElements(a.Text), summaryRunes)
	}
	if a.Title == "" {
		a.Title = feeds.CleanLine(excerpt(a.Text, fallbackTitle))
	}
	if a.Title == "" && a.URL != "" {
		a.Title = feeds.CleanLine(linkTitle(a.URL))
	}

	a.Categories = categories(it.Categories)
	a.Published, a.DateGuessed = n.published(it)
	if t, ok := n.date(it.UpdatedParsed, it.Updated); ok {
		a.Updated = t
	}

	guid, link := a.GUID, ""
	if u := parseBase(a.GUID); u != nil {
		guid = CanonicalLink(a.GUID)
	}
	if a.URL != "" {
		link = CanonicalLink(a.URL)
	}
	if a.Key = feeds.ItemKey(guid, link); a.Key == "" {
		a.Key = n.hashKey(a.Title, it.Published)
	}
	a.Hash = feeds.ContentHash(&a)
	return a
}

// title is a feed or item title as one line: text when the document wrote it as text
// (textTitles: a "<blink>" in it stays), else read as markup (plainLine).
func (n *normalizer) title(s string) string {
	if n.texts[s] {
		return feeds.CleanLine(textLine(s))
	}
	return plainLine(s)
}

// link is the item's address as published, resolved against xml:base (gofeed did that),
// then the channel link, then the feed URL; http(s) only.
func (n *normalizer) link(it *gofeed.Item) string {
	candidates := make([]string, 0, 2+len(it.Links))
	candidates = append(candidates, it.Link)
	candidates = append(candidates, it.Links...)
	if g := strings.TrimSpace(it.GUID); strings.HasPrefix(g, "http://") || strings.HasPrefix(g, "https://") {
		candidates = append(candidates, g) // RSS guid with isPermaLink
	}
	for _, c := range candidates {
		if l := resolveLink(c, n.siteBase, n.feedBase); l != "" {
			return l
		}
	}
	return ""
}

func (n *normalizer) published(it *gofeed.Item) (time.Time, bool) {
	if t, ok := n.date(it.PublishedParsed, it.Published); ok {
		return t, false
	}
	if t, ok := n.date(it.UpdatedParsed, it.Updated); ok {
		return t, false
	}
	return n.now.UTC(), true
}

// date is gofeed's parsed date, else our reading of the raw text, clamped to now when it is
// more than an hour ahead, in UTC.
func (n *normalizer) date(parsed *time.Time, raw string) (time.Time, bool) {
	var t time.Time
	switch {
	case parsed != nil && !parsed.IsZero():
		t = *parsed
	default:
		var ok bool
		if t, ok = Date(raw); !ok {
			return time.Time{}, false
		}
	}
	if !n.now.IsZero() && t.After(n.now.Add(futureSlack)) {
		t = n.now
	}
	return t.UTC(), true
}

// hashKey is the key of an item with neither GUID nor link (and the last resort of a repeated
// GUID): from the subscription's URL, never the redirect target's.
func (n *normalizer) hashKey(title, date string) string {
	return feeds.DigestKey(n.feedURL, title, date)
}

func authors(it *gofeed.Item) string {
	var names []string
	if dc := it.DublinCoreExt; dc != nil && len(dc.Creator) > 1 {
		names = dc.Creator
	} else {
		for _, p := range it.Authors {
			if p == nil {
				continue
			}
			name := p.Name
			if name == "" {
				name = p.Email
			}
			names = append(names, name)
		}
	}
	return strings.Join(dedupe(names), ", ")
}

func categories(in []string) []string {
	out := dedupe(in)
	if len(out) == 0 {
		return nil
	}
	return out
}

// dedupe cleans each value to one line and keeps the first of values equal but for case.
func dedupe(in []string) []string {
	var out []string
	seen := make(map[string]bool, len(in))
	for _, s := range in {
		s = plainLine(s)
		if s == "" {
			continue
		}
		if k := strings.ToLower(s); !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	return out
}

// plainLine is a title-like value as one line of text: markup read as HTML (markupLine),
// entities decoded twice (L&amp;#039;IA), script and style elements that the decoding
// revealed dropped too, then CleanLine.
func plainLine(s string) string {
	if strings.IndexByte(s, '<') >= 0 {
		s = markupLine(s) // decodes the entities once
		if strings.IndexByte(s, '&') >= 0 {
			s = html.UnescapeString(s)
		}
	} else if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(html.UnescapeString(s))
	}
	if strings.IndexByte(s, '<') >= 0 {
		s = dropCodeElements(s)
	}
	return feeds.CleanLine(s)
}

// tagBreaks reports whether a tag stands for a break between words (<br>, <p>, <div>…).
func tagBreaks(tag string) bool {
	name := strings.TrimLeft(tag, "</")
	if k := strings.IndexAny(name, " \t\n/"); k >= 0 {
		name = name[:k]
	}
	switch strings.ToLower(name) {
	case "br", "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "td", "th", "hr":
		return true
	}
	return false
}

// excerpt cuts text to about n runes at a word boundary, with an ellipsis.
func excerpt(s string, n int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := 0
	for i := range s {
		if n == 0 {
			cut = i
			break
		}
		n--
	}
	head := s[:cut]
	if sp := strings.LastIndexAny(head, " \n"); sp > len(head)/2 {
		head = head[:sp]
	}
	return strings.TrimRight(head, " \n,;:.") + "…"
}
