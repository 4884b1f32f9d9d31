package parse

import (
	"bytes"
	"mime"
	"strings"
	"unicode/utf8"
	"veille/feeds"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

var (
	bomUTF8    = []byte{0xef, 0xbb, 0xbf}
	bomUTF16LE = []byte{0xff, 0xfe}
	bomUTF16BE = []byte{0xfe, 0xff}
)

// decode turns a fetched document into UTF-8 that the XML parser reads as such:
//   - a BOM wins (UTF-16 is transcoded);
//   - bytes that are valid UTF-8 are UTF-8, whatever the headers say (Le Monde declared
//     ISO-8859-1 long after moving to UTF-8);
//   - otherwise the HTTP charset, then the XML prolog, then windows-1252. Latin-1 and
//     windows-1252 labels (and UTF-8 ones, since the bytes are not UTF-8) decode byte by
//     byte: valid UTF-8 sequences stay, other bytes are windows-1252, so that feeds mixing
//     both paragraph by paragraph (Developpez) come out right;
//
// then the prolog's encoding is rewritten to UTF-8, and the characters XML forbids and
// terminal escape sequences are dropped, so that one stray byte does not lose the feed.
func decode(body []byte, contentType string) ([]byte, error) {
	var out []byte
	switch {
	case bytes.HasPrefix(body, bomUTF8):
		out = body[len(bomUTF8):]
		if !utf8.Valid(out) {
			out = decodeMixed(out)
		}
	case bytes.HasPrefix(body, bomUTF16LE), bytes.HasPrefix(body, bomUTF16BE):
		var err error
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		if out, err = dec.Bytes(body); err != nil {
			return nil, err
		}
	case utf8.Valid(body):
		out = body
	default:
		out = decodeDeclared(body, contentType)
	}
	return dropForbidden(neutralizeProlog(out)), nil
}

func decodeDeclared(body []byte, contentType string) []byte {
	enc, name := charset.Lookup(httpCharset(contentType))
	if enc == nil { // no header charset, or one nobody knows
		enc, name = charset.Lookup(prologEncoding(body))
	}
	switch name {
	case "", "utf-8", "windows-1252": // unknown, mislabelled UTF-8, latin-1 (WHATWG maps it to 1252)
		return decodeMixed(body)
	}
	if out, err := enc.NewDecoder().Bytes(body); err == nil {
		return out
	}
	return decodeMixed(body)
}

// cp1252 is the windows-1252 decoding of every byte.
var cp1252 [256]rune

func init() {
	for i := range cp1252 {
		cp1252[i] = charmap.Windows1252.DecodeByte(byte(i))
	}
}

// decodeMixed keeps valid UTF-8 sequences and reads every other byte as windows-1252.
func decodeMixed(b []byte) []byte {
	out := make([]byte, 0, len(b)+len(b)/16)
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			out = append(out, c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			out = utf8.AppendRune(out, cp1252[c])
		} else {
			out = append(out, b[i:i+n]...)
		}
		i += n
	}
	return out
}

// httpCharset is the charset parameter of a Content-Type header, lower-cased.
func httpCharset(contentType string) string {
	if contentType == "" {
		return ""
	}
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		return strings.ToLower(strings.TrimSpace(params["charset"]))
	}
	i := strings.Index(strings.ToLower(contentType), "charset=")
	if i < 0 {
		return ""
	}
	v, _, _ := strings.Cut(contentType[i+len("charset="):], ";")
	return strings.ToLower(strings.Trim(v, ` "'`))
}

// prolog finds the XML declaration at the start of b: its span and the span of the
// encoding value inside it (-1 when there is none).
func prolog(b []byte) (end, valStart, valEnd int) {
	i := 0
	for i < len(b) { // white space, and BOMs left after the first (a doubled one, one after a newline)
		if b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n' {
			i++
		} else if bytes.HasPrefix(b[i:], bomUTF8) {
			i += len(bomUTF8)
		} else {
			break
		}
	}
	if !bytes.HasPrefix(b[i:], []byte("<?xml")) {
		return -1, -1, -1
	}
	e := bytes.Index(b[i:min(len(b), i+512)], []byte("?>"))
	if e < 0 {
		return -1, -1, -1
	}
	end = i + e + 2
	decl := b[i:end]
	k := bytes.Index(decl, []byte("encoding"))
	if k < 0 {
		return end, -1, -1
	}
	j := k + len("encoding")
	for j < len(decl) && (decl[j] == ' ' || decl[j] == '=') {
		j++
	}
	if j >= len(decl) || (decl[j] != '"' && decl[j] != '\'') {
		return end, -1, -1
	}
	q := decl[j]
	v := bytes.IndexByte(decl[j+1:], q)
	if v < 0 {
		return end, -1, -1
	}
	return end, i + j + 1, i + j + 1 + v
}

