package storage

import (
	"context"
	"math"
	"strconv"
	"strings"
	"unicode"

	"veille/feeds"
)

// Query planning.
//
// SQLite's planner does well with plain filters (read, starred, feed, dates) because each has
// an index in the list order. It cannot know how many articles a tag or a full-text search
// matches, and with this stack a per-row probe costs 2–50 µs, so a wrong guess at 100,000
// articles costs tens or thousands of milliseconds. So the store picks the driving table
// itself, and SQLite only the index:
//
//   - full text, when it matches few articles (≤ ftsDriveLimit): the matching IDs, fetched
//     first, drive; the page is sorted from them.
//   - otherwise a tag (+ia): article_tags_tag is in list order per tag, with read at hand, so
//     the walk stops after one page whatever the tag's size.
//   - otherwise articles, through whichever of its indexes SQLite prefers.
//
// The remaining conditions are checks on each row walked: EXISTS probes on article_tags'
// primary key, and for frequent words an FTS5 probe by rowid, which is dear (20–200 µs) but
// needed only for the few rows it takes to fill a page when the words are frequent. Frequent
// prefixes (cyber*) are the exception: see ftsCheck.

// driver is the table a query walks, and how its columns are named.
type driver struct {
	from      string // FROM clause of the driving table
	join      string // brings articles a in; "" when a is the driver
	id        string // article ID
	published string
	read      string // "" when only articles a has it
	needA     bool   // a condition uses a column of a
}

var (
	articlesDriver = driver{from: ` FROM articles a`, id: `a.id`, published: `a.published`, read: `a.read`}
	tagDriver      = driver{
		from:      ` FROM article_tags d`,
		join:      ` CROSS JOIN articles a ON a.id = d.article_id`, // CROSS JOIN: d stays outside
		id:        `d.article_id`,
		published: `d.published`,
		read:      `d.read`,
	}
)

// where is a WHERE clause under construction: SQL with ? marks and its arguments, in order.
// User text only ever travels as arguments; the only values written into the SQL are
// integers read from the database.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// plan is a feeds.Query turned into a driver and conditions.
type plan struct {
	d     driver
	w     where
	empty bool // nothing can match: skip the query
}

// fromSQL is the FROM clause with the join to articles when a condition or the select list
// needs it.
func (p *plan) fromSQL(needA bool) string {
	if needA || p.d.needA {
		return p.d.from + p.d.join
	}
	return p.d.from
}

const tagIDSQL = `(SELECT id FROM tags WHERE name = ?)`

// walkAboveMatches is the number of full-text matches above which a listing walks its order
// and tests the match set, rather than fetching every match by ID.
const walkAboveMatches = 2000

