package parse

import (
	"bytes"
	"html"
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	ext "github.com/mmcdole/gofeed/extensions"
	"github.com/mmcdole/gofeed/rss"
	xhtml "golang.org/x/net/html"
)

// The fast path: readXML's tree turned into the rss.Feed or atom.Feed that gofeed's own
// parsers would build (as far as anything after them reads it), then through gofeed's
// translators and veille's corrections as on the gofeed path. parseFast declines (ok false)
// whenever the result could differ from that path's; FeedAt then takes the gofeed path.

// Namespaces gofeed gives a canonical extension prefix (its PrefixForNamespace).
var canonicalPrefix = map[string]string{
	"http://www.w3.org/2005/Atom": "atom", "http://purl.org/atom/ns#": "atom03",
	"http://webns.net/mvcb/": "admin", "http://purl.org/rss/1.0/modules/aggregation/": "ag",
	"http://purl.org/rss/1.0/modules/annotate/": "annotate", "http://media.tangent.org/rss/1.0/": "audio",
	"http://backend.userland.com/blogChannelModule": "blogChannel", "http://creativecommons.org/ns#license": "cc",
	"http://web.resource.org/cc/":                                    "cc",
	"http://cyber.law.harvard.edu/rss/creativeCommonsRssModule.html": "creativeCommons",
	"http://backend.userland.com/creativeCommonsRssModule":           "creativeCommons",
	"http://purl.org/rss/1.0/modules/company":                        "co", "http://purl.org/rss/1.0/modules/content/": "content",
	"http://my.theinfo.org/changed/1.0/rss/": "cp", "http://purl.org/dc/elements/1.1/": "dc",
	"http://purl.org/dc/terms/": "dcterms", "http://purl.org/rss/1.0/modules/email/": "email",
	"http://purl.org/rss/1.0/modules/event/": "ev", "http://rssnamespace.org/feedburner/ext/1.0": "feedburner",
	"http://freshmeat.net/rss/fm/": "fm", "http://xmlns.com/foaf/0.1/": "foaf",
	"http://www.w3.org/2003/01/geo/wgs84_pos#": "geo", "http://www.georss.org/georss": "georss",
	"http://www.opengis.net/gml": "gml", "http://postneo.com/icbm/": "icbm",
	"http://purl.org/rss/1.0/modules/image/": "image", "http://www.itunes.com/DTDs/PodCast-1.0.dtd": "itunes",
	"http://example.com/DTDs/PodCast-1.0.dtd": "itunes", "http://purl.org/rss/1.0/modules/link/": "l",
	"http://search.yahoo.com/mrss": "media", "http://search.yahoo.com/mrss/": "media",
	"http://madskills.com/public/xml/rss/module/pingback/": "pingback",
	"http://prismstandard.org/namespaces/1.2/basic/":       "prism",
	"http://www.w3.org/1999/02/22-rdf-syntax-ns#":          "rdf", "http://www.w3.org/2000/01/rdf-schema#": "rdfs",
	"http://purl.org/rss/1.0/modules/reference/": "ref", "http://purl.org/rss/1.0/modules/richequiv/": "reqv",
	"http://purl.org/rss/1.0/modules/search/": "search", "http://purl.org/rss/1.0/modules/slash/": "slash",
	"http://schemas.xmlsoap.org/soap/envelope/": "soap", "http://purl.org/rss/1.0/modules/servicestatus/": "ss",
	"http://hacks.benhammersley.com/rss/streaming/": "str", "http://purl.org/rss/1.0/modules/subscription/": "sub",
	"http://purl.org/rss/1.0/modules/syndication/": "sy", "http://schemas.pocketsoap.com/rss/myDescModule/": "szf",
	"http://purl.org/rss/1.0/modules/taxonomy/": "taxo", "http://purl.org/rss/1.0/modules/threading/": "thr",
	"http://purl.org/rss/1.0/modules/textinput/": "ti", "http://madskills.com/public/xml/rss/module/trackback/": "trackback",
	"http://wellformedweb.org/commentAPI/": "wfw", "http://purl.org/rss/1.0/modules/wiki/": "wiki",
	"http://www.w3.org/1999/xhtml": "xhtml", "http://www.w3.org/1999/xlink": "xlink",
	"http://www.w3.org/XML/1998/namespace": "xml", "http://podlove.org/simple-chapters": "psc",
}

