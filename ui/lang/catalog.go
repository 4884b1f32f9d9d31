package lang

import "veille/feeds"

type message struct{ fr, en string }

// catalog holds every user-facing sentence of the reader and the command line. Keys are dotted
// lower-case words, the first naming where the sentence is used; TestCatalogKeysAreUsedAndComplete
// checks that every key the code uses is here in both languages and that every key here is used.
var catalog = map[string]message{
	// Command line usage and errors.
	"cli.usage":                 {usageFR, usageEN},
	"cli.unknown-command":       {"commande inconnue « %s » (voir veille --help)", "unknown command %q (see veille --help)"},
	"cli.unknown-option":        {"option inconnue %s (voir veille --help)", "unknown option %s (see veille --help)"},
	"cli.option-needs-value":    {"l’option %s attend une valeur", "option %s needs a value"},
	"cli.option-needs-number":   {"l’option %s attend un nombre entier", "option %s takes a whole number"},
	"cli.option-not-here":       {"l’option %s ne s’applique pas à %s", "option %s does not apply to %s"},
	"cli.takes":                 {"%s attend %s", "%s takes %s"},
	"cli.an-article-number":     {"un numéro d’article", "an article number"},
	"cli.a-url":                 {"une URL", "a URL"},
	"cli.a-url-or-feed":         {"une URL ou un numéro de flux", "a URL or a feed number"},
	"cli.an-opml-file":          {"un fichier OPML", "an OPML file"},
	"cli.tag-changes":           {"des changements de tags comme +tag -tag", "tag changes such as +tag -tag"},
	"cli.no-article":            {"aucun article n° %d", "no article %d"},
	"cli.no-feed":               {"aucun flux « %s »", "no feed %s"},
	"cli.cannot-open-cache":     {"impossible d’ouvrir le cache %s : %v", "cannot open the cache %s: %v"},
	"cli.cannot-read-config":    {"impossible de lire la configuration %s : %v", "cannot read the configuration %s: %v"},
	"query.error":               {"requête : `%s` : %s", "query: `%s`: %s"},
	"cli.offline-needs-network": {"hors ligne : %s a besoin du réseau", "offline: %s needs the network"},
	"cli.error":                 {"erreur : %v", "error: %v"},
	"cli.interrupted":           {"interrompu", "interrupted"},

	// fetch
	"fetch.progress": {"[%d/%d] %d nouveaux, %d échecs", "[%d/%d] %d new, %d failed"},
	"fetch.failed":   {"échec : %s — %s", "failed: %s — %s"},
	"fetch.summary":  {"%d flux : %d à jour, %d inchangés, %d échecs, %d ignorés (attente) ; %d nouveaux articles, %d modifiés, en %.1f s", "%d feeds: %d updated, %d unchanged, %d failed, %d skipped (backing off); %d new articles, %d changed, in %.1f s"},
	"fetch.defaults": {"premier lancement : %d flux de la presse tech française ajoutés", "first run: %d French tech-press feeds subscribed"},
	"fetch.nofeeds":  {"aucun abonnement : ajoutez-en avec veille feeds add URL", "no subscriptions: add some with veille feeds add URL"},

	// sync (ui/cli/sync.go)
	"sync.summary":            {"synchro %s : %d abonnements (%d nouveaux), %d articles reçus, %d changements envoyés, %d états mis à jour, %d tags reçus, en %.1f s", "sync %s: %d subscriptions (%d new), %d articles received, %d changes sent, %d states updated, %d tags received, in %.1f s"},
	"sync.pushed-feeds":       {"%d abonnements proposés au serveur", "%d subscriptions offered to the server"},
	"sync.failed":             {"synchro %s : %s", "sync %s: %s"},
	"sync.pending-kept":       {" ; %d changements en attente, envoyés à la prochaine synchro", "; %d changes waiting, sent at the next sync"},
	"sync.err.auth":           {"identifiant ou mot de passe refusé", "user name or password refused"},
	"sync.err.not-api":        {"le serveur a répondu par une page HTML, pas par l’API (vérifiez l’URL)", "the server answered with an HTML page, not the API (check the URL)"},
	"sync.err.protocol":       {"réponse tronquée ou illisible du serveur", "truncated or unreadable answer from the server"},
	"sync.err.server":         {"erreur du serveur", "server error"},
	"sync.err.server-status":  {"erreur du serveur (HTTP %d)", "server error (HTTP %d)"},
	"sync.err.timeout":        {"le serveur ne répond pas (délai dépassé)", "the server does not answer (timed out)"},
	"sync.err.network":        {"serveur injoignable", "server unreachable"},
	"sync.err.too-large":      {"réponse du serveur trop grosse", "answer from the server too large"},
	"sync.not-configured":     {"pas de serveur de synchro : ajoutez une section [sync] à config.toml (kind, url, username, password)", "no sync server: add a [sync] section to config.toml (kind, url, username, password)"},
	"sync.bad-kind":           {"[sync] kind doit valoir « greader » ou « miniflux », pas « %s »", "[sync] kind must be \"greader\" or \"miniflux\", not %q"},
	"sync.bad-url":            {"[sync] url doit être une adresse http(s) du serveur", "[sync] url must be the server's http(s) address"},
	"sync.no-password":        {"[sync] : ni password, ni password_env, ni password_command", "[sync]: no password, password_env nor password_command"},
	"sync.password-env-empty": {"[sync] password_env : la variable %s est vide", "[sync] password_env: variable %s is empty"},
	"sync.password-command":   {"[sync] password_command a échoué : %v", "[sync] password_command failed: %v"},
	"sync.status.server":      {"Serveur :               %s (%s)", "Server:          %s (%s)"},
	"sync.status.last":        {"Dernière synchro :      %s", "Last sync:       %s"},
	"sync.status.never":       {"jamais", "never"},
	"sync.status.pending":     {"Changements en attente : %d", "Pending changes: %d"},
	"sync.status.error":       {"Dernière erreur :       %s (%s)", "Last error:      %s (%s)"},
	"sync.status.no-error":    {"Dernière erreur :       aucune", "Last error:      none"},
	"sync.status.linked":      {"Liés au serveur :       %d abonnements, %d articles", "Linked:          %d subscriptions, %d articles"},
	"sync.status.no-labels":   {"Tags :                  le serveur ne garde pas de labels sur les articles : les tags restent locaux", "Tags:            the server keeps no labels on articles: tags stay local"},

	// feeds
	"feeds.header":         {"ID\tFLUX\tNON LUS\tARTICLES\tDERNIÈRE MAJ\tÉTAT", "ID\tFEED\tUNREAD\tARTICLES\tLAST FETCH\tSTATUS"},
	"feeds.ok":             {"ok", "ok"},
	"feeds.never":          {"jamais", "never"},
	"feeds.backoff":        {"%s (nouvel essai %s)", "%s (retry %s)"},
	"feeds.added":          {"abonné : %s (%s)", "subscribed: %s (%s)"},
	"feeds.exists":         {"déjà abonné : %s", "already subscribed: %s"},
	"feeds.removed":        {"désabonné : %s (%d articles supprimés du cache)", "unsubscribed: %s (%d articles removed from the cache)"},
	"feeds.imported":       {"%d flux importés, %d déjà présents", "%d feeds imported, %d already there"},
	"feeds.discovered":     {"flux trouvé sur la page : %s", "feed found on the page: %s"},
	"feeds.warning":        {"attention : %s", "warning: %s"},
	"feeds.import-warning": {"attention : %s : %s", "warning: %s: %s"},

	// list / show
	"list.none":    {"aucun article", "no articles"},
	"show.source":  {"Source", "Source"},
	"show.date":    {"Date", "Date"},
	"show.author":  {"Auteur", "Author"},
	"show.link":    {"Lien", "Link"},
	"show.tags":    {"Tags", "Tags"},
	"show.undated": {"date inconnue, vu le %s", "no date, first seen %s"},
	"show.paywall": {"texte tronqué (article réservé aux abonnés)", "truncated text (subscribers only)"},

	// tags
	"tags.header":  {"TAG\tLIBELLÉ\tARTICLES\tNON LUS\t7 JOURS\t", "TAG\tLABEL\tARTICLES\tUNREAD\t7 DAYS\t"},
	"tag.manual":   {"ajouté à la main", "added by hand"},
	"tag.evidence": {"« %s » (%s)", "“%s” (%s)"},

	// learned tags (veille learn)
	"learn.header":  {"TAG\tÀ LA MAIN\tRETIRÉS\tNÉGATIFS\tPRÉCISION\tRAPPEL\tAPPRIS\t", "TAG\tBY HAND\tREMOVED\tNEGATIVES\tPRECISION\tRECALL\tLEARNED\t"},
	"learn.waiting": {"%s : %d exemples à la main, encore %d avant d’être appris", "%s: %d examples by hand, %d more before it is learned"},
	"learn.off":     {"%s : apprentissage désactivé ([learn] off)", "%s: learning switched off ([learn] off)"},
	"learn.note":    {"précision et rappel par validation croisée sur vos tags ; la précision est une borne basse : un article que vous n’avez pas tagué compte comme une erreur", "precision and recall cross-validated on your tags; precision is a lower bound: an article you have not tagged counts as a mistake"},
	"learn.none":    {"aucun tag appris : mettez un tag à vous à la main sur %d articles", "no learned tags: put a tag of your own on %d articles by hand"},
	"learn.score":   {"%s, probabilité %.2f", "%s, probability %.2f"},
	"retag.done":    {"%d articles relus, %d modifiés", "%d articles retagged, %d changed"},
	"retag.dry":     {"%d articles relus, %d changeraient (rien n’est écrit) :", "%d articles checked, %d would change (nothing written):"},
	"show.removed":  {"retiré", "removed"},

	// stories, trends, restory (ui/cli/stories.go)
	"stories.none":    {"aucune histoire", "no stories"},
	"stories.source":  {"%d source", "%d source"},
	"stories.sources": {"%d sources", "%d sources"},
	"stories.pass":    {"histoires : articles placés %d, nouvelles histoires %d, rattachés à une histoire %d", "stories: articles placed %d, new stories %d, joined a story %d"},
	"trends.none":     {"aucun article tagué sur la période", "no tagged articles in that period"},
	"trends.header":   {"articles par tag et par semaine, %d semaines depuis le lundi %s :", "articles per tag per week, %d weeks from Monday %s:"},
	"restory.done":    {"%d articles regroupés à nouveau : %d histoires avant, %d maintenant ; %d fusions, %d scissions", "%d articles grouped again: %d stories before, %d now; %d merges, %d splits"},
	"restory.dry":     {"%d articles regroupés à nouveau (rien n’est écrit) : %d histoires avant, %d après ; %d fusions, %d scissions", "%d articles grouped again (nothing written): %d stories before, %d after; %d merges, %d splits"},
	"restory.merge":   {"fusion : « %s » réunirait %d histoires :", "merge: “%s” would join %d stories:"},
	"restory.split":   {"scission : « %s » donnerait %d histoires :", "split: “%s” would become %d stories:"},
	"restory.more":    {"… et %d autres", "… and %d more"},
	"restory.list":    {" :", ":"},
	// the reader's stories and Débat (ui/stories.go, ui/debate.go)
	"tab.debate":               {"Débat", "Debate"},
	"key.stories":              {"articles/histoires", "articles/stories"},
	"key.evidence.story":       {"pourquoi ensemble", "why together"},
	"stories.empty":            {"aucune histoire ici", "no stories here"},
	"stories.row.source":       {"%d source : %s", "%d source: %s"},
	"stories.row.sources":      {"%d sources : %s", "%d sources: %s"},
	"stories.open.meta":        {"%d sources · %d articles · %s", "%d sources · %d articles · %s"},
	"stories.explain.terms":    {"Pourquoi ces %d articles vont ensemble : les termes et noms qu’ils partagent, avec leur poids", "Why these %d articles go together: the terms and names they share, with their weights"},
	"stories.explain.alone":    {"un seul article : rien à partager", "a single article: nothing shared"},
	"stories.explain.name":     {"(nom)", "(name)"},
	"stories.explain.in":       {"dans %d", "in %d"},
	"stories.explain.stance":   {"Position : %s, d’après les tags des articles", "Stance: %s, from the articles’ tags"},
	"stories.explain.nostance": {"aucun article tagué open-source ou proprietaire", "no article tagged open-source or proprietaire"},
	"stance.open":              {"ouvert", "open"},
	"stance.proprietary":       {"propriétaire", "proprietary"},
	"stance.both":              {"les deux", "both"},
	"stance.none":              {"ni l’un ni l’autre", "neither"},
	"debate.title":             {"Débat ouvert / propriétaire : %d histoires cette semaine (7 jours)", "Open vs proprietary: %d stories this week (7 days)"},
	"debate.counts":            {"◯ ouvert %d · ■ propriétaire %d · ◐ les deux %d", "◯ open %d · ■ proprietary %d · ◐ both %d"},
	"debate.side":              {"%s : %d histoires", "%s: %d stories"},
	"debate.names":             {"les plus cités : %s", "most cited: %s"},
	"debate.trends":            {"Tendances : articles par semaine et par tag, %d semaines depuis le %s", "Trends: articles per week and tag, %d weeks from %s"},
	"debate.trend.counts":      {"%d en tout, %d cette semaine", "%d in all, %d this week"},

	"article.links": {"Liens", "Links"},

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

	// Default tabs.
	"tab.front":        {"À la une", "Front page"},
	"tab.unread":       {"Non lus", "Unread"},
	"tab.ia":           {"IA", "AI"},
	"tab.open-source":  {"Open source", "Open source"},
	"tab.proprietaire": {"Propriétaire", "Proprietary"},
	"tab.regulation":   {"Régulation", "Regulation"},
	"tab.starred":      {"Favoris", "Starred"},
	"tab.sources":      {"Sources", "Sources"},

	// Key help: the names of keys, then what they do.
	"keyname.enter":     {"entrée", "enter"},
	"keyname.esc":       {"échap", "esc"},
	"keyname.shift-tab": {"⇧tab", "shift+tab"},
	"key.up":            {"monter", "up"},
	"key.down":          {"descendre", "down"},
	"key.pgup":          {"page préc.", "page up"},
	"key.pgdown":        {"page suiv.", "page down"},
	"key.top":           {"début", "top"},
	"key.bottom":        {"fin", "bottom"},
	"key.open":          {"ouvrir", "open"},
	"key.filter.source": {"filtrer sur la source", "filter on the source"},
	"key.back":          {"retour", "back"},
	"key.clear":         {"effacer le filtre", "clear the filter"},
	"key.nexttab":       {"onglet suiv.", "next tab"},
	"key.prevtab":       {"onglet préc.", "previous tab"},
	"key.tabnum":        {"onglet n", "tab n"},
	"key.filter":        {"filtrer", "filter"},
	"key.read":          {"lu/non lu", "read/unread"},
	"key.star":          {"favori", "star"},
	"key.tags":          {"tags", "tags"},
	"key.browser":       {"navigateur", "browser"},
	"key.copy":          {"copier le lien", "copy link"},
	"key.refresh":       {"mettre à jour", "refresh"},
	"key.markall":       {"tout lu (écran)", "all read (screen)"},
	"key.next":          {"article suiv.", "next article"},
	"key.prev":          {"article préc.", "previous article"},
	"key.evidence":      {"pourquoi ces tags", "why these tags"},
	"key.page":          {"article complet", "full article"},
	"key.help":          {"aide", "help"},
	"key.quit":          {"quitter", "quit"},
	"key.apply":         {"appliquer", "apply"},
	"key.cancel":        {"annuler", "cancel"},
	"key.complete":      {"compléter", "complete"},

	// Status line.
	"status.offline":          {"hors ligne", "offline"},
	"status.offline.network":  {"hors ligne : réseau injoignable", "offline: network unreachable"},
	"status.refreshing":       {"mise à jour %d/%d", "refreshing %d/%d"},
	"status.failed.one":       {"1 échec", "1 failure"},
	"status.failed.many":      {"%d échecs", "%d failures"},
	"status.failed.see":       {"%s (voir Sources)", "%s (see Sources)"},
	"status.new.none":         {"à jour : rien de nouveau", "up to date: nothing new"},
	"status.new.one":          {"1 nouvel article", "1 new article"},
	"status.new.many":         {"%d nouveaux articles", "%d new articles"},
	"status.new.below":        {"%s — g pour remonter", "%s — g to go to the top"},
	"status.age":              {"màj %s", "updated %s"},
	"status.never":            {"jamais mis à jour", "never updated"},
	"status.loading":          {"chargement…", "loading…"},
	"status.copied":           {"lien copié", "link copied"},
	"status.nocopy":           {"ce terminal ne peut pas copier ; lien : %s", "this terminal cannot copy; link: %s"},
	"status.opening":          {"ouverture dans le navigateur…", "opening in the browser…"},
	"status.offline.page":     {"hors ligne : la page ne peut pas être récupérée", "offline: the page cannot be fetched"},
	"status.page.fetching":    {"récupération de l’article complet…", "fetching the full article…"},
	"status.page.done":        {"article complet récupéré", "full article fetched"},
	"status.openfailed":       {"impossible d’ouvrir le navigateur : %v", "cannot open the browser: %v"},
	"status.nolink":           {"cet article n’a pas de lien", "this article has no link"},
	"status.busy":             {"mise à jour déjà en cours", "already refreshing"},
	"status.offline.refresh":  {"hors ligne : pas de mise à jour", "offline: no refreshing"},
	"status.markedall":        {"%d articles marqués lus", "%d articles marked read"},
	"status.tags.saved":       {"tags enregistrés", "tags saved"},
	"status.error":            {"erreur : %s", "error: %s"},
	"status.badkey":           {"configuration : action inconnue « %s » dans [keys]", "configuration: unknown action %q in [keys]"},
	"status.refresh.failed":   {"mise à jour interrompue : %s", "refresh stopped: %s"},
	"status.pages.failed":     {"articles complets : %s", "full text: %s"},
	"status.starred":          {"ajouté aux favoris", "starred"},
	"status.unstarred":        {"retiré des favoris", "unstarred"},
	"status.article.gone":     {"cet article n’est plus dans le cache", "this article is no longer in the cache"},
	"status.position":         {"%d/%d", "%d/%d"},
	"status.position.unknown": {"%d", "%d"},

	// The list.
	"list.empty.cache":   {"Le cache est vide.", "The cache is empty."},
	"list.empty.loading": {"La première mise à jour est en cours…", "The first refresh is running…"},
	"list.empty.online":  {"Appuyez sur R pour mettre à jour.", "Press R to refresh."},
	"list.empty.offline": {"Hors ligne : lancez « veille fetch » quand le réseau reviendra.", "Offline: run “veille fetch” when the network is back."},
	"list.empty.query":   {"Aucun article ne correspond.", "No matching articles."},
	"list.empty.hint":    {"Échap efface le filtre.", "Esc clears the filter."},
	"list.badtab":        {"La requête de cet onglet est invalide :", "This tab’s query is invalid:"},

	// The article view.
	"article.date-format": {"02/01/2006 15:04", "2006-01-02 15:04"},
	"article.evidence":    {"Pourquoi ces tags", "Why these tags"},
	"article.manual":      {"ajouté à la main", "added by hand"},
	"article.removed":     {"retiré à la main", "removed by hand"},
	"article.rule":        {"règle %s", "rule %s"},
	"article.noevidence":  {"sans trace", "no evidence"},
	"article.notext":      {"(le flux ne donne pas de texte)", "(the feed gives no text)"},

	// The Sources tab.
	"sources.feed":     {"Source", "Feed"},
	"sources.unread":   {"Non lus", "Unread"},
	"sources.articles": {"Articles", "Articles"},
	"sources.last":     {"Dernière màj", "Last fetch"},
	"sources.status":   {"État", "Status"},
	"sources.empty":    {"Aucun abonnement : ajoutez-en avec « veille feeds add URL ».", "No subscriptions: add some with “veille feeds add URL”."},

	// The filter bar.
	"filter.hint": {"+tag -tag =source @7j mot \"expression\" !exclu · entrée applique · échap annule", "+tag -tag =source @7d word \"phrase\" !excluded · enter applies · esc cancels"},

	// The tag editor.
	"tags.title": {"Tags : ", "Tags: "},
	"tags.none":  {"aucun tag", "no tags"},
	"tags.hint":  {"+tag ajoute, -tag retire · tab complète · entrée enregistre · échap annule", "+tag adds, -tag removes · tab completes · enter saves · esc cancels"},

	// Help and size.
	"help.title":       {"Touches", "Keys"},
	"reader.too-small": {"Agrandissez le terminal : %d×%d au minimum (%d×%d ici).", "Make the terminal larger: at least %d×%d (%d×%d now)."},

	// loose: a feed whose last document was ill-formed XML, read by the loose pass
	"loose.status": {"flux mal formé, lu quand même", "malformed feed, read anyway"},
}

