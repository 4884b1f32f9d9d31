package storage

import (
	"context"
	"fmt"
	"testing"
	"time"

	"veille/feeds"
	"veille/feeds/stories"
)

// storyArticle is an article of feed f for the story tests.
func storyArticle(key, title, summary string, pub time.Time, tags ...feeds.ArticleTag) feeds.Article {
	return feeds.Article{Key: key, GUID: key, URL: "https://x.example/" + key, Title: title, Summary: summary,
		Text: summary, Hash: "h-" + key, Published: pub, Tags: tags}
}

func saveStoryArticles(t *testing.T, s *Store, f feeds.Feed, arts ...feeds.Article) {
	t.Helper()
	if _, err := s.SaveRefresh(context.Background(), feeds.FeedUpdate{Feed: f, Articles: arts}, time.Now()); err != nil {
		t.Fatal(err)
	}
}

func runStoryPass(t *testing.T, s *Store, now time.Time) stories.Summary {
	t.Helper()
	sum, err := (&stories.Pass{Store: s, Now: now}).Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

func TestStoriesPassAndDerivedState(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	fs := addTestFeeds(t, s, 3)
	day := time.Date(2026, 3, 9, 9, 0, 0, 0, time.UTC)
	saveStoryArticles(t, s, fs[0],
		storyArticle("nyt1", "Le New York Times et OpenAI trouvent un accord sur le droit d’auteur",
			"Le journal met fin à son procès et autorise l’utilisation de ses archives contre une licence annuelle.", day,
			autoTag("ia", "OpenAI"), autoTag("proprietaire", "OpenAI")),
		storyArticle("ssd", "Le prix des SSD s’envole à cause de la pénurie de mémoire",
			"Les fabricants de mémoire flash réservent leur production aux centres de données.", day.Add(time.Hour)))
	saveStoryArticles(t, s, fs[1],
		storyArticle("nyt2", "Fin du procès entre le New York Times et OpenAI",
			"Le quotidien américain accepte un accord de licence après deux ans de bataille judiciaire sur l’entraînement de ChatGPT.",
			day.Add(2*time.Hour), autoTag("ia", "ChatGPT")))
	sum := runStoryPass(t, s, day.Add(3*time.Hour))
	if sum.Articles != 3 || sum.NewStories != 2 || sum.Joined != 1 {
		t.Fatalf("first pass = %+v, want 3 articles in 2 stories", sum)
	}
	if again := runStoryPass(t, s, day.Add(3*time.Hour)); again.Articles != 0 {
		t.Fatalf("second pass placed %d articles again", again.Articles)
	}

	list, next, err := s.ListStories(ctx, feeds.Query{}, 50, nil, nil)
	if err != nil || next != nil || len(list) != 2 {
		t.Fatalf("ListStories = %d stories, next %v, %v", len(list), next, err)
	}
	nyt := list[0]
	if len(nyt.Articles) != 2 || nyt.Sources != 2 || nyt.Unread != 2 || nyt.Read() {
		t.Fatalf("story = %+v, want the two NYT articles, 2 sources, unread", nyt)
	}
	if nyt.Stance != feeds.StanceProprietary {
		t.Errorf("stance = %q, want proprietary (from the proprietaire tag)", nyt.Stance)
	}
	if len(nyt.SharedTerms(10)) == 0 {
		t.Errorf("no shared terms: %+v", nyt.Centroid)
	}
	if nyt.Tags[0] != "ia" {
		t.Errorf("tags = %v, want ia first (both articles)", nyt.Tags)
	}

	// Marking the story read marks its articles; a new article joining makes it unread again.
	if err := s.SetRead(ctx, []int64{nyt.Articles[0].ID, nyt.Articles[1].ID}, true); err != nil {
		t.Fatal(err)
	}
	st, err := s.Story(ctx, nyt.ID)
	if err != nil || !st.Read() {
		t.Fatalf("story after marking read: %+v, %v", st, err)
	}
	saveStoryArticles(t, s, fs[2],
		storyArticle("nyt3", "Droit d’auteur : OpenAI paiera le New York Times pour ses articles",
			"L’accord met un terme à la plainte déposée fin 2023 et ouvre la voie à d’autres licences avec la presse.",
			day.Add(5*time.Hour)))
	if sum := runStoryPass(t, s, day.Add(3*time.Hour)); sum.Joined != 1 {
		t.Fatalf("third article: %+v, want it to join", sum)
	}
	st, err = s.Story(ctx, nyt.ID)
	if err != nil || st.Read() || st.Unread != 1 || st.Sources != 3 || st.Size != 3 {
		t.Fatalf("story after a new article: %+v, %v", st, err)
	}
	// The query language filters stories by their articles.
	q, err := feeds.ParseQuery("+proprietaire", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	only, _, err := s.ListStories(ctx, q, 50, nil, nil)
	if err != nil || len(only) != 1 || only[0].ID != nyt.ID {
		t.Fatalf("+proprietaire stories = %+v, %v", only, err)
	}
	// Paging: a second page skips what the first gave.
	first, cur, err := s.ListStories(ctx, feeds.Query{}, 1, nil, nil)
	if err != nil || len(first) != 1 || cur == nil {
		t.Fatalf("page 1 = %d, %v, %v", len(first), cur, err)
	}
	second, _, err := s.ListStories(ctx, feeds.Query{}, 1, cur, map[int64]bool{first[0].ID: true})
	if err != nil || len(second) != 1 || second[0].ID == first[0].ID {
		t.Fatalf("page 2 = %+v, %v", second, err)
	}

	// A rebuild from scratch finds the same stories: no merge, no split.
	rep, err := stories.Rebuild(ctx, s, stories.Default, true)
	if err != nil || rep.Articles != 4 || rep.Stories != 2 || len(rep.Merges) != 0 || len(rep.Splits) != 0 {
		t.Fatalf("dry run = %+v, %v", rep, err)
	}
	if _, err := stories.Rebuild(ctx, s, stories.Default, false); err != nil {
		t.Fatal(err)
	}
	after, _, err := s.ListStories(ctx, feeds.Query{}, 50, nil, nil)
	if err != nil || len(after) != 2 || len(after[0].Articles) != 3 || after[0].Unread != 1 {
		t.Fatalf("after rebuild: %+v, %v", after, err)
	}
	// User state is untouched by the rebuild.
	a, err := s.Article(ctx, nyt.Articles[0].ID)
	if err != nil || !a.Read {
		t.Fatalf("article read state after rebuild: %+v, %v", a.Read, err)
	}
}

// TestStoryPassWindow: the pass clusters only the articles of its window. A cache whose old
// articles have no story (the first refresh after the upgrade, or a million-article cache)
// costs the pass its recent articles only; the old ones are listed as stories of their own
// until `veille restory` clusters them.
func TestStoryPassWindow(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	fs := addTestFeeds(t, s, 2)
	now := time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)
	old := now.Add(-30 * 24 * time.Hour)
	// Two old articles of one story, and two recent ones of another.
	saveStoryArticles(t, s, fs[0],
		storyArticle("old1", "Le New York Times et OpenAI trouvent un accord sur le droit d’auteur",
			"Le journal met fin à son procès et autorise l’utilisation de ses archives contre une licence annuelle.", old),
		storyArticle("new1", "Le prix des SSD s’envole à cause de la pénurie de mémoire",
			"Les fabricants de mémoire flash réservent leur production aux centres de données.", now.Add(-2*time.Hour)))
	saveStoryArticles(t, s, fs[1],
		storyArticle("old2", "Fin du procès entre le New York Times et OpenAI",
			"Le quotidien américain accepte un accord de licence après deux ans de bataille judiciaire sur l’entraînement de ChatGPT.",
			old.Add(time.Hour)),
		storyArticle("new2", "Pénurie de mémoire : les SSD coûtent deux fois plus cher",
			"Les centres de données accaparent la production de mémoire flash des fabricants.", now.Add(-time.Hour)))
	sum := runStoryPass(t, s, now)
	if sum.Articles != 2 || sum.NewStories != 1 || sum.Joined != 1 {
		t.Fatalf("pass = %+v, want the 2 recent articles in one story", sum)
	}
	left, err := s.ArticlesWithoutStory(ctx, time.Time{}, 10)
	if err != nil || len(left) != 2 || left[0].Title[:6] != "Le New" || left[1].Title[:6] != "Fin du" {
		t.Fatalf("articles left without a story = %d, %v; want the 2 old ones", len(left), err)
	}
	if again := runStoryPass(t, s, now); again.Articles != 0 {
		t.Fatalf("second pass placed %d", again.Articles)
	}
	// The listing shows the old articles as stories of their own (negative IDs).
	list, _, err := s.ListStories(ctx, feeds.Query{}, 50, nil, nil)
	if err != nil || len(list) != 3 || len(list[0].Articles) != 2 || list[1].ID >= 0 || list[2].ID >= 0 {
		t.Fatalf("listing = %d stories, %v", len(list), err)
	}
	// restory clusters everything, the old articles too.
	rep, err := stories.Rebuild(ctx, s, stories.Default, false)
	if err != nil || rep.Articles != 4 || rep.Stories != 2 {
		t.Fatalf("rebuild = %+v, %v", rep, err)
	}
	if left, err := s.ArticlesWithoutStory(ctx, time.Time{}, 10); err != nil || len(left) != 0 {
		t.Fatalf("after rebuild, %d articles without a story, %v", len(left), err)
	}
}

func TestTagWeeks(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	f := addTestFeeds(t, s, 1)[0]
	loc := time.UTC
	now := time.Date(2026, 3, 18, 12, 0, 0, 0, loc) // a Wednesday
	var arts []feeds.Article
	for i := range 5 {
		// Two this week (from Monday 16th), three the week before.
		pub := now.AddDate(0, 0, -[]int{0, 1, 7, 8, 9}[i])
		arts = append(arts, storyArticle(fmt.Sprint("k", i), "Titre", "", pub, autoTag("ia", "IA")))
	}
	saveStoryArticles(t, s, f, arts...)
	got, err := s.TagWeeks(ctx, now.AddDate(0, 0, -13), now, loc)
	if err != nil {
		t.Fatal(err)
	}
	want := []feeds.TagWeek{
		{Tag: "ia", Week: time.Date(2026, 3, 9, 0, 0, 0, 0, loc), Count: 3},
		{Tag: "ia", Week: time.Date(2026, 3, 16, 0, 0, 0, 0, loc), Count: 2},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("TagWeeks = %v, want %v", got, want)
	}
}
