package storage

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"veille/feeds"
)

// This file is the SQL of tags learned from the user's own tagging (tagging.Learn decides
// what to learn and where). A learned tag is an article_tags row with learned = 1, manual = 0
// and removed = 0: rules never write it (deleteAutoTags keeps it), a relearn replaces only such
// rows, and a user's edit turns it into a manual tag or a removal, which then stays the user's.

// schemaLearn adds the learned flag and the state of each learned tag's model.
const schemaLearn = `
ALTER TABLE article_tags ADD COLUMN learned INTEGER NOT NULL DEFAULT 0;
CREATE TABLE learn_models (
	tag        TEXT    PRIMARY KEY, -- folded tag name
	positives  INTEGER NOT NULL,    -- manual tags
	removals   INTEGER NOT NULL,    -- the tag removed by hand: explicit negatives
	negatives  INTEGER NOT NULL,    -- negatives used, removals included
	precision  REAL    NOT NULL,    -- cross-validated
	recall     REAL    NOT NULL,
	tagged     INTEGER NOT NULL,    -- articles given the tag by the model
	trained_at INTEGER NOT NULL     -- Unix ms
);
`

// schemaUserTags indexes the few tag rows the user made or that were learned from them, so
// that LearnCounts, run after every refresh, reads those rather than every tag row of the
// cache (40 ms at 5,000 articles, seconds at a million). The WHERE of the index is the one
// of the query, word for word: SQLite uses a partial index only for a query that implies it.
const schemaUserTags = `
CREATE INDEX article_tags_user ON article_tags(tag_id) WHERE manual = 1 OR removed = 1 OR learned = 1;
`

const learnCountsSQL = `SELECT t.name AS name, sum(x.manual = 1) AS manual, sum(x.removed = 1) AS removed,
		sum(x.learned = 1 AND x.manual = 0 AND x.removed = 0) AS learned
	FROM article_tags x JOIN tags t ON t.id = x.tag_id
	WHERE manual = 1 OR removed = 1 OR learned = 1
	GROUP BY t.name HAVING sum(x.manual = 1) > 0 OR sum(x.learned = 1) > 0 ORDER BY t.name`

// LearnCounts lists every tag that has at least one manual row, with its counts.
func (s *Store) LearnCounts(ctx context.Context) ([]feeds.LearnCount, error) {
	var out []feeds.LearnCount
	err := s.read(ctx).Raw(learnCountsSQL).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("learn counts: %w", translate(err))
	}
	return out, nil
}

// LearnDocs returns the newest limit articles (and every article the user tagged with or
// removed tag from, however old) with their relation to the tag.
func (s *Store) LearnDocs(ctx context.Context, tag string, limit int) ([]feeds.LearnDoc, error) {
	tag = feeds.FoldName(tag)
	var out []feeds.LearnDoc
	err := s.read(ctx).Raw(`SELECT a.id AS id, a.title AS title, a.summary AS summary,
			coalesce(x.manual, 0) AS manual, coalesce(x.removed, 0) AS removed, coalesce(x.learned, 0) AS learned
		FROM articles a
		LEFT JOIN article_tags x ON x.article_id = a.id AND x.tag_id = (SELECT id FROM tags WHERE name = ?)
		WHERE a.id IN (SELECT id FROM articles ORDER BY published DESC, id DESC LIMIT ?)
		   OR x.manual = 1 OR x.removed = 1
		ORDER BY a.id`, tag, limit).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("learn documents: %w", translate(err))
	}
	return out, nil
}

// LearnedRule and LearnedField name a learned tag's evidence.
const (
	LearnedRule  = "appris"
	LearnedField = "learned"
)

