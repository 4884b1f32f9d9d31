package parse

import (
	"time"

	"github.com/mmcdole/gofeed"

	"veille/feeds"
)

// ServerItem is one article as a feed server (FreshRSS, Miniflux) hands it over: already
// parsed by the server, but not yet normalized the way veille normalizes what it fetches.
type ServerItem struct {
	GUID      string
	URL       string
	Title     string // as the server gives it: HTML-escaped text
	Author    string
	Content   string // HTML
	Summary   string // HTML, when the server tells it from the content
	Published time.Time
	Updated   time.Time
}

// ServerItems normalizes the items a feed server gave for the subscription feedURL (site is
// the feed's home page, for relative links), exactly as the items of a fetched document are:
// the same sanitizing, plain text, summary, title fallbacks, keys and hashes. The result has
// one article per item, in order, and is not deduplicated: the caller maps each server id to
// its article's key.
func ServerItems(items []ServerItem, feedURL, site string, now time.Time) []feeds.Article {
	n := normalizer{feedURL: feedURL, feedBase: parseBase(feedURL), siteBase: parseBase(site), now: now}
	out := make([]feeds.Article, len(items))
	for i, it := range items {
		gi := &gofeed.Item{
			GUID:        it.GUID,
			Link:        it.URL,
			Title:       it.Title,
			Content:     it.Content,
			Description: it.Summary,
		}
		if it.Author != "" {
			gi.Authors = []*gofeed.Person{{Name: it.Author}}
		}
		if !it.Published.IsZero() {
			p := it.Published
			gi.PublishedParsed, gi.Published = &p, p.Format(time.RFC3339)
		}
		if !it.Updated.IsZero() {
			u := it.Updated
			gi.UpdatedParsed, gi.Updated = &u, u.Format(time.RFC3339)
		}
		out[i] = n.item(gi)
	}
	return out
}
