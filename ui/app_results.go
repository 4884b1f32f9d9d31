package ui

import (
	"context"
	"errors"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"veille/feeds"
)

// Results of the commands, each handed to the part that asked for it.

func (m Model) handleResult(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case pageLoadedMsg:
		var cmd tea.Cmd
		m.list, cmd = m.list.pageLoaded(msg)
		if !m.started && msg.gen == m.list.gen {
			return m.begin(cmd)
		}
		return m, cmd
	case endLoadedMsg:
		m.status = m.status.loaded()
		return m.withList(m.list.endLoaded(msg))
	case listCountedMsg:
		if msg.gen == m.list.gen && msg.err == nil {
			m.list.total, m.list.counted = msg.total, true
		}
	case tabsCountedMsg:
		if msg.gen == m.countGen {
			for i, n := range msg.unread {
				if i < len(m.tabs) && n >= 0 {
					m.tabs[i].unread, m.tabs[i].counted = n, true
				}
			}
		}
	case countsDueMsg:
		if msg.gen == m.countGen {
			return m, m.countTabs()
		}
	case feedsLoadedMsg:
		m.sources = m.sources.feedsLoaded(msg)
		if msg.err == nil {
			m.status = m.status.feedsLoaded(msg.feeds)
		}
		if !m.started && m.tabs[m.active].sources {
			return m.begin(nil)
		}
	case articleLoadedMsg:
		var cmd tea.Cmd
		m.article, cmd = m.article.articleLoaded(msg)
		return m, cmd
	case pageFetchedMsg:
		return m.pageFetched(msg)
	case articleRenderedMsg:
		m.article = m.article.articleRendered(msg)
	case flagsSavedMsg:
		if msg.err != nil {
			return m.sayError(msg.err)
		}
	case tagsEditedMsg:
		return m.tagsEdited(msg)
	case tagNamesLoadedMsg:
		if msg.err == nil {
			m.tagNames = msg.names
			m.tagEd = m.tagEd.namesLoaded(msg.names)
		}
	case backgroundDueMsg:
		return m.background()
	case refreshDueMsg:
		return m.startRefresh(false)
	case refreshProgressedMsg:
		if msg.gen != m.refreshGen {
			return m, nil
		}
		m.status.progress = msg.p
		return m, waitProgressCmd(msg.gen, msg.updates, msg.done)
	case feedsRefreshedMsg:
		return m.refreshed(msg)
	case pagesFetchedMsg:
		m.fetchingPages = false
		if msg.err != nil && !errors.Is(msg.err, context.Canceled) {
			var say tea.Cmd
			m.status, say = m.status.say(m.sh.lang.T("status.pages.failed", msg.err.Error()), true)
			return m, say
		}
	case spinner.TickMsg:
		if m.status.refreshing {
			var cmd tea.Cmd
			m.status.spin, cmd = m.status.spin.Update(msg)
			return m, cmd
		}
	case statusExpiredMsg:
		m.status = m.status.expired(msg)
	case clockTickedMsg:
		m.sh.now = msg.now
		return m, clockCmd(m.sh.tick, m.opts.Now)
	case browserOpenedMsg:
		if msg.err != nil {
			var say tea.Cmd
			m.status, say = m.status.say(m.sh.lang.T("status.openfailed", msg.err), true)
			return m, say
		}
	case storiesLoadedMsg, debateLoadedMsg:
		m, cmd, _ := m.storyResult(msg)
		return m, cmd
	case linkCopiedMsg:
		var say tea.Cmd
		switch {
		case msg.err != nil:
			return m.sayError(msg.err)
		case msg.copied:
			m.status, say = m.status.say(m.sh.lang.T("status.copied"), false)
		default:
			m.status, say = m.status.say(m.sh.lang.T("status.nocopy", msg.url), true)
		}
		return m, say
	}
	return m, nil
}

// Background work waits a moment after the first page, so that the first screen is drawn
// before the counts and the feeds scan the cache, and the refresh a little longer.
const (
	backgroundAfter = 150 * time.Millisecond
	refreshAfter    = 500 * time.Millisecond
)

// begin schedules the background work once the first page is there.
func (m Model) begin(cmd tea.Cmd) (Model, tea.Cmd) {
	m.started = true
	cmds := []tea.Cmd{cmd, backgroundDueCmd(m.sh.tick, backgroundAfter), clockCmd(m.sh.tick, m.opts.Now)}
	if m.opts.Refresh != nil && !m.opts.Offline {
		cmds = append(cmds, refreshDueCmd(m.sh.tick, refreshAfter))
	}
	return m, tea.Batch(cmds...)
}

