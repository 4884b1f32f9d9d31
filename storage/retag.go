package storage

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"veille/feeds"
)

// ArticlesForTagging returns up to limit articles with an ID above after, by ID, with what
// tagging reads (ID, FeedID, Title, Summary, Text, Categories) and every tag row of each in
// Tags (manual, removed, and automatic with their evidence).
func (s *Store) ArticlesForTagging(ctx context.Context, after int64, limit int) ([]feeds.Article, error) {
	db := s.read(ctx)
	res, err := db.Raw(`SELECT id, feed_id, title, summary, text, categories
		FROM articles WHERE id > ? ORDER BY id LIMIT ?`, after, limit).Rows()
	if err != nil {
		return nil, fmt.Errorf("articles for tagging: %w", translate(err))
	}
	rows, err := scanArticles(res)
	if err != nil {
		return nil, fmt.Errorf("articles for tagging: %w", translate(err))
	}
	if len(rows) == 0 {
		return nil, nil
	}
	out := make([]feeds.Article, len(rows))
	index := make(map[int64]int, len(rows))
	for i := range rows {
		out[i] = rows[i].article()
		index[out[i].ID] = i
	}
	res, err = db.Raw(`SELECT x.article_id, t.name, x.manual, x.removed, x.learned, x.evidence
		FROM article_tags x JOIN tags t ON t.id = x.tag_id
		WHERE x.article_id > ? AND x.article_id <= ?`, after, out[len(out)-1].ID).Rows()
	if err != nil {
		return nil, fmt.Errorf("tags for tagging: %w", translate(err))
	}
	tags, err := scanTags(res)
	if err != nil {
		return nil, fmt.Errorf("tags for tagging: %w", translate(err))
	}
	for _, t := range tags {
		if i, ok := index[t.ArticleID]; ok {
			out[i].Tags = append(out[i].Tags, t.tag())
		}
	}
	return out, nil
}

// ReplaceAutoTags replaces the automatic tags of each article with its Tags, in one
// transaction. Manual tags and the tags the user removed stay: an automatic tag that collides
// with one of them is not written.
func (s *Store) ReplaceAutoTags(ctx context.Context, arts []feeds.Article) error {
	var created map[string]int64
	err := s.write(ctx, func(tx *gorm.DB) error {
		sv := saver{tx: tx, s: s}
		var args []any
		for _, a := range arts {
			if err := deleteAutoTags(tx, a.ID); err != nil {
				return err
			}
			var err error
			if args, err = sv.autoTagArgs(args, a.ID, a.Tags); err != nil {
				return err
			}
		}
		created = sv.createdTags
		return sv.insertAutoTags(args)
	})
	if err != nil {
		return fmt.Errorf("replace automatic tags: %w", err)
	}
	s.rememberTags(created)
	return nil
}

// Check verifies the database file and the full-text index: nil when both are sound.
func (s *Store) Check(ctx context.Context) error {
	var result string
	if err := s.read(ctx).Raw(`PRAGMA integrity_check`).Row().Scan(&result); err != nil {
		return fmt.Errorf("integrity check: %w", translate(err))
	}
	if result != "ok" {
		return fmt.Errorf("integrity check: %s", result)
	}
	return s.write(ctx, func(tx *gorm.DB) error {
		err := tx.Exec(`INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')`).Error
		if err != nil {
			return fmt.Errorf("full-text index check: %w", err)
		}
		return nil
	})
}
