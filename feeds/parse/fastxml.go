package parse

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// The fast path's XML reader. It reads a whole document (a string: values that need no
// decoding are substrings of it) into a flat tree of elements, and is deliberately narrower
// than encoding/xml: whatever it does not fully understand makes it give up (ok false), so
// that the gofeed path reads the document as before. It never accepts a document that
// encoding/xml in gofeed's non-strict mode would reject, and what it hands over reads as
// encoding/xml reads it: raw inner XML for gofeed's ParseText, decoded character data for
// extensions, decoded attribute values.

const xmlNSURI = "http://www.w3.org/XML/1998/namespace"

type xattr struct {
	prefix, local, value string
}

type xnode struct {
	prefix, local string // as written
	space         string // resolved namespace URI, "" for none
	extPrefix     string // gofeed's key for the element as an extension (PrefixForNamespace)
	attrs         []xattr
	in0, in1      int   // raw inner XML
	out0, out1    int   // the whole element, tags included
	parent        int32 // -1 for the root
	first, last   int32 // children, -1 for none
	next          int32 // next sibling, -1 for none
	lifted        bool  // holds a CDATA section that liftCDATA lifts (at any depth)
}

type nsDecl struct{ prefix, uri string }

type xdoc struct {
	s     string
	nodes []xnode
	decls []nsDecl
	lift  bool // liftCDATA would lift this document's large CDATA sections
}

// readXML reads s up to the end of its root element. ok is false for anything outside the
// subset it handles: DOCTYPE, entities other than XML's five and valid character references,
// ill-formed markup, names beyond ASCII, unbound prefixes, xml:base, text before the root.
func readXML(s string) (*xdoc, bool) {
	d := &xdoc{s: s, lift: !strings.ContainsRune(s, phStart), nodes: make([]xnode, 0, 64)}
	var stack []int32 // open elements
	var declTop []int // len(d.decls) when each open element started
	rootDone := false
	i := 0
	if strings.HasPrefix(s, "<?xml") {
		end := strings.Index(s, "?>")
		if end < 0 || !okXMLDecl(s[5:end]) {
			return nil, false
		}
		i = end + 2
	}
	for i < len(s) && !rootDone {
		lt := strings.IndexByte(s[i:], '<')
		if lt < 0 {
			return nil, false // the root never ended
		}
		if lt > 0 {
			text := s[i : i+lt]
			if len(stack) == 0 {
				if strings.TrimLeft(text, " \t\r\n") != "" {
					return nil, false
				}
			} else if !checkText(text) {
				return nil, false
			}
		}
		i += lt
		rest := s[i:]
		switch {
		case strings.HasPrefix(rest, "<!--"):
			end := strings.Index(rest[4:], "-->")
			if end < 0 {
				return nil, false
			}
			body := rest[4 : 4+end]
			if strings.Contains(body, "--") || strings.HasSuffix(body, "-") || strings.Contains(body, cdataOpen) {
				return nil, false
			}
			i += 4 + end + 3
		case strings.HasPrefix(rest, cdataOpen):
			end := strings.Index(rest[len(cdataOpen):], cdataClose)
			if end < 0 || len(stack) == 0 {
				return nil, false
			}
			if d.lift && end >= minLift {
				for _, n := range stack {
					d.nodes[n].lifted = true
				}
			}
			i += len(cdataOpen) + end + len(cdataClose)
		case strings.HasPrefix(rest, "<!"):
			return nil, false // DOCTYPE and its internal entities
		case strings.HasPrefix(rest, "<?"):
			end := strings.Index(rest[2:], "?>")
			if end < 0 {
				return nil, false
			}
			end += 2
			body := rest[2:end]
			n := nameLen(body)
			if n == 0 || strings.EqualFold(body[:n], "xml") || strings.Contains(body, cdataOpen) ||
				(n < len(body) && !isSpace(body[n])) || strings.IndexByte(body[:n], ':') >= 0 {
				return nil, false
			}
			i += end + 2
		case strings.HasPrefix(rest, "</"):
			n := nameLen(rest[2:])
			if n == 0 || len(stack) == 0 {
				return nil, false
			}
			j := 2 + n
			for j < len(rest) && isSpace(rest[j]) {
				j++
			}
			if j >= len(rest) || rest[j] != '>' {
				return nil, false
			}
			top := &d.nodes[stack[len(stack)-1]]
			if !sameQName(rest[2:2+n], top.prefix, top.local) {
				return nil, false
			}
			top.in1, top.out1 = i, i+j+1
			stack = stack[:len(stack)-1]
			d.decls = d.decls[:declTop[len(declTop)-1]]
			declTop = declTop[:len(declTop)-1]
			i += j + 1
			rootDone = len(stack) == 0
		default:
			if len(stack) == 0 && len(d.nodes) > 0 {
				return nil, false // a second root
			}
			end, self, ok := d.startTag(i, stack, &declTop)
			if !ok {
				return nil, false
			}
			idx := int32(len(d.nodes) - 1)
			i = end
			d.nodes[idx].in0 = i
			if self {
				d.nodes[idx].in1, d.nodes[idx].out1 = i, i
				d.decls = d.decls[:declTop[len(declTop)-1]]
				declTop = declTop[:len(declTop)-1]
				rootDone = len(stack) == 0
			} else {
				stack = append(stack, idx)
			}
		}
	}
	if !rootDone {
		return nil, false
	}
	return d, true
}

