package fulltext

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"veille/feeds/parse"
)

// signals is what one pass over a page found of paywalls and bot walls.
type signals struct {
	challengeTitle bool // the page's title is a known challenge's: blocked, whatever else it holds
	challenge      bool // a captcha or challenge form or script: blocked if the page holds little text
	paywall        bool // a subscriber wall beyond doubt: a notice, a known marker, isAccessibleForFree false
	weakPaywall    bool // a "paywall" class or id: a wall if the page holds little text
}

// challengeTitles are the <title>s of bot walls, lower-cased with white space collapsed.
// A real article's title never equals one of them: it carries its own words and usually
// the site's name.
var challengeTitles = map[string]bool{
	"just a moment...":                     true, // Cloudflare managed challenge
	"just a moment…":                       true,
	"un instant…":                          true, // the same, localised
	"un instant...":                        true,
	"attention required! | cloudflare":     true, // Cloudflare block page
	"access denied":                        true, // Akamai
	"access to this page has been denied.": true, // PerimeterX
	"access to this page has been denied":  true,
	"pardon our interruption":              true, // Distil / Imperva
	"ddos-guard":                           true,
	"please wait while your request is being verified...": true,
}

// challengeIDs and challengeClasses mark challenge forms and captcha widgets. Each is weak
// on its own: a comment form may embed a captcha on a real article.
var (
	challengeIDs = []string{"challenge-form", "challenge-running", "challenge-stage", "challenge-body-text",
		"cf-challenge-running", "cf-error-details", "cf-wrapper", "px-captcha", "trk_jschal_js"}
	challengeClasses = []string{"cf-browser-verification", "cf-turnstile", "g-recaptcha", "h-captcha"}
	// challengeSrcs appear in the src of the iframe or script a wall loads.
	challengeSrcs = []string{"_Incapsula_Resource", "captcha-delivery.com", "/cdn-cgi/challenge-platform/h/",
		"challenges.cloudflare.com"}
)

// paywallClasses are the markers the fivefilters site configs key paywalls on (Le Figaro,
// Numerama): present only on subscriber articles.
var paywallClasses = []string{"fig-premium-paywall", "premium-promo-alert"}

// scan looks through the whole page once for walls: the title, challenge and paywall
// markers in ids, classes and sources, and wall notices in text that is not a link,
// navigation, a list or an aside (where Le Monde labels the subscriber articles it links
// to). The notices are parse's (notices.go), the list feed text is cut by; the markers are
// the page's own.
func scan(doc *html.Node, page []byte) signals {
	var s signals
	s.paywall = notFree(page)
	var walk func(n *html.Node, skip bool)
	walk = func(n *html.Node, skip bool) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				if !skip && !s.paywall && parse.MayHoldPaywallNotice(c.Data) && parse.IsPaywallNotice(textOf(block(c), 600)) {
					s.paywall = true
				}
			case html.ElementNode:
				switch c.DataAtom {
				case atom.Script:
					if src := attr(c, "src"); src != "" && containsAny(src, challengeSrcs) {
						s.challenge = true
					}
					continue
				case atom.Style, atom.Noscript, atom.Template:
					continue
				case atom.Title:
					if !s.challengeTitle && c.FirstChild != nil {
						t := strings.ToLower(strings.Join(strings.Fields(c.FirstChild.Data), " "))
						s.challengeTitle = challengeTitles[t] || strings.HasPrefix(t, "request unsuccessful. incapsula")
					}
					continue
				case atom.Iframe:
					if containsAny(attr(c, "src"), challengeSrcs) {
						s.challenge = true
					}
				case atom.Meta:
					// <meta property="article:content_tier" content="locked">
					if attr(c, "property") == "article:content_tier" && strings.EqualFold(attr(c, "content"), "locked") {
						s.paywall = true
					}
				}
				markers(c, &s)
				walk(c, skip || skipNotices(c.DataAtom))
			}
		}
	}
	walk(doc, false)
	return s
}

// markers records the challenge and paywall markers in n's id and class.
func markers(n *html.Node, s *signals) {
	for _, a := range n.Attr {
		switch a.Key {
		case "id":
			if containsAny(a.Val, challengeIDs) {
				s.challenge = true
			}
		case "class":
			if containsAny(a.Val, challengeClasses) {
				s.challenge = true
			}
			if containsAny(a.Val, paywallClasses) {
				s.paywall = true
			}
		default:
			continue
		}
		if strings.Contains(strings.ToLower(a.Val), "paywall") {
			s.weakPaywall = true
		}
	}
}

// skipNotices says which elements' text is not searched for notices: they label or link to
// other articles.
func skipNotices(a atom.Atom) bool {
	switch a {
	case atom.A, atom.Nav, atom.Aside, atom.Li, atom.Footer, atom.Select, atom.Option:
		return true
	}
	return false
}

// block is the nearest ancestor of a text node that is not inline formatting: a notice is
// often split across <strong> and <span>.
func block(n *html.Node) *html.Node {
	p := n.Parent
	for i := 0; i < 3 && p != nil && p.Parent != nil; i++ {
		switch p.DataAtom {
		case atom.Span, atom.Strong, atom.B, atom.Em, atom.I, atom.Mark, atom.Small:
			p = p.Parent
			continue
		}
		break
	}
	return p
}

// textHasNotice reports whether extracted article text holds a wall notice, in case one sat
// where scan does not look (a list or an aside that readability kept).
func textHasNotice(text string) bool {
	if !parse.MayHoldPaywallNotice(text) {
		return false
	}
	for _, para := range strings.Split(text, "\n") {
		if len(para) < 400 && parse.MayHoldPaywallNotice(para) && parse.IsPaywallNotice(strings.Join(strings.Fields(para), " ")) {
			return true
		}
	}
	return false
}

// notFree reports whether the page's structured data (JSON-LD or microdata) says
// isAccessibleForFree is false: Google's markup for paywalled content, which French
// publishers use on exactly the articles they hold back.
func notFree(page []byte) bool {
	const key = "isAccessibleForFree"
	for rest := page; ; {
		i := bytes.Index(rest, []byte(key))
		if i < 0 {
			return false
		}
		rest = rest[i+len(key):]
		w := rest[:min(len(rest), 40)]
		// The value follows the key after quotes, a colon or an attribute name:
		// "isAccessibleForFree": false / "False" / itemprop="isAccessibleForFree" content="false".
		f := bytes.Index(bytes.ToLower(w), []byte("false"))
		t := bytes.Index(bytes.ToLower(w), []byte("true"))
		if f >= 0 && (t < 0 || f < t) {
			return true
		}
	}
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