// planQuery chooses how to run q (see the comment at the top of this file). forCount says the
// caller needs every match, not the newest page: full text then always drives when present.
func (s *Store) planQuery(ctx context.Context, q feeds.Query, forCount bool) (plan, error) {
	var p plan
	pos, neg := ftsTerms(q.Words), ftsTerms(q.NotWords)
	var match, notMatch string
	switch {
	case len(pos) > 0 && len(neg) > 0:
		match = "(" + strings.Join(pos, " AND ") + ") NOT (" + strings.Join(neg, " OR ") + ")"
	case len(pos) > 0:
		match = strings.Join(pos, " AND ")
	case len(neg) > 0:
		notMatch = strings.Join(neg, " OR ") // FTS5 has no unary NOT: exclude these
	}

	limit := 0
	if match != "" || notMatch != "" {
		var err error
		if limit, err = s.ftsDriveLimit(ctx); err != nil {
			return p, err
		}
	}
	var err error
	withTags := q.WithTags
	ftsFew := false // the matches drive the listing
	const matchSet = `(SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)`
	switch {
	case match != "":
		ids, n, err := s.matchIDs(ctx, match, limit)
		if err != nil {
			return p, err
		}
		if n == 0 {
			return plan{empty: true}, nil
		}
		ftsFew = n <= limit
		switch {
		case ftsFew && n <= s.walkAboveMatches():
			p.d = articlesDriver
			p.w.add(`a.id IN (` + joinIDs(ids) + `)`)
		case ftsFew && !forCount:
			// Thousands of matches: walking the newest-first order and testing each row
			// against the set stops after a page, where looking every match up by ID and
			// sorting them costs a table page per match (41 → 3 ms at 6,400 of 100,000). The
			// unary + keeps SQLite from driving by rowid with the set, which it builds once.
			p.d = articlesDriver
			p.w.add(`+a.id IN `+matchSet, match)
		case ftsFew:
			p.d = articlesDriver
			p.w.add(`a.id IN `+matchSet, match)
		case forCount:
			p.d = driver{
				from: ` FROM articles_fts`, join: ` CROSS JOIN articles a ON a.id = articles_fts.rowid`,
				id: `articles_fts.rowid`, published: `a.published`, read: `a.read`, needA: true,
			}
			p.w.add(`articles_fts MATCH ?`, match)
		}
	}
	if p.d.from == "" && len(withTags) > 0 {
		first := 0
		if len(withTags) > 1 {
			if first, err = s.rarestTag(ctx, withTags); err != nil {
				return p, err
			}
		}
		p.d = tagDriver
		p.w.add(`d.tag_id = `+tagIDSQL+` AND d.removed = 0`, feeds.FoldName(withTags[first]))
		withTags = append(append([]string(nil), withTags[:first]...), withTags[first+1:]...)
	}
	if p.d.from == "" {
		p.d = articlesDriver
	}
	d := &p.d

	for _, t := range withTags {
		p.w.add(`EXISTS (SELECT 1 FROM article_tags x WHERE x.article_id = `+d.id+
			` AND x.tag_id = `+tagIDSQL+` AND x.removed = 0)`, feeds.FoldName(t))
	}
	for _, t := range q.WithoutTags {
		p.w.add(`NOT EXISTS (SELECT 1 FROM article_tags x WHERE x.article_id = `+d.id+
			` AND x.tag_id = `+tagIDSQL+` AND x.removed = 0)`, feeds.FoldName(t))
	}
	if q.Read != nil {
		col := d.read
		if col == "" {
			col, d.needA = `a.read`, true
		}
		p.w.add(col+` = ?`, b2i(*q.Read))
	}
	if q.Starred != nil {
		d.needA = true
		p.w.add(`a.starred = ?`, b2i(*q.Starred))
	}
	if len(q.Sources) > 0 {
		d.needA = true
		likes := make([]string, len(q.Sources))
		args := make([]any, len(q.Sources))
		for i, src := range q.Sources {
			likes[i] = `search_name LIKE ? ESCAPE '\'`
			args[i] = "%" + escapeLike(feeds.FoldName(src)) + "%"
		}
		p.w.add(`a.feed_id IN (SELECT id FROM feeds WHERE `+strings.Join(likes, " AND ")+`)`, args...)
	}
	if !q.Since.IsZero() {
		p.w.add(d.published+` >= ?`, ms(q.Since))
	}
	if !q.Until.IsZero() {
		p.w.add(d.published+` < ?`, ms(q.Until))
	}
	// Full-text probes come last: SQLite tests the cheaper conditions above first.
	if match != "" && !ftsFew && !forCount {
		p.w.add(ftsCheck(d.id, "", match), match)
	}
	if notMatch != "" {
		ids, n, err := s.matchIDs(ctx, notMatch, limit)
		switch {
		case err != nil:
			return p, err
		case n == 0:
		case n <= s.walkAboveMatches() && n <= limit:
			p.w.add(d.id + ` NOT IN (` + joinIDs(ids) + `)`)
		case n <= limit:
			p.w.add(`+`+d.id+` NOT IN `+matchSet, notMatch)
		default:
			p.w.add(ftsCheck(d.id, "NOT ", notMatch), notMatch)
		}
	}
	return p, nil
}

