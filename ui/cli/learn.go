package cli

import (
	"context"
	"fmt"
	"slices"
	"text/tabwriter"
	"time"

	"veille/feeds"
	"veille/feeds/tagging"
	"veille/storage"
)

// learnConfig is the [learn] table of the configuration.
func (a *app) learnConfig() feeds.LearnConfig {
	return feeds.LearnConfig{MinExamples: a.cfg.Learn.MinExamples, Off: a.cfg.Learn.Off}
}

// relearn retrains the tags learned from the user's tagging and applies them to the cache:
// after a refresh and after a manual tag change. The rules' tags are never learned.
func (a *app) relearn(ctx context.Context, store *storage.Store) ([]tagging.LearnResult, error) {
	return tagging.Learn(ctx, store, a.learnConfig(), func() []string { return a.tagRules().Tags() }, time.Now())
}

// learn retrains the learned tags now and shows, per tag, its examples and its
// cross-validated precision and recall; tags of the user's still short of examples are listed
// with how many more they need.
func (a *app) learn(ctx context.Context) error {
	store, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	if _, err := a.relearn(ctx, store); err != nil {
		return err
	}
	models, err := store.LearnModels(ctx)
	if err != nil {
		return err
	}
	counts, err := store.LearnCounts(ctx)
	if err != nil {
		return err
	}
	cfg := a.learnConfig()
	minEx := cfg.MinExamples
	if minEx <= 0 {
		minEx = feeds.DefaultLearnMinExamples
	}
	learned := map[string]bool{}
	tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	if len(models) > 0 {
		fmt.Fprintln(tw, a.lang.T("learn.header"))
		for _, m := range models {
			learned[m.Tag] = true
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%.2f\t%.2f\t%d\t\n", m.Tag, m.Positives, m.Removals, m.Negatives, m.Precision, m.Recall, m.Tagged)
		}
	}
	rules := a.tagRules().Tags()
	off := map[string]bool{}
	for _, t := range cfg.Off {
		off[feeds.FoldName(t)] = true
	}
	var waiting []string
	for _, c := range counts {
		name := feeds.FoldName(c.Name)
		switch {
		case learned[name] || slices.Contains(rules, name):
		case off[name]:
			waiting = append(waiting, a.lang.T("learn.off", name))
		default:
			waiting = append(waiting, a.lang.T("learn.waiting", name, c.Manual, minEx-c.Manual))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(models) > 0 {
		// Untagged articles count as negatives, so a good guess the user has not tagged yet
		// counts against the model: its precision is a lower bound.
		fmt.Fprintln(a.stdout, a.lang.T("learn.note"))
	}
	for _, w := range waiting {
		fmt.Fprintln(a.stdout, w)
	}
	if len(models) == 0 && len(waiting) == 0 {
		fmt.Fprintln(a.stdout, a.lang.T("learn.none", minEx))
	}
	return nil
}

// jsonTag is one entry of `list --json`'s tag_details.
type jsonTag struct {
	Name   string   `json:"name"`
	Origin string   `json:"origin"` // auto, manual or learned
	Score  *float64 `json:"score,omitempty"`
}

// tagDetails are an article's tags with their origin and, for a statistical vote, its score.
func tagDetails(tags []feeds.ArticleTag) []jsonTag {
	out := []jsonTag{}
	for _, t := range tags {
		if t.Removed {
			continue
		}
		d := jsonTag{Name: t.Name, Origin: "auto"}
		switch {
		case t.Manual:
			d.Origin = "manual"
		case t.Learned:
			d.Origin = "learned"
		}
		for _, e := range t.Evidence {
			if e.Score > 0 && !t.Manual {
				s := e.Score
				d.Score = &s
			}
		}
		out = append(out, d)
	}
	return out
}

// learningStore is the reader's store: a manual tag change in the reader retrains the learned
// tags, as `veille tag` does.
type learningStore struct {
	*storage.Store
	a *app
}

func (s learningStore) EditTags(ctx context.Context, id int64, add, remove []string) error {
	if err := s.Store.EditTags(ctx, id, add, remove); err != nil {
		return err
	}
	_, err := s.a.relearn(ctx, s.Store)
	return err
}
