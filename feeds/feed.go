// Package feeds is veille's domain and ingest pipeline: the types every other package shares,
// the default subscription list, OPML, and the stages a refresh runs through
// (fetch → decode → parse → normalize → tag → save), plus the query language.
// It imports neither storage nor ui: it saves through the small interfaces it declares.
package feeds

import "time"

// Feed is one subscription and what the last fetches learnt about it.
type Feed struct {
	ID       int64
	URL      string // the URL fetched; a permanent redirect (301/308) replaces it
	Title    string
	SiteURL  string // the site's home page, from the feed's channel link
	Category string // OPML folder, e.g. "Actualité tech"
	AIOnly   bool   // every item is about AI (ActuIA…): a prior for the ia tag

	// Conditional GET validators from the last 200 response.
	ETag         string
	LastModified string
	// BodyDigest identifies the last document parsed and saved (BodyDigest), so that a server
	// without validators that sends the same feed again costs a hash, not a parse.
	BodyDigest string

	LastFetch   time.Time // last attempt, successful or not
	LastSuccess time.Time // last 200 or 304
	LastError   string    // why the last attempt failed, in English ("" after a success)
	ErrorKind   ErrorKind // the same failure as a stable kind, for localised display
	Failures    int       // consecutive failures; drives the back-off
	NextFetch   time.Time // do not fetch before (back-off, Retry-After); zero means now
	Gone        bool      // the server answered 410: kept, shown, not fetched by default
	Malformed   bool      // the last document parsed was ill-formed XML, read by the loose pass

	// Filled by listings only.
	Unread   int
	Articles int
}

// Article is one item of a feed, normalized and safe to print.
type Article struct {
	ID        int64
	FeedID    int64
	FeedTitle string // filled by listings

	Key     string // stable identity within the feed: guid, else canonical link, else a hash
	GUID    string
	URL     string // as published (tracking parameters kept), http(s) only
	Title   string // plain text, one line
	Author  string
	Summary string // plain text of the description (a teaser or the standfirst)
	Content string // sanitized HTML of the fullest text the feed gave
	Text    string // plain text of Content (or of Summary when there is no content): searched and tagged

	Categories  []string // the feed's own <category> values
	Published   time.Time
	DateGuessed bool // the feed gave no readable date: Published is the first-seen time
	Updated     time.Time
	FirstSeen   time.Time

	Paywalled bool   // the feed text ends in a paywall notice
	Hash      string // digest of the upstream text: an upsert rewrites only when it changed

	// Where Content and Text come from: the feed, or the article's page (see ArticlePage).
	TextSource TextSource
	PageURL    string    // the page the full text was taken from (or refused by)
	PageAt     time.Time // when the page was last tried; zero: never

	// User state, never written by a refresh.
	Read    bool
	Starred bool

	Tags []ArticleTag // filled by listings and show

	StoryID int64 // the story it belongs to (feeds/stories), 0 until a story pass placed it
}

// ArticleTag is a tag on one article and why it is there.
type ArticleTag struct {
	Name     string
	Manual   bool       // added by the user
	Removed  bool       // removed by the user: rules never add it back
	Learned  bool       // given by a model learned from the user's own tagging (feeds.Learn)
	Evidence []Evidence // empty for manual tags
}

// Evidence is one reason a rule gave a tag: which rule, which words, where.
type Evidence struct {
	Rule  string `json:"rule"`
	Match string `json:"match"` // the words as they appear in the text
	Field string `json:"field"` // title, summary, content, category, feed, model, learned
	// Score is a statistical vote's probability (fields model and learned), else 0.
	Score float64 `json:"score,omitempty"`
}

// ErrorKind classifies a fetch failure so that the UI can say it in the user's language.
type ErrorKind string

const (
	ErrNone        ErrorKind = ""
	ErrTimeout     ErrorKind = "timeout"      // délai dépassé
	ErrNetwork     ErrorKind = "network"      // connection refused, DNS, reset…
	ErrTooLarge    ErrorKind = "too-large"    // body over the cap, before or after gzip
	ErrHTTPStatus  ErrorKind = "http-status"  // 4xx/5xx other than those below
	ErrGone        ErrorKind = "gone"         // 410
	ErrRateLimited ErrorKind = "rate-limited" // 429/503, Retry-After honoured
	ErrNotFeed     ErrorKind = "not-feed"     // an HTML page or something unparseable
	ErrParse       ErrorKind = "parse"        // looked like a feed but could not be read
	ErrRedirects   ErrorKind = "redirects"    // more than 5 redirects
)

