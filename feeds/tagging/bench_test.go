package tagging

import (
	"strings"
	"testing"

	"veille/feeds"
)

// benchParagraphs are the body of the benchmark articles: ordinary French tech prose with
// typographic apostrophes, no-break spaces and the odd AI term, about 1.5 KB per article.
var benchParagraphs = []string{
	"Le constructeur a présenté mardi sa nouvelle gamme lors d’une conférence à Paris. Les prix démarrent à 999\u00a0euros et les précommandes ouvrent dès aujourd’hui sur le site officiel, avec une livraison prévue à la mi-octobre.",
	"Selon les premiers tests, l’autonomie progresse d’environ 15\u00a0% par rapport à la génération précédente, grâce à une batterie plus dense et à une puce gravée plus finement. L’écran gagne aussi en luminosité.",
	"Du côté logiciel, l’interface a été entièrement revue. Plusieurs fonctions reposent désormais sur l’intelligence artificielle, comme la retouche des photos ou le résumé automatique des notifications, traitées localement.",
	"Les opérateurs français ont confirmé la compatibilité de l’appareil avec leurs réseaux 5G\u202f; la prise en charge de l’eSIM est généralisée. Les associations de consommateurs regrettent toutefois l’absence de chargeur dans la boîte.",
	"Interrogé par nos soins, le directeur produit assure que les mises à jour seront assurées pendant sept ans. Une promesse qui rejoint les exigences européennes sur la durabilité des équipements électroniques.",
	"Sur le marché, la concurrence reste rude : les ventes mondiales de smartphones ont reculé au dernier trimestre, selon le cabinet Counterpoint, et les marques chinoises continuent de gagner des parts en Europe.",
	"L’article détaille enfin les résultats de nos mesures en laboratoire, réalisées selon notre protocole habituel, ainsi que les différences constatées avec le modèle de l’an dernier.",
}

func benchArticles(b testing.TB) []feeds.Article {
	items := loadLabelled(b, "testdata/labelled.txt")
	out := make([]feeds.Article, len(items))
	for i, it := range items {
		var text strings.Builder
		text.WriteString(it.summary)
		for k := 0; text.Len() < 1500; k++ {
			text.WriteString("\n\n")
			text.WriteString(benchParagraphs[(i+k)%len(benchParagraphs)])
		}
		out[i] = feeds.Article{Title: it.title, Summary: it.summary, Text: text.String(), Categories: it.categories}
	}
	return out
}

// BenchmarkTag tags realistic articles (title, summary, ~1.5 KB of text) on one goroutine and
// reports articles per second.
func BenchmarkTag(b *testing.B) {
	arts := benchArticles(b)
	tg := New(DefaultRules())
	f := &feeds.Feed{Title: "Numerama"}
	bytes := 0
	for i := range arts {
		bytes += len(arts[i].Title) + len(arts[i].Summary) + len(arts[i].Text)
	}
	b.SetBytes(int64(bytes / len(arts)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tg.Tag(&arts[i%len(arts)], f)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

func BenchmarkLoadRules(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := LoadRules(nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseModel compiles the embedded model.txt: what the first tagging of a process
// pays once.
func BenchmarkParseModel(b *testing.B) {
	b.SetBytes(int64(len(modelTXT)))
	for i := 0; i < b.N; i++ {
		if _, err := parseModel(modelTXT); err != nil {
			b.Fatal(err)
		}
	}
}
