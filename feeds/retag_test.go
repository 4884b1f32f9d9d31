package feeds

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"sync"
	"testing"
)

// retagMemory is a cache of a few articles for Retag, checking what Retag asks of it.
type retagMemory struct {
	mu       sync.Mutex
	feeds    []Feed
	arts     []Article // by ID
	limits   []int
	replaced [][]Article
	failRead error
}

func (m *retagMemory) Feeds(context.Context) ([]Feed, error) { return m.feeds, nil }

func (m *retagMemory) ArticlesForTagging(_ context.Context, after int64, limit int) ([]Article, error) {
	if m.failRead != nil {
		return nil, m.failRead
	}
	m.limits = append(m.limits, limit)
	var out []Article
	for _, a := range m.arts {
		if a.ID > after && len(out) < limit {
			a.Tags = slices.Clone(a.Tags)
			out = append(out, a)
		}
	}
	return out, nil
}

func (m *retagMemory) ReplaceAutoTags(_ context.Context, arts []Article) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.replaced = append(m.replaced, arts)
	return nil
}

func TestRetag(t *testing.T) {
	old := retagBatch
	retagBatch = 3 // several batches, one of them partial
	t.Cleanup(func() { retagBatch = old })

	e1 := []Evidence{{Rule: "ia", Match: "IA", Field: "title"}}
	e2 := []Evidence{{Rule: "ia", Match: "Mistral", Field: "title"}}
	auto := func(name string, ev []Evidence) ArticleTag { return ArticleTag{Name: name, Evidence: ev} }
	m := &retagMemory{
		feeds: []Feed{{ID: 1, Title: "Numerama"}, {ID: 2, Title: "ActuIA", AIOnly: true}},
		arts: []Article{
			{ID: 1, FeedID: 1, Title: "same", Tags: []ArticleTag{auto("ia", e1)}},
			{ID: 2, FeedID: 1, Title: "loses ia", Tags: []ArticleTag{auto("ia", e1)}},
			{ID: 3, FeedID: 1, Title: "manual ia", Tags: []ArticleTag{{Name: "ia", Manual: true}}},
			{ID: 4, FeedID: 1, Title: "removed ia", Tags: []ArticleTag{{Name: "ia", Removed: true}}},
			{ID: 5, FeedID: 1, Title: "gains securite"},
			{ID: 6, FeedID: 1, Title: "new evidence", Tags: []ArticleTag{auto("ia", e1)}},
			{ID: 7, FeedID: 2, Title: "cloud 1"},
			{ID: 8, FeedID: 2, Title: "cloud 2"},
			{ID: 9, FeedID: 2, Title: "cloud 3"},
			{ID: 10, FeedID: 2, Title: "cloud 4"},
		},
	}
	var seenFeeds sync.Map
	tag := func(a *Article, f *Feed) []ArticleTag {
		if len(a.Tags) != 0 {
			t.Errorf("article %d reaches the rules with its old tags %v", a.ID, a.Tags)
		}
		seenFeeds.Store(a.ID, f)
		switch a.Title {
		case "same", "manual ia":
			return []ArticleTag{auto("ia", e1)}
		case "removed ia":
			return []ArticleTag{auto("IA", e1)}
		case "gains securite":
			return []ArticleTag{auto("Sécurité", nil)}
		case "new evidence":
			return []ArticleTag{auto("ia", e2)}
		case "loses ia":
			return nil
		}
		return []ArticleTag{auto("cloud", nil)}
	}

	dry, err := Retag(context.Background(), m, tag, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.replaced) != 0 {
		t.Fatalf("a dry run wrote %v", m.replaced)
	}
	want := RetagReport{
		Articles: 10,
		Changed:  7, // 2, 5, 6, 7, 8, 9, 10
		Tags: []TagDiff{
			{Tag: "cloud", Added: 4, AddedExamples: []string{"cloud 1", "cloud 2", "cloud 3"}},
			{Tag: "ia", Removed: 1, RemovedExamples: []string{"loses ia"}},
			{Tag: "securite", Added: 1, AddedExamples: []string{"gains securite"}},
		},
	}
	if !reflect.DeepEqual(dry, want) {
		t.Fatalf("dry run report\n got %+v\nwant %+v", dry, want)
	}
	if !slices.Equal(m.limits, []int{3, 3, 3, 3, 3}) {
		t.Errorf("batches asked for %v", m.limits)
	}
	if f, _ := seenFeeds.Load(int64(7)); f == nil || !f.(*Feed).AIOnly {
		t.Errorf("article 7 was tagged with feed %v, want its own (AIOnly)", f)
	}

	got, err := Retag(context.Background(), m, tag, false)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("report\n got %+v\nwant %+v", got, want)
	}
	var ids []int64
	for _, batch := range m.replaced {
		for _, a := range batch {
			ids = append(ids, a.ID)
			if a.ID == 6 && !reflect.DeepEqual(a.Tags, []ArticleTag{auto("ia", e2)}) {
				t.Errorf("article 6 written with %v", a.Tags)
			}
			if a.ID == 2 && len(a.Tags) != 0 {
				t.Errorf("article 2 written with %v, want no automatic tag", a.Tags)
			}
		}
	}
	if !slices.Equal(ids, []int64{2, 5, 6, 7, 8, 9, 10}) || len(m.replaced) != 4 {
		t.Errorf("replaced %v in %d transactions, want 2 5 6 7 8 9 10 in 4", ids, len(m.replaced))
	}
}

func TestRetagReadError(t *testing.T) {
	boom := errors.New("boom")
	m := &retagMemory{failRead: boom}
	if _, err := Retag(context.Background(), m, func(*Article, *Feed) []ArticleTag { return nil }, false); !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
}
