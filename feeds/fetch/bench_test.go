package fetch

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"veille/feeds"
)

// Figures on the shared 2-core box (go test -run '^$' -bench . -benchtime 2s -count 5,
// medians, load average 4–6 from other work, so ±25%):
//
//	Fetch304x100    5.2 ms/op (52 µs a fetch)   706 KB/op  7.9k allocs/op
//	Floor304x100    4.6 ms/op (46 µs a fetch)   550 KB/op  6.1k allocs/op
//	FetchGzip120KB  1.04 ms/op  118 MB/s        137 KB/op   113 allocs/op
//	FloorGzip120KB  1.07 ms/op  114 MB/s        307 KB/op   106 allocs/op
//
// On a quieter moment the same code did 4.0 ms and 0.75 ms. The server runs in the same
// process, so half of every allocation count is its own.

// BenchmarkFetch304x100 is a warm refresh of 100 feeds that have not changed: one op is
// 100 sequential conditional GETs answered 304 over one kept-alive connection.
func BenchmarkFetch304x100(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Write([]byte(rssDoc))
	}))
	defer srv.Close()
	f := New(Options{})
	f.transport.Proxy = nil
	defer f.transport.CloseIdleConnections()
	reqs := make([]feeds.FetchRequest, 100)
	for i := range reqs {
		reqs[i] = feeds.FetchRequest{URL: fmt.Sprintf("%s/feeds/%03d.xml", srv.URL, i), ETag: `"v1"`,
			LastModified: "Tue, 03 Mar 2026 08:00:00 GMT"}
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		for _, req := range reqs {
			resp, err := f.Fetch(ctx, req)
			if err != nil || !resp.NotModified {
				b.Fatal(resp, err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(reqs)), "ns/fetch")
}

// BenchmarkFetchGzip120KB fetches one 50-item feed of about 120 KB served gzipped, the
// size of a typical French press feed.
func BenchmarkFetchGzip120KB(b *testing.B) {
	doc := syntheticFeed(120 << 10)
	z := gzipped(b, doc)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml; charset=UTF-8")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(z)
	}))
	defer srv.Close()
	f := New(Options{})
	f.transport.Proxy = nil
	defer f.transport.CloseIdleConnections()
	req := feeds.FetchRequest{URL: srv.URL + "/feed"}
	ctx := context.Background()
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		resp, err := f.Fetch(ctx, req)
		if err != nil || len(resp.Body) != len(doc) {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(z)), "wire-bytes")
}

// syntheticFeed builds an RSS document of about size bytes from French press vocabulary,
// drawn with a fixed seed so that every run sees the same bytes. Its small vocabulary
// compresses about 6× (120 KB → 20 KB); real feeds do 3–4×, so the wire side is light here.
func syntheticFeed(size int) []byte {
	words := strings.Fields(`l’intelligence artificielle générative modèle ouvert poids Mistral
		OpenAI régulation européenne AI Act Commission souveraineté numérique données cloud
		startup levée de fonds millions d’euros open source licence Meta Llama Google Gemini
		cybersécurité rançongiciel CNIL RGPD smartphone processeur puce Nvidia centre de calcul
		développeurs entreprise publique ministère annonce lundi mardi selon rapport publié`)
	rng := rand.New(rand.NewPCG(1, 2))
	var sb strings.Builder
	sb.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<rss version="2.0"><channel><title>Flux synthétique</title><link>https://exemple.fr/</link>` + "\n")
	for i := 0; sb.Len() < size-200; i++ {
		fmt.Fprintf(&sb, "<item><title>Article %d</title><link>https://exemple.fr/a/%d</link><guid>https://exemple.fr/?p=%d</guid>"+
			"<pubDate>Tue, 03 Mar 2026 08:%02d:00 +0100</pubDate><description><![CDATA[<p>", i, i, 1000+i, i%60)
		for range 300 {
			if sb.Len() >= size-200 {
				break
			}
			sb.WriteString(words[rng.IntN(len(words))])
			sb.WriteByte(' ')
		}
		sb.WriteString("</p>]]></description></item>\n")
	}
	sb.WriteString("</channel></rss>\n")
	return []byte(sb.String())
}

// BenchmarkFloor304x100 and BenchmarkFloorGzip120KB are the same exchanges through a bare
// http.Client (default transport settings, io.ReadAll), the floor the Fetcher's timeouts,
// caps and classification are measured against.
func BenchmarkFloor304x100(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotModified)
	}))
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: maxIdlePerHost}}
	defer client.CloseIdleConnections()
	b.ReportAllocs()
	for b.Loop() {
		for i := range 100 {
			req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/feeds/%03d.xml", srv.URL, i), nil)
			req.Header.Set("If-None-Match", `"v1"`)
			resp, err := client.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			resp.Body.Close()
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*100), "ns/fetch")
}

func BenchmarkFloorGzip120KB(b *testing.B) {
	doc := syntheticFeed(120 << 10)
	z := gzipped(b, doc)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(z)
	}))
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: maxIdlePerHost}}
	defer client.CloseIdleConnections()
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		resp, err := client.Get(srv.URL + "/feed")
		if err != nil {
			b.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || len(body) != len(doc) {
			b.Fatal(err)
		}
	}
}
