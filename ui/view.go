package ui

import (
	"errors"
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"veille/feeds"
)

// View implements tea.Model. It draws from the model alone: no I/O, no clock.
func (m Model) View() string {
	w, h := m.sh.width, m.sh.height
	if w <= 0 || h <= 0 {
		return ""
	}
	if m.tooSmall() {
		msg := m.sh.lang.T("reader.too-small", minWidth, minHeight, w, h)
		return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center,
			m.sh.styles.Small.Render(wrapText(msg, max(w-2, 1))))
	}
	parts := []string{m.tabBarView(w), m.ruleView(w), m.bodyView()}
	switch m.focus {
	case focusFilter:
		parts = append(parts, m.filter.view(w))
	case focusTags:
		parts = append(parts, m.tagEd.view(w))
	}
	parts = append(parts, m.status.view(w, m.positionText()), m.helpLineView(w))
	return strings.Join(parts, "\n")
}

// ruleView is the line under the tabs; it shows the tab's filter when there is one.
func (m Model) ruleView(width int) string {
	st := m.sh.styles.Tabs.Rule
	f := m.tabs[m.active].filter
	if f == "" || m.tabs[m.active].sources {
		return st.Render(strings.Repeat("─", width))
	}
	label := " / " + truncate(line(f), width-8) + " "
	return st.Render("──") + m.sh.styles.Input.Prompt.Render(label) +
		st.Render(strings.Repeat("─", max(width-2-ansi.StringWidth(label), 0)))
}

func (m Model) bodyView() string {
	w, h := m.sh.width, m.bodyHeight()
	if m.help {
		title := m.sh.styles.Article.Heading.Render("  " + m.sh.lang.T("help.title"))
		full := m.helpBar.FullHelpView(m.sh.keys.fullHelp(m.sh.lang))
		full = lipgloss.NewStyle().PaddingLeft(2).Render(full)
		return padBlock(title+"\n\n"+full, w, h)
	}
	switch {
	case m.focus == focusArticle:
		return m.article.view()
	case m.tabs[m.active].sources:
		return m.sources.view()
	case m.tabs[m.active].debate:
		return m.debate.view()
	case m.storiesShown():
		return m.stories.view()
	}
	if m.list.loaded && len(m.list.rows) == 0 {
		return m.emptyListView(w, h)
	}
	return m.list.view()
}

// emptyListView says why the list is empty and what to do.
func (m Model) emptyListView(w, h int) string {
	st := m.sh.styles.List
	l := m.sh.lang
	t := m.tabs[m.active]
	var head, hint string
	var qe *feeds.QueryError
	switch {
	case errors.As(m.list.err, &qe) && t.filter == "":
		head, hint = l.T("list.badtab"), l.QueryError(qe)
	case m.list.err != nil:
		head = l.T("status.error", line(m.list.err.Error()))
	case strings.TrimSpace(t.Query) == "" && t.filter == "":
		head = l.T("list.empty.cache")
		switch {
		case m.status.refreshing:
			hint = l.T("list.empty.loading")
		case m.status.offline || m.status.unreachable:
			hint = l.T("list.empty.offline")
		default:
			hint = l.T("list.empty.online")
		}
	default:
		head = l.T("list.empty.query")
		if t.filter != "" {
			hint = l.T("list.empty.hint")
		}
	}
	body := st.Empty.Render(wrapText(head, w-4))
	if hint != "" {
		body += "\n\n" + st.EmptyHint.Render(wrapText(line(hint), w-4))
	}
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, body)
}

// positionText is the right end of the status line: where the cursor is.
func (m Model) positionText() string {
	l := m.sh.lang
	switch {
	case m.focus == focusArticle:
		if !m.article.loaded {
			return ""
		}
		return strconv.Itoa(m.article.scrollPercent()) + " %"
	case m.tabs[m.active].sources:
		if len(m.sources.feeds) == 0 {
			return ""
		}
		return l.T("status.position", m.sources.cursor+1, len(m.sources.feeds))
	case m.tabs[m.active].debate:
		return ""
	case m.storiesShown():
		return m.stories.positionText()
	case len(m.list.rows) == 0:
		if m.list.loading != pageNone {
			return l.T("status.loading")
		}
		return ""
	case m.list.counted:
		return l.T("status.position", m.list.position(), max(m.list.total, m.list.position()))
	}
	return l.T("status.position.unknown", m.list.position())
}

// helpLineView is the short help: as many of the mode's bindings as fit, then "…". (bubbles'
// ShortHelpView overflows once even its ellipsis no longer fits.)
func (m Model) helpLineView(width int) string {
	st := m.sh.styles.Help
	sep := st.ShortSeparator.Render(" • ")
	ellipsis := st.Ellipsis.Render(" …")
	var b strings.Builder
	used := 1
	first := true
	for _, kb := range m.sh.keys.shortHelp(m.mode()) {
		if !kb.Enabled() {
			continue
		}
		item := st.ShortKey.Render(kb.Help().Key) + " " + st.ShortDesc.Render(kb.Help().Desc)
		if !first {
			item = sep + item
		}
		w := lipgloss.Width(item)
		if used+w > width-2 {
			b.WriteString(ellipsis)
			break
		}
		b.WriteString(item)
		used += w
		first = false
	}
	return padRight(" "+b.String(), width)
}

// padBlock makes s exactly w×h cells.
func padBlock(s string, w, h int) string {
	lines := strings.Split(padLines(s, h), "\n")
	for i, ln := range lines {
		lines[i] = padRight(truncate(ln, w), w)
	}
	return strings.Join(lines, "\n")
}
