package storage

import (
	"cmp"
	"maps"
	"slices"
	"strings"
	"sync"

	"gorm.io/gorm"

	"veille/feeds"
)

// Story rows off the articles table. A story pass used to write story_id into each article's
// row: an article row is a few kilobytes (content, text), so placing 5,000 articles rewrote
// some 2,500 pages, more than the write connection's page cache holds, and that write was
// the largest part of the pass. Here an article's story and the articles still to place are
// two narrow tables of their own: placing 5,000 articles writes a few dozen pages.
//
// article_stories holds one row per placed article (article_stories_story lists a story's
// articles). story_todo holds the articles no pass has placed yet, by publication time, so
// that a pass reads its window as a range however many older articles stay unplaced; a
// trigger adds each new article to it and keeps its time in step, another deletes both rows
// with their article. A trigger rather than a foreign key: a foreign key checks the parent
// on every insert, which reads the wide article pages that the narrow tables are there to
// leave alone. articles.story_id stays in the table, unused and stale: dropping or
// zeroing a column rewrites the whole table, minutes for a million articles.
const schemaStoryRows = `
CREATE TABLE article_stories (
	article_id INTEGER PRIMARY KEY,
	story_id   INTEGER NOT NULL
);
INSERT INTO article_stories(article_id, story_id) SELECT id, story_id FROM articles WHERE story_id <> 0;
CREATE INDEX article_stories_story ON article_stories(story_id);

CREATE TABLE story_todo (
	article_id INTEGER PRIMARY KEY,
	published  INTEGER NOT NULL
);
INSERT INTO story_todo(article_id, published) SELECT id, published FROM articles WHERE story_id = 0;
CREATE INDEX story_todo_published ON story_todo(published);

CREATE TRIGGER story_todo_insert AFTER INSERT ON articles BEGIN
	INSERT INTO story_todo(article_id, published) VALUES (new.id, new.published);
END;
CREATE TRIGGER story_rows_delete AFTER DELETE ON articles BEGIN
	DELETE FROM article_stories WHERE article_id = old.id;
	DELETE FROM story_todo WHERE article_id = old.id;
END;
CREATE TRIGGER story_todo_published AFTER UPDATE OF published ON articles
WHEN old.published IS NOT new.published BEGIN
	UPDATE story_todo SET published = new.published WHERE article_id = new.id;
END;

DROP INDEX articles_story;
DROP INDEX articles_story_todo;
`

// The handoff: what the next story pass reads of the articles this process just inserted.
// A refresh writes its new articles, and the pass right after it used to read their title,
// summary and text back from the wide article rows (the text in full: substr reads the whole
// value), a tenth of the pass. The saver keeps those fields in memory instead, and
// ArticlesWithoutStory takes them from there, reading only story_todo's narrow range.
//
// It is only used while it is certainly what the file holds: every write transaction of this
// process but the saves, the story writes and the feed states drops it (write in storage.go),
// an article whose upstream text changed leaves it, and a commit by another connection (a
// cron `veille fetch`, a second reader) changes PRAGMA data_version on the write connection,
// which drops it too. Whatever it lacks is read from the cache as before.
type storyHandoff struct {
	mu      sync.Mutex
	version int64 // data_version on the write connection when the entries were last known true
	arts    map[int64]storyInput
	notify  func([]feeds.Article) // SetStoryInputs
	cache   storyCache            // kept and dropped with the handoff
	// gen counts the cache's changes: what a read gives is kept only if nothing wrote or
	// dropped it between the read and its keeping.
	gen uint64
	// writing counts the write transactions in progress (write in storage.go): while one is,
	// nothing is served nor kept, since its commit comes before its drop.
	writing int
}

// storyCache is the live stories and the document frequencies as this process last read or
// wrote them. Each pass read every live story's centroid (thousands, a third of them in the
// background while the frequencies of its terms were read) and the frequencies of thousands
// of terms, nearly all of which the pass before it had read or written. Like the handoff it
// is kept only for a taker, every write but the saves, the story writes and the feed states
// drops it, and a commit by another connection, seen in data_version, too.
type storyCache struct {
	version int64 // data_version when it was last known true
	// stories holds every story updated at or after from (ms), by ID, as StoriesSince reads
	// it; nil: none known.
	stories map[int64]feeds.Story
	from    int64
	df      map[string]int // frequencies known, absent terms as 0; nil: none
	docs    int            // with df: the articles counted
}

