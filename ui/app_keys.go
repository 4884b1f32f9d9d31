package ui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// Keys and the mouse: what each press means in the mode the reader is in.

func (m Model) handleKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	if msg.Type == tea.KeyCtrlC {
		return m, tea.Quit
	}
	switch m.focus {
	case focusFilter:
		return m.filterKey(msg)
	case focusTags:
		return m.tagEditorKey(msg)
	}
	k := m.sh.keys
	if m.help {
		if key.Matches(msg, k.Help, k.Back, k.Quit) {
			m.help = false
		}
		return m, nil
	}
	switch {
	case key.Matches(msg, k.Quit):
		if m.focus == focusArticle {
			return m.closeArticle()
		}
		return m, tea.Quit
	case key.Matches(msg, k.Help):
		m.help = true
		return m, nil
	case key.Matches(msg, k.NextTab):
		return m.switchTab(m.active + 1)
	case key.Matches(msg, k.PrevTab):
		return m.switchTab(m.active - 1)
	case key.Matches(msg, k.TabN):
		if n, err := strconv.Atoi(msg.String()); err == nil && n >= 1 && n <= len(m.tabs) {
			return m.switchTab(n - 1)
		}
		return m, nil
	case key.Matches(msg, k.Refresh):
		return m.startRefresh(true)
	}
	switch {
	case m.focus == focusArticle:
		return m.articleKey(msg)
	case m.tabs[m.active].sources:
		return m.sourcesKey(msg)
	case m.tabs[m.active].debate:
		return m.debateKey(msg)
	case m.storiesShown():
		return m.storiesKey(msg)
	}
	return m.listKey(msg)
}

func (m Model) listKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	k := m.sh.keys
	switch {
	case key.Matches(msg, k.Open):
		return m.openSelected()
	case key.Matches(msg, k.Back):
		if m.tabs[m.active].filter != "" {
			return m.applyFilter("")
		}
		return m, nil
	case key.Matches(msg, k.Filter):
		m.back, m.focus = m.focus, focusFilter
		m.filter = m.filter.open(m.tabs[m.active].filter, m.tabs[m.active].Query)
		return m.layout()
	case key.Matches(msg, k.Read):
		if a := m.list.selected(); a != nil {
			return m.setRead([]int64{a.ID}, !a.Read)
		}
		return m, nil
	case key.Matches(msg, k.Star):
		if a := m.list.selected(); a != nil {
			return m.setStarred(a.ID, !a.Starred)
		}
		return m, nil
	case key.Matches(msg, k.Tags):
		if a := m.list.selected(); a != nil {
			return m.openTagEditor(*a)
		}
		return m, nil
	case key.Matches(msg, k.Browser):
		if a := m.list.selected(); a != nil {
			return m.openLink(a.URL)
		}
		return m, nil
	case key.Matches(msg, k.Copy):
		if a := m.list.selected(); a != nil {
			return m.copyLink(a.URL)
		}
		return m, nil
	case key.Matches(msg, k.MarkAll):
		return m.markVisibleRead()
	case key.Matches(msg, k.Stories):
		return m.toggleStories()
	}
	walking := m.list.loading == pageEnd
	var cmd tea.Cmd
	m.list, cmd = m.list.update(msg)
	if m.list.loading == pageEnd && !walking {
		// G on a long list walks it page by page: say so until the end is there.
		var say tea.Cmd
		m.status, say = m.status.sayLoading()
		return m, tea.Batch(cmd, say)
	}
	return m, cmd
}

