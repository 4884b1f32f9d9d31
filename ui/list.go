package ui

import (
	"context"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"veille/feeds"
)

// The list never holds the whole cache: it holds a window of rows, asks the store for the page
// below when the cursor nears its end (keyset pagination: "after this row"), the page above
// when it nears its top ("before this row", the order read backwards), and forgets rows far
// from the cursor. Only the number of rows above the window is kept (offset), so that G jumps
// to the last page, read from the end of the order, without walking a million rows.

// pageKind says which part of the window a load fills.
type pageKind int

const (
	pageNone  pageKind = iota
	pageFirst          // the window from the top
	pageNext           // the page below the window
	pagePrev           // the page above the window
	pageEnd            // the last page of the list (G)
)

// minPage is the smallest page asked for; pages are twice the screen's rows otherwise.
const minPage = 50

// listModel is the article list of an article tab.
type listModel struct {
	sh    *shared
	store Store
	ctx   context.Context

	query feeds.Query
	gen   int // bumped on every reset: pages of an older query are dropped

	rows   []feeds.Article
	offset int  // position of rows[0] in the whole list: the rows above the window
	atEnd  bool // nothing below the last row

	cursor int // index in rows
	top    int // index in rows of the first row on screen

	loading pageKind
	loaded  bool // the first page arrived
	err     error

	total   int // rows matching the query, from a count
	counted bool
	// autoCount counts the rows once the first page is there. It is off until the reader's
	// background work starts, so that the first screen costs one query.
	autoCount bool

	width, height int // the area the rows are drawn in
}

func newListModel(sh *shared, ctx context.Context, store Store) listModel {
	return listModel{sh: sh, ctx: ctx, store: store}
}

func (m listModel) pageSize() int { return max(2*m.height, minPage) }

// maxRows is how many rows the window keeps before it forgets pages.
func (m listModel) maxRows() int { return 4 * m.pageSize() }

// selected is the row under the cursor, nil when there is none.
func (m listModel) selected() *feeds.Article {
	if m.cursor < 0 || m.cursor >= len(m.rows) {
		return nil
	}
	return &m.rows[m.cursor]
}

// visible is the rows on screen.
func (m listModel) visible() []feeds.Article {
	end := min(m.top+m.height, len(m.rows))
	if m.top >= end {
		return nil
	}
	return m.rows[m.top:end]
}

func cursorOf(a feeds.Article) *feeds.ArticleCursor {
	return &feeds.ArticleCursor{Published: a.Published, ID: a.ID}
}

// newer reports whether a comes before b in the newest-first order.
func newer(a feeds.Article, b feeds.Article) bool {
	if !a.Published.Equal(b.Published) {
		return a.Published.After(b.Published)
	}
	return a.ID > b.ID
}

// reset starts the list over for q: the window empties and the first page is asked for. keepID
// puts the cursor back on that article when the first page holds it.
func (m listModel) reset(q feeds.Query, keepID int64) (listModel, tea.Cmd) {
	m.query = q
	m.gen++
	m.rows = nil
	m.offset, m.cursor, m.top = 0, 0, 0
	m.atEnd, m.loaded, m.err, m.counted = false, false, nil, false
	m.loading = pageFirst
	return m, loadPageCmd(m.ctx, m.store, m.query, m.gen, pageFirst, feeds.Page{Limit: m.pageSize()}, 0, keepID)
}

// count asks how many rows the list has.
func (m listModel) count() tea.Cmd {
	return countListCmd(m.ctx, m.store, m.query, m.gen)
}

// reload asks for the first page again, keeping the cursor on the selected article when it is
// still there, without emptying the window meanwhile (after a refresh).
func (m listModel) reload() (listModel, tea.Cmd) {
	var keep int64
	if a := m.selected(); a != nil {
		keep = a.ID
	}
	m.gen++
	m.loading = pageFirst
	return m, loadPageCmd(m.ctx, m.store, m.query, m.gen, pageFirst, feeds.Page{Limit: max(m.pageSize(), m.cursor+m.height)}, 0, keep)
}

func (m *listModel) setSize(width, height int) {
	m.width, m.height = width, max(height, 1)
	m.scrollToCursor()
}

// update handles the list's own keys and mouse: moving the cursor.
func (m listModel) update(msg tea.Msg) (listModel, tea.Cmd) {
	k := m.sh.keys
	switch msg := msg.(type) {
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, k.Up):
			return m.move(-1)
		case key.Matches(msg, k.Down):
			return m.move(1)
		case key.Matches(msg, k.PageUp):
			return m.move(-m.height)
		case key.Matches(msg, k.PageDown):
			return m.move(m.height)
		case key.Matches(msg, k.Top):
			return m.home()
		case key.Matches(msg, k.Bottom):
			return m.end()
		}
	case tea.MouseMsg:
		switch msg.Button {
		case tea.MouseButtonWheelUp:
			return m.move(-3)
		case tea.MouseButtonWheelDown:
			return m.move(3)
		}
	}
	return m, nil
}