// FeedError is why one feed could not be refreshed. Per-feed failures are data shown to the
// user, never fatal to a refresh.
type FeedError struct {
	Kind       ErrorKind
	Status     int           // HTTP status when there was one
	RetryAfter time.Duration // from a 429/503 Retry-After header, 0 if none
	Err        error         // the underlying cause, for the English message
}

func (e *FeedError) Error() string {
	if e.Err != nil {
		return e.Err.Error()
	}
	return string(e.Kind)
}

func (e *FeedError) Unwrap() error { return e.Err }

// FeedUpdate is the outcome of refreshing one feed, saved in one transaction.
type FeedUpdate struct {
	Feed        Feed      // the feed's new state (validators, URL, title, errors, back-off), written as is
	NotModified bool      // a 304: nothing was parsed
	Articles    []Article // the items the feed holds now, normalized and auto-tagged; nil on 304 or failure
}

// SaveResult counts what a FeedUpdate changed in the cache.
type SaveResult struct {
	New     int // articles never seen before
	Updated int // known articles whose upstream text changed
}

// Page asks for a window of a listing, newest first (keyset pagination).
type Page struct {
	Limit int            // 0: no limit
	After *ArticleCursor // start after this article; nil: from the newest
	// Before, instead: the Limit articles just newer than this one (still newest first), the
	// page above it. Last, instead: the Limit oldest articles, the end of the list. Both read
	// the order backwards from that point, so that neither walks the rows in between.
	Before *ArticleCursor
	Last   bool
}

// ArticleCursor is the position of an article in the newest-first order.
type ArticleCursor struct {
	Published time.Time
	ID        int64
}

// Tagger gives an article its automatic tags, each with evidence. The refresh pipeline calls
// it on every new or changed article; feeds/tagging implements it.
type Tagger interface {
	Tag(a *Article, f *Feed) []ArticleTag
}

// FetchRequest asks for one feed document, conditionally when validators are known.
type FetchRequest struct {
	URL          string
	ETag         string
	LastModified string
	Digest       string // the digest of the document last saved: the same body again is not inflated
}

// FetchResponse is a fetched feed document; feeds/fetch produces it.
type FetchResponse struct {
	Status       int
	NotModified  bool   // 304: Body is empty and the validators are unchanged
	Body         []byte // decompressed, at most the size cap
	ContentType  string // the Content-Type header, charset included
	ETag         string
	LastModified string
	FinalURL     string // where the body came from after redirects
	// ContentLocation is the response's Content-Location, made absolute against FinalURL
	// (http(s) only, else ""): the document's own address, the base of its relative links.
	ContentLocation string
	// Digest identifies the body as it came over the wire (BodyDigest); Unchanged says it is
	// the FetchRequest's Digest, and then Body is nil: the document is the one already saved.
	Digest    string
	Unchanged bool
	MovedTo   string // set when every redirect on the way was permanent (301/308): the new URL to store
}

// ParsedFeed is what one fetched document yields; feeds/parse produces it.
type ParsedFeed struct {
	Title    string
	SiteURL  string
	Articles []Article // normalized, deduplicated, safe to print
	// Malformed says the document was not well-formed XML and was read by the loose pass,
	// which recovers every complete item.
	Malformed bool
}

// TextSource says where an article's text comes from.
type TextSource string

const (
	TextFromFeed TextSource = "feed"    // the feed's own text (the default)
	TextFromPage TextSource = "page"    // the article page, extracted: the whole article
	TextPaywall  TextSource = "paywall" // the page is for subscribers: the feed's teaser is kept
	TextBlocked  TextSource = "blocked" // the site refused the page (403, a bot challenge): teaser kept
)

// PageCandidate is an article whose page may hold more text than its feed gave.
type PageCandidate struct {
	ID        int64
	FeedID    int64
	URL       string
	TextLen   int    // characters of plain text the feed gave
	Paywalled bool   // the feed text ended in a paywall notice
	TextTail  string // the last TextTailRunes characters of that text: whether it ends in "[…]"
}

// TextTailRunes is how much of the end of an article's text PageCandidate.TextTail holds:
// room for the longest way a teaser ends ("… Continuer la lecture »") and some spaces.
const TextTailRunes = 32

// ArticlePage is what fetching an article's page gave: its readable text, or why there is none.
type ArticlePage struct {
	Source  TextSource // TextFromPage, TextPaywall or TextBlocked; "" when the attempt failed
	URL     string     // where the page was taken from, after redirects
	Content string     // sanitized HTML of the article (Source TextFromPage only)
	Text    string     // its plain text
	Err     string     // why the attempt failed (timeout, 404…); retried later
}
