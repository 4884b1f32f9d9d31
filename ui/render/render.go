// Package render owns how an article's HTML reads in a terminal: it lays out paragraphs,
// headings, lists, quotes, code, tables and images as plain text wrapped to a width, and
// turns links into numbered references listed at the end. Its output never holds a control
// character or an escape sequence.
package render

import (
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
	"veille/feeds"

	"github.com/charmbracelet/x/ansi"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

const (
	minWidth  = 20 // narrower than this, prefixes leave no room for words
	codeWidth = 4  // indentation of <pre> blocks
	ruleWidth = 40 // longest <hr> rule
)

// Text renders html as readable text wrapped to width columns (no wrapping when width is 0
// or less): paragraphs separated by blank lines, headings underlined (h1 ═, h2 ─) or in
// capitals (h3–h6), "- " and "1. " lists with nested indentation, "> " quotes, <pre>
// blocks indented and never wrapped, images as [image: alt], tables as rows of cells
// separated by " | ", and links as "texte [1]" with their addresses listed at the end under
// linksTitle ("Liens", "Links": the caller's language). Scripts and styles are skipped. The
// result has no trailing newline.
func Text(htmlText string, width int, linksTitle string) string {
	doc, err := html.Parse(strings.NewReader(htmlText))
	if err != nil { // html.Parse only fails on reader errors
		return feeds.CleanText(htmlText)
	}
	if width > 0 && width < minWidth {
		width = minWidth
	}
	r := &renderer{width: width, inline: new(paragraph), linkNum: map[string]int{}, linksTitle: linksTitle}
	r.children(doc)
	r.flush()
	r.references()
	return r.String()
}

type prefix struct {
	first, rest string // the first line's prefix (a bullet), then the following lines'
	used        bool
}

type renderer struct {
	linksTitle string
	width      int
	lines      []string
	prefix     []prefix
	inline     *paragraph // the paragraph being gathered
	heading    int        // level of the heading being gathered, 0 for a paragraph
	sep        int        // before the next block: 0 nothing, 1 a line break, 2 a blank line
	items      int        // depth inside list items: paragraphs there are tight
	cell       int        // depth inside table cells: blocks flatten to spaces
	links      []string
	linkNum    map[string]int
}

const (
	sepNone = iota
	sepLine
	sepBlank
)

func (r *renderer) children(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		r.node(c)
	}
}

func (r *renderer) node(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		r.text(n.Data)
	case html.DocumentNode:
		r.children(n)
	case html.ElementNode:
		r.element(n)
	}
}

func (r *renderer) element(n *html.Node) {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Head, atom.Title, atom.Noscript, atom.Template, atom.Iframe,
		atom.Object, atom.Embed, atom.Svg, atom.Math, atom.Form, atom.Button, atom.Select,
		atom.Textarea, atom.Input, atom.Canvas, atom.Audio, atom.Video, atom.Noembed, atom.Noframes:
		return
	case atom.Br:
		if r.cell > 0 {
			r.inline.add(' ')
		} else {
			r.inline.add('\n')
		}
		return
	case atom.Img:
		if alt := feeds.CleanLine(attr(n, "alt")); alt != "" {
			r.word("[image: " + alt + "]")
		} else {
			r.word("[image]")
		}
		return
	case atom.A:
		r.link(n)
		return
	}
	if r.cell > 0 { // inside a table cell, blocks are words separated by spaces
		if isBlock(n.DataAtom) {
			r.inline.add(' ')
			r.children(n)
			r.inline.add(' ')
		} else {
			r.children(n)
		}
		return
	}
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		r.flush()
		r.heading = int(n.Data[1] - '0')
		r.children(n)
		r.flush()
	case atom.Ul, atom.Ol, atom.Menu:
		r.list(n)
	case atom.Li: // an item outside a list
		r.item(n, "- ")
	case atom.Blockquote:
		r.flush()
		r.prefix = append(r.prefix, prefix{first: "> ", rest: "> "})
		r.children(n)
		r.flush()
		r.prefix = r.prefix[:len(r.prefix)-1]
		r.blockEnd()
	case atom.Pre:
		r.pre(n)
	case atom.Table:
		r.table(n)
	case atom.Hr:
		r.flush()
		w := ruleWidth
		if r.width > 0 {
			w = min(w, r.width-r.prefixWidth())
		}
		r.emit([]string{strings.Repeat("─", max(w, 3))})
		r.blockEnd()
	case atom.Dd:
		r.flush()
		if r.sep == sepBlank { // a definition sits right under its term
			r.sep = sepLine
		}
		r.prefix = append(r.prefix, prefix{first: "  ", rest: "  "})
		r.children(n)
		r.flush()
		r.prefix = r.prefix[:len(r.prefix)-1]
	default:
		if isBlock(n.DataAtom) {
			r.flush()
			r.children(n)
			r.flush()
		} else {
			r.children(n)
		}
	}
}

