package parse

import (
	"bytes"
	"net/url"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"veille/feeds"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// SanitizeHTML keeps a safe subset of html: text formatting, links, images, lists, quotes,
// code, headings, tables and figures. Scripts, styles, frames, objects, forms and their
// content are dropped, every attribute but href, src, alt and title is dropped, relative
// href and src are resolved against base (kept relative when base is nil), and only http,
// https (and mailto for links) survive. Text goes through CleanText. The output is
// well-formed: every element it opens, it closes.
func SanitizeHTML(s string, base *url.URL) string {
	return convertHTML(s, base, true, false).html
}

// HTMLToText is the plain text of html for search and tagging: block elements become
// paragraph breaks, list items and <br> line breaks, white space (no-break spaces included)
// is collapsed outside <pre>, entities are decoded, scripts and styles are dropped, and the
// result is CleanText'ed and trimmed.
func HTMLToText(s string) string {
	return convertHTML(s, nil, false, false).text
}

// FeedText is the plain text Feed keeps of an item's description or content: HTMLToText's,
// with the publisher footers and paywall notices of notices.go cut. Tagging relies on it:
// the Yoast footer repeats the title and names the site.
func FeedText(s string) string {
	return convertHTML(s, nil, false, true).text
}

// Text separators, in increasing strength: a pending separator is written only between
// two pieces of text, and a stronger one wins.
const (
	sepNone int8 = iota
	sepSpace
	sepLine
	sepPara
)

// rule says what the converter does with one input element.
type rule struct {
	out  string // output element name; "" unwraps (content kept, tag dropped)
	sep  int8   // separator it puts around its text
	drop bool   // dropped with all its content
	void bool
	unit bool // a block whose text is checked for boilerplate when it closes
}

var rules = map[atom.Atom]rule{}

func init() {
	set := func(r rule, as ...atom.Atom) {
		for _, a := range as {
			rules[a] = r
		}
	}
	for _, a := range []atom.Atom{atom.A, atom.Em, atom.Strong, atom.B, atom.I, atom.U, atom.S, atom.Code, atom.Sup, atom.Sub, atom.Span} {
		rules[a] = rule{out: a.String()}
	}
	set(rule{out: "s"}, atom.Strike, atom.Del)
	set(rule{out: "u"}, atom.Ins)
	set(rule{out: "em"}, atom.Cite, atom.Dfn, atom.Var)
	set(rule{out: "code"}, atom.Kbd, atom.Samp, atom.Tt)
	// <head> is unwrapped, not dropped: its end tag is optional, and what it holds (title,
	// style, script, meta) is dropped on its own.
	set(rule{}, atom.Abbr, atom.Acronym, atom.Big, atom.Small, atom.Mark, atom.Q, atom.Time, atom.Font,
		atom.Label, atom.Bdi, atom.Bdo, atom.Data, atom.Picture, atom.Html, atom.Body, atom.Head,
		atom.Nobr, atom.Legend)
	rules[atom.Menu] = rule{out: "ul", sep: sepPara, unit: true}
	set(rule{sep: sepLine}, atom.Caption)
	rules[atom.Br] = rule{out: "br", sep: sepLine, void: true}
	rules[atom.Hr] = rule{out: "hr", sep: sepPara, void: true}
	rules[atom.Img] = rule{out: "img", void: true}
	for _, a := range []atom.Atom{atom.P, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Blockquote, atom.Pre, atom.Div, atom.Ul, atom.Ol, atom.Figure, atom.Table} {
		rules[a] = rule{out: a.String(), sep: sepPara, unit: true}
	}
	set(rule{out: "div", sep: sepPara, unit: true}, atom.Section, atom.Article, atom.Header, atom.Footer,
		atom.Aside, atom.Main, atom.Nav, atom.Center, atom.Address, atom.Details, atom.Summary,
		atom.Hgroup, atom.Dl, atom.Fieldset)
	set(rule{out: "div", sep: sepLine, unit: true}, atom.Dt, atom.Dd)
	rules[atom.Li] = rule{out: "li", sep: sepLine, unit: true}
	rules[atom.Figcaption] = rule{out: "figcaption", sep: sepLine, unit: true}
	rules[atom.Thead] = rule{out: "thead", sep: sepLine}
	rules[atom.Tbody] = rule{out: "tbody", sep: sepLine}
	rules[atom.Tfoot] = rule{out: "tbody", sep: sepLine}
	rules[atom.Tr] = rule{out: "tr", sep: sepLine, unit: true}
	rules[atom.Td] = rule{out: "td", sep: sepSpace, unit: true}
	rules[atom.Th] = rule{out: "th", sep: sepSpace, unit: true}
	set(rule{drop: true}, atom.Script, atom.Style, atom.Iframe, atom.Object, atom.Form, atom.Noscript,
		atom.Noembed, atom.Noframes, atom.Textarea, atom.Title, atom.Xmp, atom.Template, atom.Svg,
		atom.Math, atom.Select, atom.Button, atom.Canvas, atom.Audio, atom.Video,
		atom.Applet, atom.Frameset, atom.Plaintext, atom.Datalist, atom.Option, atom.Optgroup,
		atom.Map, atom.Colgroup, atom.Dialog)
	set(rule{drop: true, void: true}, atom.Embed, atom.Input, atom.Link, atom.Meta, atom.Base,
		atom.Param, atom.Track, atom.Area, atom.Col, atom.Wbr, atom.Keygen, atom.Frame, atom.Source)
}

// rawText elements make the tokenizer read their content as text even when written <x/>.
func rawText(a atom.Atom) bool {
	switch a {
	case atom.Iframe, atom.Noembed, atom.Noframes, atom.Noscript, atom.Plaintext, atom.Script,
		atom.Style, atom.Textarea, atom.Title, atom.Xmp:
		return true
	}
	return false
}

const maxDepth = 200 // deeper elements are unwrapped: no recursion blow-up in readers

type openElem struct {
	name     atom.Atom
	out      string // "" when unwrapped
	sep      int8
	unit     bool
	hOpen    int // html length before the open tag
	hContent int // html length after the open tag
	tStart   int // text length when it opened
}

// textRun is where one text node's visible text starts in both outputs, so that a cut in
// the text can be mapped back to the HTML.
type textRun struct{ tStart, hStart int }

// converter turns one HTML fragment into sanitized HTML and plain text in a single
// tokenizer pass.
type converter struct {
	base        *url.URL
	wantHTML    bool
	boilerplate bool // Feed mode: cut footers and paywall notices, drop empty blocks

	html  []byte
	text  []byte
	stack []openElem
	runs  []textRun

	skip      int // depth inside a dropped element
	skipName  atom.Atom
	pre       int
	pending   int8
	runOpen   bool // the current text node already recorded its run
	paywalled bool
	keyWords  uint8 // boilerplate key words present in the document
	trigger   int   // text offset of the last node holding a boilerplate key word, or -1
	joinMark  bool  // a node began with a combining mark: the joined text needs NFC again
}

var converters = sync.Pool{New: func() any { return new(converter) }}

type converted struct {
	html, text string
	paywalled  bool
}

func convertHTML(s string, base *url.URL, wantHTML, boilerplate bool) converted {
	c := converters.Get().(*converter)
	*c = converter{
		base: base, wantHTML: wantHTML, boilerplate: boilerplate,
		html: c.html[:0], text: c.text[:0], stack: c.stack[:0], runs: c.runs[:0],
		trigger: -1,
	}
	c.run(s)
	// Every node went through stripUnsafe and separators hold at most one blank line, so
	// only <pre> text and marks joined across nodes still need CleanText.
	text := string(c.text)
	if c.joinMark || bytes.Contains(c.text, []byte("\n\n\n")) {
		text = feeds.CleanText(text)
	}
	res := converted{text: text, paywalled: c.paywalled}
	if wantHTML {
		res.html = string(c.html)
	}
	if cap(c.html) < 1<<20 && cap(c.text) < 1<<20 {
		converters.Put(c)
	}
	return res
}

func (c *converter) run(s string) {
	if c.boilerplate {
		c.keyWords = keyWordSet(s)
	}
	if strings.IndexByte(s, '<') < 0 && strings.IndexByte(s, '&') < 0 {
		c.addText(s) // plain text: no tokenizer needed
	} else {
		z := html.NewTokenizer(strings.NewReader(s))
	loop:
		for {
			switch tt := z.Next(); tt {
			case html.ErrorToken:
				break loop
			case html.TextToken:
				if c.skip == 0 {
					c.addText(string(z.Text()))
				}
			case html.StartTagToken, html.SelfClosingTagToken:
				name, hasAttr := z.TagName()
				a := atom.Lookup(name)
				if c.skip > 0 {
					if a == c.skipName && tt == html.StartTagToken {
						c.skip++
					}
					continue
				}
				c.start(z, a, hasAttr, tt == html.SelfClosingTagToken)
			case html.EndTagToken:
				name, _ := z.TagName()
				a := atom.Lookup(name)
				if c.skip > 0 {
					if a == c.skipName {
						c.skip--
					}
					continue
				}
				c.end(a)
			}
		}
	}
	for len(c.stack) > 0 {
		c.pop()
	}
	if c.boilerplate {
		c.checkUnit(&openElem{unit: true}, c.trigger >= 0)
	}
	c.text = bytes.TrimRightFunc(c.text, unicode.IsSpace)
}

func (c *converter) start(z *html.Tokenizer, a atom.Atom, hasAttr, selfClosing bool) {
	r, known := rules[a]
	if !known {
		return // unknown and custom elements: unwrapped, their text kept
	}
	if r.drop {
		if !r.void && (!selfClosing || rawText(a)) {
			c.skip, c.skipName = 1, a
		}
		return
	}
	switch a {
	case atom.Br:
		switch {
		case c.pre > 0:
			c.flush()
			if len(c.text) > 0 {
				c.text = append(c.text, '\n')
			}
		case c.pending >= sepLine: // <br><br> is a paragraph break
			c.sep(sepPara)
		default:
			c.sep(sepLine)
		}
		c.emit("<br>")
		return
	case atom.Hr:
		c.sep(sepPara)
		c.emit("<hr>")
		return
	case atom.Img:
		c.img(z, hasAttr)
		return
	case atom.P, atom.Div, atom.Ul, atom.Ol, atom.Blockquote, atom.Pre, atom.Table, atom.Figure,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		c.closeOpenP()
	case atom.Li:
		c.closeSibling(atom.Li, atom.Ul, atom.Ol)
	case atom.Tr:
		c.closeSibling(atom.Tr, atom.Table, atom.Thead)
	case atom.Td, atom.Th:
		c.closeSibling(atom.Td, atom.Tr, atom.Table)
		c.closeSibling(atom.Th, atom.Tr, atom.Table)
	}
	if r.void || selfClosing {
		return // <p/>, <div/>: nothing to keep
	}
	if len(c.stack) >= maxDepth {
		return
	}
	e := openElem{name: a, out: r.out, sep: r.sep, unit: r.unit, hOpen: len(c.html), tStart: len(c.text)}
	c.sep(r.sep)
	if a == atom.Pre {
		c.pre++
	}
	if c.wantHTML && e.out != "" {
		var attrs []byte
		// Only links keep more than a title: skip parsing the attributes of a tag that has none.
		if hasAttr && (a == atom.A || bytes.Contains(z.Raw(), []byte("title"))) {
			attrs = c.attrs(z, a)
		}
		if a == atom.A && attrs == nil {
			e.out = "" // a link without a usable href is just text
		} else {
			c.html = append(c.html, '<')
			c.html = append(c.html, e.out...)
			c.html = append(c.html, attrs...)
			c.html = append(c.html, '>')
		}
	}
	e.hContent = len(c.html)
	c.stack = append(c.stack, e)
}

// attrs returns the kept attributes of a, already escaped and each with a leading space.
// For a link it is nil when there is no usable href.
func (c *converter) attrs(z *html.Tokenizer, a atom.Atom) []byte {
	var out []byte
	var href, title string
	for {
		k, v, more := z.TagAttr()
		switch string(k) {
		case "href":
			if a == atom.A {
				href = c.url(string(v), true)
			}
		case "title":
			title = feeds.CleanLine(string(v))
		}
		if !more {
			break
		}
	}
	if a == atom.A {
		if href == "" {
			return nil
		}
		out = appendAttr(out, "href", href)
	}
	if title != "" {
		out = appendAttr(out, "title", title)
	}
	return out
}

func (c *converter) img(z *html.Tokenizer, hasAttr bool) {
	var src, lazy, alt, title, w, h string
	for hasAttr {
		k, v, more := z.TagAttr()
		switch string(k) {
		case "src":
			src = string(v)
		case "data-src", "data-lazy-src", "data-original":
			lazy = string(v)
		case "alt":
			alt = feeds.CleanLine(string(v))
		case "title":
			title = feeds.CleanLine(string(v))
		case "width":
			w = strings.TrimSpace(string(v))
		case "height":
			h = strings.TrimSpace(string(v))
		}
		hasAttr = more
	}
	// Lazy-loading themes put a data: placeholder in src and the image in data-src.
	if lazy != "" && (src == "" || strings.HasPrefix(strings.TrimSpace(strings.ToLower(src)), "data:")) {
		src = lazy
	}
	if (w == "1" || w == "0") && (h == "1" || h == "0") {
		return // tracking pixel
	}
	src = c.url(src, false)
	if src == "" || !c.wantHTML {
		return
	}
	b := append(c.html, "<img"...)
	b = appendAttr(b, "src", src)
	if alt != "" {
		b = appendAttr(b, "alt", alt)
	}
	if title != "" {
		b = appendAttr(b, "title", title)
	}
	c.html = append(b, '>')
}

// url makes a link or image address safe: resolved against the base, http(s) only (mailto
// too for links). A relative address stays relative when there is no base.
func (c *converter) url(raw string, link bool) string {
	raw = strings.TrimSpace(feeds.StripUnsafe(raw))
	u, err := url.Parse(raw)
	if raw == "" || err != nil {
		return ""
	}
	switch {
	case u.Scheme == "" && c.base == nil && u.Host != "": // protocol-relative
		u.Scheme = "https"
		return u.String()
	case u.Scheme == "" && c.base == nil:
		if u.Opaque != "" || strings.Contains(u.Path, ":") {
			return ""
		}
		return raw
	case strings.EqualFold(u.Scheme, "mailto"):
		if link {
			return raw
		}
		return ""
	}
	if feeds.CleanLine(raw) == raw {
		return resolveParsed(raw, u, c.base) // most links: parsed once, not twice
	}
	return resolveLink(raw, c.base)
}

func appendAttr(b []byte, name, val string) []byte {
	b = append(b, ' ')
	b = append(b, name...)
	b = append(b, `="`...)
	b = appendEscaped(b, val, true)
	return append(b, '"')
}

// appendEscaped escapes &, < and > (and " in attributes): enough for well-formed output.
// Runs of plain bytes are copied whole: most text has nothing to escape.
func appendEscaped(b []byte, s string, attr bool) []byte {
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && !htmlSpecial[s[j]] {
			j++
		}
		b = append(b, s[i:j]...)
		if j == len(s) {
			break
		}
		switch ch := s[j]; ch {
		case '&':
			b = append(b, "&amp;"...)
		case '<':
			b = append(b, "&lt;"...)
		case '>':
			b = append(b, "&gt;"...)
		case '"':
			if attr {
				b = append(b, "&#34;"...)
			} else {
				b = append(b, ch)
			}
		}
		i = j + 1
	}
	return b
}

