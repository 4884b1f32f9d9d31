package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"

	"veille/feeds"
)

// Sync state, in meta.
const (
	metaSyncServer   = "sync.server"
	metaSyncLast     = "sync.last"  // Unix ms of the last completed sync
	metaSyncTry      = "sync.try"   // Unix ms of the last attempt
	metaSyncError    = "sync.error" // why the last attempt failed
	metaSyncNoLabels = "sync.no_labels"
)

// jsonList encodes ids as one JSON array: SQLite's json_each reads it as rows, so that
// thousands of ids cost one bound parameter instead of thousands (the driver binds parameters
// in quadratic time).
func jsonList[T any](v []T) string {
	if len(v) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(v) // strings and integers always encode
	return string(b)
}

// SyncFeedLinks returns the subscriptions linked to the feed server: server id → feed ID.
func (s *Store) SyncFeedLinks(ctx context.Context) (map[string]int64, error) {
	rows, err := s.read(ctx).Raw(`SELECT remote_id, feed_id FROM sync_feeds`).Rows()
	if err != nil {
		return nil, fmt.Errorf("sync feed links: %w", translate(err))
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var id string
		var feedID int64
		if err := rows.Scan(&id, &feedID); err != nil {
			return nil, fmt.Errorf("sync feed links: %w", translate(err))
		}
		out[id] = feedID
	}
	return out, translate(rows.Err())
}

