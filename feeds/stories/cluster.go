package stories

import (
	"math"
	"slices"
	"strings"
	"time"

	"veille/feeds"
)

// Clusterer places articles, one at a time and in publication order, into the live stories it
// holds. It is the method of the package doc, in memory; Pass and Rebuild load it from and
// save it to the cache.
//
// Terms are interned: each one met gets a small integer, and matching works on integers and
// slices indexed by them, not on maps of strings. A pass places thousands of articles against
// thousands of centroids, and string hashing was most of its time.
type Clusterer struct {
	P  Params
	DF DF

	stories []*cluster
	ids     map[string]int32 // term → id
	vocab   []termInfo       // id → term
	flags   []uint8          // id → termInfo's concept, event and version, packed for match
	names   map[string]int32 // the name part of versioned terms (« pixel » of « pixel 10a ») → id
	index   [][]int32        // term id → indexes into stories
	placed  int              // articles placed since the last compaction

	scratch struct{ rest, up, add, all []entry } // join's, reused

	// Scratch state for the article being placed, cleared after each.
	pos     []int32   // term id → 1 + its index in the article's vector, 0 if absent
	hits    []float64 // story index → summed weight of the terms that proposed it
	touched []int32   // stories with hits
}

// termInfo is what matching needs of a term, looked up once per pass.
type termInfo struct {
	term    string
	freq    int   // document frequency; -1 until first needed
	version int32 // id in names of the name it is a version of, -1 if it is none
	concept bool  // a concept of the lexicon (« ~sanction »): evidence, but never alone
	event   bool  // a concept that is an event
}

// Bits of Clusterer.flags.
const (
	flagConcept = 1 << iota
	flagEvent
	flagVersion
)

// entry is one term of a centroid or of an article's vector.
type entry struct {
	id     int32
	w      float64
	docs   int32
	entity bool
	shown  string
}

// cluster is a story being built: its stored form plus what matching needs.
type cluster struct {
	st  feeds.Story // Centroid is stale once changed: cen is the truth
	cen []entry     // heaviest first, at most CentroidTerms
	ids []int32     // cen's term ids, in its order: what match scans
	// tail is the rest of a stored centroid, not interned yet: most live stories are never
	// a candidate, and only their IndexTerms heaviest terms are needed to list them.
	tail    []feeds.StoryTerm
	norm    float64 // length of the centroid vector
	indexed []int32 // terms the index lists it under
	changed bool    // to save
	dead    bool    // out of every window from now on
}

// NewClusterer starts with the given live stories (their centroids as stored).
func NewClusterer(p Params, df DF, live []feeds.Story) *Clusterer {
	c := &Clusterer{P: p, DF: df, ids: map[string]int32{}, names: map[string]int32{}}
	for _, st := range live {
		k := len(st.Centroid)
		if p.IndexTerms > 0 {
			k = min(k, p.IndexTerms)
		}
		cen := make([]entry, k, len(st.Centroid))
		for i, t := range st.Centroid[:k] {
			cen[i] = entry{id: c.intern(t.Term), w: t.Weight, docs: int32(t.Docs), entity: t.Entity, shown: t.Shown}
		}
		cl := &cluster{st: st, cen: cen}
		if k < len(st.Centroid) {
			cl.tail = st.Centroid[k:]
		}
		c.add(cl)
	}
	return c
}

// intern gives a term its id.
func (c *Clusterer) intern(term string) int32 {
	if id, ok := c.ids[term]; ok {
		return id
	}
	id := int32(len(c.vocab))
	c.ids[term] = id
	info := termInfo{term: term, freq: -1, version: -1, concept: strings.HasPrefix(term, "~")}
	info.event = info.concept && theLexicon().events[term]
	if name, _, ok := versionOf(term); ok {
		v, ok := c.names[name]
		if !ok {
			v = int32(len(c.names))
			c.names[name] = v
		}
		info.version = v
	}
	c.vocab = append(c.vocab, info)
	var f uint8
	if info.concept {
		f |= flagConcept
	}
	if info.event {
		f |= flagEvent
	}
	if info.version >= 0 {
		f |= flagVersion
	}
	c.flags = append(c.flags, f)
	c.index = append(c.index, nil)
	c.pos = append(c.pos, 0)
	return id
}

func (c *Clusterer) freq(id int32) int {
	if c.vocab[id].freq < 0 {
		c.vocab[id].freq = c.DF.Freq(c.vocab[id].term)
	}
	return c.vocab[id].freq
}

func (c *Clusterer) addCluster(st feeds.Story, cen []entry, changed bool) *cluster {
	return c.add(&cluster{st: st, cen: cen, changed: changed})
}

