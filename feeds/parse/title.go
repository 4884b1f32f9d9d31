package parse

import (
	"bytes"
	"html"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	ext "github.com/mmcdole/gofeed/extensions"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"veille/feeds"
)

// markupLine is the text of a title-like value that is HTML (Clubic's CDATA titles hold
// <em>): tags dropped, block tags a space, the content of script, style and the other
// raw-text elements dropped (also when unterminated or holding comments and CDATA, as the
// HTML tokenizer reads them), comments dropped, entities decoded twice (L&amp;#039;IA).
func markupLine(s string) string {
	z := xhtml.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	b.Grow(len(s))
	inRaw := false // the last token opened a raw-text element: its text is code
	for {
		tt := z.Next()
		switch tt {
		case xhtml.ErrorToken:
			return b.String()
		case xhtml.TextToken:
			if !inRaw {
				b.Write(z.Text())
			}
			continue
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken, xhtml.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if tt == xhtml.StartTagToken && rawText(a) {
				inRaw = true
				continue
			}
			if tagBreaks(string(name)) {
				b.WriteByte(' ')
			}
		}
		inRaw = false
	}
}

// textLine is the text of a title-like value that is text (an RSS title written with
// entities, an Atom type="text" title): a "<blink>" in it is shown as written. Complete
// <script> and <style> elements are still dropped: their text is never a title's.
func textLine(s string) string {
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s) // a second level of escaping, as plainLine does
	}
	if strings.IndexByte(s, '<') >= 0 {
		s = dropCodeElements(s)
	}
	return s
}

// dropCodeElements removes every complete <script>…</script> and <style>…</style> element
// (any case, with attributes) from s; an unterminated one is left as text.
func dropCodeElements(s string) string {
	lower := strings.ToLower(s)
	if !strings.Contains(lower, "<script") && !strings.Contains(lower, "<style") {
		return s
	}
	var b strings.Builder
	done := 0
	for i := 0; i < len(s); {
		j := strings.IndexByte(lower[i:], '<')
		if j < 0 {
			break
		}
		j += i
		name := ""
		for _, n := range [...]string{"script", "style"} {
			if strings.HasPrefix(lower[j+1:], n) {
				if k := j + 1 + len(n); k < len(s) && strings.IndexByte(" \t\n\r/>", lower[k]) >= 0 {
					name = n
				}
			}
		}
		if name == "" {
			i = j + 1
			continue
		}
		end := strings.Index(lower[j:], "</"+name)
		if end < 0 {
			break
		}
		end += j + 2 + len(name)
		gt := strings.IndexByte(lower[end:], '>')
		if gt < 0 {
			break
		}
		b.WriteString(strings.TrimRight(s[done:j], " "))
		b.WriteByte(' ')
		i = end + gt + 1
		for i < len(s) && s[i] == ' ' {
			i++
		}
		done = i
	}
	b.WriteString(s[done:])
	return b.String()
}

// textTitles scans a feed document for the <title> elements that are text, not markup,
// and holds an escaped '<': in RSS, those not written as CDATA (CDATA titles are HTML in
// practice); in Atom, those of type "text" (the default) or text/plain. It returns their
// values as gofeed hands them over (entities decoded once), or nil when there is none, so
// that title normalization can tell "History of the &lt;blink&gt; tag" from markup.
func textTitles(doc []byte, isAtom bool) map[string]bool {
	var set map[string]bool
	s := doc
	for {
		i := bytes.Index(s, []byte("<title"))
		if i < 0 {
			return set
		}
		s = s[i+len("<title"):]
		if len(s) == 0 {
			return set
		}
		if strings.IndexByte(" \t\r\n>", s[0]) < 0 {
			continue // <titles>, <title-x>
		}
		j := bytes.IndexByte(s, '>')
		if j < 0 {
			return set
		}
		attrs := s[:j]
		s = s[j+1:]
		if bytes.HasSuffix(attrs, []byte("/")) {
			continue
		}
		k := bytes.Index(s, []byte("</title"))
		if k < 0 {
			return set
		}
		inner := bytes.TrimSpace(s[:k])
		s = s[k:]
		cdata := bytes.Contains(inner, []byte("<![CDATA["))
		var value string
		if isAtom {
			switch t := strings.ToLower(attrValue(attrs, "type")); {
			case t == "", t == "text", t == "text/plain":
			default:
				continue
			}
			if cdata {
				value = stripCDATA(string(inner))
			} else if bytes.Contains(inner, []byte("&lt;")) || bytes.Contains(inner, []byte("&#60;")) || bytes.Contains(inner, []byte("&#x3c;")) || bytes.Contains(inner, []byte("&#x3C;")) {
				value = html.UnescapeString(string(inner))
			}
		} else if !cdata && bytes.IndexByte(inner, '&') >= 0 {
			value = html.UnescapeString(string(inner))
		}
		if strings.IndexByte(value, '<') < 0 {
			continue
		}
		if set == nil {
			set = make(map[string]bool)
		}
		set[value] = true
	}
}

