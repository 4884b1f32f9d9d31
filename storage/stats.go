package storage

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"veille/feeds"
)

// Stats describes the cache, for `veille stats`.
type Stats struct {
	Bytes int64 // database plus WAL file

	Articles, Unread, Starred int
	WithPage                  int // full text taken from the article's page
	Paywalled                 int // the page was a paywall or refused us: the feed's teaser is kept

	Oldest, Newest time.Time // publication dates; zero when the cache is empty

	Feeds []FeedStat // every subscription, most articles first
}

// FeedStat is one subscription's share of the cache.
type FeedStat struct {
	ID                         int64
	Title, URL                 string
	Articles, Unread, WithPage int
}

// Stats counts the cache's contents. Every count is read from an index (articles_feed,
// articles_starred, articles_text_source, articles_published) without touching the wide
// article rows, so it stays in the milliseconds on 100,000 articles. The queries run outside
// one transaction: a refresh committing between them can make the totals disagree by a few
// articles, which a report does not mind.
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	st, err := s.stats(ctx)
	if err != nil {
		return Stats{}, fmt.Errorf("stats: %w", translate(err))
	}
	return st, nil
}

func (s *Store) stats(ctx context.Context) (Stats, error) {
	var st Stats
	var err error
	if st.Bytes, err = s.fileBytes(ctx); err != nil {
		return st, err
	}
	db := s.read(ctx)
	rows, err := db.Raw(`SELECT f.id, f.title, f.url,
			coalesce(c.articles, 0), coalesce(c.unread, 0)
		FROM feeds f LEFT JOIN (
			SELECT feed_id, count(*) AS articles, sum(read = 0) AS unread
			FROM articles GROUP BY feed_id
		) c ON c.feed_id = f.id`).Rows()
	if err != nil {
		return st, err
	}
	byID := map[int64]int{}
	for rows.Next() {
		var f FeedStat
		if err := rows.Scan(&f.ID, &f.Title, &f.URL, &f.Articles, &f.Unread); err != nil {
			rows.Close()
			return st, err
		}
		byID[f.ID] = len(st.Feeds)
		st.Feeds = append(st.Feeds, f)
		st.Articles += f.Articles
		st.Unread += f.Unread
	}
	if err := rows.Close(); err != nil {
		return st, err
	}
	if err := rows.Err(); err != nil {
		return st, err
	}

	// text_source <> 'feed' is articles_text_source's WHERE: the scan covers only the few
	// articles whose text is not the feed's.
	rows, err = db.Raw(`SELECT feed_id, text_source, count(*) FROM articles
		WHERE text_source <> 'feed' GROUP BY feed_id, text_source`).Rows()
	if err != nil {
		return st, err
	}
	for rows.Next() {
		var feedID int64
		var source string
		var n int
		if err := rows.Scan(&feedID, &source, &n); err != nil {
			rows.Close()
			return st, err
		}
		switch feeds.TextSource(source) {
		case feeds.TextFromPage:
			st.WithPage += n
			if i, ok := byID[feedID]; ok {
				st.Feeds[i].WithPage += n
			}
		case feeds.TextPaywall, feeds.TextBlocked:
			st.Paywalled += n
		}
	}
	if err := rows.Close(); err != nil {
		return st, err
	}
	if err := rows.Err(); err != nil {
		return st, err
	}

	var oldest, newest int64
	if err := db.Raw(`SELECT
			(SELECT count(*) FROM articles WHERE starred = 1),
			coalesce((SELECT min(published) FROM articles), 0),
			coalesce((SELECT max(published) FROM articles), 0)`).Row().Scan(&st.Starred, &oldest, &newest); err != nil {
		return st, err
	}
	st.Oldest, st.Newest = fromMS(oldest), fromMS(newest)

	slices.SortFunc(st.Feeds, func(a, b FeedStat) int {
		return cmp.Or(cmp.Compare(b.Articles, a.Articles),
			cmp.Compare(feeds.FoldName(a.Title), feeds.FoldName(b.Title)), cmp.Compare(a.ID, b.ID))
	})
	return st, nil
}