// Namespaces gofeed's RSS parser reads as its own (RDF flavours), which the fast path
// leaves to it.
var rdfSpaces = map[string]bool{
	"http://www.w3.org/1999/02/22-rdf-syntax-ns#": true, "http://purl.org/rss/1.0/": true,
	"http://channel.netscape.com/rdf/simple/0.9/": true, "http://my.netscape.com/rdf/simple/0.9/": true,
}

const (
	atom10Space = "http://www.w3.org/2005/Atom"
	atom03Space = "http://purl.org/atom/ns#"
)

// parseFast is parseXML's fast path for the documents readXML reads. ok is false when it
// declines: the caller then runs the gofeed path, unchanged.
func parseFast(doc []byte) (*gofeed.Feed, map[string]bool, bool) {
	d, ok := readXML(string(doc))
	if !ok || len(d.nodes) == 0 {
		return nil, nil, false
	}
	root := &d.nodes[0]
	if root.prefix != "" {
		return nil, nil, false
	}
	b := fastBuilder{d: d}
	switch strings.ToLower(root.local) {
	case "rss":
		if root.space != "" {
			return nil, nil, false // gofeed's bogus-default-namespace rules
		}
		rf, ok := b.rss()
		if !ok || countItemTags(doc, "<item") > len(rf.Items) {
			return nil, nil, false
		}
		gf, err := rssTranslator.Translate(rf)
		if err != nil {
			return nil, nil, false
		}
		return gf, textTitles(doc, false), true
	case "feed":
		d.lift = false // the Atom path lifts no CDATA
		if root.space != "" && root.space != atom10Space || bytes.Contains(doc, []byte("mode=")) {
			return nil, nil, false // Atom 0.3, and atomModes' XML pass
		}
		af, ok := b.atom()
		if !ok || countItemTags(doc, "<entry") > len(af.Entries) {
			return nil, nil, false
		}
		gf, err := atomTranslator.Translate(af)
		if err != nil {
			return nil, nil, false
		}
		atomLinks(gf, af)
		atomTextContent(doc, gf, af)
		return gf, textTitles(doc, true), true
	}
	return nil, nil, false
}

type fastBuilder struct {
	d     *xdoc
	dates []pendingDate
}

// pendingDate is a date gofeed parses, to be parsed by gofeed in one batch (gofeedDates).
type pendingDate struct {
	text string
	dst  **time.Time
}

func (b *fastBuilder) children(n *xnode, f func(c *xnode) bool) bool {
	for c := n.first; c >= 0; c = b.d.nodes[c].next {
		if !f(&b.d.nodes[c]) {
			return false
		}
	}
	return true
}

// parseText is gofeed's ParseText: the trimmed inner XML, CDATA sections stripped, entities
// decoded the way gofeed decodes them.
func (b *fastBuilder) parseText(n *xnode) string {
	r := strings.TrimSpace(b.d.inner(n))
	if strings.Contains(r, cdataOpen) {
		return gofeedStripCDATA(r)
	}
	return gofeedEntities(r)
}

// attr is xpp's Attribute: the first attribute of that local name without prefix, else the
// first with one. resolved says whether gofeed round-tripped the element's URI attributes
// through net/url (children read through ForEachChild).
func attr(n *xnode, name string, resolved bool) string {
	v, found := "", false
	for _, a := range n.attrs {
		if a.local != name {
			continue
		}
		if a.prefix == "" {
			v, found = a.value, true
			break
		}
		if !found {
			v, found = a.value, true
		}
	}
	if found && resolved && uriAttr(name) {
		return urlRoundTrip(v)
	}
	return v
}

func uriAttr(name string) bool {
	switch strings.ToLower(name) {
	case "href", "scheme", "src", "uri":
		return true
	}
	return false
}

// urlRoundTrip is what gofeed's xml:base resolution does to an address when there is no
// base: url.Parse and String.
func urlRoundTrip(s string) string {
	u, err := url.Parse(strings.TrimLeft(s, " "))
	if err != nil || u == nil {
		return s
	}
	return u.String()
}