// The domain's enumerations each have their own table, so that a message is found by the value
// itself and a new value without a message shows in TestEnumerationsAreTranslated.

// queryErrors say what is wrong with a query term, by feeds.QueryErr* code.
var queryErrors = map[string]message{
	feeds.QueryErrUnknownDuration: {"durée inconnue (h, j, s, m ou a : @7j, @2s)", "unknown duration (h, d, w, m or y: @7d, @2w)"},
	feeds.QueryErrBadDate:         {"date invalide (AAAA-MM-JJ)", "invalid date (YYYY-MM-DD)"},
	feeds.QueryErrEmptyTerm:       {"terme vide", "empty term"},
	feeds.QueryErrUnclosedQuote:   {"guillemet non fermé", "unclosed quote"},
	feeds.QueryErrContradiction:   {"contredit un terme précédent", "contradicts an earlier term"},
	feeds.QueryErrBadRange:        {"la période finit avant de commencer", "the range ends before it starts"},
}

// feedErrors say why a feed failed, by feeds.ErrorKind.
var feedErrors = map[feeds.ErrorKind]message{
	feeds.ErrTimeout:     {"délai dépassé", "timed out"},
	feeds.ErrNetwork:     {"réseau injoignable", "network unreachable"},
	feeds.ErrTooLarge:    {"réponse trop volumineuse", "response too large"},
	feeds.ErrHTTPStatus:  {"erreur HTTP %d", "HTTP error %d"},
	feeds.ErrGone:        {"410 : flux supprimé", "410: feed removed"},
	feeds.ErrRateLimited: {"trop de requêtes, nouvel essai plus tard", "too many requests, will retry later"},
	feeds.ErrNotFeed:     {"pas un flux : page HTML", "not a feed: HTML page"},
	feeds.ErrParse:       {"flux illisible", "unreadable feed"},
	feeds.ErrRedirects:   {"trop de redirections", "too many redirects"},
}