func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Section, atom.Article, atom.Header, atom.Footer, atom.Main,
		atom.Aside, atom.Nav, atom.Figure, atom.Figcaption, atom.Address, atom.Center,
		atom.Details, atom.Summary, atom.Dl, atom.Dt, atom.Dd, atom.Fieldset, atom.Hgroup,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Ul, atom.Ol, atom.Li,
		atom.Blockquote, atom.Pre, atom.Table, atom.Tr, atom.Hr, atom.Caption, atom.Body, atom.Html:
		return true
	}
	return false
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

// text adds a text node to the paragraph, with white space collapsed. No-break spaces
// stay, so that "mot :" never breaks before its colon.
func (r *renderer) text(s string) {
	s = feeds.CleanText(s)
	if startsWithSpace(s) {
		r.space()
	}
	for i, f := range strings.FieldsFunc(s, isBreakingSpace) {
		if i > 0 {
			r.space()
		}
		r.inline.WriteString(f)
	}
	if endsWithSpace(s) {
		r.space()
	}
}

func isBreakingSpace(r rune) bool {
	return r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\f' || (unicode.IsSpace(r) && r != '\u00a0' && r != '\u202f' && r != '\u2007')
}

func startsWithSpace(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return s != "" && isBreakingSpace(r)
}

func endsWithSpace(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return s != "" && isBreakingSpace(r)
}

// paragraph is the text being gathered; unlike a strings.Builder it can take back a
// trailing space.
type paragraph struct{ b []byte }

func (p *paragraph) WriteString(s string) { p.b = append(p.b, s...) }
func (p *paragraph) add(c byte)           { p.b = append(p.b, c) }
func (p *paragraph) Len() int             { return len(p.b) }
func (p *paragraph) String() string       { return string(p.b) }
func (p *paragraph) Reset()               { p.b = p.b[:0] }

func (p *paragraph) endsWith(c byte) bool { return len(p.b) > 0 && p.b[len(p.b)-1] == c }

// space adds one space unless the paragraph is empty or already ends with one.
func (r *renderer) space() {
	if r.inline.Len() == 0 || r.inline.endsWith(' ') || r.inline.endsWith('\n') {
		return
	}
	r.inline.add(' ')
}

// word adds s as a word of its own.
func (r *renderer) word(s string) {
	r.space()
	r.inline.WriteString(s)
	r.inline.add(' ')
}

// link renders a link's text followed by its reference number.
func (r *renderer) link(n *html.Node) {
	start := r.inline.Len()
	r.children(n)
	href := feeds.CleanLine(attr(n, "href"))
	if !linkable(href) {
		return
	}
	text := strings.TrimSpace(string(r.inline.b[start:]))
	if text == "" || sameAddress(text, href) {
		return // a bare address already shows itself
	}
	num, ok := r.linkNum[href]
	if !ok {
		r.links = append(r.links, href)
		num = len(r.links)
		r.linkNum[href] = num
	}
	spaced := r.inline.endsWith(' ')
	if spaced {
		r.inline.b = r.inline.b[:r.inline.Len()-1]
	}
	r.inline.WriteString("\u00a0[" + strconv.Itoa(num) + "]") // the number never wraps alone
	if spaced {
		r.inline.add(' ')
	}
}

func linkable(href string) bool {
	if href == "" || strings.HasPrefix(href, "#") {
		return false
	}
	u, err := url.Parse(href)
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https", "mailto", "":
		return true
	}
	return false
}

func sameAddress(text, href string) bool {
	trim := func(s string) string {
		s = strings.TrimPrefix(strings.TrimPrefix(s, "https://"), "http://")
		s = strings.TrimPrefix(s, "mailto:")
		return strings.TrimSuffix(strings.TrimPrefix(s, "www."), "/")
	}
	return trim(text) == trim(href)
}

func (r *renderer) list(n *html.Node) {
	r.flush()
	ordered := n.DataAtom == atom.Ol
	num := 1
	if s, err := strconv.Atoi(strings.TrimSpace(attr(n, "start"))); ordered && err == nil {
		num = s
	}
	var items []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == atom.Li {
			items = append(items, c)
		}
	}
	markerWidth := 2
	if ordered {
		markerWidth = max(len(strconv.Itoa(num)), len(strconv.Itoa(num+len(items)-1))) + 2
	}
	i := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || c.DataAtom != atom.Li {
			if c.Type == html.ElementNode {
				r.node(c) // stray content inside a list
			}
			continue
		}
		marker := "- "
		if ordered {
			marker = strconv.Itoa(num+i) + "."
			marker += strings.Repeat(" ", markerWidth-len(marker))
		}
		r.item(c, marker)
		i++
	}
	r.blockEnd()
}

