package cli

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"text/tabwriter"
	"time"

	"veille/feeds"
	"veille/feeds/fetch"
	"veille/feeds/fulltext"
	"veille/storage"
)

// Full article text: after a refresh, articles whose feed gave a teaser get the text of their
// page, politely, in the background of the reader or with `fetch --fulltext`.

// pageWindow is how far back a run looks for articles without their page: older news is not
// worth the requests.
const pageWindow = 7 * 24 * time.Hour

// pageLimit bounds one run, so that a first run over a full cache stays reasonable.
const pageLimit = 500

// Page modes, per feed (config.toml: [fetch] fulltext and [fulltext] "host or URL" = mode).
const (
	pageAuto   = "auto"   // only when the feed's text is a teaser
	pageAlways = "always" // every article
	pageNever  = "never"
)

// pageMode is the feed's page mode: a [fulltext] entry for its URL, then for its host, then
// [fetch] fulltext, then auto.
func (a *app) pageMode(f feeds.Feed) string {
	if m, ok := a.cfg.Fulltext[f.URL]; ok {
		return m
	}
	if u, err := url.Parse(f.URL); err == nil {
		host := strings.TrimPrefix(u.Hostname(), "www.")
		for _, h := range []string{u.Hostname(), host, "www." + host} {
			if m, ok := a.cfg.Fulltext[h]; ok {
				return m
			}
		}
	}
	if a.cfg.Fetch.Fulltext != "" {
		return a.cfg.Fetch.Fulltext
	}
	return pageAuto
}

// checkPageModes reports a mode that is none of auto, always, never.
func (a *app) checkPageModes() error {
	check := func(where, m string) error {
		if m != pageAuto && m != pageAlways && m != pageNever {
			return &cliError{a.lang.T("fulltext.badmode", where, m), 1}
		}
		return nil
	}
	if a.cfg.Fetch.Fulltext != "" {
		if err := check("[fetch] fulltext", a.cfg.Fetch.Fulltext); err != nil {
			return err
		}
	}
	for k, m := range a.cfg.Fulltext {
		if err := check(fmt.Sprintf("[fulltext] %q", k), m); err != nil {
			return err
		}
	}
	return nil
}

// fetchPages fetches the pages of the recent articles that need them and stores their text.
// progress may be nil.
func (a *app) fetchPages(ctx context.Context, store *storage.Store, fetcher *fetch.Fetcher, progress func(done, total int)) (fulltext.Summary, error) {
	if err := a.checkPageModes(); err != nil {
		return fulltext.Summary{}, err
	}
	subs, err := store.Feeds(ctx)
	if err != nil {
		return fulltext.Summary{}, err
	}
	modes := make(map[int64]string, len(subs))
	for _, f := range subs {
		modes[f.ID] = a.pageMode(f)
	}
	now := time.Now()
	cands, err := store.PageCandidates(ctx, now.Add(-pageWindow), now.Add(-feeds.PageRetryAfter), pageLimit)
	if err != nil {
		return fulltext.Summary{}, err
	}
	var todo []feeds.PageCandidate
	for _, c := range cands {
		mode := modes[c.FeedID]
		if mode == pageAlways || mode == pageAuto && fulltext.NeedsPage(c, "") {
			todo = append(todo, c)
			continue
		}
		// The feed's text is enough: say so, or the article would come back on every run
		// and crowd older candidates out of the window.
		if err := store.SavePage(ctx, c, feeds.ArticlePage{Source: feeds.TextFromFeed}, time.Now()); err != nil {
			return fulltext.Summary{}, err
		}
	}
	e := &fulltext.Enricher{Fetcher: fetcher, Progress: progress}
	return e.Run(ctx, todo, func(ctx context.Context, c feeds.PageCandidate, p feeds.ArticlePage) error {
		return store.SavePage(ctx, c, p, time.Now())
	})
}

// fetchOnePage fetches one article's page now, whatever its feed's mode (f in the reader).
func (a *app) fetchOnePage(ctx context.Context, store *storage.Store, fetcher *fetch.Fetcher, id int64) (feeds.TextSource, error) {
	art, err := store.Article(ctx, id)
	if err != nil {
		return "", err
	}
	c := feeds.PageCandidate{ID: art.ID, FeedID: art.FeedID, URL: art.URL, TextLen: len([]rune(art.Text)), Paywalled: art.Paywalled}
	var got feeds.ArticlePage
	_, err = (&fulltext.Enricher{Fetcher: fetcher}).Run(ctx, []feeds.PageCandidate{c},
		func(ctx context.Context, c feeds.PageCandidate, p feeds.ArticlePage) error {
			got = p
			return store.SavePage(ctx, c, p, time.Now())
		})
	if err == nil && got.Source == "" && got.Err != "" {
		err = errors.New(got.Err)
	}
	return got.Source, err
}

// retention is the configured retention policy: feeds.DefaultRetention where the
// configuration says nothing.
func (a *app) retention() feeds.Retention {
	r := feeds.DefaultRetention
	if d := a.cfg.Retention.StripDays; d != nil {
		r.StripAfter = time.Duration(*d) * 24 * time.Hour
	}
	if d := a.cfg.Retention.DeleteDays; d != nil {
		r.DeleteAfter = time.Duration(*d) * 24 * time.Hour
	}
	return r
}

// gc applies the retention policy and reclaims space when it is worth it.
func (a *app) gc(ctx context.Context) error {
	store, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	rep, err := store.GC(ctx, a.retention().Cuts(time.Now()), true)
	if err != nil {
		return err
	}
	fmt.Fprintln(a.stdout, a.lang.T("gc.done", rep.Stripped, rep.Deleted, a.mb(rep.BytesBefore), a.mb(rep.BytesAfter)))
	return nil
}

// stats prints the cache's size and contents.
func (a *app) stats(ctx context.Context) error {
	store, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	st, err := store.Stats(ctx)
	if err != nil {
		return err
	}
	share := 0.0
	if st.Articles > 0 {
		share = 100 * float64(st.WithPage) / float64(st.Articles)
	}
	fmt.Fprintln(a.stdout, a.lang.T("stats.size", a.mb(st.Bytes)))
	fmt.Fprintln(a.stdout, a.lang.T("stats.articles", st.Articles, st.Unread, st.Starred))
	fmt.Fprintln(a.stdout, a.lang.T("stats.pages", st.WithPage, share, st.Paywalled))
	if !st.Oldest.IsZero() {
		fmt.Fprintln(a.stdout, a.lang.T("stats.span", st.Oldest.Local().Format("2006-01-02"), st.Newest.Local().Format("2006-01-02")))
	}
	fmt.Fprintln(a.stdout)
	w := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, a.lang.T("stats.header"))
	for _, f := range st.Feeds {
		fmt.Fprintf(w, "%d\t%s\t%d\t%d\t%d\t\n", f.ID, truncate(orDefault(f.Title, f.URL), 40), f.Articles, f.Unread, f.WithPage)
	}
	return w.Flush()
}

func (a *app) mb(n int64) string { return a.lang.T("unit.mb", float64(n)/(1<<20)) }
