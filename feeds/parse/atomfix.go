package parse

import (
	"strings"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
)

// atomLinks sets the feed's and each entry's link by rel priority: the first alternate link
// with an href (gofeed reads a link without rel as alternate, as RFC 4287 says), else the
// first link with an href that is not about the Atom document itself (self, edit…), else the
// first link with an href. gofeed stops at the first alternate link, even one without href.
func atomLinks(gf *gofeed.Feed, af *atom.Feed) {
	if l := pickAtomLink(af.Links); l != "" {
		gf.Link = l
	}
	for i, e := range af.Entries {
		if i >= len(gf.Items) || e == nil || gf.Items[i] == nil {
			break
		}
		if l := pickAtomLink(e.Links); l != "" {
			gf.Items[i].Link = l
		}
	}
}

func pickAtomLink(links []*atom.Link) string {
	first, other := "", ""
	for _, l := range links {
		if l == nil {
			continue
		}
		href := strings.TrimSpace(l.Href)
		if href == "" {
			continue
		}
		rel := strings.ToLower(strings.TrimSpace(l.Rel))
		rel = strings.TrimPrefix(rel, "http://www.iana.org/assignments/relation/")
		switch rel {
		case "", "alternate":
			return href
		case "self", "edit", "edit-media", "replies", "license", "hub":
		default:
			if other == "" {
				other = href
			}
		}
		if first == "" {
			first = href
		}
	}
	if other != "" {
		return other
	}
	return first
}