func prologEncoding(b []byte) string {
	_, vs, ve := prolog(b)
	if vs < 0 {
		return ""
	}
	return strings.ToLower(strings.TrimSpace(string(b[vs:ve])))
}

// neutralizeProlog makes the XML declaration say UTF-8, which b now is: encoding/xml would
// otherwise transcode it a second time from the declared charset.
func neutralizeProlog(b []byte) []byte {
	_, vs, ve := prolog(b)
	if vs < 0 {
		return b
	}
	switch strings.ToLower(strings.TrimSpace(string(b[vs:ve]))) {
	case "utf-8", "utf8":
		return b
	}
	out := make([]byte, 0, len(b))
	out = append(out, b[:vs]...)
	out = append(out, "UTF-8"...)
	return append(out, b[ve:]...)
}

// dropForbidden removes what XML 1.0 forbids (C0 controls but tab, CR and LF; U+FFFE and
// U+FFFF), character references to them (encoding/xml rejects the whole document for one
// &#27;), and what no terminal should see (C1 controls, escape sequences, whole). It
// returns b itself when it is clean, which is the usual case.
func dropForbidden(b []byte) []byte {
	return dropForbiddenRefs(dropForbiddenChars(b))
}

func dropForbiddenChars(b []byte) []byte {
	for i := 0; i < len(b); i++ {
		c := b[i]
		if !forbiddenLead[c] {
			continue // one table look-up for the bytes that cannot start a forbidden character
		}
		switch {
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r', c == 0x7f:
		case c == 0xc2 && i+1 < len(b) && b[i+1] >= 0x80 && b[i+1] <= 0x9f:
		case c == 0xef && i+2 < len(b) && b[i+1] == 0xbf && (b[i+2] == 0xbe || b[i+2] == 0xbf):
		default:
			continue
		}
		return []byte(feeds.StripUnsafe(string(b)))
	}
	return b
}

// forbiddenLead are the bytes dropForbiddenChars looks closer at: C0 controls but tab and
// line ends, DEL, and the lead bytes of C1 controls (U+0080–U+009F) and of U+FFFE/U+FFFF.
var forbiddenLead = func() (t [256]bool) {
	for c := 0; c < 0x20; c++ {
		t[c] = c != '\t' && c != '\n' && c != '\r'
	}
	t[0x7f], t[0xc2], t[0xef] = true, true, true
	return t
}()

// dropForbiddenRefs removes character references (&#27; &#x1B;) to code points XML
// forbids.
func dropForbiddenRefs(b []byte) []byte {
	var out []byte
	done := 0
	for i := 0; ; {
		k := bytes.Index(b[i:], []byte("&#"))
		if k < 0 {
			break
		}
		i += k
		end, v, ok := charRef(b[i:])
		if ok && !xmlChar(v) {
			if out == nil {
				out = make([]byte, 0, len(b))
			}
			out = append(out, b[done:i]...)
			done = i + end
		}
		i += 2
	}
	if out == nil {
		return b
	}
	return append(out, b[done:]...)
}

// charRef reads a character reference at the start of b: its length and code point.
func charRef(b []byte) (n int, v rune, ok bool) {
	j := 2
	base := int32(10)
	if j < len(b) && (b[j] == 'x' || b[j] == 'X') {
		base, j = 16, j+1
	}
	start := j
	for ; j < len(b) && j-start <= 8; j++ {
		c := b[j]
		var d int32
		switch {
		case c >= '0' && c <= '9':
			d = int32(c - '0')
		case base == 16 && c >= 'a' && c <= 'f':
			d = int32(c-'a') + 10
		case base == 16 && c >= 'A' && c <= 'F':
			d = int32(c-'A') + 10
		case c == ';' && j > start:
			return j + 1, v, true
		default:
			return 0, 0, false
		}
		v = v*base + d
	}
	return 0, 0, false
}

// xmlChar reports whether XML 1.0 allows r.
func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		(r >= 0x20 && r <= 0xd7ff) || (r >= 0xe000 && r <= 0xfffd) || (r >= 0x10000 && r <= 0x10ffff)
}
