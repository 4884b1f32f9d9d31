package ui

import (
	"sort"
	"strings"

	"veille/ui/lang"

	"github.com/charmbracelet/bubbles/key"
)

// keyMap is every key the reader answers to. Bindings that mean nothing in the current mode
// are disabled (see setMode), so that help only shows what works now and key.Matches ignores
// the rest.
type keyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
	Open, Back                              key.Binding
	NextTab, PrevTab, TabN                  key.Binding
	Filter, Read, Star, Tags                key.Binding
	Browser, Copy, Refresh, MarkAll         key.Binding
	Next, Prev, Evidence, Page              key.Binding
	Stories                                 key.Binding // articles ↔ stories (ui/stories.go)
	Help, Quit                              key.Binding

	// In the text inputs.
	Apply, Cancel, Complete key.Binding
}

// keyActions names the bindings for [keys] in config.toml: action = ["key", …].
var keyActions = []string{
	"up", "down", "page-up", "page-down", "top", "bottom", "open", "back",
	"next-tab", "prev-tab", "filter", "read", "star", "tags", "browser", "copy",
	"refresh", "mark-all-read", "next", "prev", "evidence", "fulltext", "help", "quit", "stories",
}

func (k *keyMap) byAction(action string) *key.Binding {
	switch action {
	case "up":
		return &k.Up
	case "down":
		return &k.Down
	case "page-up":
		return &k.PageUp
	case "page-down":
		return &k.PageDown
	case "top":
		return &k.Top
	case "bottom":
		return &k.Bottom
	case "open":
		return &k.Open
	case "back":
		return &k.Back
	case "next-tab":
		return &k.NextTab
	case "prev-tab":
		return &k.PrevTab
	case "filter":
		return &k.Filter
	case "read":
		return &k.Read
	case "star":
		return &k.Star
	case "tags":
		return &k.Tags
	case "browser":
		return &k.Browser
	case "copy":
		return &k.Copy
	case "refresh":
		return &k.Refresh
	case "mark-all-read":
		return &k.MarkAll
	case "next":
		return &k.Next
	case "prev":
		return &k.Prev
	case "evidence":
		return &k.Evidence
	case "fulltext":
		return &k.Page
	case "help":
		return &k.Help
	case "quit":
		return &k.Quit
	case "stories":
		return &k.Stories
	}
	return nil
}

func defaultKeyMap(l lang.Lang) keyMap {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, l.T(desc)))
	}
	return keyMap{
		Up:       b("↑/k", "key.up", "up", "k"),
		Down:     b("↓/j", "key.down", "down", "j"),
		PageUp:   b("pgup", "key.pgup", "pgup", "ctrl+b"),
		PageDown: b("pgdn", "key.pgdown", "pgdown", "ctrl+f", " "),
		Top:      b("g", "key.top", "g", "home"),
		Bottom:   b("G", "key.bottom", "G", "end"),
		Open:     b(l.T("keyname.enter"), "key.open", "enter"),
		Back:     b(l.T("keyname.esc"), "key.back", "esc"),
		NextTab:  b("tab", "key.nexttab", "tab"),
		PrevTab:  b(l.T("keyname.shift-tab"), "key.prevtab", "shift+tab"),
		TabN:     b("1–9", "key.tabnum", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
		Filter:   b("/", "key.filter", "/"),
		Read:     b("r", "key.read", "r"),
		Star:     b("s", "key.star", "s"),
		Tags:     b("t", "key.tags", "t"),
		Browser:  b("o", "key.browser", "o"),
		Copy:     b("y", "key.copy", "y"),
		Refresh:  b("R", "key.refresh", "R"),
		MarkAll:  b("A", "key.markall", "A"),
		Next:     b("n", "key.next", "n"),
		Prev:     b("p", "key.prev", "p"),
		Evidence: b("e", "key.evidence", "e"),
		Page:     b("f", "key.page", "f"),
		Stories:  b("v", "key.stories", "v"),
		Help:     b("?", "key.help", "?"),
		Quit:     b("q", "key.quit", "q"),
		Apply:    b(l.T("keyname.enter"), "key.apply", "enter"),
		Cancel:   b(l.T("keyname.esc"), "key.cancel", "esc"),
		Complete: b("tab", "key.complete", "tab"),
	}
}

// newKeyMap is the default keymap with the user's overrides applied. It returns the actions it
// did not know, sorted, for the status line to report.
func newKeyMap(l lang.Lang, overrides map[string][]string) (keyMap, []string) {
	k := defaultKeyMap(l)
	var unknown []string
	for action, keys := range overrides {
		b := k.byAction(action)
		if b == nil {
			unknown = append(unknown, action)
			continue
		}
		if len(keys) == 0 {
			b.Unbind()
			continue
		}
		b.SetKeys(keys...)
		b.SetHelp(strings.Join(keys, "/"), b.Help().Desc)
	}
	sort.Strings(unknown)
	return k, unknown
}

// mode is what has the keyboard, for enabling bindings and composing help.
type mode int

