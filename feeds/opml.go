package feeds

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	"golang.org/x/net/html/charset"
)

// OPMLNamespace is the XML namespace of veille's own OPML attributes. The only one so far is
// aiOnly ("true" on feeds whose every item is about AI), written as veille:aiOnly.
const OPMLNamespace = "https://veille.dev/opml"

// opmlMaxBytes caps what ParseOPML reads: real subscription lists are a few hundred KB at most.
const opmlMaxBytes = 16 << 20

// opmlFolderSep joins nested folder names into one Category.
const opmlFolderSep = " / "

// ParseOPML reads an OPML 1.0 or 2.0 subscription list and returns its feeds in document
// order. Warnings about outlines it skipped are dropped; use ParseOPMLWarnings to show them.
func ParseOPML(r io.Reader) ([]Feed, error) {
	fs, _, err := ParseOPMLWarnings(r)
	return fs, err
}

// OPMLWarningKind says why an outline was skipped.
type OPMLWarningKind string

const (
	OPMLMalformed OPMLWarningKind = "malformed" // the XML broke off: the rest was ignored
	OPMLNotHTTP   OPMLWarningKind = "not-http"  // the outline's xmlUrl is not an http(s) URL
	OPMLDuplicate OPMLWarningKind = "duplicate" // the URL was seen before: the first one wins
)

// OPMLWarning is one thing an import skipped; the UI phrases it in its language. Its fields
// are clean one-line values.
type OPMLWarning struct {
	Kind   OPMLWarningKind
	Name   string // the outline's title (OPMLNotHTTP)
	URL    string // its address (OPMLNotHTTP, OPMLDuplicate)
	Detail string // what broke the XML (OPMLMalformed)
}

// String is the warning in English, for logs and tests.
func (w OPMLWarning) String() string {
	switch w.Kind {
	case OPMLMalformed:
		return "malformed XML, the rest of the file was ignored: " + w.Detail
	case OPMLNotHTTP:
		return fmt.Sprintf("skipped %q: not an http(s) URL: %s", w.Name, w.URL)
	}
	return "skipped a duplicate of " + w.URL
}

// ParseOPMLWarnings reads an OPML 1.0 or 2.0 subscription list (the exports of newsboat,
// Miniflux, FreshRSS, Feedly, Inoreader… and veille's own) and returns its feeds in document
// order, plus one warning per outline it skipped.
//
//   - An outline with an xmlUrl attribute is a feed; one without is a folder. Nested folders
//     give Category "Parent / Child"; feeds outside any folder have no Category.
//   - Title comes from title, else text (whitespace collapsed); htmlUrl becomes SiteURL;
//     veille:aiOnly="true" sets AIOnly. The type attribute is ignored.
//   - Attribute names are matched without regard to case (xmlurl, xmlURL…), the version
//     attribute may be missing, and the document may be in any charset it declares.
//   - An xmlUrl that is not an absolute http(s) URL (newsboat's exec:, filter:, query:…) is
//     skipped with a warning, and so is a URL seen before: the first occurrence wins.
//
// The error is non-nil only when the input cannot be read, is over 16 MB, or is not an OPML
// document at all (then it is one line starting with "not an OPML file: "). A document that
// breaks off after its first outlines gives the feeds read so far and a warning.
func ParseOPMLWarnings(r io.Reader) ([]Feed, []OPMLWarning, error) {
	data, err := io.ReadAll(io.LimitReader(r, opmlMaxBytes+1))
	if err != nil {
		return nil, nil, fmt.Errorf("reading OPML: %w", err)
	}
	if len(data) > opmlMaxBytes {
		return nil, nil, fmt.Errorf("OPML file too large: over %d MB", opmlMaxBytes>>20)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil, errors.New("not an OPML file: the file is empty")
	}

	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = charset.NewReaderLabel
	dec.Strict = false // tolerate unknown entities (&nbsp;…) and similar sloppiness
	dec.Entity = xml.HTMLEntity

	p := opmlParser{seen: make(map[string]bool)}
	if err := p.run(dec); err != nil {
		return nil, nil, err
	}
	return p.feeds, p.warnings, nil
}

type opmlParser struct {
	feeds    []Feed
	warnings []OPMLWarning
	seen     map[string]bool
}

