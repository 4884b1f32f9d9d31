// Package tagging gives articles their automatic topic tags (ia, open-source, proprietaire,
// regulation, securite, …) from rules kept as data, each tag with the evidence that earned it.
//
// Text is tokenised on Unicode letters and digits (never regexp \b, which is ASCII-only),
// elisions are split (l’IA → l, IA), and every token has a folded view (lower case, no accents)
// for common words and an original-case view for acronyms and names (IA, AI, DSA, BLOOM).
// Rules map the hashes of folded first words to candidate terms, so tagging is one tokenising
// pass per field plus a table lookup per word. Ambiguous names (Mistral the wind, Claude François,
// Falcon 9, “propriétaire” the landlord) are held back by context anchors, negative anchors
// and token-local guards; a term's strength and the field it was found in (title over body)
// give the score. The default rules are the embedded rules.toml; a user's config.toml can add
// tags, add rules and override them (see the comment at the top of rules.toml).
package tagging

import (
	"sort"
	"sync"

	"veille/feeds"
)

// Field names used in evidence, in display order.
const (
	FieldTitle    = "title"
	FieldSummary  = "summary"
	FieldContent  = "content"
	FieldCategory = "category"
	FieldFeed     = "feed"
)

// RuleFeedPrior is the evidence rule name of the AI-only feed prior.
const RuleFeedPrior = "feed-prior"

var fieldOrder = [...]string{FieldTitle, FieldSummary, FieldContent, FieldCategory}

var fieldBits = [...]uint8{fieldTitle, fieldSummary, fieldContent, fieldCategory}

// Tagger tags articles with a compiled rule set. It is safe for concurrent use.
type Tagger struct {
	r     *Rules
	model *builtinModel // the statistical layer; nil: rules only
	pool  sync.Pool
}

var _ feeds.Tagger = (*Tagger)(nil)

// New returns a Tagger for the rules (DefaultRules when r is nil).
func New(r *Rules) *Tagger {
	if r == nil {
		r = DefaultRules()
	}
	t := &Tagger{r: r, model: defaultModel()}
	t.pool.New = func() any { return newScratch(r) }
	return t
}

// Rules returns the rules the tagger applies.
func (t *Tagger) Rules() *Rules { return t.r }

// match is one place a scoring rule matched.
type match struct {
	text       string // the words as they appear
	field      uint8  // index into fieldOrder
	pos        int32  // byte offset, for ordering evidence
	categoryNo int32
	compared   bool // after a comparison (comparisons.go)
}

// ruleState is what one article did to one rule.
type ruleState struct {
	occurred bool     // a term of it was found (anchors look at this)
	scoring  bool     // it has at least one match
	first    [4]int32 // first match per field, -1
}

// scratch is the per-call working memory, reused through a pool.
type scratch struct {
	toks     []token
	fold     []byte
	state    []ruleState
	touched  []int32 // rules whose state is not clean
	tagOcc   []bool
	matches  []match
	scoring  []int32 // rules with matches, in first-match order
	strong   []int
	cat      []int
	weakSum  []int
	weakN    []int
	prior    []bool
	given    []bool
	contribs []contrib
	feats    []uint64  // statistical features of the title and summary
	useModel bool      // collect feats
	voted    []float64 // per tag, the model's probability when its vote gave the tag
	score    []int     // per tag, the rules' score
}

// contrib is one rule's contribution to one tag's score.
type contrib struct {
	tag   int32
	rule  int32
	match int32 // index in matches: the evidence
	weak  bool
	cat   bool // a strong rule whose best field is a category
	// standfirst: an entity rule whose best field is the summary (see standfirstSubject)
	standfirst bool
}

func newScratch(r *Rules) *scratch {
	s := &scratch{
		state:   make([]ruleState, len(r.rules)),
		tagOcc:  make([]bool, len(r.tags)),
		strong:  make([]int, len(r.tags)),
		cat:     make([]int, len(r.tags)),
		weakSum: make([]int, len(r.tags)),
		weakN:   make([]int, len(r.tags)),
		prior:   make([]bool, len(r.tags)),
		given:   make([]bool, len(r.tags)),
		voted:   make([]float64, len(r.tags)),
		score:   make([]int, len(r.tags)),
	}
	for i := range s.state {
		s.state[i].first = [4]int32{-1, -1, -1, -1}
	}
	return s
}

