package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"veille/feeds"
)

func schemaObjects(t *testing.T, s *Store) []string {
	t.Helper()
	rows, err := rawDB(s.r).Query(`SELECT type || ' ' || name FROM sqlite_master
		WHERE name NOT GLOB 'sqlite_*' AND NOT (type = 'table' AND name GLOB 'articles_fts_*') ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func TestMigrateFromEmpty(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sub", "dir", "veille.db") // parents are created
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	v, err := userVersion(ctx, s.r)
	if err != nil || v != len(migrations) {
		t.Fatalf("user_version = %d, %v; want %d", v, err, len(migrations))
	}
	objs := schemaObjects(t, s)
	for _, want := range []string{
		"table feeds", "table articles", "table tags", "table article_tags", "table meta",
		"table articles_fts", "index articles_published", "index articles_read",
		"index articles_starred", "index articles_feed", "index article_tags_tag",
		"trigger articles_fts_insert", "trigger articles_fts_delete", "trigger articles_fts_update",
		"trigger article_tags_read", "trigger article_tags_published",
	} {
		if !slices.Contains(objs, want) {
			t.Errorf("schema lacks %s; has %v", want, objs)
		}
	}
	var mode string
	if err := rawDB(s.r).QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v", mode, err)
	}
	for _, db := range []*sql.DB{rawDB(s.r), rawDB(s.w)} {
		var fk, timeout int
		if err := db.QueryRow(`PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
			t.Errorf("foreign_keys = %d, %v", fk, err)
		}
		if err := db.QueryRow(`PRAGMA busy_timeout`).Scan(&timeout); err != nil || timeout != busyTimeoutMS {
			t.Errorf("busy_timeout = %d, %v", timeout, err)
		}
	}
	if _, err := rawDB(s.r).Exec(`INSERT INTO meta (key, value) VALUES ('x', 'y')`); err == nil {
		t.Error("the read pool accepted a write")
	}
	s.Close()

	// Reopening a current database applies nothing and changes nothing.
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, _ := userVersion(ctx, s.r); v != len(migrations) {
		t.Fatalf("user_version after reopen = %d", v)
	}
	if again := schemaObjects(t, s); !slices.Equal(again, objs) {
		t.Errorf("schema changed on reopen:\n%v\n%v", objs, again)
	}
}

func TestMigrateFromPreviousVersion(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "veille.db")
	// A database left at version N-1 by an older veille, holding an article.
	w, err := openPool(path, 1, "_txlock=immediate")
	wdb := rawDB(w)
	if err != nil {
		t.Fatal(err)
	}
	if err := applyMigrations(ctx, w, migrations[:len(migrations)-1]); err != nil {
		t.Fatal(err)
	}
	if _, err := wdb.Exec(`INSERT INTO feeds (id, url, title) VALUES (1, 'https://a.example/rss', 'A');
		INSERT INTO articles (feed_id, item_key, published, title, text)
		VALUES (1, 'k1', 1000, 'Les modèles à poids ouverts', 'Des données partout')`); err != nil {
		t.Fatal(err)
	}
	wdb.Close()

	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, _ := userVersion(ctx, s.r); v != len(migrations) {
		t.Fatalf("user_version = %d, want %d", v, len(migrations))
	}
	// The full-text step indexed what was already there.
	got, err := s.ListArticles(ctx, feeds.Query{Words: []string{"donnees"}}, feeds.Page{})
	if err != nil || len(got) != 1 {
		t.Fatalf("search after migration: %v, %v", got, err)
	}
	checkIntegrity(t, s)
}

func TestOpenNewerSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "veille.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rawDB(s.w).Exec(fmt.Sprintf(`PRAGMA user_version = %d`, len(migrations)+1)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Open(ctx, path); !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("Open = %v, want ErrNewerSchema", err)
	}
}

// checkIntegrity runs SQLite's and FTS5's own checks.
func checkIntegrity(t *testing.T, s *Store) {
	t.Helper()
	var res string
	if err := rawDB(s.r).QueryRow(`PRAGMA integrity_check`).Scan(&res); err != nil || res != "ok" {
		t.Fatalf("integrity_check = %q, %v", res, err)
	}
	if _, err := rawDB(s.w).Exec(`INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')`); err != nil {
		t.Fatalf("FTS integrity-check: %v", err)
	}
	// The copies of read and published in article_tags.
	var bad int
	if err := rawDB(s.r).QueryRow(`SELECT count(*) FROM article_tags x JOIN articles a ON a.id = x.article_id
		WHERE x.read <> a.read OR x.published <> a.published`).Scan(&bad); err != nil || bad != 0 {
		t.Fatalf("%d article_tags rows out of step with their article (%v)", bad, err)
	}
}

