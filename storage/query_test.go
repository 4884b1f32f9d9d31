package storage

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"veille/feeds"
)

// queryFixture is a small French cache where every Query field has something to find.
// Newest first: a1 n1 m1 n2 m2 n3 a2.
func queryFixture(t *testing.T) (*Store, time.Time) {
	t.Helper()
	ctx := context.Background()
	s := openTest(t)
	if _, err := s.AddFeeds(ctx, []feeds.Feed{
		{URL: "https://www.numerama.com/feed/", Title: "Numerama"},
		{URL: "https://www.lemondeinformatique.fr/flux-rss/", Title: "Le Monde Informatique"},
		{URL: "https://www.actuia.com/feed/", Title: "ActuIA"},
	}, time.Now()); err != nil {
		t.Fatal(err)
	}
	fs, _ := s.Feeds(ctx)
	byTitle := map[string]feeds.Feed{}
	for _, f := range fs {
		byTitle[f.Title] = f
	}
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	day := func(n int) time.Time { return now.Add(-time.Duration(n) * 24 * time.Hour) }
	tags := func(names ...string) []feeds.ArticleTag {
		var out []feeds.ArticleTag
		for _, n := range names {
			out = append(out, autoTag(n, n))
		}
		return out
	}
	type item struct {
		feed string
		a    feeds.Article
	}
	items := []item{
		{"Numerama", feeds.Article{Key: "n1", Title: "Mistral AI publie des modèles à poids ouverts",
			Text: "Les données d'entraînement restent secrètes.", Published: day(1), Tags: tags("ia", "open-source")}},
		{"Numerama", feeds.Article{Key: "n2", Title: "La CNIL sanctionne un géant du cloud",
			Text: "Une amende pour manquement au RGPD sur les données personnelles.", Published: day(3), Tags: tags("regulation")}},
		{"Numerama", feeds.Article{Key: "n3", Title: "Test du nouveau smartphone",
			Text: "Une batterie solide, un écran lumineux.", Published: day(10)}},
		{"Le Monde Informatique", feeds.Article{Key: "m1", Title: "OpenAI dévoile GPT-5",
			Text:      "Le modèle fermé impressionne. Poids non publiés, ouverts aux partenaires seulement.",
			Published: day(2), Tags: tags("ia", "proprietaire")}},
		{"Le Monde Informatique", feeds.Article{Key: "m2", Title: "Cybersécurité : une faille critique",
			Text: "Les chercheurs alertent sur une cyberattaque massive.", Published: day(5), Tags: tags("cybersecurite")}},
		{"ActuIA", feeds.Article{Key: "a1", Title: "Llama 4 : Meta mise sur l'open source",
			Text: "Le modèle Llama reste téléchargeable, poids ouverts compris.", Published: day(0),
			Tags: tags("ia", "open-source", "proprietaire")}},
		{"ActuIA", feeds.Article{Key: "a2", Title: "Bitcoin et IA : la bulle ?",
			Text:      "Les cryptomonnaies et l'intelligence artificielle attirent les investisseurs.",
			Published: day(40), Tags: tags("ia")}},
	}
	for _, it := range items {
		if _, err := s.SaveRefresh(ctx, feeds.FeedUpdate{Feed: byTitle[it.feed], Articles: []feeds.Article{it.a}}, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	ids := map[string]int64{}
	all, _ := s.ListArticles(ctx, feeds.Query{}, feeds.Page{})
	for _, a := range all {
		ids[a.Key] = a.ID
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.SetRead(ctx, []int64{ids["n2"], ids["n3"], ids["a2"]}, true))
	must(s.SetStarred(ctx, []int64{ids["m1"], ids["n3"]}, true))
	must(s.EditTags(ctx, ids["a1"], nil, []string{"proprietaire"}))
	return s, now
}

func TestQuery(t *testing.T) {
	s, now := queryFixture(t)
	ctx := context.Background()
	day := func(n float64) time.Time { return now.Add(-time.Duration(n * float64(24*time.Hour))) }
	yes, no := true, false
	all := []string{"a1", "n1", "m1", "n2", "m2", "n3", "a2"}
	cases := []struct {
		name string
		q    feeds.Query
		want []string
	}{
		{"zero", feeds.Query{}, all},
		{"+ia", feeds.Query{WithTags: []string{"ia"}}, []string{"a1", "n1", "m1", "a2"}},
		{"+IA folded", feeds.Query{WithTags: []string{"IA"}}, []string{"a1", "n1", "m1", "a2"}},
		{"+ia +open-source", feeds.Query{WithTags: []string{"ia", "open-source"}}, []string{"a1", "n1"}},
		{"-ia", feeds.Query{WithoutTags: []string{"ia"}}, []string{"n2", "m2", "n3"}},
		{"+propriétaire, removed by the user on a1", feeds.Query{WithTags: []string{"propriétaire"}}, []string{"m1"}},
		{"-proprietaire", feeds.Query{WithoutTags: []string{"proprietaire"}}, []string{"a1", "n1", "n2", "m2", "n3", "a2"}},
		{"+ia -open-source", feeds.Query{WithTags: []string{"ia"}, WithoutTags: []string{"open-source"}}, []string{"m1", "a2"}},
		{"+unknown", feeds.Query{WithTags: []string{"inconnu"}}, nil},
		{"-unknown", feeds.Query{WithoutTags: []string{"inconnu"}}, all},
		{"+unread", feeds.Query{Read: &no}, []string{"a1", "n1", "m1", "m2"}},
		{"+read", feeds.Query{Read: &yes}, []string{"n2", "n3", "a2"}},
		{"+starred", feeds.Query{Starred: &yes}, []string{"m1", "n3"}},
		{"-starred", feeds.Query{Starred: &no}, []string{"a1", "n1", "n2", "m2", "a2"}},
		{"+ia +unread", feeds.Query{WithTags: []string{"ia"}, Read: &no}, []string{"a1", "n1", "m1"}},
		{"+ia +starred", feeds.Query{WithTags: []string{"ia"}, Starred: &yes}, []string{"m1"}},
		{"=numerama", feeds.Query{Sources: []string{"numerama"}}, []string{"n1", "n2", "n3"}},
		{"=Monde, in the title", feeds.Query{Sources: []string{"Monde"}}, []string{"m1", "m2"}},
		{"=lemondeinformatique, in the host", feeds.Query{Sources: []string{"lemondeinformatique"}}, []string{"m1", "m2"}},
		{"=le =monde", feeds.Query{Sources: []string{"le", "monde"}}, []string{"m1", "m2"}},
		{"=numerama =monde", feeds.Query{Sources: []string{"numerama", "monde"}}, nil},
		{"=100% is not a wildcard", feeds.Query{Sources: []string{"%"}}, nil},
		{"=actuia +unread", feeds.Query{Sources: []string{"actuia"}, Read: &no}, []string{"a1"}},
		{"=actuia +ia", feeds.Query{Sources: []string{"actuia"}, WithTags: []string{"ia"}}, []string{"a1", "a2"}},
		{"since", feeds.Query{Since: day(4.5)}, []string{"a1", "n1", "m1", "n2"}},
		{"since until", feeds.Query{Since: day(20), Until: day(4)}, []string{"m2", "n3"}},
		{"until is exclusive", feeds.Query{Until: day(3)}, []string{"m2", "n3", "a2"}},
		{"+ia since", feeds.Query{WithTags: []string{"ia"}, Since: day(1.5)}, []string{"a1", "n1"}},
		{"donnees without accent", feeds.Query{Words: []string{"donnees"}}, []string{"n1", "n2"}},
		{"DONNÉES", feeds.Query{Words: []string{"DONNÉES"}}, []string{"n1", "n2"}},
		{"phrase", feeds.Query{Words: []string{"poids ouverts"}}, []string{"a1", "n1"}},
		{"two words", feeds.Query{Words: []string{"modele", "poids"}}, []string{"a1", "m1"}},
		{"prefix", feeds.Query{Words: []string{"cyber*"}}, []string{"m2"}},
		{"prefix with accents", feeds.Query{Words: []string{"mod*"}}, []string{"a1", "n1", "m1"}},
		{"not a word", feeds.Query{NotWords: []string{"bitcoin"}}, []string{"a1", "n1", "m1", "n2", "m2", "n3"}},
		{"not two words", feeds.Query{NotWords: []string{"bitcoin", "donnees"}}, []string{"a1", "m1", "m2", "n3"}},
		{"not a prefix", feeds.Query{NotWords: []string{"cyber*"}}, []string{"a1", "n1", "m1", "n2", "n3", "a2"}},
		{"word and not", feeds.Query{Words: []string{"modele"}, NotWords: []string{"llama"}}, []string{"m1"}},
		{"word in title or text", feeds.Query{Words: []string{"cnil"}}, []string{"n2"}},
		{"+ia and a word", feeds.Query{WithTags: []string{"ia"}, Words: []string{"modele"}}, []string{"a1", "m1"}},
		{"everything", feeds.Query{WithTags: []string{"ia"}, Read: &no, Sources: []string{"numerama"},
			Words: []string{"poids ouverts"}, Since: day(7)}, []string{"n1"}},
		// User text is never FTS5 syntax.
		{"NEAR is a word", feeds.Query{Words: []string{"NEAR(poids ouverts)"}}, nil},
		{"column filter", feeds.Query{Words: []string{"title:cnil"}}, nil},
		{"quotes", feeds.Query{Words: []string{`"poids`, `ouverts"`}}, []string{"a1", "n1", "m1"}},
		{"AND alone", feeds.Query{Words: []string{"AND"}}, nil},
		{"punctuation only", feeds.Query{Words: []string{"*", "-", `"`}, NotWords: []string{"^"}}, all},
		{"minus and caret", feeds.Query{Words: []string{"-poids", "^ouverts"}}, []string{"a1", "n1", "m1"}},
	}
	modes := []struct {
		name        string
		limit, walk int
	}{{"computed plan", 0, 0}, {"full text probed", -1, 0}, {"full text driving", 1000, 0},
		{"full text as a set", 1000, -1}}
	for _, mode := range modes {
		s.driveLimit, s.walkAbove = mode.limit, mode.walk
		for _, c := range cases {
			t.Run(mode.name+"/"+c.name, func(t *testing.T) {
				list, err := s.ListArticles(ctx, c.q, feeds.Page{})
				if err != nil {
					t.Fatal(err)
				}
				if got := keys(list); !slices.Equal(got, c.want) {
					t.Fatalf("got %v, want %v", got, c.want)
				}
				total, unread, err := s.CountArticles(ctx, c.q)
				if err != nil {
					t.Fatal(err)
				}
				wantUnread := 0
				for _, a := range list {
					if !a.Read {
						wantUnread++
					}
				}
				if total != len(c.want) || unread != wantUnread {
					t.Errorf("counts = %d, %d; want %d, %d", total, unread, len(c.want), wantUnread)
				}
				// Pages of two, each after the last row of the one before, give the same rows.
				if got := keys(pages(t, s, c.q, 2)); !slices.Equal(got, c.want) {
					t.Errorf("by pages of 2: %v, want %v", got, c.want)
				}
			})
		}
	}
	s.driveLimit, s.walkAbove = 0, 0
}

func keys(as []feeds.Article) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Key)
	}
	return out
}