func (m Model) articleKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	k := m.sh.keys
	a := m.article.art
	switch {
	case key.Matches(msg, k.Back):
		return m.closeArticle()
	case key.Matches(msg, k.Next) && m.storiesShown():
		return m.storyStep(1)
	case key.Matches(msg, k.Prev) && m.storiesShown():
		return m.storyStep(-1)
	case key.Matches(msg, k.Next):
		return m.step(1)
	case key.Matches(msg, k.Prev):
		return m.step(-1)
	case key.Matches(msg, k.Read):
		return m.setRead([]int64{a.ID}, !a.Read)
	case key.Matches(msg, k.Star):
		return m.setStarred(a.ID, !a.Starred)
	case key.Matches(msg, k.Tags):
		return m.openTagEditor(a)
	case key.Matches(msg, k.Browser):
		return m.openLink(a.URL)
	case key.Matches(msg, k.Copy):
		return m.copyLink(a.URL)
	case key.Matches(msg, k.Page):
		return m.fetchPage(a)
	}
	var cmd tea.Cmd
	m.article, cmd = m.article.update(msg)
	return m, cmd
}

func (m Model) sourcesKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	if key.Matches(msg, m.sh.keys.Open) {
		return m.filterOnSource()
	}
	m.sources = m.sources.update(msg)
	return m, nil
}

func (m Model) filterKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	k := m.sh.keys
	switch {
	case key.Matches(msg, k.Apply):
		if m.filter.err != nil {
			return m, nil
		}
		m.focus = m.back
		return m.applyFilter(strings.TrimSpace(m.filter.value()))
	case key.Matches(msg, k.Cancel):
		m.focus = m.back
		return m.layout()
	}
	m.filter, _ = m.filter.update(msg)
	return m, nil
}

func (m Model) tagEditorKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	k := m.sh.keys
	switch {
	case key.Matches(msg, k.Apply):
		add, remove := m.tagEd.edits()
		m.focus = m.back
		if len(add)+len(remove) == 0 {
			return m.layout()
		}
		m = m.applyTagEdits(m.tagEd.id, add, remove)
		m, cmd := m.layout()
		return m, tea.Batch(cmd, editTagsCmd(m.ctx, m.opts.Store, m.tagEd.id, add, remove))
	case key.Matches(msg, k.Cancel):
		m.focus = m.back
		return m.layout()
	}
	m.tagEd, _ = m.tagEd.update(msg, key.Matches(msg, k.Complete))
	return m, nil
}

func (m Model) handleMouse(msg tea.MouseMsg) (Model, tea.Cmd) {
	if m.tooSmall() || m.help || m.focus == focusFilter || m.focus == focusTags {
		return m, nil
	}
	wheel := msg.Button == tea.MouseButtonWheelUp || msg.Button == tea.MouseButtonWheelDown
	click := msg.Button == tea.MouseButtonLeft && msg.Action == tea.MouseActionPress
	if !wheel && !click {
		return m, nil
	}
	if click && msg.Y == 0 {
		if i, ok := m.tabAt(msg.X); ok {
			return m.switchTab(i)
		}
		return m, nil
	}
	y := msg.Y - headerHeight
	switch {
	case m.focus == focusArticle:
		if wheel {
			var cmd tea.Cmd
			m.article, cmd = m.article.update(msg)
			return m, cmd
		}
	case m.tabs[m.active].debate || m.storiesShown():
		if wheel {
			down := msg.Button == tea.MouseButtonWheelDown
			press := tea.KeyMsg{Type: tea.KeyUp}
			if down {
				press = tea.KeyMsg{Type: tea.KeyDown}
			}
			return m.handleKey(press)
		}
	case m.tabs[m.active].sources:
		if wheel {
			m.sources = m.sources.update(msg)
			return m, nil
		}
		if i, ok := m.sources.rowAt(y); ok {
			if i == m.sources.cursor {
				return m.filterOnSource()
			}
			m.sources.cursor = i
			m.sources.scroll()
		}
	default:
		if wheel {
			var cmd tea.Cmd
			m.list, cmd = m.list.update(msg)
			return m, cmd
		}
		if i, ok := m.list.rowAt(y); ok {
			if i == m.list.cursor {
				return m.openSelected()
			}
			return m.withList(m.list.moveTo(i))
		}
	}
	return m, nil
}

func (m Model) withList(l listModel, cmd tea.Cmd) (Model, tea.Cmd) {
	m.list = l
	return m, cmd
}