func (s *scratch) reset() {
	for _, i := range s.touched {
		s.state[i] = ruleState{first: [4]int32{-1, -1, -1, -1}}
	}
	s.touched = s.touched[:0]
	for i := range s.tagOcc {
		s.tagOcc[i], s.strong[i], s.cat[i], s.weakSum[i], s.weakN[i], s.prior[i], s.given[i] = false, 0, 0, 0, 0, false, false
	}
	s.matches = s.matches[:0]
	s.scoring = s.scoring[:0]
	s.contribs = s.contribs[:0]
	s.feats = s.feats[:0]
	clear(s.voted)
	clear(s.score)
}

// Tag returns the article's automatic tags, sorted by name, each with its evidence. It reads
// the title, summary, text (content) and categories of a, and the AI-only prior of f (f may be
// nil). It never matches URLs or the feed's name. It takes the text as parse gives it
// (parse.FeedText): the publisher footers and paywall notices, which repeat the title and
// name the site, are already cut.
func (t *Tagger) Tag(a *feeds.Article, f *feeds.Feed) []feeds.ArticleTag {
	return t.tag(a, f, nil)
}

// tag is Tag; scores, when not nil, receives the rules' score of every tag (training reads them).
func (t *Tagger) tag(a *feeds.Article, f *feeds.Feed, scores func(score []int)) []feeds.ArticleTag {
	if a == nil {
		return nil
	}
	r := t.r
	s := t.pool.Get().(*scratch)
	defer func() {
		clear(s.matches) // do not keep the article's text alive in the pool
		t.pool.Put(s)
	}()
	s.reset()
	s.useModel = t.model != nil

	summary, text := a.Summary, a.Text
	if text == summary {
		text = "" // no content: Text is the summary again
	}
	s.scan(r, a.Title, 0, 0)
	s.scan(r, summary, 1, 0)
	s.scan(r, text, 2, 0)
	for i, c := range a.Categories {
		s.scan(r, c, 3, int32(i))
	}

	// Context: anchors and negative anchors, then scores per tag.
	for _, ri := range s.scoring {
		cr := &r.rules[ri]
		if len(cr.anchors) > 0 && !s.anyOccurred(cr.anchors) {
			continue
		}
		if len(cr.negative) > 0 && s.anyOccurred(cr.negative) {
			continue
		}
		st := &s.state[ri]
		for _, ti := range cr.tags {
			tg := &r.tags[ti]
			best, bestF, bestM := 0, -1, int32(-1)
			for fi := 0; fi < 4; fi++ {
				m := st.first[fi]
				if m < 0 || (tg.notCompared && s.matches[m].compared) {
					continue
				}
				w := tg.weight(fi, cr.weak)
				if o := cr.weights[fi]; o > 0 && !cr.weak {
					w = o
				}
				if w > best {
					best, bestF, bestM = w, fi, m
				}
			}
			if bestM < 0 || best == 0 || (!cr.weak && s.sameSpan(r, cr, ti, bestM)) {
				continue
			}
			c := contrib{tag: ti, rule: ri, match: bestM, weak: cr.weak}
			switch {
			case bestF == 3 && !cr.weak:
				// Feed categories are one hint, however many rules they match.
				c.cat = true
				s.cat[ti] = max(s.cat[ti], best)
			case cr.weak:
				s.weakSum[ti] += best
				s.weakN[ti]++
			default:
				s.strong[ti] += best
			}
			c.standfirst = cr.entity && !cr.weak && bestF == 1
			s.contribs = append(s.contribs, c)
		}
	}
	s.standfirstSubject(r)
	if f != nil && f.AIOnly {
		for ti := range r.tags {
			if r.tags[ti].feedPrior > 0 {
				s.prior[ti] = true
			}
		}
	}
	for ti := range r.tags {
		tg := &r.tags[ti]
		score := s.strong[ti] + s.cat[ti]
		if s.prior[ti] {
			score += tg.feedPrior
		}
		if s.countWeak(ti) {
			score += s.weakSum[ti]
		}
		s.given[ti] = score >= tg.threshold
		s.score[ti] = score
	}
	if scores != nil {
		scores(s.score)
	}
	if t.model != nil {
		t.model.vote(r, s)
	}
	// Required tags: drop a tag whose requirement is missing, until nothing changes.
	for changed := true; changed; {
		changed = false
		for ti := range r.tags {
			if !s.given[ti] {
				continue
			}
			for _, req := range r.tags[ti].requires {
				if !s.given[req] {
					s.given[ti], changed = false, true
					break
				}
			}
		}
	}
	return s.result(r, f, t.model)
}

