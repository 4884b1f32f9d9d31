package ui

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"veille/feeds"
)

// sourcesModel is the Sources tab: every subscription with its unread count, its last fetch
// and its last error in words.
type sourcesModel struct {
	sh *shared

	feeds  []feeds.Feed
	loaded bool
	err    error

	cursor, top   int
	width, height int // the whole area, header included
}

func (m *sourcesModel) setSize(width, height int) {
	m.width, m.height = width, height
	m.scroll()
}

func (m sourcesModel) rowsHeight() int { return max(m.height-1, 1) }

func (m sourcesModel) feedsLoaded(msg feedsLoadedMsg) sourcesModel {
	m.loaded = true
	if msg.err != nil {
		m.err = msg.err
		return m
	}
	var sel int64
	if m.cursor < len(m.feeds) {
		sel = m.feeds[m.cursor].ID
	}
	m.feeds, m.err = msg.feeds, nil
	m.cursor = 0
	for i, f := range m.feeds {
		if f.ID == sel {
			m.cursor = i
		}
	}
	m.scroll()
	return m
}

func (m sourcesModel) selected() (feeds.Feed, bool) {
	if m.cursor < 0 || m.cursor >= len(m.feeds) {
		return feeds.Feed{}, false
	}
	return m.feeds[m.cursor], true
}

// failing counts the feeds whose last fetch failed.
func (m sourcesModel) failing() int {
	n := 0
	for _, f := range m.feeds {
		if f.ErrorKind != feeds.ErrNone {
			n++
		}
	}
	return n
}

func (m sourcesModel) update(msg tea.Msg) sourcesModel {
	k := m.sh.keys
	switch msg := msg.(type) {
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, k.Up):
			m.cursor--
		case key.Matches(msg, k.Down):
			m.cursor++
		case key.Matches(msg, k.PageUp):
			m.cursor -= m.rowsHeight()
		case key.Matches(msg, k.PageDown):
			m.cursor += m.rowsHeight()
		case key.Matches(msg, k.Top):
			m.cursor = 0
		case key.Matches(msg, k.Bottom):
			m.cursor = len(m.feeds) - 1
		}
	case tea.MouseMsg:
		switch msg.Button {
		case tea.MouseButtonWheelUp:
			m.cursor -= 3
		case tea.MouseButtonWheelDown:
			m.cursor += 3
		}
	}
	m.scroll()
	return m
}

func (m *sourcesModel) scroll() {
	m.cursor = max(0, min(m.cursor, len(m.feeds)-1))
	h := m.rowsHeight()
	if m.cursor < m.top {
		m.top = m.cursor
	}
	if m.cursor >= m.top+h {
		m.top = m.cursor - h + 1
	}
	m.top = max(0, min(m.top, len(m.feeds)-h))
}

// rowAt is the feed drawn on line y of the area (the header is line 0).
func (m sourcesModel) rowAt(y int) (int, bool) {
	i := m.top + y - 1
	return i, y >= 1 && y <= m.rowsHeight() && i < len(m.feeds)
}

// sourceTerm is the query term that selects a feed's articles: its title, else its host.
func sourceTerm(f feeds.Feed) string {
	name := feeds.FoldName(f.Title)
	if name == "" || strings.ContainsAny(name, `"«»“”`) {
		if u, err := url.Parse(f.URL); err == nil && u.Hostname() != "" {
			return "=" + strings.TrimPrefix(u.Hostname(), "www.")
		}
		return ""
	}
	return "=" + name
}

type sourceColumns struct{ name, unread, articles, last, status int }

func (m sourcesModel) columns() sourceColumns {
	c := sourceColumns{unread: 7, articles: 8, last: m.sh.dateWidth}
	if m.width < 90 {
		c.articles = 0
	}
	fixed := 2 + 2 + c.unread + 2 + c.last + 2
	if c.articles > 0 {
		fixed += c.articles + 2
	}
	rest := max(m.width-fixed-1, 20)
	c.name = max(12, min(rest*35/100, 32))
	c.status = max(rest-c.name, 8)
	return c
}

func (m sourcesModel) view() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	st := m.sh.styles
	l := m.sh.lang
	if m.loaded && len(m.feeds) == 0 {
		msg := l.T("sources.empty")
		if m.err != nil {
			msg = l.T("status.error", line(m.err.Error()))
		}
		return lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Center,
			st.List.EmptyHint.Render(wrapText(msg, m.width-4)))
	}
	c := m.columns()
	var b strings.Builder
	head := "  " + fit(l.T("sources.feed"), c.name) + "  " + fitLeft(l.T("sources.unread"), c.unread)
	if c.articles > 0 {
		head += "  " + fitLeft(l.T("sources.articles"), c.articles)
	}
	head += "  " + fit(l.T("sources.last"), c.last) + "  " + fit(l.T("sources.status"), c.status)
	b.WriteString(st.Sources.Header.Render(fit(head, m.width)))
	end := min(m.top+m.rowsHeight(), len(m.feeds))
	for i := m.top; i < end; i++ {
		b.WriteString("\n")
		b.WriteString(m.rowView(m.feeds[i], i == m.cursor, c))
	}
	return padLines(b.String(), m.height)
}

func (m sourcesModel) rowView(f feeds.Feed, selected bool, c sourceColumns) string {
	st := m.sh.styles
	l := m.sh.lang
	now := m.sh.now
	bg := func(s lipgloss.Style) lipgloss.Style {
		if selected {
			return s.Inherit(st.List.Selected)
		}
		return s
	}
	name := line(f.Title)
	if name == "" {
		name = line(f.URL)
	}
	last, lastStyle := l.T("feeds.never"), st.Sources.Never
	if !f.LastFetch.IsZero() {
		last, lastStyle = l.Ago(f.LastFetch, now), st.Sources.Number
	}
	status, statusStyle := "—", st.Sources.Never
	switch {
	case f.ErrorKind != feeds.ErrNone:
		status, statusStyle = line(l.FeedError(f)), st.Sources.Error
		if f.NextFetch.After(now) {
			status = l.T("feeds.backoff", status, l.Ago(f.NextFetch, now))
		}
	case f.Malformed && !f.LastFetch.IsZero():
		status, statusStyle = l.T("loose.status"), st.Sources.Number
	case !f.LastFetch.IsZero():
		status, statusStyle = l.T("feeds.ok"), st.Sources.OK
	}
	cursor := " "
	if selected {
		cursor = "▸"
	}
	sp := bg(lipgloss.NewStyle()).Render
	parts := []string{
		bg(st.List.Cursor).Render(cursor), sp(" "),
		bg(st.Sources.Name).Render(fit(name, c.name)), sp("  "),
		bg(st.List.Unread).Render(fitLeft(countText(f.Unread), c.unread)),
	}
	if c.articles > 0 {
		parts = append(parts, sp("  "), bg(st.Sources.Number).Render(fitLeft(strconv.Itoa(f.Articles), c.articles)))
	}
	parts = append(parts, sp("  "), bg(lastStyle).Render(fit(last, c.last)), sp("  "),
		bg(statusStyle).Render(fit(status, c.status)), sp(" "))
	return strings.Join(parts, "")
}

// countText is a count, or nothing for zero.
func countText(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}
