package tagging

import (
	"bufio"
	_ "embed"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"veille/feeds"
)

// The statistical layer of the default tags: one logistic-regression model per tag of
// ModelTags, over the features of the headline and standfirst (features.go), trained at build
// time on testdata/labelled.txt by `go generate` (internal/gen) and embedded as model.txt, a
// readable list of weights. TestModelFresh checks that model.txt is what the generator makes of
// the current data, so it never goes stale. Its vote is evidence beside the rules': a tag the
// rules did not give is given when the model's probability reaches the tag's threshold, and
// the evidence names the words that weighed most.

//go:generate go run ./internal/gen

//go:embed model.txt
var modelTXT string

// ModelTags are the tags the statistical layer votes on.
var ModelTags = []string{"ia", "open-source", "proprietaire", "regulation"}

// RuleModel is the evidence rule name of a vote of the statistical layer; FieldModel its field.
const (
	RuleModel  = "modele"
	FieldModel = "model"
)

// builtinModel is model.txt compiled.
type builtinModel struct {
	tags      []string
	bias      []float64
	threshold []float64        // the vote alone gives the tag
	lean      []float64        // the vote completes a tag the rules found a sign of
	rows      map[uint64]int32 // feature → row in weights
	weights   [][]float32      // per row, one weight per tag
	names     map[uint64]string
}

// leanOK reports whether a vote between lean and threshold gives the tag: when the rules found
// a sign of it that counts (a strong term, or weak terms together), however far below the
// threshold. A strong sign told only in the standfirst (« ses modèles Nova », « restera open
// source ») is one point by design, a passing mention as often as the subject; the vote,
// which reads the whole headline, tells them apart. A one-point lean never reached them.
func leanOK(score int) bool { return score > 0 }

// parseModel reads model.txt: "tag NAME bias B threshold T lean L" lines, then
// "NAME<TAB>feature<TAB>weight".
func parseModel(doc string) (*builtinModel, error) {
	m := &builtinModel{rows: map[uint64]int32{}, names: map[uint64]string{}}
	index := map[string]int{}
	sc := bufio.NewScanner(strings.NewReader(doc))
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "tag ") {
			f := strings.Fields(line)
			if len(f) != 8 || f[2] != "bias" || f[4] != "threshold" || f[6] != "lean" {
				return nil, fmt.Errorf("model.txt:%d: malformed tag line", n)
			}
			b, err1 := strconv.ParseFloat(f[3], 64)
			t, err2 := strconv.ParseFloat(f[5], 64)
			l, err3 := strconv.ParseFloat(f[7], 64)
			if err1 != nil || err2 != nil || err3 != nil {
				return nil, fmt.Errorf("model.txt:%d: malformed number", n)
			}
			m.lean = append(m.lean, l)
			index[f[1]] = len(m.tags)
			m.tags = append(m.tags, f[1])
			m.bias = append(m.bias, b)
			m.threshold = append(m.threshold, t)
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			return nil, fmt.Errorf("model.txt:%d: want tag, feature and weight separated by tabs", n)
		}
		ti, ok := index[f[0]]
		if !ok {
			return nil, fmt.Errorf("model.txt:%d: unknown tag %q", n, f[0])
		}
		w, err := strconv.ParseFloat(f[2], 64)
		if err != nil {
			return nil, fmt.Errorf("model.txt:%d: %v", n, err)
		}
		h := featureHash(f[1])
		row, ok := m.rows[h]
		if !ok {
			row = int32(len(m.weights))
			m.rows[h] = row
			m.weights = append(m.weights, nil)
			m.names[h] = f[1]
		}
		if m.weights[row] == nil {
			m.weights[row] = make([]float32, 0, 4)
		}
		for len(m.weights[row]) < len(m.tags) {
			m.weights[row] = append(m.weights[row], 0)
		}
		m.weights[row][ti] = float32(w)
	}
	for i := range m.weights {
		for len(m.weights[i]) < len(m.tags) {
			m.weights[i] = append(m.weights[i], 0)
		}
	}
	return m, sc.Err()
}