// maxCachedTerms bounds the frequencies kept: past it they are forgotten and read again.
const maxCachedTerms = 100000

// caching tells whether the cache is kept (a taker is set), and its generation now.
func (h *storyHandoff) caching() (bool, uint64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.notify != nil, h.gen
}

// fresh resets the cache unless it is still true at version; it tells whether a taker is set.
func (h *storyHandoff) fresh(version int64) bool {
	if h.notify == nil || version != h.cache.version || h.writing > 0 {
		h.cache = storyCache{version: version}
	}
	return h.notify != nil && h.writing == 0
}

// liveSince gives the cached stories updated at or after since (ms), in StoriesSince's order,
// and forgets older ones: a pass's window only moves forward, and a pass that reaches further
// back reads the rows again.
func (h *storyHandoff) liveSince(version, since int64) ([]feeds.Story, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.fresh(version) || h.cache.stories == nil || since < h.cache.from {
		return nil, false
	}
	out := make([]feeds.Story, 0, len(h.cache.stories))
	for id, st := range h.cache.stories {
		if ms(st.Updated) < since {
			delete(h.cache.stories, id)
			continue
		}
		out = append(out, st)
	}
	h.cache.from = since
	slices.SortFunc(out, func(a, b feeds.Story) int {
		if c := cmp.Compare(ms(a.Updated), ms(b.Updated)); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out, true
}

// rememberLive keeps what StoriesSince read from the rows; version and gen were read before
// them.
func (h *storyHandoff) rememberLive(version int64, gen uint64, since int64, list []feeds.Story) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.fresh(version) || gen != h.gen {
		return
	}
	h.cache.stories = make(map[int64]feeds.Story, len(list))
	for _, st := range list {
		h.cache.stories[st.ID] = st
	}
	h.cache.from = since
}

// knownDF gives the cached frequencies of terms (absent ones left out, as StoryDF does), the
// terms it does not know, and the article count if known.
func (h *storyHandoff) knownDF(version int64, terms []string) (out map[string]int, missing []string, docs int, ok bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.fresh(version) || h.cache.df == nil {
		return nil, terms, 0, false
	}
	out = make(map[string]int, len(terms))
	for _, t := range terms {
		n, known := h.cache.df[t]
		switch {
		case !known:
			missing = append(missing, t)
		case n != 0:
			out[t] = n
		}
	}
	return out, missing, h.cache.docs, true
}

// rememberDF keeps what StoryDF read from the rows: the frequencies of terms (absent: 0) and
// the article count; version and gen were read before them.
func (h *storyHandoff) rememberDF(version int64, gen uint64, terms []string, read map[string]int, docs int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.fresh(version) || gen != h.gen {
		return
	}
	if h.cache.df == nil || len(h.cache.df)+len(terms) > maxCachedTerms {
		h.cache.df = make(map[string]int, len(terms))
	}
	for _, t := range terms {
		h.cache.df[t] = read[t]
	}
	h.cache.docs = docs
}

// wrote applies a committed story batch: the stories as the rows now hold them, and the
// growth of the frequencies.
func (h *storyHandoff) wrote(written []feeds.Story, b *feeds.StoryBatch) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.gen++
	if h.notify == nil {
		return
	}
	if h.cache.stories != nil {
		for _, st := range written {
			if ms(st.Updated) >= h.cache.from {
				h.cache.stories[st.ID] = st
			} else {
				delete(h.cache.stories, st.ID)
			}
		}
	}
	if h.cache.df != nil {
		for t, k := range b.DF {
			if n, ok := h.cache.df[t]; ok {
				h.cache.df[t] = n + k
			}
		}
		h.cache.docs += b.Docs
	}
}

// SetStoryInputs gives fn, after each save that inserted articles, those articles as a story
// pass reads them (ID, FeedID, Title, Summary, the start of Text): feeds/stories.Prepare reads
// their features while the refresh goes on. fn is called on the saving goroutine and must
// not wait; nil stops it, and the handoff with it.
//
// The handoff is only kept while fn is set: it holds some 5 MB for a cold refresh of 5,000
// articles, which `veille fetch` does not spend (its peak RSS is a target), while the reader,
// whose refresh waits on the network, does.
func (s *Store) SetStoryInputs(fn func([]feeds.Article)) {
	s.handoff.mu.Lock()
	s.handoff.notify = fn
	s.handoff.mu.Unlock()
}

