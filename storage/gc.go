package storage

import (
	"context"
	"fmt"
	"os"

	"gorm.io/gorm"

	"veille/feeds"
)

// GCReport is what GC did.
type GCReport struct {
	Stripped, Deleted       int
	BytesBefore, BytesAfter int64 // database plus WAL file
	Vacuumed                bool
}

// gcBatch is how many articles one GC transaction strips or deletes. Each transaction holds
// the write lock while the full-text index drops the old text (about 0.1 ms an article), so
// 2,000 keeps a waiting refresh or star under half a second. A variable so that tests can
// cross batch boundaries on a few rows.
var gcBatch = 2000

// vacuumShare is the share of the file GC with reclaim must be able to give back before it
// runs VACUUM (see reclaim): below it, SQLite reuses the space soon enough, and VACUUM
// rewrites the whole file.
const vacuumShare = 0.2

// keepForever is the condition of the articles retention never touches (see feeds.Retention):
// starred, or with a tag added by hand. manual = 1 implies removed = 0 (EditTags clears one
// when it sets the other).
const keepForever = `(a.starred = 1 OR EXISTS (
	SELECT 1 FROM article_tags x WHERE x.article_id = a.id AND x.manual = 1))`

// GC strips and deletes the articles older than the cuts c (see feeds.RetentionCuts) and, when
// reclaim is true and it is worth it (see reclaim), compacts the full-text index and the file. It works in transactions of a few
// thousand articles, so that a refresh or a star running meanwhile waits at most a fraction
// of a second (readers never wait: WAL); an interrupted GC leaves a consistent cache and the
// next one carries on.
func (s *Store) GC(ctx context.Context, c feeds.RetentionCuts, reclaim bool) (GCReport, error) {
	var rep GCReport
	var err error
	if rep.BytesBefore, err = s.fileBytes(ctx); err != nil {
		return rep, fmt.Errorf("gc: %w", err)
	}
	if err := s.retainPaused(ctx, c, reclaim, &rep); err != nil {
		return rep, fmt.Errorf("gc: %w", err)
	}
	if err := s.addShrunk(ctx, rep.Stripped+rep.Deleted); err != nil {
		return rep, fmt.Errorf("gc: %w", err)
	}
	if reclaim {
		if rep.Vacuumed, err = s.reclaim(ctx); err != nil {
			return rep, fmt.Errorf("gc: reclaim space: %w", err)
		}
	}
	if rep.BytesAfter, err = s.fileBytes(ctx); err != nil {
		return rep, fmt.Errorf("gc: %w", err)
	}
	return rep, nil
}

// retainPaused runs retain with the full-text index's automerge off when the index is about to
// be merged whole anyway (reclaim): merging it as it goes would be wasted work. automerge is
// stored in the index, so it is given back even when retain fails; a GC killed meanwhile
// leaves it off until the next GC with reclaim, and the index only grows a few more segments.
func (s *Store) retainPaused(ctx context.Context, c feeds.RetentionCuts, reclaim bool, rep *GCReport) (err error) {
	if reclaim {
		if err := s.setAutomerge(ctx, 0); err != nil {
			return err
		}
		defer func() {
			if e := s.setAutomerge(context.WithoutCancel(ctx), ftsAutomerge); e != nil && err == nil {
				err = e
			}
		}()
	}
	return s.retain(ctx, c, rep)
}

