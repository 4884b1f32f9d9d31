package storage

import (
	"context"
	"reflect"
	"testing"

	"veille/feeds"
)

// TestRetagSQL: the two statements retagging is built on. ArticlesForTagging pages by ID with
// every tag row; ReplaceAutoTags rewrites only the rules' rows.
func TestRetagSQL(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	f := addTestFeeds(t, s, 1)[0]
	var arts []feeds.Article
	for _, k := range []string{"a", "b", "c"} {
		arts = append(arts, feeds.Article{Key: k, Title: "titre " + k, Summary: "chapô " + k, Text: "texte " + k,
			Categories: []string{"IA", "Cloud"}, Tags: []feeds.ArticleTag{autoTag("ia", k), autoTag("cloud", k)}})
	}
	ids := saveArticles(t, s, f, arts...)
	a, b, c := ids["a"], ids["b"], ids["c"]
	// On b: ia by hand, cloud removed by the user.
	if err := s.EditTags(ctx, b, []string{"ia"}, []string{"cloud"}); err != nil {
		t.Fatal(err)
	}

	got, err := s.ArticlesForTagging(ctx, a, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != b {
		t.Fatalf("after %d, limit 1: got %+v, want article %d", a, got, b)
	}
	g := got[0]
	if g.FeedID != f.ID || g.Title != "titre b" || g.Summary != "chapô b" || g.Text != "texte b" ||
		!reflect.DeepEqual(g.Categories, []string{"IA", "Cloud"}) {
		t.Errorf("article read as %+v", g)
	}
	wantTags := map[string]feeds.ArticleTag{
		"ia":    {Name: "ia", Manual: true, Evidence: autoTag("ia", "b").Evidence},
		"cloud": {Name: "cloud", Removed: true, Evidence: autoTag("cloud", "b").Evidence},
	}
	if len(g.Tags) != len(wantTags) {
		t.Fatalf("tags %+v, want %+v", g.Tags, wantTags)
	}
	for _, tg := range g.Tags {
		if !reflect.DeepEqual(tg, wantTags[tg.Name]) {
			t.Errorf("tag %+v, want %+v", tg, wantTags[tg.Name])
		}
	}
	if all, err := s.ArticlesForTagging(ctx, 0, 10); err != nil || len(all) != 3 || all[0].ID != a || all[2].ID != c {
		t.Fatalf("all: %+v, %v", all, err)
	}
	if none, err := s.ArticlesForTagging(ctx, c, 10); err != nil || len(none) != 0 {
		t.Fatalf("after the last: %+v, %v", none, err)
	}

	// a: ia goes, securite (new tag) comes; b: the rules say ia and cloud, both the user's;
	// c: nothing at all.
	newEv := []feeds.Evidence{{Rule: "securite", Match: "faille", Field: "text"}}
	err = s.ReplaceAutoTags(ctx, []feeds.Article{
		{ID: a, Tags: []feeds.ArticleTag{autoTag("cloud", "a"), {Name: "Sécurité", Evidence: newEv}}},
		{ID: b, Tags: []feeds.ArticleTag{autoTag("ia", "new"), autoTag("cloud", "new")}},
		{ID: c},
	})
	if err != nil {
		t.Fatal(err)
	}
	tagsOf := func(id int64) map[string]feeds.ArticleTag {
		art, err := s.Article(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]feeds.ArticleTag{}
		for _, tg := range art.Tags {
			m[tg.Name] = tg
		}
		return m
	}
	if got, want := tagsOf(a), map[string]feeds.ArticleTag{
		"cloud":    autoTag("cloud", "a"),
		"securite": {Name: "securite", Evidence: newEv},
	}; !reflect.DeepEqual(got, want) {
		t.Errorf("a: %+v, want %+v", got, want)
	}
	if got := tagsOf(b); !reflect.DeepEqual(got, wantTags) {
		t.Errorf("b: %+v, want the user's rows untouched %+v", got, wantTags)
	}
	if got := tagsOf(c); len(got) != 0 {
		t.Errorf("c: %+v, want none", got)
	}
	if list, err := s.ListArticles(ctx, feeds.Query{WithTags: []string{"securite"}}, feeds.Page{}); err != nil || len(list) != 1 || list[0].ID != a {
		t.Errorf("+securite lists %+v, %v", list, err)
	}
}
