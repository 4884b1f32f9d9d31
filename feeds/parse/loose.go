package parse

import (
	"bytes"
	"encoding/xml"
	"html"
	"io"
	"strings"

	htmlatom "golang.org/x/net/html/atom"
)

// The loose pass. gofeed gives up on a document at its first fatal XML error: a feed whose
// connection was cut, or one with an unescaped "<" in a title, loses every item, and a
// stray end tag silently closes the channel, losing the items after it. Browsers
// and feedparser's loose parser read such documents anyway. So does veille, in two steps:
// repair rewrites the document as well-formed XML with the tolerant tokenizer of
// encoding/xml (Strict off, HTML entities), recovering item by item, and the result goes
// through the same parse as any feed. It only runs when the strict parse failed or visibly
// lost items (lostItems), so well-formed feeds pay nothing but a count of their item tags.

const (
	maxRepairDepth    = 256  // deeper elements are dropped, their text kept: no quadratic closing
	maxRepairRestarts = 4096 // syntax errors skipped before the rest of the document is given up
)

// looseElem is an element open in the repaired output.
type looseElem struct {
	name     string // as written in the start tag, prefix included
	mark     int    // for an item: the output length before its start tag
	children bool   // an element was opened inside it
	text     bool   // it holds character data other than white space
}

// repairer holds one repair's state.
type repairer struct {
	out   []byte
	stack []looseElem
	item  int  // index in stack of the open item or entry, -1 for none
	root  bool // a feed root was opened
	done  bool // the feed root was closed: the rest is not the feed's
}

// repair rewrites an ill-formed RSS or Atom document as well-formed XML in UTF-8, keeping
// every complete item:
//   - anything before the feed root (a PHP warning, a stray <br />, text) is dropped, and so
//     are the XML declaration (doc is UTF-8 already, whatever it says), DOCTYPE, comments and
//     processing instructions, and whatever follows the root's end;
//   - entities are HTML's (&eacute; &nbsp; &rsquo;…); an unknown one and a bare & stay as
//     written, as text;
//   - a "<" that starts no tag, and any other syntax error, is text, and reading resumes
//     after it;
//   - an end tag closes the element of its name (case ignored if need be) and those opened
//     inside it; one that matches no open element closes a text-only element it must have
//     been meant for (<title>…</titel>), else is dropped; an item or entry starting while
//     another is open closes it; HTML void elements (<br>, <img>) close themselves;
//   - at the end of the document, open elements are closed, except an item that was still
//     open: it was cut, and is dropped whole.
//
// ok is false when the document holds no feed root (rss, RDF or feed).
func repair(doc []byte) (out []byte, ok bool) {
	r := repairer{item: -1, out: make([]byte, 0, len(doc)+len(doc)/16)}
	r.out = append(r.out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"...)
	pos, restarts := 0, 0
	for pos < len(doc) && !r.done && restarts <= maxRepairRestarts {
		d := xml.NewDecoder(bytes.NewReader(doc[pos:]))
		d.Strict = false
		d.Entity = xml.HTMLEntity
		d.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil } // decode() made it UTF-8
		for !r.done {
			start := pos + int(d.InputOffset())
			tok, err := d.RawToken()
			if err == nil {
				r.token(tok, doc[start:])
				continue
			}
			if err == io.EOF || pos+int(d.InputOffset()) >= len(doc) {
				pos = len(doc) // the end, or a cut in the middle of a token: nothing to resume
				break
			}
			// A syntax error: what the failed token covered, up to the next "<" after its
			// start, is text; the next decoder starts there.
			restarts++
			next := bytes.IndexByte(doc[start+1:], '<')
			if next < 0 {
				next = len(doc)
			} else {
				next += start + 1
			}
			r.text(html.UnescapeString(string(doc[start:next])))
			pos = next
			break
		}
	}
	r.finish()
	return r.out, r.root
}

func (r *repairer) token(tok xml.Token, raw []byte) {
	switch t := tok.(type) {
	case xml.StartElement:
		r.start(t)
	case xml.EndElement:
		r.end(qname(t.Name))
	case xml.CharData:
		if bytes.HasPrefix(raw, []byte(cdataOpen)) {
			r.cdata(t)
		} else {
			r.text(string(t))
		}
	}
	// Comments, processing instructions and directives are not the feed's content.
}

