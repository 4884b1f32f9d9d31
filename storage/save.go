package storage

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"veille/feeds"
)

// SaveRefresh writes one feed's refresh in one transaction: the feed's new state, then, unless
// the feed answered 304, its articles. New articles are inserted; known ones whose upstream
// text changed (Hash) get their upstream columns rewritten and their automatic tags replaced;
// unchanged ones are not written at all. User state is never touched: read, starred,
// first_seen, manual tags, and tags the user removed (a rule never gives those back).
//
// A known article keeps its stored publication date, so that a feed re-dating its items does
// not reorder the list, unless the stored date was guessed and the feed now gives one.
//
// A feed removed while it was being fetched is not an error: nothing is written and the
// result is zero.
//
// now is the refresh's time: the first sighting of the articles that carry none.
func (s *Store) SaveRefresh(ctx context.Context, u feeds.FeedUpdate, now time.Time) (feeds.SaveResult, error) {
	if u.Feed.ID == 0 {
		return feeds.SaveResult{}, errors.New("save refresh: feed without ID")
	}
	var res feeds.SaveResult
	var created map[string]int64
	err := s.write(ctx, func(tx *gorm.DB) error {
		res, created = feeds.SaveResult{}, nil
		ok, err := saveFeedState(tx, u.Feed, true)
		if err != nil || !ok || u.NotModified || len(u.Articles) == 0 {
			return err
		}
		sv := saver{tx: tx, s: s, feedID: u.Feed.ID, now: now}
		err = sv.save(u.Articles)
		res, created = sv.res, sv.createdTags
		return err
	})
	if err != nil {
		return feeds.SaveResult{}, fmt.Errorf("save refresh of feed %d: %w", u.Feed.ID, err)
	}
	s.rememberTags(created) // only now: a rolled-back tag ID would be a lie
	return res, nil
}

// saver holds one SaveRefresh transaction's work.
type saver struct {
	tx     *gorm.DB // the transaction, with its context
	s      *Store
	feedID int64
	now    time.Time

	res         feeds.SaveResult
	createdTags map[string]int64 // tags this transaction inserted
}

// stored is what the upsert needs to know of a known article.
type stored struct {
	id          int64
	hash        string
	dateGuessed bool
}

func (sv *saver) save(in []feeds.Article) error {
	arts := dedupe(in)
	if len(arts) == 0 {
		return nil
	}
	known, err := sv.known(arts)
	if err != nil {
		return fmt.Errorf("look up known articles: %w", err)
	}
	var fresh []*feeds.Article
	type change struct {
		a *feeds.Article
		k stored
	}
	var changed []change
	for _, a := range arts {
		k, ok := known[a.Key]
		switch {
		case !ok:
			fresh = append(fresh, a)
		case k.hash != a.Hash:
			changed = append(changed, change{a, k})
		}
	}
	ids, err := sv.insert(fresh)
	if err != nil {
		return fmt.Errorf("insert articles: %w", err)
	}
	var tagArgs []any
	for i, a := range fresh {
		if tagArgs, err = sv.autoTagArgs(tagArgs, ids[i], a.Tags); err != nil {
			return fmt.Errorf("tag new articles: %w", err)
		}
	}
	if err := sv.insertAutoTags(tagArgs); err != nil {
		return fmt.Errorf("tag new articles: %w", err)
	}
	for _, c := range changed {
		if err := sv.update(c.a, c.k); err != nil {
			return fmt.Errorf("update article: %w", err)
		}
	}
	sv.res.New, sv.res.Updated = len(fresh), len(changed)
	return nil
}

// dedupe keeps the first of articles sharing a key: the UNIQUE (feed_id, item_key) constraint
// would otherwise fail the whole feed. Parsed articles come with their Key and Hash; for other
// callers, the missing ones are made by feeds' own definitions.
func dedupe(in []feeds.Article) []*feeds.Article {
	seen := make(map[string]bool, len(in))
	out := make([]*feeds.Article, 0, len(in))
	for i := range in {
		a := in[i] // a copy: the caller's slice is not ours to modify
		if a.Key == "" {
			a.Key = feeds.ItemKey(a.GUID, a.URL)
		}
		if a.Key == "" || seen[a.Key] {
			continue // no identity at all: it could never be deduplicated on the next refresh
		}
		seen[a.Key] = true
		if a.Hash == "" {
			a.Hash = feeds.ContentHash(&a)
		}
		out = append(out, &a)
	}
	return out
}