// retain deletes, then strips, the articles older than the cuts. The age test is
// published < cut AND first_seen < cut: older than the later of the two.
func (s *Store) retain(ctx context.Context, c feeds.RetentionCuts, rep *GCReport) error {
	// Deletions first: a row about to go is not worth stripping.
	if !c.DeleteReadBefore.IsZero() {
		n, err := s.gcLoop(ctx, `DELETE FROM articles WHERE id IN (
			SELECT a.id FROM articles a
			WHERE a.read = 1 AND a.published < ?1 AND a.first_seen < ?1 AND NOT `+keepForever+`
			LIMIT ?2)`, ms(c.DeleteReadBefore))
		rep.Deleted += n
		if err != nil {
			return fmt.Errorf("delete read articles: %w", err)
		}
	}
	if !c.DeleteUnreadBefore.IsZero() {
		n, err := s.gcLoop(ctx, `DELETE FROM articles WHERE id IN (
			SELECT a.id FROM articles a
			WHERE a.read = 0 AND a.published < ?1 AND a.first_seen < ?1 AND NOT `+keepForever+`
			LIMIT ?2)`, ms(c.DeleteUnreadBefore))
		rep.Deleted += n
		if err != nil {
			return fmt.Errorf("delete unread articles: %w", err)
		}
	}
	if rep.Deleted > 0 {
		// A story whose every article went is gone too: it would never list again, and its row
		// and centroid would stay for good. The story_rows_delete trigger removed its links.
		err := s.write(ctx, func(tx *gorm.DB) error {
			return tx.Exec(`DELETE FROM stories WHERE NOT EXISTS (
				SELECT 1 FROM article_stories x WHERE x.story_id = stories.id)`).Error
		})
		if err != nil {
			return fmt.Errorf("delete empty stories: %w", err)
		}
	}
	if !c.StripBefore.IsZero() {
		// content <> '' repeats articles_full's WHERE, so the selection walks that index: the
		// rows already stripped are not in it. A page's text goes back to the feed's source; a
		// paywall or block mark stays true. page_at is set when it was 0 so that an old article
		// never tried is not offered for a page fetch after losing its text.
		n, err := s.gcLoop(ctx, `UPDATE articles SET content = '', text = summary,
			text_source = CASE WHEN text_source = 'page' THEN 'feed' ELSE text_source END,
			page_at = CASE WHEN page_at = 0 THEN ?3 ELSE page_at END, page_error = ''
			WHERE id IN (
				SELECT a.id FROM articles a
				WHERE a.read = 1 AND a.content <> '' AND a.published < ?1 AND a.first_seen < ?1
					AND NOT `+keepForever+`
				LIMIT ?2)`, ms(c.StripBefore), ms(c.Now))
		rep.Stripped += n
		if err != nil {
			return fmt.Errorf("strip full text: %w", err)
		}
	}
	return nil
}

// ftsAutomerge is FTS5's default automerge, which the schema never changed.
const ftsAutomerge = 4

func (s *Store) setAutomerge(ctx context.Context, n int) error {
	err := s.write(ctx, func(tx *gorm.DB) error {
		return tx.Exec(`INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', ?)`, n).Error
	})
	if err != nil {
		return fmt.Errorf("set full-text automerge: %w", err)
	}
	return nil
}

// metaShrunk counts the articles stripped or deleted since the last VACUUM, across GCs.
const metaShrunk = "gc_shrunk_since_vacuum"

func (s *Store) addShrunk(ctx context.Context, n int) error {
	if n == 0 {
		return nil
	}
	err := s.write(ctx, func(tx *gorm.DB) error {
		return tx.Exec(`INSERT INTO meta (key, value) VALUES (?1, ?2)
			ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + ?2`, metaShrunk, n).Error
	})
	if err != nil {
		return fmt.Errorf("count stripped articles: %w", err)
	}
	return nil
}

// gcLoop runs q (whose ?1 is the cut, ?2 the batch size, ?3 the optional extra argument) in
// one transaction per batch until a batch touches fewer rows than gcBatch. Selecting and
// writing in the same IMMEDIATE transaction means an article starred or tagged meanwhile is
// seen as kept.
func (s *Store) gcLoop(ctx context.Context, q string, cut int64, extra ...any) (int, error) {
	args := append([]any{cut, gcBatch}, extra...)
	total := 0
	for {
		if err := ctx.Err(); err != nil {
			return total, err
		}
		var n int64
		err := s.write(ctx, func(tx *gorm.DB) error {
			res := tx.Exec(q, args...)
			n = res.RowsAffected
			return res.Error
		})
		if err != nil {
			return total, err
		}
		total += int(n)
		if n < int64(gcBatch) {
			return total, nil
		}
	}
}