// ftsCheck is the condition that the article id matches (or with not "NOT ", does not match)
// a frequent FTS5 expression. A plain expression is probed row by row: FTS5 seeks each term's
// doclist to the rowid. A prefix expression cannot be probed: FTS5 merges the doclists of
// every term under the prefix on each call (milliseconds each), so its matches are gathered
// once into a set instead; the unary + keeps SQLite from driving by rowid with that set.
func ftsCheck(id, not, match string) string {
	if strings.Contains(match, `"*`) {
		return `+` + id + ` ` + not + `IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)`
	}
	return not + `EXISTS (SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? AND rowid = ` + id + `)`
}

func (s *Store) walkAboveMatches() int {
	if s.walkAbove != 0 {
		return max(s.walkAbove, 0)
	}
	return walkAboveMatches
}

// ftsDriveLimit is the number of full-text matches up to which the matches drive a listing.
// Driving costs about a microsecond per match (SQLite builds the set from the doclist); probing
// costs an FTS5 seek per article walked (some 230 µs), that is page size × articles / matches
// seeks. They cross near √(10,000 × articles): 100,000 matches at a million articles, where a
// common word (70,000 matches) lists in 73 ms of CPU against 163 by probing.
func (s *Store) ftsDriveLimit(ctx context.Context) (int, error) {
	if s.driveLimit != 0 {
		return s.driveLimit, nil
	}
	var maxID int64
	if err := s.read(ctx).Raw(`SELECT coalesce(max(id), 0) FROM articles`).Row().Scan(&maxID); err != nil {
		return 0, err
	}
	return min(max(int(math.Sqrt(10_000*float64(maxID))), 1000), 200_000), nil
}

// matchIDs returns the IDs of the articles matching an FTS5 expression when there are at most
// walkAboveMatches of them; otherwise only their number, up to limit+1 (few is then
// n ≤ limit). Counting in SQL spares thousands of rows through the driver (about a
// microsecond each); the walk then takes the matches as a subquery.
func (s *Store) matchIDs(ctx context.Context, match string, limit int) (ids []int64, n int, err error) {
	rows, err := s.read(ctx).Raw(
		`SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? LIMIT ?`, match, s.walkAboveMatches()+1).Rows()
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, 0, err
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	if len(ids) <= s.walkAboveMatches() || limit <= s.walkAboveMatches() {
		return ids, len(ids), nil
	}
	err = s.read(ctx).Raw(`SELECT count(*) FROM (SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? LIMIT ?)`,
		match, limit+1).Row().Scan(&n)
	return nil, n, err
}

// rarestTag returns the index of the tag with the fewest articles, counted on the index.
func (s *Store) rarestTag(ctx context.Context, names []string) (int, error) {
	best, bestN := 0, -1
	for i, name := range names {
		var n int
		err := s.read(ctx).Raw(`SELECT count(*) FROM article_tags
			WHERE tag_id = `+tagIDSQL+` AND removed = 0`, feeds.FoldName(name)).Row().Scan(&n)
		if err != nil {
			return 0, err
		}
		if bestN < 0 || n < bestN {
			best, bestN = i, n
		}
	}
	return best, nil
}

// ftsTerms quotes each word or phrase as an FTS5 string, so that nothing a user types is FTS5
// syntax (AND, NEAR, column:, ^, parentheses…); a trailing * stays outside the quotes as the
// prefix operator. Words with nothing the tokenizer indexes are dropped: they would match
// nothing, or be a syntax error.
func ftsTerms(words []string) []string {
	var out []string
	for _, w := range words {
		w = strings.TrimSpace(w)
		prefix := strings.HasSuffix(w, "*")
		w = strings.TrimRight(w, "*")
		if !strings.ContainsFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
			continue
		}
		t := `"` + strings.ReplaceAll(w, `"`, `""`) + `"`
		if prefix {
			t += "*"
		}
		out = append(out, t)
	}
	return out
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// joinIDs writes integers from the database as an SQL list: safe to inline, and it spares
// the driver binding thousands of parameters (its binding is quadratic in their number).
func joinIDs(ids []int64) string {
	b := make([]byte, 0, len(ids)*7)
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	return string(b)
}
