package remote

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"veille/feeds"
	"veille/feeds/remote/remotetest"
)

func TestCanonicalID(t *testing.T) {
	for in, want := range map[string]string{
		"1700000000000001": "1700000000000001", // FreshRSS, decimal, 16 digits: not hex
		"tag:google.com,2005:reader/item/00060a24181e4001": "1700000000000001",
		"tag:google.com,2005:reader/item/2f2":              "754", // NetNewsWire's unpadded hex
		"tag:google.com,2005:reader/item/ffffffffffffffff": "18446744073709551615",
		" 42 ": "42",
	} {
		got, err := CanonicalID(in)
		if err != nil || got != want {
			t.Errorf("CanonicalID(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "abc", "tag:google.com,2005:reader/item/", "tag:google.com,2005:reader/item/xyz", "-1"} {
		if _, err := CanonicalID(bad); err == nil {
			t.Errorf("CanonicalID(%q) accepted", bad)
		}
	}
	if got := longID("1700000000000001"); got != "tag:google.com,2005:reader/item/00060a24181e4001" {
		t.Errorf("longID = %q", got)
	}
}

func freshRSSClient(t *testing.T) (*remotetest.FreshRSS, *GReader) {
	fr := remotetest.NewFreshRSS(t)
	g := NewGReader(Options{URL: fr.API(), Username: fr.User, Password: fr.Password})
	if err := g.Login(context.Background()); err != nil {
		t.Fatal(err)
	}
	return fr, g
}

func TestGReaderFollowsContinuations(t *testing.T) {
	fr, g := freshRSSClient(t)
	fr.PageSize = 1
	unread, starred, err := g.StateIDs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(unread) != "[1700000000000004 1700000000000003 1700000000000002]" || fmt.Sprint(starred) != "[1700000000000001]" {
		t.Fatalf("unread %v, starred %v", unread, starred)
	}
	if n := fr.Calls("/stream/items/ids"); n != 4 {
		t.Fatalf("%d stream/items/ids pages, want 3 + 1", n)
	}
}

func TestGReaderItems(t *testing.T) {
	for _, missing := range []bool{false, true} {
		fr, g := freshRSSClient(t)
		fr.NoItemContents = missing
		items, err := g.Items(context.Background(), []string{"1700000000000001", "1700000000000003", "999"})
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 2 {
			t.Fatalf("missing=%v: %d items", missing, len(items))
		}
		byID := map[string]Item{}
		for _, it := range items {
			byID[it.ID] = it
		}
		cnil := byID["1700000000000003"]
		if cnil.FeedID != "feed/5" || cnil.URL != "https://next.ink/3-cnil.html" || cnil.Published.Unix() != 1700000120 ||
			!strings.Contains(cnil.Content, "règlement européen") || fmt.Sprint(cnil.Labels) != "[Presse À lire]" {
			t.Fatalf("missing=%v: item %+v", missing, cnil)
		}
	}
}

func TestGReaderEditTagBatchesAndRenewsItsToken(t *testing.T) {
	ctx := context.Background()
	fr, g := freshRSSClient(t)
	ids := make([]string, 600)
	for i := range ids {
		ids[i] = fmt.Sprint(1700000000000001 + i)
	}
	fr.ExpireToken()
	if err := g.Mark(ctx, feeds.SyncRead, ids); err != nil {
		t.Fatal(err)
	}
	if n := fr.Calls("/edit-tag"); n != 4 {
		t.Fatalf("%d edit-tag calls, want 1 refused with the stale token, then 3 batches of at most 250", n)
	}
	if n := fr.Calls("/token"); n != 2 {
		t.Fatalf("%d token calls, want 2", n)
	}
	if !fr.Read(1700000000000004) {
		t.Fatal("not marked read")
	}
}

func TestGReaderErrorsSayWhatAndHideThePassword(t *testing.T) {
	fr := remotetest.NewFreshRSS(t)
	g := NewGReader(Options{URL: fr.API(), Username: fr.User, Password: "s3cr3t-wrong"})
	err := g.Login(context.Background())
	if KindOf(err) != ErrAuth || strings.Contains(err.Error(), "s3cr3t") {
		t.Fatalf("wrong password: %v", err)
	}
	notFound := httptest.NewServer(http.NotFoundHandler())
	defer notFound.Close()
	g = NewGReader(Options{URL: notFound.URL, Username: fr.User, Password: fr.Password})
	if err := g.Login(context.Background()); KindOf(err) != ErrServer || !strings.Contains(err.Error(), "HTTP 404") {
		t.Fatalf("wrong URL: %v", err)
	}
	g = NewGReader(Options{URL: "http://127.0.0.1:1", Username: fr.User, Password: fr.Password})
	if err := g.Login(context.Background()); KindOf(err) != ErrNetwork {
		t.Fatalf("nothing listening: %v", err)
	}
}