// extension is gofeed's parseExtensionElement; resolved as for attr.
func (b *fastBuilder) extension(n *xnode, resolved bool) (ext.Extension, bool) {
	if n.lifted && b.d.lift {
		return ext.Extension{}, false // liftCDATA's placeholder would be in the value
	}
	e := ext.Extension{Name: n.local, Children: map[string][]ext.Extension{}, Attrs: map[string]string{}}
	for _, a := range n.attrs {
		v := a.value
		if resolved && uriAttr(a.local) {
			v = urlRoundTrip(v)
		}
		e.Attrs[a.local] = v
	}
	for c := n.first; c >= 0; c = b.d.nodes[c].next {
		child, ok := b.extension(&b.d.nodes[c], false)
		if !ok {
			return e, false
		}
		e.Children[child.Name] = append(e.Children[child.Name], child)
	}
	e.Value = strings.TrimSpace(b.d.directText(n))
	return e, true
}

func (b *fastBuilder) addExtension(exts ext.Extensions, n *xnode) (ext.Extensions, bool) {
	e, ok := b.extension(n, true)
	if !ok {
		return exts, false
	}
	if exts == nil {
		exts = ext.Extensions{}
	}
	m := exts[n.extPrefix]
	if m == nil {
		m = map[string][]ext.Extension{}
		exts[n.extPrefix] = m
	}
	m[n.local] = append(m[n.local], e)
	return exts, true
}

// rssNative reports whether gofeed's RSS parser reads n as its own, not as an extension.
// ok is false for namespaces it reads as RSS that the fast path leaves to it.
func rssNative(n *xnode) (native, ok bool) {
	if rdfSpaces[n.space] {
		return false, false
	}
	return n.space == "", true
}

func (b *fastBuilder) rss() (*rss.Feed, bool) {
	var channel *rss.Feed
	var rootItems []*rss.Item
	ok := b.children(&b.d.nodes[0], func(c *xnode) bool {
		native, ok := rssNative(c)
		if !ok {
			return false
		}
		if !native {
			return true // skipped
		}
		switch strings.ToLower(c.local) {
		case "channel":
			channel, ok = b.channel(c)
		case "item":
			var it *rss.Item
			if it, ok = b.item(c); ok {
				rootItems = append(rootItems, it)
			}
		}
		return ok
	})
	if !ok {
		return nil, false
	}
	if channel == nil {
		channel = &rss.Feed{Items: []*rss.Item{}}
	}
	channel.Items = append(channel.Items, rootItems...)
	channel.Version = attr(&b.d.nodes[0], "version", false)
	return channel, b.parseDates(false)
}

func (b *fastBuilder) channel(n *xnode) (*rss.Feed, bool) {
	f := &rss.Feed{Items: []*rss.Item{}}
	var exts ext.Extensions
	ok := b.children(n, func(c *xnode) bool {
		native, ok := rssNative(c)
		if !ok {
			return false
		}
		if !native {
			exts, ok = b.addExtension(exts, c)
			return ok
		}
		switch strings.ToLower(c.local) {
		case "title":
			f.Title = b.parseText(c)
		case "link":
			f.Link = b.rssLink(c)
			f.Links = append(f.Links, f.Link)
		case "item":
			it, ok := b.item(c)
			if !ok {
				return false
			}
			f.Items = append(f.Items, it)
		}
		return true
	})
	if !ok {
		return nil, false
	}
	if len(exts) > 0 {
		f.Extensions = exts
		if it, ok := exts["itunes"]; ok {
			f.ITunesExt = ext.NewITunesFeedExtension(it)
		}
		if dc, ok := exts["dc"]; ok {
			f.DublinCoreExt = ext.NewDublinCoreExtension(dc)
		}
	}
	return f, true
}

// rssLink is gofeed's parseLink without xml:base: the text, else the href.
func (b *fastBuilder) rssLink(n *xnode) string {
	if u := b.parseText(n); u != "" {
		return u
	}
	return attr(n, "href", true)
}