func (r *renderer) item(n *html.Node, marker string) {
	r.flush()
	r.prefix = append(r.prefix, prefix{first: marker, rest: strings.Repeat(" ", len(marker))})
	r.items++
	r.children(n)
	r.flush()
	r.items--
	if p := r.prefix[len(r.prefix)-1]; !p.used { // an empty item still shows its marker
		r.emit([]string{""})
	}
	r.prefix = r.prefix[:len(r.prefix)-1]
	r.sep = sepLine
}

func (r *renderer) pre(n *html.Node) {
	r.flush()
	var b strings.Builder
	var collect func(*html.Node)
	collect = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		case n.Type == html.ElementNode && n.DataAtom == atom.Br:
			b.WriteByte('\n')
		case n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style):
		default:
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				collect(c)
			}
		}
	}
	collect(n)
	code := strings.ReplaceAll(b.String(), "\t", "    ")
	code = strings.TrimRight(feeds.CleanText(code), " \n")
	code = strings.TrimLeft(code, "\n")
	if code == "" {
		return
	}
	indent := strings.Repeat(" ", codeWidth)
	var lines []string
	for l := range strings.Lines(code) {
		l = strings.TrimRight(l, "\n")
		if l != "" {
			l = indent + l
		}
		lines = append(lines, l)
	}
	r.emit(lines)
	r.blockEnd()
}

func (r *renderer) table(n *html.Node) {
	r.flush()
	var rows []*html.Node
	var find func(*html.Node)
	find = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Tr:
				rows = append(rows, c)
			case atom.Thead, atom.Tbody, atom.Tfoot:
				find(c)
			case atom.Caption:
				r.children(c)
				r.flush()
				r.sep = sepLine
			}
		}
	}
	find(n)
	var cells [][]string
	header := false
	for i, row := range rows {
		var line []string
		th := true
		for c := row.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && (c.DataAtom == atom.Td || c.DataAtom == atom.Th) {
				th = th && c.DataAtom == atom.Th
				line = append(line, r.cellText(c))
			}
		}
		if len(line) > 0 {
			cells = append(cells, line)
			header = header || (i == 0 && th)
		}
	}
	// Columns are aligned when the table fits the width; otherwise rows wrap.
	var widths []int
	for _, line := range cells {
		for j, c := range line {
			if j == len(widths) {
				widths = append(widths, 0)
			}
			widths[j] = max(widths[j], ansi.StringWidth(c))
		}
	}
	total := 3 * (len(widths) - 1)
	for _, w := range widths {
		total += w
	}
	aligned := r.width <= 0 || total <= r.width-r.prefixWidth()
	r.prefix = append(r.prefix, prefix{first: "", rest: "  "}) // a wrapped row is indented
	for i, line := range cells {
		if aligned {
			for j := range line[:len(line)-1] {
				line[j] += strings.Repeat(" ", widths[j]-ansi.StringWidth(line[j]))
			}
		}
		row := strings.Join(line, " | ")
		r.prefix[len(r.prefix)-1].used = false
		r.inline.WriteString(strings.ReplaceAll(row, " ", "\u00a0")) // padding must survive
		if !aligned {
			r.inline.Reset()
			r.inline.WriteString(row)
		}
		r.flushAs(sepLine)
		if i == 0 && header && len(cells) > 1 {
			w := total
			if !aligned {
				w = min(ansi.StringWidth(row), r.width-r.prefixWidth())
			}
			r.prefix[len(r.prefix)-1].used = false
			r.emit([]string{strings.Repeat("─", max(w, 3))})
			r.sep = sepLine
		}
	}
	r.prefix = r.prefix[:len(r.prefix)-1]
	r.blockEnd()
}

// cellText is a cell's content as one line.
func (r *renderer) cellText(c *html.Node) string {
	saved := r.inline
	r.inline = new(paragraph)
	r.cell++
	r.children(c)
	r.cell--
	s := r.inline.String()
	r.inline = saved
	return strings.Join(strings.FieldsFunc(s, isBreakingSpace), " ")
}

// blockEnd asks for a blank line before whatever comes next, or a line break inside a
// list item.
func (r *renderer) blockEnd() {
	if r.items > 0 {
		r.sep = max(r.sep, sepLine)
	} else {
		r.sep = sepBlank
	}
}

// flush lays out the paragraph gathered so far.
func (r *renderer) flush() {
	r.flushAs(-1)
}

