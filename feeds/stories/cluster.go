package stories

import (
	"math"
	"sort"
	"time"

	"veille/feeds"
)

// Clusterer places articles, one at a time and in publication order, into the live stories it
// holds. It is the method of the package doc, in memory; Pass and Rebuild load it from and
// save it to the cache.
type Clusterer struct {
	P  Params
	DF DF

	stories []*cluster
	index   map[string][]int32 // term → indexes into stories
	placed  int                // articles placed since the last compaction
}

// cluster is a story being built: its stored form plus what matching needs.
type cluster struct {
	st      feeds.Story
	terms   map[string]int  // term → index in st.Centroid
	norm    float64         // length of the centroid vector
	indexed map[string]bool // terms the index lists it under
	changed bool            // to save
	dead    bool            // out of every window from now on
}

// NewClusterer starts with the given live stories (their centroids as stored).
func NewClusterer(p Params, df DF, live []feeds.Story) *Clusterer {
	c := &Clusterer{P: p, DF: df, index: map[string][]int32{}}
	for _, st := range live {
		c.addCluster(st, false)
	}
	return c
}

func (c *Clusterer) addCluster(st feeds.Story, changed bool) *cluster {
	cl := &cluster{st: st, changed: changed}
	cl.reindex()
	i := int32(len(c.stories))
	c.stories = append(c.stories, cl)
	cl.indexed = map[string]bool{}
	c.indexTop(cl, i)
	return cl
}

// indexTop lists the story under its IndexTerms heaviest terms (those not listed yet): an
// article that belongs to it shares at least one of them, and common words, which every
// centroid holds further down, do not make every story a candidate.
func (c *Clusterer) indexTop(cl *cluster, i int32) {
	for k, t := range cl.st.Centroid {
		if c.P.IndexTerms > 0 && k == c.P.IndexTerms {
			break
		}
		if !cl.indexed[t.Term] {
			cl.indexed[t.Term] = true
			c.index[t.Term] = append(c.index[t.Term], i)
		}
	}
}

func (cl *cluster) reindex() {
	cl.terms = make(map[string]int, len(cl.st.Centroid))
	var sum float64
	for i, t := range cl.st.Centroid {
		cl.terms[t.Term] = i
		sum += t.Weight * t.Weight
	}
	cl.norm = math.Sqrt(sum)
}

// Placement is where Place put an article and why.
type Placement struct {
	Story  int     // index into Stories()
	New    bool    // the article started the story
	Score  float64 // cosine with the story's centroid before joining (0 for a new story)
	Shared int     // terms shared with it
}

// Place puts one article into the best live story, or a new one.
func (c *Clusterer) Place(a *feeds.Article, v Vector) Placement {
	best, bestScore, bestShared := -1, 0.0, 0
	// Candidates, with the weight of the proposing terms each was met by.
	hits := map[int32]float64{}
	maxDF := int(c.P.MaxDFShare * float64(c.DF.Docs()))
	for k, t := range v.Terms { // heaviest first
		if c.P.ProposeTerms > 0 && k == c.P.ProposeTerms {
			break
		}
		if c.DF.Docs() > 50 && c.DF.Freq(t.Term) > maxDF || c.P.MaxPostings > 0 && len(c.index[t.Term]) > c.P.MaxPostings {
			continue
		}
		for _, i := range c.index[t.Term] {
			cl := c.stories[i]
			if cl.dead || !within(cl.st.Updated, a.Published, c.P.Window) || c.P.MaxSize > 0 && cl.st.Size >= c.P.MaxSize {
				continue
			}
			hits[i] += t.Weight
		}
	}
	cands := make([]int32, 0, len(hits))
	for i := range hits {
		cands = append(cands, i)
	}
	// The most promising first, and only MaxCandidates of them: the similarity is the costly
	// part, and a story met by none of the article's heavy terms would not reach Join.
	sort.Slice(cands, func(x, y int) bool {
		if hits[cands[x]] != hits[cands[y]] {
			return hits[cands[x]] > hits[cands[y]]
		}
		return cands[x] < cands[y]
	})
	if c.P.MaxCandidates > 0 && len(cands) > c.P.MaxCandidates {
		cands = cands[:c.P.MaxCandidates]
	}
	for _, i := range cands {
		score, shared, ok := c.match(c.stories[i], v)
		if ok && score > bestScore {
			best, bestScore, bestShared = int(i), score, shared
		}
	}
	c.placed++
	if c.placed%2000 == 0 {
		c.compact(a.Published)
	}
	if best < 0 {
		st := feeds.Story{Title: a.Title, Updated: a.Published, Size: 1, Centroid: append([]feeds.StoryTerm(nil), v.Terms...)}
		c.trim(&st)
		c.addCluster(st, true)
		return Placement{Story: len(c.stories) - 1, New: true}
	}
	c.join(c.stories[best], a, v, bestScore)
	return Placement{Story: best, Score: bestScore, Shared: bestShared}
}

