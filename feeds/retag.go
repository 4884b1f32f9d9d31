package feeds

import (
	"context"
	"runtime"
	"slices"
	"sort"
	"sync"
)

// RetagStore is what applying the tag rules to the whole cache needs from it.
type RetagStore interface {
	// Feeds lists the subscriptions: the tag rules read a feed's AIOnly prior.
	Feeds(ctx context.Context) ([]Feed, error)
	// ArticlesForTagging returns up to limit articles with an ID above after, by ID, with what
	// tagging reads (ID, FeedID, Title, Summary, Text, Categories) and every tag row of each in
	// Tags: manual ones, removed ones and automatic ones with their evidence.
	ArticlesForTagging(ctx context.Context, after int64, limit int) ([]Article, error)
	// ReplaceAutoTags replaces, in one transaction, the automatic tags of each article with
	// its Tags. Manual tags and the tags the user removed stay as they are.
	ReplaceAutoTags(ctx context.Context, arts []Article) error
}

// RetagReport is what applying the tag rules to the whole cache did, or would do.
type RetagReport struct {
	Articles int       // articles tagged
	Changed  int       // articles whose automatic tags changed
	Tags     []TagDiff // per tag, by name; only tags that changed
}

// TagDiff counts the articles a tag gains and loses, with a few of their titles.
type TagDiff struct {
	Tag                            string
	Added, Removed                 int
	AddedExamples, RemovedExamples []string
}

// retagExamples is how many titles a TagDiff keeps on each side.
const retagExamples = 3

// retagBatch is how many articles are read, tagged and (unless dry) written at a time: small
// enough to bound memory on a 100,000-article cache, large enough for cheap transactions. A
// variable so that tests cross batch boundaries on a few articles.
var retagBatch = 1000

// Retag runs tag over every article again and, unless dryRun, replaces the automatic tags that
// changed. Manual tags and the tags the user removed are never touched: a removed tag stays
// removed, whatever the rules say.
func Retag(ctx context.Context, store RetagStore, tag func(*Article, *Feed) []ArticleTag, dryRun bool) (RetagReport, error) {
	subs, err := store.Feeds(ctx)
	if err != nil {
		return RetagReport{}, err
	}
	byID := make(map[int64]*Feed, len(subs))
	for i := range subs {
		byID[subs[i].ID] = &subs[i]
	}
	diffs := map[string]*TagDiff{}
	var rep RetagReport
	for after := int64(0); ; {
		arts, err := store.ArticlesForTagging(ctx, after, retagBatch)
		if err != nil {
			return rep, err
		}
		if len(arts) == 0 {
			break
		}
		after = arts[len(arts)-1].ID
		batch := make([]retagItem, len(arts))
		for i := range arts {
			batch[i] = newRetagItem(arts[i])
		}
		tagInParallel(batch, byID, tag)
		var changed []Article
		for i := range batch {
			it := &batch[i]
			added, removed := it.diff()
			if len(added)+len(removed) == 0 && !it.evidenceChanged() {
				continue
			}
			changed = append(changed, Article{ID: it.article.ID, Tags: it.fresh})
			count := func(names []string, add bool) {
				for _, n := range names {
					d := diffs[n]
					if d == nil {
						d = &TagDiff{Tag: n}
						diffs[n] = d
					}
					ex := &d.RemovedExamples
					if add {
						d.Added++
						ex = &d.AddedExamples
					} else {
						d.Removed++
					}
					if len(*ex) < retagExamples {
						*ex = append(*ex, it.article.Title)
					}
				}
			}
			count(added, true)
			count(removed, false)
		}
		rep.Articles += len(batch)
		rep.Changed += len(changed)
		if !dryRun && len(changed) > 0 {
			if err := store.ReplaceAutoTags(ctx, changed); err != nil {
				return rep, err
			}
		}
	}
	for _, d := range diffs {
		rep.Tags = append(rep.Tags, *d)
	}
	sort.Slice(rep.Tags, func(i, j int) bool { return rep.Tags[i].Tag < rep.Tags[j].Tag })
	return rep, nil
}

// retagItem is one article as retag sees it: its text, its current tag rows, its new tags.
type retagItem struct {
	article Article               // Tags cleared: the rules must not see the old ones
	current map[string]ArticleTag // every tag row of the article, by folded name
	fresh   []ArticleTag
}

func newRetagItem(a Article) retagItem {
	it := retagItem{current: make(map[string]ArticleTag, len(a.Tags))}
	for _, t := range a.Tags {
		it.current[FoldName(t.Name)] = t
	}
	a.Tags = nil
	it.article = a
	return it
}

// diff lists the automatic tags the article gains and loses. A tag held by hand or removed by
// the user is neither: the rules do not decide it.
func (it *retagItem) diff() (added, removed []string) {
	want := map[string]bool{}
	for _, t := range it.fresh {
		name := FoldName(t.Name)
		if row, ok := it.current[name]; ok && (row.Manual || row.Removed || row.Learned) {
			continue
		}
		want[name] = true
		if _, ok := it.current[name]; !ok {
			added = append(added, name)
		}
	}
	for name, row := range it.current {
		if !row.Manual && !row.Removed && !row.Learned && !want[name] {
			removed = append(removed, name)
		}
	}
	slices.Sort(added)
	slices.Sort(removed)
	return added, removed
}

// evidenceChanged reports whether a tag kept by the rules now has other evidence, which is
// worth rewriting so that `show` explains the tag with the current rules.
func (it *retagItem) evidenceChanged() bool {
	for _, t := range it.fresh {
		if row, ok := it.current[FoldName(t.Name)]; ok && !row.Manual && !row.Removed && !row.Learned &&
			!slices.Equal(row.Evidence, t.Evidence) {
			return true
		}
	}
	return false
}

// tagInParallel tags a batch on every core: tagging is pure CPU work.
func tagInParallel(batch []retagItem, byID map[int64]*Feed, tag func(*Article, *Feed) []ArticleTag) {
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(batch); i += workers {
				it := &batch[i]
				it.fresh = tag(&it.article, byID[it.article.FeedID])
			}
		}()
	}
	wg.Wait()
}
