package storage

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"veille/feeds"
)

// pageArticle builds an article with a teaser-sized text, a body word ("corps") only in its
// content and text, and a standfirst word ("chapeau") in its summary.
func pageArticle(key string, published time.Time) feeds.Article {
	return feeds.Article{
		Key:       key,
		URL:       "https://x.example/" + key,
		Title:     "Titre " + key,
		Summary:   "Chapeau du " + key,
		Content:   "<p>Chapeau du " + key + ". Corps du texte.</p>",
		Text:      "Chapeau du " + key + ". Corps du texte.",
		Published: published,
		FirstSeen: published,
	}
}

// saveArticles saves arts as one refresh of f and returns their IDs by key.
func saveArticles(t *testing.T, s *Store, f feeds.Feed, arts ...feeds.Article) map[string]int64 {
	t.Helper()
	if _, err := s.SaveRefresh(context.Background(), feeds.FeedUpdate{Feed: f, Articles: arts}, time.Now()); err != nil {
		t.Fatal(err)
	}
	return articleIDs(t, s)
}

func articleIDs(t *testing.T, s *Store) map[string]int64 {
	t.Helper()
	rows, err := rawDB(s.r).Query(`SELECT item_key, id FROM articles`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	ids := map[string]int64{}
	for rows.Next() {
		var k string
		var id int64
		if err := rows.Scan(&k, &id); err != nil {
			t.Fatal(err)
		}
		ids[k] = id
	}
	return ids
}

func candidateIDs(t *testing.T, s *Store, since time.Time) []int64 {
	t.Helper()
	cs, err := s.PageCandidates(context.Background(), since, time.Now().Add(-feeds.PageRetryAfter), 100)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	return ids
}

func countWord(t *testing.T, s *Store, word string) int {
	t.Helper()
	n, _, err := s.CountArticles(context.Background(), feeds.Query{Words: []string{word}})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestMigrateV2ToV3(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "veille.db")
	w, err := openPool(path, 1, "_txlock=immediate")
	wdb := rawDB(w)
	if err != nil {
		t.Fatal(err)
	}
	if err := applyMigrations(ctx, w, migrations[:2]); err != nil {
		t.Fatal(err)
	}
	// A v2 cache as v2 wrote it: a read, starred article with content, a manual and an auto
	// tag with evidence.
	if _, err := wdb.Exec(`
		INSERT INTO feeds (id, url, title) VALUES (1, 'https://a.example/rss', 'A');
		INSERT INTO articles (id, feed_id, item_key, published, first_seen, read, starred, url, title, summary, content, text, hash)
		VALUES (7, 1, 'k1', 1000, 1000, 1, 1, 'https://a.example/1', 'Les modèles à poids ouverts',
			'Un chapeau', '<p>Des données partout</p>', 'Des données partout', 'h1');
		INSERT INTO tags (id, name) VALUES (1, 'ia'), (2, 'favori');
		INSERT INTO article_tags (article_id, tag_id, manual, removed, evidence, published, read)
		VALUES (7, 1, 0, 0, '[{"Rule":"ia","Match":"modèles","Field":"title"}]', 1000, 1),
			(7, 2, 1, 0, '', 1000, 1);`); err != nil {
		t.Fatal(err)
	}
	wdb.Close()

	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, _ := userVersion(ctx, s.r); v != len(migrations) || v < 3 {
		t.Fatalf("user_version = %d, want %d (v3 and every step after it)", v, len(migrations))
	}
	objs := schemaObjects(t, s)
	for _, want := range []string{"index articles_page_todo", "index articles_full", "index articles_text_source"} {
		if !slices.Contains(objs, want) {
			t.Errorf("schema lacks %s", want)
		}
	}
	a, err := s.Article(ctx, 7)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Read || !a.Starred || a.Text != "Des données partout" || a.Content != "<p>Des données partout</p>" ||
		a.Hash != "h1" || a.Summary != "Un chapeau" || !a.Published.Equal(time.UnixMilli(1000)) {
		t.Errorf("article after migration = %+v", a)
	}
	if a.TextSource != feeds.TextFromFeed || a.PageURL != "" || !a.PageAt.IsZero() {
		t.Errorf("page state after migration = %q %q %v", a.TextSource, a.PageURL, a.PageAt)
	}
	if len(a.Tags) != 2 || a.Tags[0].Name != "favori" || !a.Tags[0].Manual || len(a.Tags[1].Evidence) != 1 {
		t.Errorf("tags after migration = %+v", a.Tags)
	}
	if n := countWord(t, s, "donnees"); n != 1 {
		t.Errorf("search after migration found %d", n)
	}
	// An article cached before v3 is a page candidate like a new one.
	if got := candidateIDs(t, s, time.Time{}); !slices.Equal(got, []int64{7}) {
		t.Errorf("candidates after migration = %v", got)
	}
	checkIntegrity(t, s)
}

func TestPageCandidates(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	f := addTestFeeds(t, s, 1)[0]
	now := time.Now().Truncate(time.Millisecond)
	old := pageArticle("old", now.Add(-48*time.Hour))
	mid := pageArticle("mid", now.Add(-2*time.Hour))
	mid.Paywalled = true
	recent := pageArticle("recent", now.Add(-time.Hour))
	noURL := pageArticle("nourl", now.Add(-time.Hour))
	noURL.URL = ""
	ftp := pageArticle("ftp", now.Add(-time.Hour))
	ftp.URL = "ftp://x.example/ftp"
	ids := saveArticles(t, s, f, old, mid, recent, noURL, ftp)

	cs, err := s.PageCandidates(ctx, now.Add(-24*time.Hour), time.Now().Add(-feeds.PageRetryAfter), 10)
	if err != nil {
		t.Fatal(err)
	}
	// The tail is the text's last feeds.TextTailRunes characters, or all of a shorter one.
	tail := func(text string) string {
		r := []rune(text)
		return string(r[max(0, len(r)-feeds.TextTailRunes):])
	}
	want := []feeds.PageCandidate{
		{ID: ids["recent"], FeedID: f.ID, URL: recent.URL, TextLen: len([]rune(recent.Text)), TextTail: tail(recent.Text)},
		{ID: ids["mid"], FeedID: f.ID, URL: mid.URL, TextLen: len([]rune(mid.Text)), Paywalled: true, TextTail: tail(mid.Text)},
	}
	if !slices.Equal(cs, want) {
		t.Errorf("candidates = %+v\nwant %+v", cs, want)
	}
	if got := candidateIDs(t, s, time.Time{}); len(got) != 3 {
		t.Errorf("candidates since ever = %v", got)
	}
	if cs, _ := s.PageCandidates(ctx, time.Time{}, time.Now().Add(-feeds.PageRetryAfter), 1); len(cs) != 1 || cs[0].ID != ids["recent"] {
		t.Errorf("limit 1 = %+v", cs)
	}

	// A failure is retried after 6 hours, not before.
	c := want[0]
	if err := s.SavePage(ctx, c, feeds.ArticlePage{Err: "timeout"}, now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got := candidateIDs(t, s, time.Time{}); slices.Contains(got, c.ID) {
		t.Errorf("failed an hour ago and offered again: %v", got)
	}
	if err := s.SavePage(ctx, c, feeds.ArticlePage{Err: "timeout"}, now.Add(-7*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got := candidateIDs(t, s, time.Time{}); !slices.Contains(got, c.ID) {
		t.Errorf("failed 7 h ago and not offered again: %v", got)
	}
	// The retry delay is counted from the time given, not the machine's.
	if cs, err := s.PageCandidates(ctx, time.Time{}, now.Add(-2*time.Hour-feeds.PageRetryAfter), 10); err != nil || slices.ContainsFunc(cs, func(x feeds.PageCandidate) bool { return x.ID == c.ID }) {
		t.Errorf("as of 5 h after the failure, candidates = %+v, %v", cs, err)
	}
	// A save without a time would record "never tried": refused, nothing written.
	if err := s.SavePage(ctx, c, feeds.ArticlePage{Source: feeds.TextPaywall}, time.Time{}); err == nil {
		t.Error("SavePage with a zero time succeeded")
	}
	if got := candidateIDs(t, s, time.Time{}); !slices.Contains(got, c.ID) {
		t.Errorf("a refused save changed the article: candidates %v", got)
	}

	// The query walks the partial index rather than the table.
	plan := queryPlan(t, s, `SELECT id FROM articles
		WHERE text_source = 'feed' AND (page_at = 0 OR page_error <> '')
			AND (page_at = 0 OR page_at < 1) AND first_seen >= 0
			AND (url LIKE 'http://%' OR url LIKE 'https://%')
		ORDER BY first_seen DESC, id DESC LIMIT 10`)
	if !strings.Contains(plan, "articles_page_todo") {
		t.Errorf("candidate plan = %s", plan)
	}
}

func TestSavePage(t *testing.T) {
	ctx := context.Background()
	at := time.Now().Add(-7 * time.Hour).Truncate(time.Millisecond) // past the retry delay
	page := feeds.ArticlePage{Source: feeds.TextFromPage, URL: "https://x.example/a?amp=0",
		Content: "<p>Le texte intégral avec zorglub.</p>", Text: "Le texte intégral avec zorglub."}
	cases := []struct {
		name string
		page feeds.ArticlePage
		// changeFirst makes a refresh rewrite the article's text between the candidate and
		// the save.
		changeFirst bool

		wantSource  feeds.TextSource
		wantPageURL string
		wantPageAt  bool
		wantText    string // "" for the feed's
		wantError   string
		candidate   bool // still offered (at is long past the retry delay)
	}{
		{name: "page", page: page, wantSource: feeds.TextFromPage, wantPageURL: page.URL,
			wantPageAt: true, wantText: page.Text},
		{name: "paywall", page: feeds.ArticlePage{Source: feeds.TextPaywall, URL: "https://x.example/abo"},
			wantSource: feeds.TextPaywall, wantPageURL: "https://x.example/abo", wantPageAt: true},
		{name: "blocked", page: feeds.ArticlePage{Source: feeds.TextBlocked, URL: "https://x.example/a"},
			wantSource: feeds.TextBlocked, wantPageURL: "https://x.example/a", wantPageAt: true},
		{name: "feed is enough", page: feeds.ArticlePage{Source: feeds.TextFromFeed, URL: "https://x.example/a"},
			wantSource: feeds.TextFromFeed, wantPageURL: "https://x.example/a", wantPageAt: true},
		{name: "failed", page: feeds.ArticlePage{Err: "HTTP 404"},
			wantSource: feeds.TextFromFeed, wantPageAt: true, wantError: "HTTP 404", candidate: true},
		{name: "failed without reason", page: feeds.ArticlePage{},
			wantSource: feeds.TextFromFeed, wantPageAt: true, wantError: "unknown error", candidate: true},
		{name: "empty page is a failure", page: feeds.ArticlePage{Source: feeds.TextFromPage, URL: "https://x.example/a"},
			wantSource: feeds.TextFromFeed, wantPageAt: true, wantError: "page has no readable text", candidate: true},
		{name: "text changed meanwhile", page: page, changeFirst: true,
			wantSource: feeds.TextFromFeed, wantText: "Le texte a changé en route, bien plus long qu'avant.", candidate: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := openTest(t)
			f := addTestFeeds(t, s, 1)[0]
			a := pageArticle("a", at.Add(-time.Hour))
			ids := saveArticles(t, s, f, a)
			id := ids["a"]
			if err := s.SetRead(ctx, []int64{id}, true); err != nil {
				t.Fatal(err)
			}
			if err := s.SetStarred(ctx, []int64{id}, true); err != nil {
				t.Fatal(err)
			}
			if err := s.EditTags(ctx, id, []string{"favori"}, nil); err != nil {
				t.Fatal(err)
			}
			cs, err := s.PageCandidates(ctx, time.Time{}, time.Now().Add(-feeds.PageRetryAfter), 10)
			if err != nil || len(cs) != 1 {
				t.Fatalf("candidates = %+v, %v", cs, err)
			}
			if c.changeFirst {
				changed := a
				changed.Text, changed.Content = c.wantText, "<p>"+c.wantText+"</p>"
				saveArticles(t, s, f, changed)
			}
			if err := s.SavePage(ctx, cs[0], c.page, at); err != nil {
				t.Fatal(err)
			}
			got, err := s.Article(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			wantText := c.wantText
			if wantText == "" {
				wantText = a.Text
			}
			if got.Text != wantText || got.TextSource != c.wantSource || got.PageURL != c.wantPageURL ||
				got.PageAt.Equal(at) != c.wantPageAt {
				t.Errorf("article = text %q source %q page %q at %v", got.Text, got.TextSource, got.PageURL, got.PageAt)
			}
			if c.wantSource == feeds.TextFromPage && got.Content != c.page.Content {
				t.Errorf("content = %q", got.Content)
			}
			var pageErr string
			rawDB(s.r).QueryRow(`SELECT page_error FROM articles WHERE id = ?`, id).Scan(&pageErr)
			if pageErr != c.wantError {
				t.Errorf("page_error = %q, want %q", pageErr, c.wantError)
			}
			if !got.Read || !got.Starred || len(got.Tags) != 1 || !got.Tags[0].Manual {
				t.Errorf("user state touched: read %v starred %v tags %+v", got.Read, got.Starred, got.Tags)
			}
			if isCand := len(candidateIDs(t, s, time.Time{})) == 1; isCand != c.candidate {
				t.Errorf("still a candidate = %v, want %v", isCand, c.candidate)
			}
			// The full-text index follows the page's text.
			if n, want := countWord(t, s, "zorglub"), b2i(c.wantSource == feeds.TextFromPage); int64(n) != want {
				t.Errorf("search zorglub = %d, want %d", n, want)
			}
			if l, _ := s.ListArticles(ctx, feeds.Query{}, feeds.Page{}); len(l) != 1 || l[0].TextSource != c.wantSource {
				t.Errorf("list = %+v", l)
			}
			checkIntegrity(t, s)
		})
	}
}

// TestSaveRefreshResetsPage: a changed feed item replaces the page's text and is fetched
// again; an unchanged one keeps it.
func TestSaveRefreshResetsPage(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	f := addTestFeeds(t, s, 1)[0]
	at := time.Now().Truncate(time.Millisecond)
	a := pageArticle("a", at.Add(-time.Hour))
	id := saveArticles(t, s, f, a)["a"]
	cs, _ := s.PageCandidates(ctx, time.Time{}, time.Now().Add(-feeds.PageRetryAfter), 1)
	page := feeds.ArticlePage{Source: feeds.TextFromPage, URL: a.URL, Content: "<p>zorglub</p>", Text: "zorglub"}
	if err := s.SavePage(ctx, cs[0], page, at); err != nil {
		t.Fatal(err)
	}

	// The same item again: nothing is written, the page's text stays.
	if res, err := s.SaveRefresh(ctx, feeds.FeedUpdate{Feed: f, Articles: []feeds.Article{a}}, time.Now()); err != nil || res != (feeds.SaveResult{}) {
		t.Fatalf("unchanged refresh = %+v, %v", res, err)
	}
	if got, _ := s.Article(ctx, id); got.TextSource != feeds.TextFromPage || got.Text != "zorglub" || !got.PageAt.Equal(at) {
		t.Errorf("after an unchanged refresh: %q %q %v", got.TextSource, got.Text, got.PageAt)
	}

	changed := a // the text follows the content, as parse makes it, and so does the hash
	changed.Content, changed.Text = "<p>Nouvelle version du texte.</p>", "Nouvelle version du texte."
	if res, err := s.SaveRefresh(ctx, feeds.FeedUpdate{Feed: f, Articles: []feeds.Article{changed}}, time.Now()); err != nil || res.Updated != 1 {
		t.Fatalf("changed refresh = %+v, %v", res, err)
	}
	got, _ := s.Article(ctx, id)
	if got.TextSource != feeds.TextFromFeed || got.PageURL != "" || !got.PageAt.IsZero() || got.Text != changed.Text {
		t.Errorf("after a changed refresh: %q %q %v %q", got.TextSource, got.PageURL, got.PageAt, got.Text)
	}
	if ids := candidateIDs(t, s, time.Time{}); !slices.Equal(ids, []int64{id}) {
		t.Errorf("candidates after the change = %v", ids)
	}
	if n := countWord(t, s, "zorglub"); n != 0 {
		t.Errorf("the page's text is still indexed")
	}
	checkIntegrity(t, s)
}

// TestSavePageForced: a candidate built from the article itself (the reader's "fetch this page
// now") can replace a paywall or block mark.
func TestSavePageForced(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	f := addTestFeeds(t, s, 1)[0]
	a := pageArticle("a", time.Now().Add(-time.Hour))
	id := saveArticles(t, s, f, a)["a"]
	c := feeds.PageCandidate{ID: id, FeedID: f.ID, URL: a.URL, TextLen: len([]rune(a.Text))}
	if err := s.SavePage(ctx, c, feeds.ArticlePage{Source: feeds.TextBlocked, URL: a.URL}, time.Now()); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Article(ctx, id)
	c = feeds.PageCandidate{ID: id, FeedID: f.ID, URL: got.URL, TextLen: len([]rune(got.Text))}
	page := feeds.ArticlePage{Source: feeds.TextFromPage, URL: a.URL, Content: "<p>zorglub</p>", Text: "zorglub"}
	if err := s.SavePage(ctx, c, page, time.Now()); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Article(ctx, id); got.TextSource != feeds.TextFromPage || got.Text != "zorglub" {
		t.Errorf("forced fetch of a blocked article = %q %q", got.TextSource, got.Text)
	}
	// The stale candidate (the feed's text length) no longer matches: nothing is written.
	stale := feeds.PageCandidate{ID: id, FeedID: f.ID, URL: a.URL, TextLen: len([]rune(a.Text))}
	if err := s.SavePage(ctx, stale, feeds.ArticlePage{Source: feeds.TextPaywall}, time.Now()); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Article(ctx, id); got.TextSource != feeds.TextFromPage {
		t.Errorf("a stale candidate overwrote the page: %q", got.TextSource)
	}
}
