package feeds

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Query is a parsed query of the language shared by `list`, the reader's filter bar and tabs.
// All conditions are ANDed. The zero Query matches every article.
type Query struct {
	WithTags    []string // +tag: folded names (lower case, no accents)
	WithoutTags []string // -tag

	Read    *bool // +read / -unread → true; +unread / -read → false; nil: either
	Starred *bool // +starred → true; -starred → false

	Sources []string // =word: feed title or host contains the word (folded), each must match

	Since time.Time // @7d, @2026-01-15, start of @30d..7d; zero: no bound
	Until time.Time // end of a range @30d..7d (exclusive); zero: no bound

	Words    []string // full-text words and "phrases", accent-insensitive; a trailing * is a prefix
	NotWords []string // !word: excluded full-text words
}

// IsZero reports whether the query matches every article.
func (q Query) IsZero() bool {
	return len(q.WithTags)+len(q.WithoutTags)+len(q.Sources)+len(q.Words)+len(q.NotWords) == 0 &&
		q.Read == nil && q.Starred == nil && q.Since.IsZero() && q.Until.IsZero()
}

// QueryError reports the term a query failed on, at its place in the query.
type QueryError struct {
	Term   string
	Offset int    // byte offset of the term in the query
	Code   string // stable identifier the UI translates: see the QueryErr* constants
	Reason string // in English
}

// Codes of QueryError.
const (
	QueryErrUnknownDuration = "unknown-duration" // @7x
	QueryErrBadDate         = "bad-date"         // @2026-13-45
	QueryErrEmptyTerm       = "empty-term"       // a lone +, -, =, @ or !
	QueryErrUnclosedQuote   = "unclosed-quote"   // "poids ouverts
	QueryErrContradiction   = "contradiction"    // +read +unread
	QueryErrBadRange        = "bad-range"        // @7d..30d (start after end)
)

func (e *QueryError) Error() string { return "`" + e.Term + "`: " + e.Reason }

// ParseQuery parses the query language (the README's "Query language"). Relative dates are
// counted back from now.
func ParseQuery(s string, now time.Time) (Query, error) {
	var q Query
	terms, err := splitTerms(s)
	if err != nil {
		return q, err
	}
	for _, t := range terms {
		if err := q.add(t, now); err != nil {
			return Query{}, err
		}
	}
	return q, nil
}

// ParseQueryArgs parses query terms given as separate command-line arguments. The shell has
// already removed quotes, so an argument with a space in it is a phrase.
func ParseQueryArgs(args []string, now time.Time) (Query, error) {
	parts := make([]string, len(args))
	for i, a := range args {
		if strings.ContainsFunc(a, unicode.IsSpace) && !strings.ContainsAny(a, `"«»`) {
			a = `"` + a + `"`
		}
		parts[i] = a
	}
	return ParseQuery(strings.Join(parts, " "), now)
}

// term is one space-separated piece of a query; quoted text stays one term.
type term struct {
	text   string // as typed, quotes included
	offset int
}

func splitTerms(s string) ([]term, error) {
	var terms []term
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += size
			continue
		}
		start := i
		for i < len(s) {
			r, size = utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				break
			}
			if closing, ok := quotePairs[r]; ok {
				end := strings.IndexRune(s[i+size:], closing)
				if end < 0 {
					return nil, &QueryError{Term: s[start:], Offset: start, Code: QueryErrUnclosedQuote, Reason: "unclosed quote"}
				}
				i += size + end + utf8.RuneLen(closing)
				continue
			}
			i += size
		}
		terms = append(terms, term{text: s[start:i], offset: start})
	}
	return terms, nil
}

// quotePairs maps an opening quote to its closing one: straight quotes and French guillemets.
var quotePairs = map[rune]rune{'"': '"', '«': '»', '“': '”'}

