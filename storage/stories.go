package storage

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"

	"veille/feeds"
)

// Stories: which story each article belongs to, each story's centroid and title, and the
// document frequencies the clustering weighs terms with (feeds/stories decides all of it).
// A story's reading state, sources, tags and stance are derived from its articles at read
// time: nothing here stores user state on a story.
//
// An article's story is in article_stories and the articles to place in story_todo
// (story_rows.go: the step after this one moved them off the articles table). The centroid is []feeds.StoryTerm, heaviest first. story_terms holds
// one row per folded term with the number of articles counted with it; meta's story_docs is
// how many articles were counted. A centroid is text (encodeCentroid): a term per line.
const schemaStories = `
ALTER TABLE articles ADD COLUMN story_id INTEGER NOT NULL DEFAULT 0;
CREATE INDEX articles_story ON articles(story_id, published);
CREATE INDEX articles_story_todo ON articles(published) WHERE story_id = 0;

CREATE TABLE stories (
	id          INTEGER PRIMARY KEY,
	updated     INTEGER NOT NULL DEFAULT 0, -- newest article's published (ms)
	size        INTEGER NOT NULL DEFAULT 0,
	title       TEXT    NOT NULL DEFAULT '',
	title_score REAL    NOT NULL DEFAULT 0,
	centroid    TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX stories_updated ON stories(updated);

CREATE TABLE story_terms (
	term TEXT PRIMARY KEY,
	df   INTEGER NOT NULL
) WITHOUT ROWID;
`

const storyDocsKey = "story_docs"

// storyTextChars is how much of an article's text clustering reads (feeds/stories reads 400
// characters of it; substr counts characters).
const storyTextChars = 400

// storyArticleColumns are what clustering reads of an article: the start of its text only.
// An article waiting in story_todo has no story: its column is 0, not a lookup.
func storyArticleColumns(story string) string {
	return `a.id, a.feed_id, a.published, ` + story + `, a.title, a.summary, substr(a.text, 1, ` +
		strconv.Itoa(storyTextChars) + `) AS text_start`
}

// storyOf is the story of the article a, 0 if none.
const storyOf = `coalesce((SELECT x.story_id FROM article_stories x WHERE x.article_id = a.id), 0)`

func scanStoryArticles(rows interface {
	Next() bool
	Scan(...any) error
	Err() error
	Close() error
}) ([]feeds.Article, error) {
	defer rows.Close()
	var out []feeds.Article
	for rows.Next() {
		var a feeds.Article
		var pub int64
		if err := rows.Scan(&a.ID, &a.FeedID, &pub, &a.StoryID, &a.Title, &a.Summary, &a.Text); err != nil {
			return nil, err
		}
		a.Published = fromMS(pub)
		out = append(out, a)
	}
	return out, rows.Err()
}

// ArticlesWithoutStory lists up to limit articles published at or after since that no story
// pass has placed, oldest first: a range of story_todo_published, however many older articles
// are left unplaced. The articles this process just saved come from the handoff
// (story_rows.go); only the others are read from their rows.
func (s *Store) ArticlesWithoutStory(ctx context.Context, since time.Time, limit int) ([]feeds.Article, error) {
	const what = "articles without story"
	rows, err := s.read(ctx).Raw(`SELECT article_id, published FROM story_todo INDEXED BY story_todo_published
		WHERE published >= ? ORDER BY published, article_id LIMIT ?`, ms(since), limit).Rows()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, translate(err))
	}
	var out []feeds.Article
	var ids []int64
	for rows.Next() {
		var id, pub int64
		if err := rows.Scan(&id, &pub); err != nil {
			rows.Close()
			return nil, fmt.Errorf("%s: %w", what, translate(err))
		}
		out = append(out, feeds.Article{ID: id, Published: fromMS(pub)})
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, translate(err))
	}
	if len(out) == 0 {
		return nil, nil
	}
	version, err := dataVersion(s.w.WithContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, translate(err))
	}
	known := s.handoff.take(version, ids, len(out) < limit)
	var missing []string
	for i := range out {
		if in, ok := known[out[i].ID]; ok {
			out[i].FeedID, out[i].Title, out[i].Summary, out[i].Text = in.feedID, in.title, in.summary, in.prefix
		} else {
			missing = append(missing, strconv.FormatInt(out[i].ID, 10))
		}
	}
	if len(missing) == 0 {
		return out, nil
	}
	read := map[int64]feeds.Article{}
	for start := 0; start < len(missing); start += 500 {
		part, err := s.storyArticles(ctx, what, `SELECT `+storyArticleColumns("0")+` FROM articles a
			WHERE a.id IN (`+strings.Join(missing[start:min(start+500, len(missing))], ",")+`)`)
		if err != nil {
			return nil, err
		}
		for _, a := range part {
			read[a.ID] = a
		}
	}
	kept := out[:0]
	for _, a := range out {
		if _, ok := known[a.ID]; ok {
			kept = append(kept, a)
		} else if r, ok := read[a.ID]; ok {
			r.Published = a.Published // story_todo's, which the trigger keeps in step
			kept = append(kept, r)
		}
		// Neither: deleted since story_todo was read (its rows go with it).
	}
	return kept, nil
}

