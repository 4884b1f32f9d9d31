// Package storage is veille's cache, and SQL only: the one package that knows GORM and SQLite
// (glebarez/sqlite, a pure-Go SQLite with FTS5). It owns the schema and its migrations
// (migrate.go), the refresh upserts (save.go), the article queries (keyset pages, counts,
// FTS5 full-text search; query.go explains how they are planned) and the user's state (read,
// starred, manual tags).
//
// It executes what it is given and decides nothing: no goroutines, no tagging, no policy. The
// tags come already computed (feeds.Retag drives a retag through ArticlesForTagging and
// ReplaceAutoTags), retention comes as cut-off times (feeds.Retention.Cuts), item keys and
// hashes come from parse (feeds.ItemKey and feeds.ContentHash fill them for other callers),
// and every method that needs the time is given it. Every method takes a context first and
// returns feeds types; SQLite errors come back translated (feeds.ErrNotFound, ErrBusy, …) and
// wrapped with the operation that failed. SQL goes through GORM's API (Transaction, Exec, Raw,
// Row, Rows, Scan, Create with clause.OnConflict), never around it.
//
// Concurrency: the reader, a background refresh and a cron `veille fetch` may all use the same
// file at once. Reads go through a small pool of read-only connections and never wait for a
// writer (WAL). Writes go through one connection per process, so they are serialized in
// process, and every write transaction starts with BEGIN IMMEDIATE, so two processes queue on
// busy_timeout instead of failing with "database is locked" on a read→write upgrade.
package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"

	gosqlite "github.com/glebarez/go-sqlite"
	"github.com/glebarez/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"veille/feeds"
)

var (
	// ErrBusy reports that another process kept the database locked for longer than the
	// busy timeout.
	ErrBusy = errors.New("database is busy: another veille is writing to it")
	// ErrNewerSchema reports a database migrated by a newer veille than this one.
	ErrNewerSchema = errors.New("database was created by a newer version of veille")
	// ErrEmptyTag reports a tag name that is empty once folded.
	ErrEmptyTag = errors.New("empty tag name")
)

// sqliteBusy is SQLITE_BUSY, the primary result code of every "database is locked" variant.
const sqliteBusy = 5

// busyTimeoutMS is how long a write waits for another process's write transaction. A refresh
// holds the lock for one feed at a time (milliseconds), so 10 s is only reached when something
// is really stuck.
const busyTimeoutMS = 10000

// readConns bounds the read pool: the reader issues at most a list page, a count and a few tab
// counts at once, and the machine has two cores.
const readConns = 4

// Store is an open cache. It is safe for concurrent use.
type Store struct {
	r *gorm.DB // read-only pool: BEGIN DEFERRED, query_only
	w *gorm.DB // the one write connection: BEGIN IMMEDIATE

	ckpt *checkpointer // copies the WAL into the file beside the writer (checkpoint.go)

	// tagIDs caches tag name → id. Tags are never deleted, so a committed mapping stays true
	// for the life of the file, whichever process created it.
	tagMu  sync.Mutex
	tagIDs map[string]int64

	// handoff holds what the next story pass reads of the articles just saved (story_rows.go).
	handoff storyHandoff

	// driveLimit replaces the computed full-text drive limit when non-zero; -1 makes every
	// full-text condition a probe. Tests use it to run both plans on small data.
	driveLimit int
	// walkAbove replaces walkAboveMatches when non-zero; -1 makes every driving match set a
	// subquery (tests only).
	walkAbove int
}

// connPragmas run on every new connection, in this order: busy_timeout first so that even
// switching the journal mode waits for a busy database instead of failing.
var connPragmas = []string{
	fmt.Sprintf("busy_timeout(%d)", busyTimeoutMS),
	// Only takes effect when the file is created, hence before journal_mode, which writes
	// the first page. 8 KiB: most articles fit one page without overflow chains, and a
	// refresh writes fewer WAL frames (−15 % CPU on BenchmarkSaveRefreshCold against 4 KiB).
	"page_size(8192)",
	"journal_mode(WAL)",
	"synchronous(NORMAL)", // WAL: a killed process loses nothing; a power cut may lose the last commits, never corrupt
	"foreign_keys(ON)",
	"temp_store(MEMORY)", // the staging table and the few sorts (full-text matches) stay off disk
	// 4 MiB per connection, allocated as pages are touched. 16 MiB saved ~8 % CPU on a cold
	// refresh but pushed its peak RSS past 75 MB; five connections could hold 80 MB.
	"cache_size(-4096)",
	// No mmap: mapped pages count in the process's RSS, and a count over 100,000 articles
	// mapped ~100 MB of them (reader at 160 MB instead of 51 MB). It cost a rare-word search
	// 26 → 37 ms; page-sized listings do not care.
	"mmap_size(0)",
}

