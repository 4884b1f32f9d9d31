package fulltext

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// noisePrefixes open the blocks French outlets insert inside the article body itself, where
// readability keeps them: related links, calls to follow the site, newsletter forms. They
// are matched lower-cased, on short blocks only, so an article paragraph that happens to
// start with "Lire aussi" in a sentence of its own survives.
var noisePrefixes = []string{
	"à lire aussi", "a lire aussi", "lire aussi", "à lire également", "lire également",
	"à voir aussi", "à voir également", "voir aussi", "à découvrir aussi", "à découvrir également",
	"sur le même sujet", "sur le même thème", "articles similaires", "articles liés", "dans la même rubrique",
	"nos derniers articles", "les plus lus", "suivez-nous", "rejoignez-nous", "retrouvez-nous",
	"partager sur", "partagez cet article", "partager l'article", "cet article vous a plu",
	"vous avez aimé cet article", "publicité", "annonce", "contenu sponsorisé",
}

// callPrefixes open calls to follow the outlet somewhere; a short block that starts with
// one and names a channel is a call, not the article ("Suivez Frandroid sur Google News…",
// "Pour ne rater aucun bon plan, rejoignez notre channel WhatsApp…").
var (
	callPrefixes = []string{"suivez ", "rejoignez ", "retrouvez ", "abonnez-vous", "inscrivez-vous",
		"téléchargez ", "recevez ", "pour ne rien manquer", "pour ne rater", "pour ne manquer"}
	callChannels = []string{"google news", "google actualités", "whatsapp", "telegram", "newsletter",
		"réseaux sociaux", "facebook", "instagram", "linkedin", "tiktok", "youtube", "discord",
		"bluesky", "mastodon", "application", "appli", "sur x"}
)

// maxNoiseRunes is the longest block a noise prefix removes: these blocks are a line or two.
const maxNoiseRunes = 300

// cleanArticle removes the boilerplate blocks readability left inside the article, and a
// related-links list that follows a removed heading ("À lire aussi" then a <ul>).
func cleanArticle(root *html.Node) {
	var doomed []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if noiseBlock(c) {
				doomed = append(doomed, c)
				if heading(tag(c)) {
					if next := nextElement(c); next != nil && linkList(next) {
						doomed = append(doomed, next)
						c = next
					}
				}
				continue
			}
			walk(c)
		}
	}
	walk(root)
	for _, n := range doomed {
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
	}
}

// noiseBlock reports whether n is a short block that opens with a noise prefix.
func noiseBlock(n *html.Node) bool {
	switch tag(n) {
	case atom.P, atom.Div, atom.Section, atom.Aside, atom.Blockquote, atom.Ul, atom.Ol, atom.Dl,
		atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Strong, atom.Span, atom.Figure:
	default:
		return false
	}
	t := textOf(n, 4*maxNoiseRunes)
	if t == "" || utf8.RuneCountInString(t) > maxNoiseRunes {
		return false
	}
	t = strings.ToLower(strings.ReplaceAll(t, "’", "'"))
	for _, p := range noisePrefixes {
		if strings.HasPrefix(t, p) {
			// "Publicité" and "Annonce" are labels: alone, or nearly so.
			if (p == "publicité" || p == "annonce") && len(t) > len(p)+3 {
				continue
			}
			return true
		}
	}
	for _, p := range callPrefixes {
		if strings.HasPrefix(t, p) && containsAny(t, callChannels) {
			return true
		}
	}
	return false
}

func heading(a atom.Atom) bool {
	switch a {
	case atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}

func nextElement(n *html.Node) *html.Node {
	for c := n.NextSibling; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			return c
		}
		if c.Type == html.TextNode && strings.TrimSpace(c.Data) != "" {
			return nil
		}
	}
	return nil
}

// linkList reports whether n is a list or block whose text is mostly links: the related
// articles under an "À lire aussi" heading.
func linkList(n *html.Node) bool {
	all := len(textOf(n, 4000))
	if all == 0 {
		return false
	}
	linked := 0
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && tag(c) == atom.A {
				linked += len(textOf(c, 4000))
				continue
			}
			walk(c)
		}
	}
	walk(n)
	return linked*2 > all
}

// imagesToLinks turns every <img> into a reference the reader can follow: a link to the
// image whose text is "[image : alt]", or that text alone inside an existing link, since
// links do not nest. Tracking pixels and images without an address or description go.
func imagesToLinks(root *html.Node) {
	var imgs []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if tag(c) == atom.Img {
				imgs = append(imgs, c)
				continue
			}
			walk(c)
		}
	}
	walk(root)
	for _, img := range imgs {
		replaceImage(img)
	}
}

func replaceImage(img *html.Node) {
	parent := img.Parent
	if parent == nil {
		return
	}
	w, h := strings.TrimSpace(attr(img, "width")), strings.TrimSpace(attr(img, "height"))
	if (w == "0" || w == "1") && (h == "0" || h == "1") {
		parent.RemoveChild(img) // a tracking pixel
		return
	}
	src := strings.TrimSpace(attr(img, "src"))
	if src == "" {
		// srcset-only images: the first candidate is as good as any for a reference.
		if f := strings.Fields(attr(img, "srcset")); len(f) > 0 {
			src = strings.TrimSuffix(f[0], ",")
		}
	}
	if strings.HasPrefix(strings.ToLower(src), "data:") {
		src = "" // an inline placeholder, nothing to point at
	}
	alt := strings.Join(strings.Fields(attr(img, "alt")), " ")
	if alt == "" {
		alt = strings.Join(strings.Fields(attr(img, "title")), " ")
	}
	if src == "" && alt == "" {
		parent.RemoveChild(img)
		return
	}
	label := "[image]"
	if alt != "" {
		label = "[image : " + alt + "]"
	}
	text := &html.Node{Type: html.TextNode, Data: label}
	var repl *html.Node = text
	if src != "" && !insideLink(img) {
		repl = &html.Node{Type: html.ElementNode, Data: "a", DataAtom: atom.A,
			Attr: []html.Attribute{{Key: "href", Val: src}}}
		repl.AppendChild(text)
	}
	parent.InsertBefore(repl, img)
	parent.RemoveChild(img)
}

func insideLink(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && tag(p) == atom.A {
			return true
		}
	}
	return false
}

// tag is n's element name as an atom. Readability renames elements (a <div> of text
// becomes a <p>) by changing Data alone, leaving DataAtom stale.
func tag(n *html.Node) atom.Atom {
	if a := atom.Lookup([]byte(n.Data)); a != 0 {
		return a
	}
	return n.DataAtom
}