// pages reads all of q by pages of size n.
func pages(t *testing.T, s *Store, q feeds.Query, n int) []feeds.Article {
	t.Helper()
	var out []feeds.Article
	var after *feeds.ArticleCursor
	for range 1000 {
		page, err := s.ListArticles(context.Background(), q, feeds.Page{Limit: n, After: after})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, page...)
		if len(page) < n {
			return out
		}
		last := page[len(page)-1]
		after = &feeds.ArticleCursor{Published: last.Published, ID: last.ID}
	}
	t.Fatal("pagination does not end")
	return nil
}

func TestListColumns(t *testing.T) {
	s, _ := queryFixture(t)
	ctx := context.Background()
	list, err := s.ListArticles(ctx, feeds.Query{Sources: []string{"actuia"}}, feeds.Page{Limit: 1})
	if err != nil || len(list) != 1 {
		t.Fatalf("%v, %v", list, err)
	}
	a := list[0]
	if a.FeedTitle != "ActuIA" || a.Title == "" || a.Content != "" || a.Text != "" || a.Published.IsZero() {
		t.Errorf("list row = %+v", a)
	}
	// Tags in lists: names and manual flag, never the removed ones, no evidence.
	if fmt.Sprint(a.Tags) != fmt.Sprint([]feeds.ArticleTag{{Name: "ia"}, {Name: "open-source"}}) {
		t.Errorf("tags = %+v", a.Tags)
	}
	full, err := s.Article(ctx, a.ID)
	if err != nil || full.Text == "" || full.FeedTitle != "ActuIA" || len(full.Tags) != 3 || len(full.Tags[0].Evidence) != 1 {
		t.Errorf("Article = %+v, %v", full, err)
	}
	if _, err := s.Article(ctx, 424242); !errors.Is(err, feeds.ErrNotFound) {
		t.Errorf("Article of a missing ID = %v, want ErrNotFound", err)
	}
}

