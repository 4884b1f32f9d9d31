package ui

import (
	"veille/feeds"

	"hash/fnv"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/lipgloss"
)

// palette is the reader's few semantic colours, each with a light- and a dark-background
// variant; lipgloss picks one from the terminal's background.
type palette struct {
	text, subtle, faint lipgloss.AdaptiveColor
	accent, onAccent    lipgloss.AdaptiveColor
	selected            lipgloss.AdaptiveColor // background of the row under the cursor
	bar                 lipgloss.AdaptiveColor // background of the status line
	unread, star        lipgloss.AdaptiveColor
	ok, warn, error     lipgloss.AdaptiveColor
	tagColors           []lipgloss.AdaptiveColor
	knownTags           map[string]int // default tags keep their colour whatever the hash says
}

func defaultPalette() palette {
	c := func(light, dark string) lipgloss.AdaptiveColor {
		return lipgloss.AdaptiveColor{Light: light, Dark: dark}
	}
	return palette{
		text:     c("#1f2328", "#e6e6e6"),
		subtle:   c("#57606a", "#a0a0a0"),
		faint:    c("#8c959f", "#6e7681"),
		accent:   c("#0b61d8", "#6cb6ff"),
		onAccent: c("#ffffff", "#0d1117"),
		selected: c("#dbe9ff", "#26364d"),
		bar:      c("#eef1f4", "#1c2128"),
		unread:   c("#0b61d8", "#6cb6ff"),
		star:     c("#b35900", "#f0b72f"),
		ok:       c("#1a7f37", "#56d364"),
		warn:     c("#9a6700", "#e3b341"),
		error:    c("#cf222e", "#ff7b72"),
		tagColors: []lipgloss.AdaptiveColor{
			c("#8250df", "#d2a8ff"), // violet
			c("#1a7f37", "#7ee787"), // green
			c("#bc4c00", "#ffa657"), // orange
			c("#0969da", "#79c0ff"), // blue
			c("#cf222e", "#ff7b72"), // red
			c("#9a6700", "#e3b341"), // ochre
			c("#1b7c83", "#76e3ea"), // teal
			c("#bf3989", "#f778ba"), // pink
		},
		knownTags: map[string]int{"ia": 0, "open-source": 1, "proprietaire": 2, "regulation": 3, "securite": 4},
	}
}

// Styles are every style the reader draws with, built once from the palette and grouped by
// what they draw.
type Styles struct {
	Tabs struct {
		Active, Inactive, Rule lipgloss.Style
	}
	List struct {
		Row, Selected                lipgloss.Style
		Cursor, Unread, Star         lipgloss.Style
		TitleUnread, TitleRead, Date lipgloss.Style
		Source, Empty, EmptyHint     lipgloss.Style
	}
	Article struct {
		Title, Meta, Rule, Warn, Heading lipgloss.Style
		EvidenceTag, Evidence, Faint     lipgloss.Style
	}
	Sources struct {
		Header, Name, Number, OK, Error, Never lipgloss.Style
	}
	Status struct {
		Bar, Text, Info, Offline, Error, Spinner, Right lipgloss.Style
	}
	Input struct {
		Prompt, Text, Cursor, Error, Hint, Suggestion, Picked lipgloss.Style
	}
	Help  help.Styles
	Small lipgloss.Style

	p palette
}

