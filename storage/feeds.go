package storage

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"veille/feeds"
)

// InitSubscriptions adds the default feeds on the very first run only: when the subscription
// list was never initialised (by this, AddFeeds or an import). Check and insert share one
// IMMEDIATE transaction, so two processes starting at once add the defaults once. now is the
// feeds' creation time.
func (s *Store) InitSubscriptions(ctx context.Context, defaults []feeds.Feed, now time.Time) (added int, err error) {
	initialized := func(db *gorm.DB) (bool, error) {
		var n int64
		err := db.Model(&metaRow{}).Where("key = ?", metaSubscriptionsInitialized).Count(&n).Error
		return n > 0, err
	}
	// Every start calls this: answer from a read connection, without the write lock, once
	// the list is initialised.
	if done, err := initialized(s.read(ctx)); err != nil || done {
		if err != nil {
			return 0, fmt.Errorf("initialise subscriptions: %w", translate(err))
		}
		return 0, nil
	}
	err = s.write(ctx, func(tx *gorm.DB) error {
		if done, err := initialized(tx); err != nil || done {
			return err // another process was first
		}
		added, err = addFeeds(tx, defaults, now)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("initialise subscriptions: %w", err)
	}
	return added, nil
}

// AddFeeds subscribes to the feeds whose URL is not there yet and returns how many were new.
// Only the subscription fields are taken (URL, title, site, category, AIOnly): the fetch state
// starts empty. It also marks the subscription list initialised: an import before the first
// run replaces the defaults. now is the new feeds' creation time.
func (s *Store) AddFeeds(ctx context.Context, fs []feeds.Feed, now time.Time) (added int, err error) {
	err = s.write(ctx, func(tx *gorm.DB) error {
		added, err = addFeeds(tx, fs, now)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("add feeds: %w", err)
	}
	return added, nil
}

func addFeeds(tx *gorm.DB, fs []feeds.Feed, now time.Time) (int, error) {
	rows := make([]feedRow, 0, len(fs))
	for _, f := range fs {
		if f.URL == "" {
			return 0, errors.New("a feed without URL")
		}
		rows = append(rows, feedRow{
			URL:        f.URL,
			Title:      f.Title,
			SiteURL:    f.SiteURL,
			Category:   f.Category,
			AIOnly:     f.AIOnly,
			SearchName: searchName(f.Title, f.URL, f.SiteURL),
			CreatedAt:  ms(now),
		})
	}
	added := 0
	if len(rows) > 0 {
		// One INSERT per 100 feeds; a URL already there, or twice in fs, is skipped and not
		// counted. (The IDs GORM reads back are not used: with rows skipped they would not
		// line up with the slice.)
		res := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "url"}}, DoNothing: true}).
			CreateInBatches(&rows, 100)
		if res.Error != nil {
			return 0, res.Error
		}
		added = int(res.RowsAffected)
	}
	err := tx.Clauses(clause.OnConflict{DoNothing: true}).
		Create(&metaRow{Key: metaSubscriptionsInitialized, Value: "1"}).Error
	return added, err
}

// Feeds lists the subscriptions by category then title, each with its article and unread
// counts. The counts come from one grouped scan of the (feed_id, read, published) index.
func (s *Store) Feeds(ctx context.Context) ([]feeds.Feed, error) {
	var rows []feedRow
	err := s.read(ctx).Raw(`
		SELECT f.*, coalesce(c.articles, 0) AS articles, coalesce(c.unread, 0) AS unread
		FROM feeds f
		LEFT JOIN (
			SELECT feed_id, count(*) AS articles, sum(read = 0) AS unread
			FROM articles GROUP BY feed_id
		) c ON c.feed_id = f.id`).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("list feeds: %w", translate(err))
	}
	// Sorted here rather than in SQL: SQLite's collations know nothing of accents, and
	// "Économie" belongs among the E.
	slices.SortFunc(rows, func(a, b feedRow) int {
		return cmp.Or(
			cmp.Compare(feeds.FoldName(a.Category), feeds.FoldName(b.Category)),
			cmp.Compare(feeds.FoldName(a.Title), feeds.FoldName(b.Title)),
			cmp.Compare(a.ID, b.ID),
		)
	})
	out := make([]feeds.Feed, len(rows))
	for i, r := range rows {
		out[i] = r.feed()
	}
	return out, nil
}