// stripCDATA is the text of a value made of CDATA sections and character data.
func stripCDATA(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, cdataOpen)
		if i < 0 {
			b.WriteString(html.UnescapeString(s))
			return b.String()
		}
		b.WriteString(html.UnescapeString(s[:i]))
		s = s[i+len(cdataOpen):]
		j := strings.Index(s, cdataClose)
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:j])
		s = s[j+len(cdataClose):]
	}
}

// attrValue is the value of attribute name in the raw attributes of a start tag, or "".
func attrValue(attrs []byte, name string) string {
	s := string(attrs)
	for {
		i := strings.Index(s, name)
		if i < 0 {
			return ""
		}
		before := i == 0 || strings.IndexByte(" \t\r\n", s[i-1]) >= 0
		rest := strings.TrimLeft(s[i+len(name):], " \t\r\n")
		if before && strings.HasPrefix(rest, "=") {
			rest = strings.TrimLeft(rest[1:], " \t\r\n")
			if len(rest) > 0 && (rest[0] == '"' || rest[0] == '\'') {
				if k := strings.IndexByte(rest[1:], rest[0]); k >= 0 {
					return rest[1 : 1+k]
				}
			}
			return ""
		}
		s = s[i+len(name):]
	}
}

// mediaTitle is the item's Media RSS title (media:title, or that of its first media:group or
// media:content holding one), for items without <title>: video and podcast feeds. It is
// text unless its type is html.
func mediaTitle(it *gofeed.Item) string {
	e := mediaTitleExt(it)
	if e == nil {
		return ""
	}
	if !strings.EqualFold(e.Attrs["type"], "html") {
		return feeds.CleanLine(textLine(e.Value))
	}
	return plainLine(e.Value)
}

func mediaTitleExt(it *gofeed.Item) *ext.Extension {
	media := it.Extensions["media"]
	if media == nil {
		return nil
	}
	for i, e := range media["title"] {
		if strings.TrimSpace(e.Value) != "" {
			return &media["title"][i]
		}
	}
	for _, parent := range [...]string{"group", "content"} {
		for _, p := range media[parent] {
			for i, e := range p.Children["title"] {
				if strings.TrimSpace(e.Value) != "" {
					return &p.Children["title"][i]
				}
			}
			for _, c := range p.Children["content"] { // media:group > media:content > media:title
				for i, e := range c.Children["title"] {
					if strings.TrimSpace(e.Value) != "" {
						return &c.Children["title"][i]
					}
				}
			}
		}
	}
	return nil
}

// linkTitle makes a title of a link for an item with neither title nor text: the last path
// segment without its extension, percent-decoding undone, dashes and underscores as spaces,
// numeric ids at its ends dropped, capitalised (/tech/1500000-mistral-ai-modele.html →
// « Mistral ai modele »); the host when the path says nothing.
func linkTitle(link string) string {
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	seg := ""
	for _, p := range strings.Split(u.EscapedPath(), "/") {
		if p != "" {
			seg = p
		}
	}
	if d, err := url.PathUnescape(seg); err == nil {
		seg = d
	}
	if dot := strings.LastIndexByte(seg, '.'); dot > 0 {
		switch strings.ToLower(seg[dot+1:]) {
		case "html", "htm", "php", "asp", "aspx", "jsp", "shtml", "xhtml", "cfm":
			seg = seg[:dot]
		}
	}
	words := strings.FieldsFunc(seg, func(r rune) bool { return r == '-' || r == '_' || r == '+' || unicode.IsSpace(r) })
	numeric := func(w string) bool { return strings.Trim(w, "0123456789") == "" }
	for len(words) > 0 && numeric(words[0]) {
		words = words[1:]
	}
	for len(words) > 0 && numeric(words[len(words)-1]) {
		words = words[:len(words)-1]
	}
	if len(words) == 0 {
		return strings.TrimPrefix(u.Hostname(), "www.")
	}
	t := strings.Join(words, " ")
	r, size := utf8.DecodeRuneInString(t)
	return string(unicode.ToUpper(r)) + t[size:]
}