func (q *Query) add(t term, now time.Time) error {
	fail := func(code, reason string) error {
		return &QueryError{Term: t.text, Offset: t.offset, Code: code, Reason: reason}
	}
	prefix, rest := t.text[0], t.text[1:]
	switch prefix {
	case '+', '-':
		name := FoldName(unquote(rest))
		if name == "" {
			return fail(QueryErrEmptyTerm, "tag name missing")
		}
		return q.addTag(name, prefix == '+', fail)
	case '=':
		word := FoldName(unquote(rest))
		if word == "" {
			return fail(QueryErrEmptyTerm, "source name missing")
		}
		q.Sources = append(q.Sources, word)
	case '@':
		return q.addDates(rest, now, fail)
	case '!':
		word := cleanWord(unquote(rest))
		if word == "" {
			return fail(QueryErrEmptyTerm, "word to exclude missing")
		}
		q.NotWords = append(q.NotWords, word)
	default:
		if word := cleanWord(unquote(t.text)); word != "" {
			q.Words = append(q.Words, word)
		}
	}
	return nil
}

// addTag handles +name / -name, where the state pseudo-tags are not tags.
func (q *Query) addTag(name string, has bool, fail func(code, reason string) error) error {
	set := func(field **bool, value bool) error {
		if *field != nil && **field != value {
			return fail(QueryErrContradiction, "contradicts an earlier term")
		}
		*field = &value
		return nil
	}
	switch name {
	case "unread", "non-lu", "non-lus":
		return set(&q.Read, !has)
	case "read", "lu", "lus":
		return set(&q.Read, has)
	case "starred", "favori", "favoris":
		return set(&q.Starred, has)
	}
	if has {
		q.WithTags = append(q.WithTags, name)
	} else {
		q.WithoutTags = append(q.WithoutTags, name)
	}
	return nil
}

// addDates handles @7d, @2026-01-15 and ranges @30d..7d, @2026-01-01..2026-01-31.
func (q *Query) addDates(spec string, now time.Time, fail func(code, reason string) error) error {
	if spec == "" {
		return fail(QueryErrEmptyTerm, "date missing")
	}
	from, to, isRange := strings.Cut(spec, "..")
	since, err := parseDateBound(from, now, false)
	if err != nil {
		return fail(err.code, err.reason)
	}
	var until time.Time
	if isRange {
		if until, err = parseDateBound(to, now, true); err != nil {
			return fail(err.code, err.reason)
		}
		if !until.After(since) {
			return fail(QueryErrBadRange, "the range ends before it starts")
		}
	}
	q.Since, q.Until = since, until
	return nil
}

type boundError struct{ code, reason string }

// parseDateBound reads "7d" (7 days before now) or "2026-01-15" (that day at midnight, local
// time; as the end of a range, the day after, so the range includes it).
func parseDateBound(s string, now time.Time, end bool) (time.Time, *boundError) {
	if s == "" {
		return now, nil // "@7d.." means until now
	}
	if len(s) == 10 && s[4] == '-' && s[7] == '-' {
		day, err := time.ParseInLocation("2006-01-02", s, now.Location())
		if err != nil {
			return time.Time{}, &boundError{QueryErrBadDate, "not a date (YYYY-MM-DD)"}
		}
		if end {
			day = day.AddDate(0, 0, 1)
		}
		return day, nil
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n < 0 {
		return time.Time{}, &boundError{QueryErrUnknownDuration, "unknown duration (use h, d, w, m or y: @7d, @2w)"}
	}
	switch s[len(s)-1] {
	case 'h':
		return now.Add(-time.Duration(n) * time.Hour), nil
	case 'd', 'j':
		return now.AddDate(0, 0, -n), nil
	case 'w', 's':
		return now.AddDate(0, 0, -7*n), nil
	case 'm':
		return now.AddDate(0, -n, 0), nil
	case 'y', 'a':
		return now.AddDate(-n, 0, 0), nil
	}
	return time.Time{}, &boundError{QueryErrUnknownDuration, "unknown duration (use h, d, w, m or y: @7d, @2w)"}
}

// unquote removes one pair of surrounding quotes.
func unquote(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if closing, ok := quotePairs[r]; ok && strings.HasSuffix(s[size:], string(closing)) && len(s) > size {
		return s[size : len(s)-utf8.RuneLen(closing)]
	}
	return s
}

// cleanWord trims a full-text word or phrase and collapses its spaces; storage quotes it for
// FTS5, so no character is special here.
func cleanWord(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
