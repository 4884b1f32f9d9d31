package storage

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"veille/feeds"
)

const day = 24 * time.Hour

func TestGCRetention(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC)
	type outcome int
	const (
		whole outcome = iota
		stripped
		deleted
	)
	cases := []struct {
		key       string
		age       time.Duration // of published and first_seen
		seenAge   time.Duration // first_seen's age when it differs
		read      bool
		starred   bool
		manualTag bool
		removed   bool // a tag the user removed
		source    feeds.TextSource
		want      outcome
	}{
		{key: "fresh", age: 10 * day, read: true, want: whole},
		{key: "strip-boundary", age: 90 * day, read: true, want: whole},
		{key: "strip-past", age: 90*day + time.Millisecond, read: true, want: stripped},
		{key: "delete-boundary", age: 365 * day, read: true, want: stripped},
		{key: "delete-past", age: 365*day + time.Millisecond, read: true, want: deleted},
		{key: "starred", age: 800 * day, read: true, starred: true, want: whole},
		{key: "hand-tagged", age: 800 * day, read: true, manualTag: true, want: whole},
		{key: "removed-tag-old", age: 400 * day, read: true, removed: true, want: deleted},
		{key: "removed-tag-mid", age: 100 * day, read: true, removed: true, want: stripped},
		{key: "unread-old", age: 400 * day, want: whole},
		{key: "unread-boundary", age: 730 * day, want: whole},
		{key: "unread-past", age: 730*day + time.Millisecond, want: deleted},
		{key: "seen-recently", age: 400 * day, seenAge: 30 * day, read: true, want: whole},
		{key: "seen-mid", age: 400 * day, seenAge: 100 * day, read: true, want: stripped},
		{key: "page", age: 100 * day, read: true, source: feeds.TextFromPage, want: stripped},
		{key: "paywall", age: 100 * day, read: true, source: feeds.TextPaywall, want: stripped},
	}
	for _, batch := range []int{2000, 2} {
		t.Run(fmt.Sprint("batch ", batch), func(t *testing.T) {
			defer func(b int) { gcBatch = b }(gcBatch)
			gcBatch = batch
			s := openTest(t)
			f := addTestFeeds(t, s, 1)[0]
			var arts []feeds.Article
			texts := map[string]string{}
			for _, c := range cases {
				a := pageArticle(c.key, now.Add(-c.age))
				a.Text += " zorglub" // a word of the full text only
				if c.seenAge != 0 {
					a.FirstSeen = now.Add(-c.seenAge)
				}
				a.Read, a.Starred = c.read, c.starred
				a.Tags = []feeds.ArticleTag{autoTag("ia", "modèle")} // auto tags do not keep
				arts = append(arts, a)
				texts[c.key] = a.Text
			}
			ids := saveArticles(t, s, f, arts...)
			for _, c := range cases {
				id := ids[c.key]
				if c.manualTag {
					if err := s.EditTags(ctx, id, []string{"garder"}, nil); err != nil {
						t.Fatal(err)
					}
				}
				if c.removed {
					if err := s.EditTags(ctx, id, nil, []string{"ia"}); err != nil {
						t.Fatal(err)
					}
				}
				if c.source != "" {
					p := feeds.ArticlePage{Source: c.source, URL: "https://x.example/p/" + c.key}
					if c.source == feeds.TextFromPage {
						p.Content, p.Text = "<p>Page zorglub</p>", "Page zorglub"
					}
					cand := feeds.PageCandidate{ID: id, URL: "https://x.example/" + c.key,
						TextLen: len([]rune(texts[c.key]))}
					if err := s.SavePage(ctx, cand, p, now.Add(-c.age)); err != nil {
						t.Fatal(err)
					}
				}
			}

			rep, err := s.GC(ctx, feeds.DefaultRetention.Cuts(now), true)
			if err != nil {
				t.Fatal(err)
			}
			var wantStripped, wantDeleted int
			for _, c := range cases {
				switch c.want {
				case stripped:
					wantStripped++
				case deleted:
					wantDeleted++
				}
			}
			if rep.Stripped != wantStripped || rep.Deleted != wantDeleted {
				t.Errorf("report = %+v, want %d stripped, %d deleted", rep, wantStripped, wantDeleted)
			}
			if rep.BytesBefore <= 0 || rep.BytesAfter <= 0 {
				t.Errorf("sizes = %+v", rep)
			}
			for _, c := range cases {
				a, err := s.Article(ctx, ids[c.key])
				switch {
				case c.want == deleted:
					if err == nil {
						t.Errorf("%s: not deleted", c.key)
					}
					continue
				case err != nil:
					t.Errorf("%s: %v", c.key, err)
					continue
				}
				isStripped := a.Content == "" && a.Text == a.Summary
				if isStripped != (c.want == stripped) {
					t.Errorf("%s: stripped = %v (content %q text %q)", c.key, isStripped, a.Content, a.Text)
				}
				if a.Read != c.read || a.Starred != c.starred {
					t.Errorf("%s: user state changed", c.key)
				}
				if c.want == stripped {
					wantSource := c.source
					if wantSource == "" || wantSource == feeds.TextFromPage {
						wantSource = feeds.TextFromFeed
					}
					if a.TextSource != wantSource || a.PageAt.IsZero() {
						t.Errorf("%s: after strip source %q page_at %v", c.key, a.TextSource, a.PageAt)
					}
				}
			}
			// Stripped articles are found by their standfirst, not by their old body.
			for _, c := range cases {
				if c.want == deleted {
					continue
				}
				hits, err := s.ListArticles(ctx, feeds.Query{Words: []string{"chapeau", c.key}}, feeds.Page{})
				if err != nil || len(hits) == 0 {
					t.Errorf("%s: not found by its summary: %v", c.key, err)
				}
			}
			var nWhole int
			for _, c := range cases {
				if c.want == whole {
					nWhole++
				}
			}
			if n := countWord(t, s, "zorglub"); n != nWhole {
				t.Errorf("body word found in %d articles, want the %d whole ones", n, nWhole)
			}
			// A stripped article is not offered for a page fetch again.
			for _, id := range candidateIDs(t, s, time.Time{}) {
				for _, c := range cases {
					if ids[c.key] == id && c.want != whole {
						t.Errorf("%s: a page candidate after strip", c.key)
					}
				}
			}
			var orphans int
			rawDB(s.r).QueryRow(`SELECT count(*) FROM article_tags WHERE article_id NOT IN (SELECT id FROM articles)`).Scan(&orphans)
			if orphans != 0 {
				t.Errorf("%d tag rows of deleted articles", orphans)
			}
			checkIntegrity(t, s)

			// A second run finds nothing left to do.
			rep, err = s.GC(ctx, feeds.DefaultRetention.Cuts(now), true)
			if err != nil || rep.Stripped != 0 || rep.Deleted != 0 || rep.Vacuumed {
				t.Errorf("second GC = %+v, %v", rep, err)
			}
		})
	}
}