// StoryArticles pages through every article in publication order, after the cursor.
func (s *Store) StoryArticles(ctx context.Context, after *feeds.ArticleCursor, limit int) ([]feeds.Article, error) {
	q := `SELECT ` + storyArticleColumns(storyOf) + ` FROM articles a`
	var args []any
	if after != nil {
		q += ` WHERE (a.published, a.id) > (?, ?)`
		args = append(args, ms(after.Published), after.ID)
	}
	q += ` ORDER BY a.published, a.id LIMIT ?`
	return s.storyArticles(ctx, "story articles", q, append(args, limit)...)
}

// storyArticles runs a query of storyArticleColumns; what names it in its errors.
func (s *Store) storyArticles(ctx context.Context, what, q string, args ...any) ([]feeds.Article, error) {
	rows, err := s.read(ctx).Raw(q, args...).Rows()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, translate(err))
	}
	out, err := scanStoryArticles(rows)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, translate(err))
	}
	return out, nil
}

// StoryDF gives the document frequencies of terms and the number of articles counted. The
// terms travel as one JSON array: one parameter, whatever their number. For a taker of the
// story inputs, the terms this process read or wrote before come from the story cache
// (story_rows.go) and only the others are read.
func (s *Store) StoryDF(ctx context.Context, terms []string) (map[string]int, int, error) {
	caching, gen := s.handoff.caching()
	if !caching {
		return s.readStoryDF(ctx, terms)
	}
	version, err := dataVersion(s.w.WithContext(ctx))
	if err != nil {
		return nil, 0, fmt.Errorf("story frequencies: %w", translate(err))
	}
	out, missing, docs, ok := s.handoff.knownDF(version, terms)
	if ok && len(missing) == 0 {
		return out, docs, nil
	}
	read, docs, err := s.readStoryDF(ctx, missing)
	if err != nil {
		return nil, 0, err
	}
	if docs > 0 { // with no article counted, the terms were not read
		s.handoff.rememberDF(version, gen, missing, read, docs)
	}
	if !ok {
		return read, docs, nil
	}
	maps.Copy(out, read)
	return out, docs, nil
}

// readStoryDF is StoryDF from the rows.
func (s *Store) readStoryDF(ctx context.Context, terms []string) (map[string]int, int, error) {
	out := make(map[string]int, len(terms))
	docs := 0
	var v string
	err := s.read(ctx).Raw(`SELECT value FROM meta WHERE key = ?`, storyDocsKey).Row().Scan(&v)
	if err == nil {
		docs, _ = strconv.Atoi(v)
	} else if translate(err) != feeds.ErrNotFound {
		return nil, 0, fmt.Errorf("story frequencies: %w", translate(err))
	}
	if len(terms) == 0 || docs == 0 {
		return out, docs, nil
	}
	list, err := json.Marshal(terms)
	if err != nil {
		return nil, 0, err
	}
	rows, err := s.read(ctx).Raw(`SELECT term, df FROM story_terms WHERE term IN (SELECT value FROM json_each(?))`, string(list)).Rows()
	if err != nil {
		return nil, 0, fmt.Errorf("story frequencies: %w", translate(err))
	}
	defer rows.Close()
	for rows.Next() {
		var t string
		var n int
		if err := rows.Scan(&t, &n); err != nil {
			return nil, 0, fmt.Errorf("story frequencies: %w", translate(err))
		}
		out[t] = n
	}
	return out, docs, translate(rows.Err())
}

// StoriesSince lists the stories whose newest article was published at or after since, with
// their centroids. For a taker of the story inputs they come from the story cache
// (story_rows.go) when it holds them: the centroids are then shared, and not to be modified.
func (s *Store) StoriesSince(ctx context.Context, since time.Time) ([]feeds.Story, error) {
	caching, gen := s.handoff.caching()
	if !caching {
		return s.readStoriesSince(ctx, since)
	}
	version, err := dataVersion(s.w.WithContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("recent stories: %w", translate(err))
	}
	if out, ok := s.handoff.liveSince(version, ms(since)); ok {
		return out, nil
	}
	out, err := s.readStoriesSince(ctx, since)
	if err == nil {
		s.handoff.rememberLive(version, gen, ms(since), out)
	}
	return out, err
}

