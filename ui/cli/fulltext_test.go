package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"veille/feeds"
	"veille/storage"
)

// articlePage is a French article page with the noise around it that extraction must drop.
func articlePage(title string, paragraphs ...string) string {
	var body strings.Builder
	for _, p := range paragraphs {
		body.WriteString("<p>" + p + "</p>\n")
	}
	return `<!DOCTYPE html><html lang="fr"><head><title>` + title + ` - Frandroid</title></head><body>
<header><nav><a href="/">Accueil</a> <a href="/smartphones">Smartphones</a> <a href="/bons-plans">Bons plans</a></nav></header>
<div class="cookie-banner">Nous utilisons des cookies pour améliorer votre expérience.</div>
<main><article><h1>` + title + `</h1><div class="author">Par Julien Bergounhoux</div>
<div class="entry-content">` + body.String() + `<figure><img src="/img/puce.jpg" alt="La puce Tensor G5"></figure></div></article>
<aside class="share">Partager sur X · Partager sur Facebook</aside>
<section class="related"><h2>À lire aussi</h2><ul><li><a href="/a">Les meilleurs forfaits du moment</a></li></ul></section>
<section id="comments"><h2>12 commentaires</h2><p>Super article, merci !</p></section></main>
<footer>© Frandroid 2026 · Mentions légales</footer></body></html>`
}

