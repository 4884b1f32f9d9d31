// Package lang is veille's one message catalog, in French and English, for the reader and the
// command line, with the locale detection and the phrasing of errors and times.
package lang

import (
	"fmt"
	"strings"
	"time"

	"veille/feeds"
)

// Lang is the language of the user interface.
type Lang string

const (
	French  Lang = "fr"
	English Lang = "en"
)

// Detect picks the UI language: the configured one when set ("fr", "en"), else the locale
// (LC_ALL, then LC_MESSAGES, then LANG, as POSIX orders them), French for any fr* locale.
func Detect(configured string, getenv func(string) string) Lang {
	if l := strings.ToLower(configured); strings.HasPrefix(l, "fr") {
		return French
	} else if strings.HasPrefix(l, "en") {
		return English
	}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if loc := getenv(v); loc != "" {
			if strings.HasPrefix(strings.ToLower(loc), "fr") {
				return French
			}
			return English
		}
	}
	return English
}

// T returns the message for key in the language, formatted with args. A key missing from the
// catalog is returned as is, so a forgotten entry shows up plainly instead of failing.
func (l Lang) T(key string, args ...any) string {
	m, ok := catalog[key]
	if !ok {
		m = message{key, key}
	}
	s := m.en
	if l == French {
		s = m.fr
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

type message struct{ fr, en string }

// catalog holds every user-facing sentence. Keys are short English identifiers.
var catalog = map[string]message{
	// Command line usage and errors.
	"usage":                                  {usageFR, usageEN},
	"unknown command %q (see veille --help)": {"commande inconnue « %s » (voir veille --help)", "unknown command %q (see veille --help)"},
	"unknown option %s (see veille --help)":  {"option inconnue %s (voir veille --help)", "unknown option %s (see veille --help)"},
	"option %s needs a value":                {"l’option %s attend une valeur", "option %s needs a value"},
	"option %s takes a whole number":         {"l’option %s attend un nombre entier", "option %s takes a whole number"},
	"option %s does not apply to %s":         {"l’option %s ne s’applique pas à %s", "option %s does not apply to %s"},
	"%s takes %s":                            {"%s attend %s", "%s takes %s"},
	"an article number":                      {"un numéro d’article", "an article number"},
	"a URL":                                  {"une URL", "a URL"},
	"a URL or a feed number":                 {"une URL ou un numéro de flux", "a URL or a feed number"},
	"an OPML file":                           {"un fichier OPML", "an OPML file"},
	"tag changes such as +tag -tag":          {"des changements de tags comme +tag -tag", "tag changes such as +tag -tag"},
	"no article %d":                          {"aucun article n° %d", "no article %d"},
	"no feed %s":                             {"aucun flux « %s »", "no feed %s"},
	"cannot open the cache %s: %v":           {"impossible d’ouvrir le cache %s : %v", "cannot open the cache %s: %v"},
	"cannot read the configuration %s: %v":   {"impossible de lire la configuration %s : %v", "cannot read the configuration %s: %v"},
	"query: %s: %s":                          {"requête : `%s` : %s", "query: `%s`: %s"},
	"offline: %s needs the network":          {"hors ligne : %s a besoin du réseau", "offline: %s needs the network"},
	"error: %v":                              {"erreur : %v", "error: %v"},
	"interrupted":                            {"interrompu", "interrupted"},

	// Query errors, by feeds.QueryErr* code.
	"query/" + feeds.QueryErrUnknownDuration: {"durée inconnue (h, j, s, m ou a : @7j, @2s)", "unknown duration (h, d, w, m or y: @7d, @2w)"},
	"query/" + feeds.QueryErrBadDate:         {"date invalide (AAAA-MM-JJ)", "invalid date (YYYY-MM-DD)"},
	"query/" + feeds.QueryErrEmptyTerm:       {"terme vide", "empty term"},
	"query/" + feeds.QueryErrUnclosedQuote:   {"guillemet non fermé", "unclosed quote"},
	"query/" + feeds.QueryErrContradiction:   {"contredit un terme précédent", "contradicts an earlier term"},
	"query/" + feeds.QueryErrBadRange:        {"la période finit avant de commencer", "the range ends before it starts"},

	// Feed errors, by feeds.ErrorKind.
	"feederr/" + string(feeds.ErrTimeout):     {"délai dépassé", "timed out"},
	"feederr/" + string(feeds.ErrNetwork):     {"réseau injoignable", "network unreachable"},
	"feederr/" + string(feeds.ErrTooLarge):    {"réponse trop volumineuse", "response too large"},
	"feederr/" + string(feeds.ErrHTTPStatus):  {"erreur HTTP %d", "HTTP error %d"},
	"feederr/" + string(feeds.ErrGone):        {"410 : flux supprimé", "410: feed removed"},
	"feederr/" + string(feeds.ErrRateLimited): {"trop de requêtes, nouvel essai plus tard", "too many requests, will retry later"},
	"feederr/" + string(feeds.ErrNotFeed):     {"pas un flux : page HTML", "not a feed: HTML page"},
	"feederr/" + string(feeds.ErrParse):       {"flux illisible", "unreadable feed"},
	"feederr/" + string(feeds.ErrRedirects):   {"trop de redirections", "too many redirects"},

	// fetch
	"fetch.progress": {"[%d/%d] %d nouveaux, %d échecs", "[%d/%d] %d new, %d failed"},
	"fetch.failed":   {"échec : %s — %s", "failed: %s — %s"},
	"fetch.summary":  {"%d flux : %d à jour, %d inchangés, %d échecs, %d ignorés (attente) ; %d nouveaux articles, %d modifiés, en %.1f s", "%d feeds: %d updated, %d unchanged, %d failed, %d skipped (backing off); %d new articles, %d changed, in %.1f s"},
	"fetch.defaults": {"premier lancement : %d flux de la presse tech française ajoutés", "first run: %d French tech-press feeds subscribed"},
	"fetch.nofeeds":  {"aucun abonnement : ajoutez-en avec veille feeds add URL", "no subscriptions: add some with veille feeds add URL"},

	// feeds
	"feeds.header":     {"ID\tFLUX\tNON LUS\tARTICLES\tDERNIÈRE MAJ\tÉTAT", "ID\tFEED\tUNREAD\tARTICLES\tLAST FETCH\tSTATUS"},
	"feeds.ok":         {"ok", "ok"},
	"feeds.never":      {"jamais", "never"},
	"feeds.backoff":    {"%s (nouvel essai %s)", "%s (retry %s)"},
	"feeds.added":      {"abonné : %s (%s)", "subscribed: %s (%s)"},
	"feeds.exists":     {"déjà abonné : %s", "already subscribed: %s"},
	"feeds.removed":    {"désabonné : %s (%d articles supprimés du cache)", "unsubscribed: %s (%d articles removed from the cache)"},
	"feeds.imported":   {"%d flux importés, %d déjà présents", "%d feeds imported, %d already there"},
	"feeds.discovered": {"flux trouvé sur la page : %s", "feed found on the page: %s"},
	"feeds.warning":    {"attention : %s", "warning: %s"},

	// list / show
	"list.none":           {"aucun article", "no articles"},
	"show.source":         {"Source", "Source"},
	"show.date":           {"Date", "Date"},
	"show.author":         {"Auteur", "Author"},
	"show.link":           {"Lien", "Link"},
	"show.tags":           {"Tags", "Tags"},
	"show.undated":        {"date inconnue, vu le %s", "no date, first seen %s"},
	"show.paywall":        {"texte tronqué (article réservé aux abonnés)", "truncated text (subscribers only)"},
	"text.source/page":    {"texte complet, pris sur la page de l’article", "full text, taken from the article’s page"},
	"text.source/paywall": {"réservé aux abonnés : seul l’extrait du flux est là", "subscribers only: only the feed’s teaser is here"},
	"text.source/blocked": {"le site refuse les robots : seul l’extrait du flux est là", "the site turns robots away: only the feed’s teaser is here"},
	"text.source/":        {"la page n’a pas pu être récupérée", "the page could not be fetched"},

	// tags
	"tags.header":    {"TAG\tLIBELLÉ\tARTICLES\tNON LUS\t7 JOURS\t", "TAG\tLABEL\tARTICLES\tUNREAD\t7 DAYS\t"},
	"tag.manual":     {"ajouté à la main", "added by hand"},
	"tag.evidence":   {"« %s » (%s)", "“%s” (%s)"},
	"field/title":    {"titre", "title"},
	"field/summary":  {"résumé", "summary"},
	"field/content":  {"texte", "text"},
	"field/category": {"catégorie", "category"},
	"field/feed":     {"flux consacré à l’IA", "AI-only feed"},
	"retag.done":     {"%d articles relus, %d modifiés", "%d articles retagged, %d changed"},
	"retag.dry":      {"%d articles relus, %d changeraient (rien n’est écrit) :", "%d articles checked, %d would change (nothing written):"},
	"removed":        {"retiré", "removed"},

	"links": {"Liens", "Links"},

	// full text, gc, stats
	"fulltext.progress": {"pages : %d/%d", "pages: %d/%d"},
	"fulltext.summary":  {"articles complets : %d pages récupérées, %d réservées aux abonnés, %d refusées, %d échecs, en %.1f s", "full text: %d pages fetched, %d for subscribers only, %d refused, %d failed, in %.1f s"},
	"fulltext.badmode":  {"configuration : %s = %q : attendu auto, always ou never", "configuration: %s = %q: expected auto, always or never"},
	"gc.done":           {"%d articles allégés de leur texte complet, %d supprimés ; cache : %s → %s", "%d articles lost their full text, %d deleted; cache: %s → %s"},
	"stats.size":        {"cache : %s", "cache: %s"},
	"stats.articles":    {"articles : %d (%d non lus, %d favoris)", "articles: %d (%d unread, %d starred)"},
	"stats.pages":       {"texte complet de la page : %d articles (%.0f %%) ; %d derrière un mur payant ou anti-robots", "full text from the page: %d articles (%.0f %%); %d behind a paywall or bot wall"},
	"stats.span":        {"du %s au %s", "from %s to %s"},
	"stats.header":      {"ID\tFLUX\tARTICLES\tNON LUS\tTEXTE COMPLET\t", "ID\tFEED\tARTICLES\tUNREAD\tFULL TEXT\t"},
	"unit.mb":           {"%.1f Mo", "%.1f MB"},

	// relative time
	"ago.now":  {"à l’instant", "just now"},
	"ago.min":  {"il y a %d min", "%d min ago"},
	"ago.hour": {"il y a %d h", "%d h ago"},
	"ago.day":  {"il y a %d j", "%d d ago"},
	"in.min":   {"dans %d min", "in %d min"},
	"in.hour":  {"dans %d h", "in %d h"},
}

// FeedError says why a feed failed, in the language.
func (l Lang) FeedError(f feeds.Feed) string {
	if f.ErrorKind == feeds.ErrNone {
		return ""
	}
	key := "feederr/" + string(f.ErrorKind)
	if f.ErrorKind == feeds.ErrHTTPStatus {
		var status int
		if _, err := fmt.Sscanf(httpStatusIn(f.LastError), "%d", &status); err == nil {
			return l.T(key, status)
		}
		return f.LastError
	}
	return l.T(key)
}

// httpStatusIn finds the status in "… HTTP 404 …".
func httpStatusIn(msg string) string {
	if i := strings.Index(msg, "HTTP "); i >= 0 {
		return msg[i+5:]
	}
	return ""
}

// Evidence says where a rule matched: « Mistral AI » (titre). A field this catalog does not
// name is shown as it is stored.
func (l Lang) Evidence(e feeds.Evidence) string {
	field := e.Field
	if _, ok := catalog["field/"+field]; ok {
		field = l.T("field/" + field)
	}
	return l.T("tag.evidence", e.Match, field)
}

// QueryError says what is wrong with a query term, in the language.
func (l Lang) QueryError(e *feeds.QueryError) string {
	return l.T("query: %s: %s", e.Term, l.T("query/"+e.Code))
}

// Ago says how long ago t was ("il y a 2 h"), or how far ahead it is ("dans 5 min"); past a
// week it gives the date.
func (l Lang) Ago(t, now time.Time) string {
	d := now.Sub(t)
	ahead := d < 0
	if ahead {
		d = -d
	}
	switch {
	case d < time.Minute:
		return l.T("ago.now")
	case d < time.Hour && ahead:
		return l.T("in.min", int(d.Minutes()))
	case d < time.Hour:
		return l.T("ago.min", int(d.Minutes()))
	case ahead:
		return l.T("in.hour", int(d.Hours()))
	case d < 24*time.Hour:
		return l.T("ago.hour", int(d.Hours()))
	case d < 7*24*time.Hour:
		return l.T("ago.day", int(d.Hours()/24))
	}
	if l == French {
		return t.Local().Format("02/01/2006")
	}
	return t.Local().Format("2006-01-02")
}