// readStoriesSince is StoriesSince from the rows.
func (s *Store) readStoriesSince(ctx context.Context, since time.Time) ([]feeds.Story, error) {
	rows, err := s.read(ctx).Raw(`SELECT id, updated, size, title, title_score, centroid FROM stories
		WHERE updated >= ? ORDER BY updated, id`, ms(since)).Rows()
	if err != nil {
		return nil, fmt.Errorf("recent stories: %w", translate(err))
	}
	defer rows.Close()
	var out []feeds.Story
	for rows.Next() {
		st, err := scanStory(rows)
		if err != nil {
			return nil, fmt.Errorf("recent stories: %w", translate(err))
		}
		out = append(out, st)
	}
	return out, translate(rows.Err())
}

func scanStory(rows interface{ Scan(...any) error }) (feeds.Story, error) {
	var st feeds.Story
	var updated int64
	var centroid string
	if err := rows.Scan(&st.ID, &updated, &st.Size, &st.Title, &st.TitleScore, &centroid); err != nil {
		return st, err
	}
	st.Updated = fromMS(updated)
	var err error
	if st.Centroid, err = decodeCentroid(centroid); err != nil {
		return st, fmt.Errorf("story %d: centroid: %w", st.ID, err)
	}
	return st, nil
}

// A centroid is stored as text: one term per line, its fields separated by U+001F (term, the
// form shown, weight, articles, 1 for a name). Decoding it is several times faster than JSON,
// and a story pass decodes every live story's.
func encodeCentroid(ts []feeds.StoryTerm) string {
	var b strings.Builder
	for i, t := range ts {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(t.Term)
		b.WriteByte(0x1f)
		b.WriteString(t.Shown)
		b.WriteByte(0x1f)
		b.WriteString(strconv.FormatFloat(t.Weight, 'g', 6, 64))
		b.WriteByte(0x1f)
		b.WriteString(strconv.Itoa(t.Docs))
		if t.Entity {
			b.WriteString("\x1f1")
		} else {
			b.WriteString("\x1f0")
		}
	}
	return b.String()
}

func decodeCentroid(s string) ([]feeds.StoryTerm, error) {
	if s == "" {
		return nil, nil
	}
	out := make([]feeds.StoryTerm, 0, strings.Count(s, "\n")+1)
	for len(s) > 0 {
		ln := s
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			ln, s = s[:i], s[i+1:]
		} else {
			s = ""
		}
		// Five fields cut in place: no slice of them per term (a pass decodes every live
		// story's centroid).
		var f [5]string
		k := 0
		for k < 4 {
			i := strings.IndexByte(ln, 0x1f)
			if i < 0 {
				break
			}
			f[k], ln = ln[:i], ln[i+1:]
			k++
		}
		if k != 4 || strings.IndexByte(ln, 0x1f) >= 0 {
			return nil, fmt.Errorf("bad term %q", ln)
		}
		f[4] = ln
		w, err := strconv.ParseFloat(f[2], 64)
		if err != nil {
			return nil, err
		}
		n, err := strconv.Atoi(f[3])
		if err != nil {
			return nil, err
		}
		out = append(out, feeds.StoryTerm{Term: f[0], Shown: f[1], Weight: w, Docs: n, Entity: f[4] == "1"})
	}
	return out, nil
}

// SaveStories writes one story pass in one transaction: new stories (their IDs taken after
// the largest, which the one writer makes safe), grown ones, each article's story, and the
// growth of the document frequencies.
func (s *Store) SaveStories(ctx context.Context, b feeds.StoryBatch) error {
	w := s.storiesWrite(b)
	var ids []int64
	// Story tables only: the handoff stays true, less the articles placed.
	err := s.writeKeep(ctx, func(tx *gorm.DB) error {
		var err error
		ids, err = saveStories(tx, b, false, w.enc)
		return err
	})
	if err != nil {
		err = fmt.Errorf("save stories: %w", err)
	}
	return w.done(b, ids, err)
}

// storyWrite is what SaveStories and BeginStories do beside the statements: the centroids
// encoded, and the story cache told what the rows now hold.
type storyWrite struct {
	s         *Store
	enc       []string
	caching   bool
	decoded   [][]feeds.StoryTerm
	decodeErr error
	decodedCh chan struct{}
}

