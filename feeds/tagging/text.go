package tagging

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// This file turns text into tokens. It is the hot path of tagging: one pass per field, no
// regexps, no per-token allocation. Each token keeps its byte span in the original text (for
// evidence), a folded form (lower case, accents removed) written into a reused buffer, and how
// it is glued to the previous token (space, hyphen, apostrophe…), which multi-word terms and
// guards such as "not in Jean-Claude" need.

// join says how a token is attached to the one before it in the same field.
type join uint8

const (
	joinBreak  join = iota // punctuation, a paragraph break or the start of the field: phrases stop here
	joinSpace              // whitespace only (NBSP and thin spaces included), or nothing (“30%”)
	joinHyphen             // one hyphen-like character: open-source, Jean-Claude, GPT-4
	joinApos               // one apostrophe: l’IA, j'AI
	joinOther              // one of . · / _ & + between words: llama.cpp, DALL·E, I.A.
)

// token flags.
const (
	tokUpper  uint8 = 1 << iota // first letter is upper case
	tokNumber                   // starts with a digit: "4o", "7B", "3.5", "2025"
	tokSymbol                   // a lone €, $ or % (prices and discounts)
	tokLower                    // has a lower-case letter: "François" but not "AI"
	tokMinus                    // a number written with a minus sign: "-30 %"
)

type token struct {
	h            uint64 // hash of the folded form: the rule lookup key
	ah           uint64 // hash of the glued letters when alen > 0
	start, end   int32  // byte span in the field's text
	fstart, fend int32  // folded bytes in scratch.fold
	alen         int32  // letters glued to a following number ("qwen" in Qwen3, "gplv" in GPLv3), else 0
	join         join
	flags        uint8
}

// foldEntry is what one rune becomes: lower-case folded and case-kept forms, both without
// accents. Only Latin runes need a table; others are lower-cased on the fly.
type foldEntry struct {
	lower, kept string
}

const foldTableMax = 0x250 // Latin-1 Supplement, Latin Extended-A and -B

var foldTable [foldTableMax]foldEntry

func init() {
	special := map[rune][2]string{
		'œ': {"oe", "oe"}, 'Œ': {"oe", "OE"}, 'æ': {"ae", "ae"}, 'Æ': {"ae", "AE"},
		'ß': {"ss", "ss"}, 'ø': {"o", "o"}, 'Ø': {"o", "O"}, 'đ': {"d", "d"}, 'Đ': {"d", "D"},
		'ł': {"l", "l"}, 'Ł': {"l", "L"}, 'ı': {"i", "i"}, 'ð': {"d", "d"}, 'Ð': {"d", "D"},
		'þ': {"th", "th"}, 'Þ': {"th", "TH"},
	}
	for r := rune(0); r < foldTableMax; r++ {
		if s, ok := special[r]; ok {
			foldTable[r] = foldEntry{s[0], s[1]}
			continue
		}
		// Decompose and drop the combining marks: é → e, Ç → C.
		var kept []rune
		for _, d := range norm.NFD.String(string(r)) {
			if !unicode.Is(unicode.Mn, d) {
				kept = append(kept, d)
			}
		}
		k := string(kept)
		foldTable[r] = foldEntry{strings.ToLower(k), k}
	}
}

// isCombining reports combining diacritical marks, which decomposed (NFD) text carries after
// the base letter: they belong to the token and vanish when folding.
func isCombining(r rune) bool {
	return (r >= 0x300 && r <= 0x36f) || (r > 0x36f && unicode.Is(unicode.Mn, r))
}

// appendFoldRune appends the folded (lower case, no accent) form of r.
func appendFoldRune(b []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(b, byte(r))
	}
	if r < foldTableMax {
		return append(b, foldTable[r].lower...)
	}
	if isCombining(r) {
		return b
	}
	return utf8.AppendRune(b, unicode.ToLower(r))
}

// appendKeptRune appends r without its accent but with its case: the view that case-sensitive
// terms (IA, AI, BLOOM, DSA) are compared with.
func appendKeptRune(b []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		return append(b, byte(r))
	}
	if r < foldTableMax {
		return append(b, foldTable[r].kept...)
	}
	if isCombining(r) {
		return b
	}
	return utf8.AppendRune(b, r)
}

