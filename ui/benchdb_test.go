package ui

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"veille/feeds"
	"veille/storage"
)

// The benchmark cache: 100,000 articles (or $VEILLE_BENCH_ARTICLES) from 40 French outlets
// over two years (five from a million on), with paragraphs of text, tags and evidence, 60 %
// read, written through SaveRefreshes as a refresh writes them. Building it takes a minute
// (a million: about fifteen), so it is kept in the temporary directory under a name that
// changes with benchDBVersion and the size (or at $VEILLE_BENCH_DB).
//
// Its feeds are not on the network and are never due: a refresh over the cache fetches only
// the feeds a benchmark adds to it.

const (
	benchDBVersion = "v2"
	benchFeeds     = 40
)

// benchDBArticles is the cache's size: $VEILLE_BENCH_ARTICLES, a multiple of benchFeeds.
var benchDBArticles = func() int {
	n, err := strconv.Atoi(os.Getenv("VEILLE_BENCH_ARTICLES"))
	if err != nil || n < benchFeeds {
		n = 100_000
	}
	return n / benchFeeds * benchFeeds
}()

// benchDBPath is where the benchmark cache lives.
func benchDBPath() string {
	if p := os.Getenv("VEILLE_BENCH_DB"); p != "" {
		return p
	}
	name := "veille-ui-bench-" + benchDBVersion
	if benchDBArticles != 100_000 {
		name += fmt.Sprintf("-%d", benchDBArticles)
	}
	return filepath.Join(os.TempDir(), name+".db")
}

// benchDB returns the benchmark cache's path, building it the first time.
func benchDB(tb testing.TB) string {
	tb.Helper()
	path := benchDBPath()
	if _, err := os.Stat(path); err == nil {
		return path
	}
	start := time.Now()
	tmp := fmt.Sprintf("%s.building-%d", path, os.Getpid())
	if err := buildBenchDB(tmp); err != nil {
		os.Remove(tmp)
		tb.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		tb.Fatal(err)
	}
	tb.Logf("built %d articles in %s at %s", benchDBArticles, time.Since(start).Round(time.Second), path)
	return path
}

// TestBuildBenchDB builds the benchmark cache when VEILLE_BENCH_DB names where it goes (for
// bench/firstscreen.sh); otherwise it does nothing.
func TestBuildBenchDB(t *testing.T) {
	if os.Getenv("VEILLE_BENCH_DB") == "" {
		t.Skip("set VEILLE_BENCH_DB to build the benchmark cache there")
	}
	t.Log(benchDB(t))
}

var benchOutlets = []string{
	"Numerama", "Next", "Le Monde Informatique", "ActuIA", "Clubic", "01net", "Frandroid",
	"Les Numériques", "Journal du Geek", "Korben", "Siècle Digital", "L’Usine Digitale", "ZDNet France",
	"Le Big Data", "Presse-citron", "BFM Tech", "Les Echos Tech", "Le Monde Pixels", "Libération Numérique",
	"Usbek & Rica", "Maddyness", "FrenchWeb", "Silicon.fr", "LeMagIT", "IT for Business", "Developpez.com",
	"LinuxFr.org", "Framablog", "La Quadrature du Net", "Korii", "Numerama Cyberguerre", "Hitek",
	"Phonandroid", "iGeneration", "MacGeneration", "Numerama Sciences", "Futura Tech", "Tom’s Guide FR",
	"Dealabs Tech", "Contexte Numérique",
}

// benchTopic is a kind of story with its tags and words.
type benchTopic struct {
	tags     []string
	subjects []string
	verbs    []string
	objects  []string
}

var benchTopics = []benchTopic{
	{[]string{"ia", "open-source"}, []string{"Mistral AI", "Meta", "Hugging Face", "Kyutai", "LightOn", "le CNRS"},
		[]string{"publie", "dévoile", "met en ligne", "ouvre"}, []string{"un modèle à poids ouverts", "un LLM sous licence Apache 2.0", "un jeu de données ouvert", "un modèle de langage libre"}},
	{[]string{"ia", "proprietaire"}, []string{"OpenAI", "Google", "Anthropic", "Microsoft", "Apple"},
		[]string{"lance", "présente", "facture", "réserve"}, []string{"ChatGPT Enterprise", "Gemini Ultra", "Claude pour les entreprises", "Copilot dans Office", "un modèle fermé accessible par API"}},
	{[]string{"regulation"}, []string{"la CNIL", "l’Arcom", "la Commission européenne", "l’Autorité de la concurrence", "le Conseil d’État"},
		[]string{"sanctionne", "encadre", "enquête sur", "met en demeure"}, []string{"un géant du numérique", "les plateformes", "un éditeur de logiciels", "la publicité ciblée"}},
	{[]string{"ia", "regulation"}, []string{"Bruxelles", "le Parlement européen", "la France", "l’AI Office"},
		[]string{"précise", "applique", "révise", "publie"}, []string{"le règlement sur l’IA", "les obligations des modèles d’IA", "un code de bonnes pratiques pour l’IA"}},
	{[]string{"cybersecurite"}, []string{"l’ANSSI", "un hôpital", "une collectivité", "un groupe de rançongiciel"},
		[]string{"signale", "subit", "revendique", "corrige"}, []string{"une fuite de données", "une cyberattaque", "une faille critique", "un rançongiciel"}},
	{nil, []string{"Free", "Orange", "SFR", "Bouygues Telecom"},
		[]string{"augmente", "lance", "baisse", "déploie"}, []string{"la fibre", "un forfait 5G", "sa box", "le prix de ses offres"}},
	{[]string{"hardware"}, []string{"Nvidia", "AMD", "Intel", "Qualcomm", "Apple"},
		[]string{"annonce", "présente", "livre", "prépare"}, []string{"une nouvelle puce", "un processeur gravé en 2 nm", "une carte graphique", "un accélérateur pour centres de données"}},
	{[]string{"open-source"}, []string{"la fondation Linux", "Mozilla", "Debian", "LibreOffice", "le noyau Linux"},
		[]string{"publie", "sort", "adopte", "finance"}, []string{"une version majeure", "un nouvel ordonnanceur", "une feuille de route", "une licence libre"}},
	{nil, []string{"Nintendo", "Ubisoft", "Sony", "Valve"},
		[]string{"repousse", "annonce", "dévoile", "brade"}, []string{"son prochain jeu", "une console portable", "une manette", "un abonnement"}},
	{[]string{"energie-climat"}, []string{"EDF", "RTE", "un centre de données", "Scaleway"},
		[]string{"consomme", "réduit", "mesure", "compense"}, []string{"l’empreinte carbone du numérique", "l’électricité de l’IA", "ses émissions", "l’eau de refroidissement"}},
}

