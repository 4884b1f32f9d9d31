package ui

import (
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"veille/feeds"
	"veille/ui/lang"
)

// Store is what the reader needs from the cache. *storage.Store provides all of it; tests
// use the real store in a temporary file.
type Store interface {
	// ListArticles returns a page of the articles matching q, newest first, list columns only.
	ListArticles(ctx context.Context, q feeds.Query, p feeds.Page) ([]feeds.Article, error)
	CountArticles(ctx context.Context, q feeds.Query) (total, unread int, err error)
	// Article returns one article with its content and every tag row, evidence included; an
	// unknown ID is an error matching feeds.ErrNotFound.
	Article(ctx context.Context, id int64) (feeds.Article, error)
	SetRead(ctx context.Context, ids []int64, read bool) error
	SetStarred(ctx context.Context, ids []int64, starred bool) error
	EditTags(ctx context.Context, id int64, add, remove []string) error
	// TagNames lists the tags that articles carry, most used first: the tag editor's completion.
	TagNames(ctx context.Context) ([]string, error)
	// Feeds lists the subscriptions with their counts and fetch state.
	Feeds(ctx context.Context) ([]feeds.Feed, error)
	// ListStories lists stories with an article matching q, newest first, after the cursor
	// and without those in skip; next is nil at the end.
	ListStories(ctx context.Context, q feeds.Query, limit int, after *feeds.ArticleCursor, skip map[int64]bool) ([]feeds.Story, *feeds.ArticleCursor, error)
	// TagWeeks counts the articles of each tag per week (weeks from Monday in loc).
	TagWeeks(ctx context.Context, since, now time.Time, loc *time.Location) ([]feeds.TagWeek, error)
}

// RefreshFunc refreshes every due feed, calling progress after each one (from one goroutine
// at a time). The error is only for a cache that cannot be written or a cancelled context.
type RefreshFunc func(ctx context.Context, progress func(feeds.ProgressEvent)) (feeds.Summary, error)

// PagesFunc is a page pass: it fetches the pages of the articles that need them and stores
// their text. The error is for a cache that cannot be written, a wrong page mode in the
// configuration, or a cancelled context.
type PagesFunc func(ctx context.Context) (feeds.PageSummary, error)

// Tab is a saved query shown as a tab. Query is the query language; the word "sources" makes
// the Sources tab (the subscriptions) instead of a list of articles.
type Tab struct {
	Name  string
	Query string
	// Stories opens the tab on stories rather than articles (a key toggles it). The query
	// DebateQuery makes the Débat tab.
	Stories bool
}

// SourcesQuery is the Query of the Sources tab.
const SourcesQuery = "sources"

// Options are what the reader is built from. Only Store is required.
type Options struct {
	Store   Store
	Refresh RefreshFunc // nil: the reader never refreshes (offline, or no network wanted)
	// FetchPages fetches the full text of the recent teaser articles, run after each
	// refresh in the background (one run at a time); nil offline.
	FetchPages PagesFunc
	// FetchPage fetches one article's page now and stores its full text (f); nil offline.
	FetchPage func(ctx context.Context, id int64) (feeds.TextSource, error)
	Offline   bool // --offline: say so in the status line
	Lang      lang.Lang
	Tabs      []Tab               // nil: DefaultTabs(lang.Lang)
	Keys      map[string][]string // key overrides by action name (see keyActions)
	Theme     string              // "auto" (default), "dark" or "light"
	Now       func() time.Time    // default time.Now

	// OpenURL opens a link in the browser without blocking; default: $BROWSER, else the
	// platform's opener, started detached.
	OpenURL func(url string) error
	// CopyURL puts a link on the clipboard; copied is false when the terminal cannot.
	// Default: OSC 52 on Terminal, plus tmux's buffer inside tmux.
	CopyURL func(url string) (copied bool, err error)
	// Terminal receives the OSC 52 sequence of the default CopyURL (default os.Stdout).
	Terminal io.Writer
	// Getenv reads the environment (BROWSER, TERM, TMUX, NO_COLOR); default os.Getenv.
	Getenv func(string) string

	tick tickFunc // tea.Tick; tests stop time
}

// DefaultTabs are the tabs the reader opens with when the configuration names none: the front
// page (on stories), unread, the four themes, starred, Sources and Débat, named in the language.
func DefaultTabs(l lang.Lang) []Tab {
	return []Tab{
		{Name: l.T("tab.front"), Query: "", Stories: true},
		{Name: l.T("tab.unread"), Query: "+unread"},
		{Name: l.T("tab.ia"), Query: "+ia"},
		{Name: l.T("tab.open-source"), Query: "+open-source"},
		{Name: l.T("tab.proprietaire"), Query: "+proprietaire"},
		{Name: l.T("tab.regulation"), Query: "+regulation"},
		{Name: l.T("tab.starred"), Query: "+starred"},
		{Name: l.T("tab.sources"), Query: SourcesQuery},
		{Name: l.T("tab.debate"), Query: DebateQuery},
	}
}

// tabState is one tab as the reader runs it: its parsed query, its own filter and its count.
type tabState struct {
	Tab
	sources bool
	debate  bool   // the Débat tab
	stories bool   // shows stories rather than articles
	filter  string // the filter applied on this tab, in the query language
	unread  int
	counted bool
}

// isSources reports whether a tab query names the Sources tab.
func isSources(query string) bool {
	return strings.EqualFold(strings.TrimSpace(query), SourcesQuery)
}

// effectiveQuery parses a tab's query together with its filter. A failure in the filter part
// comes back with its offset in the filter, so that the filter bar can point at it.
func effectiveQuery(tabQuery, filter string, now time.Time) (feeds.Query, error) {
	tabQuery = strings.TrimSpace(tabQuery) // the filter stays as typed: offsets point into it
	q, err := feeds.ParseQuery(filter, now)
	if err != nil || tabQuery == "" {
		return q, err
	}
	q, err = feeds.ParseQuery(tabQuery+" "+filter, now)
	var qe *feeds.QueryError
	if errors.As(err, &qe) && qe.Offset > len(tabQuery) {
		// Only a contradiction with the tab's own terms can fail here: point at the filter.
		e := *qe
		e.Offset -= len(tabQuery) + 1
		return feeds.Query{}, &e
	}
	return q, err
}

func (o *Options) fill() {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.tick == nil {
		o.tick = tea.Tick
	}
	if o.Getenv == nil {
		o.Getenv = os.Getenv
	}
	if o.Lang == "" {
		o.Lang = lang.English
	}
	if o.Tabs == nil {
		o.Tabs = DefaultTabs(o.Lang)
	}
	if o.Terminal == nil {
		o.Terminal = os.Stdout
	}
	if o.OpenURL == nil {
		getenv := o.Getenv
		o.OpenURL = func(u string) error { return openBrowser(u, getenv) }
	}
	if o.CopyURL == nil {
		getenv, term := o.Getenv, o.Terminal
		o.CopyURL = func(u string) (bool, error) { return copyOSC52(u, term, getenv) }
	}
}