func (r *renderer) flushAs(after int) {
	text := strings.Trim(r.inline.String(), " \n")
	r.inline.Reset()
	level := r.heading
	r.heading = 0
	if text == "" {
		return
	}
	if level >= 3 {
		text = strings.ToUpper(text)
	}
	avail := 0
	if r.width > 0 {
		avail = max(r.width-r.prefixWidth(), minWidth/2)
	}
	var lines []string
	for para := range strings.SplitSeq(text, "\n") {
		lines = append(lines, wrap(strings.Trim(para, " "), avail)...)
	}
	if level == 1 || level == 2 {
		w := 0
		for _, l := range lines {
			w = max(w, ansi.StringWidth(l))
		}
		rule := "─"
		if level == 1 {
			rule = "═"
		}
		lines = append(lines, strings.Repeat(rule, w))
	}
	r.emit(lines)
	if after >= 0 {
		r.sep = after
	} else {
		r.blockEnd()
	}
}

// emit writes lines under the current prefixes, after the pending separator.
func (r *renderer) emit(lines []string) {
	if len(r.lines) > 0 && r.sep == sepBlank {
		r.lines = append(r.lines, strings.TrimRight(r.prefixString(false), " "))
	}
	r.sep = sepNone
	for _, l := range lines {
		r.lines = append(r.lines, strings.TrimRight(r.prefixString(true)+l, " "))
	}
}

// prefixString is the prefix of the next line; consume marks the bullets as shown.
func (r *renderer) prefixString(consume bool) string {
	var b strings.Builder
	for i := range r.prefix {
		p := &r.prefix[i]
		if p.used || !consume {
			if p.used {
				b.WriteString(p.rest)
			} else {
				b.WriteString(strings.Repeat(" ", ansi.StringWidth(p.first)))
			}
			continue
		}
		b.WriteString(p.first)
		p.used = true
	}
	return b.String()
}

func (r *renderer) prefixWidth() int {
	w := 0
	for _, p := range r.prefix {
		w += max(ansi.StringWidth(p.first), ansi.StringWidth(p.rest))
	}
	return w
}

// references lists the link addresses under their numbers.
func (r *renderer) references() {
	if len(r.links) == 0 {
		return
	}
	r.prefix = nil
	r.sep = sepBlank
	lines := []string{r.linksTitle, strings.Repeat("─", ansi.StringWidth(r.linksTitle))}
	numWidth := len(strconv.Itoa(len(r.links))) + 2
	for i, l := range r.links {
		num := "[" + strconv.Itoa(i+1) + "]"
		lines = append(lines, num+strings.Repeat(" ", numWidth-len(num)+1)+l)
	}
	r.emit(lines)
}

// String joins the lines; no-break spaces, which kept words together while wrapping,
// become plain spaces.
func (r *renderer) String() string {
	var b strings.Builder
	for i, l := range r.lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(strings.TrimRight(nbsp.Replace(l), " "))
	}
	return strings.TrimRight(feeds.CleanText(b.String()), "\n ")
}

var nbsp = strings.NewReplacer("\u00a0", " ", "\u202f", " ", "\u2007", " ")

// Wrap breaks plain text into lines of at most width cells at spaces, cutting a word only
// when it is wider than a line; the line breaks of s stay. No wrapping when width < 1.
// ansi.Wordwrap does not serve: it also breaks after hyphens ("open-|source") and at the
// narrow no-break spaces of French typography (U+202F before ";", "!", "?"), which must hold.
func Wrap(s string, width int) string {
	if width < 1 {
		return s
	}
	var out []string
	for para := range strings.SplitSeq(s, "\n") {
		out = append(out, wrap(para, width)...)
	}
	return strings.Join(out, "\n")
}

// wrap breaks one paragraph s into lines of at most width columns at spaces; a word longer
// than a line is cut. No wrapping when width is 0.
func wrap(s string, width int) []string {
	if s == "" {
		return []string{""}
	}
	if width <= 0 {
		return []string{s}
	}
	var lines []string
	var cur strings.Builder
	curW := 0
	for _, w := range strings.Split(s, " ") {
		if w == "" {
			continue
		}
		ww := ansi.StringWidth(w)
		if curW > 0 && curW+1+ww <= width {
			cur.WriteByte(' ')
			cur.WriteString(w)
			curW += 1 + ww
			continue
		}
		if curW > 0 {
			lines = append(lines, cur.String())
			cur.Reset()
			curW = 0
		}
		if ww > width { // a long address: cut it, the last piece starts the next line
			// Hardwrap cuts between grapheme clusters in one pass (ansi.Cut in a loop
			// rescans the word each time); preserveSpace keeps the no-break spaces.
			chunks := strings.Split(ansi.Hardwrap(w, width, true), "\n")
			lines = append(lines, chunks[:len(chunks)-1]...)
			w = chunks[len(chunks)-1]
			ww = ansi.StringWidth(w)
		}
		cur.WriteString(w)
		curW = ww
	}
	if curW > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}
