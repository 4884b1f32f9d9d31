package cli

import (
	"context"

	"veille/feeds"
	"veille/ui"
)

// runReader opens the reader on the cache at once; unless offline, it refreshes in the
// background.
func (a *app) runReader(ctx context.Context) error {
	store, err := a.openSubscribed(ctx)
	if err != nil {
		return err
	}
	opts := ui.Options{
		Store:   store,
		Offline: a.opts.offline,
		Lang:    a.lang,
		Theme:   a.cfg.UI.Theme,
		Keys:    a.cfg.Keys,
		Getenv:  a.getenv,
	}
	for _, t := range a.cfg.Tabs {
		opts.Tabs = append(opts.Tabs, ui.Tab{Name: t.Name, Query: t.Query})
	}
	if !a.opts.offline {
		fetcher := a.newFetcher()
		opts.Refresh = func(ctx context.Context, progress func(feeds.ProgressEvent)) (feeds.Summary, error) {
			subs, err := store.Feeds(ctx)
			if err != nil {
				return feeds.Summary{}, err
			}
			r := a.newRefresher(store, fetcher)
			r.Progress = progress
			sum, err := r.Refresh(ctx, subs)
			if err == nil && a.pagesRunning.CompareAndSwap(false, true) {
				// Full text in the background: the list refresh never waits for it. It stops
				// with ctx when the reader quits; each page is saved in its own transaction.
				go func() {
					defer a.pagesRunning.Store(false)
					a.fetchPages(ctx, store, fetcher, nil)
				}()
			}
			return sum, err
		}
		opts.FetchPage = func(ctx context.Context, id int64) (feeds.TextSource, error) {
			return a.fetchOnePage(ctx, store, fetcher, id)
		}
	}
	return ui.Run(ctx, opts)
}
