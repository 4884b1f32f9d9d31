package parse

import (
	"strconv"
	"strings"

	"github.com/mmcdole/gofeed"
)

// encoding/xml reads a document byte by byte through several layers and costs most of a
// refresh. The bulk of an RSS feed is CDATA (content:encoded, descriptions) that it does
// not interpret and gofeed keeps verbatim, so large CDATA sections are lifted out before
// the XML pass, replaced by private-use placeholders, and put back in the parsed strings.

const (
	cdataOpen  = "<![CDATA["
	cdataClose = "]]>"
	phStart    = '\ue000'
	phEnd      = '\ue001'
	minLift    = 64 // smaller sections are not worth a placeholder
)

// liftCDATA returns doc with its large CDATA sections replaced by placeholders, and the
// sections. It gives doc back untouched when it holds no such section or already holds
// the placeholder characters.
func liftCDATA(doc []byte) ([]byte, []string) {
	s := string(doc)
	if !strings.Contains(s, cdataOpen) || strings.ContainsRune(s, phStart) {
		return doc, nil
	}
	var out []byte
	var parts []string
	done := 0 // s[:done] is copied to out or skipped
	for i := 0; ; {
		j := strings.Index(s[i:], cdataOpen)
		if j < 0 {
			break
		}
		j += i
		if c := strings.Index(s[i:j], "<!--"); c >= 0 { // a CDATA marker inside a comment is text
			end := strings.Index(s[i+c:], "-->")
			if end < 0 {
				break
			}
			i += c + end + 3
			continue
		}
		k := strings.Index(s[j+len(cdataOpen):], cdataClose)
		if k < 0 {
			break
		}
		body := s[j+len(cdataOpen) : j+len(cdataOpen)+k]
		next := j + len(cdataOpen) + k + len(cdataClose)
		if len(body) >= minLift {
			if out == nil {
				out = make([]byte, 0, len(doc)/4)
			}
			out = append(out, s[done:j]...)
			out = append(out, string(phStart)...)
			out = strconv.AppendInt(out, int64(len(parts)), 10)
			out = append(out, string(phEnd)...)
			parts = append(parts, body)
			done = next
		}
		i = next
	}
	if parts == nil {
		return doc, nil
	}
	return append(out, s[done:]...), parts
}

// restore puts the lifted sections back into s.
func restore(s string, parts []string) string {
	i := strings.IndexRune(s, phStart)
	if i < 0 {
		return s
	}
	if i == 0 && strings.IndexRune(s[1:], phStart) < 0 { // the whole field is one section: no copy
		end := strings.IndexRune(s, phEnd)
		if n, err := strconv.Atoi(s[len(string(phStart)):max(end, len(string(phStart)))]); err == nil &&
			end+len(string(phEnd)) == len(s) && n >= 0 && n < len(parts) {
			return parts[n]
		}
	}
	var b strings.Builder
	for i >= 0 {
		b.WriteString(s[:i])
		s = s[i+len(string(phStart)):]
		end := strings.IndexRune(s, phEnd)
		n, err := strconv.Atoi(s[:max(end, 0)])
		if end < 0 || err != nil || n < 0 || n >= len(parts) {
			b.WriteRune(phStart) // not ours after all
		} else {
			b.WriteString(parts[n])
			s = s[end+len(string(phEnd)):]
		}
		i = strings.IndexRune(s, phStart)
	}
	b.WriteString(s)
	return b.String()
}

// restoreFeed puts the lifted sections back into every field normalize reads.
func restoreFeed(f *gofeed.Feed, parts []string) {
	if parts == nil {
		return
	}
	r := func(s *string) { *s = restore(*s, parts) }
	r(&f.Title)
	r(&f.Link)
	for i := range f.Links {
		r(&f.Links[i])
	}
	for _, it := range f.Items {
		if it == nil {
			continue
		}
		r(&it.Title)
		r(&it.Description)
		r(&it.Content)
		r(&it.Link)
		r(&it.GUID)
		r(&it.Published)
		r(&it.Updated)
		for i := range it.Links {
			r(&it.Links[i])
		}
		for i := range it.Categories {
			r(&it.Categories[i])
		}
		for _, p := range it.Authors {
			if p != nil {
				r(&p.Name)
				r(&p.Email)
			}
		}
		if dc := it.DublinCoreExt; dc != nil {
			for i := range dc.Creator {
				r(&dc.Creator[i])
			}
		}
	}
}