// htmlSpecial are the bytes appendEscaped may escape.
var htmlSpecial = [256]bool{'&': true, '<': true, '>': true, '"': true}

func (c *converter) emit(s string) {
	if c.wantHTML {
		c.html = append(c.html, s...)
	}
}

func (c *converter) sep(s int8) {
	if s > c.pending {
		c.pending = s
	}
}

// flush writes the pending separator, unless nothing was written yet.
func (c *converter) flush() {
	if c.pending == sepNone {
		return
	}
	if len(c.text) > 0 {
		switch c.pending {
		case sepSpace:
			c.text = append(c.text, ' ')
		case sepLine:
			c.text = append(c.text, '\n')
		case sepPara:
			c.text = append(c.text, '\n', '\n')
		}
	}
	c.pending = sepNone
}

// closeOpenP closes a <p> left open when a block starts inside it, as browsers do.
func (c *converter) closeOpenP() {
	for i := len(c.stack) - 1; i >= 0; i-- {
		e := c.stack[i]
		if e.name == atom.P {
			c.closeTo(i)
			return
		}
		if e.sep != sepNone {
			return
		}
	}
}

// closeSibling closes an open `name` (a previous <li>, <tr>, <td>) above the nearest
// `scope` element, so that an unclosed item does not swallow the next one.
func (c *converter) closeSibling(name, scope1, scope2 atom.Atom) {
	for i := len(c.stack) - 1; i >= 0; i-- {
		switch c.stack[i].name {
		case name:
			c.closeTo(i)
			return
		case scope1, scope2:
			return
		}
	}
}

