package render

import (
	"html"

	"veille/feeds"
)

// Article is an article's text for the terminal, as the reader and `veille show` print it:
// its HTML content, or else its summary, which is plain text (an article whose content was
// emptied by retention keeps only that) and so is escaped before it meets the HTML renderer.
// The result is safe to print.
func Article(art feeds.Article, width int, linksTitle string) string {
	src := art.Content
	if src == "" && art.Summary != "" {
		src = "<p>" + html.EscapeString(art.Summary) + "</p>"
	}
	if src == "" {
		return ""
	}
	return feeds.CleanText(Text(src, width, linksTitle))
}