// storyInput is what a story pass reads of an article (storyArticleColumns).
type storyInput struct {
	feedID                 int64
	title, summary, prefix string
}

// maxHandoff bounds the handoff: a program that saves without ever running a pass (or the
// oldest articles of a new feed, outside every window) must not grow it for ever.
const maxHandoff = 20000

// dataVersion is PRAGMA data_version on the write connection: it changes when another
// connection commits. tx is that connection, in or out of a transaction.
func dataVersion(tx *gorm.DB) (int64, error) {
	var v int64
	err := tx.Raw(`PRAGMA data_version`).Row().Scan(&v)
	return v, err
}

// keep records the new articles of a save transaction and forgets the changed ones; version
// is data_version read inside that transaction (nothing else commits during it).
func (h *storyHandoff) keep(version int64, fresh []pending, ids []int64, changed []pending) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.notify == nil {
		h.arts = nil
		return
	}
	if h.arts == nil || version != h.version {
		h.arts = map[int64]storyInput{} // another connection wrote since: the old entries may lie
	}
	h.version = version
	for _, c := range changed {
		delete(h.arts, c.k.id)
	}
	if len(h.arts)+len(fresh) > maxHandoff {
		clear(h.arts)
		return
	}
	var given []feeds.Article
	if len(fresh) > 0 {
		given = make([]feeds.Article, 0, len(fresh))
	}
	for i, p := range fresh {
		// Copies: the handoff must not keep the articles' content and full text alive.
		in := storyInput{feedID: p.feedID, title: strings.Clone(p.a.Title),
			summary: strings.Clone(p.a.Summary), prefix: strings.Clone(sqliteSubstr(p.a.Text, storyTextChars))}
		h.arts[ids[i]] = in
		if given != nil {
			given = append(given, feeds.Article{ID: ids[i], FeedID: in.feedID, Title: in.title, Summary: in.summary, Text: in.prefix})
		}
	}
	if given != nil {
		h.notify(given)
	}
}

// drop forgets everything: a write that may have changed an article's text.
func (h *storyHandoff) drop() {
	h.mu.Lock()
	h.arts = nil
	h.cache = storyCache{}
	h.gen++
	h.mu.Unlock()
}

// writeBegins and writeEnds bracket a write transaction that may change what the handoff
// holds: from before it starts until after it commits, a pass reads the rows, and what it
// read then is not kept (gen moves at both ends).
func (h *storyHandoff) writeBegins() {
	h.mu.Lock()
	h.writing++
	h.mu.Unlock()
	h.drop()
}

func (h *storyHandoff) writeEnds() {
	h.mu.Lock()
	h.writing--
	h.mu.Unlock()
	h.drop()
}

// dropCache forgets the cached stories and frequencies only.
func (h *storyHandoff) dropCache() {
	h.mu.Lock()
	h.cache = storyCache{}
	h.gen++
	h.mu.Unlock()
}

// take returns the entries of ids that are known and still true (version is data_version
// now); the others are for the caller to read. last says ids end the pass's window: the
// entries not among them are of articles older than the window (the others were placed and
// forgotten), which no later pass asks for, since its window only moves forward.
func (h *storyHandoff) take(version int64, ids []int64, last bool) map[int64]storyInput {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.arts == nil || version != h.version || h.writing > 0 {
		h.arts = nil
		return nil
	}
	out := make(map[int64]storyInput, len(ids))
	for _, id := range ids {
		if in, ok := h.arts[id]; ok {
			out[id] = in
		}
	}
	if last {
		h.arts = maps.Clone(out)
	}
	return out
}

// forget removes placed articles.
func (h *storyHandoff) forget(ids []int64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, id := range ids {
		delete(h.arts, id)
	}
}

// sqliteSubstr is substr(s, 1, n) as SQLite counts characters: a byte from 0xc0 up takes the
// continuation bytes after it, and any other byte is a character of its own. For valid UTF-8
// that is a rune; for invalid bytes it is what the query gave, byte for byte.
func sqliteSubstr(s string, n int) string {
	i := 0
	for k := 0; k < n && i < len(s); k++ {
		c := s[i]
		i++
		if c >= 0xc0 {
			for i < len(s) && s[i]&0xc0 == 0x80 {
				i++
			}
		}
	}
	return s[:i]
}
