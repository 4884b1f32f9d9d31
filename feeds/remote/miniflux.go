package remote

import (
	"context"
	"errors"
	"strconv"
	"strings"

	mf "miniflux.app/v2/client"

	"veille/feeds"
	"veille/feeds/parse"
)

// Miniflux is a client of Miniflux's REST API, through the official client. With a user name
// the password is sent as HTTP Basic credentials; without one it is an API token.
type Miniflux struct {
	c *mf.Client
}

// restPage is how many entries one /v1/entries request carries.
const restPage = 250

// NewMiniflux returns a client; nothing is sent before Login.
func NewMiniflux(o Options) *Miniflux {
	opts := []mf.Option{mf.WithHTTPClient(o.client())}
	if o.Username != "" {
		opts = append(opts, mf.WithCredentials(o.Username, o.Password))
	} else {
		opts = append(opts, mf.WithAPIKey(o.Password))
	}
	return &Miniflux{c: mf.NewClientWithOptions(strings.TrimRight(o.URL, "/"), opts...)}
}

// mfErr turns the client's errors into *Error.
func mfErr(op string, err error) error {
	if err == nil {
		return nil
	}
	switch {
	case errors.Is(err, mf.ErrNotAuthorized), errors.Is(err, mf.ErrForbidden):
		return &Error{Kind: ErrAuth, Op: op}
	case errors.Is(err, mf.ErrServerError), errors.Is(err, mf.ErrNotFound), errors.Is(err, mf.ErrBadRequest):
		return &Error{Kind: ErrServer, Op: op, Err: err}
	}
	if k := netKind(err); k == ErrTimeout {
		return &Error{Kind: k, Op: op}
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "invalid character '<'"):
		return &Error{Kind: ErrNotAPI, Op: op, Err: errors.New("an HTML page instead of the API")}
	case strings.Contains(msg, "unexpected EOF"), strings.Contains(msg, "unable to decode"),
		strings.Contains(msg, "invalid character"), strings.Contains(msg, "cannot unmarshal"), strings.Contains(msg, "json error"):
		return &Error{Kind: ErrProtocol, Op: op, Err: errors.New("truncated or invalid JSON")}
	case strings.Contains(msg, "status code"):
		return &Error{Kind: ErrServer, Op: op, Err: err}
	}
	return &Error{Kind: ErrNetwork, Op: op, Err: cleanNetErr(err)}
}

// Login does nothing: every REST request carries the credentials, and the first one of a
// sync (the feeds) tells a wrong password as well as /v1/me would, for one request less.
func (m *Miniflux) Login(ctx context.Context) error { return nil }

func (m *Miniflux) Subscriptions(ctx context.Context) ([]Subscription, error) {
	fs, err := m.c.FeedsContext(ctx)
	if err != nil {
		return nil, mfErr("feeds", err)
	}
	out := make([]Subscription, 0, len(fs))
	for _, f := range fs {
		s := Subscription{ID: strconv.FormatInt(f.ID, 10), URL: f.FeedURL, Title: f.Title, SiteURL: f.SiteURL}
		if f.Category != nil {
			s.Category = f.Category.Title
		}
		out = append(out, s)
	}
	return out, nil
}

// ids lists entry ids with /v1/entries/ids, page by page.
func (m *Miniflux) ids(ctx context.Context, f mf.EntryIDsFilter) ([]string, error) {
	var out []string
	f.Limit = idsPage
	for {
		r, err := m.c.EntryIDsContext(ctx, &f)
		if err != nil {
			return nil, mfErr("entry ids", err)
		}
		for _, id := range r.EntryIDs {
			out = append(out, strconv.FormatInt(id, 10))
		}
		if len(r.EntryIDs) < f.Limit {
			return out, nil
		}
		f.Offset += len(r.EntryIDs)
	}
}

func (m *Miniflux) StateIDs(ctx context.Context) (unread, starred []string, err error) {
	if unread, err = m.ids(ctx, mf.EntryIDsFilter{Status: "unread"}); err != nil {
		return nil, nil, err
	}
	yes := true
	if starred, err = m.ids(ctx, mf.EntryIDsFilter{Starred: &yes}); err != nil {
		return nil, nil, err
	}
	return unread, starred, nil
}

