package storage

import (
	"context"
	"fmt"
	"testing"
	"time"

	"veille/feeds"
)

// syncFixture is a cache with one feed of 4 articles, the first 3 linked to server ids r1…r3.
func syncFixture(t *testing.T) (*Store, []int64) {
	t.Helper()
	ctx := context.Background()
	s := openTest(t)
	f := addTestFeeds(t, s, 1)[0]
	now := time.Now()
	u := feeds.FeedUpdate{Feed: f}
	keys := map[string]string{}
	for i := range 4 {
		a := feeds.Article{Key: fmt.Sprintf("k%d", i), URL: fmt.Sprintf("https://feed0.example/%d", i),
			Title: fmt.Sprintf("Article %d", i), Text: "texte", Published: now.Add(-time.Duration(i) * time.Minute)}
		u.Articles = append(u.Articles, a)
		if i < 3 {
			keys[fmt.Sprintf("r%d", i+1)] = a.Key
		}
	}
	if _, err := s.SaveRefresh(ctx, u, now); err != nil {
		t.Fatal(err)
	}
	if err := s.LinkSyncItems(ctx, f.ID, keys); err != nil {
		t.Fatal(err)
	}
	links, err := s.SyncItemIDs(ctx)
	if err != nil || len(links) != 3 {
		t.Fatalf("links %v, %v", links, err)
	}
	return s, []int64{links["r1"], links["r2"], links["r3"]}
}

func pendingKinds(t *testing.T, s *Store) []string {
	t.Helper()
	cs, err := s.PendingSyncChanges(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range cs {
		out = append(out, fmt.Sprintf("%s %s%s", c.RemoteID, c.Kind, c.Label))
	}
	return out
}

// Marking read, starring and tagging queue a change for linked articles only, in the same
// transaction; a cache never linked to a server queues nothing.
func TestUserChangesAreQueuedForLinkedArticlesOnly(t *testing.T) {
	ctx := context.Background()
	s, ids := syncFixture(t)
	var unlinked int64
	all, _ := s.ListArticles(ctx, feeds.Query{}, feeds.Page{})
	for _, a := range all {
		if a.Key == "k3" {
			unlinked = a.ID
		}
	}
	if err := s.SetRead(ctx, []int64{ids[0], unlinked}, true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStarred(ctx, []int64{ids[1]}, true); err != nil {
		t.Fatal(err)
	}
	if err := s.EditTags(ctx, ids[2], []string{"Souveraineté"}, []string{"ia"}); err != nil {
		t.Fatal(err)
	}
	if err := s.EditTags(ctx, unlinked, []string{"x"}, nil); err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(pendingKinds(t, s))
	if want := "[r1 read r2 star r3 label+souverainete r3 label-ia]"; got != want {
		t.Fatalf("queued %s, want %s", got, want)
	}

	plain := openTest(t)
	f := addTestFeeds(t, plain, 1)[0]
	plain.SaveRefresh(ctx, feeds.FeedUpdate{Feed: f, Articles: []feeds.Article{{Key: "a", Title: "A", Text: "t"}}}, time.Now())
	id := onlyID(t, plain)
	plain.SetRead(ctx, []int64{id}, true)
	plain.EditTags(ctx, id, []string{"x"}, nil)
	if got := pendingKinds(t, plain); len(got) != 0 {
		t.Fatalf("a cache without sync queued %v", got)
	}
}

// The server's state comes down, except where a change made in veille still waits: that one is
// newer than what the server said.
func TestApplySyncStatePendingChangeWins(t *testing.T) {
	ctx := context.Background()
	s, ids := syncFixture(t)
	// r1 read in veille, not sent yet; the server still lists it as unread.
	if err := s.SetRead(ctx, []int64{ids[0]}, true); err != nil {
		t.Fatal(err)
	}
	n, err := s.ApplySyncState(ctx, []string{"r1", "r3"}, []string{"r2"})
	if err != nil {
		t.Fatal(err)
	}
	state := func(id int64) (bool, bool) {
		a, err := s.Article(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return a.Read, a.Starred
	}
	if r, _ := state(ids[0]); !r {
		t.Fatal("a read article flipped back to unread while its change waited")
	}
	if r, st := state(ids[1]); !r || !st {
		t.Fatalf("r2: read %v starred %v, want the server's read and starred", r, st)
	}
	if r, _ := state(ids[2]); r {
		t.Fatal("r3 is unread on the server")
	}
	if n != 2 {
		t.Fatalf("%d changes, want 2 (r2 read, r2 starred)", n)
	}
	// Once the change went up, the server's state applies again.
	cs, _ := s.PendingSyncChanges(ctx)
	s.DoneSyncChanges(ctx, []int64{cs[0].Seq})
	s.ApplySyncState(ctx, []string{"r1", "r3"}, nil)
	if r, _ := state(ids[0]); r {
		t.Fatal("the server's state did not apply once nothing waited")
	}
	if got := pendingKinds(t, s); len(got) != 0 {
		t.Fatalf("applying the server's state queued %v", got)
	}
}

// Labels come down as manual tags, never over a tag the user removed.
func TestAddSyncLabelsKeepsRemovals(t *testing.T) {
	ctx := context.Background()
	s, ids := syncFixture(t)
	if err := s.EditTags(ctx, ids[1], nil, []string{"à lire"}); err != nil {
		t.Fatal(err)
	}
	n, err := s.AddSyncLabels(ctx, "À lire", []string{"r1", "r2", "unknown"})
	if err != nil || n != 1 {
		t.Fatalf("AddSyncLabels: %d, %v", n, err)
	}
	a, _ := s.Article(ctx, ids[0])
	if len(a.Tags) != 1 || a.Tags[0].Name != "a-lire" || !a.Tags[0].Manual {
		t.Fatalf("r1 tags: %+v", a.Tags)
	}
	b, _ := s.Article(ctx, ids[1])
	if len(b.Tags) != 1 || !b.Tags[0].Removed {
		t.Fatalf("r2 tags: %+v", b.Tags)
	}
}

func TestSyncStatusAndFeedLinks(t *testing.T) {
	ctx := context.Background()
	s, _ := syncFixture(t)
	f := addTestFeeds(t, s, 1)[0]
	if err := s.SetSyncFeedLinks(ctx, []feeds.SyncFeed{{RemoteID: "feed/1", FeedID: f.ID, Title: "Numerama", Category: "Tech"}}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Feed(ctx, fmt.Sprint(f.ID))
	if err != nil || got.Title != "Numerama" || got.Category != "Tech" {
		t.Fatalf("linked feed: %+v, %v", got, err)
	}
	at := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	s.RecordSync(ctx, "http://127.0.0.1:1", at, "", false)
	s.RecordSync(ctx, "http://127.0.0.1:1", at.Add(time.Hour), "network\tlogin: network", true)
	st, err := s.SyncStatus(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !st.LastSync.Equal(at) || !st.LastTry.Equal(at.Add(time.Hour)) || st.LastError == "" || !st.NoLabels ||
		st.Feeds != 1 || st.Articles != 3 || st.Server != "http://127.0.0.1:1" {
		t.Fatalf("status: %+v", st)
	}
}
