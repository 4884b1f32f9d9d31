package remote

import (
	"context"
	"errors"
	"fmt"
	"time"

	"veille/feeds"
	"veille/feeds/parse"
)

// Store is what a sync needs from the cache; *storage.Store implements it.
type Store interface {
	Feeds(ctx context.Context) ([]feeds.Feed, error)
	AddFeeds(ctx context.Context, fs []feeds.Feed, now time.Time) (int, error)
	SyncFeedLinks(ctx context.Context) (map[string]int64, error)
	SetSyncFeedLinks(ctx context.Context, links []feeds.SyncFeed) error
	SyncItemIDs(ctx context.Context) (map[string]int64, error)
	LinkSyncItems(ctx context.Context, feedID int64, keys map[string]string) error
	ArticleKeysByURL(ctx context.Context, feedID int64, urls []string) (map[string]string, error)
	AdoptLocalState(ctx context.Context, remoteIDs []string) error
	SaveRefresh(ctx context.Context, u feeds.FeedUpdate, now time.Time) (feeds.SaveResult, error)
	SaveFeedStates(ctx context.Context, fs []feeds.Feed) error
	PendingSyncChanges(ctx context.Context) ([]feeds.SyncChange, error)
	DoneSyncChanges(ctx context.Context, seqs []int64) error
	ApplySyncState(ctx context.Context, unread, starred []string) (int, error)
	AddSyncLabels(ctx context.Context, label string, remoteIDs []string) (int, error)
	SyncStatus(ctx context.Context) (feeds.SyncStatus, error)
	RecordSync(ctx context.Context, server string, at time.Time, errMsg string, noLabels bool) error
}

// Syncer runs one sync between the cache and a server.
type Syncer struct {
	Server    Server
	Store     Store
	Tagger    feeds.Tagger // nil: no automatic tags
	URL       string       // the server's URL, for the status
	PushFeeds bool         // offer veille's local-only subscriptions up to the server
	Now       func() time.Time
}

// Result counts what a sync did.
type Result struct {
	Feeds       int // subscriptions on the server
	NewFeeds    int // of which new in veille
	PushedFeeds int // veille's subscriptions sent up (--push-feeds)
	New         int // articles that came down
	Pushed      int // changes that went up
	State       int // articles whose read or starred state came down
	Labels      int // tags that came down from labels
	NoLabels    bool
}

// Sync runs a sync; the outcome is recorded in the cache whatever it is. An error leaves
// every queued change queued and the cache as it was before the step that failed.
func (s *Syncer) Sync(ctx context.Context) (Result, error) {
	st, err := s.Store.SyncStatus(ctx)
	if err != nil {
		return Result{}, err
	}
	res := Result{NoLabels: st.NoLabels && st.Server == s.URL}
	err = s.sync(ctx, &res)
	msg := ""
	if err != nil {
		msg = Describe(err)
	}
	if rerr := s.Store.RecordSync(ctx, s.URL, s.now(), msg, res.NoLabels); rerr != nil && err == nil {
		err = rerr
	}
	return res, err
}

func (s *Syncer) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Syncer) sync(ctx context.Context, res *Result) error {
	if err := s.Server.Login(ctx); err != nil {
		return err
	}
	links, err := s.subscriptions(ctx, res)
	if err != nil {
		return err
	}
	// The labels as they were before this sync's changes go up: their names, so that a tag
	// goes up under the server's spelling of it ("à-lire" as "À lire"), and their items,
	// applied last. A label veille removes stays removed locally (storage keeps removals).
	var labels map[string][]string
	if !res.NoLabels {
		var folders []string
		for _, f := range links {
			folders = append(folders, f.Category)
		}
		if labels, err = s.Server.Labels(ctx, folders); err != nil {
			return err
		}
	}
	if err := s.push(ctx, res, labels); err != nil {
		return err
	}
	unread, starred, err := s.Server.StateIDs(ctx)
	if err != nil {
		return err
	}
	if err := s.pull(ctx, res, links, unread, starred); err != nil {
		return err
	}
	if res.State, err = s.Store.ApplySyncState(ctx, unread, starred); err != nil {
		return err
	}
	// The server fetched every linked feed for us: they are up to date as of now (Sources and
	// `veille feeds` show it), and their back-off, which a fetch by veille set, is over.
	if err := s.Store.SaveFeedStates(ctx, s.fetchedByServer(links)); err != nil {
		return err
	}
	if res.NoLabels {
		return nil
	}
	for name, ids := range labels {
		n, err := s.Store.AddSyncLabels(ctx, name, ids)
		if err != nil {
			return err
		}
		res.Labels += n
	}
	return nil
}

