package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"veille/feeds"
)

// TagCount is one tag with how many articles carry it (tags the user removed do not count).
type TagCount struct {
	Name   string
	Total  int
	Unread int
	Week   int // published in the 7 days before the time TagCounts is given
}

// tagID returns the ID of the tag with the folded name, inserting the tag in tx if it does not
// exist yet (created is then true). pending holds the tags tx already created, which the
// shared cache must not learn before the commit.
func (s *Store) tagID(tx *gorm.DB, name string, pending map[string]int64) (id int64, created bool, err error) {
	name = feeds.FoldName(name)
	if name == "" {
		return 0, false, ErrEmptyTag
	}
	if id, ok := pending[name]; ok {
		return id, false, nil
	}
	s.tagMu.Lock()
	id, ok := s.tagIDs[name]
	s.tagMu.Unlock()
	if ok {
		return id, false, nil
	}
	err = tx.Raw(`SELECT id FROM tags WHERE name = ?`, name).Row().Scan(&id)
	if err == nil {
		s.rememberTags(map[string]int64{name: id}) // committed by someone else: safe to cache
		return id, false, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, false, err
	}
	err = tx.Raw(`INSERT INTO tags (name) VALUES (?) RETURNING id`, name).Row().Scan(&id)
	return id, err == nil, err
}

// rememberTags adds committed name → ID pairs to the cache.
func (s *Store) rememberTags(m map[string]int64) {
	if len(m) == 0 {
		return
	}
	s.tagMu.Lock()
	defer s.tagMu.Unlock()
	for k, v := range m {
		s.tagIDs[k] = v
	}
}

// TagNames lists the tags in use, most used first (the order of TagCounts): the completions
// of a tag editor.
func (s *Store) TagNames(ctx context.Context) ([]string, error) {
	var names []string
	err := s.read(ctx).Raw(`
		SELECT t.name FROM (
			SELECT tag_id, count(*) AS total FROM article_tags WHERE removed = 0 GROUP BY tag_id
		) c JOIN tags t ON t.id = c.tag_id
		ORDER BY c.total DESC, t.name`).Scan(&names).Error
	if err != nil {
		return nil, fmt.Errorf("tag names: %w", translate(err))
	}
	return names, nil
}

// EditTags applies the user's tag edits to one article. An added tag becomes manual (and no
// longer removed); a removed tag keeps its row with removed=1, so that rules never add it back,
// even when the article had no such tag yet. A name in both lists ends removed. Names are
// folded ("Propriétaire" is "proprietaire").
func (s *Store) EditTags(ctx context.Context, id int64, add, remove []string) error {
	var created map[string]int64
	err := s.write(ctx, func(tx *gorm.DB) error {
		created = map[string]int64{}
		var one int
		if err := tx.Raw(`SELECT 1 FROM articles WHERE id = ?`, id).Row().Scan(&one); err != nil {
			return err // sql.ErrNoRows → feeds.ErrNotFound
		}
		edit := func(names []string, add bool, q string) error {
			for _, n := range names {
				tagID, isNew, err := s.tagID(tx, n, created)
				if err != nil {
					return fmt.Errorf("tag %q: %w", n, err)
				}
				if isNew {
					created[feeds.FoldName(n)] = tagID
				}
				if err := tx.Exec(q, id, tagID).Error; err != nil {
					return err
				}
				// The server's label follows the manual tag (sync.go).
				if err := enqueueTag(tx, id, n, add); err != nil {
					return err
				}
			}
			return nil
		}
		// Evidence stays on a tag the user confirms: it still says why the rules agreed.
		if err := edit(add, true, `INSERT INTO article_tags (article_id, tag_id, manual, removed, published, read)
			SELECT a.id, ?2, 1, 0, a.published, a.read FROM articles a WHERE a.id = ?1
			ON CONFLICT (article_id, tag_id) DO UPDATE SET manual = 1, removed = 0`); err != nil {
			return err
		}
		return edit(remove, false, `INSERT INTO article_tags (article_id, tag_id, manual, removed, published, read)
			SELECT a.id, ?2, 0, 1, a.published, a.read FROM articles a WHERE a.id = ?1
			ON CONFLICT (article_id, tag_id) DO UPDATE SET manual = 0, removed = 1`)
	})
	if err != nil {
		return fmt.Errorf("edit tags of article %d: %w", id, translate(err))
	}
	s.rememberTags(created)
	return nil
}

// TagCounts lists the tags that at least one article carries, most used first, as of now.
func (s *Store) TagCounts(ctx context.Context, now time.Time) ([]TagCount, error) {
	weekAgo := ms(now.Add(-7 * 24 * time.Hour))
	// A scan of the article_tags_tag index only: read and published are copied there.
	rows, err := s.read(ctx).Raw(`
		SELECT t.name, c.total, c.unread, c.week FROM (
			SELECT tag_id, count(*) AS total, sum(read = 0) AS unread, sum(published >= ?) AS week
			FROM article_tags WHERE removed = 0 GROUP BY tag_id
		) c JOIN tags t ON t.id = c.tag_id
		ORDER BY c.total DESC, t.name`, weekAgo).Rows()
	if err != nil {
		return nil, fmt.Errorf("count tags: %w", translate(err))
	}
	defer rows.Close()
	var out []TagCount
	for rows.Next() {
		var c TagCount
		if err := rows.Scan(&c.Name, &c.Total, &c.Unread, &c.Week); err != nil {
			return nil, fmt.Errorf("count tags: %w", translate(err))
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("count tags: %w", translate(err))
	}
	return out, nil
}
