package storage

import (
	"context"
	"fmt"
	"testing"
	"time"

	"veille/feeds"
)

// TestSaveRefreshMalformed: the loose pass's mark is stored with the refresh that read the
// feed, kept by a 304 and cleared by a refresh that parsed strictly, and listed by Feeds.
func TestSaveRefreshMalformed(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	fs := addTestFeeds(t, s, 2)
	f := fs[0]
	art := feeds.Article{Key: "a", Title: "Titre", Hash: "h", Published: time.Now()}
	malformed := func() (byID, listed bool) {
		t.Helper()
		got, err := s.Feed(ctx, fmt.Sprint(f.ID))
		if err != nil {
			t.Fatal(err)
		}
		all, err := s.Feeds(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range all {
			if g.ID == f.ID {
				listed = g.Malformed
			} else if g.Malformed {
				t.Errorf("feed %d marked too", g.ID)
			}
		}
		return got.Malformed, listed
	}
	save := func(u feeds.FeedUpdate) {
		t.Helper()
		if _, err := s.SaveRefresh(ctx, u, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if a, b := malformed(); a || b {
		t.Fatal("a new feed is not malformed")
	}
	f.Malformed = true
	save(feeds.FeedUpdate{Feed: f, Articles: []feeds.Article{art}})
	if a, b := malformed(); !a || !b {
		t.Fatalf("after a loose read: %v %v", a, b)
	}
	// A 304 says nothing about the document: the mark stays, even from a stale Feed.
	stale := f
	stale.Malformed = false
	save(feeds.FeedUpdate{Feed: stale, NotModified: true})
	if a, _ := malformed(); !a {
		t.Fatal("a 304 cleared the mark")
	}
	// The same articles again, read strictly this time.
	f.Malformed = false
	save(feeds.FeedUpdate{Feed: f, Articles: []feeds.Article{art}})
	if a, b := malformed(); a || b {
		t.Fatalf("after a strict read: %v %v", a, b)
	}
}
