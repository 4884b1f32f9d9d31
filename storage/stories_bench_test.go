package storage

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"veille/feeds"
	"veille/feeds/stories"
)

// newsCorpus writes synthetic news as the press tells it: each piece of news has its own
// names (a company, a product) and words, and 1 to 6 outlets tell it within a few hours, each
// with about two thirds of its words and the rest from the common French vocabulary. The
// listing corpus (corpus) draws every word from one small vocabulary, so that every article
// looks like every other: clustering it chains everything into a few giant stories, which
// no press does.
type newsCorpus struct {
	rng   *rand.Rand
	words *corpus
}

var syllables = strings.Fields("ka lo mi ra ven tor sil pa nu ze bro da fi gal mor tin qua rel sou ber")

func (c *newsCorpus) pseudo(n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(syllables[c.rng.IntN(len(syllables))])
	}
	return b.String()
}

// event is one piece of news: its names and its own words.
type event struct {
	names []string
	words []string
}

func (c *newsCorpus) event() event {
	e := event{}
	for range 2 {
		n := c.pseudo(2 + c.rng.IntN(2))
		e.names = append(e.names, strings.ToUpper(n[:1])+n[1:])
	}
	for range 8 {
		e.words = append(e.words, c.pseudo(3))
	}
	return e
}

// tell is one outlet's article about e.
func (c *newsCorpus) tell(e event, feed, i int, published time.Time) feeds.Article {
	pick := func(ws []string, share float64) []string {
		var out []string
		for _, w := range ws {
			if c.rng.Float64() < share {
				out = append(out, w)
			}
		}
		return out
	}
	title := strings.Join(append(append([]string{e.names[0]}, pick(e.words[:4], 0.7)...), c.words.words(30)), " ")
	summary := strings.Join(append(append(pick(e.names, 0.8), pick(e.words, 0.6)...), c.words.words(150)), " ")
	a := c.words.article(feed, i, published)
	a.Title, a.Summary = title, summary
	a.Text = summary + " " + a.Text
	a.Hash = feeds.ContentHash(&a)
	return a
}

// articles spreads n articles over feeds and the span before now, newest last, in news of
// 1 to 6 outlets each.
func (c *newsCorpus) articles(nFeeds, n int, now time.Time, span time.Duration) [][]feeds.Article {
	out := make([][]feeds.Article, nFeeds)
	made := 0
	for made < n {
		e := c.event()
		at := now.Add(-span + time.Duration(float64(span)*float64(made)/float64(n)))
		for range min(1+c.rng.IntN(6), n-made) {
			f := c.rng.IntN(nFeeds)
			out[f] = append(out[f], c.tell(e, f, made, at.Add(time.Duration(c.rng.IntN(6*3600))*time.Second)))
			made++
		}
	}
	return out
}

