package tagging

import "strings"

// This file turns a headline and its standfirst into the features of the statistical layer:
// folded words, pairs of adjacent words within a phrase, and the entities of entities.toml
// with their kind and side. Each feature is a 64-bit hash; the hot path never builds a string.
// Training also asks for the features' readable names, which evidence shows.

// stopWords are French and English function words: they carry no topic.
var stopWords = map[uint64]bool{}

func init() {
	for _, w := range strings.Fields(`le la les de des du un une et en au aux pour sur par avec dans
		ce cet cette ces ses son sa leur leurs qui que quoi dont est sont a ont plus ne pas se il
		elle ils elles on nous vous ou mais comme tout tous toute toutes sans sous entre apres
		avant chez vers lors selon deja aussi bien encore ete etre fait faire peut veut doit
		nouveau nouvelle nouveaux nouvelles premier premiere deux trois ans an annee jour fois
		depuis mois quatre cinq six sept huit neuf dix cent mille millions milliards place
		the of and to in for on with is are its by from at as an be this that`) {
		stopWords[hashString(w)] = true
	}
}

// featureOf mixes the hashes of two adjacent words into the hash of the pair.
func pairHash(a, b uint64) uint64 {
	return (a*0x9e3779b97f4a7c15 ^ b) * fnvPrime
}

// keepToken reports whether a token is a topic word: letters, two bytes or more folded, not a
// function word.
func keepToken(tk *token) bool {
	return tk.flags&(tokNumber|tokSymbol) == 0 && tk.fend-tk.fstart >= 2 && !stopWords[tk.h]
}

// titleHash marks a feature as found in the title. Only entities get a title twin: a closed
// product or a regulator in the title is what the story is about, in the standfirst it is
// often a passing mention (« des chercheurs d'OpenAI »), and the model must be able to tell
// the two apart. Words are not doubled, which would double the model for little.
func titleHash(h uint64) uint64 { return (h ^ 0x7469746c65) * fnvPrime }

// appendFeatures appends the features of one tokenised field to dst; title says the field is
// the title. When names is not nil, it also records a readable name for each feature
// (training only).
func appendFeatures(dst []uint64, text string, toks []token, fold []byte, ents *entityTable, names map[uint64]string, title bool) []uint64 {
	var prev uint64
	var prevName string
	havePrev := false
	skipTo := 0
	for i := range toks {
		tk := &toks[i]
		if tk.join == joinBreak {
			havePrev = false
		}
		if i >= skipTo && ents != nil {
			if e, n := ents.match(toks, i); e >= 0 {
				f := ents.feats[e]
				dst = append(dst, f[0], f[1], f[2])
				if title {
					dst = append(dst, titleHash(f[0]), titleHash(f[1]), titleHash(f[2]))
				}
				if names != nil {
					ent := &ents.ents[e]
					names[f[0]] = ent.Names[0]
					names[f[1]] = "@" + ent.Kind
					names[f[2]] = "@" + ent.Side
					if title {
						names[titleHash(f[0])] = "^=" + ent.Names[0]
						names[titleHash(f[1])] = "^@" + ent.Kind
						names[titleHash(f[2])] = "^@" + ent.Side
					}
				}
				skipTo = i + n // the words of an entity are still words, not other entities
			}
		}
		if !keepToken(tk) {
			if tk.flags&tokNumber == 0 {
				continue // a function word does not break a pair: "droit d'auteur" → droit auteur
			}
			havePrev = false
			continue
		}
		dst = append(dst, tk.h)
		var name string
		if names != nil {
			name = string(fold[tk.fstart:tk.fend])
			names[tk.h] = name
		}
		if havePrev {
			p := pairHash(prev, tk.h)
			dst = append(dst, p)
			if names != nil {
				names[p] = prevName + " " + name
			}
		}
		prev, prevName, havePrev = tk.h, name, true
	}
	return dst
}

// Featurizer extracts the features of articles' text. It is not safe for concurrent use; make
// one per goroutine.
type Featurizer struct {
	toks  []token
	fold  []byte
	names map[uint64]string
}

// NewFeaturizer returns a Featurizer; with names it also remembers the readable name of every
// feature it has seen (see Name).
func NewFeaturizer(names bool) *Featurizer {
	fz := &Featurizer{}
	if names {
		fz.names = map[uint64]string{}
	}
	return fz
}

// Features appends the features of the texts (title, summary, …) to dst; the first is the
// title.
func (fz *Featurizer) Features(dst []uint64, texts ...string) []uint64 {
	for i, s := range texts {
		if s == "" {
			continue
		}
		fz.toks, fz.fold = tokenize(s, fz.toks[:0], fz.fold[:0])
		dst = appendFeatures(dst, s, fz.toks, fz.fold, defaultEntities(), fz.names, i == 0)
	}
	return dst
}

// Name returns the readable name of a feature this Featurizer has seen, or "".
func (fz *Featurizer) Name(h uint64) string { return fz.names[h] }
