package storage

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"sync"

	"gorm.io/gorm"

	"veille/feeds"
)

// RetagReport is what applying the tag rules to the whole cache did, or would do.
type RetagReport struct {
	Articles int       // articles tagged
	Changed  int       // articles whose automatic tags changed
	Tags     []TagDiff // per tag, by name; only tags that changed
}

// TagDiff counts the articles a tag gains and loses, with a few of their titles.
type TagDiff struct {
	Tag                            string
	Added, Removed                 int
	AddedExamples, RemovedExamples []string
}

// retagExamples is how many titles a TagDiff keeps on each side.
const retagExamples = 3

// retagBatch is how many articles are read, tagged and (unless dry) written at a time: small
// enough to bound memory on a 100,000-article cache, large enough for cheap transactions.
const retagBatch = 1000

// Retag runs tag over every article again and, unless dryRun, replaces the automatic tags that
// changed. Manual tags and the tags the user removed are never touched: a removed tag stays
// removed, whatever the rules say.
func (s *Store) Retag(ctx context.Context, tag func(*feeds.Article, *feeds.Feed) []feeds.ArticleTag, dryRun bool) (RetagReport, error) {
	subs, err := s.Feeds(ctx)
	if err != nil {
		return RetagReport{}, err
	}
	byID := make(map[int64]*feeds.Feed, len(subs))
	for i := range subs {
		byID[subs[i].ID] = &subs[i]
	}
	diffs := map[string]*TagDiff{}
	var rep RetagReport
	for after := int64(0); ; {
		batch, err := s.retagBatch(ctx, after)
		if err != nil {
			return rep, err
		}
		if len(batch) == 0 {
			break
		}
		after = batch[len(batch)-1].article.ID
		tagInParallel(batch, byID, tag)
		var changed []*retagItem
		for i := range batch {
			it := &batch[i]
			added, removed := it.diff()
			if len(added)+len(removed) == 0 && !it.evidenceChanged() {
				continue
			}
			changed = append(changed, it)
			count := func(names []string, add bool) {
				for _, n := range names {
					d := diffs[n]
					if d == nil {
						d = &TagDiff{Tag: n}
						diffs[n] = d
					}
					ex := &d.RemovedExamples
					if add {
						d.Added++
						ex = &d.AddedExamples
					} else {
						d.Removed++
					}
					if len(*ex) < retagExamples {
						*ex = append(*ex, it.article.Title)
					}
				}
			}
			count(added, true)
			count(removed, false)
		}
		rep.Articles += len(batch)
		rep.Changed += len(changed)
		if !dryRun && len(changed) > 0 {
			if err := s.writeRetag(ctx, changed); err != nil {
				return rep, err
			}
		}
	}
	for _, d := range diffs {
		rep.Tags = append(rep.Tags, *d)
	}
	sort.Slice(rep.Tags, func(i, j int) bool { return rep.Tags[i].Tag < rep.Tags[j].Tag })
	return rep, nil
}

// retagItem is one article as retag sees it: its text, its current tag rows, its new tags.
type retagItem struct {
	article feeds.Article
	current map[string]tagRow // every tag row of the article, by name
	fresh   []feeds.ArticleTag
}

type tagRow struct {
	manual, removed bool
	evidence        string
}

// diff lists the automatic tags the article gains and loses. A tag held by hand or removed by
// the user is neither: the rules do not decide it.
func (it *retagItem) diff() (added, removed []string) {
	want := map[string]bool{}
	for _, t := range it.fresh {
		name := feeds.FoldName(t.Name)
		if row, ok := it.current[name]; ok && (row.manual || row.removed) {
			continue
		}
		want[name] = true
		if _, ok := it.current[name]; !ok {
			added = append(added, name)
		}
	}
	for name, row := range it.current {
		if !row.manual && !row.removed && !want[name] {
			removed = append(removed, name)
		}
	}
	slices.Sort(added)
	slices.Sort(removed)
	return added, removed
}

// evidenceChanged reports whether a tag kept by the rules now has other evidence, which is
// worth rewriting so that `show` explains the tag with the current rules.
func (it *retagItem) evidenceChanged() bool {
	for _, t := range it.fresh {
		if row, ok := it.current[feeds.FoldName(t.Name)]; ok && !row.manual && !row.removed &&
			row.evidence != encodeEvidence(t.Evidence) {
			return true
		}
	}
	return false
}

// retagBatch reads the next articles after the given ID with what tagging needs, and their
// tag rows.
func (s *Store) retagBatch(ctx context.Context, after int64) ([]retagItem, error) {
	db := s.rdb
	rows, err := db.QueryContext(ctx, `SELECT id, feed_id, title, summary, text, categories
		FROM articles WHERE id > ? ORDER BY id LIMIT ?`, after, retagBatch)
	if err != nil {
		return nil, fmt.Errorf("retag: read articles: %w", err)
	}
	var batch []retagItem
	index := map[int64]int{}
	for rows.Next() {
		var it retagItem
		var cats string
		a := &it.article
		if err := rows.Scan(&a.ID, &a.FeedID, &a.Title, &a.Summary, &a.Text, &cats); err != nil {
			rows.Close()
			return nil, fmt.Errorf("retag: read articles: %w", err)
		}
		a.Categories = splitCategories(cats)
		it.current = map[string]tagRow{}
		index[a.ID] = len(batch)
		batch = append(batch, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(batch) == 0 {
		return batch, err
	}
	tags, err := db.QueryContext(ctx, `SELECT at.article_id, t.name, at.manual, at.removed, at.evidence
		FROM article_tags at JOIN tags t ON t.id = at.tag_id
		WHERE at.article_id > ? AND at.article_id <= ?`, after, batch[len(batch)-1].article.ID)
	if err != nil {
		return nil, fmt.Errorf("retag: read tags: %w", err)
	}
	defer tags.Close()
	for tags.Next() {
		var id int64
		var name string
		var row tagRow
		if err := tags.Scan(&id, &name, &row.manual, &row.removed, &row.evidence); err != nil {
			return nil, fmt.Errorf("retag: read tags: %w", err)
		}
		if i, ok := index[id]; ok {
			batch[i].current[name] = row
		}
	}
	return batch, tags.Err()
}

// tagInParallel tags a batch on every core: tagging is pure CPU work.
func tagInParallel(batch []retagItem, byID map[int64]*feeds.Feed, tag func(*feeds.Article, *feeds.Feed) []feeds.ArticleTag) {
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(batch); i += workers {
				it := &batch[i]
				it.fresh = tag(&it.article, byID[it.article.FeedID])
			}
		}()
	}
	wg.Wait()
}

// writeRetag replaces the automatic tags of the changed articles in one transaction.
func (s *Store) writeRetag(ctx context.Context, changed []*retagItem) error {
	var created map[string]int64
	err := s.write(ctx, func(tx *gorm.DB) error {
		stx := sqlTx(tx)
		sv := saver{ctx: ctx, tx: stx, s: s}
		var args []any
		for _, it := range changed {
			if _, err := stx.ExecContext(ctx,
				`DELETE FROM article_tags WHERE article_id = ? AND manual = 0 AND removed = 0`, it.article.ID); err != nil {
				return err
			}
			var err error
			if args, err = sv.autoTagArgs(args, it.article.ID, it.fresh); err != nil {
				return err
			}
		}
		created = sv.createdTags
		return sv.insertAutoTags(args)
	})
	if err != nil {
		return fmt.Errorf("retag: write tags: %w", err)
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
