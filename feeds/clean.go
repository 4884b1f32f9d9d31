package feeds

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// CleanText makes feed text safe to print on several lines: it strips C0 and C1 control
// characters (keeping \n, turning \t into a space and \r\n or \r into \n), whole terminal
// escape sequences (CSI, OSC, DCS and the other string sequences, in their 7-bit and 8-bit
// forms), bidi overrides and isolates, zero-width and other format characters (the soft
// hyphen included), normalises to NFC and collapses runs of blank lines to one blank line.
func CleanText(s string) string {
	return collapseBlankLines(StripUnsafe(s))
}

// CleanLine is CleanText for one-line values (titles, authors, feed titles): every run of
// white space, no-break spaces and newlines included, becomes one space, and the ends are
// trimmed.
func CleanLine(s string) string {
	return collapseSpaces(StripUnsafe(s))
}

// FirstUnsafe returns the byte offset of the first rune in s that may never reach a terminal
// (a control character, newlines aside when multiline; an escape's introducer; an invisible or
// reordering character), or -1 when there is none: what every stage's tests assert of their
// output.
func FirstUnsafe(s string, multiline bool) int {
	for i, r := range s {
		switch {
		case r == '\n':
			if !multiline {
				return i
			}
		case r < 0x20, r >= 0x7f && r <= 0x9f, dropRune(r), r == 0x2028, r == 0x2029, unicode.Is(unicode.Cf, r):
			return i
		}
	}
	return -1
}

// dropRune reports whether r is invisible or can reorder or hide text on a terminal.
func dropRune(r rune) bool {
	switch {
	case r < 0x80:
		return false
	case r <= 0x9f: // C1 controls
		return true
	case r == 0xad, // soft hyphen: invisible, breaks word matching
		r == 0x061c,                // Arabic letter mark
		r >= 0x200b && r <= 0x200f, // zero-width space/joiners, LRM, RLM
		r >= 0x202a && r <= 0x202e, // bidi embeddings and overrides
		r >= 0x2060 && r <= 0x206f, // word joiner, invisible operators, bidi isolates
		r == 0xfeff,                // BOM / zero-width no-break space
		r == 0xfffe, r == 0xffff:
		return true
	case r < 0x600,
		r >= 0x2010 && r <= 0x2029, // dashes, quotes, ellipsis, bullets: the common case
		r >= 0x2030 && r <= 0x205f,
		r >= 0x2070 && r < 0xfeff: // no format characters there
		return false
	}
	return unicode.Is(unicode.Cf, r)
}

// StripUnsafe removes everything CleanText removes but runs of blank lines, and
// normalises to NFC. It returns s itself when there is nothing to do.
func StripUnsafe(s string) string {
	stable := true // every rune is one NFC never changes
	i := 0
	for i < len(s) {
		b := s[i]
		if b < utf8.RuneSelf {
			if (b < 0x20 && b != '\n') || b == 0x7f {
				return stripSlow(s, i)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n == 1) || dropRune(r) || r == 0x2028 || r == 0x2029 {
			return stripSlow(s, i)
		}
		stable = stable && nfcStable(r)
		i += n
	}
	if stable || norm.NFC.IsNormalString(s) {
		return s
	}
	return norm.NFC.String(s)
}

// nfcStable reports whether NFC leaves r alone whatever surrounds it: true below the
// combining diacritics (U+0300) and for general punctuation and currency signs (’ « … €),
// which is nearly all French text, so that the NFC tables are rarely consulted.
func nfcStable(r rune) bool {
	return r < 0x300 || (r >= 0x2002 && r < 0x20d0)
}

// stripSlow is StripUnsafe from the first byte that needs work.
func stripSlow(s string, i int) string {
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	var strs stringScan
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\n':
				b.WriteByte('\n')
				i++
			case c == '\t':
				b.WriteByte(' ')
				i++
			case c == '\r':
				if i+1 >= len(s) || s[i+1] != '\n' {
					b.WriteByte('\n')
				}
				i++
			case c == 0x1b:
				i = skipEscape(s, i, &strs)
			case c < 0x20 || c == 0x7f:
				i++
			default:
				b.WriteByte(c)
				i++
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			i++
		case r == 0x9b: // 8-bit CSI
			i = skipCSI(s, i+n)
		case r == 0x9d: // 8-bit OSC
			i = strs.skip(s, i+n, true)
		case r == 0x90 || r == 0x98 || r == 0x9e || r == 0x9f: // 8-bit DCS, SOS, PM, APC
			i = strs.skip(s, i+n, false)
		case r == 0x2028 || r == 0x2029: // line and paragraph separators act as newlines
			b.WriteByte('\n')
			i += n
		case dropRune(r):
			i += n
		default:
			b.WriteString(s[i : i+n])
			i += n
		}
	}
	out := b.String()
	if !norm.NFC.IsNormalString(out) {
		out = norm.NFC.String(out)
	}
	return out
}