func (c *Clusterer) add(cl *cluster) *cluster {
	// The length of the whole centroid, its tail included, summed in its order.
	var sum float64
	for _, e := range cl.cen {
		sum += e.w * e.w
	}
	for _, t := range cl.tail {
		sum += t.Weight * t.Weight
	}
	cl.norm = math.Sqrt(sum)
	cl.setIDs()
	i := int32(len(c.stories))
	c.stories = append(c.stories, cl)
	c.hits = append(c.hits, 0)
	c.indexTop(cl, i)
	return cl
}

// fill interns the tail of a stored centroid.
func (c *Clusterer) fill(cl *cluster) {
	for _, t := range cl.tail {
		cl.cen = append(cl.cen, entry{id: c.intern(t.Term), w: t.Weight, docs: int32(t.Docs), entity: t.Entity, shown: t.Shown})
	}
	cl.tail = nil
	cl.setIDs()
}

// setIDs copies cen's term ids into ids.
func (cl *cluster) setIDs() {
	cl.ids = cl.ids[:0]
	for _, e := range cl.cen {
		cl.ids = append(cl.ids, e.id)
	}
}

func norm(cen []entry) float64 {
	var sum float64
	for _, e := range cen {
		sum += e.w * e.w
	}
	return math.Sqrt(sum)
}

// indexTop lists the story under its IndexTerms heaviest terms (those not listed yet): an
// article that belongs to it shares at least one of them, and common words, which every
// centroid holds further down, do not make every story a candidate.
func (c *Clusterer) indexTop(cl *cluster, i int32) {
	for k, e := range cl.cen {
		if c.P.IndexTerms > 0 && k == c.P.IndexTerms {
			break
		}
		if !slices.Contains(cl.indexed, e.id) {
			cl.indexed = append(cl.indexed, e.id)
			c.index[e.id] = append(c.index[e.id], i)
		}
	}
}

// Placement is where Place put an article and why.
type Placement struct {
	Story  int     // index into Stories()
	New    bool    // the article started the story
	Score  float64 // cosine with the story's centroid before joining (0 for a new story)
	Shared int     // terms shared with it
}

// article is an article's vector as matching reads it.
type article struct {
	terms    []entry // heaviest first
	specific []bool  // a common word or a version: what names alone are not
	versions []int32 // names of which the article gives a version
	events   bool    // its title tells an event (Vector.Events)
	model    bool    // its heaviest term is a versioned name (IsModel)
}

// Place puts one article into the best live story, or a new one.
func (c *Clusterer) Place(a *feeds.Article, v Vector) Placement {
	ids := make([]int32, len(v.Terms))
	for k, t := range v.Terms {
		ids[k] = c.intern(t.Term)
	}
	return c.place(a, v, ids)
}

// place is Place given the id of each of the vector's terms (intern's).
func (c *Clusterer) place(a *feeds.Article, v Vector, ids []int32) Placement {
	art := article{terms: make([]entry, len(v.Terms)), specific: make([]bool, len(v.Terms))}
	for k, t := range v.Terms {
		id := ids[k]
		art.terms[k] = entry{id: id, w: t.Weight, docs: 1, entity: t.Entity, shown: t.Shown}
		art.specific[k] = !t.Entity || IsModel(t)
		if t.Entity && c.vocab[id].version >= 0 {
			art.versions = append(art.versions, c.vocab[id].version)
		}
	}
	art.model = len(v.Terms) > 0 && IsModel(v.Terms[0])
	art.events = len(v.Events) > 0
	for k, e := range art.terms {
		c.pos[e.id] = int32(k + 1)
	}
	defer func() {
		for _, e := range art.terms {
			c.pos[e.id] = 0
		}
	}()

	// Candidates, with the weight of the proposing terms each was met by.
	maxDF := int(c.P.MaxDFShare * float64(c.DF.Docs()))
	for k, e := range art.terms { // heaviest first
		if c.P.ProposeTerms > 0 && k == c.P.ProposeTerms {
			break
		}
		if c.DF.Docs() > 50 && c.freq(e.id) > maxDF || c.P.MaxPostings > 0 && len(c.index[e.id]) > c.P.MaxPostings {
			continue
		}
		for _, i := range c.index[e.id] {
			cl := c.stories[i]
			if cl.dead || !within(cl.st.Updated, a.Published, c.P.Window) || c.P.MaxSize > 0 && cl.st.Size >= c.P.MaxSize {
				continue
			}
			if c.hits[i] == 0 {
				c.touched = append(c.touched, i)
			}
			c.hits[i] += e.w
		}
	}
	// The most promising first, and only MaxCandidates of them: the similarity is the costly
	// part, and a story met by none of the article's heavy terms would not reach Join.
	cands := c.touched
	slices.SortFunc(cands, func(x, y int32) int {
		if c.hits[x] != c.hits[y] {
			if c.hits[x] > c.hits[y] {
				return -1
			}
			return 1
		}
		return int(x - y)
	})
	if c.P.MaxCandidates > 0 && len(cands) > c.P.MaxCandidates {
		cands = cands[:c.P.MaxCandidates]
	}
	best, bestScore, bestShared := -1, 0.0, 0
	for _, i := range cands {
		score, shared, ok := c.match(c.stories[i], &art)
		if ok && score > bestScore {
			best, bestScore, bestShared = int(i), score, shared
		}
	}
	for _, i := range c.touched {
		c.hits[i] = 0
	}
	c.touched = c.touched[:0]

	c.placed++
	if c.placed%2000 == 0 {
		c.compact(a.Published)
	}
	if best < 0 {
		st := feeds.Story{Title: a.Title, Updated: a.Published, Size: 1}
		cen := c.trim(art.terms)
		c.addCluster(st, cen, true)
		return Placement{Story: len(c.stories) - 1, New: true}
	}
	c.join(int32(best), &art, a, bestScore)
	return Placement{Story: best, Score: bestScore, Shared: bestShared}
}

