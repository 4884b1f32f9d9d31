package storage

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"veille/feeds"
)

// listColumns are what a list shows: everything but content and text, which are the bulk of a
// row and come last in it, so that SQLite never even reads them here. text_source was added
// after them (schema v3); the list marks full-text articles, so it is read, but not the other
// page columns.
const listColumns = `a.id, a.feed_id, (SELECT title FROM feeds WHERE id = a.feed_id) AS feed_title,
	a.published, a.read, a.starred, a.date_guessed, a.paywalled, a.first_seen, a.updated,
	a.item_key, a.hash, a.guid, a.url, a.title, a.author, a.categories, a.summary, a.text_source`

// ListArticles returns a page of the articles matching q, newest first (published, then ID),
// starting after p.After (or the page above p.Before, or the last page). Content and Text are left empty; FeedTitle and Tags (names and manual
// flag, without the ones the user removed) are filled.
func (s *Store) ListArticles(ctx context.Context, q feeds.Query, p feeds.Page) ([]feeds.Article, error) {
	out, err := s.listArticles(ctx, q, p)
	if err != nil {
		return nil, fmt.Errorf("list articles: %w", translate(err))
	}
	return out, nil
}

// pageSQL is the query of a page's keys, newest first: the given columns of the driving table
// (its id, or its published and id), from indexes wherever the plan allows. empty: nothing
// can match. A page above a row (Before) or at the end (Last) walks the index the other way,
// oldest first; the caller's outer ORDER BY puts it back newest first.
func (s *Store) pageSQL(ctx context.Context, q feeds.Query, pg feeds.Page, cols func(d driver) string) (sqlText string, args []any, empty bool, err error) {
	if pg.After != nil && (pg.Before != nil || pg.Last) || pg.Before != nil && pg.Last {
		return "", nil, false, errors.New("a page starts after a row, before one or at the end, not two of them")
	}
	p, err := s.planQuery(ctx, q, false)
	if err != nil || p.empty {
		return "", nil, true, err
	}
	order := ` DESC`
	switch {
	case pg.After != nil:
		// A row value: SQLite turns it into a range on the index that gives the order.
		p.w.add(`(`+p.d.published+`, `+p.d.id+`) < (?, ?)`, ms(pg.After.Published), pg.After.ID)
	case pg.Before != nil:
		p.w.add(`(`+p.d.published+`, `+p.d.id+`) > (?, ?)`, ms(pg.Before.Published), pg.Before.ID)
		order = ` ASC`
	case pg.Last:
		order = ` ASC`
	}
	sqlText = `SELECT ` + cols(p.d) + p.fromSQL(false) + p.w.sql() +
		` ORDER BY ` + p.d.published + order + `, ` + p.d.id + order
	args = p.w.args
	if pg.Limit > 0 {
		sqlText += ` LIMIT ?`
		args = append(args, pg.Limit)
	}
	return sqlText, args, false, nil
}

// ListCursors returns the positions of a page of the articles matching q, newest first, and
// nothing else, read from indexes: what grouping a listing into stories needs. Only pages
// after a row (or from the top) are supported.
func (s *Store) ListCursors(ctx context.Context, q feeds.Query, pg feeds.Page) ([]feeds.ArticleCursor, error) {
	if pg.Before != nil || pg.Last {
		return nil, errors.New("list cursors: only pages after a row")
	}
	sqlText, args, empty, err := s.pageSQL(ctx, q, pg, func(d driver) string { return d.published + `, ` + d.id })
	if err != nil || empty {
		return nil, err
	}
	rows, err := s.read(ctx).Raw(sqlText, args...).Rows()
	if err != nil {
		return nil, fmt.Errorf("list cursors: %w", translate(err))
	}
	defer rows.Close()
	var out []feeds.ArticleCursor
	for rows.Next() {
		var published int64
		var c feeds.ArticleCursor
		if err := rows.Scan(&published, &c.ID); err != nil {
			return nil, fmt.Errorf("list cursors: %w", translate(err))
		}
		c.Published = fromMS(published)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list cursors: %w", translate(err))
	}
	return out, nil
}

func (s *Store) listArticles(ctx context.Context, q feeds.Query, pg feeds.Page) ([]feeds.Article, error) {
	// Two steps: the page's IDs first, then the list columns of those rows only. When the
	// matches must be sorted (a source, a rare word), the sorter then carries IDs and dates
	// rather than whole rows.
	ids, args, empty, err := s.pageSQL(ctx, q, pg, func(d driver) string { return d.id })
	if err != nil || empty {
		return nil, err
	}
	sqlText := `SELECT ` + listColumns + ` FROM articles a WHERE a.id IN (` + ids + `)` +
		` ORDER BY a.published DESC, a.id DESC`
	res, err := s.read(ctx).Raw(sqlText, args...).Rows()
	if err != nil {
		return nil, err
	}
	rows, err := scanArticles(res)
	if err != nil {
		return nil, err
	}
	var out []feeds.Article // nil when nothing matches, as before any row is read
	for i := range rows {
		out = append(out, rows[i].article())
	}
	if err := s.fillListTags(ctx, out); err != nil {
		return nil, err
	}
	return out, nil
}