// keptEqual reports whether orig, with accents removed and case kept, equals want.
func keptEqual(orig, want string) bool {
	// ASCII fast path: the common case for acronyms.
	if len(orig) == len(want) {
		ascii := true
		for i := 0; i < len(orig); i++ {
			if orig[i] >= utf8.RuneSelf {
				ascii = false
				break
			}
		}
		if ascii {
			return orig == want
		}
	}
	var buf [64]byte
	b := buf[:0]
	for _, r := range orig {
		b = appendKeptRune(b, r)
	}
	return string(b) == want
}

// keptPrefix reports whether orig starts with want once accents are removed (case kept).
func keptPrefix(orig, want string) bool {
	var buf [64]byte
	b := buf[:0]
	for _, r := range orig {
		b = appendKeptRune(b, r)
		if len(b) >= len(want) {
			break
		}
	}
	return len(b) >= len(want) && string(b[:len(want)]) == want
}

// asciiClass classifies ASCII bytes for the tokenizer.
const (
	cSep    uint8 = iota // breaks a phrase
	cAlnum               // part of a token
	cSpace               // whitespace
	cHyphen              // -
	cApos                // '
	cJoin                // . · / _ & +
	cSym                 // $ %: a symbol token
	cNL                  // newline
)

var asciiClass [128]uint8

func init() {
	for c := 0; c < 128; c++ {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			asciiClass[c] = cAlnum
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			asciiClass[c] = cSpace
		case c == '\n':
			asciiClass[c] = cNL
		case c == '-':
			asciiClass[c] = cHyphen
		case c == '\'':
			asciiClass[c] = cApos
		case c == '.' || c == '/' || c == '_' || c == '&' || c == '+':
			asciiClass[c] = cJoin
		case c == '$' || c == '%':
			asciiClass[c] = cSym
		default:
			asciiClass[c] = cSep
		}
	}
}

// runeClass classifies a non-ASCII rune.
func runeClass(r rune) uint8 {
	switch r {
	case 0x00A0, 0x202F, 0x2009, 0x2007, 0x2008, 0x200A, 0x2002, 0x2003, 0x3000, 0xFEFF, 0x200B:
		return cSpace // no-break, narrow, thin spaces; BOM and zero-width space are invisible
	case 0x2010, 0x2011, 0x2012, 0x2013, 0x2212:
		return cHyphen // ‐ ‑ ‒ – −
	case 0x2019, 0x02BC, 0x2018, 0x00B4, 0x02B9:
		return cApos // ’ ʼ ‘ ´
	case 0x00B7, 0x2022:
		return cJoin // DALL·E
	case 0x20AC, 0x00A3:
		return cSym // € £
	case 0x2028, 0x2029, 0x0085:
		return cNL
	}
	if unicode.IsLetter(r) || unicode.IsDigit(r) || isCombining(r) {
		return cAlnum
	}
	if unicode.IsSpace(r) {
		return cSpace
	}
	return cSep
}

// sepState accumulates the characters between two tokens to decide their join.
type sepState struct {
	n        int // separator characters seen
	newlines int
	kind     uint8 // class of the single non-space character, when n-spaces == 1
	spaces   int
}

func (s *sepState) add(class uint8) {
	s.n++
	switch class {
	case cSpace:
		s.spaces++
	case cNL:
		s.spaces++
		s.newlines++
	default:
		s.kind = class
	}
}

func (s *sepState) join(first bool) join {
	if first {
		return joinBreak
	}
	other := s.n - s.spaces
	switch {
	case s.newlines >= 2:
		return joinBreak // a paragraph break
	case other == 0:
		return joinSpace
	case other == 1 && s.spaces == 0:
		switch s.kind {
		case cHyphen:
			return joinHyphen
		case cApos:
			return joinApos
		case cJoin:
			return joinOther
		}
	}
	return joinBreak
}

// hasPrefixFold reports whether s starts with the lower-case ASCII prefix p, ignoring case.
func hasPrefixFold(s, p string) bool {
	if len(s) < len(p) {
		return false
	}
	for i := 0; i < len(p); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != p[i] {
			return false
		}
	}
	return true
}