func teaserServer(t *testing.T) *httptest.Server {
	long := []string{
		"Google a présenté mardi son nouveau Pixel, équipé d’une puce Tensor G5 gravée par TSMC et d’un écran plus lumineux que la génération précédente.",
		"Le constructeur promet sept ans de mises à jour Android et une autonomie en nette hausse grâce à une batterie de 5 000 mAh.",
		"Côté photo, le capteur principal de 50 mégapixels est conservé, mais le traitement d’image profite de nouveaux modèles embarqués.",
		"Le smartphone sera disponible en France dès la semaine prochaine, au prix de 899 euros dans sa version de 128 Go.",
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		fmt.Fprintf(w, rssHeader, "Frandroid", "http://"+r.Host)
		now := time.Now().Add(-time.Hour).Format(time.RFC1123Z)
		for i, slug := range []string{"pixel", "abonnes", "bloque"} {
			fmt.Fprint(w, rssItem(slug, fmt.Sprintf("Article %d : le nouveau Pixel de Google", i), "http://"+r.Host+"/"+slug, now,
				"Google a présenté mardi son nouveau Pixel […]", ""))
		}
		fmt.Fprint(w, "</channel></rss>")
	})
	mux.HandleFunc("/pixel", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, articlePage("Le nouveau Pixel de Google", long...))
	})
	mux.HandleFunc("/abonnes", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, articlePage("Le nouveau Pixel de Google", long[0], "Article réservé aux abonnés. Il vous reste 80% de l’article à lire."))
	})
	mux.HandleFunc("/bloque", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "Forbidden", http.StatusForbidden)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestFullTextStatsAndGCAsAUserWould(t *testing.T) {
	srv := teaserServer(t)
	env := testEnv(t, "fr_FR.UTF-8")
	db := filepath.Join(t.TempDir(), "veille.db")
	veille(t, env, "--db", db, "feeds", "add", srv.URL+"/feed")

	r := veille(t, env, "--db", db, "fetch", "--fulltext")
	if r.code != 0 || !strings.Contains(r.stderr, "1 pages récupérées") {
		t.Fatalf("fetch --fulltext: %+v", r)
	}
	ids := map[string]string{}
	r = veille(t, env, "--db", db, "list", "--json", "--limit", "0")
	var arts []map[string]any
	json.Unmarshal([]byte(r.stdout), &arts)
	for _, a := range arts {
		ids[a["url"].(string)[len(srv.URL)+1:]] = fmt.Sprint(int64(a["id"].(float64)))
	}

	// The teaser became the whole article, without the page's noise; the image is a reference.
	r = veille(t, env, "--db", db, "show", ids["pixel"])
	flat := strings.Join(strings.Fields(r.stdout), " ") // the text is wrapped
	for _, want := range []string{"texte complet, pris sur la page", "sept ans de mises à jour", "899 euros", "La puce Tensor G5", "/img/puce.jpg"} {
		if !strings.Contains(flat, want) {
			t.Errorf("show of the fetched page lacks %q:\n%s", want, r.stdout)
		}
	}
	for _, noise := range []string{"cookies", "Partager sur", "À lire aussi", "Super article", "Mentions légales"} {
		if strings.Contains(r.stdout, noise) {
			t.Errorf("show of the fetched page kept the noise %q:\n%s", noise, r.stdout)
		}
	}
	// A paywall and a 403 keep the teaser and say so.
	if r = veille(t, env, "--db", db, "show", ids["abonnes"]); !strings.Contains(r.stdout, "réservé aux abonnés : seul l’extrait") || strings.Contains(r.stdout, "80%") {
		t.Errorf("paywalled page:\n%s", r.stdout)
	}
	if r = veille(t, env, "--db", db, "show", ids["bloque"]); !strings.Contains(r.stdout, "refuse les robots") || !strings.Contains(r.stdout, "nouveau Pixel […]") {
		t.Errorf("refused page:\n%s", r.stdout)
	}
	// Offline commands never touch the network: the server is gone and show still works.
	srv.Close()
	if r = veille(t, env, "--db", db, "--offline", "show", ids["pixel"]); r.code != 0 || !strings.Contains(r.stdout, "sept ans de mises") {
		t.Errorf("offline show: %+v", r)
	}

	// stats: size, counts, share with the full text.
	r = veille(t, env, "--db", db, "stats")
	if r.code != 0 || !strings.Contains(r.stdout, "articles : 3 (3 non lus, 0 favoris)") || !strings.Contains(r.stdout, "texte complet de la page : 1 articles (33 %)") {
		t.Errorf("stats:\n%+v", r)
	}

	// gc: of three articles first seen 400 days ago, the read one goes; the starred one and
	// the unread one stay.
	ctx := context.Background()
	store, archive := openWithArchive(t, db)
	old := time.Now().AddDate(0, 0, -400)
	var oldArts []feeds.Article
	for _, slug := range []string{"ancien-lu", "ancien-favori", "ancien-non-lu"} {
		oldArts = append(oldArts, feeds.Article{Key: slug, URL: "http://127.0.0.1:1/" + slug, Title: "Vieille nouvelle " + slug,
			Text: "Il y a longtemps.", Published: old, FirstSeen: old})
	}
	if _, err := store.SaveRefresh(ctx, feeds.FeedUpdate{Feed: archive, Articles: oldArts}, time.Now()); err != nil {
		t.Fatal(err)
	}
	byTitle := func(title string) int64 {
		got, err := store.ListArticles(ctx, feeds.Query{Words: []string{title}}, feeds.Page{Limit: 1})
		if err != nil || len(got) != 1 {
			t.Fatalf("%s: %v %v", title, got, err)
		}
		return got[0].ID
	}
	store.SetRead(ctx, []int64{byTitle("ancien-lu"), byTitle("ancien-favori")}, true)
	store.SetStarred(ctx, []int64{byTitle("ancien-favori")}, true)
	store.Close()
	r = veille(t, env, "--db", db, "gc")
	if r.code != 0 || !strings.Contains(r.stdout, "1 supprimés") {
		t.Errorf("gc: %+v", r)
	}
	r = veille(t, env, "--db", db, "list", "Vieille", "--json")
	json.Unmarshal([]byte(r.stdout), &arts)
	var left []string
	for _, a := range arts {
		left = append(left, a["title"].(string))
	}
	if fmt.Sprint(left) != "[Vieille nouvelle ancien-non-lu Vieille nouvelle ancien-favori]" &&
		fmt.Sprint(left) != "[Vieille nouvelle ancien-favori Vieille nouvelle ancien-non-lu]" {
		t.Errorf("after gc, left: %v", left)
	}
	store, _ = storage.Open(ctx, db)
	defer store.Close()
	if err := store.Check(ctx); err != nil {
		t.Errorf("after gc: %v", err)
	}
}

func TestPageModesFromTheConfig(t *testing.T) {
	srv := teaserServer(t)
	env := testEnv(t, "fr_FR.UTF-8")
	dir := t.TempDir()
	db := filepath.Join(dir, "veille.db")
	conf := filepath.Join(dir, "config.toml")
	veille(t, env, "--db", db, "--offline", "feeds", "add", srv.URL+"/feed")

	// A host set to never: the teasers stay teasers, and no page is asked for.
	os.WriteFile(conf, []byte("[fulltext]\n\"127.0.0.1\" = \"never\"\n"), 0o600)
	r := veille(t, env, "--db", db, "--config", conf, "fetch", "--fulltext")
	if r.code != 0 || !strings.Contains(r.stderr, "0 pages récupérées") {
		t.Fatalf("fetch --fulltext with the host set to never: %+v", r)
	}

	// A mode that is none of the three is a clear error naming where it was written.
	os.WriteFile(conf, []byte("[fetch]\nfulltext = \"parfois\"\n"), 0o600)
	r = veille(t, env, "--db", db, "--config", conf, "fetch", "--fulltext")
	if r.code != 1 || !strings.Contains(r.stderr, `[fetch] fulltext = "parfois" : attendu auto, always ou never`) {
		t.Errorf("a wrong page mode: %+v", r)
	}
}