// startTag reads the start tag at s[i], appends its node and its namespace declarations,
// and returns the offset after it and whether it closed itself.
func (d *xdoc) startTag(i int, stack []int32, declTop *[]int) (int, bool, bool) {
	s := d.s
	j := i + 1
	n := nameLen(s[j:])
	if n == 0 {
		return 0, false, false
	}
	prefix, local, ok := splitQName(s[j : j+n])
	if !ok {
		return 0, false, false
	}
	j += n
	*declTop = append(*declTop, len(d.decls))
	var attrs []xattr
	self := false
	for {
		k := j
		for j < len(s) && isSpace(s[j]) {
			j++
		}
		if j >= len(s) {
			return 0, false, false
		}
		if s[j] == '>' {
			j++
			break
		}
		if s[j] == '/' {
			if j+1 >= len(s) || s[j+1] != '>' {
				return 0, false, false
			}
			j += 2
			self = true
			break
		}
		if k == j { // attributes are separated by white space
			return 0, false, false
		}
		an := nameLen(s[j:])
		if an == 0 {
			return 0, false, false
		}
		ap, al, ok := splitQName(s[j : j+an])
		if !ok {
			return 0, false, false
		}
		j += an
		for j < len(s) && isSpace(s[j]) {
			j++
		}
		if j >= len(s) || s[j] != '=' {
			return 0, false, false
		}
		j++
		for j < len(s) && isSpace(s[j]) {
			j++
		}
		if j >= len(s) || (s[j] != '"' && s[j] != '\'') {
			return 0, false, false
		}
		q := s[j]
		e := strings.IndexByte(s[j+1:], q)
		if e < 0 {
			return 0, false, false
		}
		raw := s[j+1 : j+1+e]
		j += e + 2
		if strings.IndexByte(raw, '<') >= 0 || !checkText(raw) {
			return 0, false, false
		}
		val := decodeXMLText(raw)
		switch {
		case al == "base" && ap != "": // xml:base: gofeed resolves against it, we do not
			return 0, false, false
		case ap == "xmlns":
			if al == "xml" || al == "xmlns" || val == "" || val == xmlNSURI || strings.TrimSpace(val) != val {
				return 0, false, false
			}
			d.decls = append(d.decls, nsDecl{al, val})
		case ap == "" && al == "xmlns":
			if val == xmlNSURI || strings.TrimSpace(val) != val {
				return 0, false, false
			}
			d.decls = append(d.decls, nsDecl{"", val})
		}
		attrs = append(attrs, xattr{ap, al, val})
	}
	space := ""
	switch prefix {
	case "xml", "xmlns":
		return 0, false, false
	case "":
		space, _ = d.binding("")
	default:
		var bound bool
		if space, bound = d.binding(prefix); !bound || space == "" {
			return 0, false, false
		}
	}
	parent := int32(-1)
	if len(stack) > 0 {
		parent = stack[len(stack)-1]
	}
	node := xnode{out0: i, prefix: prefix, local: local, space: space, attrs: attrs, parent: parent, first: -1, last: -1, next: -1}
	if space != "" {
		node.extPrefix = d.prefixFor(space)
	}
	idx := int32(len(d.nodes))
	d.nodes = append(d.nodes, node)
	if parent >= 0 {
		p := &d.nodes[parent]
		if p.last >= 0 {
			d.nodes[p.last].next = idx
		} else {
			p.first = idx
		}
		p.last = idx
	}
	return j, self, true
}