func (r *repairer) start(t xml.StartElement) {
	local := strings.ToLower(t.Name.Local)
	if len(r.stack) == 0 {
		if r.root || (local != "rss" && local != "rdf" && local != "feed") {
			return // junk before the feed root
		}
		r.root = true
	}
	isItem := local == "item" || local == "entry"
	if isItem && r.item >= 0 {
		r.closeTo(r.item) // <item> … <item>: the first one was never closed
	}
	if n := len(r.stack); n > 0 {
		r.stack[n-1].children = true
	}
	if len(r.stack) >= maxRepairDepth {
		return
	}
	e := looseElem{name: qname(t.Name), mark: len(r.out)}
	r.out = append(r.out, '<')
	r.out = append(r.out, e.name...)
	for i, a := range t.Attr {
		n := qname(a.Name)
		dup := false
		for _, b := range t.Attr[:i] {
			dup = dup || qname(b.Name) == n
		}
		if dup {
			continue // a repeated attribute is an XML error
		}
		r.out = append(r.out, ' ')
		r.out = append(r.out, n...)
		r.out = append(r.out, '=', '"')
		r.out = appendEscaped(r.out, xmlChars(a.Value), true)
		r.out = append(r.out, '"')
	}
	if t.Name.Space == "" && voidHTML(local) && len(r.stack) > 0 {
		r.out = append(r.out, '/', '>') // its end tag, if any, will match nothing and be dropped
		return
	}
	r.out = append(r.out, '>')
	if isItem {
		r.item = len(r.stack)
	}
	r.stack = append(r.stack, e)
}

func (r *repairer) end(name string) {
	n := len(r.stack)
	if n == 0 {
		return
	}
	for i := n - 1; i >= 0; i-- {
		if r.stack[i].name == name {
			r.closeTo(i)
			return
		}
	}
	for i := n - 1; i >= 0; i-- {
		if strings.EqualFold(r.stack[i].name, name) {
			r.closeTo(i)
			return
		}
	}
	// An end tag of no element open: a misspelt one (<title>…</titel>) closes the text-only
	// element it was meant for; a stray HTML one (</b> in a description) is dropped.
	if top := r.stack[n-1]; n > 1 && n-1 != r.item && top.text && !top.children && !htmlElement(name) {
		r.closeTo(n - 1)
	}
}

// closeTo writes the end tags of the open elements from the innermost to stack[i] included.
func (r *repairer) closeTo(i int) {
	for j := len(r.stack) - 1; j >= i; j-- {
		r.out = append(r.out, '<', '/')
		r.out = append(r.out, r.stack[j].name...)
		r.out = append(r.out, '>')
		if j == r.item {
			r.item = -1
		}
	}
	r.stack = r.stack[:i]
	if i == 0 {
		r.done = true
	}
}

func (r *repairer) text(s string) {
	n := len(r.stack)
	if n == 0 || s == "" {
		return
	}
	if strings.TrimSpace(s) != "" {
		r.stack[n-1].text = true
	}
	r.out = appendEscaped(r.out, xmlChars(s), false)
}

// cdata keeps a CDATA section as one: titles written as CDATA are read as markup, others
// as text (textTitles).
func (r *repairer) cdata(s []byte) {
	n := len(r.stack)
	if n == 0 {
		return
	}
	r.stack[n-1].text = true
	r.out = append(r.out, cdataOpen...)
	r.out = append(r.out, strings.ReplaceAll(xmlChars(string(s)), cdataClose, "]]]]><![CDATA[>")...)
	r.out = append(r.out, cdataClose...)
}

// finish drops an item cut by the end of the document and closes what is still open.
func (r *repairer) finish() {
	if r.item >= 0 {
		r.out = r.out[:r.stack[r.item].mark]
		r.stack = r.stack[:r.item]
		r.item = -1
	}
	if len(r.stack) > 0 {
		r.closeTo(0)
	}
}

// xmlChars is s without the characters XML forbids, which a character reference such as
// &#1; gives in the tolerant tokenizer (decode drops most of them before).
func xmlChars(s string) string {
	ok := func(r rune) bool {
		return r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r <= 0xd7ff) || (r >= 0xe000 && r <= 0xfffd) || r >= 0x10000
	}
	clean := true
	for _, r := range s {
		if !ok(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Map(func(r rune) rune {
		if ok(r) {
			return r
		}
		return -1
	}, s)
}

func qname(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

// voidHTML reports the HTML elements that have no end tag, as a CMS writes them unescaped
// in a description. None is an RSS or Atom element (<link> and <source> are, so they are
// not in the list).
func voidHTML(local string) bool {
	switch local {
	case "br", "hr", "img", "wbr", "input", "col", "area", "embed", "param", "track":
		return true
	}
	return false
}

// htmlElement reports whether an unprefixed name is that of an HTML element or attribute
// (the tokenizer's table of known names), the kind of end tag a CMS leaves stray in a
// description.
func htmlElement(name string) bool {
	if strings.IndexByte(name, ':') >= 0 {
		return false
	}
	return htmlatom.Lookup([]byte(strings.ToLower(name))) != 0
}

// mayHoldFeed reports whether doc holds the start of a feed root at all: the loose pass is
// not worth trying on other documents (an HTML page, a sitemap).
func mayHoldFeed(doc []byte) bool {
	return bytes.Contains(doc, []byte("<rss")) || bytes.Contains(doc, []byte("<feed")) || bytes.Contains(doc, []byte("RDF"))
}

// countItemTags counts the start tags of RSS items or Atom entries in doc, which is how a
// strict parse that stopped early is told from a complete one.
func countItemTags(doc []byte, tag string) int {
	n := 0
	for s := doc; ; n++ {
		i := indexTag(s, tag)
		if i < 0 {
			return n
		}
		s = s[i+len(tag):]
	}
}
