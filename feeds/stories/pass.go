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

// EarlyStore is a Store that writes a batch while its articles are placed, on the processor
// placing leaves idle: the frequencies' growth first, the articles' stories as they are
// placed, and the stories at the end, in one transaction. BeginStories opens it and writes
// df and docs; first is the ID the batch's first new story will get (the others follow, in
// the order they were started); assign writes articles' stories, by story ID; finish is
// given the batch SaveStories would be given, writes the rest and commits, or with abort
// rolls everything back. Between BeginStories and finish the store is not otherwise used.
type EarlyStore interface {
	BeginStories(ctx context.Context, df map[string]int, docs int) (first int64,
		assign func([]feeds.StoryAssignment), finish func(b feeds.StoryBatch, abort bool) error, err error)
}

// assignChunk is how many articles' stories a pass hands an EarlyStore at a time.
const assignChunk = 1000

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
//
// Cost. A batch's articles are tokenized on every processor (or were, during the refresh, by
// Prepare), the live stories are read and the clusterer built from them while the terms'
// frequencies are read and the vectors weighed, and only placing is sequential, as the
// method needs it (each article sees the stories the earlier ones grew). Each of the batch's
// terms is looked up once, and a store that is an EarlyStore writes the batch while it is
// placed, on the other processor. The result is the same as reading, weighing, placing and
// saving one article after another.
type Pass struct {
	Store    Store
	Params   *Params   // nil: Default
	Now      time.Time // zero: the time Run starts
	Prepared *Prepare  // nil: the pass reads every article's features itself
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
	if p.Prepared != nil {
		defer p.Prepared.forget()
	}
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
	// The live stories are read, and the clusterer built from them, while the articles'
	// frequencies are read and their vectors weighed: that needs only the oldest article's
	// time. The clusterer reads frequencies through late, which waits for them.
	late := &lateDF{ready: make(chan struct{})}
	type built struct {
		c   *Clusterer
		err error
	}
	builtCh := make(chan built, 1)
	go func() {
		live, err := p.Store.StoriesSince(ctx, arts[0].Published.Add(-par.Window))
		if err != nil {
			builtCh <- built{err: err}
			return
		}
		builtCh <- built{c: NewClusterer(par, late, live)}
	}()
	var preps []prepared
	feats := make([][]Feature, len(arts))
	if p.Prepared != nil {
		preps = p.Prepared.features(arts, par) // what the refresh already read
		for i := range preps {
			feats[i] = preps[i].feats
		}
	}
	parallel(len(arts), func(i int) {
		if feats[i] == nil {
			feats[i] = Features(&arts[i], par)
		}
	})
	// The batch's terms, each once, and how many of its articles have each: what the
	// frequencies grow by, and the terms to look up. Each article's features are given by
	// their term's index here, so that weighing and placing look each term up once.
	// Prepared articles come with their terms numbered in Prepare's table: those of its
	// newest table are counted through it, by index (pb: its index → 1 + the batch's).
	at := map[string]int32{}
	var terms []string
	var counts []int
	number := func(t string) int32 {
		j, ok := at[t]
		if !ok {
			j = int32(len(terms))
			at[t] = j
			terms = append(terms, t)
			counts = append(counts, 0)
		}
		return j
	}
	gen, table := -1, []string(nil)
	for i := range preps {
		if d := &preps[i]; d.feats != nil && d.gen >= gen {
			if d.gen > gen || len(d.terms) > len(table) {
				gen, table = d.gen, d.terms
			}
		}
	}
	pb := make([]int32, len(table))
	fidx := make([][]int32, len(feats))
	for i, fs := range feats {
		ix := make([]int32, len(fs))
		if preps != nil && preps[i].feats != nil && preps[i].gen == gen {
			for k, pi := range preps[i].idx {
				j := pb[pi] - 1
				if j < 0 {
					j = number(fs[k].Term)
					pb[pi] = j + 1
				}
				counts[j]++
				ix[k] = j
			}
		} else {
			for k := range fs {
				j := number(fs[k].Term)
				counts[j]++
				ix[k] = j
			}
		}
		fidx[i] = ix
	}
	grow := make(map[string]int, len(terms))
	for j, t := range terms {
		grow[t] = counts[j]
	}
	known, n, err := p.Store.StoryDF(ctx, terms)
	if err != nil {
		late.df = &MapDF{}
		close(late.ready) // a clusterer being built must not wait for ever
		<-builtCh
		return err
	}
	// The batch counts in the frequencies it is weighed with, as it would in a rebuild
	// (MapDF.Add over each article's features, in one sum).
	df := &MapDF{M: known, N: n + len(arts)}
	if df.M == nil {
		df.M = map[string]int{}
	}
	for t, k := range grow {
		df.M[t] += k
	}
	late.df = df
	close(late.ready)
	idfs := make([]float64, len(terms))
	for j, t := range terms {
		idfs[j] = idf(df, t)
	}
	vecs := make([]Vector, len(arts))
	vterms := make([][]int32, len(arts)) // each vector term's index in terms
	parallel(len(arts), func(i int) {    // df is only read now
		fi := make([]float64, len(feats[i]))
		for k, j := range fidx[i] {
			fi[k] = idfs[j]
		}
		var order []int32
		vecs[i], order = weigh(feats[i], fi, par)
		for r, k := range order {
			order[r] = fidx[i][k]
		}
		vterms[i] = order
	})
	b := <-builtCh
	if b.err != nil {
		return b.err
	}
	c := b.c
	// Every term of the batch gets its id once (which id a term gets changes nothing).
	cids := make([]int32, len(terms))
	for j, t := range terms {
		cids[j] = c.intern(t)
	}
	// With an EarlyStore, the frequencies and the articles' stories are written while the
	// articles are placed; a new story's ID is known when it starts (the store numbers them
	// in order after first), and finish checks that what was written is the batch.
	early, isEarly := p.Store.(EarlyStore)
	var first int64
	var assign func([]feeds.StoryAssignment)
	var finish func(feeds.StoryBatch, bool) error
	finished := false
	if isEarly {
		if first, assign, finish, err = early.BeginStories(ctx, grow, len(arts)); err != nil {
			return err
		}
		defer func() {
			if !finished { // a panic while placing: the writer must not wait for ever
				finish(feeds.StoryBatch{}, true)
			}
		}()
	}
	live := len(c.stories)
	var ids []int32
	var chunk []feeds.StoryAssignment
	placed := make([]int, len(arts))
	for i := range arts {
		ids = ids[:0]
		for _, j := range vterms[i] {
			ids = append(ids, cids[j])
		}
		pl := c.place(&arts[i], vecs[i], ids)
		placed[i] = pl.Story
		if pl.New {
			sum.NewStories++
		} else {
			sum.Joined++
		}
		if isEarly {
			id := c.stories[pl.Story].st.ID
			if pl.Story >= live {
				id = first + int64(pl.Story-live)
			}
			chunk = append(chunk, feeds.StoryAssignment{ArticleID: arts[i].ID, StoryID: id})
			if len(chunk) == assignChunk || i == len(arts)-1 {
				assign(chunk) // the store may keep it
				chunk = nil
			}
		}
	}
	sum.Articles += len(arts)
	batch := batchOf(c, arts, placed, grow, len(arts))
	if isEarly {
		finished = true
		return finish(batch, false)
	}
	return p.Store.SaveStories(ctx, batch)
}

