package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"veille/feeds"
	"veille/ui/render"
)

// The cache holds clean text already; every value from it goes through line (and an article's
// text through render.Article) again on its way to the screen, a cheap guard against a cache
// written by an older or buggy version: no control character or escape sequence from a feed
// ever reaches the terminal.

// line makes a one-line value safe to print: no controls, escapes, bidi overrides or line
// breaks.
func line(s string) string { return feeds.CleanLine(s) }

// fit cuts s (plain text) to width cells with an ellipsis and pads it with spaces to exactly
// width cells.
func fit(s string, width int) string {
	if width <= 0 {
		return ""
	}
	s = truncate(s, width)
	if w := ansi.StringWidth(s); w < width {
		s += strings.Repeat(" ", width-w)
	}
	return s
}

// fitLeft is fit with the text aligned right.
func fitLeft(s string, width int) string {
	if width <= 0 {
		return ""
	}
	s = truncate(s, width)
	if w := ansi.StringWidth(s); w < width {
		s = strings.Repeat(" ", width-w) + s
	}
	return s
}

// truncate cuts s to width cells, ending in an ellipsis when it had to cut.
func truncate(s string, width int) string {
	if width <= 0 {
		return ""
	}
	if ansi.StringWidth(s) <= width {
		return s
	}
	return ansi.Truncate(s, width, "…")
}

// wrapText wraps plain text to width cells at spaces, cutting a word only when it is wider
// than a line; hyphens and no-break spaces hold (see render.Wrap).
func wrapText(s string, width int) string { return render.Wrap(s, width) }

// padLines makes s exactly height lines (cut or padded with empty lines).
func padLines(s string, height int) string {
	if height <= 0 {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > height {
		lines = lines[:height]
	}
	for len(lines) < height {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}
