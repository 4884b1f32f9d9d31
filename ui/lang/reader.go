package lang

// readerMessages are the reader's sentences, merged into the shared catalog at start-up so that
// Lang.T finds them like every other message.
var readerMessages = map[string]message{
	// Default tabs.
	"tab.front":        {"À la une", "Front page"},
	"tab.unread":       {"Non lus", "Unread"},
	"tab.ia":           {"IA", "AI"},
	"tab.open-source":  {"Open source", "Open source"},
	"tab.proprietaire": {"Propriétaire", "Proprietary"},
	"tab.regulation":   {"Régulation", "Regulation"},
	"tab.starred":      {"Favoris", "Starred"},
	"tab.sources":      {"Sources", "Sources"},

	// Key help.
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
	"key.morehelp":      {"plus", "more"},
	"key.quit":          {"quitter", "quit"},
	"key.apply":         {"appliquer", "apply"},
	"key.cancel":        {"annuler", "cancel"},
	"key.complete":      {"compléter", "complete"},
	"key.save":          {"enregistrer", "save"},

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
	"status.filter":           {"filtre : %s", "filter: %s"},
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
	"article.evidence":   {"Pourquoi ces tags", "Why these tags"},
	"article.manual":     {"ajouté à la main", "added by hand"},
	"article.removed":    {"retiré à la main", "removed by hand"},
	"article.rule":       {"règle %s", "rule %s"},
	"article.noevidence": {"sans trace", "no evidence"},
	"article.notext":     {"(le flux ne donne pas de texte)", "(the feed gives no text)"},
	"article.date":       {"%s, le %s", "%s, %s"},

	// The Sources tab.
	"sources.feed":     {"Source", "Feed"},
	"sources.unread":   {"Non lus", "Unread"},
	"sources.articles": {"Articles", "Articles"},
	"sources.last":     {"Dernière màj", "Last fetch"},
	"sources.status":   {"État", "Status"},
	"sources.gone":     {"supprimé", "gone"},
	"sources.empty":    {"Aucun abonnement : ajoutez-en avec « veille feeds add URL ».", "No subscriptions: add some with “veille feeds add URL”."},

	// The filter bar.
	"filter.hint": {"+tag -tag =source @7j mot \"expression\" !exclu · entrée applique · échap annule", "+tag -tag =source @7d word \"phrase\" !excluded · enter applies · esc cancels"},

	// The tag editor.
	"tags.title": {"Tags", "Tags"},
	"tags.none":  {"aucun tag", "no tags"},
	"tags.hint":  {"+tag ajoute, -tag retire · tab complète · entrée enregistre · échap annule", "+tag adds, -tag removes · tab completes · enter saves · esc cancels"},

	// Help and size.
	"help.title": {"Touches", "Keys"},
	"small":      {"Agrandissez le terminal : %d×%d au minimum (%d×%d ici).", "Make the terminal larger: at least %d×%d (%d×%d now)."},
}

func init() {
	// A key the shared catalog already has keeps its entry there; TestReaderMessagesAreOwn
	// reports such a collision.
	for k, v := range readerMessages {
		if _, dup := catalog[k]; !dup {
			catalog[k] = v
		}
	}
}
