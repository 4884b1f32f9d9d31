package fulltext

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"veille/feeds"
)

// BenchmarkExtract measures extraction of a realistic 62 KB article page (mega menu, cookie
// banner, ads, inline scripts, 48 comments). The target is 50 pages/s on one core:
//
//	go test -run '^$' -bench Extract -cpu 1 ./feeds/fulltext
func BenchmarkExtract(b *testing.B) {
	page := fixture(b, "frandroid")
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		p, err := Extract(page, "https://www.frandroid.com/a")
		if err != nil || p.Source != feeds.TextFromPage {
			b.Fatal(p.Source, err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}

// TestEnrich500 fetches and extracts 500 article pages with the production limits
// (Parallel 4, PerHost 1) from a single loopback host, the worst case, where PerHost 1 makes
// the whole run sequential, and checks it stays under 15 s. Under the race detector, which
// slows extraction tenfold, it runs 60 pages and does not time them.
func TestEnrich500(t *testing.T) {
	n, limit := 500, 15*time.Second
	if raceEnabled || testing.Short() {
		n, limit = 60, 0
	}
	d := enrichN(t, n, 1)
	t.Logf("%d pages from 1 host in %s (%.0f pages/s, GOMAXPROCS %d)", n, d.Round(time.Millisecond),
		float64(n)/d.Seconds(), runtime.GOMAXPROCS(0))
	if limit > 0 && d > limit {
		t.Errorf("%d pages took %s, want under %s", n, d, limit)
	}
}

// BenchmarkEnrich500 is TestEnrich500 as a benchmark, from one host and from ten loopback
// addresses (127.0.0.1…127.0.0.10, as a dozen outlets would be): ns/op is the time for all
// 500 pages.
func BenchmarkEnrich500(b *testing.B) {
	for _, hosts := range []int{1, 10} {
		b.Run(fmt.Sprintf("hosts=%d", hosts), func(b *testing.B) {
			for b.Loop() {
				enrichN(b, 500, hosts)
			}
		})
	}
}

func enrichN(t testing.TB, n, hosts int) time.Duration {
	body := fixture(t, "frandroid")
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=UTF-8")
		w.Write(body)
	})
	var urls []string
	for i := 1; i <= hosts; i++ {
		urls = append(urls, serveOn(t, fmt.Sprintf("127.0.0.%d", i), h).URL)
	}
	cands := make([]feeds.PageCandidate, n)
	for i := range cands {
		cands[i] = feeds.PageCandidate{ID: int64(i), URL: fmt.Sprintf("%s/article/%d", urls[i%len(urls)], i), TextLen: 300}
	}
	e := &Enricher{Fetcher: testFetcher(4 << 20), Parallel: 4, PerHost: 1}
	start := time.Now()
	sum, err := e.Run(context.Background(), cands, func(_ context.Context, _ feeds.PageCandidate, p feeds.ArticlePage) error {
		if !strings.Contains(p.Text, "Devstral 2") {
			t.Errorf("page %s: %q %s", p.URL, p.Source, p.Err)
		}
		return nil
	})
	d := time.Since(start)
	if err != nil || sum.Pages != n {
		t.Fatalf("Run = %+v, %v; want %d pages", sum, err, n)
	}
	return d
}