// Feed finds a subscription by numeric ID or by exact URL, with its article and unread counts.
func (s *Store) Feed(ctx context.Context, ref string) (feeds.Feed, error) {
	var rows []feedRow
	q := s.read(ctx).Model(&feedRow{})
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		q = q.Where("id = ?", id)
	} else {
		q = q.Where("url = ?", ref)
	}
	if err := q.Limit(1).Find(&rows).Error; err != nil {
		return feeds.Feed{}, fmt.Errorf("feed %s: %w", ref, translate(err))
	}
	if len(rows) == 0 {
		return feeds.Feed{}, fmt.Errorf("feed %s: %w", ref, feeds.ErrNotFound)
	}
	f := rows[0].feed()
	// The counts walk the (feed_id, read, published) index, never the article rows.
	err := s.read(ctx).Raw(`SELECT count(*), coalesce(sum(read = 0), 0) FROM articles WHERE feed_id = ?`, f.ID).
		Row().Scan(&f.Articles, &f.Unread)
	if err != nil {
		return feeds.Feed{}, fmt.Errorf("feed %s: %w", ref, translate(err))
	}
	return f, nil
}

// RemoveFeed unsubscribes; the feed's articles and their tags go with it (ON DELETE CASCADE,
// the FTS index follows through its delete trigger).
func (s *Store) RemoveFeed(ctx context.Context, id int64) error {
	err := s.write(ctx, func(tx *gorm.DB) error {
		res := tx.Exec("DELETE FROM feeds WHERE id = ?", id)
		if res.Error == nil && res.RowsAffected == 0 {
			return feeds.ErrNotFound
		}
		return res.Error
	})
	if err != nil {
		return fmt.Errorf("remove feed %d: %w", id, err)
	}
	return nil
}

// SaveFeedStates writes the fetch state of many feeds (validators, times, errors, back-off,
// gone, and the URL after a permanent redirect) in one transaction: a round of 304s and
// failures costs one commit. Feeds removed meanwhile are skipped.
func (s *Store) SaveFeedStates(ctx context.Context, fs []feeds.Feed) error {
	if len(fs) == 0 {
		return nil
	}
	err := s.writeKeep(ctx, func(tx *gorm.DB) error { // feed rows only: the story handoff stays true
		for _, f := range fs {
			if _, err := saveFeedState(tx, f, false); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save feed states: %w", err)
	}
	return nil
}

// saveFeedState writes f's fetch state into its row, and with withChannel its title and site
// URL when f has them (a 304 or a parse that found no title must not blank them). It reports
// false when the feed no longer exists.
func saveFeedState(tx *gorm.DB, f feeds.Feed, withChannel bool) (bool, error) {
	// The common case, a 304 or a refresh of a feed that kept its URL, title and site: one
	// UPDATE of the fetch state, whose WHERE checks that nothing else would change (and so
	// search_name, made from them, stays right). Otherwise, or for a feed that is gone, the
	// full path below.
	var title, site string
	if withChannel {
		title, site = f.Title, f.SiteURL
	}
	res := tx.Exec(`UPDATE feeds SET
		etag = ?, last_modified = ?, body_digest = ?, last_fetch = ?, last_success = ?,
		last_error = ?, error_kind = ?, failures = ?, next_fetch = ?, gone = ?
		WHERE id = ? AND (? = '' OR url = ?) AND (? = '' OR title = ?) AND (? = '' OR site_url = ?)`,
		f.ETag, f.LastModified, f.BodyDigest, ms(f.LastFetch), ms(f.LastSuccess),
		f.LastError, string(f.ErrorKind), f.Failures, ms(f.NextFetch), b2i(f.Gone),
		f.ID, f.URL, f.URL, title, title, site, site)
	if res.Error != nil || res.RowsAffected == 1 {
		return res.Error == nil, res.Error
	}

	var cur struct{ url, title, site string }
	err := tx.Raw(`SELECT url, title, site_url FROM feeds WHERE id = ?`, f.ID).Row().
		Scan(&cur.url, &cur.title, &cur.site)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	newURL := cur.url
	if f.URL != "" && f.URL != cur.url {
		// A permanent redirect to a URL another subscription already has: keep ours rather
		// than fail the refresh on the UNIQUE constraint; the user sees two feeds with the
		// same articles and can remove one.
		var taken int
		err := tx.Raw(`SELECT count(*) FROM feeds WHERE url = ?`, f.URL).Row().Scan(&taken)
		if err != nil {
			return false, err
		}
		if taken == 0 {
			newURL = f.URL
		}
	}
	title, site = cur.title, cur.site
	if withChannel {
		if f.Title != "" {
			title = f.Title
		}
		if f.SiteURL != "" {
			site = f.SiteURL
		}
	}
	err = tx.Exec(`UPDATE feeds SET
		url = ?, title = ?, site_url = ?, search_name = ?,
		etag = ?, last_modified = ?, body_digest = ?, last_fetch = ?, last_success = ?,
		last_error = ?, error_kind = ?, failures = ?, next_fetch = ?, gone = ?
		WHERE id = ?`,
		newURL, title, site, searchName(title, newURL, site),
		f.ETag, f.LastModified, f.BodyDigest, ms(f.LastFetch), ms(f.LastSuccess),
		f.LastError, string(f.ErrorKind), f.Failures, ms(f.NextFetch), b2i(f.Gone),
		f.ID).Error
	return err == nil, err
}
