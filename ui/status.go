package ui

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"veille/feeds"
	"veille/ui/lang"
)

// statusModel is the status line: a spinner with feeds done/total and failures while
// refreshing, the offline mark, a transient message, and on the right the position and the
// cache's age.
type statusModel struct {
	sh *shared

	spin        spinner.Model
	refreshing  bool
	progress    refreshProgress
	offline     bool // started with --offline, or without a way to refresh
	unreachable bool // the last refresh reached no feed at all

	lastUpdate time.Time // newest successful fetch of any feed
	feedsKnown bool

	msg     string
	msgKind msgKind
	msgGen  int
}

// msgKind is what kind of transient message shows: the reader finds its own messages again
// by kind, never by comparing translated text.
type msgKind int

const (
	msgInfo msgKind = iota
	msgError
	msgLoading // waiting for the list's end or its next page; cleared when the end arrives
)

func newStatusModel(sh *shared, offline bool) statusModel {
	return statusModel{
		sh:      sh,
		offline: offline,
		spin:    spinner.New(spinner.WithSpinner(spinner.MiniDot), spinner.WithStyle(sh.styles.Status.Spinner)),
	}
}

// durations of transient messages.
const (
	infoFor  = 4 * time.Second
	errorFor = 8 * time.Second
)

// say shows a transient message, replacing the current one.
func (m statusModel) say(msg string, isErr bool) (statusModel, tea.Cmd) {
	kind := msgInfo
	if isErr {
		kind = msgError
	}
	return m.show(msg, kind)
}

// sayLoading says the list is loading, until loaded (or the message's time) clears it.
func (m statusModel) sayLoading() (statusModel, tea.Cmd) {
	return m.show(m.sh.lang.T("status.loading"), msgLoading)
}

// loaded clears the loading message, and only it.
func (m statusModel) loaded() statusModel {
	if m.msgKind == msgLoading {
		m.msg, m.msgKind = "", msgInfo
	}
	return m
}

func (m statusModel) show(msg string, kind msgKind) (statusModel, tea.Cmd) {
	m.msg, m.msgKind = msg, kind
	m.msgGen++
	d := infoFor
	if kind == msgError {
		d = errorFor
	}
	return m, expireStatusCmd(m.sh.tick, m.msgGen, d)
}

func (m statusModel) expired(msg statusExpiredMsg) statusModel {
	if msg.gen == m.msgGen {
		m.msg, m.msgKind = "", msgInfo
	}
	return m
}

// feedsLoaded learns the cache's age from the feeds' last successes.
func (m statusModel) feedsLoaded(fs []feeds.Feed) statusModel {
	m.feedsKnown = true
	m.lastUpdate = time.Time{}
	for _, f := range fs {
		if f.LastSuccess.After(m.lastUpdate) {
			m.lastUpdate = f.LastSuccess
		}
	}
	return m
}

// view draws the status line, exactly width cells; right is the position text.
func (m statusModel) view(width int, right string) string {
	st := m.sh.styles.Status
	l := m.sh.lang
	var left []string
	switch {
	case m.refreshing:
		p := l.T("status.refreshing", m.progress.done, m.progress.total)
		if m.progress.failed > 0 {
			p += " · " + failures(l, m.progress.failed)
		}
		left = append(left, m.spin.View()+st.Info.Render(" "+p))
	case m.offline:
		left = append(left, st.Offline.Render(l.T("status.offline")))
	case m.unreachable:
		left = append(left, st.Offline.Render(l.T("status.offline.network")))
	}
	if m.msg != "" {
		s := st.Info
		if m.msgKind == msgError {
			s = st.Error
		}
		left = append(left, s.Render(line(m.msg)))
	}
	if m.feedsKnown {
		age := l.T("status.never")
		if !m.lastUpdate.IsZero() {
			age = l.T("status.age", l.Ago(m.lastUpdate, m.sh.now))
		}
		if right != "" {
			right += " · "
		}
		right += age
	}
	sep := st.Text.Render(" · ")
	leftText := strings.Join(left, sep)
	rightText := st.Right.Render(right + " ")
	// The right part yields to a message that needs the room.
	room := width - lipgloss.Width(rightText) - 2
	if lipgloss.Width(leftText) > room {
		rightText, room = "", width-2
	}
	if lipgloss.Width(leftText) > room {
		leftText = ansi.Truncate(leftText, room, "…")
	}
	gap := width - 1 - lipgloss.Width(leftText) - lipgloss.Width(rightText)
	return st.Bar.Render(" ") + leftText + st.Bar.Render(strings.Repeat(" ", max(gap, 0))) + rightText
}

// failures says "1 échec" or "3 échecs".
func failures(l lang.Lang, n int) string {
	if n == 1 {
		return l.T("status.failed.one")
	}
	return l.T("status.failed.many", n)
}

// newArticles says how many articles a refresh brought.
func newArticles(l lang.Lang, n int) string {
	switch n {
	case 0:
		return l.T("status.new.none")
	case 1:
		return l.T("status.new.one")
	}
	return l.T("status.new.many", n)
}
