package ui

import (
	"strings"
	"unicode"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// lineInput is a one-line text editor: the filter bar's and the tag editor's. (bubbles'
// textinput would pull in a clipboard module this project does not carry; a line editor is
// small.)
type lineInput struct {
	value []rune
	pos   int // cursor, in runes
}

func newLineInput(s string) lineInput {
	r := []rune(s)
	return lineInput{value: r, pos: len(r)}
}

func (in lineInput) String() string { return string(in.value) }

// update applies an editing key. It reports whether the key was an editing key.
func (in lineInput) update(msg tea.KeyMsg) (lineInput, bool) {
	switch msg.Type {
	case tea.KeyRunes, tea.KeySpace:
		if msg.Alt {
			return in, false
		}
		in.insert(msg.Runes)
	case tea.KeyBackspace, tea.KeyCtrlH:
		if in.pos > 0 {
			in.value = append(in.value[:in.pos-1:in.pos-1], in.value[in.pos:]...)
			in.pos--
		}
	case tea.KeyDelete, tea.KeyCtrlD:
		if in.pos < len(in.value) {
			in.value = append(in.value[:in.pos:in.pos], in.value[in.pos+1:]...)
		}
	case tea.KeyLeft, tea.KeyCtrlB:
		in.pos = max(in.pos-1, 0)
	case tea.KeyRight, tea.KeyCtrlF:
		in.pos = min(in.pos+1, len(in.value))
	case tea.KeyHome, tea.KeyCtrlA:
		in.pos = 0
	case tea.KeyEnd, tea.KeyCtrlE:
		in.pos = len(in.value)
	case tea.KeyCtrlU:
		in.value = append([]rune(nil), in.value[in.pos:]...)
		in.pos = 0
	case tea.KeyCtrlK:
		in.value = in.value[:in.pos:in.pos]
	case tea.KeyCtrlW:
		start := in.pos
		for start > 0 && unicode.IsSpace(in.value[start-1]) {
			start--
		}
		for start > 0 && !unicode.IsSpace(in.value[start-1]) {
			start--
		}
		in.value = append(in.value[:start:start], in.value[in.pos:]...)
		in.pos = start
	default:
		return in, false
	}
	return in, true
}

func (in *lineInput) insert(rs []rune) {
	clean := make([]rune, 0, len(rs))
	for _, r := range rs {
		switch {
		case r == '\n' || r == '\t' || r == '\r':
			clean = append(clean, ' ') // a pasted line break: one line only
		case unicode.IsPrint(r):
			clean = append(clean, r)
		}
	}
	v := make([]rune, 0, len(in.value)+len(clean))
	v = append(v, in.value[:in.pos]...)
	v = append(v, clean...)
	v = append(v, in.value[in.pos:]...)
	in.value = v
	in.pos += len(clean)
}

// setValue replaces the text and puts the cursor at its end.
func (in *lineInput) setValue(s string) {
	in.value = []rune(s)
	in.pos = len(in.value)
}

// currentWord is the word under the cursor (back to the previous space) and where it starts.
func (in lineInput) currentWord() (string, int) {
	start := in.pos
	for start > 0 && !unicode.IsSpace(in.value[start-1]) {
		start--
	}
	return string(in.value[start:in.pos]), start
}

// replaceCurrentWord puts s in place of the word under the cursor.
func (in *lineInput) replaceCurrentWord(s string) {
	_, start := in.currentWord()
	v := append([]rune(nil), in.value[:start]...)
	v = append(v, []rune(s)...)
	in.value = append(v, in.value[in.pos:]...)
	in.pos = start + len([]rune(s))
}

// view draws the text in width cells with the cursor, scrolled so that the cursor shows.
// mark, if not nil, styles the runes [from, to) (a query error's term).
func (in lineInput) view(width int, text, cursor lipgloss.Style, mark *markRange) string {
	if width < 1 {
		return ""
	}
	// Scroll: the window ends at the cursor when the text before it is too wide.
	start := 0
	for start < in.pos && ansi.StringWidth(string(in.value[start:in.pos]))+1 > width {
		start++
	}
	var b strings.Builder
	used := 0
	for i := start; i <= len(in.value); i++ {
		ch := " "
		if i < len(in.value) {
			ch = string(in.value[i])
		} else if i != in.pos {
			break
		}
		w := max(ansi.StringWidth(ch), 1)
		if used+w > width {
			break
		}
		used += w
		st := text
		if mark != nil && i >= mark.from && i < mark.to {
			st = mark.style
		}
		if i == in.pos {
			st = cursor
		}
		b.WriteString(st.Render(ch))
	}
	return b.String()
}

// markRange is a run of an input's runes drawn in another style.
type markRange struct {
	from, to int
	style    lipgloss.Style
}