func (c *converter) end(a atom.Atom) {
	switch a {
	case atom.Br: // </br> is a <br> for browsers
		c.sep(sepLine)
		c.emit("<br>")
		return
	case 0:
		return
	}
	for i := len(c.stack) - 1; i >= 0; i-- {
		if c.stack[i].name == a {
			c.closeTo(i)
			return
		}
	}
}

// closeTo closes the open elements down to index i included.
func (c *converter) closeTo(i int) {
	for len(c.stack) > i {
		c.pop()
	}
}

func (c *converter) pop() {
	e := c.stack[len(c.stack)-1]
	c.stack = c.stack[:len(c.stack)-1]
	if e.name == atom.Pre {
		c.pre--
	}
	if e.unit && c.boilerplate && c.checkUnit(&e, c.trigger >= e.tStart) {
		c.sep(e.sep)
		return // the whole block was boilerplate or empty
	}
	if c.wantHTML && e.out != "" {
		c.html = append(c.html, "</"...)
		c.html = append(c.html, e.out...)
		c.html = append(c.html, '>')
	}
	c.sep(e.sep)
}

func (c *converter) addText(s string) {
	s = feeds.StripUnsafe(s)
	if c.boilerplate && strings.Contains(s, "abonn") {
		s = c.removeNotice(s)
	}
	if s == "" {
		return
	}
	if c.keyWords != 0 && c.trigger < len(c.text) && hasKeyWord(s, c.keyWords) {
		c.trigger = len(c.text)
	}
	if r, _ := utf8.DecodeRuneInString(s); r >= 0x300 && unicode.Is(unicode.M, r) {
		c.joinMark = true
	}
	hStart := len(c.html)
	if c.wantHTML {
		c.html = appendEscaped(c.html, s, false)
	}
	c.runOpen = false
	if c.pre > 0 {
		c.flush()
		c.startRun(hStart)
		c.text = append(c.text, s...)
		return
	}
	for i := 0; i < len(s); {
		ch := s[i]
		if ch < utf8.RuneSelf {
			if asciiSpace[ch] {
				c.sep(sepSpace)
				i++
				continue
			}
			// A run of ASCII that is not white space goes in whole.
			j := i + 1
			for j < len(s) && s[j] < utf8.RuneSelf && !asciiSpace[s[j]] {
				j++
			}
			c.flush()
			c.startRun(hStart)
			c.text = append(c.text, s[i:j]...)
			i = j
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			c.sep(sepSpace)
		} else {
			c.flush()
			c.startRun(hStart)
			c.text = append(c.text, s[i:i+n]...)
		}
		i += n
	}
}

