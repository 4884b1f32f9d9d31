package ui

import (
	"strings"
	"unicode"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// lineInput is a one-line text editor: the filter bar's and the tag editor's. bubbles'
// textinput does the editing; the line is drawn here, because the filter bar underlines a
// query error's term inside the text, which textinput's View cannot do.
type lineInput struct{ ti textinput.Model }

// inputKeys are the editing keys (emacs-style, as in a shell). Paste (ctrl+v) is left out:
// terminals paste by themselves (bracketed paste), and reading the clipboard would run
// xclip or pbpaste. Suggestions are left out: tab completion is the tag editor's own, and up
// and down are no editing keys.
var inputKeys = textinput.KeyMap{
	CharacterForward:        key.NewBinding(key.WithKeys("right", "ctrl+f")),
	CharacterBackward:       key.NewBinding(key.WithKeys("left", "ctrl+b")),
	DeleteWordBackward:      key.NewBinding(key.WithKeys("ctrl+w")),
	DeleteAfterCursor:       key.NewBinding(key.WithKeys("ctrl+k")),
	DeleteBeforeCursor:      key.NewBinding(key.WithKeys("ctrl+u")),
	DeleteCharacterBackward: key.NewBinding(key.WithKeys("backspace", "ctrl+h")),
	DeleteCharacterForward:  key.NewBinding(key.WithKeys("delete", "ctrl+d")),
	LineStart:               key.NewBinding(key.WithKeys("home", "ctrl+a")),
	LineEnd:                 key.NewBinding(key.WithKeys("end", "ctrl+e")),
}

var editingKeys = []key.Binding{
	inputKeys.CharacterForward, inputKeys.CharacterBackward, inputKeys.DeleteWordBackward,
	inputKeys.DeleteAfterCursor, inputKeys.DeleteBeforeCursor, inputKeys.DeleteCharacterBackward,
	inputKeys.DeleteCharacterForward, inputKeys.LineStart, inputKeys.LineEnd,
}

func newLineInput(s string) lineInput {
	ti := textinput.New()
	ti.KeyMap = inputKeys
	ti.Prompt = ""
	ti.Cursor.SetMode(cursor.CursorHide) // the cursor is drawn by view, and never blinks
	ti.Focus()                           // textinput ignores keys unless focused
	in := lineInput{ti: ti}
	in.setValue(s)
	return in
}

func (in lineInput) String() string { return in.ti.Value() }

// update applies an editing key. It reports whether the key was an editing key.
func (in lineInput) update(msg tea.KeyMsg) (lineInput, bool) {
	switch {
	case msg.Type == tea.KeyRunes || msg.Type == tea.KeySpace:
		if msg.Alt {
			return in, false
		}
		msg.Runes = printable(msg.Runes)
	default:
		msg.Alt = false // alt+left moves as left does: the line has no word motions
		if !key.Matches(msg, editingKeys...) {
			return in, false
		}
	}
	// The command textinput returns only makes its own cursor blink.
	in.ti, _ = in.ti.Update(msg)
	return in, true
}

// printable is typed or pasted text as the line takes it: a line break or a tab becomes a
// space (one line only), and what is not printable goes (textinput's sanitizer keeps format
// characters such as bidi overrides, which would reorder what the line shows).
func printable(rs []rune) []rune {
	clean := make([]rune, 0, len(rs))
	for _, r := range rs {
		switch {
		case r == '\n' || r == '\t' || r == '\r':
			clean = append(clean, ' ')
		case unicode.IsPrint(r):
			clean = append(clean, r)
		}
	}
	return clean
}

// setValue replaces the text and puts the cursor at its end.
func (in *lineInput) setValue(s string) {
	in.ti.SetValue(s)
	in.ti.CursorEnd()
}

// currentWord is the word under the cursor (back to the previous space) and where it starts.
func (in lineInput) currentWord() (string, int) {
	value, pos := []rune(in.ti.Value()), in.ti.Position()
	start := pos
	for start > 0 && !unicode.IsSpace(value[start-1]) {
		start--
	}
	return string(value[start:pos]), start
}

// replaceCurrentWord puts s in place of the word under the cursor.
func (in *lineInput) replaceCurrentWord(s string) {
	_, start := in.currentWord()
	value := []rune(in.ti.Value())
	v := append([]rune(nil), value[:start]...)
	v = append(v, []rune(s)...)
	in.ti.SetValue(string(append(v, value[in.ti.Position():]...)))
	in.ti.SetCursor(start + len([]rune(s)))
}

// view draws the text in width cells with the cursor, scrolled so that the cursor shows.
// mark, if not nil, styles the runes [from, to) (a query error's term).
func (in lineInput) view(width int, text, caret lipgloss.Style, mark *markRange) string {
	if width < 1 {
		return ""
	}
	value, pos := []rune(in.ti.Value()), in.ti.Position()
	// Scroll: the window ends at the cursor when the text before it is too wide.
	start := 0
	for start < pos && ansi.StringWidth(string(value[start:pos]))+1 > width {
		start++
	}
	var b strings.Builder
	used := 0
	for i := start; i <= len(value); i++ {
		ch := " "
		if i < len(value) {
			ch = string(value[i])
		} else if i != pos {
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
		if i == pos {
			st = caret
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