// fillListTags sets the tags of a page of articles in one query.
func (s *Store) fillListTags(ctx context.Context, arts []feeds.Article) error {
	if len(arts) == 0 {
		return nil
	}
	byID := make(map[int64]*feeds.Article, len(arts))
	ids := make([]string, len(arts))
	for i := range arts {
		byID[arts[i].ID] = &arts[i]
		ids[i] = strconv.FormatInt(arts[i].ID, 10)
	}
	// The IDs come from the database as integers, so inlining them is safe, and it spares the
	// driver binding hundreds of parameters. The list shows names only: no evidence, but a
	// learned tag's (one line with its score, for `list --json`).
	res, err := s.read(ctx).Raw(`SELECT x.article_id, t.name, x.manual, x.learned,
		CASE WHEN x.learned = 1 THEN x.evidence ELSE '' END AS evidence
		FROM article_tags x JOIN tags t ON t.id = x.tag_id
		WHERE x.article_id IN (` + strings.Join(ids, ",") + `) AND x.removed = 0
		ORDER BY x.article_id, t.name`).Rows()
	if err != nil {
		return err
	}
	tags, err := scanTags(res)
	if err != nil {
		return err
	}
	for _, t := range tags {
		if a := byID[t.ArticleID]; a != nil {
			a.Tags = append(a.Tags, t.tag())
		}
	}
	return nil
}

// CountArticles counts the articles matching q, and how many of them are unread.
func (s *Store) CountArticles(ctx context.Context, q feeds.Query) (total, unread int, err error) {
	total, unread, err = s.countArticles(ctx, q)
	if err != nil {
		return 0, 0, fmt.Errorf("count articles: %w", translate(err))
	}
	return total, unread, nil
}

func (s *Store) countArticles(ctx context.Context, q feeds.Query) (total, unread int, err error) {
	onlyRead := q
	onlyRead.Read = nil
	if onlyRead.IsZero() {
		// The tabs' commonest counts. count(*) of a whole table is a b-tree count, and unread
		// a range of articles_read: both far cheaper than a scan summing read.
		db := s.read(ctx)
		if q.Read == nil || !*q.Read {
			err = db.Raw(`SELECT count(*) FROM articles WHERE read = 0`).Row().Scan(&unread)
		}
		switch {
		case err != nil:
		case q.Read == nil:
			err = db.Raw(`SELECT count(*) FROM articles`).Row().Scan(&total)
		case *q.Read:
			err = db.Raw(`SELECT count(*) FROM articles WHERE read = 1`).Row().Scan(&total)
		default:
			total = unread
		}
		return total, unread, err
	}
	p, err := s.planQuery(ctx, q, true)
	if err != nil || p.empty {
		return 0, 0, err
	}
	read := p.d.read
	if read == "" {
		read = `a.read`
	}
	err = s.read(ctx).Raw(`SELECT count(*), coalesce(sum(`+read+` = 0), 0)`+
		p.fromSQL(read == `a.read`)+p.w.sql(), p.w.args...).Row().Scan(&total, &unread)
	return total, unread, err
}

// Article returns one article with everything: content, text, and every tag row with its
// evidence, manual and removed flags.
func (s *Store) Article(ctx context.Context, id int64) (feeds.Article, error) {
	db := s.read(ctx)
	res, err := db.Raw(`SELECT a.*, f.title AS feed_title FROM articles a JOIN feeds f ON f.id = a.feed_id
		WHERE a.id = ?`, id).Rows()
	if err != nil {
		return feeds.Article{}, fmt.Errorf("article %d: %w", id, translate(err))
	}
	rows, err := scanArticles(res)
	if err == nil && len(rows) == 0 {
		err = feeds.ErrNotFound
	}
	if err != nil {
		return feeds.Article{}, fmt.Errorf("article %d: %w", id, translate(err))
	}
	a := rows[0].article()
	res, err = db.Raw(`SELECT t.name, x.manual, x.removed, x.learned, x.evidence
		FROM article_tags x JOIN tags t ON t.id = x.tag_id
		WHERE x.article_id = ? ORDER BY t.name`, id).Rows()
	if err != nil {
		return feeds.Article{}, fmt.Errorf("tags of article %d: %w", id, translate(err))
	}
	tags, err := scanTags(res)
	if err != nil {
		return feeds.Article{}, fmt.Errorf("tags of article %d: %w", id, translate(err))
	}
	for _, t := range tags {
		a.Tags = append(a.Tags, t.tag())
	}
	return a, nil
}

// SetRead marks articles read or unread. Unknown IDs are ignored: the article may have gone
// with its feed meanwhile.
func (s *Store) SetRead(ctx context.Context, ids []int64, read bool) error {
	if err := s.setFlag(ctx, "read", ids, read); err != nil {
		return fmt.Errorf("mark read: %w", err)
	}
	return nil
}

// SetStarred stars or unstars articles. Unknown IDs are ignored.
func (s *Store) SetStarred(ctx context.Context, ids []int64, starred bool) error {
	if err := s.setFlag(ctx, "starred", ids, starred); err != nil {
		return fmt.Errorf("star: %w", err)
	}
	return nil
}

// setFlag sets a user flag column (a constant of ours, never user input) on many articles in
// one transaction. Rows that already hold the value are not rewritten.
func (s *Store) setFlag(ctx context.Context, column string, ids []int64, v bool) error {
	if len(ids) == 0 {
		return nil
	}
	return s.write(ctx, func(tx *gorm.DB) error {
		const chunk = 500
		for start := 0; start < len(ids); start += chunk {
			part := ids[start:min(start+chunk, len(ids))]
			list := make([]string, len(part))
			for i, id := range part {
				list[i] = strconv.FormatInt(id, 10) // integers: safe to inline
			}
			err := tx.Exec(`UPDATE articles SET `+column+` = ? WHERE id IN (`+
				strings.Join(list, ",")+`) AND `+column+` <> ?`, b2i(v), b2i(v)).Error
			if err != nil {
				return err
			}
			// In the same transaction: a change the feed server must learn (sync.go).
			if err := enqueueFlag(tx, column, strings.Join(list, ","), v); err != nil {
				return err
			}
		}
		return nil
	})
}