// weight is what a rule found in field fi adds to the tag.
func (tg *ctag) weight(fi int, weak bool) int {
	switch {
	case fi == 3:
		if weak {
			return tg.weak
		}
		return tg.category
	case weak:
		return tg.weak
	case fi == 0:
		return tg.title
	case fi == 2:
		return tg.content
	default:
		return tg.body
	}
}

// standfirstSubject raises a product of the entity table named in the standfirst to the title's
// weight when the title is about the same subject: the other tags its rule gives (ia for a
// closed or open model) have a strong sign in the title. « AWS lance des agents … » over « ses
// modèles Nova » is a story about Nova; a standfirst naming it under a headline about a phone
// or a rival (« rivalise avec », comparisons.go) is not. Raised once per tag.
func (s *scratch) standfirstSubject(r *Rules) {
	for ci := range s.contribs {
		c := &s.contribs[ci]
		if !c.standfirst {
			continue
		}
		tg := &r.tags[c.tag]
		for _, other := range r.rules[c.rule].tags {
			if other != c.tag && s.titleSign(other) {
				s.strong[c.tag] += tg.title - min(tg.title, tg.body)
				// once per tag: later contributions of the tag are no longer raised
				for cj := ci; cj < len(s.contribs); cj++ {
					if s.contribs[cj].tag == c.tag {
						s.contribs[cj].standfirst = false
					}
				}
				break
			}
		}
	}
}

// titleSign reports whether a strong rule counted for tag ti from the title.
func (s *scratch) titleSign(ti int32) bool {
	for ci := range s.contribs {
		c := &s.contribs[ci]
		if c.tag == ti && !c.weak && !c.cat && s.matches[c.match].field == 0 {
			return true
		}
	}
	return false
}

// sameSpan reports whether the words of match m were already counted for tag ti, when the entity
// table is one of the two rules: one name read by a hand-written rule and by the table (« GPT-5 »)
// is one sign. Two hand-written rules on the same words stay two: their authors meant both. Only
// strong contributions are compared (a weak one does not hide a strong one on the same words).
func (s *scratch) sameSpan(r *Rules, cr *crule, ti int32, m int32) bool {
	mm := &s.matches[m]
	for ci := range s.contribs {
		c := &s.contribs[ci]
		if c.tag != ti || c.weak || (!cr.entity && !r.rules[c.rule].entity) {
			continue
		}
		o := &s.matches[c.match]
		if o.field == mm.field && o.pos == mm.pos && o.categoryNo == mm.categoryNo {
			return true
		}
	}
	return false
}

// countWeak reports whether the tag's weak terms count: only together, with another weak
// term or any other signal.
func (s *scratch) countWeak(ti int) bool {
	n := s.weakN[ti]
	return n >= 2 || (n > 0 && (s.strong[ti] > 0 || s.cat[ti] > 0 || s.prior[ti]))
}

func (s *scratch) anyOccurred(refs []ref) bool {
	for _, a := range refs {
		switch {
		case a.idx < 0:
		case a.tag:
			if s.tagOcc[a.idx] {
				return true
			}
		default:
			if s.state[a.idx].occurred {
				return true
			}
		}
	}
	return false
}