// storiesWrite encodes b's centroids and, for the story cache, decodes them again (as a
// read gives them: weights to six digits) on the other processor while the rows are written.
func (s *Store) storiesWrite(b feeds.StoryBatch) *storyWrite {
	w := &storyWrite{s: s, enc: make([]string, len(b.Stories)), decodedCh: make(chan struct{})}
	// In two halves when there are many: the pass waits for this.
	encode := func(lo, hi int) {
		for i := lo; i < hi; i++ {
			w.enc[i] = encodeCentroid(b.Stories[i].Centroid)
		}
	}
	if n := len(b.Stories); n >= 256 && runtime.GOMAXPROCS(0) > 1 {
		var wg sync.WaitGroup
		wg.Go(func() { encode(0, n/2) })
		encode(n/2, n)
		wg.Wait()
	} else {
		encode(0, n)
	}
	w.caching, _ = s.handoff.caching()
	if !w.caching {
		close(w.decodedCh)
		return w
	}
	go func() {
		defer close(w.decodedCh)
		w.decoded = make([][]feeds.StoryTerm, len(w.enc))
		for i, e := range w.enc {
			if w.decoded[i], w.decodeErr = decodeCentroid(e); w.decodeErr != nil {
				return
			}
		}
	}()
	return w
}

// done follows b's transaction: err is its outcome, ids the stories' row IDs.
func (w *storyWrite) done(b feeds.StoryBatch, ids []int64, err error) error {
	<-w.decodedCh
	h := &w.s.handoff
	if err != nil {
		h.dropCache()
		return err
	}
	if w.caching {
		if w.decodeErr != nil {
			h.dropCache()
		} else {
			written := make([]feeds.Story, len(b.Stories))
			for i, st := range b.Stories {
				written[i] = feeds.Story{ID: ids[i], Updated: fromMS(ms(st.Updated)), Size: st.Size, Title: st.Title,
					TitleScore: st.TitleScore, Centroid: w.decoded[i]}
			}
			h.wrote(written, &b)
		}
	}
	placed := make([]int64, len(b.Assign))
	for i, as := range b.Assign {
		placed[i] = as.ArticleID
	}
	h.forget(placed)
	return nil
}

// BeginStories is SaveStories in parts, for a pass that writes while it places (it makes
// the store a stories.EarlyStore): it opens the write transaction and writes the growth of
// the frequencies (df, docs) at once, assign writes articles' stories as they are placed,
// and finish writes the stories and commits (or, with abort, rolls back). first is the ID
// the batch's first new story gets; the others follow in order. finish is given the whole
// batch, as SaveStories would be: it checks that the frequencies and assignments written
// are the batch's, and rolls back if not, so the rows are those SaveStories writes.
//
// The write connection is held until finish: nothing else may write, nor read
// data_version (StoriesSince, StoryDF), on the caller's goroutine meanwhile.
func (s *Store) BeginStories(ctx context.Context, df map[string]int, docs int) (first int64,
	assign func([]feeds.StoryAssignment), finish func(b feeds.StoryBatch, abort bool) error, err error) {
	type message struct {
		assign []feeds.StoryAssignment
		batch  *feeds.StoryBatch
		w      *storyWrite
	}
	msgs := make(chan message, 16)
	last := make(chan int64, 1)
	result := make(chan error, 1)
	var ids []int64
	go func() {
		result <- s.writeKeep(ctx, func(tx *gorm.DB) error {
			var max int64
			if err := tx.Raw(`SELECT coalesce(max(id), 0) FROM stories`).Row().Scan(&max); err != nil {
				return err
			}
			last <- max
			err := writeStoryDF(tx, df, docs)
			var written [][2]int64
			// Every message is taken, even after an error: the caller's sends must not block.
			for m := range msgs {
				if m.batch == nil {
					if err == nil && slices.ContainsFunc(m.assign, func(a feeds.StoryAssignment) bool { return a.StoryID < 0 }) {
						err = fmt.Errorf("an article assigned to a story by index, not by ID")
					}
					if err == nil {
						pairs, packable := assignPairs(m.assign, nil)
						err = writeAssign(tx, pairs, packable, false)
						written = append(written, pairs...)
					}
					continue
				}
				if err != nil {
					return err
				}
				if m.w == nil {
					return errStoriesAborted
				}
				b := m.batch
				if !sameDF(b.DF, df) || b.Docs != docs {
					return fmt.Errorf("the batch's frequencies are not those written first")
				}
				if ids, err = writeStoryRows(tx, b.Stories, m.w.enc, max); err != nil {
					return err
				}
				want, _ := assignPairs(b.Assign, ids)
				if !slices.Equal(want, written) {
					return fmt.Errorf("the batch's assignments are not those written")
				}
				return nil
			}
			return errStoriesAborted
		})
	}()
	select {
	case first := <-last:
		first++
		send := func(m message) { msgs <- m }
		assign = func(as []feeds.StoryAssignment) { send(message{assign: as}) }
		finish = func(b feeds.StoryBatch, abort bool) error {
			if abort {
				send(message{batch: &b})
				close(msgs)
				if err := <-result; err != errStoriesAborted {
					s.handoff.dropCache()
					return fmt.Errorf("save stories: %w", err)
				}
				return nil
			}
			w := s.storiesWrite(b)
			send(message{batch: &b, w: w})
			close(msgs)
			err := <-result
			if err != nil {
				err = fmt.Errorf("save stories: %w", err)
			}
			return w.done(b, ids, err)
		}
		return first, assign, finish, nil
	case err := <-result: // the transaction did not start
		return 0, nil, nil, fmt.Errorf("save stories: %w", err)
	}
}

