package lang

const usageEN = `veille — a terminal reader for the French tech press

Usage:
  veille [--db PATH] [--config PATH] [--offline]   open the reader (refreshes in the background unless --offline)
  veille fetch [--fulltext]                        refresh every feed now (and fetch teasers' full pages); progress on stderr
  veille list [QUERY…] [--json] [--limit N]        matching articles, newest first
  veille show ID                                   one article as readable text
  veille feeds [list]                              subscriptions: unread, last fetch, last error
  veille feeds add URL                             subscribe (a web page works: its feed is discovered)
  veille feeds rm URL|ID                           unsubscribe
  veille feeds import FILE.opml                    subscribe to the feeds of an OPML file
  veille feeds export                              print the subscriptions as OPML 2.0
  veille tag ID +tag -tag …                        add and remove tags by hand (they stick)
  veille tags                                      tags with article counts
  veille retag [--dry-run]                         apply the tag rules to the whole cache again (or show the diff)
  veille gc                                        apply the retention policy and reclaim space
  veille learn                                     tags learned from yours: examples, cross-validated precision and recall
  veille stats                                     cache size and contents
  veille sync [--push-feeds] [--status]            sync with the [sync] server (FreshRSS, Miniflux…); --push-feeds offers
                                                   veille's own subscriptions up; --status: last sync, pending changes, last error
  veille stories [QUERY…] [--json] [--limit N]     stories (one per news, all outlets), newest first
  veille trends [--weeks N] [--json]               articles per tag per week, with sparklines
  veille restory [--dry-run]                       group every article into stories again (or show merges and splits)

Query terms (ANDed): +tag -tag  +unread +read +starred  =source  @7d @2w @3m @1y @2026-01-15 @30d..7d
                     word "a phrase" !excluded
Options: --db PATH (or VEILLE_DB), --config PATH, --offline, --json, --limit N, --dry-run, --fulltext, --push-feeds, --status, --weeks N, --help, --version
`

const usageFR = `veille — lecteur de la presse tech française dans le terminal

Usage :
  veille [--db CHEMIN] [--config CHEMIN] [--offline]   ouvre le lecteur (met à jour en arrière-plan sauf --offline)
  veille fetch [--fulltext]                            met à jour tous les flux (et les pages complètes des extraits) ; progression sur stderr
  veille list [REQUÊTE…] [--json] [--limit N]          articles correspondants, du plus récent au plus ancien
  veille show ID                                       un article en texte lisible
  veille feeds [list]                                  abonnements : non lus, dernière mise à jour, dernière erreur
  veille feeds add URL                                 s’abonner (une page web suffit : son flux est découvert)
  veille feeds rm URL|ID                               se désabonner
  veille feeds import FICHIER.opml                     s’abonner aux flux d’un fichier OPML
  veille feeds export                                  afficher les abonnements en OPML 2.0
  veille tag ID +tag -tag …                            ajouter et retirer des tags à la main (ils restent)
  veille tags                                          les tags et leurs nombres d’articles
  veille retag [--dry-run]                             réappliquer les règles de tags à tout le cache (ou montrer l’écart)
  veille gc                                            appliquer la politique de rétention et récupérer la place
  veille learn                                         les tags appris des vôtres : exemples, précision et rappel validés
  veille stats                                         taille et contenu du cache
  veille sync [--push-feeds] [--status]                synchroniser avec le serveur [sync] (FreshRSS, Miniflux…) ; --push-feeds
                                                       y envoie les abonnements de veille ; --status : dernière synchro, attente, erreur
  veille stories [REQUÊTE…] [--json] [--limit N]       les histoires (une par actualité, tous médias), de la plus récente
  veille trends [--weeks N] [--json]                   articles par tag et par semaine, avec courbes
  veille restory [--dry-run]                           regrouper à nouveau tous les articles en histoires (ou montrer fusions et scissions)

Termes de requête (tous requis) : +tag -tag  +unread +read +starred  =source  @7j @2s @3m @1a @2026-01-15 @30j..7j
                                  mot "une expression" !exclu
Options : --db CHEMIN (ou VEILLE_DB), --config CHEMIN, --offline, --json, --limit N, --dry-run, --fulltext, --push-feeds, --status, --weeks N, --help, --version
`
