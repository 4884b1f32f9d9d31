package parse

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
	"veille/feeds"

	"github.com/mmcdole/gofeed"
)

// benchFeed is a realistic WordPress-style French RSS 2.0 feed: 50 items, content:encoded
// of about 1.5 KB of HTML each, about 120 KB in all.
func benchFeed() []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>Actualités IA &#8211; Le site d&#8217;actualité</title>
<atom:link href="https://www.exemple.fr/feed/" rel="self" type="application/rss+xml" />
<link>https://www.exemple.fr</link>
<description>L&#8217;actualité de l&#8217;intelligence artificielle</description>
<lastBuildDate>Tue, 05 Dec 2023 17:00:00 +0000</lastBuildDate>
<language>fr-FR</language>
`)
	for i := range 50 {
		fmt.Fprintf(&b, `<item>
<title>Mistral AI dévoile un nouveau modèle ouvert n°%d : l&#8217;IA générative à la française</title>
<link>https://www.exemple.fr/actualite/mistral-ai-modele-ouvert-%d/</link>
<dc:creator><![CDATA[Jeanne Dupont]]></dc:creator>
<pubDate>Tue, 05 Dec 2023 %02d:%02d:00 +0100</pubDate>
<category><![CDATA[Intelligence artificielle]]></category>
<category><![CDATA[Open source]]></category>
<category><![CDATA[Mistral AI]]></category>
<guid isPermaLink="false">https://www.exemple.fr/?p=%d</guid>
<description><![CDATA[<p>La start-up parisienne publie les poids de son modèle sous licence Apache 2.0, une première depuis Mixtral&#160;: de quoi relancer le débat sur l&#8217;IA ouverte en Europe [&#8230;]</p>
<p>L&#8217;article <a rel="nofollow" href="https://www.exemple.fr/actualite/mistral-ai-modele-ouvert-%d/">Mistral AI dévoile un nouveau modèle ouvert</a> est apparu en premier sur <a rel="nofollow" href="https://www.exemple.fr">Exemple IA</a>.</p>
]]></description>
<content:encoded><![CDATA[<p>La start-up parisienne <strong>Mistral AI</strong> a publié mardi les poids de son nouveau modèle de langage, sous licence <a href="https://www.apache.org/licenses/LICENSE-2.0">Apache 2.0</a>. Une première depuis Mixtral&nbsp;: la société fondée par d&#8217;anciens chercheurs de Google DeepMind et de Meta revient ainsi à l&#8217;IA «&nbsp;ouverte&nbsp;» qui a fait sa réputation.</p>
<figure class="wp-block-image size-large"><img loading="lazy" decoding="async" width="1024" height="576" src="https://www.exemple.fr/wp-content/uploads/2023/12/mistral-%d.jpg" alt="Le logo de Mistral AI" class="wp-image-1234" /><figcaption class="wp-element-caption">Le logo de Mistral AI &#8212; Photo&nbsp;: Mistral</figcaption></figure>
<h2 class="wp-block-heading">Un modèle de 123 milliards de paramètres</h2>
<p>Selon l&#8217;entreprise, le modèle rivalise avec <em>GPT-4</em> sur la plupart des bancs d&#8217;essai, tout en restant utilisable sur une seule machine équipée de huit GPU. Il est sur <a href="/tag/hugging-face/">Hugging Face</a>.</p>
<ul>
<li>licence Apache 2.0, usage commercial autorisé&nbsp;;</li>
<li>fenêtre de contexte de 128&nbsp;000 jetons&nbsp;;</li>
</ul>
<blockquote class="wp-block-quote"><p>«&nbsp;Nous croyons à une IA ouverte et européenne&nbsp;», a déclaré Arthur Mensch.</p></blockquote>
<p>L&#8217;article <a rel="nofollow" href="https://www.exemple.fr/actualite/mistral-ai-modele-ouvert-%d/">Mistral AI dévoile un nouveau modèle ouvert</a> est apparu en premier sur <a rel="nofollow" href="https://www.exemple.fr">Exemple IA</a>.</p>
]]></content:encoded>
</item>
`, i, i, i%24, i%60, 1000+i, i, i, i)
	}
	b.WriteString("</channel>\n</rss>\n")
	return []byte(b.String())
}

func BenchmarkFeed(b *testing.B) {
	body := benchFeed()
	now := time.Date(2023, 12, 6, 12, 0, 0, 0, time.UTC)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Feed(body, "application/rss+xml; charset=UTF-8", "https://www.exemple.fr/feed/", now); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGofeedBaseline is gofeed's universal parser alone on the same feed: the yardstick
// BenchmarkFeed is compared with, whatever the machine.
func BenchmarkGofeedBaseline(b *testing.B) {
	body := benchFeed()
	p := gofeed.NewParser()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Parse(bytes.NewReader(body)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFeedParallel(b *testing.B) {
	body := benchFeed()
	now := time.Date(2023, 12, 6, 12, 0, 0, 0, time.UTC)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := Feed(body, "application/rss+xml", "https://www.exemple.fr/feed/", now); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkCleanText(b *testing.B) {
	s := strings.Repeat("L’intelligence artificielle générative\u00a0: un débat européen. ", 40)
	b.ReportAllocs()
	for b.Loop() {
		feeds.CleanText(s)
	}
}