// skipEscape returns the index just past the escape sequence that starts with the ESC at i.
func skipEscape(s string, i int, strs *stringScan) int {
	j := i + 1
	if j >= len(s) {
		return j
	}
	switch c := s[j]; {
	case c == '[':
		return skipCSI(s, j+1)
	case c == ']':
		return strs.skip(s, j+1, true)
	case c == 'P' || c == 'X' || c == '^' || c == '_':
		return strs.skip(s, j+1, false)
	case c >= 0x21 && c <= 0x2f: // intermediates, then one final byte (ESC ( B …); a space after a stray ESC is text
		for j < len(s) && s[j] >= 0x21 && s[j] <= 0x2f {
			j++
		}
		if j < len(s) && s[j] >= 0x30 && s[j] <= 0x7e {
			j++
		}
		return j
	case c >= 0x30 && c <= 0x7e: // two-byte sequences: ESC c, ESC 7, ESC =…
		return j + 1
	}
	return j
}

// skipCSI skips the parameter, intermediate and final bytes of a control sequence whose
// introducer ends just before j. A byte out of place ends the sequence without being eaten.
func skipCSI(s string, j int) int {
	for j < len(s) && s[j] >= 0x30 && s[j] <= 0x3f {
		j++
	}
	for j < len(s) && s[j] >= 0x20 && s[j] <= 0x2f {
		j++
	}
	if j < len(s) && s[j] >= 0x40 && s[j] <= 0x7e {
		j++
	}
	return j
}

// stringScan skips string sequences (OSC, DCS, SOS, PM, APC). It remembers where a search
// for a terminator already failed, so that many unterminated introducers do not make
// cleaning quadratic.
type stringScan struct {
	noST, noBEL int // no ST (no BEL) at or after this index; 0 means unknown
}

// skip skips the string sequence whose introducer ends just before body, through its
// terminator: ST (ESC \ or 0x9C), or BEL too for OSC. An unterminated sequence loses only
// its introducer, so that a stray ESC ] does not eat the rest of the text.
func (sc *stringScan) skip(s string, body int, bel bool) int {
	st := -1
	if sc.noST == 0 || body < sc.noST {
		st = indexST(s[body:])
		if st < 0 {
			sc.noST = body
		} else {
			st += body
		}
	}
	if bel {
		b := -1
		if sc.noBEL == 0 || body < sc.noBEL {
			if b = strings.IndexByte(s[body:], 0x07); b < 0 {
				sc.noBEL = body
			} else {
				b += body
			}
		}
		if b >= 0 && (st < 0 || b < st) {
			return b + 1
		}
	}
	if st >= 0 {
		return st + 2 // ESC \ and C2 9C are both two bytes
	}
	return body
}

// indexST finds the string terminator: ESC \ or the UTF-8 encoded 0x9C.
func indexST(s string) int {
	for i := 0; i+1 < len(s); i++ {
		switch {
		case s[i] == 0x1b && s[i+1] == '\\':
			return i
		case s[i] == 0xc2 && s[i+1] == 0x9c:
			return i
		}
	}
	return -1
}

// collapseBlankLines empties white-space-only lines and keeps at most one blank line in a
// row. A last line without newline is left alone, so that " " stays a space.
func collapseBlankLines(s string) string {
	if !needsBlankCollapse(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	pending := 0 // newlines owed before the next non-blank line
	for line := range strings.Lines(s) {
		content, nl := strings.CutSuffix(line, "\n")
		if nl && strings.TrimSpace(content) == "" {
			pending++
			continue
		}
		max := 2 // the previous line's own newline plus one blank line
		if b.Len() == 0 {
			max = 1
		}
		b.WriteString(strings.Repeat("\n", min(pending, max)))
		b.WriteString(content)
		pending = 0
		if nl {
			pending = 1
		}
	}
	max := 2
	if b.Len() == 0 {
		max = 1
	}
	b.WriteString(strings.Repeat("\n", min(pending, max)))
	return b.String()
}

// needsBlankCollapse reports whether s has more than one blank line in a row or a line
// holding only white space.
func needsBlankCollapse(s string) bool {
	if strings.HasPrefix(s, "\n\n") || strings.Contains(s, "\n\n\n") {
		return true
	}
	lineStart := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '\n' {
			continue
		}
		if i > lineStart && strings.TrimSpace(s[lineStart:i]) == "" {
			return true
		}
		lineStart = i + 1
	}
	return false // a last line without newline is kept as it is: it may be a text fragment
}

// collapseSpaces turns every run of Unicode white space into one space and trims the ends.
func collapseSpaces(s string) string {
	if isCollapsed(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isCollapsed reports whether s has no white space but single inner ASCII spaces.
func isCollapsed(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch c {
			case ' ':
				if s[i+1] == ' ' {
					return false
				}
			case '\n', '\t', '\r', '\v', '\f':
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return false
		}
		i += n
	}
	return true
}
