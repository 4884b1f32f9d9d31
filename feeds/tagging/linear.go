package tagging

import (
	"math"
	"sort"
)

// Linear is a binary logistic-regression model over hashed features: the statistical layer of
// the default tags (model.go) and the per-tag model of tags learned from the user's own
// tagging (feeds.Learn). Training is deterministic: the same examples give the same weights.
type Linear struct {
	Bias    float64
	Weights map[uint64]float64
}

// TrainOptions tune TrainLinear. The zero value means the defaults.
type TrainOptions struct {
	Epochs    int     // passes over the examples (default 40)
	Rate      float64 // AdaGrad learning rate (default 0.5)
	L2        float64 // weight decay per update (default 1e-3)
	PosWeight float64 // weight of a positive example; 0: balance the classes (capped at 25)
}

func (o TrainOptions) withDefaults(npos, nneg int) TrainOptions {
	if o.Epochs == 0 {
		o.Epochs = 40
	}
	if o.Rate == 0 {
		o.Rate = 0.5
	}
	if o.L2 == 0 {
		o.L2 = 1e-3
	}
	if o.PosWeight == 0 {
		o.PosWeight = 1
		if npos > 0 && nneg > npos {
			o.PosWeight = min(float64(nneg)/float64(npos), 25)
		}
	}
	return o
}

// TrainLinear fits a logistic model to examples x (feature hashes, repeats count) labelled y,
// by AdaGrad stochastic gradient descent in a fixed pseudo-random order.
func TrainLinear(x [][]uint64, y []bool, o TrainOptions) *Linear {
	npos := 0
	for _, v := range y {
		if v {
			npos++
		}
	}
	o = o.withDefaults(npos, len(y)-npos)
	// Features are numbered once, so that the passes work on slices rather than maps.
	index := map[uint64]int32{}
	var names []uint64
	dense := make([][]int32, len(x))
	for i, xs := range x {
		d := make([]int32, len(xs))
		for k, f := range xs {
			j, ok := index[f]
			if !ok {
				j = int32(len(names))
				index[f] = j
				names = append(names, f)
			}
			d[k] = j
		}
		dense[i] = d
	}
	w := make([]float64, len(names))
	acc := make([]float64, len(names)) // AdaGrad sums of squared gradients
	var bias, accBias float64
	order := make([]int, len(x))
	for i := range order {
		order[i] = i
	}
	seed := uint64(0x2545f4914f6cdd1d)
	for ep := 0; ep < o.Epochs; ep++ {
		// Fisher–Yates with a fixed xorshift generator: reproducible on every platform.
		for i := len(order) - 1; i > 0; i-- {
			seed ^= seed << 13
			seed ^= seed >> 7
			seed ^= seed << 17
			j := int(seed % uint64(i+1))
			order[i], order[j] = order[j], order[i]
		}
		for _, i := range order {
			z := bias
			for _, j := range dense[i] {
				z += w[j]
			}
			g := sigmoid(z) // gradient of the log loss with respect to the logit
			wt := 1.0
			if y[i] {
				g, wt = g-1, o.PosWeight
			}
			g *= wt
			accBias += g * g
			bias -= o.Rate * g / math.Sqrt(accBias+1e-8)
			for _, j := range dense[i] {
				gf := g + o.L2*w[j]
				acc[j] += gf * gf
				w[j] -= o.Rate * gf / math.Sqrt(acc[j]+1e-8)
			}
		}
	}
	m := &Linear{Bias: bias, Weights: make(map[uint64]float64, len(names))}
	for j, f := range names {
		if math.Abs(w[j]) >= 1e-3 {
			m.Weights[f] = w[j]
		}
	}
	return m
}

// Logit is the model's log-odds for an example.
func (m *Linear) Logit(x []uint64) float64 {
	s := m.Bias
	for _, f := range x {
		s += m.Weights[f]
	}
	return s
}

// Prob is the model's probability for an example.
func (m *Linear) Prob(x []uint64) float64 { return sigmoid(m.Logit(x)) }

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// Top returns up to n distinct features of x with the largest positive contributions, largest
// first: the evidence of a vote.
func (m *Linear) Top(x []uint64, n int) []uint64 {
	type fw struct {
		f uint64
		w float64
	}
	var list []fw
	seen := map[uint64]bool{}
	for _, f := range x {
		if w := m.Weights[f]; w > 0 && !seen[f] {
			seen[f] = true
			list = append(list, fw{f, w})
		}
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].w != list[j].w {
			return list[i].w > list[j].w
		}
		return list[i].f < list[j].f
	})
	out := make([]uint64, 0, min(n, len(list)))
	for i := 0; i < len(list) && i < n; i++ {
		out = append(out, list[i].f)
	}
	return out
}

// CrossValidate returns out-of-fold probabilities: example i is scored by a model trained on
// the k-1 folds that do not hold it (folds are i mod k).
func CrossValidate(x [][]uint64, y []bool, k int, o TrainOptions) []float64 {
	out := make([]float64, len(x))
	if k < 2 {
		k = 2
	}
	for fold := 0; fold < k; fold++ {
		var tx [][]uint64
		var ty []bool
		for i := range x {
			if i%k != fold {
				tx, ty = append(tx, x[i]), append(ty, y[i])
			}
		}
		m := TrainLinear(tx, ty, o)
		for i := range x {
			if i%k == fold {
				out[i] = m.Prob(x[i])
			}
		}
	}
	return out
}

// PrecisionRecall scores predictions p ≥ threshold against y.
func PrecisionRecall(p []float64, y []bool, threshold float64) (precision, recall float64, tp, fp, fn int) {
	for i := range p {
		switch got := p[i] >= threshold; {
		case got && y[i]:
			tp++
		case got:
			fp++
		case y[i]:
			fn++
		}
	}
	precision, recall = 1, 1
	if tp+fp > 0 {
		precision = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		recall = float64(tp) / float64(tp+fn)
	}
	return
}
