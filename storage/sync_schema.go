package storage

// schemaSync links the cache to a feed server (feeds/remote) and queues the changes that must
// go up to it.
//
//   - sync_feeds: the server's id of a subscription. A feed the server drops loses its row and
//     becomes local only; its articles stay.
//   - sync_items: the server's id of an article (canonical decimal for the Google Reader API,
//     Miniflux's entry id). Several server ids may point at one article when a server holds
//     the same item twice.
//   - sync_pending: changes made in veille (read, unread, star, unstar, label+, label-) that the
//     server has not acknowledged yet; the server id is copied in so that a change survives its
//     article being deleted by retention. id orders them: for one article and one flag the
//     latest wins, and while one waits the server's state of that flag is not applied.
//
// Sync state (server, last sync, last error) lives in meta under "sync." keys.
const schemaSync = `
CREATE TABLE sync_feeds (
	remote_id TEXT    PRIMARY KEY,
	feed_id   INTEGER NOT NULL UNIQUE REFERENCES feeds(id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE sync_items (
	remote_id  TEXT    PRIMARY KEY,
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX sync_items_article ON sync_items(article_id);

CREATE TABLE sync_pending (
	id         INTEGER PRIMARY KEY,
	article_id INTEGER NOT NULL,
	remote_id  TEXT    NOT NULL,
	kind       TEXT    NOT NULL,
	label      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX sync_pending_article ON sync_pending(article_id);
`
