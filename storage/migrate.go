package storage

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// A migration is one step of the schema's history. The list is append-only: a released step is
// never edited, a change is a new step. The schema version is PRAGMA user_version, the number
// of steps applied, written in the step's own transaction so a step is applied whole or not at
// all.
type migration struct {
	name string
	sql  string
}

// migrations is the schema's history, oldest first.
var migrations = []migration{
	{name: "feeds, articles, tags, meta", sql: schemaV1},
	{name: "full-text search", sql: schemaV2},
	{name: "article pages and retention", sql: schemaV3},
	{name: "digest of the last feed document", sql: schemaV4},
	{name: "feeds read by the loose pass", sql: schemaMalformed},
	{name: "tags learned from the user's tagging", sql: schemaLearn}, // storage/learn.go
	{name: "sync with a feed server", sql: schemaSync},
	{name: "stories", sql: schemaStories}, // stories.go
	{name: "story rows off the articles table", sql: schemaStoryRows},
	{name: "index of the user's own tag rows", sql: schemaUserTags}, // learn.go
}

// Column order in articles is deliberate: SQLite reads a record from its start, and a 3 KB
// article spills onto overflow pages, so the small columns every list, filter and count needs
// come first and content and text last. Times are Unix milliseconds, 0 for none. Booleans are
// 0/1.
const schemaV1 = `
CREATE TABLE feeds (
	id            INTEGER PRIMARY KEY,
	url           TEXT    NOT NULL UNIQUE,
	title         TEXT    NOT NULL DEFAULT '',
	site_url      TEXT    NOT NULL DEFAULT '',
	category      TEXT    NOT NULL DEFAULT '',
	ai_only       INTEGER NOT NULL DEFAULT 0,
	etag          TEXT    NOT NULL DEFAULT '',
	last_modified TEXT    NOT NULL DEFAULT '',
	last_fetch    INTEGER NOT NULL DEFAULT 0,
	last_success  INTEGER NOT NULL DEFAULT 0,
	last_error    TEXT    NOT NULL DEFAULT '',
	error_kind    TEXT    NOT NULL DEFAULT '',
	failures      INTEGER NOT NULL DEFAULT 0,
	next_fetch    INTEGER NOT NULL DEFAULT 0,
	gone          INTEGER NOT NULL DEFAULT 0,
	search_name   TEXT    NOT NULL DEFAULT '', -- folded "title host": =source is a LIKE on it
	created_at    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE articles (
	id           INTEGER PRIMARY KEY,
	feed_id      INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
	published    INTEGER NOT NULL,
	read         INTEGER NOT NULL DEFAULT 0,
	starred      INTEGER NOT NULL DEFAULT 0,
	date_guessed INTEGER NOT NULL DEFAULT 0,
	paywalled    INTEGER NOT NULL DEFAULT 0,
	first_seen   INTEGER NOT NULL DEFAULT 0,
	updated      INTEGER NOT NULL DEFAULT 0,
	item_key     TEXT    NOT NULL,
	hash         TEXT    NOT NULL DEFAULT '',
	guid         TEXT    NOT NULL DEFAULT '',
	url          TEXT    NOT NULL DEFAULT '',
	title        TEXT    NOT NULL DEFAULT '',
	author       TEXT    NOT NULL DEFAULT '',
	categories   TEXT    NOT NULL DEFAULT '', -- joined with U+001F
	summary      TEXT    NOT NULL DEFAULT '',
	content      TEXT    NOT NULL DEFAULT '',
	text         TEXT    NOT NULL DEFAULT '',
	UNIQUE (feed_id, item_key)
);

-- An index entry ends with the rowid, so (published) is (published, id): the newest-first
-- order, read backwards, with no sort.
CREATE INDEX articles_published ON articles(published);
-- +unread / +read: (read, published, id) with read fixed is the same order.
CREATE INDEX articles_read ON articles(read, published);
-- +starred: few rows, so a partial index; -starred scans articles_published.
CREATE INDEX articles_starred ON articles(published) WHERE starred = 1;
-- =source and per-feed counts; read is in it so that counting unread per feed never
-- touches the table.
CREATE INDEX articles_feed ON articles(feed_id, read, published);

CREATE TABLE tags (
	id   INTEGER PRIMARY KEY,
	name TEXT    NOT NULL UNIQUE -- folded: lower case, no accents
);

-- removed=1 rows are kept: they remember that the user took the tag off, so rules never
-- give it back. published and read are copies of the article's, kept in step by the
-- triggers below, so that a tag's listing walks article_tags_tag newest first and its counts
-- never touch the wide articles rows.
CREATE TABLE article_tags (
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	tag_id     INTEGER NOT NULL REFERENCES tags(id),
	manual     INTEGER NOT NULL DEFAULT 0,
	removed    INTEGER NOT NULL DEFAULT 0,
	evidence   TEXT    NOT NULL DEFAULT '', -- JSON array of feeds.Evidence, '' for none
	published  INTEGER NOT NULL DEFAULT 0,
	read       INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (article_id, tag_id)
) WITHOUT ROWID;
-- (published, article_id) is the list order; read last, for filtering and counting.
CREATE INDEX article_tags_tag ON article_tags(tag_id, removed, published, article_id, read);

CREATE TRIGGER article_tags_read AFTER UPDATE OF read ON articles
WHEN old.read IS NOT new.read BEGIN
	UPDATE article_tags SET read = new.read WHERE article_id = new.id;
END;

CREATE TRIGGER article_tags_published AFTER UPDATE OF published ON articles
WHEN old.published IS NOT new.published BEGIN
	UPDATE article_tags SET published = new.published WHERE article_id = new.id;
END;

CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;
`

