package storage

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"veille/feeds"
)

// The helper process: a second veille on the same file, run as this test binary re-executed.
const (
	helperEnv   = "VEILLE_STORAGE_HELPER"
	helperDBEnv = "VEILLE_STORAGE_DB"
)

// Sizes of the concurrent refreshes: modest, the race detector slows SQLite down tenfold.
const (
	concFeeds    = 10
	concArticles = 15
)

// TestHelperProcess is not a test: it is the other process of the multi-process tests.
//
//	save: two refresh rounds of every feed, new articles then changed ones;
//	saveslow: many feeds one after the other, saying "saved ID" after each commit, until
//	killed.
func TestHelperProcess(t *testing.T) {
	mode := os.Getenv(helperEnv)
	if mode == "" {
		t.Skip("only run as a helper process")
	}
	ctx := context.Background()
	s, err := Open(ctx, os.Getenv(helperDBEnv))
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		os.Exit(3)
	}
	fs, err := s.Feeds(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		os.Exit(3)
	}
	switch mode {
	case "save":
		if err := refreshRounds(ctx, s, fs, concArticles); err != nil {
			fmt.Fprintln(os.Stderr, "helper:", err)
			os.Exit(1)
		}
	case "saveslow":
		for i, u := range newCorpus(5).updates(fs, 20, time.Now()) {
			if _, err := s.SaveRefresh(ctx, u, time.Now()); err != nil {
				fmt.Fprintln(os.Stderr, "helper:", err)
				os.Exit(1)
			}
			fmt.Printf("saved %d\n", fs[i].ID)
		}
	}
	s.Close()
	os.Exit(0)
}

// refreshRounds saves every feed twice: new articles, then the same with changed text (so that
// updates race with the user's marks too).
func refreshRounds(ctx context.Context, s *Store, fs []feeds.Feed, perFeed int) error {
	us := newCorpus(2).updates(fs, perFeed, time.Now())
	for round := range 2 {
		for _, u := range us {
			if round == 1 {
				for i := range u.Articles {
					u.Articles[i].Text += " Mise à jour."
					u.Articles[i].Hash += "-2"
				}
			}
			res, err := s.SaveRefresh(ctx, u, time.Now())
			if err != nil {
				return err
			}
			if want := len(u.Articles); (round == 0 && res.New != want) || (round == 1 && res.Updated != want) {
				return fmt.Errorf("round %d saved %+v", round, res)
			}
		}
	}
	return nil
}

// marker plays the user: it keeps marking unread articles read and starring some, and
// remembers what it did.
type marker struct {
	s       *Store
	read    map[int64]bool
	starred map[int64]bool
	rounds  int
}

func (m *marker) run(ctx context.Context, done <-chan struct{}) error {
	m.read, m.starred = map[int64]bool{}, map[int64]bool{}
	no := false
	for {
		select {
		case <-done:
			return nil
		default:
		}
		page, err := m.s.ListArticles(ctx, feeds.Query{Read: &no}, feeds.Page{Limit: 7})
		if err != nil {
			return err
		}
		var ids []int64
		for _, a := range page {
			ids = append(ids, a.ID)
			m.read[a.ID] = true
		}
		if err := m.s.SetRead(ctx, ids, true); err != nil {
			return err
		}
		if len(ids) > 0 {
			if err := m.s.SetStarred(ctx, ids[:1], true); err != nil {
				return err
			}
			m.starred[ids[0]] = true
		}
		m.rounds++
		time.Sleep(time.Millisecond)
	}
}

// checkConcurrentOutcome verifies that every article was saved and every mark kept.
func checkConcurrentOutcome(t *testing.T, s *Store, m *marker) {
	t.Helper()
	ctx := context.Background()
	total, _, err := s.CountArticles(ctx, feeds.Query{})
	if err != nil || total != concFeeds*concArticles {
		t.Fatalf("%d articles, want %d (%v)", total, concFeeds*concArticles, err)
	}
	updated, _, _ := s.CountArticles(ctx, feeds.Query{Words: []string{"mise à jour"}})
	if updated != total {
		t.Errorf("%d articles updated, want %d", updated, total)
	}
	if m.rounds == 0 || len(m.read) == 0 {
		t.Errorf("the marker did nothing (%d rounds)", m.rounds)
	}
	t.Logf("the marker ran %d rounds, marked %d articles read", m.rounds, len(m.read))
	for id := range m.read {
		a, err := s.Article(ctx, id)
		if err != nil || !a.Read || (m.starred[id] && !a.Starred) {
			t.Fatalf("article %d lost its marks: read=%v starred=%v (%v)", id, a.Read, a.Starred, err)
		}
	}
	checkIntegrity(t, s)
}