func (b *fastBuilder) item(n *xnode) (*rss.Item, bool) {
	it := &rss.Item{}
	var exts ext.Extensions
	ok := b.children(n, func(c *xnode) bool {
		name := strings.ToLower(c.local)
		if name == "encoded" && c.extPrefix == "content" {
			it.Content = b.parseText(c)
			return true
		}
		native, ok := rssNative(c)
		if !ok {
			return false
		}
		if !native {
			exts, ok = b.addExtension(exts, c)
			return ok
		}
		switch name {
		case "title":
			it.Title = b.parseText(c)
		case "description":
			it.Description = b.parseText(c)
		case "link":
			it.Link = b.rssLink(c)
			it.Links = append(it.Links, it.Link)
		case "author":
			if c.lifted && b.d.lift {
				return false // parsed as a name and address from the placeholder
			}
			it.Author = b.parseText(c)
		case "pubdate":
			if c.lifted && b.d.lift {
				return false
			}
			it.PubDate = b.parseText(c)
			b.dates = append(b.dates, pendingDate{it.PubDate, &it.PubDateParsed})
		case "guid":
			g := &rss.GUID{IsPermalink: attr(c, "isPermaLink", true)}
			if g.IsPermalink == "" {
				g.IsPermalink = attr(c, "isPermalink", true)
			}
			if g.IsPermalink == "" {
				g.IsPermalink = "true"
			}
			g.Value = b.parseText(c)
			it.GUID = g
		case "category":
			it.Categories = append(it.Categories, &rss.Category{Domain: attr(c, "domain", true), Value: b.parseText(c)})
		case "enclosure":
			e := &rss.Enclosure{URL: attr(c, "url", true), Length: attr(c, "length", true), Type: attr(c, "type", true)}
			it.Enclosure = e
			it.Enclosures = append(it.Enclosures, e)
		}
		return true
	})
	if !ok {
		return nil, false
	}
	if len(exts) > 0 {
		it.Extensions = exts
		if x, ok := exts["itunes"]; ok {
			it.ITunesExt = ext.NewITunesItemExtension(x)
		}
		if dc, ok := exts["dc"]; ok {
			it.DublinCoreExt = ext.NewDublinCoreExtension(dc)
		}
	}
	return it, true
}

// parseDates parses the pending dates with gofeed's own date parser, reached through its
// RSS translator (which parses an item's dc:date): the fast path reads dates exactly as
// gofeed does. utc as the parsers do it. The two shapes nearly every feed uses are parsed
// directly, as gofeed would (commonDate); the translator costs more than the parse.
func (b *fastBuilder) parseDates(_ bool) bool {
	rest := b.dates[:0]
	for _, p := range b.dates {
		if t, ok := commonDate(p.text); ok {
			u := t.UTC()
			*p.dst = &u
		} else {
			rest = append(rest, p)
		}
	}
	b.dates = rest
	if len(b.dates) == 0 {
		return true
	}
	f := &rss.Feed{Items: make([]*rss.Item, len(b.dates))}
	dcs := make([]ext.DublinCoreExtension, len(b.dates))
	items := make([]rss.Item, len(b.dates))
	for i, p := range b.dates {
		dcs[i].Date = []string{p.text}
		items[i].DublinCoreExt = &dcs[i]
		f.Items[i] = &items[i]
	}
	gf, err := dateTranslator.Translate(f)
	if err != nil || len(gf.Items) != len(b.dates) {
		return false
	}
	for i, p := range b.dates {
		if t := gf.Items[i].UpdatedParsed; t != nil {
			u := t.UTC()
			*p.dst = &u
		}
	}
	return true
}

// commonDate parses RFC 3339 (Atom) and RFC 1123 with a numeric zone (RSS) dates as gofeed's
// date parser does. That parser keeps the first of its layouts that parses; before RFC 3339
// it tries RFC 822Z (« 02 Jan 06 15:04 -0700 »), and before RFC 1123Z (« Mon, 02 Jan … »)
// RFC 822Z, RFC 3339 and RubyDate (« Mon Jan 02 … »). None of those parses a date of the
// shape tried here, so the layout that parses is the same, and so is the time.
func commonDate(s string) (time.Time, bool) {
	d := strings.TrimSpace(s)
	if len(d) < 20 {
		return time.Time{}, false
	}
	layout := time.RFC1123Z
	if d[0] >= '0' && d[0] <= '9' {
		layout = time.RFC3339
	}
	t, err := time.Parse(layout, d)
	return t, err == nil
}

var dateTranslator = &gofeed.DefaultRSSTranslator{DisableContentImageScan: true}