// asciiSpace is the ASCII white space text nodes collapse (\v too, as unicode.IsSpace does).
var asciiSpace = [utf8.RuneSelf]bool{' ': true, '\n': true, '\t': true, '\r': true, '\f': true, '\v': true}

func (c *converter) startRun(hStart int) {
	if !c.runOpen {
		c.runs = append(c.runs, textRun{tStart: len(c.text), hStart: hStart})
		c.runOpen = true
	}
}

// checkUnit cuts the notices of notices.go out of the block e that is closing (or of the
// whole document when e is the zero root); search says a node inside it holds a key word.
// It reports whether the block was removed entirely, its open tag included.
func (c *converter) checkUnit(e *openElem, search bool) bool {
	seg := c.text[e.tStart:]
	at := -1
	if search {
		var paywall bool
		at, paywall = findNotice(seg, c.keyWords)
		c.paywalled = c.paywalled || paywall
	}
	if at < 0 {
		if len(bytes.TrimSpace(seg)) == 0 && e.name != 0 && e.name != atom.Td && e.name != atom.Th &&
			e.name != atom.Tr && !bytes.Contains(c.html[e.hContent:], []byte("<img")) &&
			!bytes.Contains(c.html[e.hContent:], []byte("<hr")) {
			c.truncate(e.hOpen, e.tStart) // empty block: <p>&nbsp;</p>, a removed notice
			return true
		}
		return false
	}
	cut := e.tStart + at
	if len(bytes.TrimSpace(c.text[e.tStart:cut])) == 0 {
		c.truncate(e.hOpen, e.tStart)
		return e.name != 0
	}
	c.text = bytes.TrimRightFunc(c.text[:cut], unicode.IsSpace)
	// Map the cut back to the HTML: find the text node it falls in, keep that node's text
	// up to the cut, and close whatever was open at that point inside the block.
	k := len(c.runs) - 1
	for k > 0 && c.runs[k].tStart > cut {
		k--
	}
	run := textRun{tStart: e.tStart, hStart: e.hContent}
	if k >= 0 {
		run = c.runs[k]
	}
	if run.hStart < e.hContent {
		run.hStart = e.hContent
	}
	c.html = c.html[:run.hStart]
	if len(c.text) > run.tStart && c.wantHTML {
		c.html = appendEscaped(c.html, string(c.text[run.tStart:]), false)
	}
	c.dropRuns()
	if c.wantHTML {
		open := openTags(c.html[e.hContent:])
		for i := len(open) - 1; i >= 0; i-- {
			c.html = append(c.html, "</"...)
			c.html = append(c.html, open[i]...)
			c.html = append(c.html, '>')
		}
	}
	return false
}

func (c *converter) truncate(h, t int) {
	c.html = c.html[:h]
	c.text = c.text[:t]
	c.dropRuns()
}

// dropRuns forgets the text runs that were cut away.
func (c *converter) dropRuns() {
	for len(c.runs) > 0 && c.runs[len(c.runs)-1].tStart >= len(c.text) {
		c.runs = c.runs[:len(c.runs)-1]
	}
	c.runOpen = false
}

// openTags lists the elements left open in a piece of the converter's own output, which
// escapes every '<' that is not a tag.
func openTags(h []byte) []string {
	var open []string
	for i := 0; i < len(h); i++ {
		if h[i] != '<' {
			continue
		}
		j := i + 1
		closing := j < len(h) && h[j] == '/'
		if closing {
			j++
		}
		k := j
		for k < len(h) && h[k] != ' ' && h[k] != '>' {
			k++
		}
		name := string(h[j:k])
		switch {
		case closing:
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
		case name == "br" || name == "hr" || name == "img":
		default:
			open = append(open, name)
		}
		i = k
	}
	return open
}