var errStoriesAborted = errors.New("story batch abandoned")

func sameDF(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for t, n := range a {
		if m, ok := b[t]; !ok || m != n {
			return false
		}
	}
	return true
}

// ReplaceStories deletes every story and frequency and writes b instead (`veille restory`).
// Articles that b does not place are left without a story, for the next pass.
func (s *Store) ReplaceStories(ctx context.Context, b feeds.StoryBatch) error {
	err := s.write(ctx, func(tx *gorm.DB) error {
		for _, q := range []string{
			`DELETE FROM article_stories`,
			`DELETE FROM story_todo`,
			`DELETE FROM stories`,
			`DELETE FROM story_terms`,
			`DELETE FROM meta WHERE key = '` + storyDocsKey + `'`,
		} {
			if err := tx.Exec(q).Error; err != nil {
				return err
			}
		}
		if _, err := saveStories(tx, b, true, nil); err != nil {
			return err
		}
		return tx.Exec(`INSERT INTO story_todo(article_id, published) SELECT id, published FROM articles a
			WHERE NOT EXISTS (SELECT 1 FROM article_stories x WHERE x.article_id = a.id)`).Error
	})
	if err != nil {
		return fmt.Errorf("replace stories: %w", err)
	}
	return nil
}

// storyChunk bounds the rows one statement carries (a JSON document or a list of literals).
const storyChunk = 2000

// saveStories writes b; enc, when given, are its stories' centroids encoded. It returns the
// row ID of each of b.Stories.
func saveStories(tx *gorm.DB, b feeds.StoryBatch, fresh bool, enc []string) ([]int64, error) {
	var next int64
	if err := tx.Raw(`SELECT coalesce(max(id), 0) FROM stories`).Row().Scan(&next); err != nil {
		return nil, err
	}
	newIDs, err := writeStoryRows(tx, b.Stories, enc, next)
	if err != nil {
		return nil, err
	}
	pairs, packable := assignPairs(b.Assign, newIDs)
	if err := writeAssign(tx, pairs, packable, fresh); err != nil {
		return nil, err
	}
	return newIDs, writeStoryDF(tx, b.DF, b.Docs)
}

// writeStoryRows writes the stories rows, the new ones (ID 0) numbered after last, and
// returns each one's row ID.
func writeStoryRows(tx *gorm.DB, sts []feeds.Story, enc []string, last int64) ([]int64, error) {
	next := last
	newIDs := make([]int64, 0, len(sts)) // each story's row, in order
	var inserts, updates []storyRow
	for i, st := range sts {
		var centroid string
		if enc != nil {
			centroid = enc[i]
		} else {
			centroid = encodeCentroid(st.Centroid)
		}
		r := storyRow{ID: st.ID, Updated: ms(st.Updated), Size: st.Size, Title: st.Title, TitleScore: st.TitleScore,
			Centroid: centroid}
		if st.ID == 0 {
			next++
			r.ID = next
			inserts = append(inserts, r)
		} else {
			updates = append(updates, r)
		}
		newIDs = append(newIDs, r.ID)
	}
	// Story rows are bound, storyRowsPerStmt to a statement: a centroid is a kilobyte of text
	// with separators JSON would escape, and json_each hands each object to ->> as text to
	// parse again for every field, which made this INSERT most of the write.
	if err := eachRows(len(inserts), func(i, j int) error {
		return tx.Exec(`INSERT INTO stories(id, updated, size, title, title_score, centroid) VALUES `+
			rowMarks(j-i), storyRowArgs(inserts[i:j])...).Error
	}); err != nil {
		return nil, err
	}
	if err := eachRows(len(updates), func(i, j int) error {
		return tx.Exec(`UPDATE stories SET updated = v.column2, size = v.column3, title = v.column4,
			title_score = v.column5, centroid = v.column6
			FROM (VALUES `+rowMarks(j-i)+`) v WHERE stories.id = v.column1`, storyRowArgs(updates[i:j])...).Error
	}); err != nil {
		return nil, err
	}
	return newIDs, nil
}

// assignPairs resolves assignments into (article, story) pairs: stories given as -(index+1)
// are those of newIDs. packable says every pair fits assignPacked.
func assignPairs(as []feeds.StoryAssignment, newIDs []int64) ([][2]int64, bool) {
	pairs := make([][2]int64, len(as))
	packable := true
	for i, a := range as {
		id := a.StoryID
		if id < 0 {
			id = newIDs[-id-1]
		}
		pairs[i] = [2]int64{a.ArticleID, id}
		packable = packable && a.ArticleID > 0 && a.ArticleID < 1<<31 && id >= 0 && id < 1<<32
	}
	return pairs, packable
}