// SetSyncFeedLinks replaces the links between subscriptions and the server's, and gives the
// linked feeds the server's title (when it has one) and category. A feed that loses its link
// keeps its articles and becomes local only.
func (s *Store) SetSyncFeedLinks(ctx context.Context, links []feeds.SyncFeed) error {
	err := s.write(ctx, func(tx *gorm.DB) error {
		if err := tx.Exec(`DELETE FROM sync_feeds`).Error; err != nil {
			return err
		}
		for _, l := range links {
			// A feed linked twice (two server ids for one URL) keeps the first.
			if err := tx.Exec(`INSERT INTO sync_feeds (remote_id, feed_id) SELECT ?, id FROM feeds WHERE id = ?
				ON CONFLICT DO NOTHING`, l.RemoteID, l.FeedID).Error; err != nil {
				return err
			}
			var url, title, site string
			err := tx.Raw(`SELECT url, title, site_url FROM feeds WHERE id = ?`, l.FeedID).Row().Scan(&url, &title, &site)
			if err != nil {
				return err
			}
			if l.Title != "" {
				title = feeds.CleanLine(l.Title)
			}
			if err := tx.Exec(`UPDATE feeds SET title = ?, category = ?, search_name = ? WHERE id = ?
				AND (title <> ? OR category <> ?)`, title, feeds.CleanLine(l.Category), searchName(title, url, site),
				l.FeedID, title, feeds.CleanLine(l.Category)).Error; err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("link feeds to the server: %w", err)
	}
	return nil
}

// SyncItemIDs returns every article linked to the server: server id → article ID.
func (s *Store) SyncItemIDs(ctx context.Context) (map[string]int64, error) {
	rows, err := s.read(ctx).Raw(`SELECT remote_id, article_id FROM sync_items`).Rows()
	if err != nil {
		return nil, fmt.Errorf("sync items: %w", translate(err))
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var id string
		var aid int64
		if err := rows.Scan(&id, &aid); err != nil {
			return nil, fmt.Errorf("sync items: %w", translate(err))
		}
		out[id] = aid
	}
	return out, translate(rows.Err())
}

// LinkSyncItems links server ids to the articles of feedID saved under the given item keys
// (server id → item key), after SaveRefresh stored them. CROSS JOIN keeps json_each the
// outer loop: the other order would scan it once per article.
func (s *Store) LinkSyncItems(ctx context.Context, feedID int64, keys map[string]string) error {
	if len(keys) == 0 {
		return nil
	}
	b, _ := json.Marshal(keys)
	err := s.write(ctx, func(tx *gorm.DB) error {
		return tx.Exec(`INSERT INTO sync_items (remote_id, article_id)
			SELECT e.key, a.id FROM json_each(?1) e
			CROSS JOIN articles a ON a.feed_id = ?2 AND a.item_key = e.value
			WHERE true ON CONFLICT (remote_id) DO UPDATE SET article_id = excluded.article_id`,
			string(b), feedID).Error
	})
	if err != nil {
		return fmt.Errorf("link articles to the server: %w", err)
	}
	return nil
}

// ArticleKeysByURL returns the item keys of feedID's articles with those URLs (URL → key):
// an article veille fetched itself before the feed was synced has a key from its GUID, which
// the server does not hand over, and must not come twice.
func (s *Store) ArticleKeysByURL(ctx context.Context, feedID int64, urls []string) (map[string]string, error) {
	out := map[string]string{}
	if len(urls) == 0 {
		return out, nil
	}
	rows, err := s.read(ctx).Raw(`SELECT a.url, a.item_key FROM json_each(?1) e
		CROSS JOIN articles a ON a.feed_id = ?2 AND a.url = e.value`, jsonList(urls), feedID).Rows()
	if err != nil {
		return nil, fmt.Errorf("articles by URL: %w", translate(err))
	}
	defer rows.Close()
	for rows.Next() {
		var u, k string
		if err := rows.Scan(&u, &k); err != nil {
			return nil, fmt.Errorf("articles by URL: %w", translate(err))
		}
		out[u] = k
	}
	return out, translate(rows.Err())
}

// AdoptLocalState queues the read and starred state of articles veille had before they
// were linked to the server (remote ids): the user's state goes up at the next sync instead
// of being overwritten by the server's, which never saw it.
func (s *Store) AdoptLocalState(ctx context.Context, remoteIDs []string) error {
	if len(remoteIDs) == 0 {
		return nil
	}
	err := s.write(ctx, func(tx *gorm.DB) error {
		for _, q := range []struct{ kind, cond string }{{"read", "a.read = 1"}, {"star", "a.starred = 1"}} {
			if err := tx.Exec(`INSERT INTO sync_pending (article_id, remote_id, kind)
				SELECT x.article_id, x.remote_id, ? FROM json_each(?) j
				CROSS JOIN sync_items x ON x.remote_id = j.value
				JOIN articles a ON a.id = x.article_id WHERE `+q.cond, q.kind, jsonList(remoteIDs)).Error; err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("keep the reading state of linked articles: %w", err)
	}
	return nil
}

// enqueueFlag queues the change of a user flag (the column setFlag writes) on the articles
// of list (integers joined by commas) that the server knows. Articles of local-only feeds
// have no sync_items row and queue nothing, so without a server nothing is ever queued.
func enqueueFlag(tx *gorm.DB, column, list string, v bool) error {
	var kind feeds.SyncChangeKind
	switch {
	case column == "read" && v:
		kind = feeds.SyncRead
	case column == "read":
		kind = feeds.SyncUnread
	case column == "starred" && v:
		kind = feeds.SyncStar
	default:
		kind = feeds.SyncUnstar
	}
	return tx.Exec(`INSERT INTO sync_pending (article_id, remote_id, kind)
		SELECT article_id, remote_id, ? FROM sync_items WHERE article_id IN (`+list+`)`, string(kind)).Error
}

// enqueueTag queues a manual tag change of one article as a label change for the server.
func enqueueTag(tx *gorm.DB, articleID int64, name string, add bool) error {
	kind := feeds.SyncLabelRemove
	if add {
		kind = feeds.SyncLabelAdd
	}
	return tx.Exec(`INSERT INTO sync_pending (article_id, remote_id, kind, label)
		SELECT article_id, remote_id, ?, ? FROM sync_items WHERE article_id = ?`,
		string(kind), feeds.FoldName(name), articleID).Error
}

// PendingSyncChanges returns the queued changes, oldest first.
func (s *Store) PendingSyncChanges(ctx context.Context) ([]feeds.SyncChange, error) {
	rows, err := s.read(ctx).Raw(`SELECT id, article_id, remote_id, kind, label FROM sync_pending ORDER BY id`).Rows()
	if err != nil {
		return nil, fmt.Errorf("pending changes: %w", translate(err))
	}
	defer rows.Close()
	var out []feeds.SyncChange
	for rows.Next() {
		var c feeds.SyncChange
		var kind string
		if err := rows.Scan(&c.Seq, &c.ArticleID, &c.RemoteID, &kind, &c.Label); err != nil {
			return nil, fmt.Errorf("pending changes: %w", translate(err))
		}
		c.Kind = feeds.SyncChangeKind(kind)
		out = append(out, c)
	}
	return out, translate(rows.Err())
}

// DoneSyncChanges removes changes the server acknowledged (or that can never go up).
func (s *Store) DoneSyncChanges(ctx context.Context, seqs []int64) error {
	if len(seqs) == 0 {
		return nil
	}
	err := s.write(ctx, func(tx *gorm.DB) error {
		return tx.Exec(`DELETE FROM sync_pending WHERE id IN (SELECT value FROM json_each(?))`, jsonList(seqs)).Error
	})
	if err != nil {
		return fmt.Errorf("clear sent changes: %w", err)
	}
	return nil
}

// ApplySyncState makes the read and starred state of the linked articles the server's: an
// article is unread when one of its server ids is in unread, starred when one is in starred.
// A flag with a change still queued keeps veille's value: the change is newer than what the
// server said. It returns how many articles changed. Nothing is queued.
//
// The ids go into a temporary table of article IDs first (one json_each join on the
// sync_items key): an IN over json_each inside the UPDATE would be evaluated row by row.
func (s *Store) ApplySyncState(ctx context.Context, unread, starred []string) (int, error) {
	changed := 0
	err := s.write(ctx, func(tx *gorm.DB) error {
		changed = 0
		if err := tx.Exec(`CREATE TEMP TABLE IF NOT EXISTS sync_listed (article_id INTEGER PRIMARY KEY)`).Error; err != nil {
			return err
		}
		for _, f := range []struct {
			column, kinds string
			listed        int64 // the flag's value for the listed articles
			ids           []string
		}{
			{"read", `'read', 'unread'`, 0, unread},
			{"starred", `'star', 'unstar'`, 1, starred},
		} {
			if err := tx.Exec(`DELETE FROM temp.sync_listed`).Error; err != nil {
				return err
			}
			if err := tx.Exec(`INSERT OR IGNORE INTO temp.sync_listed (article_id)
				SELECT x.article_id FROM json_each(?) j CROSS JOIN sync_items x ON x.remote_id = j.value`,
				jsonList(f.ids)).Error; err != nil {
				return err
			}
			notPending := ` AND id NOT IN (SELECT article_id FROM sync_pending WHERE kind IN (` + f.kinds + `))`
			on := tx.Exec(`UPDATE articles SET `+f.column+` = ?1
				WHERE id IN (SELECT article_id FROM temp.sync_listed) AND `+f.column+` <> ?1`+notPending, f.listed)
			if on.Error != nil {
				return on.Error
			}
			off := tx.Exec(`UPDATE articles SET `+f.column+` = ?1
				WHERE id IN (SELECT article_id FROM sync_items) AND `+f.column+` <> ?1
				AND id NOT IN (SELECT article_id FROM temp.sync_listed)`+notPending, 1-f.listed)
			if off.Error != nil {
				return off.Error
			}
			changed += int(on.RowsAffected + off.RowsAffected)
		}
		return tx.Exec(`DELETE FROM temp.sync_listed`).Error
	})
	if err != nil {
		return 0, fmt.Errorf("apply the server's reading state: %w", err)
	}
	return changed, nil
}

// AddSyncLabels gives the articles with the given server ids the manual tag label, as the
// server's label came down. A tag the user removed in veille stays removed, and so does one
// whose removal is still queued. It returns how many articles gained the tag.
func (s *Store) AddSyncLabels(ctx context.Context, label string, remoteIDs []string) (int, error) {
	if len(remoteIDs) == 0 {
		return 0, nil
	}
	var created map[string]int64
	n := 0
	err := s.write(ctx, func(tx *gorm.DB) error {
		created = map[string]int64{}
		tagID, isNew, err := s.tagID(tx, label, created)
		if err != nil {
			return err
		}
		if isNew {
			created[feeds.FoldName(label)] = tagID
		}
		res := tx.Exec(`INSERT INTO article_tags (article_id, tag_id, manual, removed, published, read)
			SELECT a.id, ?1, 1, 0, a.published, a.read FROM articles a
			WHERE a.id IN (SELECT article_id FROM sync_items WHERE remote_id IN (SELECT value FROM json_each(?2)))
			AND a.id NOT IN (SELECT article_id FROM sync_pending WHERE kind = 'label-' AND label = ?3)
			ON CONFLICT (article_id, tag_id) DO UPDATE SET manual = 1 WHERE manual = 0 AND removed = 0`,
			tagID, jsonList(remoteIDs), feeds.FoldName(label))
		n = int(res.RowsAffected)
		return res.Error
	})
	if err != nil {
		return 0, fmt.Errorf("tags from the server's labels: %w", err)
	}
	s.rememberTags(created)
	return n, nil
}

// SyncStatus reads the sync state and counts.
func (s *Store) SyncStatus(ctx context.Context) (feeds.SyncStatus, error) {
	var st feeds.SyncStatus
	db := s.read(ctx)
	rows, err := db.Raw(`SELECT key, value FROM meta WHERE key LIKE 'sync.%'`).Rows()
	if err != nil {
		return st, fmt.Errorf("sync status: %w", translate(err))
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return st, fmt.Errorf("sync status: %w", translate(err))
		}
		n, _ := strconv.ParseInt(v, 10, 64)
		switch k {
		case metaSyncServer:
			st.Server = v
		case metaSyncLast:
			st.LastSync = fromMS(n)
		case metaSyncTry:
			st.LastTry = fromMS(n)
		case metaSyncError:
			st.LastError = v
		case metaSyncNoLabels:
			st.NoLabels = v == "1"
		}
	}
	if err := rows.Err(); err != nil {
		return st, fmt.Errorf("sync status: %w", translate(err))
	}
	err = db.Raw(`SELECT (SELECT count(*) FROM sync_pending), (SELECT count(*) FROM sync_feeds),
		(SELECT count(DISTINCT article_id) FROM sync_items)`).Row().Scan(&st.Pending, &st.Feeds, &st.Articles)
	if err != nil {
		return st, fmt.Errorf("sync status: %w", translate(err))
	}
	return st, nil
}

// RecordSync stores the outcome of a sync attempt at time at: errMsg "" is a success.
func (s *Store) RecordSync(ctx context.Context, server string, at time.Time, errMsg string, noLabels bool) error {
	kv := map[string]string{
		metaSyncServer:   server,
		metaSyncTry:      strconv.FormatInt(ms(at), 10),
		metaSyncError:    errMsg,
		metaSyncNoLabels: strconv.FormatInt(b2i(noLabels), 10),
	}
	if errMsg == "" {
		kv[metaSyncLast] = kv[metaSyncTry]
	}
	b, _ := json.Marshal(kv)
	err := s.write(context.WithoutCancel(ctx), func(tx *gorm.DB) error {
		return tx.Exec(`INSERT INTO meta (key, value) SELECT e.key, e.value FROM json_each(?) e
			WHERE true ON CONFLICT (key) DO UPDATE SET value = excluded.value`, string(b)).Error
	})
	if err != nil {
		return fmt.Errorf("record sync: %w", err)
	}
	return nil
}
