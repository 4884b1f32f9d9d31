package tagging

import (
	"sort"
	"strings"
	"veille/feeds"
)

// Fields a term can be found in, as a bit mask.
const (
	fieldTitle uint8 = 1 << iota
	fieldSummary
	fieldContent
	fieldCategory
	fieldAll = fieldTitle | fieldSummary | fieldContent | fieldCategory
)

var fieldNames = map[string]uint8{"title": fieldTitle, "summary": fieldSummary, "content": fieldContent,
	"category": fieldCategory, "body": fieldSummary | fieldContent}

// ctag is a compiled tag.
type ctag struct {
	name, fr, en                           string
	threshold, title, body, weak, category int
	content                                int
	feedPrior                              int
	requires                               []int32
	notCompared                            bool // terms after a comparison do not count
}

// ref points at what an anchor needs: a rule that occurred, or any plain strong term of a tag.
type ref struct {
	tag bool
	idx int32 // rule or tag index; -1: never satisfied (a disabled rule)
}

// crule is a compiled rule.
type crule struct {
	id            string
	tags          []int32 // the tags it gives, its own first
	weak          bool
	anchorOnly    bool  // never scores: only referenced as an anchor
	plain         bool  // strong, scoring, without anchors: counts for "@tag:NAME"
	fields        uint8 // where its terms may match
	caseSensitive bool
	anchors       []ref
	negative      []ref
	notAfter      [][]string // folded phrases that must not come just before a match
	notBefore     [][]string // …or just after
	notHyphenated bool
	notBeforeName bool
	weights       [4]int // per field (title, summary, content, category) overrides, 0: the tag's
	entity        bool   // generated from entities.toml
}

// ttok is one token of a compiled term.
type ttok struct {
	h     uint64 // hash of fold
	fold  string // folded form; for a glued token, the letters before the number
	kept  string // accent-free, case kept: compared when the rule is case-sensitive
	num   bool   // "#": any token that starts with a digit; "-#" also needs a minus sign
	minus bool
	glued bool // "Qwen#": letters glued to a number (Qwen3, GPLv3, Qwen2.5)
}

type cterm struct {
	toks []ttok
	rule int32
}