// ApplyLearned makes hits the learned rows of tag: learned rows not in hits go, hits are
// written where the article has no row for the tag (a manual tag, a removal or a rule's tag
// stays as it is). With all false, only the articles of hits are touched (new articles at a
// refresh); with all true, the whole cache is brought to hits.
func (s *Store) ApplyLearned(ctx context.Context, tag string, hits []feeds.LearnedHit, all bool) error {
	var created map[string]int64
	err := s.write(ctx, func(tx *gorm.DB) error {
		sv := saver{tx: tx, s: s}
		id, err := sv.tagID(tag)
		if err != nil {
			return err
		}
		created = sv.createdTags
		if all {
			if err := tx.Exec(`DELETE FROM article_tags WHERE tag_id = ? AND learned = 1 AND manual = 0 AND removed = 0`, id).Error; err != nil {
				return err
			}
		}
		const per = 100
		for start := 0; start < len(hits); start += per {
			part := hits[start:min(start+per, len(hits))]
			args := make([]any, 0, 2*len(part))
			for _, h := range part {
				ev := encodeEvidence([]feeds.Evidence{{Rule: LearnedRule, Match: strings.Join(h.Words, ", "), Field: LearnedField, Score: h.Score}})
				args = append(args, h.ID, ev)
			}
			err := tx.Exec(`INSERT INTO article_tags (article_id, tag_id, manual, removed, learned, evidence, published, read)
				SELECT v.column1, ?, 0, 0, 1, v.column2, a.published, a.read
				FROM (VALUES `+strings.TrimSuffix(strings.Repeat("(?, ?),", len(part)), ",")+`) v
				JOIN articles a ON a.id = v.column1
				WHERE true
				ON CONFLICT (article_id, tag_id) DO UPDATE SET evidence = excluded.evidence
				WHERE article_tags.learned = 1 AND article_tags.manual = 0 AND article_tags.removed = 0`,
				append([]any{id}, args...)...).Error
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("apply learned tag %q: %w", tag, translate(err))
	}
	s.rememberTags(created)
	return nil
}

// DropLearned deletes the learned rows and the model state of a tag (too few examples, or
// switched off by the user). Manual tags and removals stay.
func (s *Store) DropLearned(ctx context.Context, tag string) error {
	tag = feeds.FoldName(tag)
	err := s.write(ctx, func(tx *gorm.DB) error {
		if err := tx.Exec(`DELETE FROM article_tags WHERE learned = 1 AND manual = 0 AND removed = 0
			AND tag_id = (SELECT id FROM tags WHERE name = ?)`, tag).Error; err != nil {
			return err
		}
		return tx.Exec(`DELETE FROM learn_models WHERE tag = ?`, tag).Error
	})
	if err != nil {
		return fmt.Errorf("drop learned tag %q: %w", tag, translate(err))
	}
	return nil
}

// SaveLearnModel records a learned tag's model state.
func (s *Store) SaveLearnModel(ctx context.Context, m feeds.LearnModel) error {
	err := s.write(ctx, func(tx *gorm.DB) error {
		return tx.Exec(`INSERT INTO learn_models (tag, positives, removals, negatives, precision, recall, tagged, trained_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (tag) DO UPDATE SET positives = excluded.positives, removals = excluded.removals,
				negatives = excluded.negatives, precision = excluded.precision, recall = excluded.recall,
				tagged = excluded.tagged, trained_at = excluded.trained_at`,
			feeds.FoldName(m.Tag), m.Positives, m.Removals, m.Negatives, m.Precision, m.Recall, m.Tagged, m.TrainedAt).Error
	})
	if err != nil {
		return fmt.Errorf("save learned model %q: %w", m.Tag, translate(err))
	}
	return nil
}

// LearnModels lists the learned tags' model states, by tag.
func (s *Store) LearnModels(ctx context.Context) ([]feeds.LearnModel, error) {
	var out []feeds.LearnModel
	err := s.read(ctx).Raw(`SELECT tag, positives, removals, negatives, precision, recall, tagged, trained_at
		FROM learn_models ORDER BY tag`).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("learned models: %w", translate(err))
	}
	return out, nil
}
