package feeds

import "context"

// Tags learned from the user's own tagging: the types the store and the learner share
// (tagging.Learn trains and applies the models; storage/learn.go keeps them).

// LearnCount is a tag with how many articles the user tagged with it by hand, removed it
// from, and the model gave it.
type LearnCount struct {
	Name                     string
	Manual, Removed, Learned int
}

// LearnDoc is an article as a learned tag's model reads it, and what the user said of the tag.
type LearnDoc struct {
	ID                       int64
	Title, Summary           string
	Manual, Removed, Learned bool
}

// LearnedHit is an article a learned model gives its tag, with its probability and top words.
type LearnedHit struct {
	ID    int64
	Score float64
	Words []string
}

// LearnModel is the state of one learned tag's model.
type LearnModel struct {
	Tag                            string
	Positives, Removals, Negatives int
	Precision, Recall              float64 // cross-validated
	Tagged                         int
	TrainedAt                      int64 // Unix ms
}

// LearnStore is what learning needs from the cache.
type LearnStore interface {
	LearnCounts(ctx context.Context) ([]LearnCount, error)
	LearnDocs(ctx context.Context, tag string, limit int) ([]LearnDoc, error)
	ApplyLearned(ctx context.Context, tag string, hits []LearnedHit, all bool) error
	DropLearned(ctx context.Context, tag string) error
	SaveLearnModel(ctx context.Context, m LearnModel) error
	LearnModels(ctx context.Context) ([]LearnModel, error)
}

// LearnConfig is the [learn] table of the configuration.
type LearnConfig struct {
	MinExamples int      // manual tags needed before a tag is learned (default 10)
	Off         []string // tags never learned
}

// DefaultLearnMinExamples is LearnConfig.MinExamples when unset.
const DefaultLearnMinExamples = 10
