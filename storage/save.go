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

// SaveRefresh writes one feed's refresh in one transaction; see SaveRefreshes.
func (s *Store) SaveRefresh(ctx context.Context, u feeds.FeedUpdate, now time.Time) (feeds.SaveResult, error) {
	res, err := s.SaveRefreshes(ctx, []feeds.FeedUpdate{u}, now)
	if err != nil {
		return feeds.SaveResult{}, err
	}
	return res[0], nil
}

// SaveRefreshes writes several feeds' refreshes in one transaction (a group commit): for each
// feed, its new state, then, unless it answered 304, its articles. New articles are inserted;
// known ones whose upstream text changed (Hash) get their upstream columns rewritten and their
// automatic tags replaced; unchanged ones are not written at all. User state is never touched:
// read, starred, first_seen, manual tags, and tags the user removed (a rule never gives those
// back). The results are in the order of us; the transaction is whole or not at all.
//
// Grouping is what makes a cold refresh cheap: the new articles of every feed in the group go
// into the table in one INSERT, so the full-text index writes one segment per group instead
// of one per feed, and the commit, its WAL frames and the index merges are paid once.
//
// A known article keeps its stored publication date, so that a feed re-dating its items does
// not reorder the list, unless the stored date was guessed and the feed now gives one.
//
// A feed removed while it was being fetched is not an error: nothing is written for it and its
// result is zero. A feed may appear only once in us.
//
// now is the refresh's time: the first sighting of the articles that carry none.
func (s *Store) SaveRefreshes(ctx context.Context, us []feeds.FeedUpdate, now time.Time) ([]feeds.SaveResult, error) {
	seen := make(map[int64]bool, len(us))
	for _, u := range us {
		if u.Feed.ID == 0 {
			return nil, errors.New("save refresh: feed without ID")
		}
		if seen[u.Feed.ID] {
			return nil, fmt.Errorf("save refresh: feed %d twice in one group", u.Feed.ID)
		}
		seen[u.Feed.ID] = true
	}
	var sv *saver
	var version int64
	err := s.writeKeep(ctx, func(tx *gorm.DB) error {
		sv = &saver{tx: tx, s: s, now: now, res: make([]feeds.SaveResult, len(us))}
		for i, u := range us {
			ok, err := saveFeedState(tx, u.Feed, true)
			if err == nil && ok && !u.NotModified {
				err = saveMalformed(tx, u.Feed)
			}
			if err != nil {
				return fmt.Errorf("feed %d: %w", u.Feed.ID, err)
			}
			if !ok || u.NotModified || len(u.Articles) == 0 {
				continue
			}
			if err := sv.sort(i, u.Feed.ID, u.Articles); err != nil {
				return fmt.Errorf("feed %d: %w", u.Feed.ID, err)
			}
		}
		if err := sv.write(); err != nil {
			return err
		}
		var err error
		version, err = dataVersion(tx) // for the story handoff, once this commits
		return err
	})
	if err != nil {
		if len(us) == 1 {
			return nil, fmt.Errorf("save refresh of feed %d: %w", us[0].Feed.ID, err)
		}
		return nil, fmt.Errorf("save refresh of %d feeds: %w", len(us), err)
	}
	s.rememberTags(sv.createdTags)                             // only now: a rolled-back tag ID would be a lie
	s.handoff.keep(version, sv.fresh, sv.freshIDs, sv.changed) // the story pass reads these from memory
	return sv.res, nil
}

// saver holds one SaveRefreshes transaction's work.
type saver struct {
	tx  *gorm.DB // the transaction, with its context
	s   *Store
	now time.Time

	fresh    []pending // new articles of every feed of the group, in order
	freshIDs []int64   // their IDs, once inserted
	changed  []pending // known articles whose upstream text changed

	res         []feeds.SaveResult // per update
	createdTags map[string]int64   // tags this transaction inserted
}

// pending is one article to write, with the feed it belongs to and the result it counts in.
type pending struct {
	a      *feeds.Article
	feedID int64
	update int // index in the results
	k      stored
}

// stored is what the upsert needs to know of a known article.
type stored struct {
	id          int64
	hash        string
	dateGuessed bool
}

// sort looks one feed's articles up and files them as new, changed or unchanged.
func (sv *saver) sort(update int, feedID int64, in []feeds.Article) error {
	arts := dedupe(in)
	if len(arts) == 0 {
		return nil
	}
	known, err := sv.known(feedID, arts)
	if err != nil {
		return fmt.Errorf("look up known articles: %w", err)
	}
	for _, a := range arts {
		k, ok := known[a.Key]
		switch {
		case !ok:
			sv.fresh = append(sv.fresh, pending{a: a, feedID: feedID, update: update})
			sv.res[update].New++
		case k.hash != a.Hash:
			sv.changed = append(sv.changed, pending{a: a, feedID: feedID, update: update, k: k})
			sv.res[update].Updated++
		}
	}
	return nil
}

