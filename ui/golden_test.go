package ui

import (
	"bytes"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"veille/storage"
)

// TestGolden runs the whole reader in a teatest program at a fixed size with the ASCII colour
// profile (fixtures_test.go's init), waits for the screen to settle, and compares the final
// View with testdata/TestGolden/<name>.golden. Regenerate with go test ./ui -run TestGolden -update.
func TestGolden(t *testing.T) {
	emptyCache := func(tb testing.TB) *storage.Store {
		s := openStore(tb)
		seed(tb, s, []fixtureFeed{{title: "Numerama", url: "https://www.numerama.com/feed/"}}, nil)
		return s
	}
	settled := []string{"Non lus 7", "1/12", "màj il y a 40 min"}
	tests := []struct {
		name          string
		store         func(testing.TB) *storage.Store
		width, height int
		keys          []string
		want          []string // what the final screen shows, waited for
	}{
		{name: "list", want: settled},
		{name: "article", keys: []string{"<enter>"}, want: []string{"24 milliards de paramètres", "100 %"}},
		{name: "evidence", keys: []string{"<enter>", "e"}, want: []string{"Pourquoi ces tags", "« licence Apache 2.0 » (texte)"}},
		{name: "help", keys: []string{"?"}, want: []string{"Touches", "pourquoi ces tags"}},
		{name: "filter-error", keys: []string{"/", "+ia @7x"}, want: []string{"✗ requête", "durée inconnue"}},
		{name: "filter-applied", keys: []string{"/", "=numerama", "<enter>"}, want: []string{"/ =numerama", "1/3"}},
		{name: "tag-editor", keys: []string{"t", "+re"}, want: []string{"Tags : #ia #open-source", "regulation"}},
		{name: "empty-cache", store: emptyCache, want: []string{"Le cache est vide.", "jamais mis à jour"}},
		{name: "sources", keys: []string{"8"}, want: []string{"410 : flux supprimé", "1/8"}},
		{name: "minimum-60x15", width: 60, height: 15, want: []string{"1/12", "màj il y a 40 min"}},
		{name: "minimum-60x15-article", width: 60, height: 15, keys: []string{"<enter>"}, want: []string{"licence Apache 2.0, téléchargeable", "0 %"}},
		{name: "too-small", width: 59, height: 14, want: []string{"Agrandissez"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			store := pressStore
			if tc.store != nil {
				store = tc.store
			}
			w, h := tc.width, tc.height
			if w == 0 {
				w, h = 100, 30
			}
			tm := teatest.NewTestModel(t, New(testOptions(store(t))), teatest.WithInitialTermSize(w, h))
			// Wait for the background loads (tab counts included) before any key, or the golden
			// races them. The output is a stream: without keys, wait once for everything.
			want := tc.want
			if tc.name != "too-small" {
				if len(tc.keys) > 0 {
					waitFor(t, tm, settledFor(tc.name, settled)...)
				} else {
					want = append(settledFor(tc.name, settled), want...)
				}
			}
			for _, k := range tc.keys {
				if strings.HasPrefix(k, "<") || len([]rune(k)) == 1 {
					tm.Send(keyMsg(k))
					continue
				}
				for _, r := range k {
					if r == ' ' {
						tm.Send(tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}})
					} else {
						tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
					}
				}
			}
			waitFor(t, tm, want...)
			if err := tm.Quit(); err != nil {
				t.Fatal(err)
			}
			final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second))
			teatest.RequireEqualOutput(t, []byte(final.View()))
		})
	}
}

// settledFor is what shows once the background loads are done, before any key is sent.
func settledFor(name string, settled []string) []string {
	switch name {
	case "empty-cache":
		return []string{"Le cache est vide.", "jamais mis à jour"}
	case "minimum-60x15", "minimum-60x15-article":
		// The tab counts load in the background too: wait for them, or the golden races them.
		return []string{"1/12", "màj il y a 40 min", "[À la une 7]", "Non lus 7"}
	}
	return settled
}

// waitFor waits until the program has drawn every one of the texts.
func waitFor(t *testing.T, tm *teatest.TestModel, texts ...string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(out []byte) bool {
		for _, s := range texts {
			if !bytes.Contains(out, []byte(s)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}
