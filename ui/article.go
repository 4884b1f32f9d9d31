package ui

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"veille/feeds"
)

// articleModel is the article view: a header (title, source, author, date, tags, and on demand
// why each tag is there) above the text rendered from the article's HTML, in a viewport.
type articleModel struct {
	sh *shared

	id        int64
	art       feeds.Article // the list row until the whole article arrives
	loaded    bool
	err       error
	body      string // rendered text, for bodyWidth
	bodyWidth int
	evidence  bool

	vp            viewport.Model
	width, height int
}

func newArticleModel(sh *shared) articleModel {
	vp := viewport.New(0, 0)
	vp.MouseWheelDelta = 3
	return articleModel{sh: sh, vp: vp}
}

// textWidth is the width text is wrapped to: the screen's, less margins, at most a
// comfortable reading measure.
func (m articleModel) textWidth() int { return max(20, min(m.width-4, 88)) }

// open shows the article of a list row and asks for the whole of it.
func (m articleModel) open(ctx context.Context, store Store, row feeds.Article) (articleModel, tea.Cmd) {
	m.id, m.art = row.ID, row
	m.loaded, m.err, m.body, m.bodyWidth, m.evidence = false, nil, "", 0, false
	m.setContent()
	m.vp.GotoTop()
	return m, loadArticleCmd(ctx, store, row.ID, m.textWidth(), m.sh.lang.T("article.links"))
}

func (m articleModel) articleLoaded(msg articleLoadedMsg) (articleModel, tea.Cmd) {
	if msg.id != m.id {
		return m, nil
	}
	if msg.err != nil {
		m.err = msg.err
		m.setContent()
		return m, nil
	}
	// The list row knew the read state the user just set; the cache may not have it yet.
	msg.art.Read, msg.art.Starred = m.art.Read, m.art.Starred
	m.art, m.loaded = msg.art, true
	m.body, m.bodyWidth = msg.body, msg.width
	m.setContent()
	if m.bodyWidth != m.textWidth() {
		return m, renderArticleCmd(m.art, m.textWidth(), m.sh.lang.T("article.links"))
	}
	return m, nil
}

func (m articleModel) articleRendered(msg articleRenderedMsg) articleModel {
	if msg.id != m.id || !m.loaded {
		return m
	}
	m.body, m.bodyWidth = msg.body, msg.width
	m.setContent()
	return m
}

// setSize resizes the viewport; a new text width needs the text rendered again.
func (m articleModel) setSize(width, height int) (articleModel, tea.Cmd) {
	m.width, m.height = width, max(height, 1)
	m.vp.Width, m.vp.Height = width, m.height
	m.setContent()
	if m.loaded && m.bodyWidth != m.textWidth() {
		return m, renderArticleCmd(m.art, m.textWidth(), m.sh.lang.T("article.links"))
	}
	return m, nil
}

// update scrolls.
func (m articleModel) update(msg tea.Msg) (articleModel, tea.Cmd) {
	k := m.sh.keys
	switch msg := msg.(type) {
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, k.Up):
			m.vp.LineUp(1)
		case key.Matches(msg, k.Down):
			m.vp.LineDown(1)
		case key.Matches(msg, k.PageUp):
			m.vp.ViewUp()
		case key.Matches(msg, k.PageDown):
			m.vp.ViewDown()
		case key.Matches(msg, k.Top):
			m.vp.GotoTop()
		case key.Matches(msg, k.Bottom):
			m.vp.GotoBottom()
		case key.Matches(msg, k.Evidence):
			m.evidence = !m.evidence
			m.setContent()
		}
	case tea.MouseMsg:
		var cmd tea.Cmd
		m.vp, cmd = m.vp.Update(msg)
		return m, cmd
	}
	return m, nil
}

// setFlags applies a change the user made (read, star, tags) to the article shown, until the
// article is read again from the cache.
func (m *articleModel) setFlags(f func(*feeds.Article)) {
	f(&m.art)
	m.setContent()
}

func (m *articleModel) setContent() {
	if m.width <= 0 {
		return
	}
	m.vp.SetContent(m.content())
}

