package parse

import (
	"bytes"
	"strings"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
)

// atomTextContent makes the Atom content and summaries that are text, not markup, read as
// text: gofeed hands their decoded value over as it hands HTML, and normalize would parse
// « History of the <blink> tag » as markup and lose the <blink>. They become escaped HTML
// paragraphs (textToHTML). Only html and xhtml (and their MIME types) are markup; in Atom
// 1.0 a construct without type is text (RFC 4287 3.1.1). Atom 0.3 is left to atomModes,
// except for explicit text types, since its default mode holds XML.
func atomTextContent(doc []byte, gf *gofeed.Feed, af *atom.Feed) {
	v03 := af.Version == "0.3"
	for i, e := range af.Entries {
		if i >= len(gf.Items) || e == nil || gf.Items[i] == nil {
			break
		}
		if c := e.Content; c != nil && c.Src == "" && c.Value != "" && atomIsText(c.Type, v03) {
			gf.Items[i].Content = textToHTML(c.Value)
		}
	}
	if !bytes.Contains(doc, []byte("<summary")) {
		return
	}
	types, ok := atomSummaryTypes(doc, len(af.Entries))
	if !ok {
		return
	}
	for i, e := range af.Entries {
		if i >= len(gf.Items) || e == nil || gf.Items[i] == nil {
			break
		}
		if t := types[i]; t.found && e.Summary != "" && atomIsText(t.typ, v03) {
			gf.Items[i].Description = textToHTML(e.Summary)
		}
	}
}

// atomIsText reports whether an Atom text construct or content of this type is text.
func atomIsText(typ string, v03 bool) bool {
	switch t := strings.ToLower(strings.TrimSpace(typ)); {
	case t == "":
		return !v03
	case t == "text", t == "text/plain":
		return true
	default:
		return false
	}
}

type summaryType struct {
	typ   string
	found bool
}

// atomSummaryTypes reads the type attribute of each entry's summary from the raw document,
// gofeed keeping only the summary's value. It is a byte scan, not an XML pass: the type is in
// the start tag. A "<entry" inside a CDATA section would throw the pairing off, so ok is
// false when the scan does not count gofeed's number of entries, and the summaries then stay
// as they were.
func atomSummaryTypes(doc []byte, entries int) ([]summaryType, bool) {
	out := make([]summaryType, 0, entries)
	s := doc
	for {
		i := indexTag(s, "<entry")
		if i < 0 {
			break
		}
		s = s[i+len("<entry"):]
		end := bytes.Index(s, []byte("</entry"))
		if next := indexTag(s, "<entry"); next >= 0 && (end < 0 || next < end) {
			end = next
		}
		if end < 0 {
			end = len(s)
		}
		var t summaryType
		if j := indexTag(s[:end], "<summary"); j >= 0 {
			rest := s[j+len("<summary") : end]
			if k := bytes.IndexByte(rest, '>'); k >= 0 {
				t = summaryType{typ: attrValue(rest[:k], "type"), found: true}
			}
		}
		out = append(out, t)
	}
	return out, len(out) == entries
}

// indexTag is the index in s of the start tag tag (such as "<entry"), not of a longer name.
func indexTag(s []byte, tag string) int {
	off := 0
	for {
		i := bytes.Index(s[off:], []byte(tag))
		if i < 0 {
			return -1
		}
		i += off
		if k := i + len(tag); k < len(s) && strings.IndexByte(" \t\r\n>/", s[k]) >= 0 {
			return i
		}
		off = i + len(tag)
	}
}