// Only title and text are indexed: FTS5 indexing is most of the cost of saving an article, and
// text already holds the plain text of the content (or of the summary when there is none).
// External content: the index stores no second copy of the text. The update trigger fires only
// when title or text really changed, so marking read or re-saving an unchanged row never
// touches the index.
const schemaV2 = `
CREATE VIRTUAL TABLE articles_fts USING fts5(
	title, text,
	content='articles', content_rowid='id',
	tokenize='unicode61 remove_diacritics 2'
);

CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
	INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
	INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;

CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles
WHEN old.title IS NOT new.title OR old.text IS NOT new.text BEGIN
	INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
	INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;

INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
`

// Full text from the article's page. ADD COLUMN with a constant default rewrites no
// row, so the step is instant on any cache, but the columns land after content and text: a
// row that spills onto overflow pages is read to its end to reach them, which only the list's
// text_source pays, and only for the 50 rows of a page.
//
// text_source: feeds.TextSource. page_url, page_at (ms), page_error: the last attempt at the
// page; a non-empty page_error means it failed and may be retried.
//
// The three indexes are partial so that each holds only the rows its query wants:
//   - articles_page_todo: the articles whose page is still to fetch or to retry, by first_seen
//     (PageCandidates). A row leaves it once its page is saved, refused or given up on.
//   - articles_full: the read-state and date of the articles that still hold content, for
//     retention, which strips read ones older than a cut. Stripped rows leave it, so a gc
//     after each fetch does not walk every old article again.
//   - articles_text_source: the few articles whose text is not the feed's, per feed, for Stats.
const schemaV3 = `
ALTER TABLE articles ADD COLUMN text_source TEXT    NOT NULL DEFAULT 'feed';
ALTER TABLE articles ADD COLUMN page_url    TEXT    NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN page_at     INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN page_error  TEXT    NOT NULL DEFAULT '';

CREATE INDEX articles_page_todo ON articles(first_seen)
	WHERE text_source = 'feed' AND (page_at = 0 OR page_error <> '');
CREATE INDEX articles_full ON articles(read, published) WHERE content <> '';
CREATE INDEX articles_text_source ON articles(feed_id, text_source) WHERE text_source <> 'feed';
`

// body_digest: feeds.Feed.BodyDigest, "" until a document is parsed and saved.
const schemaV4 = `
ALTER TABLE feeds ADD COLUMN body_digest TEXT NOT NULL DEFAULT '';
`

// migrate brings the schema up to date. The hot path (already current) is one PRAGMA read on a
// read connection.
func (s *Store) migrate(ctx context.Context) error {
	v, err := userVersion(ctx, s.r)
	if err != nil {
		return fmt.Errorf("read schema version: %w", translate(err))
	}
	switch {
	case v == len(migrations):
		return nil
	case v > len(migrations):
		return fmt.Errorf("%w (schema version %d, this veille knows %d)", ErrNewerSchema, v, len(migrations))
	}
	return applyMigrations(ctx, s.w, migrations)
}

// applyMigrations applies the steps the database lacks, each in its own IMMEDIATE
// transaction. The version is read again inside each transaction: another process may have
// migrated the file between our read and our lock.
func applyMigrations(ctx context.Context, w *gorm.DB, steps []migration) error {
	for i, m := range steps {
		err := w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			v, err := userVersion(ctx, tx)
			if err != nil {
				return err
			}
			if v > i {
				return nil
			}
			if err := tx.Exec(m.sql).Error; err != nil {
				return err
			}
			// PRAGMA takes no bound parameter; i is ours.
			return tx.Exec(fmt.Sprintf("PRAGMA user_version = %d", i+1)).Error
		})
		if err != nil {
			return fmt.Errorf("migration %d (%s): %w", i+1, m.name, translate(err))
		}
	}
	return nil
}

func userVersion(ctx context.Context, db *gorm.DB) (int, error) {
	var v int
	err := db.WithContext(ctx).Raw("PRAGMA user_version").Row().Scan(&v)
	return v, err
}