// textSources say where an article's text comes from, by feeds.TextSource; "" is a page that
// could not be fetched.
var textSources = map[feeds.TextSource]message{
	feeds.TextFromPage: {"texte complet, pris sur la page de l’article", "full text, taken from the article’s page"},
	feeds.TextPaywall:  {"réservé aux abonnés : seul l’extrait du flux est là", "subscribers only: only the feed’s teaser is here"},
	feeds.TextBlocked:  {"le site refuse les robots : seul l’extrait du flux est là", "the site turns robots away: only the feed’s teaser is here"},
	"":                 {"la page n’a pas pu être récupérée", "the page could not be fetched"},
}

// fields name where a tag rule matched, by feeds.Evidence.Field.
var fields = map[string]message{
	"title":    {"titre", "title"},
	"summary":  {"résumé", "summary"},
	"content":  {"texte", "text"},
	"category": {"catégorie", "category"},
	"feed":     {"flux consacré à l’IA", "AI-only feed"},
	"model":    {"modèle statistique", "statistical model"},
	"learned":  {"appris de vos tags", "learned from your tags"},
}

// opmlWarnings say what an OPML import skipped, by feeds.OPMLWarningKind.
var opmlWarnings = map[feeds.OPMLWarningKind]message{
	feeds.OPMLMalformed: {"XML mal formé, la suite du fichier est ignorée : %s", "malformed XML, the rest of the file was ignored: %s"},
	feeds.OPMLNotHTTP:   {"« %s » ignoré : pas une URL http(s) : %s", "skipped %q: not an http(s) URL: %s"},
	feeds.OPMLDuplicate: {"doublon ignoré : %s", "skipped a duplicate of %s"},
}
