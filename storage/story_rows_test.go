package storage

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"veille/feeds"
)

// TestMigrateStoryRows: a cache written before story_rows.go keeps its stories. Placed
// articles keep their story in article_stories, unplaced ones are waiting in story_todo, and
// a pass then places the unplaced one that is recent.
func TestMigrateStoryRows(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "veille.db")
	w, err := openPool(path, 1, "_txlock=immediate")
	wdb := rawDB(w)
	if err != nil {
		t.Fatal(err)
	}
	step := -1
	for i, m := range migrations {
		if m.name == "story rows off the articles table" {
			step = i
		}
	}
	if step < 0 {
		t.Fatal("no story rows step")
	}
	if err := applyMigrations(ctx, w, migrations[:step]); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)
	if _, err := wdb.Exec(`INSERT INTO feeds (id, url, title) VALUES (1, 'https://a.example/rss', 'A');
		INSERT INTO articles (id, feed_id, item_key, published, title, text, story_id) VALUES
			(1, 1, 'k1', ?, 'Le prix des SSD s’envole', 'Pénurie de mémoire flash', 5),
			(2, 1, 'k2', ?, 'Pénurie de mémoire : les SSD plus chers', 'Mémoire flash', 5),
			(3, 1, 'k3', ?, 'Pénurie de mémoire flash : les SSD coûtent deux fois plus cher', 'Les fabricants de mémoire', 0);
		INSERT INTO stories (id, updated, size, title, centroid) VALUES (5, ?, 2, 'Le prix des SSD s’envole', '')`,
		ms(now.Add(-3*time.Hour)), ms(now.Add(-2*time.Hour)), ms(now.Add(-time.Hour)), ms(now.Add(-2*time.Hour))); err != nil {
		t.Fatal(err)
	}
	wdb.Close()

	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, err := s.Story(ctx, 5)
	if err != nil || len(st.Articles) != 2 || st.Articles[0].ID != 2 || st.Articles[1].ID != 1 {
		t.Fatalf("story 5 after the migration = %+v, %v", st.Articles, err)
	}
	todo, err := s.ArticlesWithoutStory(ctx, time.Time{}, 10)
	if err != nil || len(todo) != 1 || todo[0].ID != 3 {
		t.Fatalf("articles without story = %+v, %v", todo, err)
	}
	// A new article waits for its pass; deleting an article takes its rows with it.
	f, err := s.Feed(ctx, "1")
	if err != nil {
		t.Fatal(err)
	}
	saveStoryArticles(t, s, f, storyArticle("k4", "Autre nouvelle", "Rien à voir", now))
	if todo, err := s.ArticlesWithoutStory(ctx, now, 10); err != nil || len(todo) != 1 || todo[0].Title != "Autre nouvelle" {
		t.Fatalf("new article not waiting: %+v, %v", todo, err)
	}
	if err := s.RemoveFeed(ctx, 1); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"article_stories", "story_todo"} {
		var n int
		if err := s.read(ctx).Raw(`SELECT count(*) FROM ` + table).Row().Scan(&n); err != nil || n != 0 {
			t.Errorf("%s after removing the feed: %d rows, %v", table, n, err)
		}
	}
	var ids []feeds.ArticleCursor
	if ids, err = s.ListCursors(ctx, feeds.Query{}, feeds.Page{Limit: 10}); err != nil || len(ids) != 0 {
		t.Errorf("articles left: %v, %v", ids, err)
	}
	checkIntegrity(t, s)
}

// While a write transaction is open, and until it has committed, the kept stories are neither
// served nor kept: its commit comes before its drop, and a pass in between must read the rows.
func TestStoryCacheClosedDuringWrite(t *testing.T) {
	h := &storyHandoff{notify: func([]feeds.Article) {}}
	live := []feeds.Story{{ID: 1, Updated: time.UnixMilli(5000)}}
	_, gen := h.caching()
	h.rememberLive(7, gen, 1000, live)
	if got, ok := h.liveSince(7, 1000); !ok || len(got) != 1 {
		t.Fatalf("before any write: liveSince = %v, %v", got, ok)
	}
	h.writeBegins()
	if _, ok := h.liveSince(7, 1000); ok {
		t.Error("a write in progress: the kept stories are still served")
	}
	_, gen = h.caching()
	h.rememberLive(7, gen, 1000, live) // a pass reading the rows while the write is open
	if _, ok := h.liveSince(7, 1000); ok {
		t.Error("a write in progress (its commit may be done): what a pass read during it is served")
	}
	h.writeEnds()
	if _, ok := h.liveSince(7, 1000); ok {
		t.Error("what a pass read during a write was kept past its commit")
	}
	_, gen = h.caching()
	h.rememberLive(7, gen, 1000, live)
	if _, ok := h.liveSince(7, 1000); !ok {
		t.Error("after the write: a new read is not kept")
	}
}
