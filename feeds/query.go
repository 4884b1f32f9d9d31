package feeds

import "time"

// Query is a parsed query of the language shared by `list`, the reader's filter bar and tabs.
// All conditions are ANDed. The zero Query matches every article.
type Query struct {
	WithTags    []string // +tag: folded names (lower case, no accents)
	WithoutTags []string // -tag

	Read    *bool // +read / -unread → true; +unread / -read → false; nil: either
	Starred *bool // +starred → true; -starred → false

	Sources []string // =word: feed title or host contains the word (folded), each must match

	Since time.Time // @7d, @2026-01-15, start of @30d..7d; zero: no bound
	Until time.Time // end of a range @30d..7d; zero: no bound

	Words    []string // full-text words and "phrases", accent-insensitive
	NotWords []string // !word: excluded full-text words
}

// QueryError reports the term a query failed on, at its place in the query.
type QueryError struct {
	Term   string
	Offset int    // byte offset of the term in the query
	Reason string // in English; the UI translates by Code
	Code   string // stable identifier: "unknown-duration", "bad-date", "empty-tag", "unclosed-quote"…
}

func (e *QueryError) Error() string { return "`" + e.Term + "`: " + e.Reason }
