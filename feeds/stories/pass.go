package stories

import (
	"context"
	"runtime"
	"sort"
	"sync"
	"time"

	"veille/feeds"
)

// Store is what the story passes need from the cache.
type Store interface {
	// ArticlesWithoutStory lists up to limit articles published at or after since that have
	// no story yet, oldest first, with their Title, Summary, the start of their Text,
	// Published and FeedID.
	ArticlesWithoutStory(ctx context.Context, since time.Time, limit int) ([]feeds.Article, error)
	// StoryDF gives the document frequencies of terms (absent: 0) and how many articles were
	// counted.
	StoryDF(ctx context.Context, terms []string) (map[string]int, int, error)
	// StoriesSince lists the stories whose newest article was published at or after since,
	// with their centroids.
	StoriesSince(ctx context.Context, since time.Time) ([]feeds.Story, error)
	// SaveStories writes one pass's result in one transaction.
	SaveStories(ctx context.Context, b feeds.StoryBatch) error
}

// BatchSize is how many articles one step of a pass reads and writes: a refresh of 100 feeds
// brings up to 5,000, and a first pass over a full cache goes 5,000 at a time.
const BatchSize = 5000

// Summary counts what a pass did.
type Summary struct {
	Articles   int // articles placed
	NewStories int // stories started
	Joined     int // articles that joined an existing story (or one started in the pass)
}

// Pass gives a story to every recent article that has none: after each refresh's save.
// Recent is published within the window before Now: news older than that has no live story
// to join, and the first refresh after an upgrade, or into a cache of a million articles,
// must not cluster the whole cache. Older articles without a story are listed as stories of
// their own; `veille restory` (Rebuild) clusters everything.
type Pass struct {
	Store  Store
	Params *Params   // nil: Default
	Now    time.Time // zero: the time Run starts
}

func (p *Pass) params() Params {
	if p.Params != nil {
		return *p.Params
	}
	return Default
}

// Run places the articles without a story, BatchSize at a time, and saves each batch.
func (p *Pass) Run(ctx context.Context) (Summary, error) {
	var sum Summary
	now := p.Now
	if now.IsZero() {
		now = time.Now()
	}
	since := now.Add(-p.params().Window)
	for {
		arts, err := p.Store.ArticlesWithoutStory(ctx, since, BatchSize)
		if err != nil || len(arts) == 0 {
			return sum, err
		}
		if err := p.batch(ctx, arts, &sum); err != nil {
			return sum, err
		}
		if len(arts) < BatchSize {
			return sum, nil
		}
	}
}

func (p *Pass) batch(ctx context.Context, arts []feeds.Article, sum *Summary) error {
	par := p.params()
	sort.SliceStable(arts, func(i, j int) bool { return arts[i].Published.Before(arts[j].Published) })
	// The live stories are read while the articles are tokenized: the read needs only the
	// oldest article's time, and the two are the pass's largest costs before placing.
	type liveResult struct {
		live []feeds.Story
		err  error
	}
	liveCh := make(chan liveResult, 1)
	go func() {
		live, err := p.Store.StoriesSince(ctx, arts[0].Published.Add(-par.Window))
		liveCh <- liveResult{live, err}
	}()
	feats := make([][]Feature, len(arts))
	parallel(len(arts), func(i int) { feats[i] = Features(&arts[i], par) })
	seen := map[string]bool{}
	var terms []string
	for i := range arts {
		for _, f := range feats[i] {
			if !seen[f.Term] {
				seen[f.Term] = true
				terms = append(terms, f.Term)
			}
		}
	}
	known, n, err := p.Store.StoryDF(ctx, terms)
	if err != nil {
		<-liveCh
		return err
	}
	// The batch counts in the frequencies it is weighed with, as it would in a rebuild.
	df := &MapDF{M: known, N: n}
	if df.M == nil {
		df.M = map[string]int{}
	}
	grow := map[string]int{}
	for _, fs := range feats {
		df.Add(fs)
		for _, f := range fs {
			grow[f.Term]++
		}
	}
	vecs := make([]Vector, len(arts))
	parallel(len(arts), func(i int) { vecs[i] = Vectorize(feats[i], df, par) }) // df is only read now
	lr := <-liveCh
	if lr.err != nil {
		return lr.err
	}
	c := NewClusterer(par, df, lr.live)
	placed := make([]int, len(arts))
	for i := range arts {
		pl := c.Place(&arts[i], vecs[i])
		placed[i] = pl.Story
		if pl.New {
			sum.NewStories++
		} else {
			sum.Joined++
		}
	}
	sum.Articles += len(arts)
	return p.Store.SaveStories(ctx, batchOf(c, arts, placed, grow, len(arts)))
}

// parallel runs fn(0) … fn(n-1) on every processor, in contiguous shares: each article's
// features and vector depend on that article alone (and on frequencies no one writes then).
func parallel(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), max(n/256, 1))
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := n*w/workers, n*(w+1)/workers
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				fn(i)
			}
		})
	}
	wg.Wait()
}

