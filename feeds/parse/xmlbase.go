package parse

import (
	"bytes"
	"net/url"
	"regexp"
	"strings"
)

// rootXMLBase finds the xml:base attribute of the document's root element: the first start
// tag after the prolog, comments and doctype.
var rootXMLBase = regexp.MustCompile(`\sxml:base\s*=\s*("[^"]*"|'[^']*')`)

// absoluteRootBase makes a relative xml:base on the root element absolute against the
// document's own address (its Content-Location, else where it was fetched from), as the
// specs order them. gofeed resolves xml:base itself but knows no document address, so
// xml:base="breves/" would otherwise turn "une.html" into "/breves/une.html", off the
// document's directory. A document without a root xml:base is returned as it is.
func absoluteRootBase(doc []byte, docURL string) []byte {
	start := rootTagStart(doc)
	if start < 0 {
		return doc
	}
	end := bytes.IndexByte(doc[start:], '>')
	if end < 0 {
		return doc
	}
	tag := doc[start : start+end]
	m := rootXMLBase.FindSubmatchIndex(tag)
	if m == nil {
		return doc
	}
	raw := string(tag[m[2]+1 : m[3]-1])
	ref, err := url.Parse(strings.TrimSpace(unescapeAttr(raw)))
	base, berr := url.Parse(docURL)
	if err != nil || berr != nil || ref.IsAbs() || base.Host == "" {
		return doc
	}
	abs := escapeAttr(base.ResolveReference(ref).String())
	out := make([]byte, 0, len(doc)+len(abs))
	out = append(out, doc[:start+m[2]]...)
	out = append(out, '"')
	out = append(out, abs...)
	out = append(out, '"')
	return append(out, doc[start+m[3]:]...)
}

// rootTagStart is the offset of the root element's start tag, or -1.
func rootTagStart(doc []byte) int {
	for i := 0; i < len(doc); {
		j := bytes.IndexByte(doc[i:], '<')
		if j < 0 {
			return -1
		}
		i += j
		rest := doc[i:]
		switch {
		case bytes.HasPrefix(rest, []byte("<?")):
			k := bytes.Index(rest, []byte("?>"))
			if k < 0 {
				return -1
			}
			i += k + 2
		case bytes.HasPrefix(rest, []byte("<!--")):
			k := bytes.Index(rest, []byte("-->"))
			if k < 0 {
				return -1
			}
			i += k + 3
		case bytes.HasPrefix(rest, []byte("<!")):
			k := bytes.IndexByte(rest, '>')
			if k < 0 {
				return -1
			}
			i += k + 1
		default:
			return i
		}
	}
	return -1
}

var (
	attrUnescaper = strings.NewReplacer("&amp;", "&", "&quot;", `"`, "&apos;", "'", "&lt;", "<", "&gt;", ">")
	attrEscaper   = strings.NewReplacer("&", "&amp;", `"`, "&quot;", "<", "&lt;")
)

func unescapeAttr(s string) string { return attrUnescaper.Replace(s) }
func escapeAttr(s string) string   { return attrEscaper.Replace(s) }
