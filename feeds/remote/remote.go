// Package remote syncs veille with a feed server the user already runs: FreshRSS, Miniflux,
// Inoreader… through the Google Reader API (GReader), or Miniflux through its REST API
// (Miniflux, with the official client). It owns the Server interface both speak, their HTTP
// quirks (item ids in decimal and long hex form, continuation tokens, servers without
// stream/items/contents), and the sync algorithm (Syncer): subscriptions down, queued local
// changes up, unread and starred ids down, then only the missing items, in batches, through
// the same normalize → tag → save pipeline as fetched articles.
//
// It saves through the Store interface it declares; storage implements it.
package remote

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"veille/feeds"
	"veille/feeds/parse"
)

// Server is a feed server's API, as the sync needs it. Item and feed ids are the server's,
// as canonical strings (decimal for both APIs).
type Server interface {
	// Login checks the credentials and gets what later calls need (a token).
	Login(ctx context.Context) error
	// Subscriptions lists the user's subscriptions with their categories.
	Subscriptions(ctx context.Context) ([]Subscription, error)
	// StateIDs lists the ids of the unread items and of the starred ones.
	StateIDs(ctx context.Context) (unread, starred []string, err error)
	// Items gets the items with the given ids, in as few requests as the API allows. Ids the
	// server no longer has are left out.
	Items(ctx context.Context, ids []string) ([]Item, error)
	// Mark applies a read, unread, star or unstar change to items.
	Mark(ctx context.Context, kind feeds.SyncChangeKind, ids []string) error
	// Label adds or removes a label on items; ErrNoLabels when the server has no item labels.
	Label(ctx context.Context, label string, add bool, ids []string) error
	// Labels lists the item labels with the ids of their items; nil when the server has none.
	// folders are the subscriptions' categories, which some servers list as labels too.
	Labels(ctx context.Context, folders []string) (map[string][]string, error)
	// Subscribe subscribes the user to a feed, in a category when one is given.
	Subscribe(ctx context.Context, url, title, category string) error
}

// Subscription is one of the server's subscriptions.
type Subscription struct {
	ID       string
	URL      string
	Title    string
	SiteURL  string
	Category string
}

// Item is one article held by the server.
type Item struct {
	ID     string
	FeedID string // the Subscription's ID
	parse.ServerItem
	Labels []string // the user's labels on it (not the feed's folder)
}

// ErrNoLabels reports a server that keeps no labels on items (Miniflux): tags stay local.
var ErrNoLabels = errors.New("the server keeps no labels on articles")

// ErrorKind classifies a sync failure so that the command line says it in the user's language.
type ErrorKind string

const (
	ErrAuth     ErrorKind = "auth"     // wrong user name, password or token
	ErrNotAPI   ErrorKind = "not-api"  // an HTML page or something else than the API answered
	ErrProtocol ErrorKind = "protocol" // a truncated or malformed answer
	ErrServer   ErrorKind = "server"   // a 5xx or another unexpected status
	ErrTimeout  ErrorKind = "timeout"  // the server did not answer in time
	ErrNetwork  ErrorKind = "network"  // connection refused, DNS…
	ErrTooLarge ErrorKind = "too-large"
)

// Error is a failed exchange with the server. Its message never holds a credential.
type Error struct {
	Kind   ErrorKind
	Status int // HTTP status, when there was one
	Op     string
	Err    error
}

func (e *Error) Error() string {
	msg := string(e.Kind)
	if e.Status != 0 {
		msg += fmt.Sprintf(" (HTTP %d)", e.Status)
	}
	if e.Op != "" {
		msg = e.Op + ": " + msg
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// KindOf returns the kind of a sync failure: "" for a failure that is not the server's (the
// cache), ErrTimeout for a deadline.
func KindOf(err error) ErrorKind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return ErrTimeout
	}
	return ""
}

// Describe is how a failure is recorded in the cache: its kind, a tab, its English words.
// SplitDescription reads it back.
func Describe(err error) string {
	return string(KindOf(err)) + "\t" + err.Error()
}

// SplitDescription splits what Describe recorded into the kind and the words.
func SplitDescription(s string) (ErrorKind, string) {
	k, words, ok := strings.Cut(s, "\t")
	if !ok {
		return "", s
	}
	return ErrorKind(k), words
}

// defaultTimeout bounds one request when the caller gives none.
const defaultTimeout = 30 * time.Second

// defaultMaxBody caps one answer: 2,000 articles of content fit in a few MB.
const defaultMaxBody = 64 << 20