func within(a, b time.Time, w time.Duration) bool {
	d := a.Sub(b)
	return d <= w && d >= -w
}

// match is the decision rule of the package doc: the cosine must reach Join, MinShared terms
// must be shared, among them a common word or a version (names alone are not a story), the
// similarity must not rest on one term (without the shared term that contributes most, the
// cosine must still reach Rest), and the article must not name another version of a product
// the story names. The article's terms are those of c.pos.
func (c *Clusterer) match(cl *cluster, art *article) (score float64, shared int, ok bool) {
	if cl.norm == 0 {
		return 0, 0, false
	}
	if cl.tail != nil {
		c.fill(cl)
	}
	var dot, top, bare float64
	specific, sameVersion, sameEvent, lead, storyEvent := false, false, false, false, false
	names := 0
	cen, eventRank := cl.cen, c.P.EventRank
	// The ids alone are scanned: most centroid terms are not the article's.
	for rank, id := range cl.ids {
		k := c.pos[id]
		if k == 0 {
			storyEvent = storyEvent || rank < eventRank && c.flags[id]&flagEvent != 0
			continue
		}
		// The article's heaviest term is a versioned name that leads the story too:
		// « GPT-6 » in both titles is the story whatever else the articles say.
		lead = lead || k == 1 && rank < c.P.ModelRank && art.model
		t := &art.terms[k-1]
		x := t.w * cen[rank].w
		dot += x
		top = max(top, x)
		shared++
		if f := c.flags[id]; f&flagConcept != 0 {
			sameEvent = sameEvent || f&flagEvent != 0
		} else {
			bare += x
		}
		specific = specific || art.specific[k-1]
		if t.entity {
			names++
		}
		sameVersion = sameVersion || t.entity && c.flags[id]&flagVersion != 0
	}
	score = dot / cl.norm
	rest := (dot - top) / cl.norm
	// Several names and a high cosine are a story even without a common word: « Freebox
	// Pop », « DSA, X, Commission ». One name shared (« OpenAI ») never is.
	specific = specific || c.P.NamesJoin > 0 && names >= c.P.MinNames && score >= c.P.NamesJoin
	ok = score >= c.P.Join && shared >= c.P.MinShared && rest >= c.P.Rest && specific ||
		lead && c.P.ModelJoin > 0 && score >= c.P.ModelJoin ||
		sameEvent && names > 0 && c.P.EventNameJoin > 0 && score >= c.P.EventNameJoin
	// Concepts are how outlets say one thing in other words, not a story: two price rises
	// share them. Without a shared name, the words must make the story.
	ok = ok && (names > 0 || bare/cl.norm >= c.P.BareJoin)
	// A title that tells an event (a price rise, a departure) the story does not is another
	// story about the same names: Nintendo's price rise is not its new console.
	// The other way round, a story that is an event (among its heaviest terms) does not
	// take an article that does not tell it: Teams' new agents are not Teams' outage. Either
	// way, articles this close are one story all the same: the lexicon misses words
	// (« le prix des SSD s’envole »).
	clash := c.P.EventClash && art.events || storyEvent
	ok = ok && !(clash && !sameEvent && score < c.P.EventJoin)
	if ok && !sameVersion && len(art.versions) > 0 {
		ok = !c.otherVersion(cl, art)
	}
	return score, shared, ok
}