func TestInitSubscriptions(t *testing.T) {
	ctx := context.Background()
	defaults := []feeds.Feed{
		{URL: "https://www.numerama.com/feed/", Title: "Numerama", Category: "Actualité tech"},
		{URL: "https://www.actuia.com/feed/", Title: "ActuIA", Category: "IA", AIOnly: true},
	}
	t.Run("first run adds the defaults once", func(t *testing.T) {
		s := openTest(t)
		if n, err := s.InitSubscriptions(ctx, defaults, time.Now()); err != nil || n != 2 {
			t.Fatalf("first InitSubscriptions = %d, %v", n, err)
		}
		if err := s.RemoveFeed(ctx, 1); err != nil {
			t.Fatal(err)
		}
		// The user removed one: it must not come back.
		if n, err := s.InitSubscriptions(ctx, defaults, time.Now()); err != nil || n != 0 {
			t.Fatalf("second InitSubscriptions = %d, %v", n, err)
		}
		fs, _ := s.Feeds(ctx)
		if len(fs) != 1 || !fs[0].AIOnly || fs[0].Category != "IA" {
			t.Fatalf("feeds = %+v", fs)
		}
	})
	t.Run("an import first counts as the initialisation", func(t *testing.T) {
		s := openTest(t)
		if n, err := s.AddFeeds(ctx, []feeds.Feed{{URL: "https://mine.example/rss"}}, time.Now()); err != nil || n != 1 {
			t.Fatalf("AddFeeds = %d, %v", n, err)
		}
		if n, err := s.InitSubscriptions(ctx, defaults, time.Now()); err != nil || n != 0 {
			t.Fatalf("InitSubscriptions after import = %d, %v", n, err)
		}
	})
	t.Run("two stores at once add the defaults once", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "veille.db")
		stores := make([]*Store, 4)
		for i := range stores {
			s, err := Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			stores[i] = s
		}
		var wg sync.WaitGroup
		added := make([]int, len(stores))
		errs := make([]error, len(stores))
		for i, s := range stores {
			wg.Go(func() { added[i], errs[i] = s.InitSubscriptions(ctx, defaults, time.Now()) })
		}
		wg.Wait()
		total := 0
		for i := range stores {
			if errs[i] != nil {
				t.Fatal(errs[i])
			}
			total += added[i]
		}
		if total != 2 {
			t.Fatalf("added %v in all", added)
		}
	})
}

func TestFeeds(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	in := []feeds.Feed{
		{URL: "https://b.example/rss", Title: "Zdnet", Category: "Économie"},
		{URL: "https://a.example/rss", Title: "Écrans", Category: "Actualité"},
		{URL: "https://c.example/rss", Title: "arstechnica", Category: "Actualité"},
		{URL: "https://a.example/rss", Title: "duplicate"},
	}
	if n, err := s.AddFeeds(ctx, in, time.Now()); err != nil || n != 3 {
		t.Fatalf("AddFeeds = %d, %v", n, err)
	}
	if _, err := s.AddFeeds(ctx, []feeds.Feed{{Title: "no URL"}}, time.Now()); err == nil {
		t.Error("a feed without URL was accepted")
	}
	fs, err := s.Feeds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, f := range fs {
		titles = append(titles, f.Title)
	}
	// Category then title, accents and case folded.
	if want := []string{"arstechnica", "Écrans", "Zdnet"}; !slices.Equal(titles, want) {
		t.Errorf("order = %v, want %v", titles, want)
	}

	f, err := s.Feed(ctx, "https://b.example/rss")
	if err != nil || f.Title != "Zdnet" {
		t.Fatalf("Feed by URL = %+v, %v", f, err)
	}
	if g, err := s.Feed(ctx, fmt.Sprint(f.ID)); err != nil || g.URL != f.URL {
		t.Fatalf("Feed by ID = %+v, %v", g, err)
	}
	for _, ref := range []string{"999", "https://nowhere.example/"} {
		if _, err := s.Feed(ctx, ref); !errors.Is(err, feeds.ErrNotFound) {
			t.Errorf("Feed(%q) = %v, want ErrNotFound", ref, err)
		}
	}
	if err := s.RemoveFeed(ctx, 999); !errors.Is(err, feeds.ErrNotFound) {
		t.Errorf("RemoveFeed(999) = %v, want ErrNotFound", err)
	}
}

