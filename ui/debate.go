package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"veille/feeds"
	"veille/ui/render"
)

// The Débat tab: this week's stories on the open/proprietary axis with counts per side, the
// names each side cites most, and per-tag sparklines of the last weeks. Every figure is
// drawn with characters (◯ ■ ◐, block sparklines), so it reads under NO_COLOR.

// DebateQuery is the Query of the Débat tab (accents and case ignored: « débat » works).
const DebateQuery = "debat"

// debateWeeks is how many weeks the sparklines cover; debateStories how many stories of the
// week are read (the most recent first), and debateNames how many names a side lists.
const (
	debateWeeks   = 12
	debateStories = 300
	debateNames   = 6
	debateTitles  = 5
)

func isDebate(query string) bool {
	return feeds.FoldName(strings.TrimSpace(query)) == DebateQuery
}

type debateModel struct {
	sh      *shared
	gen     int
	loaded  bool
	err     error
	sides   []feeds.Side
	week    int // stories of the week, all stances
	trends  []feeds.Trend
	first   time.Time
	offset  int // first line shown
	lines   int // lines of the last view, for scrolling
	width   int
	height  int
	loading bool
}

type debateLoadedMsg struct {
	gen    int
	sides  []feeds.Side
	week   int
	trends []feeds.Trend
	first  time.Time
	err    error
}

// loadDebateCmd reads this week's stories and the tag trends: the same functions as
// `veille trends` (feeds.TrendStart, TagWeeks, feeds.Trends), so the same numbers.
func loadDebateCmd(ctx context.Context, store Store, gen int, now time.Time) tea.Cmd {
	return func() tea.Msg {
		q, err := feeds.ParseQuery("@7d", now)
		if err != nil {
			return debateLoadedMsg{gen: gen, err: err}
		}
		list, _, err := store.ListStories(ctx, q, debateStories, nil, nil)
		if err != nil {
			return debateLoadedMsg{gen: gen, err: err}
		}
		first := feeds.TrendStart(now, debateWeeks)
		counts, err := store.TagWeeks(ctx, first, now, now.Location())
		if err != nil {
			return debateLoadedMsg{gen: gen, err: err}
		}
		return debateLoadedMsg{gen: gen, sides: feeds.Debate(list, debateNames), week: len(list),
			trends: feeds.Trends(counts, first, debateWeeks), first: first}
	}
}

func (m debateModel) reset(ctx context.Context, store Store) (debateModel, tea.Cmd) {
	m.gen++
	m.loading = true
	return m, loadDebateCmd(ctx, store, m.gen, m.sh.now)
}

func (m debateModel) debateLoaded(msg debateLoadedMsg) debateModel {
	if msg.gen != m.gen {
		return m
	}
	m.loading, m.loaded, m.err = false, true, msg.err
	m.sides, m.week, m.trends, m.first = msg.sides, msg.week, msg.trends, msg.first
	return m
}

func (m *debateModel) setSize(w, h int) { m.width, m.height = w, h }

func (m debateModel) content() string {
	st := m.sh.styles
	l := m.sh.lang
	if !m.loaded {
		return "\n  " + st.List.Empty.Render(l.T("status.loading"))
	}
	if m.err != nil {
		return "\n  " + st.List.Empty.Render(l.T("status.error", line(m.err.Error())))
	}
	var b strings.Builder
	counts := make([]any, 0, 4)
	for _, s := range m.sides {
		counts = append(counts, len(s.Stories))
	}
	b.WriteString(" " + st.Article.Title.Render(l.T("debate.title", m.week)) + "\n")
	b.WriteString(" " + st.Article.Meta.Render(l.T("debate.counts", counts...)) + "\n")
	// The axis: one cell per story, open on the left, both in the middle, proprietary right.
	if total := len(m.sides[0].Stories) + len(m.sides[1].Stories) + len(m.sides[2].Stories); total > 0 {
		width := max(m.width-4, 10)
		cells := func(n int) int { return (n*width + total/2) / total }
		axis := strings.Repeat("◯", cells(len(m.sides[0].Stories))) + strings.Repeat("◐", cells(len(m.sides[2].Stories))) +
			strings.Repeat("■", cells(len(m.sides[1].Stories)))
		b.WriteString(" " + truncate(axis, width) + "\n")
	}
	for _, s := range []feeds.Side{m.sides[0], m.sides[1], m.sides[2]} {
		b.WriteString("\n " + st.Article.Heading.Render(StanceMark(s.Stance)+" "+l.T("debate.side", stanceWord(l.T, s.Stance), len(s.Stories))) + "\n")
		if len(s.Names) > 0 {
			names := make([]string, len(s.Names))
			for i, n := range s.Names {
				names[i] = fmt.Sprintf("%s ×%d", line(n.Name), n.Count)
			}
			b.WriteString("   " + st.Article.Faint.Render(truncate(l.T("debate.names", strings.Join(names, " · ")), m.width-4)) + "\n")
		}
		for i, story := range s.Stories {
			if i == debateTitles {
				b.WriteString("   " + st.Article.Faint.Render(l.T("restory.more", len(s.Stories)-i)) + "\n")
				break
			}
			src := l.N("stories.source", "stories.sources", story.Sources)
			b.WriteString("   " + truncate(line(story.Title), max(m.width-8-len(src), 10)) + "  " + st.List.Source.Render(src) + "\n")
		}
	}
	b.WriteString("\n " + st.Article.Heading.Render(l.T("debate.trends", debateWeeks, m.first.Format("02/01"))) + "\n")
	if len(m.trends) == 0 {
		b.WriteString("   " + st.Article.Faint.Render(l.T("trends.none")) + "\n")
	}
	for _, t := range m.trends {
		last := t.Counts[len(t.Counts)-1]
		fmt.Fprintf(&b, "   %-16s %s  %s\n", truncate(line(t.Tag), 16), render.Sparkline(t.Counts),
			st.Article.Faint.Render(l.T("debate.trend.counts", t.Total(), last)))
	}
	return b.String()
}

func (m debateModel) view() string {
	lines := strings.Split(m.content(), "\n")
	off := min(m.offset, max(len(lines)-m.height, 0))
	return padBlock(strings.Join(lines[off:], "\n"), m.width, m.height)
}

func (m Model) debateKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	k := m.sh.keys
	lines := strings.Count(m.debate.content(), "\n") + 1
	last := max(lines-m.debate.height, 0)
	switch {
	case key.Matches(msg, k.Down):
		m.debate.offset = min(m.debate.offset+1, last)
	case key.Matches(msg, k.Up):
		m.debate.offset = max(m.debate.offset-1, 0)
	case key.Matches(msg, k.PageDown):
		m.debate.offset = min(m.debate.offset+m.debate.height, last)
	case key.Matches(msg, k.PageUp):
		m.debate.offset = max(m.debate.offset-m.debate.height, 0)
	case key.Matches(msg, k.Top):
		m.debate.offset = 0
	case key.Matches(msg, k.Bottom):
		m.debate.offset = last
	}
	return m, nil
}