// Open opens (creating it if needed) the cache at path and brings its schema up to date.
// Opening a current database costs one PRAGMA read.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("open cache: empty path")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open cache: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return nil, fmt.Errorf("open cache: %w", err)
	}
	s := &Store{tagIDs: map[string]int64{}}
	// The writer's page cache is 2 MiB, not 4: a refresh's writes touch few pages again
	// (new rows go at the end of each b-tree), and the 2 MiB saved brought a cold refresh's
	// peak RSS from 59 to 56-57 MB with no CPU cost this machine could measure.
	writeDSN := "_txlock=immediate&_pragma=" + url.QueryEscape(fmt.Sprintf("wal_autocheckpoint(%d)", backstopFrames)) +
		"&_pragma=" + url.QueryEscape("cache_size(-2048)")
	if s.w, err = openPool(abs, 1, writeDSN); err != nil {
		return nil, fmt.Errorf("open cache %s: %w", abs, translate(err))
	}
	if s.r, err = openPool(abs, readConns, "_pragma=query_only(1)"); err != nil {
		closePool(s.w)
		return nil, fmt.Errorf("open cache %s: %w", abs, translate(err))
	}
	s.ckpt = newCheckpointer(func() (*sql.DB, error) { return openSQL(abs, 1, "") })
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("open cache %s: %w", abs, err)
	}
	return s, nil
}

// openPool opens a connection pool on the file with the connection pragmas plus extra DSN
// parameters.
func openPool(abs string, conns int, extra string) (*gorm.DB, error) {
	db, err := openSQL(abs, conns, extra)
	if err != nil {
		return nil, err
	}
	g, err := gorm.Open(sqlite.Dialector{Conn: db}, &gorm.Config{
		Logger:                 logger.Discard,
		SkipDefaultTransaction: true, // every write here is already in an explicit transaction
	})
	if err != nil {
		db.Close()
		return nil, err
	}
	return g, nil
}

// openSQL opens a database/sql pool of conns connections on the file, with the connection
// pragmas plus extra DSN parameters (may be empty).
func openSQL(abs string, conns int, extra string) (*sql.DB, error) {
	q := make([]string, 0, len(connPragmas)+1)
	for _, p := range connPragmas {
		q = append(q, "_pragma="+url.QueryEscape(p))
	}
	if extra != "" {
		q = append(q, extra)
	}
	// A file: URI with an escaped path, so that a path holding '?' or '#' still works: the
	// driver hands the whole string to sqlite3_open_v2 with SQLITE_OPEN_URI.
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // file:///C:/… on Windows
	}
	dsn := (&url.URL{Scheme: "file", Path: p}).String() + "?" + strings.Join(q, "&")
	db, err := sql.Open(sqlite.DriverName, dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	return db, nil
}

// closePool closes the connections under a pool.
func closePool(g *gorm.DB) error {
	db, err := g.DB()
	if err != nil {
		return err
	}
	return db.Close()
}

// Close closes both pools.
func (s *Store) Close() error {
	if s.ckpt != nil {
		s.ckpt.close()
	}
	errR := closePool(s.r)
	errW := closePool(s.w)
	return errors.Join(errR, errW)
}

// write runs fn in one IMMEDIATE transaction on the write connection. tx carries ctx. It may
// change what the story handoff holds, which is neither used nor kept until it has committed,
// and dropped (story_rows.go).
func (s *Store) write(ctx context.Context, fn func(tx *gorm.DB) error) error {
	s.handoff.writeBegins()
	defer s.handoff.writeEnds()
	return s.writeKeep(ctx, fn)
}

// writeKeep is write for the transactions that keep the story handoff true: saves, which
// update it themselves, and writes that touch no article's text.
func (s *Store) writeKeep(ctx context.Context, fn func(tx *gorm.DB) error) error {
	err := s.w.WithContext(ctx).Transaction(fn)
	if err == nil && s.ckpt != nil {
		s.ckpt.kicked()
	}
	return translate(err)
}

// read is the read pool for one call.
func (s *Store) read(ctx context.Context) *gorm.DB {
	return s.r.WithContext(ctx)
}

// translate turns driver and gorm errors into feeds' and this package's errors: "no rows"
// becomes feeds.ErrNotFound; a busy database ErrBusy, keeping the original in the chain.
func translate(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, gorm.ErrRecordNotFound) || errors.Is(err, sql.ErrNoRows) {
		return feeds.ErrNotFound
	}
	var se *gosqlite.Error
	if errors.As(err, &se) && se.Code()&0xff == sqliteBusy {
		return fmt.Errorf("%w (%v)", ErrBusy, err)
	}
	return err
}