func atomNative(n *xnode) (native, ok bool) {
	switch n.space {
	case "", atom10Space:
		return true, true
	case atom03Space:
		return false, false
	}
	return false, true
}

func (b *fastBuilder) atom() (*atom.Feed, bool) {
	root := &b.d.nodes[0]
	f := &atom.Feed{Entries: []*atom.Entry{}, Language: attr(root, "lang", false)}
	switch v := attr(root, "version", false); {
	case v != "" && v != "1.0":
		return nil, false
	case v != "":
		f.Version = v
	case root.space == atom10Space:
		f.Version = "1.0"
	}
	var exts ext.Extensions
	ok := b.children(&b.d.nodes[0], func(c *xnode) bool {
		native, ok := atomNative(c)
		if !ok {
			return false
		}
		if !native {
			exts, ok = b.addExtension(exts, c)
			return ok
		}
		switch strings.ToLower(c.local) {
		case "title":
			f.Title, ok = b.atomText(c)
		case "updated", "modified":
			if f.Updated, ok = b.atomText(c); ok {
				b.dates = append(b.dates, pendingDate{f.Updated, &f.UpdatedParsed})
			}
		case "link":
			f.Links = append(f.Links, atomLink(c))
		case "entry":
			var e *atom.Entry
			if e, ok = b.entry(c); ok {
				f.Entries = append(f.Entries, e)
			}
		}
		return ok
	})
	if !ok {
		return nil, false
	}
	if len(exts) > 0 {
		f.Extensions = exts
	}
	return f, b.parseDates(true)
}

func atomLink(n *xnode) *atom.Link {
	l := &atom.Link{Href: attr(n, "href", true), Hreflang: attr(n, "hreflang", true), Type: attr(n, "type", true),
		Length: attr(n, "length", true), Title: attr(n, "title", true), Rel: attr(n, "rel", true)}
	if l.Rel == "" {
		l.Rel = "alternate"
	}
	return l
}

func (b *fastBuilder) entry(n *xnode) (*atom.Entry, bool) {
	e := &atom.Entry{}
	var exts ext.Extensions
	ok := b.children(n, func(c *xnode) bool {
		native, ok := atomNative(c)
		if !ok {
			return false
		}
		if !native {
			exts, ok = b.addExtension(exts, c)
			return ok
		}
		switch strings.ToLower(c.local) {
		case "title":
			e.Title, ok = b.atomText(c)
		case "id":
			e.ID, ok = b.atomText(c)
		case "summary":
			e.Summary, ok = b.atomText(c)
		case "updated", "modified":
			if e.Updated, ok = b.atomText(c); ok {
				b.dates = append(b.dates, pendingDate{e.Updated, &e.UpdatedParsed})
			}
		case "published", "issued":
			if e.Published, ok = b.atomText(c); ok {
				b.dates = append(b.dates, pendingDate{e.Published, &e.PublishedParsed})
			}
		case "author":
			var p *atom.Person
			if p, ok = b.person(c); ok {
				e.Authors = append(e.Authors, p)
			}
		case "category":
			e.Categories = append(e.Categories, &atom.Category{Term: attr(c, "term", true), Scheme: attr(c, "scheme", true), Label: attr(c, "label", true)})
		case "link":
			e.Links = append(e.Links, atomLink(c))
		case "content":
			cn := &atom.Content{Type: attr(c, "type", true), Src: attr(c, "src", true)}
			cn.Value, ok = b.atomText(c)
			e.Content = cn
		}
		return ok
	})
	if !ok {
		return nil, false
	}
	if len(exts) > 0 {
		e.Extensions = exts
	}
	return e, true
}

func (b *fastBuilder) person(n *xnode) (*atom.Person, bool) {
	p := &atom.Person{}
	ok := b.children(n, func(c *xnode) bool {
		var ok bool
		switch strings.ToLower(c.local) {
		case "name":
			p.Name, ok = b.atomText(c)
		case "email":
			p.Email, ok = b.atomText(c)
		case "uri", "url", "homepage":
			p.URI, ok = b.atomText(c)
		default:
			ok = true
		}
		return ok
	})
	return p, ok
}

