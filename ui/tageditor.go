package ui

import (
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"veille/feeds"
)

// tagEditorModel edits one article's tags: "+tag" or "tag" adds, "-tag" removes, tab completes
// the word under the cursor from the tags in the cache (or, after '-', the article's own).
// The store records the edits as manual, so that rules never undo them.
type tagEditorModel struct {
	sh *shared

	id    int64
	tags  []feeds.ArticleTag // the article's tags when the editor opened
	input lineInput

	names   []string // every tag in the cache, most used first
	matches []string // completions of the word under the cursor
	pick    int      // the completion tab last put in, -1 for none
}

func (m tagEditorModel) open(a feeds.Article, names []string) tagEditorModel {
	m.id = a.ID
	m.tags = slices.Clone(a.Tags)
	m.input = newLineInput("")
	m.names = names
	m.suggest()
	return m
}

// update edits the line or completes; it reports whether the key was the editor's.
func (m tagEditorModel) update(msg tea.KeyMsg, complete bool) (tagEditorModel, bool) {
	if complete {
		if len(m.matches) == 0 {
			return m, true
		}
		m.pick = (m.pick + 1) % len(m.matches)
		word, _ := m.input.currentWord()
		sign := ""
		if strings.HasPrefix(word, "+") || strings.HasPrefix(word, "-") {
			sign = word[:1]
		}
		m.input.replaceCurrentWord(sign + m.matches[m.pick])
		return m, true
	}
	in, ok := m.input.update(msg)
	if !ok {
		return m, false
	}
	m.input = in
	m.suggest()
	return m, true
}

func (m tagEditorModel) namesLoaded(names []string) tagEditorModel {
	m.names = names
	if m.pick < 0 {
		m.suggest()
	}
	return m
}

// suggest lists the completions of the word under the cursor.
func (m *tagEditorModel) suggest() {
	m.pick = -1
	m.matches = nil
	word, _ := m.input.currentWord()
	remove := strings.HasPrefix(word, "-")
	stem := feeds.FoldName(strings.TrimLeft(word, "+-"))
	has := func(name string) bool {
		return slices.ContainsFunc(m.tags, func(t feeds.ArticleTag) bool { return t.Name == name && !t.Removed })
	}
	var pool []string
	if remove {
		for _, t := range m.tags {
			if !t.Removed {
				pool = append(pool, t.Name)
			}
		}
	} else {
		for _, n := range m.names {
			if !has(n) {
				pool = append(pool, n)
			}
		}
	}
	for _, n := range pool {
		if strings.HasPrefix(n, stem) && !slices.Contains(m.matches, n) {
			m.matches = append(m.matches, n)
		}
	}
}

// edits are the tags to add and to remove, folded as the store keeps them.
func (m tagEditorModel) edits() (add, remove []string) {
	for _, f := range strings.Fields(m.input.String()) {
		name := feeds.FoldName(strings.TrimLeft(f, "+-"))
		if name == "" {
			continue
		}
		if strings.HasPrefix(f, "-") {
			add = slices.DeleteFunc(add, func(s string) bool { return s == name })
			if !slices.Contains(remove, name) {
				remove = append(remove, name)
			}
			continue
		}
		remove = slices.DeleteFunc(remove, func(s string) bool { return s == name })
		if !slices.Contains(add, name) {
			add = append(add, name)
		}
	}
	return add, remove
}

func (m tagEditorModel) height() int { return 3 }

// view draws the editor: the article's tags, the line being typed, the completions or a hint.
func (m tagEditorModel) view(width int) string {
	st := m.sh.styles
	l := m.sh.lang
	var chips []string
	for _, t := range m.tags {
		if t.Removed {
			continue
		}
		name := line(t.Name)
		chip := st.Tag(name).Render("#" + name)
		if t.Manual {
			chip += st.Input.Hint.Render("✎")
		}
		chips = append(chips, chip)
	}
	current := st.Input.Hint.Render(l.T("tags.none"))
	if len(chips) > 0 {
		current = strings.Join(chips, " ")
	}
	first := " " + st.Input.Prompt.Render(l.T("tags.title")) + current
	prompt := st.Input.Prompt.Render(" t› ")
	second := prompt + m.input.view(width-5, st.Input.Text, st.Input.Cursor, nil)
	var third string
	if len(m.matches) > 0 {
		parts := make([]string, 0, len(m.matches))
		used := 4
		for i, n := range m.matches {
			name := line(n)
			w := ansi.StringWidth(name)
			if used+w+2 > width {
				break
			}
			used += w + 2
			s := st.Input.Suggestion
			if i == m.pick {
				s = st.Input.Picked
			}
			parts = append(parts, s.Render(name))
		}
		third = "    " + strings.Join(parts, "  ")
	} else {
		third = st.Input.Hint.Render("    " + truncate(l.T("tags.hint"), width-5))
	}
	return padRight(truncate(first, width), width) + "\n" + padRight(second, width) + "\n" + padRight(truncate(third, width), width)
}