var benchSentences = []string{
	"Selon nos informations, le projet était en préparation depuis plusieurs mois.",
	"Les détails techniques restent cependant rares à ce stade.",
	"Interrogée, l’entreprise n’a pas souhaité commenter ces informations.",
	"Cette annonce intervient dans un contexte de concurrence accrue sur le marché européen.",
	"Plusieurs associations ont déjà fait part de leurs inquiétudes.",
	"Le calendrier de déploiement doit être précisé dans les prochaines semaines.",
	"Les utilisateurs français devront patienter encore un peu.",
	"D’après le communiqué, les premiers tests se sont révélés concluants.",
	"La question du coût reste entière pour les petites structures.",
	"Les spécialistes interrogés saluent une avancée, tout en appelant à la prudence.",
}

// benchArticle is the j-th article of feed f.
func benchArticle(r *rand.Rand, f, j int, published time.Time) feeds.Article {
	tp := benchTopics[r.IntN(len(benchTopics))]
	subject := tp.subjects[r.IntN(len(tp.subjects))]
	title := fmt.Sprintf("%s %s %s", capitalize(subject), tp.verbs[r.IntN(len(tp.verbs))], tp.objects[r.IntN(len(tp.objects))])
	var body, text strings.Builder
	for p := 0; p < 3+r.IntN(4); p++ {
		body.WriteString("<p>")
		for s := 0; s < 2+r.IntN(3); s++ {
			sentence := benchSentences[r.IntN(len(benchSentences))]
			if s == 0 && p == 0 {
				sentence = fmt.Sprintf("%s %s.", title, "a été confirmé ce matin")
			}
			body.WriteString(sentence + " ")
			text.WriteString(sentence + " ")
		}
		body.WriteString("</p>\n")
		if p == 1 {
			body.WriteString(`<p>Voir <a href="https://exemple.fr/source">la source</a>.</p>` + "\n")
		}
	}
	var tags []feeds.ArticleTag
	for _, name := range tp.tags {
		tags = append(tags, feeds.ArticleTag{Name: name, Evidence: []feeds.Evidence{{Rule: name, Match: subject, Field: "title"}}})
	}
	key := fmt.Sprintf("bench-%d-%d", f, j)
	return feeds.Article{
		Key: key, GUID: key, URL: fmt.Sprintf("https://outlet%d.exemple.fr/%d/article-%d.html", f, published.Year(), j),
		Title: title, Author: "Rédaction", Summary: benchSentences[r.IntN(len(benchSentences))],
		Content: body.String(), Text: text.String(), Published: published, FirstSeen: published,
		Read: r.IntN(10) < 6, Starred: r.IntN(100) == 0, Tags: tags,
	}
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

func buildBenchDB(path string) error {
	ctx := context.Background()
	s, err := storage.Open(ctx, path)
	if err != nil {
		return err
	}
	defer s.Close()
	subs := make([]feeds.Feed, benchFeeds)
	for i := range subs {
		subs[i] = feeds.Feed{URL: fmt.Sprintf("https://outlet%d.exemple.fr/feed/", i), Title: benchOutlets[i%len(benchOutlets)]}
	}
	if _, err := s.AddFeeds(ctx, subs, time.Now()); err != nil {
		return err
	}
	all, err := s.Feeds(ctx)
	if err != nil {
		return err
	}
	now := time.Now()
	span := 2 * 365 * 24 * time.Hour
	if benchDBArticles >= 1_000_000 {
		span = 5 * 365 * 24 * time.Hour
	}
	perFeed := benchDBArticles / benchFeeds
	r := rand.New(rand.NewPCG(1, 2))
	// Oldest first, a slice of every feed per group commit, as years of refreshes wrote them.
	const slice = 250
	for start := perFeed - 1; start >= 0; start -= slice {
		var group []feeds.FeedUpdate
		for fi, f := range all {
			f.LastFetch, f.LastSuccess = now.Add(-30*time.Minute), now.Add(-30*time.Minute)
			f.NextFetch = now.Add(100 * 365 * 24 * time.Hour)
			var arts []feeds.Article
			for j := start; j > start-slice && j >= 0; j-- {
				// Interleave the feeds over the span, j = 0 the newest.
				age := time.Duration(j*benchFeeds+fi) * (span / time.Duration(benchDBArticles))
				arts = append(arts, benchArticle(r, fi, j, now.Add(-age).Truncate(time.Second)))
			}
			group = append(group, feeds.FeedUpdate{Feed: f, Articles: arts})
		}
		if _, err := s.SaveRefreshes(ctx, group, time.Now()); err != nil {
			return err
		}
	}
	return nil
}
