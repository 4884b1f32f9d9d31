package ui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// tabSpan is where a tab is drawn on the tab bar, for mouse clicks: cells [from, to).
type tabSpan struct {
	index, from, to int
}

// tabLabel is a tab's name with its count: unread articles, or failing feeds for Sources.
func (m Model) tabLabel(i int) string {
	t := m.tabs[i]
	name := line(t.Name)
	switch {
	case t.sources:
		if n := m.sources.failing(); n > 0 {
			return name + " !" + strconv.Itoa(n)
		}
	case t.counted && t.unread > 0:
		return name + " " + strconv.Itoa(t.unread)
	}
	return name
}

// tabLayout lays the tabs out in width cells. When they do not all fit, it shows a run of
// tabs around the active one, with ‹ and › saying that there are more.
func (m Model) tabLayout(width int) (labels []string, spans []tabSpan, more [2]bool) {
	n := len(m.tabs)
	cells := make([]string, n)
	widths := make([]int, n)
	for i := range m.tabs {
		label := m.tabLabel(i)
		if i == m.active {
			cells[i] = "[" + label + "]"
		} else {
			cells[i] = " " + label + " "
		}
		widths[i] = ansi.StringWidth(cells[i])
	}
	lo, hi := m.active, m.active+1
	used := widths[m.active]
	fits := func(extra int, lo, hi int) bool {
		markers := 0
		if lo > 0 {
			markers += 2
		}
		if hi < n {
			markers += 2
		}
		return used+extra+markers <= width
	}
	for {
		grown := false
		if hi < n && fits(widths[hi], lo, hi+1) {
			used += widths[hi]
			hi++
			grown = true
		}
		if lo > 0 && fits(widths[lo-1], lo-1, hi) {
			lo--
			used += widths[lo]
			grown = true
		}
		if !grown {
			break
		}
	}
	x := 0
	if lo > 0 {
		x = 2
	}
	for i := lo; i < hi; i++ {
		labels = append(labels, cells[i])
		spans = append(spans, tabSpan{index: i, from: x, to: x + widths[i]})
		x += widths[i]
	}
	return labels, spans, [2]bool{lo > 0, hi < n}
}

// tabBarView draws the tab bar, one line of exactly width cells.
func (m Model) tabBarView(width int) string {
	labels, spans, more := m.tabLayout(width)
	st := m.sh.styles.Tabs
	var b strings.Builder
	if more[0] {
		b.WriteString(st.Inactive.Render("‹ "))
	}
	used := 0
	for i, l := range labels {
		if spans[i].index == m.active {
			b.WriteString(st.Active.Render(truncate(l, width)))
		} else {
			b.WriteString(st.Inactive.Render(l))
		}
		used = spans[i].to
	}
	if more[1] {
		b.WriteString(st.Inactive.Render(" ›"))
		used += 2
	}
	if used < width {
		b.WriteString(strings.Repeat(" ", width-used))
	}
	return b.String()
}

// tabAt is the tab drawn at cell x of the tab bar.
func (m Model) tabAt(x int) (int, bool) {
	_, spans, _ := m.tabLayout(m.sh.width)
	for _, s := range spans {
		if x >= s.from && x < s.to {
			return s.index, true
		}
	}
	return 0, false
}