// newStyles builds the styles from the palette.
func newStyles(p palette) Styles {
	var s Styles
	s.p = p
	base := lipgloss.NewStyle()

	s.Tabs.Active = base.Bold(true).Foreground(p.onAccent).Background(p.accent)
	s.Tabs.Inactive = base.Foreground(p.subtle)
	s.Tabs.Rule = base.Foreground(p.faint)

	s.List.Row = base.Foreground(p.text)
	s.List.Selected = base.Background(p.selected)
	s.List.Cursor = base.Bold(true).Foreground(p.accent)
	s.List.Unread = base.Bold(true).Foreground(p.unread)
	s.List.Star = base.Foreground(p.star)
	s.List.TitleUnread = base.Bold(true).Foreground(p.text)
	s.List.TitleRead = base.Foreground(p.subtle)
	s.List.Date = base.Foreground(p.subtle)
	s.List.Source = base.Foreground(p.accent)
	s.List.Empty = base.Bold(true).Foreground(p.text)
	s.List.EmptyHint = base.Foreground(p.subtle)

	s.Article.Title = base.Bold(true).Foreground(p.text)
	s.Article.Meta = base.Foreground(p.subtle)
	s.Article.Rule = base.Foreground(p.faint)
	s.Article.Warn = base.Foreground(p.warn)
	s.Article.Heading = base.Bold(true).Foreground(p.accent)
	s.Article.EvidenceTag = base.Bold(true)
	s.Article.Evidence = base.Foreground(p.text)
	s.Article.Faint = base.Foreground(p.faint)

	s.Sources.Header = base.Bold(true).Foreground(p.subtle)
	s.Sources.Name = base.Foreground(p.text)
	s.Sources.Number = base.Foreground(p.subtle)
	s.Sources.OK = base.Foreground(p.ok)
	s.Sources.Error = base.Foreground(p.error)
	s.Sources.Never = base.Foreground(p.faint)

	s.Status.Bar = base.Background(p.bar).Foreground(p.subtle)
	s.Status.Text = base.Background(p.bar).Foreground(p.subtle)
	s.Status.Info = base.Background(p.bar).Foreground(p.text)
	s.Status.Offline = base.Background(p.bar).Foreground(p.warn).Bold(true)
	s.Status.Error = base.Background(p.bar).Foreground(p.error)
	s.Status.Spinner = base.Background(p.bar).Foreground(p.accent)
	s.Status.Right = base.Background(p.bar).Foreground(p.faint)

	s.Input.Prompt = base.Bold(true).Foreground(p.accent)
	s.Input.Text = base.Foreground(p.text)
	s.Input.Cursor = base.Reverse(true)
	s.Input.Error = base.Foreground(p.error)
	s.Input.Hint = base.Foreground(p.faint)
	s.Input.Suggestion = base.Foreground(p.subtle)
	s.Input.Picked = base.Bold(true).Foreground(p.accent)

	s.Help = help.Styles{
		Ellipsis:       base.Foreground(p.faint),
		ShortKey:       base.Foreground(p.subtle),
		ShortDesc:      base.Foreground(p.faint),
		ShortSeparator: base.Foreground(p.faint),
		FullKey:        base.Bold(true).Foreground(p.accent),
		FullDesc:       base.Foreground(p.text),
		FullSeparator:  base.Foreground(p.faint),
	}
	s.Small = base.Foreground(p.warn).Bold(true)
	return s
}

// tagColor is the tag's colour: fixed for the default tags, else picked by a hash of the
// name, so that a tag looks the same in every row and every session.
func (s Styles) tagColor(name string) lipgloss.AdaptiveColor {
	if i, ok := s.p.knownTags[name]; ok {
		return s.p.tagColors[i]
	}
	h := fnv.New32a()
	h.Write([]byte(name))
	return s.p.tagColors[h.Sum32()%uint32(len(s.p.tagColors))]
}

// Tag is the style of a tag chip.
func (s Styles) Tag(name string) lipgloss.Style {
	return lipgloss.NewStyle().Foreground(s.tagColor(name))
}

// LearnedTag is the style of a tag learned from the user's tagging: the tag's colour, in
// italics, and TagSigil marks it without colour too.
func (s Styles) LearnedTag(name string) lipgloss.Style {
	return s.Tag(name).Italic(true)
}

// TagSigil is what a chip starts with: « ~ » for a learned tag (a guess from the user's own
// tagging), « # » for the others.
func TagSigil(t feeds.ArticleTag) string {
	if t.Learned {
		return "~"
	}
	return "#"
}