// run walks the token stream: it checks the root element, finds <body>, and collects the
// outlines under it with a stack of folder names.
func (p *opmlParser) run(dec *xml.Decoder) error {
	var (
		depth   int      // element depth, root = 1
		bodyAt  int      // depth of <body>, 0 when outside
		sawRoot bool     // the root element was read
		sawBody bool     // a <body> element was found
		stack   []string // folder name (or "" for a feed outline) per open <outline>
	)
	broken := func(err error) {
		// A truncated or broken tail after some outlines: keep what was read, say so.
		p.warnings = append(p.warnings, OPMLWarning{Kind: OPMLMalformed, Detail: opmlXMLErr(err)})
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if !sawRoot {
				return fmt.Errorf("not an OPML file: not XML (%s)", opmlXMLErr(err))
			}
			if !sawBody {
				return fmt.Errorf("not an OPML file: malformed XML (%s)", opmlXMLErr(err))
			}
			broken(err)
			return nil
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			name := strings.ToLower(t.Name.Local)
			if depth == 1 {
				if sawRoot {
					// A second root element: ignore it and everything in it.
					if err := dec.Skip(); err != nil {
						broken(err)
						return nil
					}
					depth--
					continue
				}
				sawRoot = true
				if name != "opml" {
					return opmlRootErr(t.Name.Local)
				}
				continue
			}
			if bodyAt == 0 {
				if depth == 2 && name == "body" {
					bodyAt, sawBody = depth, true
				}
				continue
			}
			if name != "outline" {
				// Not an outline inside body: skip its whole subtree.
				if err := dec.Skip(); err != nil {
					broken(err)
					return nil
				}
				depth--
				continue
			}
			if want := depth - bodyAt - 1; len(stack) > want {
				stack = stack[:want] // defensive: the stack always matches the depth
			}
			stack = append(stack, p.outline(t.Attr, stack))
		case xml.EndElement:
			if bodyAt != 0 && depth > bodyAt && len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			if depth == bodyAt {
				bodyAt = 0
			}
			depth--
		}
	}
	switch {
	case !sawRoot:
		return errors.New("not an OPML file: no XML element found")
	case !sawBody:
		return errors.New("not an OPML file: no <body> element")
	}
	return nil
}

// outline handles one <outline> start tag. It returns the folder name the outline opens for
// its children: its text for a folder, "" for a feed (children of a feed outline keep the
// enclosing folder).
func (p *opmlParser) outline(attrs []xml.Attr, stack []string) string {
	var text, title, xmlURL, htmlURL, aiOnly string
	for _, a := range attrs {
		local := strings.ToLower(a.Name.Local)
		if a.Name.Space == OPMLNamespace || a.Name.Space == "veille" {
			if local == "aionly" {
				aiOnly = a.Value
			}
			continue
		}
		if a.Name.Space != "" {
			continue // frss:…, other extensions
		}
		switch local {
		case "text":
			text = a.Value
		case "title":
			title = a.Value
		case "xmlurl":
			xmlURL = a.Value
		case "htmlurl":
			htmlURL = a.Value
		}
	}
	text, title = opmlCollapse(text), opmlCollapse(title)
	xmlURL = strings.TrimSpace(xmlURL)

	if xmlURL == "" {
		name := text
		if name == "" {
			name = title
		}
		return name
	}

	name := title
	if name == "" {
		name = text
	}
	if !IsWebURL(xmlURL) {
		p.warnings = append(p.warnings, OPMLWarning{Kind: OPMLNotHTTP, Name: name, URL: opmlQuoteURL(xmlURL)})
		return ""
	}
	if p.seen[xmlURL] {
		p.warnings = append(p.warnings, OPMLWarning{Kind: OPMLDuplicate, URL: xmlURL})
		return ""
	}
	p.seen[xmlURL] = true

	site := strings.TrimSpace(htmlURL)
	if site != "" && !IsWebURL(site) {
		site = ""
	}
	var folders []string
	for _, f := range stack {
		if f != "" {
			folders = append(folders, f)
		}
	}
	p.feeds = append(p.feeds, Feed{
		URL:      xmlURL,
		Title:    name,
		SiteURL:  site,
		Category: strings.Join(folders, opmlFolderSep),
		AIOnly:   opmlTrue(aiOnly),
	})
	return ""
}

func opmlRootErr(root string) error {
	switch strings.ToLower(root) {
	case "rss", "rdf", "feed":
		return fmt.Errorf("not an OPML file: this is a feed (<%s>), not a subscription list; use `feeds add URL`", root)
	case "html":
		return errors.New("not an OPML file: this is an HTML page")
	}
	return fmt.Errorf("not an OPML file: the root element is <%s>, not <opml>", root)
}

