package feeds

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// The page pass: after a refresh, articles whose feed gave only a teaser get the text of their
// page. This file holds its policy (which feeds, which articles, how far back) and its
// orchestration; fetching and extracting pages is feeds/fulltext's, saving is the store's.

// PageMode says which articles of a feed get their page's text.
type PageMode string

const (
	PageAuto   PageMode = "auto"   // only when the feed's text is a teaser
	PageAlways PageMode = "always" // every article
	PageNever  PageMode = "never"
)

// PagePolicy is the page mode of every feed: a mode for a feed URL or a host, then the default.
type PagePolicy struct {
	Default PageMode            // "" means auto
	PerFeed map[string]PageMode // by feed URL, host, or host without "www."
}

// PageModeError reports a configured mode that is none of auto, always, never.
type PageModeError struct {
	Where string // where it was configured, e.g. `[fulltext] "www.lemonde.fr"`
	Mode  PageMode
}

func (e *PageModeError) Error() string {
	return fmt.Sprintf("%s = %q: expected auto, always or never", e.Where, e.Mode)
}

// Check reports the first mode that is not one of the three. The [fetch] and [fulltext] names
// are the configuration's, where the user wrote them.
func (p PagePolicy) Check() error {
	valid := func(m PageMode) bool { return m == PageAuto || m == PageAlways || m == PageNever }
	if p.Default != "" && !valid(p.Default) {
		return &PageModeError{"[fetch] fulltext", p.Default}
	}
	for k, m := range p.PerFeed {
		if !valid(m) {
			return &PageModeError{fmt.Sprintf("[fulltext] %q", k), m}
		}
	}
	return nil
}

// Mode is the feed's page mode: an entry for its URL, then for its host (with or without
// "www."), then the default, then auto.
func (p PagePolicy) Mode(f Feed) PageMode {
	if m, ok := p.PerFeed[f.URL]; ok {
		return m
	}
	if u, err := url.Parse(f.URL); err == nil {
		name := strings.ToLower(u.Hostname())
		host := strings.TrimPrefix(name, "www.")
		for _, h := range []string{name, host, "www." + host} {
			if m, ok := p.PerFeed[h]; ok {
				return m
			}
		}
	}
	if p.Default != "" {
		return p.Default
	}
	return PageAuto
}

// PageStore is what the page pass needs from the cache.
type PageStore interface {
	Feeds(ctx context.Context) ([]Feed, error)
	Article(ctx context.Context, id int64) (Article, error)
	// PageCandidates lists recent articles (published or seen since) without their page yet,
	// leaving out those whose last failed attempt came after retryBefore.
	PageCandidates(ctx context.Context, since, retryBefore time.Time, limit int) ([]PageCandidate, error)
	// SavePage stores what fetching a page gave, leaving the article alone if its feed text
	// changed meanwhile.
	SavePage(ctx context.Context, c PageCandidate, p ArticlePage, now time.Time) error
}

// PageEnricher fetches the candidates' pages politely and calls save with each outcome as
// soon as it is known, from one goroutine; feeds/fulltext's Enricher is one. It stops at the
// first save error or when ctx is done, and counts what it saved.
type PageEnricher interface {
	Run(ctx context.Context, cands []PageCandidate,
		save func(ctx context.Context, c PageCandidate, p ArticlePage) error) (PageSummary, error)
}

// PageSummary counts the outcomes of a page pass.
type PageSummary struct {
	Pages     int // full text taken from the page
	Blocked   int // refused: 401, 403, 451 or a bot challenge
	Paywalled int // a subscriber wall: the teaser stays
	Failed    int // timeouts, 404, 5xx, too large, no article: to retry later
}

// Page pass bounds: older news is not worth the requests, and a first run over a full cache
// stays reasonable. A failed page waits PageRetryAfter before it is tried again: long enough
// not to hammer a site that is down, short enough that a morning's articles get their text
// the same day.
const (
	PageWindow     = 7 * 24 * time.Hour
	PageLimit      = 500
	PageRetryAfter = 6 * time.Hour
)

// PagePass fetches the pages of the recent articles that need them and stores their text.
type PagePass struct {
	Store  PageStore
	Enrich PageEnricher
	Policy PagePolicy
	// Teaser decides, in auto mode, whether the feed's text is a teaser worth replacing.
	Teaser func(PageCandidate) bool
	Now    func() time.Time // default time.Now
}

func (pp *PagePass) now() time.Time {
	if pp.Now != nil {
		return pp.Now()
	}
	return time.Now()
}

// Run is one pass over the recent candidates.
func (pp *PagePass) Run(ctx context.Context) (PageSummary, error) {
	if err := pp.Policy.Check(); err != nil {
		return PageSummary{}, err
	}
	subs, err := pp.Store.Feeds(ctx)
	if err != nil {
		return PageSummary{}, err
	}
	modes := make(map[int64]PageMode, len(subs))
	for _, f := range subs {
		modes[f.ID] = pp.Policy.Mode(f)
	}
	now := pp.now()
	cands, err := pp.Store.PageCandidates(ctx, now.Add(-PageWindow), now.Add(-PageRetryAfter), PageLimit)
	if err != nil {
		return PageSummary{}, err
	}
	var todo []PageCandidate
	for _, c := range cands {
		mode := modes[c.FeedID]
		if mode == PageAlways || mode == PageAuto && pp.Teaser(c) {
			todo = append(todo, c)
			continue
		}
		// The feed's text is enough: say so, or the article would come back on every run
		// and crowd older candidates out of the window.
		if err := pp.Store.SavePage(ctx, c, ArticlePage{Source: TextFromFeed}, pp.now()); err != nil {
			return PageSummary{}, err
		}
	}
	return pp.Enrich.Run(ctx, todo, pp.save)
}

func (pp *PagePass) save(ctx context.Context, c PageCandidate, p ArticlePage) error {
	return pp.Store.SavePage(ctx, c, p, pp.now())
}

// One fetches one article's page now, whatever its feed's mode (f in the reader), and says
// where its text now comes from.
func (pp *PagePass) One(ctx context.Context, id int64) (TextSource, error) {
	art, err := pp.Store.Article(ctx, id)
	if err != nil {
		return "", err
	}
	c := PageCandidate{ID: art.ID, FeedID: art.FeedID, URL: art.URL, TextLen: len([]rune(art.Text)), Paywalled: art.Paywalled}
	var got ArticlePage
	_, err = pp.Enrich.Run(ctx, []PageCandidate{c}, func(ctx context.Context, c PageCandidate, p ArticlePage) error {
		got = p
		return pp.save(ctx, c, p)
	})
	if err == nil && got.Source == "" && got.Err != "" {
		err = errors.New(got.Err)
	}
	return got.Source, err
}
