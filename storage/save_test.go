package storage

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"veille/feeds"
)

// writeLog records, through temporary triggers on the single write connection, every row
// written to articles and article_tags, so that a test can assert that nothing was.
func writeLog(t *testing.T, s *Store) func() []string {
	t.Helper()
	_, err := rawDB(s.w).Exec(`
		CREATE TEMP TABLE IF NOT EXISTS write_log (what TEXT);
		CREATE TEMP TRIGGER IF NOT EXISTS log_ai AFTER INSERT ON main.articles BEGIN INSERT INTO write_log VALUES ('insert article ' || new.item_key); END;
		CREATE TEMP TRIGGER IF NOT EXISTS log_au AFTER UPDATE ON main.articles BEGIN INSERT INTO write_log VALUES ('update article ' || new.item_key); END;
		CREATE TEMP TRIGGER IF NOT EXISTS log_ti AFTER INSERT ON main.article_tags BEGIN INSERT INTO write_log VALUES ('insert tag ' || new.tag_id); END;
		CREATE TEMP TRIGGER IF NOT EXISTS log_tu AFTER UPDATE ON main.article_tags BEGIN INSERT INTO write_log VALUES ('update tag ' || new.tag_id); END;
		CREATE TEMP TRIGGER IF NOT EXISTS log_td AFTER DELETE ON main.article_tags BEGIN INSERT INTO write_log VALUES ('delete tag ' || old.tag_id); END;
		DELETE FROM write_log;`)
	if err != nil {
		t.Fatal(err)
	}
	return func() []string {
		rows, err := rawDB(s.w).Query(`SELECT what FROM write_log`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var w string
			rows.Scan(&w)
			out = append(out, w)
		}
		return out
	}
}

func autoTag(name, match string) feeds.ArticleTag {
	return feeds.ArticleTag{Name: name, Evidence: []feeds.Evidence{{Rule: name, Match: match, Field: "title"}}}
}

