package ui

import (
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"veille/feeds"
)

// What the user can do: each action changes the model at once and leaves the I/O to a command.

// switchTab shows tab i (wrapping around), leaving the article view.
func (m Model) switchTab(i int) (Model, tea.Cmd) {
	n := len(m.tabs)
	i = ((i % n) + n) % n
	if m.focus == focusArticle {
		m.focus = focusList
	}
	m.help = false
	return m.showTab(i)
}

// showTab makes tab i the active one and asks for what it shows.
func (m Model) showTab(i int) (Model, tea.Cmd) {
	m.active = i
	t := m.tabs[i]
	if t.sources {
		return m, loadFeedsCmd(m.ctx, m.opts.Store)
	}
	if t.debate {
		var cmd tea.Cmd
		m.debate, cmd = m.debate.reset(m.ctx, m.opts.Store)
		return m, cmd
	}
	q, err := effectiveQuery(t.Query, t.filter, m.sh.now)
	if t.stories && err == nil {
		var cmd tea.Cmd
		m.stories, cmd = m.stories.reset(m.ctx, m.opts.Store, q)
		return m, cmd
	}
	if err != nil {
		m.list.gen++
		m.list.rows, m.list.offset, m.list.loaded, m.list.err, m.list.loading = nil, 0, true, err, pageNone
		return m, nil
	}
	var cmd tea.Cmd
	m.list, cmd = m.list.reset(q, 0)
	return m, cmd
}

// applyFilter sets the active tab's filter and lists again.
func (m Model) applyFilter(filter string) (Model, tea.Cmd) {
	m.tabs[m.active].filter = filter
	m, cmd := m.showTab(m.active)
	m, more := m.layout()
	return m, tea.Batch(cmd, more)
}

// filterOnSource lists the selected feed's articles: the first article tab, filtered on it.
func (m Model) filterOnSource() (Model, tea.Cmd) {
	f, ok := m.sources.selected()
	if !ok {
		return m, nil
	}
	target := slices.IndexFunc(m.tabs, func(t tabState) bool { return !t.sources && strings.TrimSpace(t.Query) == "" })
	if target < 0 {
		target = slices.IndexFunc(m.tabs, func(t tabState) bool { return !t.sources })
	}
	if target < 0 {
		return m, nil
	}
	m.tabs[target].filter = sourceTerm(f)
	return m.switchTab(target)
}

// openSelected opens the article under the list's cursor and marks it read.
func (m Model) openSelected() (Model, tea.Cmd) {
	return m.openArticle(m.list.selected())
}

// openArticle opens a (from the list or a story; nil: nothing) in the article view and marks
// it read.
func (m Model) openArticle(a *feeds.Article) (Model, tea.Cmd) {
	if a == nil {
		return m, nil
	}
	m.focus = focusArticle
	m.help = false
	var cmd tea.Cmd
	m.article, cmd = m.article.open(m.ctx, m.opts.Store, *a)
	if a.Read {
		return m, cmd
	}
	m, mark := m.setRead([]int64{a.ID}, true)
	return m, tea.Batch(cmd, mark)
}

func (m Model) closeArticle() (Model, tea.Cmd) {
	m.focus = focusList
	return m.layout()
}

// step opens the next (1) or previous (-1) article of the list without leaving the view.
func (m Model) step(delta int) (Model, tea.Cmd) {
	before := m.list.cursor
	if a := m.list.selected(); a != nil && a.ID != m.article.id {
		before = -1 // the list moved meanwhile: open what it shows
	}
	var more tea.Cmd
	m.list, more = m.list.move(delta)
	if m.list.cursor == before {
		if m.list.loading != pageNone {
			var c tea.Cmd
			m.status, c = m.status.sayLoading()
			return m, tea.Batch(more, c)
		}
		return m, more
	}
	m, open := m.openSelected()
	return m, tea.Batch(more, open)
}

func (m Model) setRead(ids []int64, read bool) (Model, tea.Cmd) {
	set := func(a *feeds.Article) { a.Read = read }
	m.list.setRows(ids, set)
	m.stories = m.stories.setRead(ids, read)
	for _, id := range ids {
		if id == m.article.id {
			m.article.setFlags(set)
		}
	}
	m, counts := m.scheduleCounts()
	return m, tea.Batch(setReadCmd(m.ctx, m.opts.Store, ids, read), counts)
}

func (m Model) setStarred(id int64, starred bool) (Model, tea.Cmd) {
	set := func(a *feeds.Article) { a.Starred = starred }
	m.list.setRows([]int64{id}, set)
	if id == m.article.id {
		m.article.setFlags(set)
	}
	msg := "status.unstarred"
	if starred {
		msg = "status.starred"
	}
	var say tea.Cmd
	m.status, say = m.status.say(m.sh.lang.T(msg), false)
	m, counts := m.scheduleCounts()
	return m, tea.Batch(setStarredCmd(m.ctx, m.opts.Store, []int64{id}, starred), say, counts)
}

// markVisibleRead marks read every article on screen.
func (m Model) markVisibleRead() (Model, tea.Cmd) {
	var ids []int64
	for _, a := range m.list.visible() {
		if !a.Read {
			ids = append(ids, a.ID)
		}
	}
	var say tea.Cmd
	m.status, say = m.status.say(m.sh.lang.T("status.markedall", len(ids)), false)
	if len(ids) == 0 {
		return m, say
	}
	m, cmd := m.setRead(ids, true)
	return m, tea.Batch(cmd, say)
}