// batchOf turns a clusterer's changes into what the store writes: stories created or grown,
// and the story of each article placed (a new story by its index in Stories, negated).
func batchOf(c *Clusterer, arts []feeds.Article, placed []int, grow map[string]int, docs int) feeds.StoryBatch {
	all := c.Stories()
	b := feeds.StoryBatch{DF: grow, Docs: docs}
	ref := map[int]int64{}
	for i, st := range all {
		if !c.Changed(i) {
			continue
		}
		if st.ID == 0 {
			b.Stories = append(b.Stories, st)
			ref[i] = -int64(len(b.Stories))
		} else {
			b.Stories = append(b.Stories, st)
			ref[i] = st.ID
		}
	}
	for i, a := range arts {
		b.Assign = append(b.Assign, feeds.StoryAssignment{ArticleID: a.ID, StoryID: ref[placed[i]]})
	}
	return b
}

// RebuildStore is what Rebuild needs besides Store.
type RebuildStore interface {
	// StoryArticles pages through every article in publication order, after the cursor, with
	// the fields ArticlesWithoutStory gives plus StoryID and FeedTitle.
	StoryArticles(ctx context.Context, after *feeds.ArticleCursor, limit int) ([]feeds.Article, error)
	// ReplaceStories deletes every story and document frequency and writes b instead.
	ReplaceStories(ctx context.Context, b feeds.StoryBatch) error
}

// Change is one story of a rebuild that is not one story of the cache: several stored stories
// merged into one, or one stored story split into several.
type Change struct {
	Title  string   // the rebuilt (merge) or stored (split) story's title
	Titles []string // the stored stories merged, or the rebuilt stories a split gives
}

// RebuildReport is what a rebuild gave, against the stories it replaces.
type RebuildReport struct {
	Articles int
	Stories  int      // stories after the rebuild
	Before   int      // stored stories with at least one article, before
	Merges   []Change // rebuilt stories made of articles of several stored stories
	Splits   []Change // stored stories whose articles went to several rebuilt stories
}

// Rebuild clusters every article again from scratch (`veille restory`): document frequencies
// over the whole cache first, then every article in publication order. With dryRun nothing
// is written, and the report says what would change.
func Rebuild(ctx context.Context, s RebuildStore, par Params, dryRun bool) (RebuildReport, error) {
	var rep RebuildReport
	df := &MapDF{M: map[string]int{}}
	err := walk(ctx, s, func(a *feeds.Article) { df.Add(Features(a, par)) })
	if err != nil {
		return rep, err
	}
	c := NewClusterer(par, df, nil)
	var arts []feeds.Article // ID, StoryID, Title only: what the report and the batch need
	var placed []int
	err = walk(ctx, s, func(a *feeds.Article) {
		pl := c.Place(a, Vectorize(Features(a, par), df, par))
		arts = append(arts, feeds.Article{ID: a.ID, StoryID: a.StoryID, Title: a.Title})
		placed = append(placed, pl.Story)
	})
	if err != nil {
		return rep, err
	}
	all := c.Stories()
	rep.Articles, rep.Stories = len(arts), len(all)
	compare(&rep, arts, placed, all)
	if dryRun {
		return rep, nil
	}
	b := batchOf(c, arts, placed, df.M, df.N)
	return rep, s.ReplaceStories(ctx, b)
}

func walk(ctx context.Context, s RebuildStore, fn func(a *feeds.Article)) error {
	var after *feeds.ArticleCursor
	for {
		arts, err := s.StoryArticles(ctx, after, BatchSize)
		if err != nil {
			return err
		}
		for i := range arts {
			fn(&arts[i])
		}
		if len(arts) < BatchSize {
			return nil
		}
		last := arts[len(arts)-1]
		after = &feeds.ArticleCursor{Published: last.Published, ID: last.ID}
	}
}

// maxChanges bounds the examples a report lists.
const maxChanges = 20

// compare finds merges and splits between the stored stories (StoryID, 0 for none) and the
// rebuilt ones.
func compare(rep *RebuildReport, arts []feeds.Article, placed []int, rebuilt []feeds.Story) {
	oldOf := map[int][]int64{} // rebuilt story → stored stories, in order met
	newOf := map[int64][]int{} // stored story → rebuilt stories
	oldTitle := map[int64]string{}
	for i, a := range arts {
		if a.StoryID == 0 {
			continue
		}
		if _, ok := oldTitle[a.StoryID]; !ok {
			oldTitle[a.StoryID] = a.Title
		}
		if !containsID(oldOf[placed[i]], a.StoryID) {
			oldOf[placed[i]] = append(oldOf[placed[i]], a.StoryID)
		}
		if !containsInt(newOf[a.StoryID], placed[i]) {
			newOf[a.StoryID] = append(newOf[a.StoryID], placed[i])
		}
	}
	rep.Before = len(newOf)
	var merged []int
	for st, olds := range oldOf {
		if len(olds) > 1 {
			merged = append(merged, st)
		}
	}
	sort.Ints(merged)
	for _, st := range merged {
		ch := Change{Title: rebuilt[st].Title}
		for _, o := range oldOf[st] {
			ch.Titles = append(ch.Titles, oldTitle[o])
		}
		rep.Merges = append(rep.Merges, ch)
	}
	var split []int64
	for o, news := range newOf {
		if len(news) > 1 {
			split = append(split, o)
		}
	}
	sort.Slice(split, func(i, j int) bool { return split[i] < split[j] })
	for _, o := range split {
		ch := Change{Title: oldTitle[o]}
		for _, n := range newOf[o] {
			ch.Titles = append(ch.Titles, rebuilt[n].Title)
		}
		rep.Splits = append(rep.Splits, ch)
	}
}

func containsID(s []int64, v int64) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func containsInt(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