// write inserts the group's new articles and their tags, then rewrites the changed ones.
func (sv *saver) write() error {
	ids, err := sv.insert(sv.fresh)
	if err != nil {
		return fmt.Errorf("insert articles: %w", err)
	}
	sv.freshIDs = ids
	if err := sv.insertNewTags(ids); err != nil {
		return fmt.Errorf("tag new articles: %w", err)
	}
	for _, c := range sv.changed {
		if err := sv.update(c.a, c.k); err != nil {
			return fmt.Errorf("update article: %w", err)
		}
	}
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
func (sv *saver) known(feedID int64, arts []*feeds.Article) (map[string]stored, error) {
	known := make(map[string]stored, len(arts))
	const chunk = 500
	for start := 0; start < len(arts); start += chunk {
		part := arts[start:min(start+chunk, len(arts))]
		args := make([]any, 0, len(part)+1)
		args = append(args, feedID)
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
// savepoint's release), so inserting a group's articles eight at a time would write many
// small segments, then merge them: staging costs one memory copy and saves that.
func (sv *saver) insert(ps []pending) ([]int64, error) {
	if len(ps) == 0 {
		return nil, nil
	}
	if err := sv.tx.Exec(`CREATE TEMP TABLE IF NOT EXISTS stage_articles (
		seq INTEGER PRIMARY KEY, ` + insertColumns + `)`).Error; err != nil {
		return nil, err
	}
	// Prepared once and kept: the statement is the same for every full batch of every group.
	stage := sv.tx
	row := "(" + placeholders(insertColumnCount) + ")"
	args := make([]any, 0, stagingBatch*insertColumnCount)
	for start := 0; start < len(ps); start += stagingBatch {
		part := ps[start:min(start+stagingBatch, len(ps))]
		args = args[:0]
		for _, p := range part {
			args = sv.insertArgs(args, p.feedID, p.a)
		}
		q := `INSERT INTO temp.stage_articles (` + insertColumns + `) VALUES ` +
			strings.TrimSuffix(strings.Repeat(row+",", len(part)), ",")
		if err := stage.Exec(q, args...).Error; err != nil {
			return nil, err
		}
	}
	type feedKey struct {
		feed int64
		key  string
	}
	got := make(map[feedKey]int64, len(ps))
	rows, err := sv.tx.Raw(`INSERT INTO articles (` + insertColumns + `)
		SELECT ` + insertColumns + ` FROM temp.stage_articles ORDER BY seq
		RETURNING id, feed_id, item_key`).Rows()
	if err != nil {
		return nil, err
	}
	// SQLite does not promise the order of RETURNING rows, hence the keys.
	for rows.Next() {
		var id int64
		var k feedKey
		if err := rows.Scan(&id, &k.feed, &k.key); err != nil {
			rows.Close()
			return nil, err
		}
		got[k] = id
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := sv.tx.Exec(`DELETE FROM temp.stage_articles`).Error; err != nil {
		return nil, err
	}
	ids := make([]int64, len(ps))
	for i, p := range ps {
		id, ok := got[feedKey{p.feedID, p.a.Key}]
		if !ok {
			return nil, fmt.Errorf("no ID returned for %q of feed %d", p.a.Key, p.feedID)
		}
		ids[i] = id
	}
	return ids, nil
}

// firstSeen is a new article's first sighting: its own, or the refresh's time.
func (sv *saver) firstSeen(a *feeds.Article) time.Time {
	if a.FirstSeen.IsZero() {
		return sv.now
	}
	return a.FirstSeen
}

// publication is the date a new article is stored with, and whether it was guessed: an
// article without one is dated by its first sighting.
func (sv *saver) publication(a *feeds.Article) (time.Time, bool) {
	if a.Published.IsZero() {
		return sv.firstSeen(a), true
	}
	return a.Published, a.DateGuessed
}

func (sv *saver) insertArgs(args []any, feedID int64, a *feeds.Article) []any {
	published, guessed := sv.publication(a)
	firstSeen := sv.firstSeen(a)
	return append(args,
		feedID, ms(published), b2i(a.Read), b2i(a.Starred), b2i(guessed), b2i(a.Paywalled),
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
	err := sv.eachAutoTag(tags, func(tagID int64, evidence string) error {
		args = append(args, articleID, tagID, evidence)
		return nil
	})
	return args, err
}

// eachAutoTag calls fn with the tag ID and encoded evidence of each automatic tag to write.
func (sv *saver) eachAutoTag(tags []feeds.ArticleTag, fn func(tagID int64, evidence string) error) error {
	for _, t := range tags {
		if t.Removed {
			continue
		}
		id, err := sv.tagID(t.Name)
		if errors.Is(err, ErrEmptyTag) {
			continue // a rule with a blank name gives nothing to show
		}
		if err != nil {
			return err
		}
		if err := fn(id, encodeEvidence(t.Evidence)); err != nil {
			return err
		}
	}
	return nil
}

// insertNewTags inserts the automatic tag rows of the group's new articles (ids, in the order
// of sv.fresh), 100 per statement. Their published and read columns are the values just
// inserted into articles, bound directly: insertAutoTags's join back to each article row cost
// the writer a lookup per tag.
func (sv *saver) insertNewTags(ids []int64) error {
	const perRow, perStmt = 5, 100
	var args []any
	flush := func() error {
		if len(args) == 0 {
			return nil
		}
		err := sv.tx.Exec(
			`INSERT INTO article_tags (article_id, tag_id, manual, removed, evidence, published, read)
			SELECT column1, column2, 0, 0, column3, column4, column5
			FROM (VALUES `+strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?),", len(args)/perRow), ",")+`)
			WHERE true
			ON CONFLICT (article_id, tag_id) DO NOTHING`, args...).Error
		args = args[:0]
		return err
	}
	for i, p := range sv.fresh {
		published, _ := sv.publication(p.a)
		err := sv.eachAutoTag(p.a.Tags, func(tagID int64, evidence string) error {
			args = append(args, ids[i], tagID, evidence, ms(published), b2i(p.a.Read))
			if len(args) == perRow*perStmt {
				return flush()
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return flush()
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