func (m Model) openTagEditor(a feeds.Article) (Model, tea.Cmd) {
	m.back, m.focus = m.focus, focusTags
	m.tagEd = m.tagEd.open(a, m.tagNames)
	m, cmd := m.layout()
	return m, tea.Batch(cmd, loadTagNamesCmd(m.ctx, m.opts.Store))
}

// applyTagEdits shows the edits at once; the store's answer follows.
func (m Model) applyTagEdits(id int64, add, remove []string) Model {
	edit := func(a *feeds.Article) {
		var tags []feeds.ArticleTag
		for _, t := range a.Tags {
			if slices.Contains(remove, t.Name) {
				t.Removed, t.Manual = true, false
			}
			if slices.Contains(add, t.Name) {
				t.Removed, t.Manual = false, true
			}
			tags = append(tags, t)
		}
		for _, n := range add {
			if !slices.ContainsFunc(tags, func(t feeds.ArticleTag) bool { return t.Name == n }) {
				tags = append(tags, feeds.ArticleTag{Name: n, Manual: true})
			}
		}
		a.Tags = tags
	}
	m.list.setRows([]int64{id}, func(a *feeds.Article) {
		edit(a)
		// The list shows only the tags an article carries.
		a.Tags = slices.DeleteFunc(a.Tags, func(t feeds.ArticleTag) bool { return t.Removed })
	})
	if id == m.article.id {
		m.article.setFlags(edit)
	}
	return m
}

func (m Model) openLink(link string) (Model, tea.Cmd) {
	var say tea.Cmd
	if !feeds.IsWebURL(link) {
		m.status, say = m.status.say(m.sh.lang.T("status.nolink"), true)
		return m, say
	}
	m.status, say = m.status.say(m.sh.lang.T("status.opening"), false)
	return m, tea.Batch(say, openURLCmd(m.opts.OpenURL, link))
}

// fetchPage fetches the article's page now for its full text (f).
func (m Model) fetchPage(a feeds.Article) (Model, tea.Cmd) {
	var say tea.Cmd
	switch {
	case m.opts.FetchPage == nil:
		m.status, say = m.status.say(m.sh.lang.T("status.offline.page"), true)
		return m, say
	case !feeds.IsWebURL(a.URL):
		m.status, say = m.status.say(m.sh.lang.T("status.nolink"), true)
		return m, say
	}
	m.status, say = m.status.say(m.sh.lang.T("status.page.fetching"), false)
	fetchPage, ctx, id := m.opts.FetchPage, m.ctx, a.ID
	return m, tea.Batch(say, func() tea.Msg {
		source, err := fetchPage(ctx, id)
		return pageFetchedMsg{id: id, source: source, err: err}
	})
}

// pageFetched says what the page gave and shows the article again with its new text.
func (m Model) pageFetched(msg pageFetchedMsg) (Model, tea.Cmd) {
	var say tea.Cmd
	switch {
	case msg.err != nil:
		m.status, say = m.status.say(m.sh.lang.T("status.error", msg.err.Error()), true)
	case msg.source == feeds.TextFromPage:
		m.status, say = m.status.say(m.sh.lang.T("status.page.done"), false)
	default:
		m.status, say = m.status.say(m.sh.lang.TextSource(msg.source), true)
	}
	cmds := []tea.Cmd{say}
	if m.focus == focusArticle && m.article.id == msg.id {
		cmds = append(cmds, loadArticleCmd(m.ctx, m.opts.Store, msg.id, m.article.textWidth(), m.sh.lang.T("article.links")))
	}
	return m, tea.Batch(cmds...)
}

func (m Model) copyLink(link string) (Model, tea.Cmd) {
	if !feeds.IsWebURL(link) {
		var say tea.Cmd
		m.status, say = m.status.say(m.sh.lang.T("status.nolink"), true)
		return m, say
	}
	return m, copyURLCmd(m.opts.CopyURL, link)
}

// startRefresh starts a background refresh unless offline or one is running; manual says the
// user asked (R), who then hears why nothing happens.
func (m Model) startRefresh(manual bool) (Model, tea.Cmd) {
	var say tea.Cmd
	switch {
	case m.opts.Refresh == nil || m.opts.Offline:
		if manual {
			m.status, say = m.status.say(m.sh.lang.T("status.offline.refresh"), false)
		}
		return m, say
	case m.status.refreshing:
		if manual {
			m.status, say = m.status.say(m.sh.lang.T("status.busy"), false)
		}
		return m, say
	}
	m.refreshGen++
	m.status.refreshing = true
	m.status.progress = refreshProgress{}
	m.bg.Add(1)
	return m, tea.Batch(refreshCmd(m.ctx, m.opts.Refresh, m.refreshGen, m.bg), m.status.spin.Tick)
}

// scheduleCounts asks for the tabs' counts again shortly: a burst of changes costs one count.
func (m Model) scheduleCounts() (Model, tea.Cmd) {
	m.countGen++
	return m, countsDueCmd(m.sh.tick, m.countGen)
}

func (m Model) countTabs() tea.Cmd {
	queries := make([]*feeds.Query, len(m.tabs))
	for i, t := range m.tabs {
		if t.sources || t.debate {
			continue
		}
		if q, err := feeds.ParseQuery(t.Query, m.sh.now); err == nil {
			queries[i] = &q
		}
	}
	return countTabsCmd(m.ctx, m.opts.Store, m.countGen, queries)
}