// otherVersion reports an article that names a version of something (Pixel 9) the story
// names only in other versions (Pixel 10a): a new product and an old one's update are two
// stories, however much else they share. The caller has checked that no version is shared.
func (c *Clusterer) otherVersion(cl *cluster, art *article) bool {
	for _, e := range cl.cen {
		if v := c.vocab[e.id].version; e.entity && v >= 0 && slices.Contains(art.versions, v) {
			return true
		}
	}
	return false
}

// join adds the article's vector to the story's centroid.
func (c *Clusterer) join(i int32, art *article, a *feeds.Article, score float64) {
	cl := c.stories[i]
	cen := cl.cen
	// The centroid's terms the article has not (still in order), those it has (grown), and
	// the article's terms the centroid has not (in the article's order).
	rest, up, add := c.scratch.rest[:0], c.scratch.up[:0], c.scratch.add[:0]
	for j := range cen {
		k := c.pos[cen[j].id]
		if k == 0 {
			rest = append(rest, cen[j])
			continue
		}
		t := art.terms[k-1]
		cen[j].w += t.w
		cen[j].docs++
		if cen[j].shown == "" && t.shown != "" {
			cen[j].shown = t.shown
		}
		cen[j].entity = cen[j].entity || t.entity
		c.pos[cen[j].id] = -k // met: not to append
		up = append(up, cen[j])
	}
	for _, t := range art.terms {
		if c.pos[t.id] > 0 {
			add = append(add, t)
		} else {
			c.pos[t.id] = -c.pos[t.id]
		}
	}
	cl.cen = c.merge(rest, up, add, cen)
	c.scratch.rest, c.scratch.up, c.scratch.add = rest, up, add
	cl.norm = norm(cl.cen)
	cl.setIDs()
	c.indexTop(cl, i)
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

// before is trim's order: heavier first, then by term. Terms are unique within a centroid,
// so it is a strict total order and a centroid has one sorted form.
func (c *Clusterer) before(x, y *entry) bool {
	if x.w != y.w {
		return x.w > y.w
	}
	return c.vocab[x.id].term < c.vocab[y.id].term
}

// merge is trim of rest, up and add together, written over old (the centroid they were
// taken from, which nothing else holds). rest and add are usually in order already (a
// centroid and an article's vector are kept sorted; only the terms they share moved), so a
// merge of the three gives trim's result without sorting them all; when one is not (weights
// read back to six digits can tie), they are sorted whole.
func (c *Clusterer) merge(rest, up, add, old []entry) []entry {
	n := min(len(rest)+len(up)+len(add), c.P.CentroidTerms)
	var out []entry
	if cap(old) >= n {
		out = old[:n]
	} else {
		out = make([]entry, n)
	}
	if !c.sorted(rest) || !c.sorted(add) {
		all := append(append(append(c.scratch.all[:0], rest...), up...), add...)
		c.scratch.all = all
		c.sortEntries(all)
		copy(out, all)
		return out
	}
	c.sortEntries(up)
	for k := range out {
		// The first of the three heads in trim's order.
		src := &rest
		if len(up) > 0 && (len(*src) == 0 || c.before(&up[0], &(*src)[0])) {
			src = &up
		}
		if len(add) > 0 && (len(*src) == 0 || c.before(&add[0], &(*src)[0])) {
			src = &add
		}
		out[k] = (*src)[0]
		*src = (*src)[1:]
	}
	return out
}

func (c *Clusterer) sorted(es []entry) bool {
	for k := 1; k < len(es); k++ {
		if !c.before(&es[k-1], &es[k]) {
			return false
		}
	}
	return true
}

func (c *Clusterer) sortEntries(es []entry) {
	slices.SortFunc(es, func(x, y entry) int {
		if c.before(&x, &y) {
			return -1
		}
		return 1
	})
}

// trim sorts a centroid heaviest first and keeps its CentroidTerms heaviest terms, in a
// slice of its own.
func (c *Clusterer) trim(cen []entry) []entry {
	slices.SortFunc(cen, func(x, y entry) int {
		if x.w != y.w {
			if x.w > y.w {
				return -1
			}
			return 1
		}
		if c.vocab[x.id].term < c.vocab[y.id].term {
			return -1
		}
		return 1
	})
	n := min(len(cen), c.P.CentroidTerms)
	out := make([]entry, n)
	copy(out, cen)
	return out
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
			c.index[t] = nil
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
		if cl.changed {
			ts := make([]feeds.StoryTerm, len(cl.cen))
			for k, e := range cl.cen {
				ts[k] = feeds.StoryTerm{Term: c.vocab[e.id].term, Shown: e.shown, Weight: e.w, Docs: int(e.docs), Entity: e.entity}
			}
			out[i].Centroid = ts
		}
	}
	return out
}

// Changed reports whether the story at index i was created or grown.
func (c *Clusterer) Changed(i int) bool { return c.stories[i].changed }
