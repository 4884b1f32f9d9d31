package storage

import (
	"context"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"gorm.io/gorm"

	"veille/feeds"
)

// BenchmarkSaveRefreshCold saves 100 feeds × 50 new articles (≈1.5 KB of content and of text
// each) into an empty cache: one op is the whole round of 5,000 articles, FTS included.
func BenchmarkSaveRefreshCold(b *testing.B) {
	ctx := context.Background()
	var us []feeds.FeedUpdate
	var cpu cpuMeter
	for b.Loop() {
		b.StopTimer()
		s, err := Open(ctx, b.TempDir()+"/veille.db")
		if err != nil {
			b.Fatal(err)
		}
		fs := addTestFeeds(b, s, 100)
		if us == nil { // the same IDs in every fresh cache
			us = newCorpus(1).updates(fs, 50, time.Now())
		}
		b.StartTimer()
		cpu.start()
		// In groups of 10 feeds, as a cold refresh's writer takes them.
		for start := 0; start < len(us); start += 10 {
			if _, err := s.SaveRefreshes(ctx, us[start:min(start+10, len(us))], time.Now()); err != nil {
				b.Fatal(err)
			}
		}
		cpu.stop()
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	cpu.report(b)
}

// BenchmarkSaveRefreshUnchanged saves the same 5,000 articles again: nothing is written but
// the feeds' fetch state.
func BenchmarkSaveRefreshUnchanged(b *testing.B) {
	ctx := context.Background()
	s := openTest(b)
	us := newCorpus(1).updates(addTestFeeds(b, s, 100), 50, time.Now())
	for _, u := range us {
		if _, err := s.SaveRefresh(ctx, u, time.Now()); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		for _, u := range us {
			res, err := s.SaveRefresh(ctx, u, time.Now())
			if err != nil {
				b.Fatal(err)
			}
			if res != (feeds.SaveResult{}) {
				b.Fatalf("unchanged round saved %+v", res)
			}
		}
	}
}

// cpuMeter adds the process's CPU time (user + system) over the measured sections: on a
// shared two-core machine it moves far less than wall time when other work runs.
type cpuMeter struct {
	total, begin time.Duration
	n            int
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func (m *cpuMeter) start() { m.begin = cpuTime() }
func (m *cpuMeter) stop()  { m.total += cpuTime() - m.begin; m.n++ }

func (m *cpuMeter) report(b *testing.B) {
	if m.n > 0 {
		b.ReportMetric(float64(m.total.Microseconds())/1000/float64(m.n), "cpu-ms/op")
	}
}

// bulkLoad fills a cache with nFeeds × perFeed articles in one transaction: the fast path for
// building benchmark databases (the saver's own statements, one commit, the full-text index
// built in one pass at the end). About 60 % of the articles are read.
func bulkLoad(tb testing.TB, s *Store, nFeeds, perFeed int) {
	tb.Helper()
	ctx := context.Background()
	fs := addTestFeeds(tb, s, nFeeds)
	c := newCorpus(7)
	now := time.Now()
	err := s.write(ctx, func(tx *gorm.DB) error {
		// Index the text once at the end rather than feed by feed: 'rebuild' is one pass.
		if err := tx.Exec(`DROP TRIGGER articles_fts_insert`).Error; err != nil {
			return err
		}
		for fi, f := range fs {
			arts := make([]feeds.Article, perFeed)
			for i := range arts {
				// Spread over a year, interleaving feeds.
				// In float: the product of an index and a year in nanoseconds overflows int64.
				age := time.Duration(float64(365*24*time.Hour) * float64(i*nFeeds+fi) / float64(nFeeds*perFeed))
				arts[i] = c.article(fi, i, now.Add(-age).Truncate(time.Second))
				arts[i].Read = c.rng.IntN(10) < 6
			}
			sv := saver{tx: tx, s: s, now: now, res: make([]feeds.SaveResult, 1)}
			if err := sv.sort(0, f.ID, arts); err != nil {
				return err
			}
			if err := sv.write(); err != nil {
				return err
			}
			s.rememberTags(sv.createdTags)
		}
		if err := tx.Exec(`INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')`).Error; err != nil {
			return err
		}
		return tx.Exec(triggerSQL(`articles_fts_insert`)).Error
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkListFirstPage reads the first page (50 rows) of common listings over 100,000
// articles, and a few counts.
func BenchmarkListFirstPage(b *testing.B) {
	ctx := context.Background()
	s := benchDB100k(b)
	f, t := false, true
	cases := []struct {
		name string
		q    feeds.Query
	}{
		{"all", feeds.Query{}},
		{"unread", feeds.Query{Read: &f}},
		{"starred", feeds.Query{Starred: &t}},
		{"tag", feeds.Query{WithTags: []string{"ia"}}},
		{"unread+tag", feeds.Query{Read: &f, WithTags: []string{"ia"}}},
		{"rare-tag", feeds.Query{WithTags: []string{"securite"}}},
		{"without-tag", feeds.Query{WithoutTags: []string{"ia"}}},
		{"source", feeds.Query{Sources: []string{"source 17"}}},
		{"since-7d", feeds.Query{Since: time.Now().Add(-7 * 24 * time.Hour)}},
		{"fts-common+tag", feeds.Query{Words: []string{"données"}, WithTags: []string{"ia"}}},
		{"fts-common", feeds.Query{Words: []string{"données"}}},
		{"fts-rare", feeds.Query{Words: []string{"Starlink", "Nintendo"}}},
		{"fts-phrase", feeds.Query{Words: []string{"poids ouverts"}}},
		{"fts-prefix", feeds.Query{Words: []string{"cyber*"}}},
		{"fts-not", feeds.Query{NotWords: []string{"Mistral"}}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			var n int
			for b.Loop() {
				arts, err := s.ListArticles(ctx, c.q, feeds.Page{Limit: 50})
				if err != nil {
					b.Fatal(err)
				}
				n = len(arts)
			}
			b.ReportMetric(float64(n), "rows")
		})
	}
	b.Run("second-page", func(b *testing.B) {
		first, err := s.ListArticles(ctx, feeds.Query{}, feeds.Page{Limit: 50})
		if err != nil {
			b.Fatal(err)
		}
		last := first[len(first)-1]
		for b.Loop() {
			if _, err := s.ListArticles(ctx, feeds.Query{}, feeds.Page{Limit: 50,
				After: &feeds.ArticleCursor{Published: last.Published, ID: last.ID}}); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, c := range cases[:4] {
		b.Run("count-"+c.name, func(b *testing.B) {
			for b.Loop() {
				if _, _, err := s.CountArticles(ctx, c.q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("feeds", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.Feeds(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("tag-counts", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.TagCounts(ctx, time.Now()); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// benchDB100k builds the 100,000-article cache of the listing benchmarks. With
// VEILLE_BENCH_DB=path it is kept there and reused by later runs (delete the file after a
// schema change).
func benchDB100k(b *testing.B) *Store {
	path := os.Getenv("VEILLE_BENCH_DB")
	if path == "" {
		path = b.TempDir() + "/veille.db"
	}
	_, statErr := os.Stat(path)
	s, err := Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if statErr != nil {
		start := time.Now()
		bulkLoad(b, s, 200, 500)
		b.Logf("built 100,000 articles in %v", time.Since(start).Round(time.Millisecond))
	}
	return s
}

// triggerSQL returns the CREATE statement of a trigger of the schema.
func triggerSQL(name string) string {
	for _, m := range migrations {
		i := strings.Index(m.sql, "CREATE TRIGGER "+name+" ")
		if i < 0 {
			continue
		}
		end := strings.Index(m.sql[i:], "END;")
		return m.sql[i : i+end+len("END;")]
	}
	panic("no trigger " + name)
}

// BenchmarkOpen opens and closes an existing, current cache: the fixed cost of every command.
func BenchmarkOpen(b *testing.B) {
	ctx := context.Background()
	path := b.TempDir() + "/veille.db"
	s, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	addTestFeeds(b, s, 10)
	s.Close()
	for b.Loop() {
		s, err := Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.ListArticles(ctx, feeds.Query{}, feeds.Page{Limit: 50}); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}

// BenchmarkSaveFeedStates writes the fetch state of 100 feeds that answered 304: the whole
// cost of a warm refresh where nothing changed.
func BenchmarkSaveFeedStates(b *testing.B) {
	ctx := context.Background()
	s := openTest(b)
	fs := addTestFeeds(b, s, 100)
	for b.Loop() {
		now := time.Now()
		for i := range fs {
			fs[i].LastFetch, fs[i].LastSuccess = now, now
		}
		if err := s.SaveFeedStates(ctx, fs); err != nil {
			b.Fatal(err)
		}
	}
}