// subscriptions makes the server's subscriptions and categories veille's, after offering
// veille's own up when asked. It returns server feed id → local feed.
func (s *Syncer) subscriptions(ctx context.Context, res *Result) (map[string]feeds.Feed, error) {
	subs, err := s.Server.Subscriptions(ctx)
	if err != nil {
		return nil, err
	}
	local, err := s.Store.Feeds(ctx)
	if err != nil {
		return nil, err
	}
	if s.PushFeeds {
		onServer := map[string]bool{}
		for _, sub := range subs {
			onServer[parse.CanonicalLink(sub.URL)] = true
		}
		for _, f := range local {
			if onServer[parse.CanonicalLink(f.URL)] {
				continue
			}
			if err := s.Server.Subscribe(ctx, f.URL, f.Title, f.Category); err != nil {
				return nil, fmt.Errorf("subscribe the server to %s: %w", f.URL, err)
			}
			res.PushedFeeds++
		}
		if res.PushedFeeds > 0 {
			if subs, err = s.Server.Subscriptions(ctx); err != nil {
				return nil, err
			}
		}
	}
	res.Feeds = len(subs)
	byURL := map[string]feeds.Feed{}
	for _, f := range local {
		byURL[parse.CanonicalLink(f.URL)] = f
	}
	var add []feeds.Feed
	for _, sub := range subs {
		if _, ok := byURL[parse.CanonicalLink(sub.URL)]; !ok {
			add = append(add, feeds.Feed{URL: sub.URL, Title: sub.Title, SiteURL: sub.SiteURL, Category: sub.Category})
		}
	}
	if len(add) > 0 {
		if res.NewFeeds, err = s.Store.AddFeeds(ctx, add, s.now()); err != nil {
			return nil, err
		}
		if local, err = s.Store.Feeds(ctx); err != nil {
			return nil, err
		}
		for _, f := range local {
			byURL[parse.CanonicalLink(f.URL)] = f
		}
	}
	out := map[string]feeds.Feed{}
	var links []feeds.SyncFeed
	for _, sub := range subs {
		f, ok := byURL[parse.CanonicalLink(sub.URL)]
		if !ok {
			continue
		}
		if sub.Title != "" {
			f.Title = sub.Title
		}
		f.Category = sub.Category
		out[sub.ID] = f
		links = append(links, feeds.SyncFeed{RemoteID: sub.ID, FeedID: f.ID, Title: sub.Title, Category: sub.Category})
	}
	return out, s.Store.SetSyncFeedLinks(ctx, links)
}

// push sends the queued changes, the latest per article and flag, grouped into as few
// requests as the API allows. A change goes out of the queue only once the server took it.
func (s *Syncer) push(ctx context.Context, res *Result, labels map[string][]string) error {
	changes, err := s.Store.PendingSyncChanges(ctx)
	if err != nil || len(changes) == 0 {
		return err
	}
	type flagKey struct{ id, flag string }
	type labelKey struct{ id, label string }
	flags := map[flagKey]feeds.SyncChangeKind{}
	labelChanges := map[labelKey]bool{}
	var flagOrder []flagKey
	var labelOrder []labelKey
	for _, c := range changes {
		switch c.Kind {
		case feeds.SyncRead, feeds.SyncUnread, feeds.SyncStar, feeds.SyncUnstar:
			flag := "read"
			if c.Kind == feeds.SyncStar || c.Kind == feeds.SyncUnstar {
				flag = "star"
			}
			k := flagKey{c.RemoteID, flag}
			if _, ok := flags[k]; !ok {
				flagOrder = append(flagOrder, k)
			}
			flags[k] = c.Kind
		case feeds.SyncLabelAdd, feeds.SyncLabelRemove:
			k := labelKey{c.RemoteID, c.Label}
			if _, ok := labelChanges[k]; !ok {
				labelOrder = append(labelOrder, k)
			}
			labelChanges[k] = c.Kind == feeds.SyncLabelAdd
		}
	}
	byKind := map[feeds.SyncChangeKind][]string{}
	for _, k := range flagOrder {
		byKind[flags[k]] = append(byKind[flags[k]], k.id)
	}
	for _, kind := range []feeds.SyncChangeKind{feeds.SyncRead, feeds.SyncUnread, feeds.SyncStar, feeds.SyncUnstar} {
		if ids := byKind[kind]; len(ids) > 0 {
			if err := s.Server.Mark(ctx, kind, ids); err != nil {
				return err
			}
			res.Pushed += len(ids)
		}
	}
	if !res.NoLabels {
		type labelOp struct {
			label string
			add   bool
		}
		spelling := map[string]string{} // folded tag name → the server's label
		for name := range labels {
			spelling[feeds.FoldName(name)] = name
		}
		byLabel := map[labelOp][]string{}
		var ops []labelOp
		for _, k := range labelOrder {
			name := k.label
			if sp, ok := spelling[name]; ok {
				name = sp
			}
			op := labelOp{name, labelChanges[k]}
			if byLabel[op] == nil {
				ops = append(ops, op)
			}
			byLabel[op] = append(byLabel[op], k.id)
		}
		for _, op := range ops {
			err := s.Server.Label(ctx, op.label, op.add, byLabel[op])
			if errors.Is(err, ErrNoLabels) {
				res.NoLabels = true // tags stay local; their changes are dropped below
				break
			}
			if err != nil {
				return err
			}
			res.Pushed += len(byLabel[op])
		}
	}
	seqs := make([]int64, len(changes))
	for i, c := range changes {
		seqs[i] = c.Seq
	}
	return s.Store.DoneSyncChanges(ctx, seqs)
}

