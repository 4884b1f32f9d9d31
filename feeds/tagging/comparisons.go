package tagging

// Comparisons: a product named as the yardstick of another (« un modèle ouvert qui rivalise avec
// GPT-5 », « l'alternative française à ChatGPT », « face à OpenAI ») is not what the story is
// about. For a tag that sets not_compared (the sides of the open-versus-closed debate), a term
// that follows one of these phrases in the same phrase does not count; for the others (ia) it
// still does: the story is about AI either way.

// comparisonPhrases are folded word sequences that introduce the compared product.
var comparisonPhrases = [][]string{
	{"rivalise", "avec"}, {"rivalisent", "avec"}, {"rivaliser", "avec"}, {"rivalisant", "avec"},
	{"rattrape"}, {"rattrapent"}, {"rattraper"}, {"talonne"}, {"talonnent"},
	{"concurrent", "de"}, {"concurrente", "de"}, {"concurrents", "de"}, {"concurrentes", "de"},
	{"concurrent", "d"}, {"concurrente", "d"}, {"concurrents", "d"}, {"concurrentes", "d"},
	{"concurrencer"}, {"rival", "de"}, {"rival", "d"}, {"rivaux", "de"}, {"rivaux", "d"},
	{"alternative", "a"}, {"alternatives", "a"}, {"alternative", "aux"}, {"alternatives", "aux"},
	{"face", "a"}, {"face", "aux"}, {"au", "niveau", "de"}, {"au", "niveau", "d"},
	{"comparable", "a"}, {"comparables", "a"}, {"egale"}, {"egalent"}, {"egaler"},
	{"surpasse"}, {"surpassent"}, {"depasse"}, {"depassent"}, {"battre"},
	{"aussi", "performant", "que"}, {"aussi", "performant", "qu"}, {"aussi", "performants", "que"},
	{"aussi", "performants", "qu"}, {"aussi", "puissant", "que"}, {"aussi", "puissant", "qu"},
	{"a", "la", "hauteur", "de"}, {"a", "la", "hauteur", "d"}, {"equivalent", "a"}, {"equivalents", "a"},
	{"mieux", "que"}, {"plutot", "que"}, {"plus", "fort", "que"}, {"vs"}, {"versus"},
}

// comparisonReach is how many words may stand between the comparison and the term: the
// article and a noun (« face aux modèles d’OpenAI »); further, the words are about something else (« face aux devoirs écrits par ChatGPT »).
const comparisonReach = 2

// comparisonsByLast indexes comparisonPhrases by the hash of their last word, as hashes of
// their folded words: the check runs at every match of a not_compared tag, so it costs one map
// lookup per word looked back at.
var comparisonsByLast = func() map[uint64][][]uint64 {
	m := map[uint64][][]uint64{}
	for _, p := range comparisonPhrases {
		hs := make([]uint64, len(p))
		for k, w := range p {
			hs[k] = hashString(w)
		}
		last := hs[len(hs)-1]
		m[last] = append(m[last], hs)
	}
	return m
}()

// comparedAt reports whether the term starting at token i follows a comparison phrase in the
// same phrase, at most comparisonReach words before it.
func comparedAt(toks []token, i int) bool {
	for end := i; end > 0 && i-end <= comparisonReach; end-- {
		if toks[end].join == joinBreak {
			return false // the words between must be one phrase
		}
	phrases:
		for _, hs := range comparisonsByLast[toks[end-1].h] {
			start := end - len(hs)
			if start < 0 {
				continue
			}
			for k, h := range hs {
				if toks[start+k].h != h || (k > 0 && toks[start+k].join == joinBreak) {
					continue phrases
				}
			}
			return true
		}
	}
	return false
}
