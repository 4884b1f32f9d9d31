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
	db := s.rdb
	rows, err := db.QueryContext(ctx, `SELECT id, feed_id, title, summary, text, categories
		FROM articles WHERE id > ? ORDER BY id LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("articles for tagging: %w", translate(err))
	}
	var out []feeds.Article
	index := map[int64]int{}
	for rows.Next() {
		var a feeds.Article
		var cats string
		if err := rows.Scan(&a.ID, &a.FeedID, &a.Title, &a.Summary, &a.Text, &cats); err != nil {
			rows.Close()
			return nil, fmt.Errorf("articles for tagging: %w", translate(err))
		}
		a.Categories = splitCategories(cats)
		index[a.ID] = len(out)
		out = append(out, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	tags, err := db.QueryContext(ctx, `SELECT at.article_id, t.name, at.manual, at.removed, at.evidence
		FROM article_tags at JOIN tags t ON t.id = at.tag_id
		WHERE at.article_id > ? AND at.article_id <= ?`, after, out[len(out)-1].ID)
	if err != nil {
		return nil, fmt.Errorf("tags for tagging: %w", translate(err))
	}
	defer tags.Close()
	for tags.Next() {
		var id int64
		var t feeds.ArticleTag
		var evidence string
		if err := tags.Scan(&id, &t.Name, &t.Manual, &t.Removed, &evidence); err != nil {
			return nil, fmt.Errorf("tags for tagging: %w", translate(err))
		}
		t.Evidence = decodeEvidence(evidence)
		if i, ok := index[id]; ok {
			out[i].Tags = append(out[i].Tags, t)
		}
	}
	return out, tags.Err()
}

// ReplaceAutoTags replaces the automatic tags of each article with its Tags, in one
// transaction. Manual tags and the tags the user removed stay: an automatic tag that collides
// with one of them is not written.
func (s *Store) ReplaceAutoTags(ctx context.Context, arts []feeds.Article) error {
	var created map[string]int64
	err := s.write(ctx, func(tx *gorm.DB) error {
		stx := sqlTx(tx)
		sv := saver{ctx: ctx, tx: stx, s: s}
		var args []any
		for _, a := range arts {
			if _, err := stx.ExecContext(ctx,
				`DELETE FROM article_tags WHERE article_id = ? AND manual = 0 AND removed = 0`, a.ID); err != nil {
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
	if err := s.rdb.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&result); err != nil {
		return fmt.Errorf("integrity check: %w", translate(err))
	}
	if result != "ok" {
		return fmt.Errorf("integrity check: %s", result)
	}
	return s.write(ctx, func(tx *gorm.DB) error {
		_, err := sqlTx(tx).ExecContext(ctx, `INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')`)
		if err != nil {
			return fmt.Errorf("full-text index check: %w", err)
		}
		return nil
	})
}
