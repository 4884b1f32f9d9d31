package ui

import (
	"slices"
	"strconv"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"veille/feeds"
)

func TestLineInput(t *testing.T) {
	in := newLineInput("")
	send := func(msgs ...tea.KeyMsg) {
		for _, m := range msgs {
			in, _ = in.update(m)
		}
	}
	r := func(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }
	send(r("poids"), tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}, r("ouvé"))
	send(tea.KeyMsg{Type: tea.KeyLeft}, tea.KeyMsg{Type: tea.KeyBackspace}, r("er"))
	if got := in.String(); got != "poids oueré" {
		t.Fatalf("got %q", got)
	}
	send(tea.KeyMsg{Type: tea.KeyEnd}, tea.KeyMsg{Type: tea.KeyBackspace}, r("ts"))
	send(tea.KeyMsg{Type: tea.KeyCtrlW})
	if got := in.String(); got != "poids " {
		t.Fatalf("ctrl+w: %q", got)
	}
	send(r("a\x1b[2J\tb")) // a paste with controls
	if got := in.String(); got != "poids a[2J b" {
		t.Fatalf("paste: %q", got)
	}
	send(tea.KeyMsg{Type: tea.KeyCtrlU})
	if in.String() != "" {
		t.Fatalf("ctrl+u: %q", in.String())
	}
	if _, ok := in.update(tea.KeyMsg{Type: tea.KeyEnter}); ok {
		t.Error("enter is not an editing key")
	}
	for _, k := range []tea.KeyMsg{{Type: tea.KeyUp}, {Type: tea.KeyTab}, {Type: tea.KeyCtrlV}, {Type: tea.KeyRunes, Runes: []rune("b"), Alt: true}} {
		if _, ok := in.update(k); ok {
			t.Errorf("%s is not an editing key", k)
		}
	}
	send(r("x\u202ey"), tea.KeyMsg{Type: tea.KeyLeft, Alt: true}, r("-"))
	if got, word := in.String(), fmtWord(in.currentWord()); got != "x-y" || word != "x-@0" {
		t.Errorf("bidi override kept or alt+left not a move: %q, word %q", got, word)
	}
	in.replaceCurrentWord("+ia")
	if got := in.String(); got != "+iay" {
		t.Errorf("replaceCurrentWord: %q", got)
	}
}

func fmtWord(w string, start int) string { return w + "@" + strconv.Itoa(start) }

func TestTagEdits(t *testing.T) {
	m := tagEditorModel{sh: &shared{}}.open(feeds.Article{}, nil)
	m.input = newLineInput("Souveraineté +ia -Propriétaire -ia +propriétaire -x - +")
	add, remove := m.edits()
	if !slices.Equal(add, []string{"souverainete", "proprietaire"}) || !slices.Equal(remove, []string{"ia", "x"}) {
		t.Errorf("add %q, remove %q", add, remove)
	}
}