// Items pages through /v1/entries in id order from the smallest id wanted, restPage at a
// time, once among unread entries and once among starred ones (the only ids a sync asks
// for), keeping the ids asked for: the REST API has no "these ids" filter, and this never
// costs one request per entry.
func (m *Miniflux) Items(ctx context.Context, ids []string) ([]Item, error) {
	want := map[int64]bool{}
	var lo, hi int64 = -1, 0
	for _, s := range ids {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			continue
		}
		want[v] = true
		if lo < 0 || v < lo {
			lo = v
		}
		hi = max(hi, v)
	}
	if len(want) == 0 {
		return nil, nil
	}
	var out []Item
	for _, f := range []mf.Filter{{Status: "unread"}, {Starred: "true"}} {
		f.Order, f.Direction, f.Limit, f.AfterEntryID = "id", "asc", restPage, lo-1
		for len(want) > 0 {
			r, err := m.c.EntriesContext(ctx, &f)
			if err != nil {
				return nil, mfErr("entries", err)
			}
			for _, e := range r.Entries {
				if want[e.ID] {
					delete(want, e.ID)
					out = append(out, entryItem(e))
				}
				f.AfterEntryID = max(f.AfterEntryID, e.ID)
			}
			if len(r.Entries) < restPage || f.AfterEntryID >= hi {
				break
			}
		}
	}
	return out, nil
}

func entryItem(e *mf.Entry) Item {
	return Item{
		ID:     strconv.FormatInt(e.ID, 10),
		FeedID: strconv.FormatInt(e.FeedID, 10),
		ServerItem: parse.ServerItem{
			GUID:      "",
			URL:       e.URL,
			Title:     e.Title,
			Author:    e.Author,
			Content:   e.Content,
			Published: e.Date,
		},
	}
}

func int64IDs(ids []string) []int64 {
	out := make([]int64, 0, len(ids))
	for _, s := range ids {
		if v, err := strconv.ParseInt(s, 10, 64); err == nil {
			out = append(out, v)
		}
	}
	return out
}

func (m *Miniflux) Mark(ctx context.Context, kind feeds.SyncChangeKind, ids []string) error {
	all := int64IDs(ids)
	for start := 0; start < len(all); start += editBatch {
		part := all[start:min(start+editBatch, len(all))]
		var err error
		switch kind {
		case feeds.SyncRead:
			err = m.c.UpdateEntriesContext(ctx, part, "read")
		case feeds.SyncUnread:
			err = m.c.UpdateEntriesContext(ctx, part, "unread")
		case feeds.SyncStar:
			err = m.c.UpdateEntriesStarredContext(ctx, part, true)
		case feeds.SyncUnstar:
			err = m.c.UpdateEntriesStarredContext(ctx, part, false)
		}
		if err != nil {
			return mfErr("update entries", err)
		}
	}
	return nil
}

// Label: Miniflux keeps no labels on entries (its tags are the feed's own categories).
func (m *Miniflux) Label(ctx context.Context, label string, add bool, ids []string) error {
	return ErrNoLabels
}

func (m *Miniflux) Labels(ctx context.Context, folders []string) (map[string][]string, error) {
	return nil, nil
}

// Subscribe creates the feed in the category of that title, created when missing.
func (m *Miniflux) Subscribe(ctx context.Context, feedURL, title, category string) error {
	req := &mf.FeedCreationRequest{FeedURL: feedURL}
	if category != "" {
		cats, err := m.c.CategoriesContext(ctx)
		if err != nil {
			return mfErr("categories", err)
		}
		for _, c := range cats {
			if strings.EqualFold(c.Title, category) {
				req.CategoryID = c.ID
			}
		}
		if req.CategoryID == 0 {
			c, err := m.c.CreateCategoryContext(ctx, category)
			if err != nil {
				return mfErr("create category", err)
			}
			req.CategoryID = c.ID
		}
	}
	_, err := m.c.CreateFeedContext(ctx, req)
	return mfErr("create feed", err)
}