func TestGCNever(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	f := addTestFeeds(t, s, 1)[0]
	now := time.Now()
	a := pageArticle("a", now.Add(-3000*day))
	a.Read = true
	saveArticles(t, s, f, a)
	rep, err := s.GC(ctx, feeds.Retention{}.Cuts(now), false)
	if err != nil || rep.Stripped != 0 || rep.Deleted != 0 || rep.Vacuumed {
		t.Fatalf("GC with zero retention = %+v, %v", rep, err)
	}
	// Only stripping.
	rep, err = s.GC(ctx, feeds.Retention{StripAfter: day}.Cuts(now), false)
	if err != nil || rep.Stripped != 1 || rep.Deleted != 0 {
		t.Fatalf("GC strip only = %+v, %v", rep, err)
	}
}

// TestGCReclaim: deleting most of a cache leaves it mostly free pages; GC with reclaim
// rewrites it smaller, and the full-text index still matches the table.
func TestGCReclaim(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	fs := addTestFeeds(t, s, 4)
	now := time.Now()
	c := newCorpus(3)
	for fi, f := range fs {
		var arts []feeds.Article
		for i := range 50 {
			a := c.article(fi, i, now.Add(-time.Duration(i)*10*day))
			a.Read = true
			arts = append(arts, a)
		}
		saveArticles(t, s, f, arts...)
	}
	// Without reclaim nothing is vacuumed.
	rep, err := s.GC(ctx, feeds.Retention{StripAfter: 30 * day}.Cuts(now), false)
	if err != nil || rep.Vacuumed || rep.Stripped == 0 {
		t.Fatalf("GC without reclaim = %+v, %v", rep, err)
	}
	rep, err = s.GC(ctx, feeds.Retention{StripAfter: 30 * day, DeleteAfter: 60 * day}.Cuts(now), true)
	if err != nil || !rep.Vacuumed || rep.Deleted == 0 {
		t.Fatalf("GC with reclaim = %+v, %v", rep, err)
	}
	if rep.BytesAfter >= rep.BytesBefore {
		t.Errorf("sizes %d → %d", rep.BytesBefore, rep.BytesAfter)
	}
	path, _ := s.dbPath(ctx)
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() != 0 {
		t.Errorf("WAL after reclaim is %d bytes", fi.Size())
	}
	checkIntegrity(t, s)
	var left int
	rawDB(s.r).QueryRow(`SELECT count(*) FROM articles`).Scan(&left)
	if left != 4*7 { // ages 0, 10, …, 60 days: exactly 60 days old is not older than 60 days
		t.Errorf("%d articles left", left)
	}
	if n := ftsSegments(t, s); n != 1 {
		t.Errorf("the full-text index has %d segments after a reclaiming GC, want 1", n)
	}
	// A day later, a few more articles are stripped: too little to give back, so the
	// full-text index is not merged whole again (at a million articles that took 6 s and
	// grew the file by the merged copy).
	rep, err = s.GC(ctx, feeds.Retention{StripAfter: 30 * day, DeleteAfter: 61 * day}.Cuts(now.Add(day)), true)
	if err != nil || rep.Vacuumed || rep.Stripped == 0 {
		t.Fatalf("GC with little to do = %+v, %v", rep, err)
	}
	if n := ftsSegments(t, s); n < 2 {
		t.Errorf("the full-text index was merged (%d segment) by a GC with little to give back", n)
	}
}