// move moves the cursor by delta rows, within what is loaded, and asks for more when the
// cursor nears an edge of the window.
func (m listModel) move(delta int) (listModel, tea.Cmd) {
	if len(m.rows) == 0 {
		return m, nil
	}
	m.cursor = max(0, min(m.cursor+delta, len(m.rows)-1))
	m.scrollToCursor()
	return m.fetchMore()
}

// moveTo puts the cursor on row i of the window.
func (m listModel) moveTo(i int) (listModel, tea.Cmd) {
	return m.move(i - m.cursor)
}

func (m *listModel) scrollToCursor() {
	if m.cursor < m.top {
		m.top = m.cursor
	}
	if m.cursor >= m.top+m.height {
		m.top = m.cursor - m.height + 1
	}
	// Fill the screen when the window's end is in view.
	if m.top+m.height > len(m.rows) {
		m.top = max(0, len(m.rows)-m.height)
	}
	m.top = max(0, min(m.top, m.cursor))
}

// home goes to the newest article: in the window when the top is loaded, else from the start.
func (m listModel) home() (listModel, tea.Cmd) {
	if m.offset == 0 {
		m.cursor, m.top = 0, 0
		return m.fetchMore()
	}
	return m.reset(m.query, 0)
}

// end goes to the oldest article. When the end is not loaded, the last page is read from the
// end of the order, and the window becomes that page.
func (m listModel) end() (listModel, tea.Cmd) {
	if len(m.rows) == 0 {
		return m, nil
	}
	if m.atEnd {
		return m.move(len(m.rows))
	}
	total := -1
	if m.counted {
		total = m.total
	}
	m.gen++ // supersedes any page in flight
	m.loading = pageEnd
	return m, loadEndCmd(m.ctx, m.store, m.query, m.gen, m.rows[len(m.rows)-1], m.pageSize(), total)
}

// fetchMore asks for the page below or the page above when the cursor is within a screen of
// the window's edge.
func (m listModel) fetchMore() (listModel, tea.Cmd) {
	if m.loading != pageNone || len(m.rows) == 0 {
		return m, nil
	}
	if !m.atEnd && len(m.rows)-1-m.cursor < m.height {
		last := m.rows[len(m.rows)-1]
		m.loading = pageNext
		return m, loadPageCmd(m.ctx, m.store, m.query, m.gen, pageNext,
			feeds.Page{Limit: m.pageSize(), After: cursorOf(last)}, last.ID, 0)
	}
	if m.offset > 0 && m.cursor < m.height {
		first := m.rows[0]
		m.loading = pagePrev
		return m, loadPageCmd(m.ctx, m.store, m.query, m.gen, pagePrev,
			feeds.Page{Limit: m.pageSize(), Before: cursorOf(first)}, first.ID, 0)
	}
	return m, nil
}

// pageLoaded takes a page into the window.
func (m listModel) pageLoaded(msg pageLoadedMsg) (listModel, tea.Cmd) {
	if msg.gen != m.gen {
		return m, nil
	}
	m.loading = pageNone
	if msg.err != nil {
		m.err = msg.err
		m.loaded = true
		return m, nil
	}
	switch msg.kind {
	case pageFirst:
		m.rows, m.offset = msg.rows, 0
		m.atEnd = len(msg.rows) < msg.limit
		m.loaded, m.err = true, nil
		m.cursor = 0
		if msg.keepID != 0 {
			for i, a := range m.rows {
				if a.ID == msg.keepID {
					m.cursor = i
					break
				}
			}
		}
		m.top = max(0, m.cursor-m.height/2)
		m.scrollToCursor()
		if m.autoCount {
			l, more := m.fetchMore()
			return l, tea.Batch(more, l.count())
		}
	case pageNext:
		if len(m.rows) == 0 || m.rows[len(m.rows)-1].ID != msg.anchor {
			return m, nil
		}
		m.rows = append(m.rows, msg.rows...)
		m.atEnd = len(msg.rows) < msg.limit
		m.dropAbove()
	case pagePrev:
		if len(m.rows) == 0 || m.rows[0].ID != msg.anchor {
			return m, nil
		}
		m.rows = append(append([]feeds.Article(nil), msg.rows...), m.rows...)
		m.offset = max(0, m.offset-len(msg.rows))
		if len(msg.rows) < msg.limit {
			m.offset = 0 // the top: articles deleted meanwhile may have made the count too high
		}
		m.cursor += len(msg.rows)
		m.top += len(msg.rows)
		m.dropBelow()
	}
	return m.fetchMore()
}

// endLoaded takes the end of the list, reached by loadEndCmd.
func (m listModel) endLoaded(msg endLoadedMsg) (listModel, tea.Cmd) {
	if msg.gen != m.gen {
		return m, nil
	}
	m.loading = pageNone
	if msg.err != nil {
		m.err = msg.err
		return m, nil
	}
	if len(m.rows) == 0 || m.rows[len(m.rows)-1].ID != msg.anchor {
		return m, nil
	}
	if len(msg.rows) == 0 { // the list emptied meanwhile: stay on the loaded rows
		return m, nil
	}
	// The window becomes the last page: whatever it held is above it now.
	m.rows, m.offset = msg.rows, msg.above
	m.atEnd = true
	m.cursor = len(m.rows) - 1
	m.top = max(0, m.cursor-m.height+1)
	return m, nil
}

