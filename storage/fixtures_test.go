package storage

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"veille/feeds"
)

// openTest opens a fresh cache in a temporary directory.
func openTest(tb testing.TB) *Store {
	tb.Helper()
	s, _ := openTestAt(tb)
	return s
}

// openTestAt is openTest that also gives the file's path, for a second store (another
// process, as far as the first can tell) to open it.
func openTestAt(tb testing.TB) (*Store, string) {
	tb.Helper()
	path := tb.TempDir() + "/veille.db"
	s, err := Open(context.Background(), path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s, path
}

// addTestFeeds subscribes to n feeds https://feedN.example/rss and returns them with IDs.
func addTestFeeds(tb testing.TB, s *Store, n int) []feeds.Feed {
	tb.Helper()
	ctx := context.Background()
	fs := make([]feeds.Feed, n)
	for i := range fs {
		fs[i] = feeds.Feed{URL: fmt.Sprintf("https://feed%d.example/rss", i), Title: fmt.Sprintf("Source %d", i)}
	}
	if _, err := s.AddFeeds(ctx, fs, time.Now()); err != nil {
		tb.Fatal(err)
	}
	all, err := s.Feeds(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	byURL := map[string]feeds.Feed{}
	for _, f := range all {
		byURL[f.URL] = f
	}
	for i := range fs {
		fs[i] = byURL[fs[i].URL]
	}
	return fs
}

// frenchWords is the vocabulary of the synthetic articles: French tech press, frequent words
// first (the generator draws from a Zipf law over this order).
var frenchWords = strings.Fields(`
de la le et les des en un une du pour est que sur dans qui par au pas avec plus il ce se
sont cette son sa ses mais aussi ou nous vous leur comme tout être fait été entre deux
intelligence artificielle modèle modèles données entreprise entreprises utilisateurs
nouvelle nouveau service services logiciel libre ouvert ouverts poids open source code
réseau sécurité cybersécurité attaque faille données personnelles vie privée régulation
règlement européen Commission européenne Bruxelles CNIL Arcom Arcep autorité concurrence
amende milliards millions euros dollars startup française financement levée fonds
Mistral OpenAI Google Meta Microsoft Apple Amazon Nvidia Anthropic Llama GPT Gemini Claude
puce puces processeur serveur serveurs centre calcul énergie électricité consommation
climat carbone smartphone téléphone application applications mise jour version bêta
développeurs développeur projet communauté fondation licence Apache brevet droit auteur
souveraineté numérique cloud hébergement stockage base moteur recherche navigateur
Firefox Chrome Linux Windows Android iOS mobile opérateur fibre 5G satellite Starlink
voiture électrique batterie recharge autonome robot robots drone spatial fusée lancement
jeu vidéo console Nintendo Sony Xbox streaming Netflix plateforme réseaux sociaux
désinformation deepfake élection contenu modération algorithme recommandation publicité
marché croissance trimestre résultats chiffre affaires bourse action investisseurs
chercheurs étude laboratoire université publication article scientifique benchmark
entraînement inférence paramètres GPU TPU mémoire performances évaluation alignement
risques sûreté sommet Paris gouvernement ministre loi projet décret Sénat Assemblée
juge tribunal décision plainte procès justice cour appel Conseil État européenne
hier aujourd'hui demain semaine mois année depuis selon après avant pendant encore
déjà toujours jamais bien très trop peu beaucoup moins grand grande petit petite
premier première dernier dernière nouvelle nouvelles important importante possible
`)

// corpus draws deterministic synthetic French articles.
type corpus struct {
	rng   *rand.Rand
	table []uint16 // word indexes drawn once from a Zipf law: sampling it is cheap
}

func newCorpus(seed uint64) *corpus {
	rng := rand.New(rand.NewPCG(seed, 1))
	zipf := rand.NewZipf(rng, 1.1, 2, uint64(len(frenchWords)-1))
	table := make([]uint16, 1<<16)
	for i := range table {
		table[i] = uint16(zipf.Uint64())
	}
	return &corpus{rng: rng, table: table}
}

// words returns about size bytes of text.
func (c *corpus) words(size int) string {
	var b strings.Builder
	b.Grow(size + 16)
	sentence := 0
	for b.Len() < size {
		w := frenchWords[c.table[c.rng.IntN(len(c.table))]]
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
		if sentence++; sentence > 12 && c.rng.IntN(6) == 0 {
			b.WriteByte('.')
			sentence = 0
		}
	}
	return b.String()
}

// benchTags are the synthetic auto tags with the share of articles that get each.
var benchTags = []struct {
	name  string
	share float64
}{
	{"ia", 0.30}, {"open-source", 0.08}, {"proprietaire", 0.10}, {"regulation", 0.05}, {"securite", 0.01},
}

// article builds the i-th article of a feed: about 1.5 KB of content and of text.
func (c *corpus) article(feed, i int, published time.Time) feeds.Article {
	text := c.words(1500)
	a := feeds.Article{
		Key:        fmt.Sprintf("https://feed%d.example/articles/%d", feed, i),
		GUID:       fmt.Sprintf("https://feed%d.example/articles/%d", feed, i),
		URL:        fmt.Sprintf("https://feed%d.example/articles/%d?utm_source=rss", feed, i),
		Title:      c.words(70),
		Author:     "Camille Martin",
		Summary:    c.words(250),
		Content:    "<p>" + text + "</p>",
		Text:       text,
		Categories: []string{"Tech", "Actualité"},
		Published:  published,
		FirstSeen:  published,
	}
	for _, t := range benchTags {
		if c.rng.Float64() < t.share {
			a.Tags = append(a.Tags, feeds.ArticleTag{Name: t.name, Evidence: []feeds.Evidence{
				{Rule: t.name, Match: "intelligence artificielle", Field: "title"},
			}})
		}
	}
	a.Hash = feeds.ContentHash(&a)
	return a
}

// updates builds one FeedUpdate per feed with perFeed new articles each, spread over the
// last days.
func (c *corpus) updates(fs []feeds.Feed, perFeed int, now time.Time) []feeds.FeedUpdate {
	us := make([]feeds.FeedUpdate, len(fs))
	for fi, f := range fs {
		f.ETag = fmt.Sprintf(`"etag-%d"`, fi)
		f.LastFetch, f.LastSuccess = now, now
		u := feeds.FeedUpdate{Feed: f}
		for i := range perFeed {
			u.Articles = append(u.Articles, c.article(fi, i, now.Add(-time.Duration(fi*perFeed+i)*time.Minute)))
		}
		us[fi] = u
	}
	return us
}

// rawDB is the database/sql pool under a gorm pool, for tests that read or write rows
// behind the store's back.
func rawDB(g *gorm.DB) *sql.DB {
	db, err := g.DB()
	if err != nil {
		panic(err)
	}
	return db
}
