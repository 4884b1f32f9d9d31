// Package lang is veille's one message catalog, in French and English, for the reader and the
// command line, with the locale detection and the phrasing of errors and times.
package lang

import (
	"fmt"
	"strings"
	"time"

	"veille/feeds"
)

// Lang is the language of the user interface.
type Lang string

const (
	French  Lang = "fr"
	English Lang = "en"
)

// Detect picks the UI language: the configured one when set ("fr", "en"), else the locale
// (LC_ALL, then LC_MESSAGES, then LANG, as POSIX orders them), French for any fr* locale.
func Detect(configured string, getenv func(string) string) Lang {
	if l := strings.ToLower(configured); strings.HasPrefix(l, "fr") {
		return French
	} else if strings.HasPrefix(l, "en") {
		return English
	}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if loc := getenv(v); loc != "" {
			if strings.HasPrefix(strings.ToLower(loc), "fr") {
				return French
			}
			return English
		}
	}
	return English
}

// T returns the message for key in the language, formatted with args. Every key the code
// uses is in the catalog (TestCatalogKeysAreUsedAndComplete); should one be missing all the
// same, the key itself is shown rather than nothing.
func (l Lang) T(key string, args ...any) string {
	m, ok := catalog[key]
	if !ok {
		m = message{key, key}
	}
	return l.format(m, args...)
}

// N is T with a count: the message one when n is 1, else many; n is the first argument.
func (l Lang) N(one, many string, n int, args ...any) string {
	key := many
	if n == 1 {
		key = one
	}
	return l.T(key, append([]any{n}, args...)...)
}

// format picks the message's text in the language and formats it with args.
func (l Lang) format(m message, args ...any) string {
	s := m.en
	if l == French {
		s = m.fr
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// FeedError says why a feed failed, in the language.
func (l Lang) FeedError(f feeds.Feed) string {
	if f.ErrorKind == feeds.ErrNone {
		return ""
	}
	m, ok := feedErrors[f.ErrorKind]
	if !ok {
		return f.LastError
	}
	if f.ErrorKind == feeds.ErrHTTPStatus {
		var status int
		if _, err := fmt.Sscanf(httpStatusIn(f.LastError), "%d", &status); err == nil {
			return l.format(m, status)
		}
		return f.LastError
	}
	return l.format(m)
}

// httpStatusIn finds the status in "… HTTP 404 …".
func httpStatusIn(msg string) string {
	if i := strings.Index(msg, "HTTP "); i >= 0 {
		return msg[i+5:]
	}
	return ""
}

// TextSource says where an article's text comes from: the page, or a teaser behind a wall;
// "" says the page could not be fetched.
func (l Lang) TextSource(src feeds.TextSource) string {
	return l.format(textSources[src])
}

// Evidence says where a rule matched: « Mistral AI » (titre). A field this catalog does not
// name is shown as it is stored.
func (l Lang) Evidence(e feeds.Evidence) string {
	field := e.Field
	if m, ok := fields[field]; ok {
		field = l.format(m)
	}
	if e.Score > 0 { // a statistical vote: its probability
		field = l.T("learn.score", field, e.Score)
	}
	return l.T("tag.evidence", e.Match, field)
}

// OPMLWarning says what an OPML import skipped, in the language.
func (l Lang) OPMLWarning(w feeds.OPMLWarning) string {
	m := opmlWarnings[w.Kind]
	switch w.Kind {
	case feeds.OPMLMalformed:
		return l.format(m, w.Detail)
	case feeds.OPMLNotHTTP:
		return l.format(m, w.Name, w.URL)
	}
	return l.format(m, w.URL)
}

// QueryError says what is wrong with a query term, in the language.
func (l Lang) QueryError(e *feeds.QueryError) string {
	return l.T("query.error", e.Term, l.format(queryErrors[e.Code]))
}

// Ago says how long ago t was ("il y a 2 h"), or how far ahead it is ("dans 5 min"); past a
// week it gives the date.
func (l Lang) Ago(t, now time.Time) string {
	d := now.Sub(t)
	ahead := d < 0
	if ahead {
		d = -d
	}
	switch {
	case d < time.Minute:
		return l.T("ago.now")
	case d < time.Hour && ahead:
		return l.T("in.min", int(d.Minutes()))
	case d < time.Hour:
		return l.T("ago.min", int(d.Minutes()))
	case ahead:
		return l.T("in.hour", int(d.Hours()))
	case d < 24*time.Hour:
		return l.T("ago.hour", int(d.Hours()))
	case d < 7*24*time.Hour:
		return l.T("ago.day", int(d.Hours()/24))
	}
	if l == French {
		return t.Local().Format("02/01/2006")
	}
	return t.Local().Format("2006-01-02")
}