// known returns the stored articles among arts, by key, in one query per 500 keys.
func (sv *saver) known(arts []*feeds.Article) (map[string]stored, error) {
	known := make(map[string]stored, len(arts))
	const chunk = 500
	for start := 0; start < len(arts); start += chunk {
		part := arts[start:min(start+chunk, len(arts))]
		args := make([]any, 0, len(part)+1)
		args = append(args, sv.feedID)
		for _, a := range part {
			args = append(args, a.Key)
		}
		rows, err := sv.tx.Raw(
			`SELECT item_key, id, hash, date_guessed FROM articles WHERE feed_id = ? AND item_key IN (`+
				placeholders(len(part))+`)`, args...).Rows()
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var key string
			var k stored
			if err := rows.Scan(&key, &k.id, &k.hash, &k.dateGuessed); err != nil {
				rows.Close()
				return nil, err
			}
			known[key] = k
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return known, nil
}

const insertColumns = `feed_id, published, read, starred, date_guessed, paywalled, first_seen, updated,
	item_key, hash, guid, url, title, author, categories, summary, content, text`

const insertColumnCount = 18

// stagingBatch is how many articles one INSERT into the staging table carries. The driver
// prepares a statement again on every execution and binds parameters in time quadratic in
// their number (18 per article), so a few rows per statement is the cheapest.
const stagingBatch = 8

// insert adds new articles and returns their IDs in order.
//
// The rows go through a temporary staging table, then into articles in one INSERT … SELECT,
// so that the full-text trigger runs inside a single statement. SQLite 3.41's FTS5 writes its
// pending terms to disk as a new segment at the end of every statement (the statement
// savepoint's release), so inserting a feed's 50 articles eight at a time would write seven
// small segments, then merge them: staging costs one memory copy and saves that (about 10 %
// of a cold refresh).
func (sv *saver) insert(arts []*feeds.Article) ([]int64, error) {
	if len(arts) == 0 {
		return nil, nil
	}
	if err := sv.tx.Exec(`CREATE TEMP TABLE IF NOT EXISTS stage_articles (
		seq INTEGER PRIMARY KEY, ` + insertColumns + `)`).Error; err != nil {
		return nil, err
	}
	row := "(" + placeholders(insertColumnCount) + ")"
	for start := 0; start < len(arts); start += stagingBatch {
		part := arts[start:min(start+stagingBatch, len(arts))]
		args := make([]any, 0, len(part)*insertColumnCount)
		for _, a := range part {
			args = sv.insertArgs(args, a)
		}
		q := `INSERT INTO temp.stage_articles (` + insertColumns + `) VALUES ` +
			strings.TrimSuffix(strings.Repeat(row+",", len(part)), ",")
		if err := sv.tx.Exec(q, args...).Error; err != nil {
			return nil, err
		}
	}
	got := make(map[string]int64, len(arts))
	err := sv.returningIDs(got, `INSERT INTO articles (`+insertColumns+`)
		SELECT `+insertColumns+` FROM temp.stage_articles ORDER BY seq
		RETURNING id, item_key`)
	if err != nil {
		return nil, err
	}
	if err := sv.tx.Exec(`DELETE FROM temp.stage_articles`).Error; err != nil {
		return nil, err
	}
	ids := make([]int64, len(arts))
	for i, a := range arts {
		id, ok := got[a.Key]
		if !ok {
			return nil, fmt.Errorf("no ID returned for %q", a.Key)
		}
		ids[i] = id
	}
	return ids, nil
}

// returningIDs runs an INSERT … RETURNING id, item_key. SQLite does not promise the order of
// RETURNING rows, hence the keys.
func (sv *saver) returningIDs(got map[string]int64, q string) error {
	rows, err := sv.tx.Raw(q).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var key string
		if err := rows.Scan(&id, &key); err != nil {
			return err
		}
		got[key] = id
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return rows.Close()
}

func (sv *saver) insertArgs(args []any, a *feeds.Article) []any {
	firstSeen := a.FirstSeen
	if firstSeen.IsZero() {
		firstSeen = sv.now
	}
	published, guessed := a.Published, a.DateGuessed
	if published.IsZero() {
		published, guessed = firstSeen, true
	}
	return append(args,
		sv.feedID, ms(published), b2i(a.Read), b2i(a.Starred), b2i(guessed), b2i(a.Paywalled),
		ms(firstSeen), ms(a.Updated),
		a.Key, a.Hash, a.GUID, a.URL, a.Title, a.Author, joinCategories(a.Categories),
		a.Summary, a.Content, a.Text)
}

// update rewrites the upstream columns of a known article whose text changed, and replaces
// its automatic tags. The new upstream text replaces any text taken from the article's page,
// and the page state goes back to "never tried", so that the page is fetched again: a changed
// feed item usually means a changed article.
func (sv *saver) update(a *feeds.Article, k stored) error {
	// The stored date stays, unless it was guessed and the feed now gives a real one.
	redate := k.dateGuessed && !a.DateGuessed && !a.Published.IsZero()
	err := sv.tx.Exec(`UPDATE articles SET
		guid = ?, url = ?, title = ?, author = ?, summary = ?, content = ?, text = ?,
		categories = ?, paywalled = ?, hash = ?, updated = ?,
		published = CASE WHEN ? THEN ? ELSE published END,
		date_guessed = CASE WHEN ? THEN 0 ELSE date_guessed END,
		text_source = 'feed', page_url = '', page_at = 0, page_error = ''
		WHERE id = ?`,
		a.GUID, a.URL, a.Title, a.Author, a.Summary, a.Content, a.Text,
		joinCategories(a.Categories), b2i(a.Paywalled), a.Hash, ms(a.Updated),
		redate, ms(a.Published),
		redate,
		k.id).Error
	if err != nil {
		return err
	}
	// Only the rules' own rows go: manual tags and the user's removals stay.
	if err := deleteAutoTags(sv.tx, k.id); err != nil {
		return err
	}
	args, err := sv.autoTagArgs(nil, k.id, a.Tags)
	if err != nil {
		return err
	}
	return sv.insertAutoTags(args)
}

// autoTagArgs appends the (article_id, tag_id, evidence) triples of an article's automatic
// tags to args.
func (sv *saver) autoTagArgs(args []any, articleID int64, tags []feeds.ArticleTag) ([]any, error) {
	for _, t := range tags {
		if t.Removed {
			continue
		}
		id, err := sv.tagID(t.Name)
		if errors.Is(err, ErrEmptyTag) {
			continue // a rule with a blank name gives nothing to show
		}
		if err != nil {
			return nil, err
		}
		args = append(args, articleID, id, encodeEvidence(t.Evidence))
	}
	return args, nil
}

// insertAutoTags inserts automatic tag rows, 100 per statement. A row already there is a
// manual tag or a tag the user removed (the automatic ones were just deleted or never
// existed): DO NOTHING keeps it as the user left it.
func (sv *saver) insertAutoTags(args []any) error {
	const perStmt = 100 * 3
	for start := 0; start < len(args); start += perStmt {
		part := args[start:min(start+perStmt, len(args))]
		// published and read are copied from the article row (see article_tags in the schema).
		// The WHERE is SQLite's required disambiguation between a join's ON and the upsert's.
		err := sv.tx.Exec(
			`INSERT INTO article_tags (article_id, tag_id, manual, removed, evidence, published, read)
			SELECT v.column1, v.column2, 0, 0, v.column3, a.published, a.read
			FROM (VALUES `+strings.TrimSuffix(strings.Repeat("(?, ?, ?),", len(part)/3), ",")+`) v
			JOIN articles a ON a.id = v.column1
			WHERE true
			ON CONFLICT (article_id, tag_id) DO NOTHING`, part...).Error
		if err != nil {
			return err
		}
	}
	return nil
}

// tagID returns the ID of a tag, creating it in this transaction when needed.
func (sv *saver) tagID(name string) (int64, error) {
	id, created, err := sv.s.tagID(sv.tx, name, sv.createdTags)
	if err != nil {
		return 0, err
	}
	if created {
		if sv.createdTags == nil {
			sv.createdTags = map[string]int64{}
		}
		sv.createdTags[feeds.FoldName(name)] = id
	}
	return id, nil
}

// deleteAutoTags deletes the rules' tag rows of an article: manual tags, the user's removals
// and learned tags (storage/learn.go) stay.
func deleteAutoTags(tx *gorm.DB, articleID int64) error {
	return tx.Exec(`DELETE FROM article_tags WHERE article_id = ? AND manual = 0 AND removed = 0 AND learned = 0`, articleID).Error
}

// placeholders returns "?, ?, …" with n marks.
func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}