// lateDF is a DF given once it is known: Freq and Docs wait for ready. Its df is set before
// ready is closed and never written after.
type lateDF struct {
	ready chan struct{}
	df    DF
}

func (l *lateDF) Freq(t string) int { <-l.ready; return l.df.Freq(t) }
func (l *lateDF) Docs() int         { <-l.ready; return l.df.Docs() }

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

// Prepare reads the features of the articles a refresh saves while the refresh goes on, so
// that the pass after it only weighs and places them: tokenizing was a third of the pass, and
// the writer, SQLite's one connection, leaves a processor idle meanwhile. The store hands it
// each save's new articles (Add); a pass given it (Pass.Prepared) takes the features of the
// articles it places from it when their title, summary and text are still those it read, and
// reads the others itself. What a pass does not take is forgotten when it ends.
type Prepare struct {
	Params *Params // nil: Default; a pass with other thresholds reads everything itself

	mu      sync.Mutex
	queue   []feeds.Article
	running bool
	idle    chan struct{} // closed when the worker stops
	done    map[int64]prepared

	// The worker numbers the terms it reads, so that a pass counts its terms by index
	// instead of by string. The table only grows (the worker's own); after each pass
	// (newTable, set by forget) or once full it is replaced, and its generation counts up.
	termAt   map[string]int32
	terms    []string
	gen      int
	newTable bool
}