// pull gets the unread and starred items veille lacks and saves them per feed through the
// refresh's normalize → tag → save path, with the server's reading state.
func (s *Syncer) pull(ctx context.Context, res *Result, links map[string]feeds.Feed, unread, starred []string) error {
	known, err := s.Store.SyncItemIDs(ctx)
	if err != nil {
		return err
	}
	isUnread := make(map[string]bool, len(unread))
	for _, id := range unread {
		isUnread[id] = true
	}
	isStarred := make(map[string]bool, len(starred))
	for _, id := range starred {
		isStarred[id] = true
	}
	var missing []string
	seen := map[string]bool{}
	for _, ids := range [][]string{unread, starred} {
		for _, id := range ids {
			if _, ok := known[id]; !ok && !seen[id] {
				seen[id] = true
				missing = append(missing, id)
			}
		}
	}
	if len(missing) == 0 {
		return nil
	}
	sortIDs(missing)
	items, err := s.Server.Items(ctx, missing)
	if err != nil {
		return err
	}
	byFeed := map[string][]Item{}
	var order []string
	for _, it := range items {
		if _, ok := links[it.FeedID]; !ok {
			continue // a feed the subscription list did not show: next sync
		}
		if byFeed[it.FeedID] == nil {
			order = append(order, it.FeedID)
		}
		byFeed[it.FeedID] = append(byFeed[it.FeedID], it)
	}
	now := s.now()
	for _, fid := range order {
		f := links[fid]
		its := byFeed[fid]
		raw := make([]parse.ServerItem, len(its))
		for i := range its {
			raw[i] = its[i].ServerItem
		}
		arts := parse.ServerItems(raw, f.URL, f.SiteURL, now)
		// An article veille already has (fetched before the feed was synced) keeps its key.
		urls := make([]string, 0, len(arts))
		for i := range arts {
			if arts[i].URL != "" {
				urls = append(urls, arts[i].URL)
			}
		}
		had, err := s.Store.ArticleKeysByURL(ctx, f.ID, urls)
		if err != nil {
			return err
		}
		keys := make(map[string]string, len(arts))
		var adopted []string
		labels := map[string][]string{}
		for i := range arts {
			if k, ok := had[arts[i].URL]; ok && arts[i].URL != "" {
				arts[i].Key = k
				adopted = append(adopted, its[i].ID)
			}
			arts[i].Read = !isUnread[its[i].ID]
			arts[i].Starred = isStarred[its[i].ID]
			if s.Tagger != nil {
				arts[i].Tags = s.Tagger.Tag(&arts[i], &f)
			}
			keys[its[i].ID] = arts[i].Key
			for _, l := range its[i].Labels {
				if l != f.Category {
					labels[l] = append(labels[l], its[i].ID)
				}
			}
		}
		f.LastFetch, f.LastSuccess = now, now
		saved, err := s.Store.SaveRefresh(ctx, feeds.FeedUpdate{Feed: f, Articles: arts}, now)
		if err != nil {
			return err
		}
		res.New += saved.New
		if err := s.Store.LinkSyncItems(ctx, f.ID, keys); err != nil {
			return err
		}
		if err := s.Store.AdoptLocalState(ctx, adopted); err != nil {
			return err
		}
		if !res.NoLabels {
			for l, ids := range labels {
				n, err := s.Store.AddSyncLabels(ctx, l, ids)
				if err != nil {
					return err
				}
				res.Labels += n
			}
		}
	}
	return nil
}

// fetchedByServer is the fetch state of the linked feeds after a sync.
func (s *Syncer) fetchedByServer(links map[string]feeds.Feed) []feeds.Feed {
	now := s.now()
	out := make([]feeds.Feed, 0, len(links))
	for _, f := range links {
		f.LastFetch, f.LastSuccess = now, now
		f.LastError, f.ErrorKind, f.Failures, f.NextFetch, f.Gone = "", feeds.ErrNone, 0, time.Time{}, false
		out = append(out, f)
	}
	return out
}
