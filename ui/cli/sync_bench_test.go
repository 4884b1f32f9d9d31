package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"veille/feeds/remote/remotetest"
)

// Whole syncs against the loopback Miniflux, as `veille sync` runs them (cli.Run: config,
// cache, login, lists, items, save):
//
//	go test -run '^$' -bench Sync -benchtime 5x ./ui/cli
//
// SyncFirst2000: 2,000 new articles into an empty cache. SyncNothingNew: the next sync.
func BenchmarkSyncFirst2000(b *testing.B) {
	for _, kind := range []string{"greader", "miniflux"} {
		b.Run(kind, func(b *testing.B) {
			s := benchSyncSetup(b, kind)
			b.ResetTimer()
			for i := range b.N {
				b.StopTimer()
				s.env["XDG_DATA_HOME"] = filepath.Join(b.TempDir(), fmt.Sprint(i))
				b.StartTimer()
				r := runVeille(s.env, "sync")
				if r.code != 0 || !strings.Contains(r.stderr, "2000 articles") {
					b.Fatalf("sync: %d %s", r.code, r.stderr)
				}
			}
		})
	}
}

func BenchmarkSyncNothingNew(b *testing.B) {
	for _, kind := range []string{"greader", "miniflux"} {
		b.Run(kind, func(b *testing.B) {
			s := benchSyncSetup(b, kind)
			if r := runVeille(s.env, "sync"); r.code != 0 {
				b.Fatal(r.stderr)
			}
			b.ResetTimer()
			for range b.N {
				if r := runVeille(s.env, "sync"); r.code != 0 || !strings.Contains(r.stderr, " 0 articles") {
					b.Fatalf("sync: %d %s", r.code, r.stderr)
				}
			}
		})
	}
}

// benchSyncSetup is a Miniflux following 4 feeds of 500 articles, and a veille configured for it.
func benchSyncSetup(b *testing.B, kind string) *syncSetup {
	s := &syncSetup{t: b, mf: remotetest.Start(b), press: remotetest.NewPress(b), kind: kind}
	s.env = benchEnv(b)
	if kind == "greader" {
		s.mf.EnableGReader()
	}
	s.configure(s.mf.URL, "")
	s.useToken()
	for i := range 4 {
		name := fmt.Sprintf("flux%d", i)
		s.press.Set(name, 500)
		s.mf.Subscribe(context.Background(), s.press.FeedURL(name), "Presse")
	}
	return s
}

func benchEnv(b *testing.B) map[string]string {
	dir := b.TempDir()
	return map[string]string{
		"HOME": dir, "XDG_DATA_HOME": filepath.Join(dir, "data"), "XDG_CONFIG_HOME": filepath.Join(dir, "config"),
		"LANG": "fr_FR.UTF-8",
	}
}