func TestSaveRefreshLifecycle(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	f := addTestFeeds(t, s, 1)[0]
	pub := time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)
	arts := []feeds.Article{
		{Key: "a", GUID: "a", URL: "https://x.example/a", Title: "Mistral publie un modèle à poids ouverts",
			Text: "Le modèle est sous licence Apache.", Hash: "h-a", Published: pub,
			Categories: []string{"IA", "Open source"},
			Tags:       []feeds.ArticleTag{autoTag("ia", "modèle"), autoTag("open-source", "poids ouverts")}},
		{Key: "b", Title: "La CNIL inflige une amende", Text: "Une amende record.", Hash: "h-b",
			Published: pub.Add(-time.Hour), Tags: []feeds.ArticleTag{autoTag("regulation", "CNIL")}},
	}
	u := feeds.FeedUpdate{Feed: f, Articles: arts}
	u.Feed.Title, u.Feed.SiteURL, u.Feed.ETag = "Source renommée", "https://x.example/", `"1"`

	res, err := s.SaveRefresh(ctx, u, time.Now())
	if err != nil || res != (feeds.SaveResult{New: 2}) {
		t.Fatalf("first save = %+v, %v", res, err)
	}
	got, _ := s.Feed(ctx, fmt.Sprint(f.ID))
	if got.Title != "Source renommée" || got.SiteURL != "https://x.example/" || got.ETag != `"1"` {
		t.Errorf("feed after save = %+v", got)
	}

	// The same items again: nothing written but the feed row.
	written := writeLog(t, s)
	res, err = s.SaveRefresh(ctx, u, time.Now())
	if err != nil || res != (feeds.SaveResult{}) {
		t.Fatalf("unchanged save = %+v, %v", res, err)
	}
	if w := written(); len(w) != 0 {
		t.Errorf("an unchanged save wrote %v", w)
	}

	// A 304 with an empty title keeps the title.
	u304 := feeds.FeedUpdate{Feed: f, NotModified: true, Articles: arts}
	u304.Feed.Title = ""
	if res, err := s.SaveRefresh(ctx, u304, time.Now()); err != nil || res != (feeds.SaveResult{}) {
		t.Fatalf("304 save = %+v, %v", res, err)
	}
	if got, _ := s.Feed(ctx, fmt.Sprint(f.ID)); got.Title != "Source renommée" {
		t.Errorf("title after a 304 = %q", got.Title)
	}

	// The user reads, stars and edits tags of article a.
	list, _ := s.ListArticles(ctx, feeds.Query{}, feeds.Page{})
	idA := list[0].ID
	if list[0].Key != "a" {
		t.Fatalf("order: %+v", list)
	}
	if err := s.SetRead(ctx, []int64{idA}, true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStarred(ctx, []int64{idA}, true); err != nil {
		t.Fatal(err)
	}
	if err := s.EditTags(ctx, idA, []string{"favori"}, []string{"open-source"}); err != nil {
		t.Fatal(err)
	}

	// Upstream changes a's text and re-dates it; the rules now say ia and open-source and
	// securite.
	changed := slices.Clone(arts)
	changed[0].Title = "Mistral publie un modèle à poids ouverts (mise à jour)"
	changed[0].Text = "Le modèle est désormais sous licence MIT. Nouveauté : sécurité renforcée."
	changed[0].Hash = "h-a2"
	changed[0].Published = pub.Add(24 * time.Hour)
	changed[0].Tags = []feeds.ArticleTag{autoTag("ia", "modèle"), autoTag("open-source", "MIT"), autoTag("securite", "sécurité")}
	res, err = s.SaveRefresh(ctx, feeds.FeedUpdate{Feed: f, Articles: changed}, time.Now())
	if err != nil || res != (feeds.SaveResult{Updated: 1}) {
		t.Fatalf("changed save = %+v, %v", res, err)
	}
	a, err := s.Article(ctx, idA)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Read || !a.Starred {
		t.Errorf("user state lost: read=%v starred=%v", a.Read, a.Starred)
	}
	if a.Text != changed[0].Text || a.Title != changed[0].Title || a.Hash != "h-a2" {
		t.Errorf("upstream text not updated: %+v", a)
	}
	if !a.Published.Equal(pub) {
		t.Errorf("published = %v, want the stored %v", a.Published, pub)
	}
	if !slices.Equal(a.Categories, []string{"IA", "Open source"}) || a.GUID != "a" {
		t.Errorf("article = %+v", a)
	}
	wantTags := []feeds.ArticleTag{
		{Name: "favori", Manual: true},
		autoTag("ia", "modèle"),
		// The user's removal wins over the rule; the row keeps the evidence it had then.
		{Name: "open-source", Removed: true, Evidence: autoTag("open-source", "poids ouverts").Evidence},
		autoTag("securite", "sécurité"),
	}
	if fmt.Sprint(a.Tags) != fmt.Sprint(wantTags) {
		t.Errorf("tags = %+v\nwant %+v", a.Tags, wantTags)
	}

	// Full text follows the change.
	for word, want := range map[string]int{"MIT": 1, "Apache": 0, "amende": 1, "jour": 1} {
		n, _, err := s.CountArticles(ctx, feeds.Query{Words: []string{word}})
		if err != nil || n != want {
			t.Errorf("count %q = %d, %v; want %d", word, n, err, want)
		}
	}
	checkIntegrity(t, s)
}