// featureName is how a feature is written in model.txt: a word, two words, "=Entity",
// "@kind" or "@side", and "^=Entity", "^@kind", "^@side" for an entity found in the title.
func featureName(names map[uint64]string, h uint64) string {
	n := names[h]
	if strings.HasPrefix(n, "@") || strings.HasPrefix(n, "^") {
		return n
	}
	if _, ok := entityFeatureNames[h]; ok {
		return "=" + n
	}
	return n
}

// entityFeatureNames are the hashes of every entity's @ent feature.
var entityFeatureNames map[uint64]bool

// featureHash is the inverse of featureName.
func featureHash(name string) uint64 {
	switch {
	case strings.HasPrefix(name, "^"):
		return titleHash(featureHash(name[1:]))
	case strings.HasPrefix(name, "="):
		return hashString("@ent:" + strings.ToLower(name[1:]))
	case strings.HasPrefix(name, "@"):
		v := name[1:]
		if contains(entitySides, v) {
			return hashString("@side:" + v)
		}
		return hashString("@kind:" + v)
	}
	if a, b, ok := strings.Cut(name, " "); ok {
		return pairHash(hashString(a), hashString(b))
	}
	return hashString(name)
}

// displayName is a feature as evidence shows it.
func displayName(name string) string {
	return strings.TrimPrefix(strings.TrimPrefix(name, "^"), "=")
}

// vote adds the statistical layer's votes to s.given for the tags the rules did not give, and
// records them in s.voted: alone from the tag's threshold, or from its lean when the rules
// already found a sign of the tag (leanOK).
func (m *builtinModel) vote(r *Rules, s *scratch) {
	if len(s.feats) == 0 {
		return
	}
	var logit [8]float64
	nt := min(len(m.tags), len(logit))
	copy(logit[:nt], m.bias)
	for _, f := range s.feats {
		if row, ok := m.rows[f]; ok {
			w := m.weights[row]
			for k := 0; k < nt; k++ {
				logit[k] += float64(w[k])
			}
		}
	}
	for k := 0; k < nt; k++ {
		ti, ok := r.tagIndex[m.tags[k]]
		if !ok || s.given[ti] {
			continue
		}
		p := sigmoid(logit[k])
		if p >= m.threshold[k] || (p >= m.lean[k] && leanOK(s.score[ti])) {
			s.given[ti] = true
			s.voted[ti] = p
		}
	}
}

// evidence names the top-weighted words of the vote for tag k.
func (m *builtinModel) evidence(s *scratch, tag string, p float64) feeds.Evidence {
	k := -1
	for i, t := range m.tags {
		if t == tag {
			k = i
		}
	}
	type fw struct {
		name string
		w    float32
	}
	var list []fw
	seen := map[uint64]bool{}
	for _, f := range s.feats {
		row, ok := m.rows[f]
		if !ok || seen[f] || k < 0 {
			continue
		}
		seen[f] = true
		name := m.names[f]
		if w := m.weights[row][k]; w > 0 && !strings.HasPrefix(name, "@") && !strings.HasPrefix(name, "^@") {
			list = append(list, fw{displayName(name), w})
		}
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].w != list[j].w {
			return list[i].w > list[j].w
		}
		return list[i].name < list[j].name
	})
	// "OpenAI" the word, the entity and the entity in the title are one word to a reader.
	var words []string
	shown := map[string]bool{}
	for i := 0; i < len(list) && len(words) < 3; i++ {
		key := foldKey(list[i].name)
		if !shown[key] {
			shown[key] = true
			words = append(words, list[i].name)
		}
	}
	return feeds.Evidence{Rule: RuleModel, Match: strings.Join(words, ", "), Field: FieldModel,
		Score: math.Round(p*100) / 100}
}