func TestConcurrentGoroutines(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	fs := addTestFeeds(t, s, concFeeds)
	done := make(chan struct{})
	m := &marker{s: s}
	var wg sync.WaitGroup
	var saveErr, markErr error
	wg.Go(func() { defer close(done); saveErr = refreshRounds(ctx, s, fs, concArticles) })
	wg.Go(func() { markErr = m.run(ctx, done) })
	wg.Wait()
	if saveErr != nil || markErr != nil {
		t.Fatalf("save: %v; mark: %v", saveErr, markErr)
	}
	checkConcurrentOutcome(t, s, m)
}

func helperCmd(t *testing.T, mode, path string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), helperEnv+"="+mode, helperDBEnv+"="+path)
	cmd.Stderr = os.Stderr
	return cmd
}

func TestConcurrentProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns a process")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "veille.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	addTestFeeds(t, s, concFeeds)

	cmd := helperCmd(t, "save", path)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	var waitErr error
	go func() { waitErr = cmd.Wait(); close(done) }()
	m := &marker{s: s}
	markErr := m.run(ctx, done)
	<-done
	if waitErr != nil || markErr != nil {
		t.Fatalf("helper: %v; marker: %v", waitErr, markErr)
	}
	checkConcurrentOutcome(t, s, m)
}

// TestKilledDuringRefresh kills a process in the middle of a long series of refreshes, three
// times at different moments: each time the file must open, pass the integrity checks, and
// hold every feed whole or not at all.
func TestKilledDuringRefresh(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns a process")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "veille.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	const nFeeds = 300
	addTestFeeds(t, s, nFeeds)
	s.Close()

	saved := map[int64]bool{} // feeds the helper reported committed, over all runs
	for run, delay := range []time.Duration{0, 2 * time.Millisecond, 7 * time.Millisecond} {
		cmd := helperCmd(t, "saveslow", path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Feeds already whole are re-saved unchanged first; wait for a few new ones.
		target := len(saved) + 5
		sc := bufio.NewScanner(out)
		record := func() {
			if id, ok := strings.CutPrefix(sc.Text(), "saved "); ok {
				n, _ := strconv.ParseInt(id, 10, 64)
				saved[n] = true
			}
		}
		for len(saved) < target && sc.Scan() {
			record()
		}
		// Most likely mid-transaction: the helper spends its time inside SaveRefresh.
		time.Sleep(delay)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		for sc.Scan() { // lines written before the kill
			record()
		}
		cmd.Wait()
		if len(saved) >= nFeeds {
			t.Fatal("the helper finished before it was killed")
		}

		s, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		checkIntegrity(t, s)
		got, err := s.Feeds(ctx)
		if err != nil {
			t.Fatal(err)
		}
		complete := 0
		for _, f := range got {
			whole := f.Articles == 20 && !f.LastSuccess.IsZero()
			empty := f.Articles == 0 && f.LastSuccess.IsZero()
			if !whole && !empty {
				t.Errorf("feed %d half saved: %d articles, last success %v", f.ID, f.Articles, f.LastSuccess)
			}
			if saved[f.ID] && !whole {
				t.Errorf("feed %d was committed but holds %d articles", f.ID, f.Articles)
			}
			if whole {
				complete++
			}
		}
		s.Close()
		if complete < len(saved) || len(got) != nFeeds {
			t.Fatalf("%d complete feeds of %d, %d reported saved", complete, len(got), len(saved))
		}
		t.Logf("run %d: killed after %d reported commits, %d feeds whole", run, len(saved), complete)
	}
}