// binding is the URI prefix is bound to in the current scope.
func (d *xdoc) binding(prefix string) (string, bool) {
	for k := len(d.decls) - 1; k >= 0; k-- {
		if d.decls[k].prefix == prefix {
			return d.decls[k].uri, true
		}
	}
	return "", false
}

// prefixFor is gofeed's PrefixForNamespace: the canonical prefix of a known namespace, else
// the innermost prefix the document binds to it, else the URI itself.
func (d *xdoc) prefixFor(space string) string {
	if p, ok := canonicalPrefix[space]; ok {
		return p
	}
	for k := len(d.decls) - 1; k >= 0; k-- {
		if d.decls[k].uri != space {
			continue
		}
		if cur, ok := d.binding(d.decls[k].prefix); ok && cur == space {
			if d.decls[k].prefix != "" {
				return d.decls[k].prefix
			}
			break
		}
	}
	return space
}

func okXMLDecl(body string) bool {
	if body == "" || !isSpace(body[0]) || strings.ContainsAny(body, "<>&") {
		return false
	}
	v := declValue(body, "version")
	if v != "1.0" {
		return false
	}
	if strings.Contains(body, "encoding") {
		e := declValue(body, "encoding")
		if !strings.EqualFold(e, "utf-8") {
			return false
		}
	}
	return true
}

func declValue(body, name string) string {
	i := strings.Index(body, name)
	if i < 0 {
		return ""
	}
	rest := strings.TrimLeft(body[i+len(name):], " \t\r\n")
	if !strings.HasPrefix(rest, "=") {
		return ""
	}
	rest = strings.TrimLeft(rest[1:], " \t\r\n")
	if rest == "" || (rest[0] != '"' && rest[0] != '\'') {
		return ""
	}
	k := strings.IndexByte(rest[1:], rest[0])
	if k < 0 {
		return ""
	}
	return rest[1 : 1+k]
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// nameLen is the length of the ASCII XML name at the start of s, 0 if there is none.
func nameLen(s string) int {
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_', c == ':':
		case i > 0 && (c >= '0' && c <= '9' || c == '-' || c == '.'):
		default:
			if c >= utf8.RuneSelf {
				return 0 // non-ASCII names: left to encoding/xml
			}
			return i
		}
		i++
	}
	return i
}

// splitQName splits prefix:local; at most one colon, neither side empty.
func splitQName(q string) (string, string, bool) {
	k := strings.IndexByte(q, ':')
	if k < 0 {
		return "", q, true
	}
	if k == 0 || k == len(q)-1 || strings.IndexByte(q[k+1:], ':') >= 0 {
		return "", "", false
	}
	return q[:k], q[k+1:], true
}

func sameQName(q, prefix, local string) bool {
	if prefix == "" {
		return q == local
	}
	return len(q) == len(prefix)+1+len(local) && q[:len(prefix)] == prefix && q[len(prefix)] == ':' && q[len(prefix)+1:] == local
}

