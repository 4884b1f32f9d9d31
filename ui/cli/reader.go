package cli

import (
	"context"
	"errors"

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
		Store:   learningStore{store, a}, // a tag edit retrains the learned tags
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
			// With [sync], a sync first and the server's feeds are not fetched (sync.go).
			subs, syncErr := a.refreshFeeds(ctx, store, subs, false)
			if errors.Is(syncErr, context.Canceled) {
				return feeds.Summary{}, syncErr
			}
			r := a.newRefresher(store, fetcher)
			r.Progress = progress
			a.prepareStories(store)
			sum, err := r.Refresh(ctx, subs)
			if err != nil {
				return sum, err
			}
			// New articles join their stories before the reader reloads its lists.
			if _, err = a.storyPass(ctx, store); err != nil {
				return sum, err
			}
			if _, err = a.relearn(ctx, store); err != nil { // learned tags for the new articles
				return sum, err
			}
			return sum, syncErr
		}
		pages := a.pagePass(store, fetcher, nil)
		opts.FetchPages = func(ctx context.Context) (feeds.PageSummary, error) {
			sum, err := pages.Run(ctx)
			if err != nil {
				err = a.pageErr(err)
			}
			return sum, err
		}
		opts.FetchPage = pages.One
	}
	return ui.Run(ctx, opts)
}