// newsLoad fills a cache with 100,000 such articles over a year in one transaction, as
// bulkLoad does.
func newsLoad(tb testing.TB, s *Store, c *newsCorpus) {
	tb.Helper()
	ctx := context.Background()
	fs := addTestFeeds(tb, s, 200)
	perFeed := c.articles(len(fs), 100000, time.Now().Add(-time.Hour), 365*24*time.Hour)
	err := s.write(ctx, func(tx *gorm.DB) error {
		sv := saver{tx: tx, s: s, now: time.Now(), res: make([]feeds.SaveResult, len(fs))}
		for fi, f := range fs {
			for i := range perFeed[fi] {
				perFeed[fi][i].Read = c.rng.IntN(10) < 6
			}
			if err := sv.sort(fi, f.ID, perFeed[fi]); err != nil {
				return err
			}
		}
		// One group: the full-text index is written in one pass at the end.
		if err := sv.write(); err != nil {
			return err
		}
		s.rememberTags(sv.createdTags)
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// storyBenchDB is the 100,000-article cache of the listing benchmarks with every article
// placed in a story. With VEILLE_STORY_BENCH_DB=path it is kept and reused.
func storyBenchDB(b *testing.B, scratch bool) *Store {
	path := os.Getenv("VEILLE_STORY_BENCH_DB")
	if path == "" {
		path = b.TempDir() + "/veille.db"
	}
	if _, err := os.Stat(path); err != nil {
		s := storyBenchBuild(b, path)
		s.Close()
	}
	if scratch {
		// A benchmark that writes works on a copy: every run starts from the same cache.
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		path = b.TempDir() + "/veille.db"
		if err := os.WriteFile(path, data, 0o600); err != nil {
			b.Fatal(err)
		}
	}
	s, err := Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// storyBenchBuild writes the cache of storyBenchDB at path.
func storyBenchBuild(b *testing.B, path string) *Store {
	s, err := Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	{
		start := time.Now()
		newsLoad(b, s, &newsCorpus{rng: rand.New(rand.NewPCG(3, 4)), words: newCorpus(5)})
		b.Logf("built 100,000 articles in %v", time.Since(start).Round(time.Millisecond))
		start = time.Now()
		// Every article, as `veille restory` does: the pass only clusters its window.
		rep, err := stories.Rebuild(context.Background(), s, stories.Default, false)
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("story rebuild over them: %d articles, %d stories, in %v", rep.Articles, rep.Stories,
			time.Since(start).Round(time.Millisecond))
	}
	return s
}

// BenchmarkStoryPass saves a refresh of 100 feeds × 50 new articles into a 100,000-article
// cache whose articles all have their story, then runs the story pass over the 5,000: one op
// is one such refresh. It reports the save's and the pass's wall time and their ratio, the
// figure the issue bounds (the pass adds at most 15 % to the refresh, of which the save is
// only a part). save-cpu-ms includes the features Prepare reads during the saves: the CPU
// the pass moved there, on a processor the one SQLite writer leaves idle.
func BenchmarkStoryPass(b *testing.B) {
	ctx := context.Background()
	s := storyBenchDB(b, true)
	all, err := s.Feeds(ctx)
	if err != nil {
		b.Fatal(err)
	}
	fs := all[:100]
	seed := uint64(time.Now().UnixNano())
	c := &newsCorpus{rng: rand.New(rand.NewPCG(seed, 1)), words: newCorpus(seed)}
	// Wired as ui/cli wires a refresh: the saves hand their new articles to Prepare, which
	// reads their features on the other processor while the next feeds are saved.
	prep := &stories.Prepare{}
	s.SetStoryInputs(prep.Add)
	var save, pass, cpuPass, cpuSave time.Duration
	round := 0
	for b.Loop() {
		b.StopTimer()
		round++
		// Each round is the news of the 12 hours after the last round's, from 100 feeds: as
		// refreshes twice a day would bring it.
		now := time.Now().Add(time.Duration(round-1) * 12 * time.Hour)
		perFeed := c.articles(len(fs), 5000, now, 12*time.Hour)
		var us []feeds.FeedUpdate
		for fi, f := range fs {
			arts := perFeed[fi]
			for j := range arts {
				arts[j].Key = fmt.Sprintf("%s/r%d-%d", arts[j].Key, now.UnixNano(), round)
				arts[j].GUID = arts[j].Key
			}
			us = append(us, feeds.FeedUpdate{Feed: f, Articles: arts})
		}
		start := time.Now()
		c0 := cpuTime()
		for _, u := range us {
			if _, err := s.SaveRefresh(ctx, u, now); err != nil {
				b.Fatal(err)
			}
		}
		save += time.Since(start)
		cpuSave += cpuTime() - c0 // with what Prepare read meanwhile
		b.StartTimer()
		start = time.Now()
		c0 = cpuTime()
		sum, err := (&stories.Pass{Store: s, Now: now, Prepared: prep}).Run(ctx)
		cpuPass += cpuTime() - c0
		pass += time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		if sum.Articles != 5000 {
			b.Fatalf("pass placed %d articles, want 5000", sum.Articles)
		}
	}
	n := float64(round)
	b.ReportMetric(float64(save.Milliseconds())/n, "save-ms/op")
	b.ReportMetric(float64(cpuSave.Milliseconds())/n, "save-cpu-ms/op")
	b.ReportMetric(float64(pass.Milliseconds())/n, "pass-ms/op")
	b.ReportMetric(float64(cpuPass.Milliseconds())/n, "pass-cpu-ms/op")
	b.ReportMetric(100*float64(pass)/float64(save), "pass/save-%")
}

// BenchmarkStoryPassAfterUpgrade is the first refresh after the upgrade that brought stories:
// a 100,000-article cache where no article has a story yet. The pass clusters the articles
// of its window only (those of the last four days before the newest), not the whole cache.
func BenchmarkStoryPassAfterUpgrade(b *testing.B) {
	ctx := context.Background()
	s := storyBenchDB(b, true)
	var newest int64
	if err := s.read(ctx).Raw(`SELECT max(published) FROM articles`).Row().Scan(&newest); err != nil {
		b.Fatal(err)
	}
	placed := 0
	for b.Loop() {
		b.StopTimer()
		if err := s.ReplaceStories(ctx, feeds.StoryBatch{}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		sum, err := (&stories.Pass{Store: s, Now: fromMS(newest)}).Run(ctx)
		if err != nil {
			b.Fatal(err)
		}
		placed = sum.Articles
	}
	b.ReportMetric(float64(placed), "articles")
}

// BenchmarkStoryListFirstPage lists the first page of stories (40, what the reader asks for)
// over the 100,000-article cache, with their articles and tags.
func BenchmarkStoryListFirstPage(b *testing.B) {
	ctx := context.Background()
	s := storyBenchDB(b, false)
	for _, c := range []struct {
		name string
		q    feeds.Query
	}{
		{"all", feeds.Query{}},
		{"tag", feeds.Query{WithTags: []string{"open-source"}}},
		{"since-7d", feeds.Query{Since: time.Now().Add(-7 * 24 * time.Hour)}},
	} {
		b.Run(c.name, func(b *testing.B) {
			n := 0
			for b.Loop() {
				list, _, err := s.ListStories(ctx, c.q, 40, nil, nil)
				if err != nil {
					b.Fatal(err)
				}
				n = len(list)
			}
			b.ReportMetric(float64(n), "stories")
		})
	}
	b.Run("tag-weeks-12", func(b *testing.B) {
		now := time.Now()
		for b.Loop() {
			if _, err := s.TagWeeks(ctx, feeds.TrendStart(now, 12), now, time.Local); err != nil {
				b.Fatal(err)
			}
		}
	})
}