func TestSaveRefreshPublished(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	f := addTestFeeds(t, s, 1)[0]
	seen := time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC)
	real := time.Date(2026, 11, 25, 18, 0, 0, 0, time.UTC)
	save := func(a feeds.Article) {
		t.Helper()
		if _, err := s.SaveRefresh(ctx, feeds.FeedUpdate{Feed: f, Articles: []feeds.Article{a}}, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	// No date at all: the first-seen time, guessed.
	save(feeds.Article{Key: "k", Title: "v1", Hash: "1", FirstSeen: seen, Tags: []feeds.ArticleTag{autoTag("ia", "x")}})
	id := onlyID(t, s)
	if a, _ := s.Article(ctx, id); !a.Published.Equal(seen) || !a.DateGuessed {
		t.Fatalf("undated: published %v guessed %v", a.Published, a.DateGuessed)
	}
	// Still guessed: keep the first guess.
	save(feeds.Article{Key: "k", Title: "v2", Hash: "2", Published: seen.Add(time.Hour), DateGuessed: true})
	if a, _ := s.Article(ctx, id); !a.Published.Equal(seen) {
		t.Fatalf("guessed again: published %v", a.Published)
	}
	// A real date replaces a guessed one, and the tag copies follow.
	save(feeds.Article{Key: "k", Title: "v3", Hash: "3", Published: real, FirstSeen: seen.Add(time.Hour),
		Tags: []feeds.ArticleTag{autoTag("ia", "x")}})
	a, _ := s.Article(ctx, id)
	if !a.Published.Equal(real) || a.DateGuessed || !a.FirstSeen.Equal(seen) {
		t.Fatalf("real date: published %v guessed %v first seen %v", a.Published, a.DateGuessed, a.FirstSeen)
	}
	// Then the real date stays, even when the feed re-dates the item.
	save(feeds.Article{Key: "k", Title: "v4", Hash: "4", Published: real.Add(48 * time.Hour)})
	if a, _ := s.Article(ctx, id); !a.Published.Equal(real) {
		t.Fatalf("re-dated: published %v", a.Published)
	}
	checkIntegrity(t, s)
}

func TestSaveRefreshKeys(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	fs := addTestFeeds(t, s, 2)
	arts := []feeds.Article{
		{Key: "same", Title: "first", Published: time.Now()},
		{Key: "same", Title: "duplicate in the same document"},
		{GUID: "urn:guid", Title: "no key: the GUID stands in"},
		{URL: "https://x.example/u", Title: "no key nor GUID: the URL stands in"},
		{Title: "no identity at all: skipped"},
	}
	res, err := s.SaveRefresh(ctx, feeds.FeedUpdate{Feed: fs[0], Articles: arts}, time.Now())
	if err != nil || res != (feeds.SaveResult{New: 3}) {
		t.Fatalf("save = %+v, %v", res, err)
	}
	// The same key in another feed is another article.
	res, err = s.SaveRefresh(ctx, feeds.FeedUpdate{Feed: fs[1], Articles: arts[:1]}, time.Now())
	if err != nil || res != (feeds.SaveResult{New: 1}) {
		t.Fatalf("save in feed 2 = %+v, %v", res, err)
	}
	// Saved again, the stand-in keys match.
	res, err = s.SaveRefresh(ctx, feeds.FeedUpdate{Feed: fs[0], Articles: arts}, time.Now())
	if err != nil || res != (feeds.SaveResult{}) {
		t.Fatalf("save again = %+v, %v", res, err)
	}
	list, _ := s.ListArticles(ctx, feeds.Query{Sources: []string{"source-0"}}, feeds.Page{})
	titles := map[string]bool{}
	for _, a := range list {
		titles[a.Title] = true
	}
	if len(list) != 3 || !titles["first"] {
		t.Errorf("feed 0 holds %v", titles)
	}
	// A feed removed while it was fetched: nothing saved, no error.
	res, err = s.SaveRefresh(ctx, feeds.FeedUpdate{Feed: feeds.Feed{ID: 999, URL: "https://gone.example/"}, Articles: arts}, time.Now())
	if err != nil || res != (feeds.SaveResult{}) {
		t.Errorf("save for a removed feed = %+v, %v", res, err)
	}
	if _, err := s.SaveRefresh(ctx, feeds.FeedUpdate{}, time.Now()); err == nil {
		t.Error("a save without feed ID was accepted")
	}
}

func TestRemoveFeedCascades(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	fs := addTestFeeds(t, s, 3)
	for _, u := range newCorpus(3).updates(fs, 20, time.Now()) {
		if _, err := s.SaveRefresh(ctx, u, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	list, _ := s.ListArticles(ctx, feeds.Query{}, feeds.Page{Limit: 5})
	if err := s.EditTags(ctx, list[0].ID, []string{"perso"}, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveFeed(ctx, fs[1].ID); err != nil {
		t.Fatal(err)
	}
	var articles, tags, indexed int
	rawDB(s.r).QueryRow(`SELECT count(*) FROM articles`).Scan(&articles)
	rawDB(s.r).QueryRow(`SELECT count(*) FROM article_tags WHERE article_id NOT IN (SELECT id FROM articles)`).Scan(&tags)
	rawDB(s.r).QueryRow(`SELECT count(*) FROM articles_fts_docsize`).Scan(&indexed)
	if articles != 40 || tags != 0 || indexed != 40 {
		t.Errorf("after removal: %d articles, %d orphan tags, %d indexed", articles, tags, indexed)
	}
	if n, _, _ := s.CountArticles(ctx, feeds.Query{Sources: []string{"source-1"}}); n != 0 {
		t.Errorf("%d articles of the removed feed remain", n)
	}
	feedsLeft, _ := s.Feeds(ctx)
	if len(feedsLeft) != 2 || feedsLeft[0].Articles != 20 || feedsLeft[0].Unread != 20 {
		t.Errorf("feeds = %+v", feedsLeft)
	}
	checkIntegrity(t, s)
}

func TestSetReadAndStarred(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	fs := addTestFeeds(t, s, 2)
	for _, u := range newCorpus(4).updates(fs, 10, time.Now()) {
		if _, err := s.SaveRefresh(ctx, u, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	list, _ := s.ListArticles(ctx, feeds.Query{}, feeds.Page{})
	ids := []int64{list[0].ID, list[3].ID, list[7].ID, 99999}
	if err := s.SetRead(ctx, ids, true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStarred(ctx, ids[:2], true); err != nil {
		t.Fatal(err)
	}
	total, unread, err := s.CountArticles(ctx, feeds.Query{})
	if err != nil || total != 20 || unread != 17 {
		t.Errorf("counts = %d, %d, %v", total, unread, err)
	}
	yes := true
	if n, u, _ := s.CountArticles(ctx, feeds.Query{Starred: &yes}); n != 2 || u != 0 {
		t.Errorf("starred counts = %d, %d", n, u)
	}
	if err := s.SetRead(ctx, ids[:1], false); err != nil {
		t.Fatal(err)
	}
	if _, unread, _ := s.CountArticles(ctx, feeds.Query{}); unread != 18 {
		t.Errorf("unread = %d after marking one unread", unread)
	}
	checkIntegrity(t, s)
}

// TestSaveRefreshRenames: a refresh that changes only the title, or only the site, rewrites
// search_name, so that =source follows; one that changes neither leaves them as they were.
func TestSaveRefreshRenames(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	f := addTestFeeds(t, s, 1)[0]
	u := feeds.FeedUpdate{Feed: f, Articles: []feeds.Article{{Key: "a", Title: "Un article"}}}
	count := func(src string) int {
		t.Helper()
		n, _, err := s.CountArticles(ctx, feeds.Query{Sources: []string{src}})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	steps := []struct {
		title, site string
		found, gone []string
	}{
		{title: "Nouveau nom", found: []string{"nouveau nom", "feed0.example"}, gone: []string{"source 0"}},
		{site: "https://site.example/", found: []string{"nouveau nom", "site.example"}},
		{found: []string{"nouveau nom", "site.example"}}, // a parse without title nor site keeps both
	}
	for i, st := range steps {
		u.Feed.Title, u.Feed.SiteURL = st.title, st.site
		if _, err := s.SaveRefresh(ctx, u, time.Now()); err != nil {
			t.Fatal(err)
		}
		for _, src := range st.found {
			if count(src) != 1 {
				t.Errorf("step %d: =%s finds nothing", i, src)
			}
		}
		for _, src := range st.gone {
			if count(src) != 0 {
				t.Errorf("step %d: =%s still finds the feed", i, src)
			}
		}
	}
}

// The digest of the last document saved travels with the feed's state, through a refresh and
// through the fetch-state batch of unchanged feeds.
func TestBodyDigestIsKept(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	f := addTestFeeds(t, s, 1)[0]
	f.BodyDigest = "d1"
	if _, err := s.SaveRefresh(ctx, feeds.FeedUpdate{Feed: f, Articles: []feeds.Article{{Key: "a", Title: "Un article"}}}, time.Now()); err != nil {
		t.Fatal(err)
	}
	digest := func() string {
		t.Helper()
		got, err := s.Feed(ctx, f.URL)
		if err != nil {
			t.Fatal(err)
		}
		return got.BodyDigest
	}
	if d := digest(); d != "d1" {
		t.Fatalf("after a refresh the digest is %q", d)
	}
	f.BodyDigest, f.LastFetch = "d2", time.Now()
	if err := s.SaveFeedStates(ctx, []feeds.Feed{f}); err != nil {
		t.Fatal(err)
	}
	if d := digest(); d != "d2" {
		t.Errorf("after a fetch-state save the digest is %q", d)
	}
}

// A group commit writes each feed as its own save would: the same key in two feeds of one
// group is two articles with their own tags, a removed feed in the group is skipped, and an
// unchanged feed writes nothing.
func TestSaveRefreshesGroup(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	fs := addTestFeeds(t, s, 3)
	now := time.Now()
	art := func(key, title, tag string) feeds.Article {
		return feeds.Article{Key: key, Hash: "h-" + title, Title: title, Published: now,
			Tags: []feeds.ArticleTag{autoTag(tag, title)}}
	}
	group := []feeds.FeedUpdate{
		{Feed: fs[0], Articles: []feeds.Article{art("same", "zéro", "ia"), art("only-0", "zéro bis", "ia")}},
		{Feed: feeds.Feed{ID: 999, URL: "https://gone.example/"}, Articles: []feeds.Article{art("x", "perdu", "ia")}},
		{Feed: fs[1], Articles: []feeds.Article{art("same", "un", "regulation")}},
		{Feed: fs[2], NotModified: true},
	}
	res, err := s.SaveRefreshes(ctx, group, now)
	if err != nil {
		t.Fatal(err)
	}
	want := []feeds.SaveResult{{New: 2}, {}, {New: 1}, {}}
	if !slices.Equal(res, want) {
		t.Fatalf("results = %+v, want %+v", res, want)
	}
	for _, c := range []struct {
		source, tag string
		titles      []string
	}{
		{"source-0", "ia", []string{"zéro", "zéro bis"}},
		{"source-1", "regulation", []string{"un"}},
	} {
		list, err := s.ListArticles(ctx, feeds.Query{Sources: []string{c.source}, WithTags: []string{c.tag}}, feeds.Page{})
		if err != nil {
			t.Fatal(err)
		}
		var titles []string
		for _, a := range list {
			titles = append(titles, a.Title)
		}
		slices.Sort(titles)
		if !slices.Equal(titles, c.titles) {
			t.Errorf("%s +%s = %q, want %q", c.source, c.tag, titles, c.titles)
		}
	}
	// The full-text index holds the group's articles, each once.
	list, err := s.ListArticles(ctx, feeds.Query{Words: []string{"zero"}}, feeds.Page{})
	if err != nil || len(list) != 2 {
		t.Errorf("full text 'zero' = %d articles, %v; want 2", len(list), err)
	}
	// Saved again, the group changes nothing.
	log := writeLog(t, s)
	if res, err = s.SaveRefreshes(ctx, group, now); err != nil || !slices.Equal(res, make([]feeds.SaveResult, 4)) {
		t.Errorf("saved again = %+v, %v", res, err)
	}
	if w := log(); len(w) != 0 {
		t.Errorf("an unchanged group wrote %q", w)
	}
	if _, err := s.SaveRefreshes(ctx, []feeds.FeedUpdate{group[0], group[0]}, now); err == nil {
		t.Error("a group with the same feed twice was accepted")
	}
}
