package feeds

import "time"

// SyncChangeKind is one reading-state or tag change made in veille that a feed server must
// learn (feeds/remote pushes them).
type SyncChangeKind string

const (
	SyncRead        SyncChangeKind = "read"
	SyncUnread      SyncChangeKind = "unread"
	SyncStar        SyncChangeKind = "star"
	SyncUnstar      SyncChangeKind = "unstar"
	SyncLabelAdd    SyncChangeKind = "label+"
	SyncLabelRemove SyncChangeKind = "label-"
)

// SyncChange is one entry of the queue of changes waiting to go up to the feed server. Seq
// orders them: for one article and one flag, the latest wins.
type SyncChange struct {
	Seq       int64
	ArticleID int64
	RemoteID  string // the server's id of the article
	Kind      SyncChangeKind
	Label     string // the tag's folded name, for label changes
}

// SyncStatus is what `veille sync --status` shows.
type SyncStatus struct {
	Server    string    // the server's URL, as configured the last time a sync ran
	LastSync  time.Time // the last sync that completed; zero: never
	LastTry   time.Time // the last attempt, successful or not
	LastError string    // why the last attempt failed, "" after a success
	Pending   int       // changes waiting to go up
	Feeds     int       // subscriptions linked to the server
	Articles  int       // articles linked to the server
	NoLabels  bool      // the server refused labels on items: tags stay local
}

// SyncFeed links a subscription to the feed server's, with the title and category the server
// gives it: the server's become veille's.
type SyncFeed struct {
	RemoteID string
	FeedID   int64
	Title    string
	Category string
}
