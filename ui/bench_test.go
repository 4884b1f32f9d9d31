package ui

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"veille/feeds"
	"veille/storage"
)

// asyncDriver runs the reader as bubbletea does: each command in its own goroutine, messages
// back through one channel, Update and View on this goroutine. A key press is measured from
// Update to the View of the first frame that shows its result; background work it started
// (counts, prefetches) runs meanwhile, as it would, and is waited for between presses.
type asyncDriver struct {
	m        Model
	msgs     chan tea.Msg
	inflight atomic.Int64 // commands running or whose message is not read yet
}

func newAsyncDriver(m Model, width, height int) *asyncDriver {
	d := &asyncDriver{m: m, msgs: make(chan tea.Msg, 64)}
	d.exec(m.Init())
	d.update(tea.WindowSizeMsg{Width: width, Height: height})
	d.settle()
	return d
}

func (d *asyncDriver) exec(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	d.inflight.Add(1)
	go func() {
		switch msg := cmd().(type) {
		case nil, pendingTick:
			d.inflight.Add(-1)
		case tea.BatchMsg:
			for _, c := range msg {
				d.exec(c)
			}
			d.inflight.Add(-1)
		default:
			d.msgs <- msg // counted until update reads it
		}
	}()
}

func (d *asyncDriver) update(msg tea.Msg) {
	m, cmd := d.m.Update(msg)
	d.m = m.(Model)
	d.exec(cmd)
}

// receive handles one message from a command.
func (d *asyncDriver) receive(msg tea.Msg) {
	d.inflight.Add(-1)
	d.update(msg)
}

// press sends a key and handles messages until done says the result is there, then draws.
func (d *asyncDriver) press(k tea.KeyMsg, done func(Model) bool) string {
	d.update(k)
	for !done(d.m) {
		d.receive(<-d.msgs)
	}
	return d.m.View()
}

// settle handles every message until no command is left running.
func (d *asyncDriver) settle() {
	for {
		select {
		case msg := <-d.msgs:
			d.receive(msg)
		case <-time.After(time.Millisecond):
			if d.inflight.Load() == 0 {
				return
			}
		}
	}
}

func always(Model) bool { return true }

func pageShown(m Model) bool {
	return m.tabs[m.active].sources || (m.list.loaded && m.list.loading == pageNone)
}

func articleShown(m Model) bool { return m.article.loaded || m.article.err != nil }

// BenchmarkKeypress measures a key press handled and drawn over a 100,000-article cache (see
// benchdb_test.go): moving the cursor, switching tabs, opening an article.
func BenchmarkKeypress(b *testing.B) {
	s, err := storage.Open(context.Background(), benchDB(b))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	// Draw in colour, as a real terminal does: styling is most of View's cost.
	lipgloss.SetColorProfile(termenv.TrueColor)
	defer lipgloss.SetColorProfile(termenv.Ascii)
	opts := testOptions(s)
	opts.Now = time.Now
	newDriver := func() *asyncDriver { return newAsyncDriver(New(opts), 100, 30) }

	b.Run("cursor-down", func(b *testing.B) {
		d := newDriver()
		for i := 0; i < b.N; i++ {
			d.press(keyMsg("j"), always)
			b.StopTimer()
			d.settle()
			b.StartTimer()
		}
	})
	b.Run("cursor-up", func(b *testing.B) {
		d := newDriver()
		for range 3000 {
			d.press(keyMsg("j"), always)
			d.settle()
		}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			d.press(keyMsg("k"), always)
			b.StopTimer()
			if d.m.list.cursor == 0 && d.m.list.offset == 0 {
				d.press(keyMsg("G"), pageShown)
			}
			d.settle()
			b.StartTimer()
		}
	})
	b.Run("page-down", func(b *testing.B) {
		d := newDriver()
		for i := 0; i < b.N; i++ {
			d.press(keyMsg("<pgdown>"), always)
			b.StopTimer()
			d.settle()
			b.StartTimer()
		}
	})
	b.Run("bottom", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			d := newDriver()
			b.StartTimer()
			d.press(keyMsg("G"), pageShown)
		}
	})
	b.Run("tab-switch", func(b *testing.B) {
		d := newDriver()
		for i := 0; i < b.N; i++ {
			d.press(keyMsg("<tab>"), pageShown)
			b.StopTimer()
			d.settle()
			b.StartTimer()
		}
	})
	b.Run("open-article", func(b *testing.B) {
		d := newDriver()
		for i := 0; i < b.N; i++ {
			d.press(keyMsg("<enter>"), articleShown)
			b.StopTimer()
			d.settle()
			d.press(keyMsg("<esc>"), always)
			d.press(keyMsg("j"), always)
			d.settle()
			b.StartTimer()
		}
	})
	b.Run("next-article", func(b *testing.B) {
		d := newDriver()
		d.press(keyMsg("<enter>"), articleShown)
		d.settle()
		for i := 0; i < b.N; i++ {
			d.press(keyMsg("n"), articleShown)
			b.StopTimer()
			d.settle()
			b.StartTimer()
		}
	})
	// The same presses while a refresh writes to the cache from another connection, as a
	// background or cron refresh does: one feed's 50 articles rewritten over and over, each
	// save one IMMEDIATE transaction with its full-text index updates.
	b.Run("while-refreshing", func(b *testing.B) {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() {
			defer close(done)
			refreshLoop(ctx, b, benchDB(b))
		}()
		defer func() { cancel(); <-done }()
		d := newDriver()
		keys := []string{"j", "j", "<tab>", "k"}
		for i := 0; i < b.N; i++ {
			k := keys[i%len(keys)]
			if k == "<tab>" {
				d.press(keyMsg(k), pageShown)
			} else {
				d.press(keyMsg(k), always)
			}
			b.StopTimer()
			d.settle()
			b.StartTimer()
		}
	})
	b.Run("view", func(b *testing.B) {
		d := newDriver()
		for b.Loop() {
			_ = d.m.View()
		}
	})
}

// refreshLoop saves one feed again and again with changed text until ctx ends.
func refreshLoop(ctx context.Context, b *testing.B, path string) {
	w, err := storage.Open(ctx, path)
	if err != nil {
		b.Error(err)
		return
	}
	defer w.Close()
	if _, err := w.AddFeeds(ctx, []feeds.Feed{{URL: "http://127.0.0.1/bench-writer.xml", Title: "Écrivain"}}, time.Now()); err != nil {
		b.Error(err)
		return
	}
	f, err := w.Feed(ctx, "http://127.0.0.1/bench-writer.xml")
	if err != nil {
		b.Error(err)
		return
	}
	text := strings.Repeat("Le règlement européen sur l’intelligence artificielle encadre les modèles. ", 20)
	for round := 0; ctx.Err() == nil; round++ {
		arts := make([]feeds.Article, 50)
		for i := range arts {
			arts[i] = feeds.Article{Key: fmt.Sprintf("w-%d", i), Title: fmt.Sprintf("Article %d, version %d", i, round),
				URL: fmt.Sprintf("http://127.0.0.1/w/%d", i), Text: text, Content: "<p>" + text + "</p>",
				Published: time.Date(2020, 1, 1, 0, 0, i, 0, time.UTC)}
		}
		if _, err := w.SaveRefresh(ctx, feeds.FeedUpdate{Feed: f, Articles: arts}, time.Now()); err != nil && ctx.Err() == nil {
			b.Error(err)
			return
		}
	}
}