// ftsSegments is the number of segments of the full-text index: each has at least one row in
// its %_idx table.
func ftsSegments(t *testing.T, s *Store) int {
	t.Helper()
	var n int
	if err := rawDB(s.r).QueryRow(`SELECT count(DISTINCT segid) FROM articles_fts_idx`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// queryPlan is EXPLAIN QUERY PLAN's details, joined.
func queryPlan(t *testing.T, s *Store, q string) string {
	t.Helper()
	rows, err := rawDB(s.r).Query(`EXPLAIN QUERY PLAN ` + q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	return strings.Join(plan, "; ")
}

// TestGCPlans: stripping walks only the articles that still have content, so a GC after each
// fetch costs nothing once the old ones are stripped.
func TestGCPlans(t *testing.T) {
	s := openTest(t)
	strip := queryPlan(t, s, `SELECT a.id FROM articles a
		WHERE a.read = 1 AND a.content <> '' AND a.published < 1 AND a.first_seen < 1
			AND NOT `+keepForever+` LIMIT 10`)
	if !strings.Contains(strip, "USING INDEX articles_full") {
		t.Errorf("strip plan = %s", strip)
	}
	if p := queryPlan(t, s, `SELECT feed_id, text_source, count(*) FROM articles
		WHERE text_source <> 'feed' GROUP BY feed_id, text_source`); !strings.Contains(p, "COVERING INDEX articles_text_source") {
		t.Errorf("stats plan = %s", p)
	}
}

// BenchmarkGC applies the default retention, with reclaim, to a copy of the 100,000-article
// cache of the listing benchmarks (about 60 % read, published over the last year) as of 100
// days from now: every article is then older than 90 days, and the read ones published more
// than 265 days ago are older than 365. So about 44 % are stripped, 16 % deleted, and the
// file is vacuumed. One op is one whole `veille gc` on a fresh copy.
func BenchmarkGC(b *testing.B) {
	ctx := context.Background()
	template := os.Getenv("VEILLE_GC_BENCH_DB")
	if template == "" {
		template = b.TempDir() + "/template.db"
	}
	if _, err := os.Stat(template); err != nil {
		s, err := Open(ctx, template)
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		bulkLoad(b, s, 200, 500)
		// Spread the articles evenly over the last year, newest IDs newest, whatever dates
		// bulkLoad gave them.
		_, err = rawDB(s.w).Exec(`UPDATE articles SET published = ?1 - (100000 - id) * ?2,
			first_seen = ?1 - (100000 - id) * ?2`, time.Now().UnixMilli(), (365 * day / 100000).Milliseconds())
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("built 100,000 articles in %v", time.Since(start).Round(time.Millisecond))
		s.Close() // checkpoints the WAL into the file we copy
	}
	src, err := os.ReadFile(template)
	if err != nil {
		b.Fatal(err)
	}
	path := b.TempDir() + "/veille.db"
	now := time.Now().Add(100 * day)
	var cpu cpuMeter
	var rep GCReport
	for b.Loop() {
		b.StopTimer()
		for _, p := range []string{path, path + "-wal", path + "-shm"} {
			os.Remove(p)
		}
		if err := os.WriteFile(path, src, 0o600); err != nil {
			b.Fatal(err)
		}
		s, err := Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		cpu.start()
		rep, err = s.GC(ctx, feeds.DefaultRetention.Cuts(now), true)
		cpu.stop()
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
		b.StartTimer()
	}
	cpu.report(b)
	b.ReportMetric(float64(rep.Stripped), "stripped")
	b.ReportMetric(float64(rep.Deleted), "deleted")
	b.ReportMetric(float64(rep.BytesBefore)/1e6, "MB-before")
	b.ReportMetric(float64(rep.BytesAfter)/1e6, "MB-after")
	b.ReportMetric(float64(b2i(rep.Vacuumed)), "vacuumed")
}

// TestGCEmptyStories checks that gc deletes the stories it leaves without articles, and keeps
// those that still have one.
func TestGCEmptyStories(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC)
	s := openTest(t)
	f := addTestFeeds(t, s, 1)[0]
	old1, old2 := pageArticle("old1", now.Add(-400*day)), pageArticle("old2", now.Add(-400*day))
	fresh := pageArticle("fresh", now.Add(-2*day))
	old1.Read, old2.Read, fresh.Read = true, true, true
	ids := saveArticles(t, s, f, old1, old2, fresh)
	err := s.SaveStories(ctx, feeds.StoryBatch{
		Stories: []feeds.Story{{Title: "gone", Updated: old1.Published, Size: 1},
			{Title: "kept", Updated: fresh.Published, Size: 2}},
		Assign: []feeds.StoryAssignment{{ArticleID: ids["old1"], StoryID: -1},
			{ArticleID: ids["old2"], StoryID: -2}, {ArticleID: ids["fresh"], StoryID: -2}},
	})
	if err != nil {
		t.Fatal(err)
	}
	count := func() (n int64) {
		if err := s.w.Raw(`SELECT count(*) FROM stories`).Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(); n != 2 {
		t.Fatalf("%d stories before gc, want 2", n)
	}
	rep, err := s.GC(ctx, feeds.RetentionCuts{Now: now, DeleteReadBefore: now.Add(-365 * day)}, false)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Deleted != 2 {
		t.Fatalf("gc deleted %d articles, want 2", rep.Deleted)
	}
	var titles []string
	if err := s.w.Raw(`SELECT title FROM stories`).Scan(&titles).Error; err != nil {
		t.Fatal(err)
	}
	if len(titles) != 1 || titles[0] != "kept" {
		t.Fatalf("stories after gc: %q, want only « kept »", titles)
	}
}