type prepared struct {
	title, summary, text string
	feats                []Feature
	idx                  []int32  // each feature's term in terms
	terms                []string // the table idx points into (append-only)
	gen                  int      // terms' generation
}

// maxPreparedTerms bounds the worker's term table.
const maxPreparedTerms = 100000

// maxPrepared bounds what Prepare holds: a program that saves without passes must not grow it.
const maxPrepared = 20000

func (p *Prepare) params() Params {
	if p.Params != nil {
		return *p.Params
	}
	return Default
}

// Add queues articles (ID, Title, Summary, the start of Text) for reading, without waiting.
func (p *Prepare) Add(arts []feeds.Article) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.done)+len(p.queue)+len(arts) > maxPrepared {
		return
	}
	p.queue = append(p.queue, arts...)
	if !p.running {
		p.running = true
		p.idle = make(chan struct{})
		go p.work(p.idle)
	}
}

func (p *Prepare) work(idle chan struct{}) {
	par := p.params()
	for {
		p.mu.Lock()
		arts := p.queue
		p.queue = nil
		if p.newTable {
			p.termAt, p.newTable = nil, false
		}
		if len(arts) == 0 {
			p.running = false
			p.mu.Unlock()
			close(idle)
			return
		}
		p.mu.Unlock()
		out := make([]prepared, len(arts))
		for i := range arts {
			a := &arts[i]
			fs := Features(a, par)
			if p.termAt == nil || len(p.terms) > maxPreparedTerms {
				p.termAt, p.terms = map[string]int32{}, nil
				p.gen++
			}
			idx := make([]int32, len(fs))
			for k := range fs {
				j, ok := p.termAt[fs[k].Term]
				if !ok {
					j = int32(len(p.terms))
					p.termAt[fs[k].Term] = j
					p.terms = append(p.terms, fs[k].Term)
				}
				idx[k] = j
			}
			out[i] = prepared{title: a.Title, summary: a.Summary, text: a.Text, feats: fs, idx: idx, terms: p.terms, gen: p.gen}
		}
		p.mu.Lock()
		if p.done == nil {
			p.done = map[int64]prepared{}
		}
		for i := range arts {
			p.done[arts[i].ID] = out[i]
		}
		p.mu.Unlock()
	}
}

// features waits for the queue to be read, then gives what was read of each article from the
// same title, summary and text (nil feats for the others).
func (p *Prepare) features(arts []feeds.Article, par Params) []prepared {
	p.mu.Lock()
	idle := p.idle
	running := p.running
	p.mu.Unlock()
	if running {
		<-idle
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]prepared, len(arts))
	if par != p.params() {
		return out
	}
	for i := range arts {
		a := &arts[i]
		if d, ok := p.done[a.ID]; ok {
			if d.title == a.Title && d.summary == a.Summary && d.text == a.Text {
				out[i] = d
			}
			delete(p.done, a.ID)
		}
	}
	return out
}

// forget drops what no pass took: articles outside the window, or changed since.
func (p *Prepare) forget() {
	p.mu.Lock()
	p.done = nil
	p.newTable = true // what the table numbers was for this pass
	p.mu.Unlock()
}