// urlLen returns the length of a URL starting at s (http://, https://, www.), up to the next
// whitespace, or 0. URLs are never matched: "mistral.ai/news" or a LinuxFr redirect link would
// otherwise tag anything.
func urlLen(s string) int {
	if !(hasPrefixFold(s, "http://") || hasPrefixFold(s, "https://") || hasPrefixFold(s, "www.")) {
		return 0
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if asciiClass[c] == cSpace || c == '\n' {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if cl := runeClass(r); cl == cSpace || cl == cNL {
			return i
		}
		i += size
	}
	return len(s)
}

// tokenize appends the tokens of s to toks and their folded forms to fold.
func tokenize(s string, toks []token, fold []byte) ([]token, []byte) {
	var sep sepState
	first := true
	i := 0
	for i < len(s) {
		c := s[i]
		var class uint8
		var size int
		if c < utf8.RuneSelf {
			class, size = asciiClass[c], 1
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			class = runeClass(r)
		}
		switch class {
		case cAlnum:
			if c == 'h' || c == 'H' || c == 'w' || c == 'W' {
				if n := urlLen(s[i:]); n > 0 {
					i += n
					sep = sepState{n: 2} // a URL breaks phrases on both sides
					continue
				}
			}
			tok := token{start: int32(i), fstart: int32(len(fold)), join: sep.join(first)}
			if c >= '0' && c <= '9' && minusBefore(s, i) {
				tok.flags |= tokMinus
			}
			i, fold = scanWord(s, i, fold, &tok)
			tok.end, tok.fend = int32(i), int32(len(fold))
			toks = append(toks, tok)
			first, sep = false, sepState{}
		case cSym:
			tok := token{start: int32(i), fstart: int32(len(fold)), flags: tokSymbol}
			tok.join = sep.join(first)
			fold = append(fold, s[i:i+size]...)
			i += size
			tok.end, tok.fend = int32(i), int32(len(fold))
			toks = append(toks, tok)
			first, sep = false, sepState{}
		default:
			sep.add(class)
			i += size
		}
	}
	return toks, fold
}

// minusBefore reports whether the number at s[i] has a minus sign: "-30 %", "(−40 %)", but not
// the hyphen of "GPT-4" or "2024-2025".
func minusBefore(s string, i int) bool {
	j := i
	switch {
	case j >= 1 && s[j-1] == '-':
		j--
	case j >= 3 && (s[j-3:j] == "\u2212" || s[j-3:j] == "\u2013"):
		j -= 3
	default:
		return false
	}
	if j == 0 {
		return true
	}
	c := s[j-1]
	return c == ' ' || c == '(' || c == '\t' || c == '\n' || (j >= 2 && s[j-2:j] == "\u00a0") || (j >= 3 && s[j-3:j] == "\u202f")
}

// scanWord reads one token of letters and digits from s[i:], folding it into fold and hashing
// the folded bytes (FNV-1a) for the rule lookup. Digits separated by a single '.' or ',' stay
// one token ("3.5", "1,7", "2.0") so that versions and amounts match as a unit.
func scanWord(s string, i int, fold []byte, tok *token) (int, []byte) {
	h := uint64(fnvOffset)
	first := true
	lastDigit := false
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if asciiClass[c] == cAlnum {
				isDigit := c <= '9' // among letters and digits, only digits are below 'A'
				if first {
					if isDigit {
						tok.flags |= tokNumber
					}
					first = false
				} else if isDigit && !lastDigit && tok.alen == 0 && tok.flags&tokNumber == 0 {
					tok.alen, tok.ah = int32(len(fold))-tok.fstart, h // Qwen3: "qwen" glued to 3
				}
				lastDigit = isDigit
				lc := asciiLower[c]
				if lc != c {
					if tok.start == int32(i) {
						tok.flags |= tokUpper
					}
				} else if !isDigit {
					tok.flags |= tokLower
				}
				fold = append(fold, lc)
				h = (h ^ uint64(lc)) * fnvPrime
				i++
				continue
			}
			if (c == '.' || c == ',') && lastDigit && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
				fold = append(fold, c)
				h = (h ^ uint64(c)) * fnvPrime
				i++
				continue
			}
			break
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if runeClass(r) != cAlnum {
			break
		}
		if first && !isCombining(r) {
			if unicode.IsUpper(r) {
				tok.flags |= tokUpper
			} else if unicode.IsDigit(r) {
				tok.flags |= tokNumber
			}
			first = false
		}
		lastDigit = false
		if unicode.IsLower(r) {
			tok.flags |= tokLower
		}
		n := len(fold)
		fold = appendFoldRune(fold, r)
		for _, b := range fold[n:] {
			h = (h ^ uint64(b)) * fnvPrime
		}
		i += size
	}
	tok.h = h
	return i, fold
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// hashString is the FNV-1a hash that scanWord computes for a folded token.
func hashString(s string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	return h
}

var asciiLower [128]byte

func init() {
	for c := 0; c < 128; c++ {
		asciiLower[c] = byte(c)
		if 'A' <= c && c <= 'Z' {
			asciiLower[c] = byte(c + 'a' - 'A')
		}
	}
}