func (s *scratch) result(r *Rules, f *feeds.Feed, model *builtinModel) []feeds.ArticleTag {
	n := 0
	for _, g := range s.given {
		if g {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]feeds.ArticleTag, 0, n)
	for ti := range r.tags {
		if !s.given[ti] {
			continue
		}
		var ev []feeds.Evidence
		countWeak := s.countWeak(ti)
		var order []int32
		for ci := range s.contribs {
			c := &s.contribs[ci]
			if c.tag == int32(ti) && (!c.weak || countWeak) {
				order = append(order, int32(ci))
			}
		}
		sort.SliceStable(order, func(i, j int) bool {
			a, b := &s.matches[s.contribs[order[i]].match], &s.matches[s.contribs[order[j]].match]
			if a.field != b.field {
				return a.field < b.field
			}
			if a.categoryNo != b.categoryNo {
				return a.categoryNo < b.categoryNo
			}
			return a.pos < b.pos
		})
		var prev *match
		for _, ci := range order {
			c := &s.contribs[ci]
			m := &s.matches[c.match]
			if c.cat && prev != nil && prev.field == m.field && prev.categoryNo == m.categoryNo && prev.pos == m.pos {
				continue // the same category words found by two rules: shown once
			}
			prev = m
			ev = append(ev, feeds.Evidence{Rule: r.rules[c.rule].id, Match: m.text, Field: fieldOrder[m.field]})
		}
		if s.prior[ti] {
			ev = append(ev, feeds.Evidence{Rule: RuleFeedPrior, Match: f.Title, Field: FieldFeed})
		}
		if p := s.voted[ti]; p > 0 {
			ev = append(ev, model.evidence(s, r.tags[ti].name, p))
		}
		out = append(out, feeds.ArticleTag{Name: r.tags[ti].name, Evidence: ev})
	}
	return out
}

// scan tokenises one field and records where rules match in it. At each position the longest
// term wins, and a term lying inside an earlier, longer match does not score ("Mistral Large 3"
// wins over "Mistral Large" and "Mistral"); overlapping terms that reach further do
// ("modèles ouverts" and "ouverts ou fermés"). Occurrences, which anchors look at, are recorded
// for every term found.
func (s *scratch) scan(r *Rules, text string, field uint8, categoryNo int32) {
	if text == "" {
		return
	}
	s.toks, s.fold = tokenize(text, s.toks[:0], s.fold[:0])
	toks, fold := s.toks, s.fold
	if field <= 1 && s.useModel {
		s.feats = appendFeatures(s.feats, text, toks, fold, defaultEntities(), nil, field == 0)
	}
	bit := fieldBits[field]
	covered := 0
	var best []int32
	var bestBuf [8]int32
	for i := range toks {
		tk := &toks[i]
		var cands, cands2, more []int32
		if b := r.firstTable.get(tk.h); b != nil {
			if b.next == nil {
				cands = b.terms
			} else {
				cands = b.rest
				if i+1 < len(toks) && toks[i+1].join != joinBreak {
					cands2 = b.next[toks[i+1].h]
				}
			}
		}
		if tk.flags&tokNumber != 0 {
			more = r.numFirst
		} else if tk.alen > 0 {
			more = r.glued[tk.ah]
		}
		if len(cands) == 0 && len(cands2) == 0 && len(more) == 0 {
			continue
		}
		bestLen := 0
		best = bestBuf[:0]
		for pass := 0; pass < 3; pass++ {
			list := cands
			switch pass {
			case 1:
				list = cands2
			case 2:
				list = more
			}
			for _, ti := range list {
				term := &r.terms[ti]
				cr := &r.rules[term.rule]
				if cr.fields&bit == 0 {
					continue
				}
				n := len(term.toks)
				if !matchAt(text, toks, fold, i, term, cr.caseSensitive) || !guardsOK(toks, fold, i, n, cr) {
					continue
				}
				s.occur(r, term.rule)
				if cr.anchorOnly || i+n <= covered {
					continue // inside a longer match ("Mistral Large" in "Mistral Large 3")
				}
				if n > bestLen {
					bestLen, best = n, best[:0]
				}
				if n == bestLen {
					best = append(best, term.rule)
				}
			}
		}
		if bestLen == 0 {
			continue
		}
		covered = max(covered, i+bestLen)
		end := toks[i+bestLen-1].end
		compared := r.anyNotCompared && comparedAt(toks, i)
		for _, ri := range best {
			s.record(ri, match{text: text[tk.start:end], field: field, pos: tk.start, categoryNo: categoryNo, compared: compared})
		}
	}
}

