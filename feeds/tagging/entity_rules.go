package tagging

import (
	"strings"
	"unicode"
)

// entityRules turns the entity table into rules: an entity names its side of the vocabulary
// directly, so that a regulator, a court or a closed assistant the hand-written rules never
// listed still gives its tag. The rules are added after rules.toml and before the user's
// config.toml, which may override or disable them by ID like any other rule.
//
//   - regulation: regulators, courts and laws are strong; acts (amende, enquête…), institutions
//     (gouvernement, Commission européenne…), events and jurisdictions (États-Unis, Londres…)
//     are weak, so they count only together.
//   - proprietary: assistants, models and products give proprietaire and ia.
//   - open: models and tools give open-source and ia; licences, foundations and free software
//     give open-source.
//
// Entity rules look at the title; products and models also at the summary, where a name is
// often a passing mention (« des modèles comme GPT-5 »): there it counts the summary's weight,
// and the title's only when the title is about the same subject (standfirstSubject).
// A name in capitals or of four letters or fewer with a capital (CMA, FTC, Ofcom) is matched in
// its case; a single lower-case word (amende, loi) is weak whatever its kind.
type entityRule struct {
	id, tag  string
	also     []string
	weak, cs bool
	summary  bool // also looks in the summary
}

func entityRuleFor(e *Entity) []entityRule {
	if e.Kind == "jurisdiction" {
		// « Washington », « le Texas » act as governments only beside a legal word.
		return []entityRule{{id: "entites-juridictions-faibles", tag: "regulation", weak: true}}
	}
	switch e.Side {
	case "regulation":
		switch e.Kind {
		case "regulator", "court", "law":
			return []entityRule{{id: "entites-regulation", tag: "regulation"}}
		default:
			return []entityRule{{id: "entites-regulation-faibles", tag: "regulation", weak: true}}
		}
	case "proprietary":
		switch e.Kind {
		case "assistant", "model", "product":
			return []entityRule{{id: "entites-proprietaires", tag: "proprietaire", also: []string{"ia"}, summary: true}}
		}
	case "open":
		switch e.Kind {
		case "model", "tool":
			return []entityRule{{id: "entites-ouvertes-ia", tag: "open-source", also: []string{"ia"}, summary: true}}
		case "licence", "foundation", "product":
			return []entityRule{{id: "entites-ouvertes", tag: "open-source"}}
		}
	}
	return nil
}

// nameCaseSensitive reports whether an entity name must be matched in its case.
func nameCaseSensitive(n string) bool {
	upper, letters := 0, 0
	for _, r := range n {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	return (upper > 1 && upper == letters) || (upper > 0 && letters <= 5 && !strings.Contains(n, " "))
}

// isPlainWord reports whether a name is one lower-case word: an ordinary word, weak alone.
func isPlainWord(n string) bool {
	return !strings.ContainsAny(n, " -'’") && strings.ToLower(n) == n
}

// termSafe escapes nothing but refuses names using the rule term syntax.
func termSafe(n string) bool { return !strings.ContainsAny(n, "()|#") }

// foldKey is a term's words folded and joined by spaces: how two spellings are compared.
func foldKey(s string) string {
	toks, fold := tokenize(s, nil, nil)
	words := make([]string, len(toks))
	for i, tk := range toks {
		words[i] = string(fold[tk.fstart:tk.fend])
	}
	return strings.Join(words, " ")
}

// knownTerms are the folded spellings that plain strong rules giving a tag and all of also
// already have: an entity name among them adds nothing (and would count twice). Names guarded
// by anchors there still get an entity rule: entity names are the unambiguous spellings.
func (set *specSet) knownTerms(tag string, also []string) map[string]bool {
	known := map[string]bool{}
	for _, t := range set.tags {
		for _, r := range t.rules {
			if r.disabled || r.anchorOnly || r.weak || len(r.anchors) > 0 || len(r.negative) > 0 {
				continue
			}
			gives := func(name string) bool { return t.name == name || contains(r.also, name) }
			if !gives(tag) || !allOf(also, gives) {
				continue
			}
			for _, term := range r.terms {
				vs, err := expandTerm(term)
				if err != nil {
					continue
				}
				for _, v := range vs {
					known[foldKey(v)] = true
				}
			}
		}
	}
	return known
}

// addEntityRules adds the rules of the entity table to the set.
func (set *specSet) addEntityRules(t *entityTable) {
	known := map[string]map[string]bool{}
	for i := range t.ents {
		e := &t.ents[i]
		for _, er := range entityRuleFor(e) {
			tag := set.tags[er.tag]
			if tag == nil {
				continue
			}
			key := er.id
			if known[key] == nil {
				known[key] = set.knownTerms(er.tag, er.also)
			}
			for _, n := range e.Names {
				if !termSafe(n) || known[key][foldKey(n)] {
					continue
				}
				id, weak, cs := er.id, er.weak, nameCaseSensitive(n)
				if isPlainWord(n) {
					weak = true
				}
				if weak && !strings.HasSuffix(id, "-faibles") {
					id += "-faibles"
				}
				if cs {
					id += "-casse"
				}
				fields := []string{"title"}
				if er.summary {
					fields = append(fields, "summary")
				}
				r := tag.rules[id]
				if r == nil {
					r = &ruleSpec{id: id, tag: er.tag, also: er.also, weak: weak, caseSensitive: cs,
						fields: fields, origin: "entities.toml"}
					tag.rules[id] = r
				}
				r.terms = append(r.terms, n)
			}
		}
	}
}

func allOf(list []string, f func(string) bool) bool {
	for _, v := range list {
		if !f(v) {
			return false
		}
	}
	return true
}
