package feeds

import "time"

// Retention says how long articles keep their full text and how long they stay at all.
// A zero duration means never.
//
// The rules, exactly (an article's age is measured from the later of its publication and the
// day veille first saw it, so that an old item a feed still carries is not deleted only to
// come back unread on the next refresh):
//
//   - Kept forever, whole: starred articles, and articles with at least one tag the user added
//     by hand. A tag the user removed is not a hand tag: it says what the article is not, not
//     that it is worth keeping.
//   - Read articles older than StripAfter lose their full text: the content is emptied and the
//     text becomes the summary, so that search still finds them by title and standfirst.
//   - Read articles older than DeleteAfter are deleted, with their tags.
//   - Unread articles keep their full text, and are deleted only when older than twice
//     DeleteAfter: an unread article is one the user may still want to read, but a feed
//     abandoned for years should not keep its backlog forever (Miniflux also expires unread
//     entries later than read ones).
//
// "Older than" is strict: an article exactly StripAfter old keeps its text.
//
// Cuts turns the durations into the cut-off times storage's GC executes; the two rules that are
// not durations (what is kept forever, and age as the later of two dates) are written once, in
// the SQL of storage/gc.go (keepForever), since they select rows.
type Retention struct {
	StripAfter  time.Duration
	DeleteAfter time.Duration
}

// DefaultRetention is the retention when the configuration says nothing: full text stripped
// after 90 days, read articles deleted after 365.
var DefaultRetention = Retention{StripAfter: 90 * 24 * time.Hour, DeleteAfter: 365 * 24 * time.Hour}

// RetentionCuts is a Retention as of one moment: the times the cache compares with. An
// article is older than a cut when both its publication and its first sighting are strictly
// before it. A zero cut means the rule is off. Starred and hand-tagged articles are never
// touched, whatever the cuts.
type RetentionCuts struct {
	Now                time.Time // when a stripped article's page is marked tried, if it never was
	StripBefore        time.Time // read articles older lose their full text
	DeleteReadBefore   time.Time // read articles older are deleted
	DeleteUnreadBefore time.Time // unread articles older are deleted
}

// Cuts computes the cuts of r as of now.
func (r Retention) Cuts(now time.Time) RetentionCuts {
	c := RetentionCuts{Now: now}
	if r.StripAfter > 0 {
		c.StripBefore = now.Add(-r.StripAfter)
	}
	if r.DeleteAfter > 0 {
		c.DeleteReadBefore = now.Add(-r.DeleteAfter)
		c.DeleteUnreadBefore = now.Add(-2 * r.DeleteAfter)
	}
	return c
}