func (s *scratch) touch(ri int32) *ruleState {
	st := &s.state[ri]
	if !st.occurred && !st.scoring {
		s.touched = append(s.touched, ri)
	}
	return st
}

func (s *scratch) occur(r *Rules, ri int32) {
	st := s.touch(ri)
	if st.occurred {
		return
	}
	st.occurred = true
	if cr := &r.rules[ri]; cr.plain {
		for _, ti := range cr.tags {
			s.tagOcc[ti] = true
		}
	}
}

func (s *scratch) record(ri int32, m match) {
	st := s.touch(ri)
	if !st.scoring {
		st.scoring = true
		s.scoring = append(s.scoring, ri)
	}
	// The first match per field is the evidence, unless it is a comparison and a later one is not.
	if f := st.first[m.field]; f < 0 || (s.matches[f].compared && !m.compared) {
		st.first[m.field] = int32(len(s.matches))
		s.matches = append(s.matches, m)
	}
}

// matchAt reports whether term matches the tokens starting at i, within one phrase.
func matchAt(text string, toks []token, fold []byte, i int, term *cterm, caseSensitive bool) bool {
	if i+len(term.toks) > len(toks) {
		return false
	}
	for k := range term.toks {
		tk := &toks[i+k]
		tt := &term.toks[k]
		if k > 0 && tk.join == joinBreak {
			return false
		}
		if tt.num {
			if tk.flags&tokNumber == 0 || (tt.minus && tk.flags&tokMinus == 0) {
				return false
			}
			continue
		}
		orig := text[tk.start:tk.end]
		if tt.glued {
			if tk.alen != int32(len(tt.fold)) || tk.ah != tt.h || string(fold[tk.fstart:tk.fstart+tk.alen]) != tt.fold {
				return false
			}
			if caseSensitive && !keptPrefix(orig, tt.kept) {
				return false
			}
			continue
		}
		// 64-bit hashes of folded words: a collision between a text word and one of the few
		// thousand rule words is not a practical concern, and comparing bytes costs 10 %.
		if tk.h != tt.h || int(tk.fend-tk.fstart) != len(tt.fold) {
			return false
		}
		if caseSensitive && !keptEqual(orig, tt.kept) {
			return false
		}
	}
	return true
}

// guardsOK applies a rule's token-local guards to a match of n tokens at i.
func guardsOK(toks []token, fold []byte, i, n int, cr *crule) bool {
	for _, p := range cr.notAfter {
		if phraseAt(toks, fold, i-len(p), p) && toks[i].join != joinBreak {
			return false
		}
	}
	for _, p := range cr.notBefore {
		if i+n < len(toks) && toks[i+n].join != joinBreak && phraseAt(toks, fold, i+n, p) {
			return false
		}
	}
	if cr.notHyphenated {
		if toks[i].join == joinHyphen && i > 0 && toks[i-1].flags&tokNumber == 0 {
			return false
		}
		if j := i + n; j < len(toks) && toks[j].join == joinHyphen && toks[j].flags&tokNumber == 0 {
			return false
		}
	}
	if cr.notBeforeName {
		if j := i + n; j < len(toks) && toks[j].join == joinSpace && toks[j].flags&(tokUpper|tokLower) == tokUpper|tokLower {
			return false
		}
	}
	return true
}

// phraseAt reports whether the folded tokens at i spell p within one phrase.
func phraseAt(toks []token, fold []byte, i int, p []string) bool {
	if i < 0 || i+len(p) > len(toks) {
		return false
	}
	for k, w := range p {
		tk := &toks[i+k]
		if k > 0 && tk.join == joinBreak {
			return false
		}
		if string(fold[tk.fstart:tk.fend]) != w {
			return false
		}
	}
	return true
}
