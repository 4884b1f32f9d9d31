package ui

import (
	"errors"
	"strings"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"veille/feeds"
)

// filterModel is the filter bar: a query in the query language, checked as it is typed and
// applied on enter, on top of the tab's own query.
type filterModel struct {
	sh       *shared
	input    lineInput
	tabQuery string
	err      *feeds.QueryError
}

func (m filterModel) open(current, tabQuery string) filterModel {
	m.input = newLineInput(current)
	m.tabQuery = tabQuery
	m.check()
	return m
}

// update edits the query; it reports whether the key was an editing key.
func (m filterModel) update(msg tea.KeyMsg) (filterModel, bool) {
	in, ok := m.input.update(msg)
	if !ok {
		return m, false
	}
	m.input = in
	m.check()
	return m, true
}

// check parses the query as typed, against the time of the last clock tick.
func (m *filterModel) check() {
	m.err = nil
	_, err := effectiveQuery(m.tabQuery, m.input.String(), m.sh.now)
	var qe *feeds.QueryError
	if errors.As(err, &qe) {
		m.err = qe
	}
}

func (m filterModel) value() string { return m.input.String() }

// height is how many lines the bar takes.
func (m filterModel) height() int { return 2 }

// view draws the bar: the prompt and the query on one line, the error or a hint under it.
func (m filterModel) view(width int) string {
	st := m.sh.styles.Input
	prompt := st.Prompt.Render("/ ")
	var mark *markRange
	if m.err != nil {
		s := m.input.String()
		if m.err.Offset >= 0 && m.err.Offset <= len(s) {
			from := utf8.RuneCountInString(s[:m.err.Offset])
			mark = &markRange{from: from, to: from + utf8.RuneCountInString(m.err.Term), style: st.Error.Underline(true)}
		}
	}
	first := " " + prompt + m.input.view(width-4, st.Text, st.Cursor, mark)
	var second string
	if m.err != nil {
		second = st.Error.Render("   ✗ " + truncate(line(m.sh.lang.QueryError(m.err)), width-6))
	} else {
		second = st.Hint.Render("   " + truncate(m.sh.lang.T("filter.hint"), width-4))
	}
	return padRight(first, width) + "\n" + padRight(second, width)
}

// padRight pads a styled line with spaces to width cells.
func padRight(s string, width int) string {
	if w := ansi.StringWidth(s); w < width {
		return s + strings.Repeat(" ", width-w)
	}
	return s
}
