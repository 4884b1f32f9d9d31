// Package ui is the reader, a bubbletea program: the tabs, the article list, the article
// view, the Sources table, the filter bar and the tag editor, the status line, and the keys and
// the mouse. It reads and writes the cache only through Store and reaches the network only
// through the Refresh, FetchPages and FetchPage functions it is given; its texts come from ui/lang and
// articles are laid out by ui/render.
package ui

import (
	"context"
	"strings"
	"sync"
	"time"

	"veille/ui/lang"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// The smallest terminal the reader lays itself out in; below it, it asks for more room.
const (
	minWidth  = 60
	minHeight = 15
)

// shared is what every part of the reader draws with: the screen's size, the styles, the keys,
// the language and the time relative dates count from (updated by a clock tick, so that View
// never reads the clock).
type shared struct {
	width, height int
	styles        Styles
	keys          keyMap
	lang          lang.Lang
	now           time.Time
	dateWidth     int // the widest relative date, for the list's date column
	tick          tickFunc
}

// focus is what has the keyboard.
type focus int

const (
	focusList    focus = iota // the article list, or the Sources table on the Sources tab
	focusArticle              // the article view
	focusFilter               // the filter bar
	focusTags                 // the tag editor
)

// Model is the reader: one root model holding its parts as values.
type Model struct {
	sh   *shared
	ctx  context.Context
	opts Options
	bg   *sync.WaitGroup // background refreshes and page passes, for Run to wait on

	fetchingPages bool // a page pass is under way: one at a time

	tabs   []tabState
	active int
	focus  focus
	back   focus // where the filter bar and the tag editor return to
	help   bool

	list    listModel
	stories storiesModel
	debate  debateModel
	sources sourcesModel
	article articleModel
	filter  filterModel
	tagEd   tagEditorModel
	status  statusModel
	helpBar help.Model

	tagNames   []string
	countGen   int
	refreshGen int
	started    bool    // the first page arrived and the background work began
	initCmd    tea.Cmd // what Init starts: the first page
}

// New builds the reader. It does no I/O: Init asks for the first page.
func New(opts Options) Model {
	return newModel(context.Background(), opts)
}

func newModel(ctx context.Context, opts Options) Model {
	opts.fill()
	keys, unknown := newKeyMap(opts.Lang, opts.Keys)
	sh := &shared{
		styles: newStyles(defaultPalette()),
		keys:   keys,
		lang:   opts.Lang,
		now:    opts.Now(),
		tick:   opts.tick,
	}
	sh.dateWidth = dateWidth(opts.Lang, sh.now)
	m := Model{
		sh:      sh,
		ctx:     ctx,
		opts:    opts,
		bg:      &sync.WaitGroup{},
		list:    newListModel(sh, ctx, opts.Store),
		stories: newStoriesModel(sh),
		debate:  debateModel{sh: sh},
		sources: sourcesModel{sh: sh},
		article: newArticleModel(sh),
		filter:  filterModel{sh: sh},
		tagEd:   tagEditorModel{sh: sh},
		status:  newStatusModel(sh, opts.Offline || opts.Refresh == nil),
		helpBar: help.New(),
	}
	m.helpBar.Styles = sh.styles.Help
	for _, t := range opts.Tabs {
		m.tabs = append(m.tabs, tabState{Tab: t, sources: isSources(t.Query), debate: isDebate(t.Query), stories: t.Stories})
	}
	if len(m.tabs) == 0 {
		m.tabs = []tabState{{Tab: Tab{Name: opts.Lang.T("tab.front")}}}
	}
	var cmds []tea.Cmd
	m, cmd := m.showTab(0)
	cmds = append(cmds, cmd)
	if len(unknown) > 0 {
		var c tea.Cmd
		m.status, c = m.status.say(opts.Lang.T("status.badkey", strings.Join(unknown, ", ")), true)
		cmds = append(cmds, c)
	}
	m.initCmd = tea.Batch(cmds...)
	m.syncKeys()
	return m
}

// dateWidth is the width of the widest relative date the list shows.
func dateWidth(l lang.Lang, now time.Time) int {
	w := 0
	for _, d := range []time.Duration{30 * time.Second, 59 * time.Minute, 23 * time.Hour, 6 * 24 * time.Hour, 400 * 24 * time.Hour} {
		w = max(w, ansi.StringWidth(l.Ago(now.Add(-d), now)))
	}
	return w
}

// Init implements tea.Model: it asks for the first page, nothing else, so that the first screen
// comes at once; counts, feeds and the refresh start a moment after the page is there.
func (m Model) Init() tea.Cmd {
	return m.initCmd
}

// Update implements tea.Model. Window sizes go to every part; keys go first to a focused text
// input, then to the global bindings, then to the focused part; results go to their owner.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if presses := splitPresses(msg); presses != nil {
		var cmds []tea.Cmd
		var next tea.Model = m
		for _, p := range presses {
			var cmd tea.Cmd
			next, cmd = next.Update(p)
			cmds = append(cmds, cmd)
		}
		return next, tea.Batch(cmds...)
	}
	m, cmd := m.update(msg)
	m.syncKeys()
	return m, cmd
}

