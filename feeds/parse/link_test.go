package parse

import (
	"net/url"
	"testing"
)

func TestCanonicalLink(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://www.francetvinfo.fr/internet/ia/article_123.html#xtor=RSS-3-[lestitres]",
			"https://www.francetvinfo.fr/internet/ia/article_123.html"},
		{"HTTPS://WWW.Exemple.FR/Article?b=2&utm_source=rss&a=1&utm_medium=feed",
			"https://www.exemple.fr/Article?a=1&b=2"},
		{"https://www.exemple.fr/a?xtor=RSS-1&at_medium=rss&at_campaign=x&at_custom1=y&id=7",
			"https://www.exemple.fr/a?id=7"},
		{"https://www.exemple.fr/a?fbclid=abc", "https://www.exemple.fr/a"},
		{"http://exemple.fr:80/a", "http://exemple.fr/a"},
		{"https://exemple.fr:443", "https://exemple.fr/"},
		{"https://exemple.fr:8443/a", "https://exemple.fr:8443/a"},
		{"https://www.01net.com/?p=1365066", "https://www.01net.com/?p=1365066"},
		{"https://exemple.fr/#!/article/12", "https://exemple.fr/#!/article/12"},
		{"https://exemple.fr/a#commentaires", "https://exemple.fr/a"},
		{"  https://exemple.fr/a\u200b  ", "https://exemple.fr/a"},
		{"tag:linuxfr.org,2005:News/12345", "tag:linuxfr.org,2005:News/12345"},
		{"/relatif/123.html", "/relatif/123.html"},
	}
	for _, tt := range tests {
		if got := CanonicalLink(tt.in); got != tt.want {
			t.Errorf("CanonicalLink(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestResolveLink(t *testing.T) {
	site, _ := url.Parse("https://www.lemagit.fr/")
	feed, _ := url.Parse("https://www.lemagit.fr/rss/ContentSyndication.xml")
	tests := []struct {
		in    string
		bases []*url.URL
		want  string
	}{
		{"/actualites/366612345/Cyberhebdo", []*url.URL{site, feed}, "https://www.lemagit.fr/actualites/366612345/Cyberhebdo"},
		{"actualites/1.html", []*url.URL{nil, feed}, "https://www.lemagit.fr/rss/actualites/1.html"},
		{"https://www.francetvinfo.fr/a.html#xtor=RSS-3-[lestitres]", nil, "https://www.francetvinfo.fr/a.html#xtor=RSS-3-[lestitres]"},
		{"javascript:alert(1)", []*url.URL{site}, ""},
		{"data:text/html,<script>", []*url.URL{site}, ""},
		{"mailto:redaction@exemple.fr", []*url.URL{site}, ""},
		{"ftp://exemple.fr/a", nil, ""},
		{"relatif.html", nil, ""},
		{"", []*url.URL{site}, ""},
	}
	for _, tt := range tests {
		if got := resolveLink(tt.in, tt.bases...); got != tt.want {
			t.Errorf("resolveLink(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