// atomText is gofeed's parseAtomText without xml:base (readXML declines it). ok is false for
// the binary types it base64-decodes.
func (b *fastBuilder) atomText(n *xnode) (string, bool) {
	r := strings.TrimSpace(b.d.inner(n))
	// encoding/xml's Unmarshal, which gofeed reads the type with, keeps the last attribute of
	// that local name.
	typ := ""
	for _, a := range n.attrs {
		switch a.local {
		case "type":
			typ = strings.ToLower(a.value)
		case "mode":
			return "", false
		}
	}
	switch {
	case strings.Contains(r, cdataOpen):
		r = gofeedStripCDATA(r)
	case typ == "text" || strings.HasPrefix(typ, "text/") || typ == "":
		r = gofeedEntities(r)
	case strings.Contains(typ, "xhtml"):
		r = stripWrappingDiv(r)
	case typ == "html":
		r = gofeedEntities(stripWrappingDiv(r))
	default:
		return "", false // base64 and binary media types
	}
	switch strings.ToLower(n.local) {
	case "icon", "id", "logo", "uri", "url":
		r = urlRoundTrip(r)
	}
	return r, true
}

// stripWrappingDiv is the content of a lone <div> that wraps the whole of content (other
// elements beside it: unchanged), as gofeed unwraps XHTML and HTML Atom content.
func stripWrappingDiv(content string) string {
	if !containsFold(content, "<div") {
		return content // no div element can come out of the parse
	}
	doc, err := xhtml.Parse(strings.NewReader(content))
	if err != nil {
		return content
	}
	body := findNode(doc, "body")
	if body == nil {
		return content
	}
	var div *xhtml.Node
	for c := body.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != xhtml.ElementNode {
			continue
		}
		if div != nil || c.Data != "div" {
			return content
		}
		div = c
	}
	if div == nil {
		return content
	}
	var buf bytes.Buffer
	for c := div.FirstChild; c != nil; c = c.NextSibling {
		if xhtml.Render(&buf, c) != nil {
			return content
		}
	}
	return buf.String()
}

func findNode(n *xhtml.Node, name string) *xhtml.Node {
	if n.Type == xhtml.ElementNode && n.Data == name {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findNode(c, name); f != nil {
			return f
		}
	}
	return nil
}

func containsFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			return false
		}
		i += j
		if i+len(sub) <= len(s) && strings.EqualFold(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}

// gofeedStripCDATA is gofeed's StripCDATA: CDATA sections verbatim, the character data
// around them entity-decoded; an unterminated section is kept as written.
func gofeedStripCDATA(s string) string {
	if strings.HasPrefix(s, cdataOpen) && strings.Index(s, cdataClose) == len(s)-len(cdataClose) {
		return s[len(cdataOpen) : len(s)-len(cdataClose)] // one section, the usual case: no copy
	}
	var b strings.Builder
	for s != "" {
		i := strings.Index(s, cdataOpen)
		if i < 0 {
			b.WriteString(gofeedEntities(s))
			break
		}
		b.WriteString(gofeedEntities(s[:i]))
		j := strings.Index(s[i+len(cdataOpen):], cdataClose)
		if j < 0 {
			b.WriteString(gofeedEntities(s[i:]))
			break
		}
		b.WriteString(s[i+len(cdataOpen) : i+len(cdataOpen)+j])
		s = s[i+len(cdataOpen)+j+len(cdataClose):]
	}
	return b.String()
}

// gofeedEntities is gofeed's DecodeEntities: HTML's entities, each decoded only when it
// ends with its ';' within 64 bytes of its '&' and holds no white space; any other '&' is
// text.
func gofeedEntities(s string) string {
	i := strings.IndexByte(s, '&')
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for {
		b.WriteString(s[:i])
		s = s[i:]
		w := s[:min(len(s), 64)]
		end := strings.IndexByte(w, ';')
		if end < 0 && len(w) == len(s) {
			b.WriteString(s)
			return b.String()
		}
		if end < 0 || strings.ContainsAny(s[1:end], " \t\r\n") {
			b.WriteByte('&')
			s = s[1:]
		} else if span := s[:end+1]; html.UnescapeString(span) == html.UnescapeString(span[:end])+";" {
			b.WriteByte('&')
			s = s[1:]
		} else {
			b.WriteString(html.UnescapeString(span))
			s = s[end+1:]
		}
		if i = strings.IndexByte(s, '&'); i < 0 {
			b.WriteString(s)
			return b.String()
		}
	}
}