// writeAssign writes articles' stories into two narrow tables (story_rows.go), not the wide
// articles rows; fresh: story_todo is empty already.
func writeAssign(tx *gorm.DB, pairs [][2]int64, packable, fresh bool) error {
	if packable {
		return assignPacked(tx, pairs, fresh)
	}
	return assignLiterals(tx, pairs, fresh)
}

// writeStoryDF adds a batch's growth to the document frequencies.
func writeStoryDF(tx *gorm.DB, df map[string]int, docs int) error {
	terms := make([]string, 0, len(df))
	for t := range df {
		terms = append(terms, t)
	}
	sort.Strings(terms)
	if err := eachChunk(len(terms), func(i, j int) error {
		m := make(map[string]int, j-i)
		for _, t := range terms[i:j] {
			m[t] = df[t]
		}
		doc, err := json.Marshal(m)
		if err != nil {
			return err
		}
		return tx.Exec(`INSERT INTO story_terms(term, df) SELECT key, value FROM json_each(?) WHERE true
			ON CONFLICT(term) DO UPDATE SET df = df + excluded.df`, string(doc)).Error
	}); err != nil {
		return err
	}
	return tx.Exec(`INSERT INTO meta(key, value) VALUES (?, ?)
		ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + CAST(excluded.value AS INTEGER)`,
		storyDocsKey, strconv.Itoa(docs)).Error
}

// assignPacked writes articles' stories with each pair as one integer, article << 32 |
// story, in a JSON array: json_each hands out a flat array of integers in half the time
// SQLite takes to parse as many literal pairs (and an array of pairs to take apart was slower
// than both). The caller has checked that the IDs fit.
func assignPacked(tx *gorm.DB, pairs [][2]int64, fresh bool) error {
	var doc []byte
	for start := 0; start < len(pairs); start += packedChunk {
		doc = append(doc[:0], '[')
		for k, p := range pairs[start:min(start+packedChunk, len(pairs))] {
			if k > 0 {
				doc = append(doc, ',')
			}
			doc = strconv.AppendInt(doc, p[0]<<32|p[1], 10)
		}
		doc = append(doc, ']')
		if err := tx.Exec(`INSERT INTO article_stories(article_id, story_id)
			SELECT value >> 32, value & 4294967295 FROM json_each(?) WHERE true
			ON CONFLICT(article_id) DO UPDATE SET story_id = excluded.story_id`, string(doc)).Error; err != nil {
			return err
		}
		if !fresh { // ReplaceStories emptied story_todo
			if err := tx.Exec(`DELETE FROM story_todo WHERE article_id IN (SELECT value >> 32 FROM json_each(?))`,
				string(doc)).Error; err != nil {
				return err
			}
		}
	}
	return nil
}

// packedChunk bounds the pairs of one assignPacked statement.
const packedChunk = 10000

// assignLiterals is assignPacked for IDs past 31 bits: the pairs are integers written into
// the statements, and nothing but digits goes in.
func assignLiterals(tx *gorm.DB, pairs [][2]int64, fresh bool) error {
	var list, ids strings.Builder
	for start := 0; start < len(pairs); start += storyChunk {
		list.Reset()
		ids.Reset()
		for k, p := range pairs[start:min(start+storyChunk, len(pairs))] {
			if k > 0 {
				list.WriteByte(',')
				ids.WriteByte(',')
			}
			fmt.Fprintf(&list, "(%d,%d)", p[0], p[1])
			ids.WriteString(strconv.FormatInt(p[0], 10))
		}
		if err := tx.Exec(`INSERT INTO article_stories(article_id, story_id) VALUES ` + list.String() +
			` ON CONFLICT(article_id) DO UPDATE SET story_id = excluded.story_id`).Error; err != nil {
			return err
		}
		if !fresh {
			if err := tx.Exec(`DELETE FROM story_todo WHERE article_id IN (` + ids.String() + `)`).Error; err != nil {
				return err
			}
		}
	}
	return nil
}

// storyRow is one stories row to write.
type storyRow struct {
	ID         int64
	Updated    int64
	Size       int
	Title      string
	TitleScore float64
	Centroid   string
}

// storyRowsPerStmt is how many story rows one statement binds (six parameters each): the
// driver prepares every statement again and looks each parameter up among all of them, so a
// statement stays small.
const storyRowsPerStmt = 32

func rowMarks(n int) string {
	return strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?),", n), ",")
}

func storyRowArgs(rs []storyRow) []any {
	args := make([]any, 0, 6*len(rs))
	for _, r := range rs {
		args = append(args, r.ID, r.Updated, r.Size, r.Title, r.TitleScore, r.Centroid)
	}
	return args
}