func within(a, b time.Time, w time.Duration) bool {
	d := a.Sub(b)
	return d <= w && d >= -w
}

// match is the decision rule of the package doc: the cosine must reach Join, MinShared terms
// must be shared, and the similarity must not rest on one term: without the shared term that
// contributes most, the cosine must still reach Rest.
func (c *Clusterer) match(cl *cluster, v Vector) (score float64, shared int, ok bool) {
	if cl.norm == 0 {
		return 0, 0, false
	}
	return c.decide(v, cl.terms, cl.st.Centroid, cl.norm, c.P.Join)
}

// decide applies the rule to one vector (a centroid or an article).
func (c *Clusterer) decide(v Vector, terms map[string]int, ws []feeds.StoryTerm, norm, join float64) (score float64, shared int, ok bool) {
	var dot, top float64
	specific := false // a shared common word or version: names alone are not a story
	for _, t := range v.Terms {
		if j, ok := terms[t.Term]; ok {
			x := t.Weight * ws[j].Weight
			dot += x
			top = max(top, x)
			shared++
			specific = specific || !t.Entity || IsModel(t)
		}
	}
	score = dot / norm
	rest := (dot - top) / norm
	return score, shared, score >= join && shared >= c.P.MinShared && rest >= c.P.Rest && specific &&
		!otherVersion(v.Terms, terms, ws)
}

// otherVersion reports an article that names a version of something (Pixel 9) the story
// names only in other versions (Pixel 10a): a new product and an old one's update are two
// stories, however much else they share.
func otherVersion(vs []feeds.StoryTerm, terms map[string]int, ws []feeds.StoryTerm) bool {
	var mine map[string]bool // names of which the article gives a version the story lacks
	for _, t := range vs {
		if !t.Entity {
			continue
		}
		name, _, ok := versionOf(t.Term)
		if !ok {
			continue
		}
		if _, shared := terms[t.Term]; shared {
			return false // one version in common: the same product
		}
		if mine == nil {
			mine = map[string]bool{}
		}
		mine[name] = true
	}
	if mine == nil {
		return false
	}
	for _, w := range ws {
		if name, _, ok := versionOf(w.Term); ok && w.Entity && mine[name] {
			return true
		}
	}
	return false
}

// join adds the article's vector to the story's centroid.
func (c *Clusterer) join(cl *cluster, a *feeds.Article, v Vector, score float64) {
	cen := cl.st.Centroid
	for _, t := range v.Terms {
		if j, ok := cl.terms[t.Term]; ok {
			cen[j].Weight += t.Weight
			cen[j].Docs++
			if cen[j].Shown == "" && t.Shown != "" {
				cen[j].Shown = t.Shown
			}
			cen[j].Entity = cen[j].Entity || t.Entity
			continue
		}
		cen = append(cen, t)
	}
	cl.st.Centroid = cen
	c.trim(&cl.st)
	cl.reindex()
	c.indexTop(cl, c.indexOf(cl))
	cl.st.Size++
	if a.Published.After(cl.st.Updated) {
		cl.st.Updated = a.Published
	}
	// The title is that of the article closest to the story: the first one until another
	// joins closer than the second did.
	if cl.st.Size == 2 {
		cl.st.TitleScore = score
	} else if score > cl.st.TitleScore {
		cl.st.Title, cl.st.TitleScore = a.Title, score
	}
	cl.changed = true
}

func (c *Clusterer) indexOf(cl *cluster) int32 {
	for i := len(c.stories) - 1; i >= 0; i-- {
		if c.stories[i] == cl {
			return int32(i)
		}
	}
	return -1
}

// trim keeps the CentroidTerms heaviest terms.
func (c *Clusterer) trim(st *feeds.Story) {
	sortTerms(st.Centroid)
	if len(st.Centroid) > c.P.CentroidTerms {
		st.Centroid = st.Centroid[:c.P.CentroidTerms]
	}
}

// compact drops the stories that no later article can join from the index: articles come in
// publication order, so a story older than the window before now is done.
func (c *Clusterer) compact(now time.Time) {
	for _, cl := range c.stories {
		if !cl.dead && cl.st.Updated.Before(now.Add(-2*c.P.Window)) {
			cl.dead = true
		}
	}
	for t, ids := range c.index {
		kept := ids[:0]
		for _, i := range ids {
			if !c.stories[i].dead {
				kept = append(kept, i)
			}
		}
		if len(kept) == 0 {
			delete(c.index, t)
		} else {
			c.index[t] = kept
		}
	}
}

// Stories are every story the clusterer holds, in the order Placement.Story counts.
func (c *Clusterer) Stories() []feeds.Story {
	out := make([]feeds.Story, len(c.stories))
	for i, cl := range c.stories {
		out[i] = cl.st
	}
	return out
}

// Changed reports whether the story at index i was created or grown.
func (c *Clusterer) Changed(i int) bool { return c.stories[i].changed }
