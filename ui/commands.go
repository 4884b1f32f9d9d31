package ui

import (
	"context"
	"errors"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"veille/feeds"
	"veille/ui/render"
)

// Every piece of I/O runs in a tea.Cmd built here from plain values (the store, a query, an
// ID, a width), never from the live model. Results come back as past-tense messages; those
// that can be overtaken carry a generation or an ID so that the model drops stale ones.

// MESSAGES

type (
	// pageLoadedMsg is a page of the list.
	pageLoadedMsg struct {
		gen    int
		kind   pageKind
		anchor int64 // the row the page continues (next: the window's last; prev: its first)
		rows   []feeds.Article
		limit  int
		keepID int64
		err    error
	}
	// endLoadedMsg is the last page of the list and the number of rows above it.
	endLoadedMsg struct {
		gen    int
		anchor int64
		above  int
		rows   []feeds.Article
		err    error
	}
	listCountedMsg struct {
		gen           int
		total, unread int
		err           error
	}
	tabsCountedMsg struct {
		gen    int
		unread []int // by tab; -1 where the tab has no count (Sources, bad query, error)
	}
	pageFetchedMsg struct {
		id     int64
		source feeds.TextSource
		err    error
	}
	articleLoadedMsg struct {
		id    int64
		art   feeds.Article
		body  string
		width int
		err   error
	}
	articleRenderedMsg struct {
		id    int64
		width int
		body  string
	}
	feedsLoadedMsg struct {
		feeds []feeds.Feed
		err   error
	}
	// flagsSavedMsg reports a read or star change written (or not) to the cache.
	flagsSavedMsg struct{ err error }
	tagsEditedMsg struct {
		id          int64
		add, remove []string
		err         error
	}
	tagNamesLoadedMsg struct {
		names []string
		err   error
	}
	refreshProgressedMsg struct {
		gen     int
		p       refreshProgress
		updates <-chan refreshProgress
		done    <-chan struct{}
	}
	feedsRefreshedMsg struct {
		gen int
		sum feeds.Summary
		err error
	}
	pagesFetchedMsg struct {
		sum feeds.PageSummary
		err error
	}
	refreshDueMsg    struct{}
	backgroundDueMsg struct{}
	countsDueMsg     struct{ gen int }
	statusExpiredMsg struct{ gen int }
	clockTickedMsg   struct{ now time.Time }
	browserOpenedMsg struct{ err error }
	linkCopiedMsg    struct {
		url    string
		copied bool
		err    error
	}
)

// refreshProgress is how far a refresh is.
type refreshProgress struct {
	done, total, failed, fresh int
}

// COMMANDS

// loadPageCmd reads one page of the list (pg: after a row, above one, or from the top).
func loadPageCmd(ctx context.Context, store Store, q feeds.Query, gen int, kind pageKind,
	pg feeds.Page, anchor int64, keepID int64) tea.Cmd {
	return func() tea.Msg {
		rows, err := store.ListArticles(ctx, q, pg)
		return pageLoadedMsg{gen: gen, kind: kind, anchor: anchor, rows: rows, limit: pg.Limit, keepID: keepID, err: err}
	}
}

// loadEndCmd reads the last page of the list, read backwards from its end, and the number of
// rows above it when total (the list's count) is not known yet (-1). from is the window's last
// row when G was pressed: the answer is dropped if the window moved on meanwhile.
func loadEndCmd(ctx context.Context, store Store, q feeds.Query, gen int, from feeds.Article, pageSize, total int) tea.Cmd {
	return func() tea.Msg {
		msg := endLoadedMsg{gen: gen, anchor: from.ID}
		msg.rows, msg.err = store.ListArticles(ctx, q, feeds.Page{Limit: pageSize, Last: true})
		if msg.err == nil && total < 0 {
			total, _, msg.err = store.CountArticles(ctx, q)
		}
		msg.above = max(0, total-len(msg.rows))
		return msg
	}
}

func countListCmd(ctx context.Context, store Store, q feeds.Query, gen int) tea.Cmd {
	return func() tea.Msg {
		total, unread, err := store.CountArticles(ctx, q)
		return listCountedMsg{gen: gen, total: total, unread: unread, err: err}
	}
}

// countTabsCmd counts the unread articles of each tab with a query (nil: no count).
func countTabsCmd(ctx context.Context, store Store, gen int, queries []*feeds.Query) tea.Cmd {
	return func() tea.Msg {
		out := make([]int, len(queries))
		for i, q := range queries {
			out[i] = -1
			if q == nil {
				continue
			}
			if _, unread, err := store.CountArticles(ctx, *q); err == nil {
				out[i] = unread
			}
		}
		return tabsCountedMsg{gen: gen, unread: out}
	}
}

func loadFeedsCmd(ctx context.Context, store Store) tea.Cmd {
	return func() tea.Msg {
		fs, err := store.Feeds(ctx)
		return feedsLoadedMsg{feeds: fs, err: err}
	}
}