func eachRows(n int, fn func(i, j int) error) error {
	for i := 0; i < n; i += storyRowsPerStmt {
		if err := fn(i, min(i+storyRowsPerStmt, n)); err != nil {
			return err
		}
	}
	return nil
}

func eachChunk(n int, fn func(i, j int) error) error {
	for i := 0; i < n; i += storyChunk {
		if err := fn(i, min(i+storyChunk, n)); err != nil {
			return err
		}
	}
	return nil
}

// storyListColumns are what a story's article line shows.
const storyListColumns = `a.id, a.feed_id, (SELECT title FROM feeds WHERE id = a.feed_id), a.published, a.read,
	a.starred, a.url, a.title, `

// ListStories returns up to limit stories with an article matching q, newest first by that
// article, starting after the article cursor, and leaving out the stories in skip (those an
// earlier page gave). next is where the following page starts (nil at the end). Each story
// has all its articles, their tags, and what derives from them: sources, unread, tags, stance.
// An article no story pass has placed yet (a cache opened before its first refresh since the
// upgrade) is listed as a story of its own, with the negated article ID as its ID.
func (s *Store) ListStories(ctx context.Context, q feeds.Query, limit int, after *feeds.ArticleCursor,
	skip map[int64]bool) (out []feeds.Story, next *feeds.ArticleCursor, err error) {
	var ids []int64
	got := map[int64]bool{}
	chunk := max(limit*3, 60)
	for len(ids) < limit {
		cur, err := s.ListCursors(ctx, q, feeds.Page{Limit: chunk, After: after})
		if err != nil {
			return nil, nil, err
		}
		if len(cur) == 0 {
			after = nil
			break
		}
		sids, err := s.storyIDs(ctx, cur)
		if err != nil {
			return nil, nil, fmt.Errorf("list stories: %w", translate(err))
		}
		full := false
		for i, c := range cur {
			sid := sids[c.ID]
			after = &cur[i]
			if sid == 0 {
				sid = -c.ID // not placed yet: a story of its own until the next pass
			}
			if got[sid] || skip[sid] {
				continue
			}
			got[sid] = true
			ids = append(ids, sid)
			if len(ids) == limit {
				full = true
				break
			}
		}
		if full {
			break
		}
		if len(cur) < chunk {
			after = nil
			break
		}
	}
	if len(ids) == 0 {
		return nil, nil, nil
	}
	out, err = s.stories(ctx, ids)
	if err != nil {
		return nil, nil, fmt.Errorf("list stories: %w", translate(err))
	}
	if len(ids) < limit {
		after = nil
	}
	return out, after, nil
}

func (s *Store) storyIDs(ctx context.Context, cur []feeds.ArticleCursor) (map[int64]int64, error) {
	ids := make([]string, len(cur))
	for i, c := range cur {
		ids[i] = strconv.FormatInt(c.ID, 10)
	}
	rows, err := s.read(ctx).Raw(`SELECT article_id, story_id FROM article_stories WHERE article_id IN (` + strings.Join(ids, ",") + `)`).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[int64]int64, len(cur))
	for rows.Next() {
		var id, sid int64
		if err := rows.Scan(&id, &sid); err != nil {
			return nil, err
		}
		out[id] = sid
	}
	return out, rows.Err()
}

// Story returns one story with its articles.
func (s *Store) Story(ctx context.Context, id int64) (feeds.Story, error) {
	out, err := s.stories(ctx, []int64{id})
	if err != nil {
		return feeds.Story{}, fmt.Errorf("story %d: %w", id, translate(err))
	}
	if len(out) == 0 {
		return feeds.Story{}, feeds.ErrNotFound
	}
	return out[0], nil
}