// dropAbove forgets rows far above the cursor once the window is too big.
func (m *listModel) dropAbove() {
	extra := len(m.rows) - m.maxRows()
	k := min(extra, m.top-m.height)
	if k <= 0 {
		return
	}
	m.rows = append([]feeds.Article(nil), m.rows[k:]...)
	m.offset += k
	m.cursor -= k
	m.top -= k
}

// dropBelow forgets rows far below the cursor once the window is too big; they are loaded again
// as the next page.
func (m *listModel) dropBelow() {
	keep := max(m.maxRows(), m.top+2*m.height)
	if len(m.rows) <= keep {
		return
	}
	m.rows = append([]feeds.Article(nil), m.rows[:keep]...) // a copy, so that the rest is freed
	m.atEnd = false
}

// setRows applies f to the window's rows with the given IDs.
func (m listModel) setRows(ids []int64, f func(*feeds.Article)) {
	for _, id := range ids {
		for i := range m.rows {
			if m.rows[i].ID == id {
				f(&m.rows[i])
			}
		}
	}
}

// position is the cursor's place in the whole list, from 1.
func (m listModel) position() int { return m.offset + m.cursor + 1 }

// rowAt returns the window index of the row drawn on screen line y of the list area.
func (m listModel) rowAt(y int) (int, bool) {
	i := m.top + y
	return i, y >= 0 && y < m.height && i < len(m.rows)
}

// view draws the rows on screen, exactly height lines of width cells.
func (m listModel) view() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	var b strings.Builder
	cols := m.columns()
	vis := m.visible()
	for i, a := range vis {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(m.rowView(a, m.top+i == m.cursor, cols))
	}
	return padLines(b.String(), m.height)
}

// listColumns are the widths of a row's fixed parts.
type listColumns struct{ date, source int }

func (m listModel) columns() listColumns {
	return listColumns{date: m.sh.dateWidth, source: max(10, min(18, m.width/6))}
}

// rowView draws one article: cursor, unread and star marks, date, source, title, tag chips.
func (m listModel) rowView(a feeds.Article, selected bool, cols listColumns) string {
	st := m.sh.styles
	bg := func(s lipgloss.Style) lipgloss.Style {
		if selected {
			return s.Inherit(st.List.Selected)
		}
		return s
	}
	cursor, unread, star := " ", " ", " "
	if selected {
		cursor = "▸"
	}
	if !a.Read {
		unread = "●"
	}
	if a.Starred {
		star = "★"
	}
	title := line(a.Title)
	titleStyle := st.List.TitleRead
	if !a.Read {
		titleStyle = st.List.TitleUnread
	}
	fixed := 1 + 1 + 1 + 1 + cols.date + 2 + cols.source + 2 // cursor, unread, star, gaps
	rest := m.width - fixed - 1
	chips := m.chips(a.Tags, rest, ansi.StringWidth(title), selected)
	titleWidth := rest - lipgloss.Width(chips)
	sp := bg(lipgloss.NewStyle()).Render
	parts := []string{
		bg(st.List.Cursor).Render(cursor),
		bg(st.List.Unread).Render(unread),
		bg(st.List.Star).Render(star),
		sp(" "),
		bg(st.List.Date).Render(fitLeft(m.sh.lang.Ago(a.Published, m.sh.now), cols.date)),
		sp("  "),
		bg(st.List.Source).Render(fit(line(a.FeedTitle), cols.source)),
		sp("  "),
		bg(titleStyle).Render(fit(title, titleWidth)),
		chips,
		sp(" "),
	}
	return strings.Join(parts, "")
}

// chips draws the tags that fit after a title of titleWidth cells in room cells, keeping at
// least 24 cells (or the whole title) for the title.
func (m listModel) chips(tags []feeds.ArticleTag, room, titleWidth int, selected bool) string {
	minTitle := min(titleWidth, 24)
	var out []string
	used := 0
	for _, t := range tags {
		if t.Removed {
			continue
		}
		name := line(t.Name)
		w := 1 + 1 + ansi.StringWidth(name)
		if room-used-w < minTitle {
			break
		}
		used += w
		st := m.sh.styles.Tag(name)
		if t.Learned {
			st = m.sh.styles.LearnedTag(name)
		}
		if selected {
			st = st.Inherit(m.sh.styles.List.Selected)
		}
		sp := lipgloss.NewStyle()
		if selected {
			sp = sp.Inherit(m.sh.styles.List.Selected)
		}
		out = append(out, sp.Render(" ")+st.Render(TagSigil(t)+name))
	}
	return strings.Join(out, "")
}