// checkText reports whether character data holds only references encoding/xml reads:
// XML's five entities, character references to characters XML allows and undeclared
// entities (kept as written), and no "]]>".
func checkText(s string) bool {
	if strings.Contains(s, cdataClose) {
		return false
	}
	for {
		i := strings.IndexByte(s, '&')
		if i < 0 {
			return true
		}
		_, n := xmlRef(s[i:])
		if n == 0 {
			return false
		}
		s = s[i+n:]
	}
}

// xmlRef decodes the reference at the start of s ("&amp;", "&#233;", "&#xe9;"): its text and
// length, or n 0 when encoding/xml would not decode it (or would, to something we decline).
func xmlRef(s string) (string, int) {
	end := strings.IndexByte(s, ';')
	if end < 2 || end > 12 {
		return "", 0
	}
	body := s[1:end]
	if body[0] == '#' {
		digits, base := body[1:], 10
		if strings.HasPrefix(digits, "x") {
			digits, base = digits[1:], 16
		}
		if digits == "" {
			return "", 0
		}
		for k := 0; k < len(digits); k++ {
			c := digits[k]
			if !(c >= '0' && c <= '9' || base == 16 && (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
				return "", 0
			}
		}
		v, err := strconv.ParseUint(digits, base, 32)
		if err != nil || !xmlChar(rune(v)) {
			return "", 0
		}
		return string(rune(v)), end + 1
	}
	switch body {
	case "lt":
		return "<", end + 1
	case "gt":
		return ">", end + 1
	case "amp":
		return "&", end + 1
	case "apos":
		return "'", end + 1
	case "quot":
		return `"`, end + 1
	}
	// An undeclared entity (&eacute;): encoding/xml out of strict mode keeps it as written.
	for k := 0; k < len(body); k++ {
		c := body[k]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || k > 0 && c >= '0' && c <= '9') {
			return "", 0
		}
	}
	return s[:end+1], end + 1
}

// decodeXMLText is character data as encoding/xml hands it over: references decoded, line
// ends normalized to \n. s passed checkText.
func decodeXMLText(s string) string {
	if strings.IndexByte(s, '&') < 0 && strings.IndexByte(s, '\r') < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		switch c := s[i]; c {
		case '&':
			t, n := xmlRef(s[i:])
			b.WriteString(t)
			i += n
		case '\r':
			b.WriteByte('\n')
			i++
			if i < len(s) && s[i] == '\n' {
				i++
			}
		default:
			j := i + 1
			for j < len(s) && s[j] != '&' && s[j] != '\r' {
				j++
			}
			b.WriteString(s[i:j])
			i = j
		}
	}
	return b.String()
}

// cdataText is a CDATA section's text as encoding/xml hands it over: line ends normalized.
func cdataText(s string) string {
	if strings.IndexByte(s, '\r') < 0 {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// inner is the node's raw inner XML.
func (d *xdoc) inner(n *xnode) string { return d.s[n.in0:n.in1] }

// directText is the concatenation of the node's own character data and CDATA sections,
// decoded, without its children's: the value gofeed gives an extension element.
func (d *xdoc) directText(n *xnode) string {
	var b strings.Builder
	pos := n.in0
	piece := func(end int) {
		s := d.s[pos:end]
		for s != "" {
			lt := strings.IndexByte(s, '<')
			if lt < 0 {
				lt = len(s)
			}
			if lt > 0 {
				b.WriteString(decodeXMLText(s[:lt]))
			}
			s = s[lt:]
			switch {
			case s == "":
			case strings.HasPrefix(s, cdataOpen):
				e := strings.Index(s, cdataClose)
				b.WriteString(cdataText(s[len(cdataOpen):e]))
				s = s[e+len(cdataClose):]
			case strings.HasPrefix(s, "<!--"):
				s = s[strings.Index(s, "-->")+3:]
			default: // a processing instruction
				s = s[strings.Index(s, "?>")+2:]
			}
		}
	}
	for c := n.first; c >= 0; c = d.nodes[c].next {
		child := &d.nodes[c]
		piece(child.out0)
		pos = child.out1
	}
	piece(n.in1)
	if b.Len() == 0 {
		return ""
	}
	return b.String()
}