// stories reads stories and their articles, in the order of ids.
func (s *Store) stories(ctx context.Context, ids []int64) ([]feeds.Story, error) {
	list := make([]string, len(ids))
	for i, id := range ids {
		list[i] = strconv.FormatInt(id, 10)
	}
	in := strings.Join(list, ",")
	rows, err := s.read(ctx).Raw(`SELECT id, updated, size, title, title_score, centroid FROM stories WHERE id IN (` + in + `)`).Rows()
	if err != nil {
		return nil, err
	}
	byID := map[int64]*feeds.Story{}
	for rows.Next() {
		st, err := scanStory(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		byID[st.ID] = &st
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// The stories' articles in one statement, through articles_story (a range per story),
	// newest first within each; feeds/stories bounds a story's size.
	var arts []feeds.Article
	var lone, placed []string
	for _, id := range ids {
		switch {
		case id < 0:
			lone = append(lone, strconv.FormatInt(-id, 10))
		case byID[id] != nil:
			placed = append(placed, strconv.FormatInt(id, 10))
		}
	}
	if len(placed) > 0 {
		rows, err := s.read(ctx).Raw(`SELECT ` + storyListColumns + `x.story_id FROM article_stories x INDEXED BY article_stories_story
			JOIN articles a ON a.id = x.article_id
			WHERE x.story_id IN (` + strings.Join(placed, ",") + `) ORDER BY x.story_id, a.published DESC, a.id DESC`).Rows()
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			a, err := scanStoryListArticle(rows)
			if err != nil {
				rows.Close()
				return nil, err
			}
			arts = append(arts, a)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	if len(lone) > 0 {
		rows, err := s.read(ctx).Raw(`SELECT ` + storyListColumns + storyOf + ` FROM articles a WHERE a.id IN (` + strings.Join(lone, ",") + `)`).Rows()
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			a, err := scanStoryListArticle(rows)
			if err != nil {
				rows.Close()
				return nil, err
			}
			if a.StoryID == 0 {
				a.StoryID = -a.ID
				byID[-a.ID] = &feeds.Story{ID: -a.ID, Title: a.Title, Size: 1}
			}
			arts = append(arts, a)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	if err := s.fillListTags(ctx, arts); err != nil {
		return nil, err
	}
	for _, a := range arts {
		if st := byID[a.StoryID]; st != nil {
			st.Articles = append(st.Articles, a)
		}
	}
	out := make([]feeds.Story, 0, len(ids))
	for _, id := range ids {
		st := byID[id]
		if st == nil || len(st.Articles) == 0 {
			continue
		}
		derive(st)
		out = append(out, *st)
	}
	return out, nil
}

func scanStoryListArticle(rows interface{ Scan(...any) error }) (feeds.Article, error) {
	var a feeds.Article
	var pub int64
	var feedTitle *string
	if err := rows.Scan(&a.ID, &a.FeedID, &feedTitle, &pub, &a.Read, &a.Starred, &a.URL, &a.Title, &a.StoryID); err != nil {
		return a, err
	}
	if feedTitle != nil {
		a.FeedTitle = *feedTitle
	}
	a.Published = fromMS(pub)
	return a, nil
}

// derive sets what a story's articles say about it.
func derive(st *feeds.Story) {
	feedsSeen := map[int64]bool{}
	tagCount := map[string]int{}
	st.Unread, st.Sources = 0, 0
	for _, a := range st.Articles {
		if !feedsSeen[a.FeedID] {
			feedsSeen[a.FeedID] = true
			st.Sources++
		}
		if !a.Read {
			st.Unread++
		}
		for _, t := range a.Tags {
			tagCount[t.Name]++
		}
	}
	st.Tags = st.Tags[:0]
	for t := range tagCount {
		st.Tags = append(st.Tags, t)
	}
	sort.Slice(st.Tags, func(i, j int) bool {
		if tagCount[st.Tags[i]] != tagCount[st.Tags[j]] {
			return tagCount[st.Tags[i]] > tagCount[st.Tags[j]]
		}
		return st.Tags[i] < st.Tags[j]
	})
	st.Stance = feeds.StanceOf(st.Articles)
	st.Updated = st.Articles[0].Published // the newest still in the cache
}

// TagWeeks counts the articles of each tag per week, from the week holding since to the one
// holding now; weeks start on Monday at 00:00 in loc. Tags the user removed do not count.
func (s *Store) TagWeeks(ctx context.Context, since, now time.Time, loc *time.Location) ([]feeds.TagWeek, error) {
	origin := feeds.WeekStart(since, loc)
	const week = int64(7 * 24 * time.Hour / time.Millisecond)
	// A week is 7 × 24 h from the first Monday: a daylight-saving change moves the boundary by
	// an hour, which a weekly trend does not see.
	rows, err := s.read(ctx).Raw(`SELECT t.name, (x.published - ?) / ?, count(*)
		FROM article_tags x JOIN tags t ON t.id = x.tag_id
		WHERE x.removed = 0 AND x.published >= ? AND x.published <= ?
		GROUP BY x.tag_id, 2`, ms(origin), week, ms(origin), ms(now)).Rows()
	if err != nil {
		return nil, fmt.Errorf("tag weeks: %w", translate(err))
	}
	defer rows.Close()
	var out []feeds.TagWeek
	for rows.Next() {
		var tw feeds.TagWeek
		var w int64
		if err := rows.Scan(&tw.Tag, &w, &tw.Count); err != nil {
			return nil, fmt.Errorf("tag weeks: %w", translate(err))
		}
		tw.Week = origin.AddDate(0, 0, int(7*w))
		out = append(out, tw)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("tag weeks: %w", translate(err))
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Tag != out[j].Tag {
			return out[i].Tag < out[j].Tag
		}
		return out[i].Week.Before(out[j].Week)
	})
	return out, nil
}