func TestSaveFeedStates(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	fs := addTestFeeds(t, s, 3)
	now := time.UnixMilli(time.Now().UnixMilli())
	a, b := fs[0], fs[1]
	a.ETag, a.LastModified = `"v2"`, "Wed, 26 Nov 2026 10:00:00 GMT"
	a.LastFetch, a.LastSuccess = now, now
	a.URL = "https://moved.example/rss" // a permanent redirect seen on a 304
	a.Title = "ignored"                 // not a fetch-state column
	b.LastFetch = now
	b.LastError, b.ErrorKind, b.Failures, b.NextFetch, b.Gone = "gone", feeds.ErrGone, 3, now.Add(time.Hour), true
	b.URL = fs[2].URL // redirected onto another subscription: kept as it was
	gone := feeds.Feed{ID: 999, URL: "https://removed.example/"}
	if err := s.SaveFeedStates(ctx, []feeds.Feed{a, b, gone}); err != nil {
		t.Fatal(err)
	}
	gotA, _ := s.Feed(ctx, fmt.Sprint(a.ID))
	if gotA.ETag != a.ETag || gotA.LastModified != a.LastModified || !gotA.LastSuccess.Equal(now) ||
		gotA.URL != "https://moved.example/rss" || gotA.Title != fs[0].Title {
		t.Errorf("feed a = %+v", gotA)
	}
	gotB, _ := s.Feed(ctx, fmt.Sprint(b.ID))
	if gotB.LastError != "gone" || gotB.ErrorKind != feeds.ErrGone || gotB.Failures != 3 || !gotB.Gone ||
		!gotB.NextFetch.Equal(now.Add(time.Hour)) || gotB.URL != fs[1].URL || !gotB.LastSuccess.IsZero() {
		t.Errorf("feed b = %+v", gotB)
	}
	// The source search follows the new host.
	if n, _, _ := s.CountArticles(ctx, feeds.Query{Sources: []string{"moved"}}); n != 0 {
		t.Errorf("count = %d", n)
	}
	var name string
	rawDB(s.r).QueryRow(`SELECT search_name FROM feeds WHERE id = ?`, a.ID).Scan(&name)
	if !strings.Contains(name, "moved.example") {
		t.Errorf("search_name = %q", name)
	}
}

func TestEditTags(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	fs := addTestFeeds(t, s, 1)
	u := feeds.FeedUpdate{Feed: fs[0], Articles: []feeds.Article{{
		Key: "k", Title: "t", Published: time.Now(),
		Tags: []feeds.ArticleTag{{Name: "ia", Evidence: []feeds.Evidence{{Rule: "ia", Match: "IA", Field: "title"}}}},
	}}}
	if _, err := s.SaveRefresh(ctx, u, time.Now()); err != nil {
		t.Fatal(err)
	}
	id := onlyID(t, s)
	if err := s.EditTags(ctx, id, []string{"Propriétaire", "ia"}, []string{"Régulation"}); err != nil {
		t.Fatal(err)
	}
	a, err := s.Article(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	want := []feeds.ArticleTag{
		{Name: "ia", Manual: true, Evidence: []feeds.Evidence{{Rule: "ia", Match: "IA", Field: "title"}}},
		{Name: "proprietaire", Manual: true},
		{Name: "regulation", Removed: true},
	}
	if fmt.Sprint(a.Tags) != fmt.Sprint(want) {
		t.Errorf("tags = %+v\nwant %+v", a.Tags, want)
	}
	if err := s.EditTags(ctx, id, nil, []string{"PROPRIETAIRE"}); err != nil {
		t.Fatal(err)
	}
	list, _ := s.ListArticles(ctx, feeds.Query{}, feeds.Page{})
	if fmt.Sprint(list[0].Tags) != fmt.Sprint([]feeds.ArticleTag{{Name: "ia", Manual: true}}) {
		t.Errorf("list tags = %+v", list[0].Tags)
	}
	if err := s.EditTags(ctx, 12345, []string{"ia"}, nil); !errors.Is(err, feeds.ErrNotFound) {
		t.Errorf("EditTags on a missing article = %v", err)
	}
	if err := s.EditTags(ctx, id, []string{" "}, nil); !errors.Is(err, ErrEmptyTag) {
		t.Errorf("EditTags with an empty name = %v", err)
	}
	counts, err := s.TagCounts(ctx, time.Now())
	if err != nil || fmt.Sprint(counts) != "[{ia 1 1 1}]" {
		t.Errorf("TagCounts = %v, %v", counts, err)
	}
	// The week is the one before the time given, not the machine's.
	counts, err = s.TagCounts(ctx, time.Now().Add(8*24*time.Hour))
	if err != nil || fmt.Sprint(counts) != "[{ia 1 1 0}]" {
		t.Errorf("TagCounts a week later = %v, %v", counts, err)
	}
	if names, err := s.TagNames(ctx); err != nil || fmt.Sprint(names) != "[ia]" {
		t.Errorf("TagNames = %v, %v", names, err)
	}
	checkIntegrity(t, s)
}

func onlyID(t *testing.T, s *Store) int64 {
	t.Helper()
	list, err := s.ListArticles(context.Background(), feeds.Query{}, feeds.Page{})
	if err != nil || len(list) != 1 {
		t.Fatalf("ListArticles = %v, %v", list, err)
	}
	return list[0].ID
}

// The connections get the page caches the RSS budget was measured with: the writer's DSN
// pragma comes after the common one and must win.
func TestConnectionCacheSizes(t *testing.T) {
	s := openTest(t)
	for _, c := range []struct {
		name string
		db   *sql.DB
		want int
	}{{"writer", rawDB(s.w), -2048}, {"reader", rawDB(s.r), -4096}} {
		var got int
		if err := c.db.QueryRow(`PRAGMA cache_size`).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("%s: cache_size %d, want %d", c.name, got, c.want)
		}
	}
}