// compile validates the merged specs and builds the matcher's lookup tables.
func compile(set *specSet, srcOf func(origin string) *source) (*Rules, error) {
	r := &Rules{tagIndex: map[string]int32{}, first: map[uint64]*bucket{}, glued: map[uint64][]int32{}}

	names := make([]string, 0, len(set.tags))
	for name, t := range set.tags {
		if !t.disabled {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for i, name := range names {
		t := set.tags[name]
		content := t.content
		if content == 0 {
			content = t.body
		}
		r.tags = append(r.tags, ctag{name: name, fr: t.fr, en: t.en, threshold: t.threshold, title: t.title,
			body: t.body, content: content, weak: t.weak, category: t.category, feedPrior: t.feedPrior,
			notCompared: t.notCompared})
		r.anyNotCompared = r.anyNotCompared || t.notCompared
		r.tagIndex[name] = int32(i)
	}
	for i, name := range names {
		t := set.tags[name]
		for _, req := range t.requires {
			j, ok := r.tagIndex[feeds.FoldName(req)]
			if !ok {
				if set.tags[feeds.FoldName(req)] != nil {
					continue // a disabled tag: the requirement lapses with it
				}
				return nil, srcOf(t.origin).errf("tags."+name+".requires", "unknown tag %q", req)
			}
			r.tags[i].requires = append(r.tags[i].requires, j)
		}
	}

	// Collect the rules, sorted by ID for a deterministic order.
	var specs []*ruleSpec
	for _, t := range set.tags {
		for _, rs := range t.rules {
			if !rs.disabled {
				specs = append(specs, rs)
			}
		}
	}
	sort.Slice(specs, func(i, j int) bool { return specs[i].id < specs[j].id })
	ruleIndex := map[string]int32{}
	for i, rs := range specs {
		ruleIndex[rs.id] = int32(i)
	}
	disabledRule := map[string]bool{}
	for _, t := range set.tags {
		for _, rs := range t.rules {
			if rs.disabled {
				disabledRule[rs.id] = true
			}
		}
	}

	r.rules = make([]crule, len(specs))
	type hidden struct {
		owner string
		terms []string
		src   *source
		key   string
	}
	var hiddens []hidden
	for i, rs := range specs {
		src := srcOf(rs.origin)
		key := "tags." + rs.tag + ".rules." + rs.id
		cr := crule{id: rs.id, weak: rs.weak, anchorOnly: rs.anchorOnly, caseSensitive: rs.caseSensitive,
			notHyphenated: rs.notHyphenated, notBeforeName: rs.notBeforeName, entity: rs.origin == "entities.toml",
			weights: [4]int{rs.title, rs.body, rs.body, rs.category}}
		for _, tn := range append([]string{rs.tag}, rs.also...) {
			j, ok := r.tagIndex[feeds.FoldName(tn)]
			if !ok {
				if set.tags[feeds.FoldName(tn)] != nil {
					continue // a disabled tag
				}
				return nil, src.errf(key+".also", "unknown tag %q", tn)
			}
			cr.tags = append(cr.tags, j)
		}
		if len(cr.tags) == 0 {
			cr.anchorOnly = true
		}
		if len(rs.terms) == 0 {
			return nil, src.errf(key, "a rule needs terms")
		}
		if len(rs.fields) == 0 {
			cr.fields = fieldAll
		}
		for _, f := range rs.fields {
			m, ok := fieldNames[f]
			if !ok {
				return nil, src.errf(key+".fields", "unknown field %q (title, summary, content, body, category)", f)
			}
			cr.fields |= m
		}
		for _, p := range rs.notAfter {
			cr.notAfter = append(cr.notAfter, phraseTokens(p))
		}
		for _, p := range rs.notBefore {
			cr.notBefore = append(cr.notBefore, phraseTokens(p))
		}
		// Anchors: references resolve now; literal terms become a hidden anchor-only rule.
		for pass, list := range [][]string{rs.anchors, rs.negative} {
			var lits []string
			var refs []ref
			for _, a := range list {
				switch {
				case strings.HasPrefix(a, "@tag:"):
					j, ok := r.tagIndex[feeds.FoldName(a[5:])]
					if !ok {
						if set.tags[feeds.FoldName(a[5:])] != nil {
							refs = append(refs, ref{idx: -1}) // a disabled tag
							continue
						}
						return nil, src.errf(key+anchorKey(pass), "unknown tag in %q", a)
					}
					refs = append(refs, ref{tag: true, idx: j})
				case strings.HasPrefix(a, "@"):
					j, ok := ruleIndex[a[1:]]
					if !ok {
						if disabledRule[a[1:]] {
							refs = append(refs, ref{idx: -1})
							continue
						}
						return nil, src.errf(key+anchorKey(pass), "unknown rule in %q", a)
					}
					refs = append(refs, ref{idx: j})
				default:
					lits = append(lits, a)
				}
			}
			if len(lits) > 0 {
				refs = append(refs, ref{idx: int32(len(specs) + len(hiddens))})
				hiddens = append(hiddens, hidden{owner: rs.id, terms: lits, src: src, key: key + anchorKey(pass)})
			}
			if pass == 0 {
				cr.anchors = refs
			} else {
				cr.negative = refs
			}
		}
		cr.plain = !cr.weak && !cr.anchorOnly && len(cr.anchors) == 0 && len(cr.negative) == 0 &&
			cr.fields&(fieldTitle|fieldSummary|fieldContent) != 0
		r.rules[i] = cr
		for _, term := range rs.terms {
			if err := r.addTerm(term, int32(i), rs.caseSensitive); err != nil {
				return nil, src.errf(key+".terms", "%q: %v", term, err)
			}
		}
	}
	for _, h := range hiddens {
		idx := int32(len(r.rules))
		r.rules = append(r.rules, crule{id: h.owner + "#anchor", anchorOnly: true, fields: fieldAll})
		for _, term := range h.terms {
			if err := r.addTerm(term, idx, false); err != nil {
				return nil, h.src.errf(h.key, "%q: %v", term, err)
			}
		}
	}
	r.splitBuckets()
	r.firstTable = newTable(r.first)
	return r, nil
}

func anchorKey(pass int) string {
	if pass == 0 {
		return ".anchors"
	}
	return ".negative_anchors"
}

type termError string

func (e termError) Error() string { return string(e) }

// addTerm expands a term's optional parts and adds each variant to the lookup tables.
func (r *Rules) addTerm(term string, rule int32, caseSensitive bool) error {
	variants, err := expandTerm(term)
	if err != nil {
		return err
	}
	for _, v := range variants {
		toks := termTokens(v)
		if len(toks) == 0 {
			return termError("no words in term")
		}
		idx := int32(len(r.terms))
		r.terms = append(r.terms, cterm{toks: toks, rule: rule})
		switch {
		case toks[0].num:
			r.numFirst = append(r.numFirst, idx)
		case toks[0].glued:
			r.glued[toks[0].h] = append(r.glued[toks[0].h], idx)
		default:
			b := r.first[toks[0].h]
			if b == nil {
				b = &bucket{}
				r.first[toks[0].h] = b
			}
			b.terms = append(b.terms, idx)
		}
	}
	return nil
}

// bucket holds the terms that start with one word. Common words start many terms ("les",
// "à", "modèle"…, multiplied by the "(a|b)" expansions): those buckets are split by their
// second word, so that a text word costs one more lookup instead of dozens of comparisons.
type bucket struct {
	terms []int32            // all terms, used as is when few
	next  map[uint64][]int32 // when many: terms by the hash of their second word
	rest  []int32            // when many: one-word terms and terms whose second word is a placeholder
}

const splitBucketOver = 4

// table is an open-addressing hash table from word hashes to buckets: most text words are
// not in it, and a miss costs one or two probes of a small array, cheaper than a Go map.
type table struct {
	keys []uint64 // 0 is empty (a word hash of 0 is remapped)
	vals []*bucket
	mask uint64
}

func newTable(m map[uint64]*bucket) table {
	n := 16
	for n < 4*len(m) {
		n *= 2
	}
	t := table{keys: make([]uint64, n), vals: make([]*bucket, n), mask: uint64(n - 1)}
	for k, v := range m {
		k = nonZero(k)
		for i := (k ^ k>>29) & t.mask; ; i = (i + 1) & t.mask {
			if t.keys[i] == 0 {
				t.keys[i], t.vals[i] = k, v
				break
			}
		}
	}
	return t
}

func nonZero(h uint64) uint64 {
	if h == 0 {
		return 1
	}
	return h
}

func (t *table) get(h uint64) *bucket {
	h = nonZero(h)
	for i := (h ^ h>>29) & t.mask; ; i = (i + 1) & t.mask {
		switch t.keys[i] {
		case h:
			return t.vals[i]
		case 0:
			return nil
		}
	}
}

func (r *Rules) splitBuckets() {
	for _, b := range r.first {
		if len(b.terms) <= splitBucketOver {
			continue
		}
		b.next = map[uint64][]int32{}
		for _, ti := range b.terms {
			tt := r.terms[ti].toks
			if len(tt) < 2 || tt[1].num || tt[1].glued {
				b.rest = append(b.rest, ti)
				continue
			}
			b.next[tt[1].h] = append(b.next[tt[1].h], ti)
		}
	}
}

// expandTerm expands optional and alternative groups: "modèle(s)" → modèle, modèles;
// "(grand|petit) modèle" → grand modèle, petit modèle.
func expandTerm(term string) ([]string, error) {
	out := []string{""}
	for len(term) > 0 {
		i := strings.IndexAny(term, "()|")
		if i < 0 {
			for k := range out {
				out[k] += term
			}
			break
		}
		if term[i] != '(' {
			return nil, termError("unbalanced parenthesis or stray '|'")
		}
		j := strings.IndexByte(term[i:], ')')
		if j < 0 {
			return nil, termError("unclosed parenthesis")
		}
		alts := strings.Split(term[i+1:i+j], "|")
		if len(alts) == 1 {
			alts = []string{"", alts[0]}
		}
		if strings.ContainsAny(term[i+1:i+j], "(") {
			return nil, termError("nested parentheses")
		}
		var next []string
		for _, o := range out {
			for _, a := range alts {
				next = append(next, o+term[:i]+a)
			}
		}
		out = next
		term = term[i+j+1:]
		if len(out) > 256 {
			return nil, termError("too many variants")
		}
	}
	// Drop duplicates and empty variants.
	seen := map[string]bool{}
	res := out[:0]
	for _, o := range out {
		o = strings.TrimSpace(o)
		if o != "" && !seen[o] {
			seen[o] = true
			res = append(res, o)
		}
	}
	return res, nil
}

// termTokens tokenizes a term with the text tokenizer. '#' stands for any number: alone
// ("GPT-#", "lève # millions"), with a minus sign ("-# %"), or glued to letters ("Qwen#").
func termTokens(term string) []ttok {
	// A placeholder digit keeps '#' in the token stream; a term never needs a literal lone 0.
	s := strings.ReplaceAll(term, "#", "0")
	toks, fold := tokenize(s, nil, nil)
	out := make([]ttok, len(toks))
	for i, t := range toks {
		f := string(fold[t.fstart:t.fend])
		raw := s[t.start:t.end]
		if f == "0" {
			out[i] = ttok{num: true, minus: t.flags&tokMinus != 0}
			continue
		}
		glued := t.alen > 0 && f[t.alen:] == "0"
		if glued {
			f, raw = f[:t.alen], raw[:len(raw)-1]
		}
		var kept []byte
		for _, r := range raw {
			kept = appendKeptRune(kept, r)
		}
		out[i] = ttok{h: hashString(f), fold: f, kept: string(kept), glued: glued}
	}
	return out
}

// phraseTokens returns the folded tokens of a guard phrase.
func phraseTokens(p string) []string {
	toks, fold := tokenize(p, nil, nil)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = string(fold[t.fstart:t.fend])
	}
	return out
}