// TestKeysetEqualTimes pages through articles that share one publication time, under every
// plan: the ID breaks the tie, so no row is skipped or repeated.
func TestKeysetEqualTimes(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	fs := addTestFeeds(t, s, 2)
	when := time.Date(2026, 11, 26, 7, 0, 0, 0, time.UTC)
	for fi, f := range fs {
		var arts []feeds.Article
		for i := range 13 {
			arts = append(arts, feeds.Article{Key: fmt.Sprint(fi, "-", i), Title: "Même heure", Text: "données",
				Published: when, Tags: []feeds.ArticleTag{autoTag("ia", "x")}})
		}
		// And one just before and one just after.
		arts = append(arts,
			feeds.Article{Key: fmt.Sprint(fi, "-before"), Text: "données", Published: when.Add(-time.Millisecond), Tags: []feeds.ArticleTag{autoTag("ia", "x")}},
			feeds.Article{Key: fmt.Sprint(fi, "-after"), Text: "données", Published: when.Add(time.Millisecond), Tags: []feeds.ArticleTag{autoTag("ia", "x")}})
		if _, err := s.SaveRefresh(ctx, feeds.FeedUpdate{Feed: f, Articles: arts}, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	no := false
	for _, limit := range []int{0, -1} {
		s.driveLimit = limit
		for _, q := range []feeds.Query{{}, {WithTags: []string{"ia"}}, {Words: []string{"donnees"}}, {Read: &no}} {
			for _, size := range []int{1, 4, 7} {
				got := pages(t, s, q, size)
				if len(got) != 30 {
					t.Fatalf("%+v by %d: %d rows", q, size, len(got))
				}
				// Walked backwards, from the last page up by pages above, the same rows.
				var up []feeds.Article
				pg := feeds.Page{Limit: size, Last: true}
				for {
					page, err := s.ListArticles(ctx, q, pg)
					if err != nil {
						t.Fatal(err)
					}
					up = append(append([]feeds.Article(nil), page...), up...)
					if len(page) < size {
						break
					}
					pg = feeds.Page{Limit: size, Before: &feeds.ArticleCursor{Published: page[0].Published, ID: page[0].ID}}
				}
				if len(up) != len(got) {
					t.Fatalf("%+v by %d backwards: %d rows for %d", q, size, len(up), len(got))
				}
				for i, a := range up {
					if a.ID != got[i].ID {
						t.Fatalf("%+v by %d backwards: row %d is %d, forwards %d", q, size, i, a.ID, got[i].ID)
					}
				}
				seen := map[int64]bool{}
				for i, a := range got {
					if seen[a.ID] {
						t.Fatalf("%+v by %d: %d twice", q, size, a.ID)
					}
					seen[a.ID] = true
					if i > 0 {
						p := got[i-1]
						if a.Published.After(p.Published) || (a.Published.Equal(p.Published) && a.ID > p.ID) {
							t.Fatalf("%+v by %d: out of order at %d", q, size, i)
						}
					}
				}
			}
		}
	}
	s.driveLimit = 0
}
