package storage

import (
	"context"
	"testing"
	"time"

	"veille/feeds"
)

func TestStats(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)

	empty, err := s.Stats(ctx)
	if err != nil || empty.Articles != 0 || !empty.Oldest.IsZero() || !empty.Newest.IsZero() || empty.Bytes <= 0 {
		t.Fatalf("empty stats = %+v, %v", empty, err)
	}

	fs := addTestFeeds(t, s, 3) // Source 0, 1, 2; Source 2 stays empty
	now := time.Now().Truncate(time.Millisecond)
	oldest, newest := now.Add(-400*day), now.Add(-time.Hour)
	a0 := pageArticle("a0", oldest)
	a0.Read, a0.Starred = true, true
	a1 := pageArticle("a1", now.Add(-2*day))
	a2 := pageArticle("a2", newest)
	a2.Starred = true
	saveArticles(t, s, fs[0], a0, a1, a2)
	b0 := pageArticle("b0", now.Add(-3*day))
	b0.Read = true
	b1 := pageArticle("b1", now.Add(-4*day))
	ids := saveArticles(t, s, fs[1], b0, b1)

	// a1 and b0 get their page, a2 hits a paywall, b1 is refused.
	cs, err := s.PageCandidates(ctx, time.Time{}, time.Now().Add(-feeds.PageRetryAfter), 10)
	if err != nil {
		t.Fatal(err)
	}
	pages := map[int64]feeds.ArticlePage{
		ids["a1"]: {Source: feeds.TextFromPage, URL: "https://x.example/a1", Content: "<p>x</p>", Text: "x"},
		ids["b0"]: {Source: feeds.TextFromPage, URL: "https://x.example/b0", Content: "<p>y</p>", Text: "y"},
		ids["a2"]: {Source: feeds.TextPaywall, URL: "https://x.example/a2"},
		ids["b1"]: {Source: feeds.TextBlocked, URL: "https://x.example/b1"},
	}
	for _, c := range cs {
		if p, ok := pages[c.ID]; ok {
			if err := s.SavePage(ctx, c, p, now); err != nil {
				t.Fatal(err)
			}
		}
	}

	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != 5 || st.Unread != 3 || st.Starred != 2 || st.WithPage != 2 || st.Paywalled != 2 {
		t.Errorf("totals = %+v", st)
	}
	if !st.Oldest.Equal(oldest) || !st.Newest.Equal(newest) {
		t.Errorf("oldest %v newest %v, want %v %v", st.Oldest, st.Newest, oldest, newest)
	}
	if st.Bytes <= empty.Bytes {
		t.Errorf("bytes %d, empty cache %d", st.Bytes, empty.Bytes)
	}
	want := []FeedStat{
		{ID: fs[0].ID, Title: "Source 0", URL: fs[0].URL, Articles: 3, Unread: 2, WithPage: 1},
		{ID: fs[1].ID, Title: "Source 1", URL: fs[1].URL, Articles: 2, Unread: 1, WithPage: 1},
		{ID: fs[2].ID, Title: "Source 2", URL: fs[2].URL},
	}
	if len(st.Feeds) != len(want) {
		t.Fatalf("feeds = %+v", st.Feeds)
	}
	for i := range want {
		if st.Feeds[i] != want[i] {
			t.Errorf("feed %d = %+v, want %+v", i, st.Feeds[i], want[i])
		}
	}
}
