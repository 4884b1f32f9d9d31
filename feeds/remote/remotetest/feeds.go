package remotetest

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Press serves French tech feeds on 127.0.0.1 for Miniflux to follow: /NAME.xml holds that
// feed's items, newest first; Set changes how many there are.
type Press struct {
	*httptest.Server
	mu     sync.Mutex
	counts map[string]int
	base   time.Time
}

// NewPress starts the feed server; the test's cleanup stops it.
func NewPress(t testing.TB) *Press {
	p := &Press{counts: map[string]int{}, base: time.Now().Add(-time.Hour).Truncate(time.Second)}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.Server = &httptest.Server{Listener: l, Config: &http.Server{Handler: http.HandlerFunc(p.serve)}}
	p.Start()
	t.Cleanup(p.Close)
	return p
}

// Set makes feed name hold n items.
func (p *Press) Set(name string, n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.counts[name] = n
}

// FeedURL is the address of feed name.
func (p *Press) FeedURL(name string) string { return p.URL + "/" + name + ".xml" }

// ItemURL is the link of item i of feed name, as the feed gives it.
func (p *Press) ItemURL(name string, i int) string {
	return fmt.Sprintf("%s/%s/%d.html", p.URL, name, i)
}

// ItemTitle is the title of item i of feed name.
func ItemTitle(name string, i int) string {
	return fmt.Sprintf("%s n° %d : Mistral AI publie un modèle à poids ouverts", name, i)
}

var paragraph = strings.Repeat("<p>La start-up française publie sous licence Apache 2.0 un modèle de langage "+
	"entraîné en Europe ; le règlement européen sur l’intelligence artificielle encadre son usage.</p>", 8)

func (p *Press) serve(w http.ResponseWriter, r *http.Request) {
	name, ok := strings.CutSuffix(strings.TrimPrefix(r.URL.Path, "/"), ".xml")
	p.mu.Lock()
	n, known := p.counts[name]
	p.mu.Unlock()
	if !ok || !known {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>%s</title><link>%s/%s/</link><description>Actualité tech</description>
`, name, p.URL, name)
	for i := n; i >= 1; i-- {
		fmt.Fprintf(&b, `<item><guid isPermaLink="false">%s-%d</guid><title>%s</title><link>%s</link>
<pubDate>%s</pubDate><description><![CDATA[Résumé %d.]]></description>
<content:encoded><![CDATA[<p>Article %d.</p>%s]]></content:encoded></item>
`, name, i, ItemTitle(name, i), p.ItemURL(name, i), p.base.Add(time.Duration(i)*time.Second).Format(time.RFC1123Z), i, i, paragraph)
	}
	b.WriteString("</channel></rss>")
	fmt.Fprint(w, b.String())
}