const (
	modeList mode = iota
	modeSources
	modeArticle
	modeFilter
	modeTags
	modeHelp
	modeStories // a tab in story view (ui/stories.go)
	modeDebate  // the Débat tab (ui/debate.go)
)

// setMode enables the bindings that mean something in mode. l names the quit key's action,
// which is "back" in the article view.
func (k *keyMap) setMode(md mode, l lang.Lang, filtered bool) {
	articles := md == modeList || md == modeArticle
	for _, b := range []*key.Binding{&k.Read, &k.Star, &k.Tags, &k.Browser, &k.Copy} {
		b.SetEnabled(articles)
	}
	k.Stories.SetEnabled(md == modeList || md == modeStories)
	nav := md == modeList || md == modeSources || md == modeArticle || md == modeStories || md == modeDebate
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.Top, &k.Bottom,
		&k.NextTab, &k.PrevTab, &k.TabN, &k.Refresh, &k.Help, &k.Quit} {
		b.SetEnabled(nav)
	}
	k.Open.SetEnabled(md == modeList || md == modeSources || md == modeStories)
	if md == modeSources {
		k.Open.SetHelp(k.Open.Help().Key, l.T("key.filter.source"))
	} else {
		k.Open.SetHelp(k.Open.Help().Key, l.T("key.open"))
	}
	k.Filter.SetEnabled(md == modeList || md == modeStories)
	k.MarkAll.SetEnabled(md == modeList)
	k.Back.SetEnabled(md == modeArticle || (md == modeList && filtered) || md == modeHelp || md == modeStories)
	if md == modeList {
		k.Back.SetHelp(k.Back.Help().Key, l.T("key.clear"))
	} else {
		k.Back.SetHelp(k.Back.Help().Key, l.T("key.back"))
	}
	if md == modeArticle || md == modeHelp {
		k.Quit.SetEnabled(true) // q leaves the article or the help, like esc
		k.Quit.SetHelp(k.Quit.Help().Key, l.T("key.back"))
	} else {
		k.Quit.SetHelp(k.Quit.Help().Key, l.T("key.quit"))
	}
	for _, b := range []*key.Binding{&k.Next, &k.Prev, &k.Evidence, &k.Page} {
		b.SetEnabled(md == modeArticle)
	}
	if md == modeStories {
		k.Read.SetEnabled(true)
		k.Browser.SetEnabled(true)
		k.Evidence.SetEnabled(true)
		k.Evidence.SetHelp(k.Evidence.Help().Key, l.T("key.evidence.story"))
	} else {
		k.Evidence.SetHelp(k.Evidence.Help().Key, l.T("key.evidence"))
	}
	k.Help.SetEnabled(nav || md == modeHelp)
	inputs := md == modeFilter || md == modeTags
	k.Apply.SetEnabled(inputs)
	k.Cancel.SetEnabled(inputs)
	k.Complete.SetEnabled(md == modeTags)
}

// shortHelp is the one-line help of a mode.
func (k keyMap) shortHelp(md mode) []key.Binding {
	switch md {
	case modeFilter:
		return []key.Binding{k.Apply, k.Cancel}
	case modeTags:
		return []key.Binding{k.Complete, k.Apply, k.Cancel}
	case modeArticle:
		return []key.Binding{k.Back, k.Next, k.Prev, k.Evidence, k.Page, k.Star, k.Tags, k.Browser, k.Copy, k.Help}
	case modeSources:
		return []key.Binding{k.Open, k.NextTab, k.TabN, k.Refresh, k.Help, k.Quit}
	case modeHelp:
		return []key.Binding{k.Help, k.Back}
	case modeStories:
		return []key.Binding{k.Open, k.Back, k.Evidence, k.Read, k.Stories, k.Filter, k.NextTab, k.Help, k.Quit}
	case modeDebate:
		return []key.Binding{k.Down, k.Up, k.NextTab, k.TabN, k.Refresh, k.Help, k.Quit}
	}
	return []key.Binding{k.Open, k.Filter, k.NextTab, k.Read, k.Star, k.Tags, k.Browser, k.Help, k.Quit}
}

// fullHelp is the `?` screen: every binding, in columns, enabled or not, so that the user
// sees the whole map at once.
func (k keyMap) fullHelp(l lang.Lang) [][]key.Binding {
	k.Quit.SetHelp(k.Quit.Help().Key, l.T("key.quit")) // what q means from the list
	all := func(bs ...key.Binding) []key.Binding {
		out := make([]key.Binding, len(bs))
		for i, b := range bs {
			b.SetEnabled(len(b.Keys()) > 0)
			out[i] = b
		}
		return out
	}
	return [][]key.Binding{
		all(k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom, k.Open, k.Back),
		all(k.NextTab, k.PrevTab, k.TabN, k.Filter, k.Refresh, k.Help, k.Quit),
		all(k.Read, k.Star, k.Tags, k.Browser, k.Copy, k.MarkAll, k.Stories),
		all(k.Next, k.Prev, k.Evidence, k.Page),
	}
}
