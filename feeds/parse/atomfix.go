package parse

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
)

// atomLinks sets the feed's and each entry's link by rel priority: the first alternate link
// with an href (gofeed reads a link without rel as alternate, as RFC 4287 says), else the
// first link with an href that is not about the Atom document itself (self, edit…), else the
// first link with an href. gofeed stops at the first alternate link, even one without href.
func atomLinks(gf *gofeed.Feed, af *atom.Feed) {
	if l := pickAtomLink(af.Links); l != "" {
		gf.Link = l
	}
	for i, e := range af.Entries {
		if i >= len(gf.Items) || e == nil || gf.Items[i] == nil {
			break
		}
		if l := pickAtomLink(e.Links); l != "" {
			gf.Items[i].Link = l
		}
	}
}

func pickAtomLink(links []*atom.Link) string {
	first, other := "", ""
	for _, l := range links {
		if l == nil {
			continue
		}
		href := strings.TrimSpace(l.Href)
		if href == "" {
			continue
		}
		rel := strings.ToLower(strings.TrimSpace(l.Rel))
		rel = strings.TrimPrefix(rel, "http://www.iana.org/assignments/relation/")
		switch rel {
		case "", "alternate":
			return href
		case "self", "edit", "edit-media", "replies", "license", "hub":
		default:
			if other == "" {
				other = href
			}
		}
		if first == "" {
			first = href
		}
	}
	if other != "" {
		return other
	}
	return first
}

// atomText is an Atom 0.3 text construct as written: its type, its mode and its raw
// content.
type atomText struct {
	Type  string `xml:"type,attr"`
	Mode  string `xml:"mode,attr"`
	Inner string `xml:",innerxml"`
}

// atomModes decodes the Atom 0.3 content and summary elements of mode "base64" and
// "escaped", which gofeed leaves encoded unless their type is one it expects (base64
// text/html, escaped content without type). It costs an XML pass, only for documents that
// use the mode attribute.
func atomModes(doc []byte, gf *gofeed.Feed) {
	if !bytes.Contains(doc, []byte("mode=")) {
		return
	}
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = false
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil } // decode() made it UTF-8
	depth, entry := 0, -1
	for {
		tok, err := d.Token()
		if err != nil {
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case depth == 2 && t.Name.Local == "entry":
				entry++
			case depth == 3 && entry >= 0 && entry < len(gf.Items) && gf.Items[entry] != nil &&
				(t.Name.Local == "content" || t.Name.Local == "summary"):
				var v atomText
				if d.DecodeElement(&v, &t) != nil {
					return
				}
				depth--
				s, ok := atomModeValue(v)
				if !ok {
					continue
				}
				if t.Name.Local == "content" {
					gf.Items[entry].Content = s
				} else {
					gf.Items[entry].Description = s
				}
			}
		case xml.EndElement:
			depth--
		}
	}
}

// atomModeValue is the HTML of an Atom 0.3 text construct of mode base64 or escaped: the
// decoded bytes, or the unescaped text, read as HTML unless the type is text/plain (the
// type applies to what the mode encodes). ok is false for other modes and for base64 that
// is not text.
func atomModeValue(v atomText) (string, bool) {
	typ := strings.ToLower(strings.TrimSpace(v.Type))
	plain := typ == "text/plain" || typ == "text"
	text := strings.TrimSpace(stripCDATA(v.Inner))
	var s string
	switch strings.ToLower(strings.TrimSpace(v.Mode)) {
	case "base64":
		b, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(text), ""))
		if err != nil || !utf8.Valid(b) {
			return "", false
		}
		s = string(b)
	case "escaped":
		s = text
	default:
		return "", false
	}
	if plain {
		return textToHTML(s), true
	}
	return s, true
}