// After retention strips an old read article, show prints its plain-text summary as text:
// a "<" in it is a character, not the start of a tag that would swallow the rest.
func TestShowAfterGCPrintsTheSummaryAsText(t *testing.T) {
	env := testEnv(t, "fr_FR.UTF-8")
	db := filepath.Join(t.TempDir(), "veille.db")
	ctx := context.Background()
	store, archive := openWithArchive(t, db)
	old := time.Now().AddDate(0, 0, -120)
	art := feeds.Article{Key: "comparaison", URL: "http://127.0.0.1:1/comparaison", Title: "Quand x<y change tout",
		Summary: "Le modèle montre que x<y et que 3 > 2, sans exception.",
		Content: "<p>Le texte complet, long et détaillé, de la comparaison.</p>", Published: old, FirstSeen: old}
	if _, err := store.SaveRefresh(ctx, feeds.FeedUpdate{Feed: archive, Articles: []feeds.Article{art}}, time.Now()); err != nil {
		t.Fatal(err)
	}
	got, err := store.ListArticles(ctx, feeds.Query{}, feeds.Page{Limit: 1})
	if err != nil || len(got) != 1 {
		t.Fatalf("list: %v %v", got, err)
	}
	store.SetRead(ctx, []int64{got[0].ID}, true)
	store.Close()

	if r := veille(t, env, "--db", db, "gc"); r.code != 0 || !strings.Contains(r.stdout, "1 articles allégés") {
		t.Fatalf("gc did not strip the old read article: %+v", r)
	}
	r := veille(t, env, "--db", db, "show", fmt.Sprint(got[0].ID))
	if r.code != 0 || !strings.Contains(r.stdout, "Le modèle montre que x<y et que 3 > 2, sans exception.") {
		t.Errorf("show after gc lost part of the summary:\n%+v", r)
	}
	if strings.Contains(r.stdout, "Le texte complet") {
		t.Errorf("gc did not empty the content, the test proves nothing:\n%s", r.stdout)
	}
}

// openWithArchive opens the cache at db with a feed "Archives" that is never fetched, for
// articles a test writes itself.
func openWithArchive(t *testing.T, db string) (*storage.Store, feeds.Feed) {
	t.Helper()
	ctx := context.Background()
	store, err := storage.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	archive := feeds.Feed{URL: "http://127.0.0.1:1/archive.xml", Title: "Archives"}
	store.AddFeeds(ctx, []feeds.Feed{archive}, time.Now())
	if archive, err = store.Feed(ctx, archive.URL); err != nil {
		t.Fatal(err)
	}
	return store, archive
}

// A long feed text that ends the way a cut one does ("[…]") still gets its page: the rule reads
// the end of the stored text, whatever its length.
func TestLongTeaserGetsItsPage(t *testing.T) {
	long := strings.Repeat("Le constructeur détaille longuement sa nouvelle puce et ses performances. ", 13) + "La suite […]"
	mux := http.NewServeMux()
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		fmt.Fprintf(w, rssHeader, "Clubic", "http://"+r.Host)
		fmt.Fprint(w, rssItem("puce", "Une nouvelle puce", "http://"+r.Host+"/puce", time.Now().Add(-time.Hour).Format(time.RFC1123Z), long, ""))
		fmt.Fprint(w, "</channel></rss>")
	})
	mux.HandleFunc("/puce", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, articlePage("Une nouvelle puce", long[:len(long)-len("La suite […]")],
			"Elle sera gravée en 3 nm et livrée dès le printemps aux fabricants de portables.",
			"Les premiers ordinateurs qui l’embarquent arriveront en magasin avant l’été."))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	env := testEnv(t, "fr_FR.UTF-8")
	db := filepath.Join(t.TempDir(), "veille.db")
	veille(t, env, "--db", db, "--offline", "feeds", "add", srv.URL+"/feed")
	if r := veille(t, env, "--db", db, "fetch", "--fulltext"); r.code != 0 || !strings.Contains(r.stderr, "1 pages récupérées") {
		t.Fatalf("a %d-character teaser ending in […] did not get its page: %+v", len([]rune(long)), r)
	}
}