// background asks for the list's and the tabs' counts and the feeds (for Sources and the
// cache's age); from now on every list counts its rows once its first page is there.
func (m Model) background() (Model, tea.Cmd) {
	m.countGen++
	m.list.autoCount = true
	cmds := []tea.Cmd{m.countTabs(), loadFeedsCmd(m.ctx, m.opts.Store)}
	if m.list.loaded && m.list.loading != pageFirst {
		cmds = append(cmds, m.list.count())
	}
	return m, tea.Batch(cmds...)
}

func (m Model) sayError(err error) (Model, tea.Cmd) {
	var say tea.Cmd
	m.status, say = m.status.say(m.sh.lang.T("status.error", err.Error()), true)
	return m, say
}

func (m Model) tagsEdited(msg tagsEditedMsg) (Model, tea.Cmd) {
	cmds := []tea.Cmd{loadTagNamesCmd(m.ctx, m.opts.Store)}
	var say tea.Cmd
	if msg.err != nil {
		m.status, say = m.status.say(m.sh.lang.T("status.error", msg.err.Error()), true)
	} else {
		m.status, say = m.status.say(m.sh.lang.T("status.tags.saved"), false)
	}
	cmds = append(cmds, say)
	if m.focus == focusArticle && m.article.id == msg.id || m.back == focusArticle && m.article.id == msg.id {
		// Read it again: the store knows which tags are manual and which evidence stays.
		cmds = append(cmds, loadArticleCmd(m.ctx, m.opts.Store, msg.id, m.article.textWidth(), m.sh.lang.T("article.links")))
	}
	m, counts := m.scheduleCounts()
	return m, tea.Batch(append(cmds, counts)...)
}

// refreshed ends a refresh: say what it brought, count again, list again when the user is at
// the top (further down, the list stays put and the status says there is news above).
func (m Model) refreshed(msg feedsRefreshedMsg) (Model, tea.Cmd) {
	if msg.gen != m.refreshGen {
		return m, nil
	}
	m.status.refreshing = false
	l := m.sh.lang
	sum := msg.sum
	m.status.unreachable = sum.Feeds > 0 && sum.OK+sum.NotModified == 0 && allUnreachable(sum.Failures)
	var text string
	isErr := false
	switch {
	case msg.err != nil && errors.Is(msg.err, context.Canceled):
		return m, nil
	case msg.err != nil:
		text, isErr = l.T("status.refresh.failed", msg.err.Error()), true
	default:
		text = newArticles(l, sum.New)
		if sum.Failed > 0 {
			text += " · " + l.T("status.failed.see", failures(l, sum.Failed))
		}
	}
	cmds := []tea.Cmd{loadFeedsCmd(m.ctx, m.opts.Store)}
	if msg.err == nil && m.opts.FetchPages != nil && !m.fetchingPages {
		// Full text in the background: the list never waits for it.
		m.fetchingPages = true
		m.bg.Add(1)
		cmds = append(cmds, fetchPagesCmd(m.ctx, m.opts.FetchPages, m.bg))
	}
	m.countGen++
	cmds = append(cmds, m.countTabs())
	if sum.New > 0 && m.focus != focusArticle {
		// The story pass ran with the refresh: stories and the debate are listed again.
		var cmd tea.Cmd
		switch {
		case m.tabs[m.active].debate:
			m.debate, cmd = m.debate.reset(m.ctx, m.opts.Store)
		case m.storiesShown():
			m.stories, cmd = m.stories.reload(m.ctx, m.opts.Store)
		}
		cmds = append(cmds, cmd)
	}
	if sum.New > 0 && !m.tabs[m.active].sources && !m.tabs[m.active].debate && !m.storiesShown() && m.list.err == nil {
		if m.list.offset == 0 && m.list.cursor < m.list.height && m.focus != focusArticle {
			var cmd tea.Cmd
			m.list, cmd = m.list.reload()
			cmds = append(cmds, cmd)
		} else {
			text = l.T("status.new.below", text)
		}
	}
	var say tea.Cmd
	m.status, say = m.status.say(text, isErr)
	return m, tea.Batch(append(cmds, say)...)
}

// allUnreachable reports whether every failure says the network is not there.
func allUnreachable(fs []feeds.Feed) bool {
	if len(fs) == 0 {
		return false
	}
	for _, f := range fs {
		if f.ErrorKind != feeds.ErrNetwork && f.ErrorKind != feeds.ErrTimeout {
			return false
		}
	}
	return true
}