// splitPresses undoes what the input reader makes of keys that reach it in one read: Esc
// pressed twice becomes alt+esc, and printable keys typed faster than the program reads
// ("/" then "=next") become one message of several runes, which no binding matches. Each is
// really a sequence of presses; nil means msg is one press (or a bracketed paste, which stays
// whole).
func splitPresses(msg tea.Msg) []tea.Msg {
	k, ok := msg.(tea.KeyMsg)
	switch {
	case !ok || k.Paste:
		return nil
	case k.Type == tea.KeyEsc && k.Alt:
		return []tea.Msg{tea.KeyMsg{Type: tea.KeyEsc}, tea.KeyMsg{Type: tea.KeyEsc}}
	case k.Type == tea.KeyRunes && len(k.Runes) > 1:
		out := make([]tea.Msg, len(k.Runes))
		for i, r := range k.Runes {
			out[i] = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: k.Alt && i == 0}
		}
		return out
	}
	return nil
}

func (m Model) update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.sh.width, m.sh.height = msg.Width, msg.Height
		m.helpBar.Width = msg.Width
		return m.layout()
	case tea.KeyMsg:
		return m.handleKey(msg)
	case tea.MouseMsg:
		return m.handleMouse(msg)
	}
	return m.handleResult(msg)
}

// mode is what the keys mean now.
func (m Model) mode() mode {
	switch {
	case m.focus == focusFilter:
		return modeFilter
	case m.focus == focusTags:
		return modeTags
	case m.help:
		return modeHelp
	case m.focus == focusArticle:
		return modeArticle
	case m.tabs[m.active].sources:
		return modeSources
	case m.tabs[m.active].debate:
		return modeDebate
	case m.storiesShown():
		return modeStories
	}
	return modeList
}

func (m *Model) syncKeys() {
	m.sh.keys.setMode(m.mode(), m.sh.lang, m.tabs[m.active].filter != "")
}

// Layout: the tab bar and a rule on top, the status line and the help line at the bottom, the
// filter bar or the tag editor above them when open, the list, the Sources table or the article
// in between.
const (
	headerHeight = 2
	footerHeight = 2
)

func (m Model) panelHeight() int {
	switch m.focus {
	case focusFilter:
		return m.filter.height()
	case focusTags:
		return m.tagEd.height()
	}
	return 0
}

func (m Model) bodyHeight() int {
	return max(m.sh.height-headerHeight-footerHeight-m.panelHeight(), 1)
}

func (m Model) tooSmall() bool {
	return m.sh.width < minWidth || m.sh.height < minHeight
}

// layout gives every part its size; the article may need its text rendered again.
func (m Model) layout() (Model, tea.Cmd) {
	w, h := m.sh.width, m.bodyHeight()
	if m.list.width != w || m.list.height != h {
		m.list.setSize(w, h)
	}
	if m.sources.width != w || m.sources.height != h {
		m.sources.setSize(w, h)
	}
	m.stories.setSize(w, h)
	m.debate.setSize(w, h)
	var cmd tea.Cmd
	if m.article.width != w || m.article.height != h {
		m.article, cmd = m.article.setSize(w, h)
	}
	if m.focus == focusList && !m.tabs[m.active].sources && !m.tabs[m.active].debate && !m.storiesShown() {
		var more tea.Cmd
		m.list, more = m.list.fetchMore()
		cmd = tea.Batch(cmd, more)
	}
	return m, cmd
}

// Run runs the reader in the terminal until the user quits or ctx ends. A background refresh
// still running then is cancelled, and given a moment to record what it fetched.
func Run(ctx context.Context, opts Options) error {
	opts.fill()
	setUpRenderer(opts.Theme, opts.Getenv)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	m := newModel(ctx, opts)
	// 120 frames a second at most: a frame that is ready waits at most 8 ms for the screen.
	p := tea.NewProgram(m, tea.WithAltScreen(), tea.WithMouseCellMotion(), tea.WithContext(ctx), tea.WithFPS(120))
	_, err := p.Run()
	cancel()
	done := make(chan struct{})
	go func() { m.bg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
	}
	return err
}

// setUpRenderer settles colours before the program reads the terminal: NO_COLOR means no
// colour at all; the theme picks light or dark, and "auto" asks the terminal now, because
// asking later would race with the program reading keys.
func setUpRenderer(theme string, getenv func(string) string) {
	if getenv("NO_COLOR") != "" {
		lipgloss.SetColorProfile(termenv.Ascii)
	}
	switch strings.ToLower(theme) {
	case "dark":
		lipgloss.SetHasDarkBackground(true)
	case "light":
		lipgloss.SetHasDarkBackground(false)
	default:
		lipgloss.SetHasDarkBackground(lipgloss.HasDarkBackground())
	}
}
