package tagging

import (
	"context"
	"slices"
	"strings"
	"time"

	"veille/feeds"
)

// Tags learned from the user's own tagging. A tag the user made (not one the rules give) that
// they have put by hand on at least LearnConfig.MinExamples articles gets a per-tag Linear
// model over the headline and standfirst: positives are the manual tags, negatives the
// articles the user removed it from and those they left without it. Articles the model itself
// tagged are left out of the training, so that it does not feed on its own votes. Learn trains
// every such tag, measures it by cross-validation, and brings the cache's learned rows to what
// the model says; a manual tag or a removal is never touched.

const (
	learnDocs  = 5000 // newest articles a model is trained on and applied to (plus every labelled one)
	learnFolds = 5
	// The untagged articles the model learns as negatives hold the very stories it must find,
	// so its probabilities are too low by an unknown amount. The threshold is instead set on
	// the positives: the score that learnRecallAim of the user's tags reach out of fold.
	learnRecallAim    = 0.65
	learnMinThreshold = 0.05
	learnMinWords     = 2 // topic words an article needs among its features
	learnTopWords     = 3
)

// learnTraining are the learned models' training options: strong decay, few passes, so that
// 20 examples give topic words (fusée, satellite, orbite) rather than their exact headlines.
var learnTraining = TrainOptions{Rate: 0.1, Epochs: 20, L2: 0.01}

// LearnResult is what Learn did to one tag.
type LearnResult struct {
	Model   feeds.LearnModel
	Dropped bool // below MinExamples or switched off: its learned rows were removed
}

// Learn retrains every learnable tag and applies it to the cache. ruleTags are the tags the
// rules give (never learned), asked for only when some tag may be learned. It returns one
// result per tag it trained or dropped.
func Learn(ctx context.Context, st feeds.LearnStore, cfg feeds.LearnConfig, ruleTags func() []string, now time.Time) ([]LearnResult, error) {
	minEx := cfg.MinExamples
	if minEx <= 0 {
		minEx = feeds.DefaultLearnMinExamples
	}
	counts, err := st.LearnCounts(ctx)
	if err != nil {
		return nil, err
	}
	models, err := st.LearnModels(ctx)
	if err != nil {
		return nil, err
	}
	hadModel := map[string]bool{}
	for _, m := range models {
		hadModel[m.Tag] = true
	}
	off := map[string]bool{}
	for _, t := range cfg.Off {
		off[feeds.FoldName(t)] = true
	}
	var out []LearnResult
	var rules []string
	for i, c := range counts {
		name := feeds.FoldName(c.Name)
		if i == 0 {
			rules = ruleTags() // only now: compiling the rules costs more than a refresh with nothing new
		}
		if slices.Contains(rules, name) {
			continue
		}
		if off[name] || c.Manual < minEx {
			if c.Learned > 0 || hadModel[name] {
				if err := st.DropLearned(ctx, name); err != nil {
					return out, err
				}
				out = append(out, LearnResult{Model: feeds.LearnModel{Tag: name, Positives: c.Manual, Removals: c.Removed}, Dropped: true})
			}
			continue
		}
		r, err := learnTag(ctx, st, name, now)
		if err != nil {
			return out, err
		}
		out = append(out, r)
	}
	return out, nil
}

func learnTag(ctx context.Context, st feeds.LearnStore, tag string, now time.Time) (LearnResult, error) {
	docs, err := st.LearnDocs(ctx, tag, learnDocs)
	if err != nil {
		return LearnResult{}, err
	}
	fz := NewFeaturizer(true)
	feats := make([][]uint64, len(docs))
	var x [][]uint64
	var y []bool
	row := make([]int, len(docs)) // index in x, or -1
	m := feeds.LearnModel{Tag: tag, TrainedAt: now.UnixMilli()}
	for i, d := range docs {
		feats[i] = fz.Features(nil, d.Title, d.Summary)
		row[i] = len(x)
		switch {
		case d.Manual:
			x, y = append(x, feats[i]), append(y, true)
			m.Positives++
		case d.Removed:
			x, y = append(x, feats[i]), append(y, false)
			m.Removals++
			m.Negatives++
		case d.Learned:
			row[i] = -1 // the model's own vote: neither a positive nor a negative
		default:
			x, y = append(x, feats[i]), append(y, false)
			m.Negatives++
		}
	}
	p := CrossValidate(x, y, learnFolds, learnTraining)
	th := positiveQuantile(p, y, learnRecallAim)
	m.Precision, m.Recall, _, _, _ = PrecisionRecall(p, y, th)
	model := TrainLinear(x, y, learnTraining)
	var hits []feeds.LearnedHit
	for i, d := range docs {
		if d.Manual || d.Removed {
			continue
		}
		// An untagged article is scored by the fold model that did not learn it as a
		// negative: the final model has learned every untagged story as "not the tag".
		prob := model.Prob(feats[i])
		if row[i] >= 0 {
			prob = p[row[i]]
		}
		if prob < th {
			continue
		}
		// A vote needs words of the topic: a short headline with none of the negatives'
		// words scores the bias alone.
		if words := topWords(model, fz, feats[i]); len(words) >= learnMinWords {
			hits = append(hits, feeds.LearnedHit{ID: d.ID, Score: float64(int(prob*100+0.5)) / 100, Words: words})
		}
	}
	m.Tagged = len(hits)
	if err := st.ApplyLearned(ctx, tag, hits, true); err != nil {
		return LearnResult{}, err
	}
	if err := st.SaveLearnModel(ctx, m); err != nil {
		return LearnResult{}, err
	}
	return LearnResult{Model: m}, nil
}

// topWords are the readable features that weighed most for an article: words, pairs of words
// and entity names (not an entity's kind or side).
func topWords(m *Linear, fz *Featurizer, x []uint64) []string {
	var words []string
	for _, f := range m.Top(x, 3*learnTopWords) {
		n := fz.Name(f)
		if n == "" || strings.HasPrefix(n, "@") || strings.HasPrefix(n, "^") {
			continue
		}
		if !slices.ContainsFunc(words, func(w string) bool { return strings.EqualFold(w, n) }) {
			words = append(words, n)
		}
		if len(words) == learnTopWords {
			break
		}
	}
	return words
}

// positiveQuantile is the out-of-fold score that a share aim of the positives reach (at least
// learnMinThreshold).
func positiveQuantile(p []float64, y []bool, aim float64) float64 {
	var pos []float64
	for i := range p {
		if y[i] {
			pos = append(pos, p[i])
		}
	}
	if len(pos) == 0 {
		return 1
	}
	slices.Sort(pos)
	k := int(float64(len(pos)) * (1 - aim))
	return max(pos[min(k, len(pos)-1)], learnMinThreshold)
}