// loadArticleCmd reads a whole article and renders its text to width.
func loadArticleCmd(ctx context.Context, store Store, id int64, width int, linksTitle string) tea.Cmd {
	return func() tea.Msg {
		art, err := store.Article(ctx, id)
		if err != nil {
			return articleLoadedMsg{id: id, err: err}
		}
		return articleLoadedMsg{id: id, art: art, body: render.Article(art, width, linksTitle), width: width}
	}
}

// renderArticleCmd renders an article's text again for a new width.
func renderArticleCmd(art feeds.Article, width int, linksTitle string) tea.Cmd {
	return func() tea.Msg {
		return articleRenderedMsg{id: art.ID, width: width, body: render.Article(art, width, linksTitle)}
	}
}

func setReadCmd(ctx context.Context, store Store, ids []int64, read bool) tea.Cmd {
	return func() tea.Msg {
		return flagsSavedMsg{err: store.SetRead(ctx, ids, read)}
	}
}

func setStarredCmd(ctx context.Context, store Store, ids []int64, starred bool) tea.Cmd {
	return func() tea.Msg {
		return flagsSavedMsg{err: store.SetStarred(ctx, ids, starred)}
	}
}

func editTagsCmd(ctx context.Context, store Store, id int64, add, remove []string) tea.Cmd {
	return func() tea.Msg {
		err := store.EditTags(ctx, id, add, remove)
		return tagsEditedMsg{id: id, add: add, remove: remove, err: err}
	}
}

func loadTagNamesCmd(ctx context.Context, store Store) tea.Cmd {
	return func() tea.Msg {
		names, err := store.TagNames(ctx)
		return tagNamesLoadedMsg{names: names, err: err}
	}
}

// refreshCmd runs a refresh and streams its progress: one command runs it to the end, another
// reads progress snapshots from a channel and is re-armed by the model after each one (glow's
// findNextLocalFile pattern). wg is done when the refresh has returned.
func refreshCmd(ctx context.Context, refresh RefreshFunc, gen int, wg *sync.WaitGroup) tea.Cmd {
	updates := make(chan refreshProgress, 1)
	done := make(chan struct{})
	run := func() tea.Msg {
		defer wg.Done()
		defer close(done)
		var p refreshProgress
		sum, err := refresh(ctx, func(ev feeds.ProgressEvent) {
			p.done, p.total = ev.Done, ev.Total
			p.fresh += ev.New
			if ev.Err != nil && !errors.Is(ev.Err, context.Canceled) {
				p.failed++
			}
			// Latest wins: drop the snapshot the model has not read yet. This is the only
			// sender, so after the drain the send cannot block.
			select {
			case <-updates:
			default:
			}
			updates <- p
		})
		return feedsRefreshedMsg{gen: gen, sum: sum, err: err}
	}
	return tea.Batch(run, waitProgressCmd(gen, updates, done))
}

// waitProgressCmd waits for the next progress snapshot; it ends quietly with the refresh.
func waitProgressCmd(gen int, updates <-chan refreshProgress, done <-chan struct{}) tea.Cmd {
	return func() tea.Msg {
		select {
		case p := <-updates:
			return refreshProgressedMsg{gen: gen, p: p, updates: updates, done: done}
		case <-done:
			return nil
		}
	}
}

// tickFunc is tea.Tick; tests replace it so that no timer decides what they see.
type tickFunc func(time.Duration, func(time.Time) tea.Msg) tea.Cmd

func expireStatusCmd(tick tickFunc, gen int, after time.Duration) tea.Cmd {
	return tick(after, func(time.Time) tea.Msg { return statusExpiredMsg{gen: gen} })
}

func countsDueCmd(tick tickFunc, gen int) tea.Cmd {
	return tick(400*time.Millisecond, func(time.Time) tea.Msg { return countsDueMsg{gen: gen} })
}

// clockCmd ticks at the next minute so that relative dates stay true.
func clockCmd(tick tickFunc, now func() time.Time) tea.Cmd {
	return tick(time.Minute, func(time.Time) tea.Msg { return clockTickedMsg{now: now()} })
}

func backgroundDueCmd(tick tickFunc, after time.Duration) tea.Cmd {
	return tick(after, func(time.Time) tea.Msg { return backgroundDueMsg{} })
}

func refreshDueCmd(tick tickFunc, after time.Duration) tea.Cmd {
	return tick(after, func(time.Time) tea.Msg { return refreshDueMsg{} })
}

func openURLCmd(open func(string) error, url string) tea.Cmd {
	return func() tea.Msg { return browserOpenedMsg{err: open(url)} }
}

func copyURLCmd(copyURL func(string) (bool, error), url string) tea.Cmd {
	return func() tea.Msg {
		ok, err := copyURL(url)
		return linkCopiedMsg{url: url, copied: ok, err: err}
	}
}

// fetchPagesCmd runs the page pass after a refresh. wg is done when it has returned, so that
// Run waits for it (each page is saved in its own transaction; cancelling ctx stops it).
func fetchPagesCmd(ctx context.Context, fetchPages PagesFunc, wg *sync.WaitGroup) tea.Cmd {
	return func() tea.Msg {
		defer wg.Done()
		sum, err := fetchPages(ctx)
		return pagesFetchedMsg{sum: sum, err: err}
	}
}