// content is everything the viewport scrolls: header, evidence, text.
func (m articleModel) content() string {
	st := m.sh.styles
	l := m.sh.lang
	w := m.textWidth()
	var b strings.Builder
	margin := "  "
	add := func(s string) {
		for _, ln := range strings.Split(s, "\n") {
			b.WriteString(margin + ln + "\n")
		}
	}
	add(st.Article.Title.Render(wrapText(line(m.art.Title), w)))

	var meta []string
	if s := line(m.art.FeedTitle); s != "" {
		meta = append(meta, s)
	}
	if s := line(m.art.Author); s != "" {
		meta = append(meta, s)
	}
	date := l.Ago(m.art.Published, m.sh.now)
	abs := m.art.Published.Local().Format(l.T("article.date-format"))
	if m.art.DateGuessed {
		date = l.T("show.undated", abs)
	} else {
		date += " (" + abs + ")"
	}
	meta = append(meta, date)
	add(st.Article.Meta.Render(wrapText(strings.Join(meta, " · "), w)))

	if chips := m.chips(); chips != "" {
		add(chips)
	}
	switch {
	case m.art.TextSource == feeds.TextFromPage:
		add(st.Article.Faint.Render(l.TextSource(feeds.TextFromPage)))
	case m.art.TextSource == feeds.TextPaywall || m.art.TextSource == feeds.TextBlocked:
		add(st.Article.Warn.Render("⚠ " + l.TextSource(m.art.TextSource)))
	case m.art.Paywalled:
		add(st.Article.Warn.Render("⚠ " + l.T("show.paywall")))
	}
	if u := line(m.art.URL); u != "" {
		add(st.Article.Faint.Render(truncate(u, w)))
	}
	if m.evidence {
		b.WriteString("\n")
		add(st.Article.Heading.Render(l.T("article.evidence")))
		for _, ln := range m.evidenceLines(w) {
			add(ln)
		}
	}
	add(st.Article.Rule.Render(strings.Repeat("─", w)))

	switch {
	case m.err != nil:
		add(st.Status.Error.UnsetBackground().Render(wrapText(m.errText(), w)))
	case !m.loaded:
		add(st.Article.Faint.Render(l.T("status.loading")))
	case strings.TrimSpace(m.body) == "":
		add(st.Article.Faint.Render(l.T("article.notext")))
	default:
		add(m.body)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func (m articleModel) errText() string {
	if errors.Is(m.err, feeds.ErrNotFound) {
		return m.sh.lang.T("status.article.gone")
	}
	return m.sh.lang.T("status.error", line(m.err.Error()))
}

// chips are the article's tags, as in the list.
func (m articleModel) chips() string {
	var out []string
	for _, t := range m.art.Tags {
		if t.Removed {
			continue
		}
		name := line(t.Name)
		out = append(out, m.sh.styles.Tag(name).Render("#"+name))
	}
	return strings.Join(out, " ")
}

// evidenceLines say why the article carries each tag: « words » (where) and the rules, or that
// the user added or removed the tag by hand.
func (m articleModel) evidenceLines(width int) []string {
	st := m.sh.styles
	l := m.sh.lang
	tags := slices.Clone(m.art.Tags)
	if len(tags) == 0 {
		return []string{st.Article.Faint.Render(l.T("tags.none"))}
	}
	var out []string
	for _, t := range tags {
		name := line(t.Name)
		tagStyle := st.Tag(name)
		if t.Learned {
			tagStyle = st.LearnedTag(name)
		}
		head := tagStyle.Inherit(st.Article.EvidenceTag).Render(TagSigil(t) + name)
		var why string
		switch {
		case t.Removed:
			why = l.T("article.removed")
		case t.Manual && len(t.Evidence) == 0:
			why = l.T("article.manual")
		case len(t.Evidence) == 0:
			why = l.T("article.noevidence")
		default:
			var matches, rules []string
			for _, e := range t.Evidence {
				matches = append(matches, line(l.Evidence(e)))
				if r := line(e.Rule); r != "" && !slices.Contains(rules, r) {
					rules = append(rules, r)
				}
			}
			why = "← " + strings.Join(matches, ", ")
			if len(rules) > 0 {
				why += " · " + l.T("article.rule", strings.Join(rules, ", "))
			}
			if t.Manual {
				why += " · " + l.T("article.manual")
			}
		}
		indent := lipgloss.Width(name) + 3
		body := wrapText(why, max(width-indent, 10))
		body = strings.ReplaceAll(body, "\n", "\n"+strings.Repeat(" ", indent))
		out = append(out, head+"  "+st.Article.Evidence.Render(body))
	}
	return out
}

// scrollPercent is how far down the text the view is.
func (m articleModel) scrollPercent() int {
	return int(m.vp.ScrollPercent()*100 + 0.5)
}

func (m articleModel) view() string {
	return m.vp.View()
}