// reclaim, when it is worth it, merges the full-text index into one segment, which drops the
// entries of stripped and deleted text, then rewrites the file with VACUUM and truncates the
// WAL. Both rewrite everything (the merge alone took 6 s at a million articles, and left its
// old pages free), so a GC with nothing to give back does neither.
//
// "Worth it" is either of two measures passing 20 %. Free pages over all pages is SQLite's
// own; but an article losing its text leaves its page part empty rather than free, so the
// articles stripped or deleted since the last VACUUM, over those there are, count too: after a
// first GC that strips half the cache, the file is about half empty with under 20 % of its
// pages free.
func (s *Store) reclaim(ctx context.Context) (bool, error) {
	var free, pages, shrunk, articles int64
	if err := s.w.WithContext(ctx).Raw(`SELECT
			(SELECT freelist_count FROM pragma_freelist_count),
			(SELECT page_count FROM pragma_page_count),
			coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = ?), 0),
			(SELECT count(*) FROM articles)`, metaShrunk).Row().Scan(&free, &pages, &shrunk, &articles); err != nil {
		return false, translate(err)
	}
	worth := func(part, whole int64) bool { return whole > 0 && float64(part) > vacuumShare*float64(whole) }
	if !worth(free, pages) && !worth(shrunk, articles+shrunk) {
		return false, nil
	}
	err := s.write(ctx, func(tx *gorm.DB) error {
		return tx.Exec(`INSERT INTO articles_fts(articles_fts) VALUES ('optimize')`).Error
	})
	if err != nil {
		return false, translate(err)
	}
	// VACUUM cannot run in a transaction, so it goes straight to the write connection: being
	// the only one, nothing else of ours writes meanwhile. Its temporary copy of the database
	// goes to a file rather than memory (temp_store MEMORY on every connection): it is as big
	// as the cache. Connection holds that one connection for the pragmas around it.
	vacuumed := false
	// The checkpointer waits meanwhile: the TRUNCATE checkpoint must not meet it.
	err = s.ckpt.paused(func() error {
		return s.w.WithContext(ctx).Connection(func(conn *gorm.DB) error {
			if err := conn.Exec(`PRAGMA temp_store = FILE`).Error; err != nil {
				return err
			}
			vacErr := conn.Exec(`VACUUM`).Error
			if err := conn.Exec(`PRAGMA temp_store = MEMORY`).Error; err != nil && vacErr == nil {
				vacErr = err
			}
			if vacErr != nil {
				return vacErr
			}
			vacuumed = true
			if err := conn.Exec(`DELETE FROM meta WHERE key = ?`, metaShrunk).Error; err != nil {
				return err
			}
			// VACUUM wrote the whole new file into the WAL; give that space back now. A reader
			// still holding an old snapshot makes the checkpoint partial, which is not an error:
			// the next checkpoint finishes it.
			var busy, logFrames, done int
			return conn.Raw(`PRAGMA wal_checkpoint(TRUNCATE)`).Row().Scan(&busy, &logFrames, &done)
		})
	})
	return vacuumed, translate(err)
}

// fileBytes is the size on disk of the database and its WAL. The file name comes from the
// connection itself, so it is the file SQLite really opened.
func (s *Store) fileBytes(ctx context.Context) (int64, error) {
	path, err := s.dbPath(ctx)
	if err != nil {
		return 0, err
	}
	var total int64
	for _, p := range []string{path, path + "-wal"} {
		fi, err := os.Stat(p)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return 0, err
		}
		total += fi.Size()
	}
	return total, nil
}

func (s *Store) dbPath(ctx context.Context) (string, error) {
	rows, err := s.read(ctx).Raw(`PRAGMA database_list`).Rows()
	if err != nil {
		return "", translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		var seq int
		var name, file string
		if err := rows.Scan(&seq, &name, &file); err != nil {
			return "", translate(err)
		}
		if name == "main" {
			return file, nil
		}
	}
	if err := rows.Err(); err != nil {
		return "", translate(err)
	}
	return "", fmt.Errorf("no main database")
}
