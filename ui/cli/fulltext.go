package cli

import (
	"context"
	"errors"
	"fmt"
	"text/tabwriter"
	"time"

	"veille/feeds"
	"veille/feeds/fetch"
	"veille/feeds/fulltext"
	"veille/storage"
)

// pagePass wires the page pass: the cache, the polite enricher on the process's one fetcher,
// the configured page modes, and the teaser rule.
func (a *app) pagePass(store *storage.Store, fetcher *fetch.Fetcher, progress func(done, total int)) *feeds.PagePass {
	return &feeds.PagePass{
		Store:  store,
		Enrich: &fulltext.Enricher{Fetcher: fetcher, Progress: progress},
		Policy: feeds.PagePolicy{Default: a.cfg.Fetch.Fulltext, PerFeed: a.cfg.Fulltext},
		Teaser: fulltext.NeedsPage,
	}
}

// pageErr phrases a wrong page mode in the configuration for the user.
func (a *app) pageErr(err error) error {
	var me *feeds.PageModeError
	if errors.As(err, &me) {
		return &cliError{a.lang.T("fulltext.badmode", me.Where, string(me.Mode)), 1}
	}
	return err
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