// opmlXMLErr shortens an encoding/xml error to one line without the "XML syntax error" noise.
func opmlXMLErr(err error) string {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("line %d: %s", se.Line, se.Msg)
	}
	return strings.ReplaceAll(err.Error(), "\n", " ")
}

// opmlCollapse trims s, collapses runs of whitespace (newlines, tabs, no-break spaces
// included) into single spaces, and drops control characters, so that a title or folder name
// is one printable line.
func opmlCollapse(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' {
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\u00a0'
	}), " ")
}

// opmlQuoteURL keeps a rejected URL printable on one line and short.
func opmlQuoteURL(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	if len(s) > 120 {
		s = s[:117] + "…"
	}
	return s
}

func opmlTrue(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1", "yes":
		return true
	}
	return false
}

// WriteOPML writes fs as an OPML 2.0 document that newsboat, Miniflux and FreshRSS import:
// a head with title and dateCreated (RFC 822, GMT), then one folder outline per Category,
// placed where the category first appears and holding its feeds in the order given, and
// uncategorised feeds at the top level in place. Feeds are <outline type="rss" text title
// xmlUrl htmlUrl>, plus veille:aiOnly="true" on AI-only feeds (the namespace is declared only
// when used). A feed without a title gets its URL as text, since text is required.
func WriteOPML(w io.Writer, fs []Feed, title string, now time.Time) error {
	doc := opmlDoc{
		Version: "2.0",
		Head: opmlHead{
			Title:       opmlCollapse(title),
			DateCreated: now.UTC().Format("Mon, 02 Jan 2006 15:04:05 GMT"),
		},
	}
	folders := make(map[string]int) // category → index of its folder in the body
	for _, f := range fs {
		if f.AIOnly {
			doc.Namespace = OPMLNamespace
		}
		c := opmlCollapse(f.Category)
		if c == "" {
			doc.Body.Outlines = append(doc.Body.Outlines, opmlFeedOutline(f))
			continue
		}
		i, ok := folders[c]
		if !ok {
			i = len(doc.Body.Outlines)
			folders[c] = i
			doc.Body.Outlines = append(doc.Body.Outlines, opmlOutline{Text: c, Title: c})
		}
		doc.Body.Outlines[i].Outlines = append(doc.Body.Outlines[i].Outlines, opmlFeedOutline(f))
	}

	bw := bufio.NewWriter(w)
	bw.WriteString(xml.Header) // a write error stays in bw and comes back from Flush
	enc := xml.NewEncoder(bw)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	bw.WriteString("\n")
	return bw.Flush()
}

// The OPML document as WriteOPML marshals it. The veille prefix is written literally (a
// local name with a colon): encoding/xml would otherwise invent its own prefix for a
// namespaced attribute and declare it on every element.
type opmlDoc struct {
	XMLName   xml.Name `xml:"opml"`
	Version   string   `xml:"version,attr"`
	Namespace string   `xml:"xmlns:veille,attr,omitempty"`
	Head      opmlHead `xml:"head"`
	Body      opmlBody `xml:"body"`
}

type opmlHead struct {
	Title       string `xml:"title"`
	DateCreated string `xml:"dateCreated"`
}

// opmlBody is a type of its own so that an empty list still has its <body>, which readers
// (ParseOPML among them) require.
type opmlBody struct {
	Outlines []opmlOutline `xml:"outline"`
}

// opmlOutline is a folder (Text and Title, holding Outlines) or a feed (Type "rss" and URLs).
type opmlOutline struct {
	Type     string        `xml:"type,attr,omitempty"`
	Text     string        `xml:"text,attr"`
	Title    string        `xml:"title,attr"`
	XMLURL   string        `xml:"xmlUrl,attr,omitempty"`
	HTMLURL  string        `xml:"htmlUrl,attr,omitempty"`
	AIOnly   string        `xml:"veille:aiOnly,attr,omitempty"`
	Outlines []opmlOutline `xml:"outline"`
}

func opmlFeedOutline(f Feed) opmlOutline {
	name := opmlCollapse(f.Title)
	if name == "" {
		name = f.URL
	}
	o := opmlOutline{Type: "rss", Text: name, Title: name, XMLURL: f.URL, HTMLURL: f.SiteURL}
	if f.AIOnly {
		o.AIOnly = "true"
	}
	return o
}
