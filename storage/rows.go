package storage

import (
	"encoding/json"
	"net/url"
	"strings"
	"time"

	"veille/feeds"
)

// feedRow is a feeds row as GORM sees it.
type feedRow struct {
	ID           int64  `gorm:"column:id;primaryKey"`
	URL          string `gorm:"column:url"`
	Title        string `gorm:"column:title"`
	SiteURL      string `gorm:"column:site_url"`
	Category     string `gorm:"column:category"`
	AIOnly       bool   `gorm:"column:ai_only"`
	ETag         string `gorm:"column:etag"`
	LastModified string `gorm:"column:last_modified"`
	LastFetch    int64  `gorm:"column:last_fetch"`
	LastSuccess  int64  `gorm:"column:last_success"`
	LastError    string `gorm:"column:last_error"`
	ErrorKind    string `gorm:"column:error_kind"`
	Failures     int    `gorm:"column:failures"`
	NextFetch    int64  `gorm:"column:next_fetch"`
	Gone         bool   `gorm:"column:gone"`
	SearchName   string `gorm:"column:search_name"`
	CreatedAt    int64  `gorm:"column:created_at;autoCreateTime:false"`

	// Filled by Feeds only (not columns).
	Unread   int `gorm:"column:unread;->;-:migration"`
	Articles int `gorm:"column:articles;->;-:migration"`
}

func (feedRow) TableName() string { return "feeds" }

func (r feedRow) feed() feeds.Feed {
	return feeds.Feed{
		ID:           r.ID,
		URL:          r.URL,
		Title:        r.Title,
		SiteURL:      r.SiteURL,
		Category:     r.Category,
		AIOnly:       r.AIOnly,
		ETag:         r.ETag,
		LastModified: r.LastModified,
		LastFetch:    fromMS(r.LastFetch),
		LastSuccess:  fromMS(r.LastSuccess),
		LastError:    r.LastError,
		ErrorKind:    feeds.ErrorKind(r.ErrorKind),
		Failures:     r.Failures,
		NextFetch:    fromMS(r.NextFetch),
		Gone:         r.Gone,
		Unread:       r.Unread,
		Articles:     r.Articles,
	}
}

// articleRow is a full articles row plus its feed's title, for Article.
type articleRow struct {
	ID          int64  `gorm:"column:id;primaryKey"`
	FeedID      int64  `gorm:"column:feed_id"`
	FeedTitle   string `gorm:"column:feed_title;->;-:migration"`
	Published   int64  `gorm:"column:published"`
	Read        bool   `gorm:"column:read"`
	Starred     bool   `gorm:"column:starred"`
	DateGuessed bool   `gorm:"column:date_guessed"`
	Paywalled   bool   `gorm:"column:paywalled"`
	FirstSeen   int64  `gorm:"column:first_seen"`
	Updated     int64  `gorm:"column:updated"`
	ItemKey     string `gorm:"column:item_key"`
	Hash        string `gorm:"column:hash"`
	GUID        string `gorm:"column:guid"`
	URL         string `gorm:"column:url"`
	Title       string `gorm:"column:title"`
	Author      string `gorm:"column:author"`
	Categories  string `gorm:"column:categories"`
	Summary     string `gorm:"column:summary"`
	Content     string `gorm:"column:content"`
	Text        string `gorm:"column:text"`
	TextSource  string `gorm:"column:text_source"`
	PageURL     string `gorm:"column:page_url"`
	PageAt      int64  `gorm:"column:page_at"`
}

func (articleRow) TableName() string { return "articles" }

func (r articleRow) article() feeds.Article {
	return feeds.Article{
		ID:          r.ID,
		FeedID:      r.FeedID,
		FeedTitle:   r.FeedTitle,
		Key:         r.ItemKey,
		GUID:        r.GUID,
		URL:         r.URL,
		Title:       r.Title,
		Author:      r.Author,
		Summary:     r.Summary,
		Content:     r.Content,
		Text:        r.Text,
		Categories:  splitCategories(r.Categories),
		Published:   fromMS(r.Published),
		DateGuessed: r.DateGuessed,
		Updated:     fromMS(r.Updated),
		FirstSeen:   fromMS(r.FirstSeen),
		Paywalled:   r.Paywalled,
		Hash:        r.Hash,
		TextSource:  feeds.TextSource(r.TextSource),
		PageURL:     r.PageURL,
		PageAt:      fromMS(r.PageAt),
		Read:        r.Read,
		Starred:     r.Starred,
	}
}

// articleTagRow is one tag of one article, joined with the tag's name.
type articleTagRow struct {
	Name     string `gorm:"column:name"`
	Manual   bool   `gorm:"column:manual"`
	Removed  bool   `gorm:"column:removed"`
	Evidence string `gorm:"column:evidence"`
}

// metaRow is one key of the meta table.
type metaRow struct {
	Key   string `gorm:"column:key;primaryKey"`
	Value string `gorm:"column:value"`
}

func (metaRow) TableName() string { return "meta" }

// metaSubscriptionsInitialized is set once the subscription list was first filled, by the
// defaults or by the user.
const metaSubscriptionsInitialized = "subscriptions_initialized"

// ms stores a time as Unix milliseconds; the zero time is 0 so that "never" sorts first and
// reads back as the zero time.
func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v)
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// categorySep joins categories: a control character that normalized feed text never holds.
const categorySep = "\x1f"

func joinCategories(cs []string) string {
	if len(cs) == 0 {
		return ""
	}
	clean := make([]string, 0, len(cs))
	for _, c := range cs {
		if c = strings.ReplaceAll(c, categorySep, " "); c != "" {
			clean = append(clean, c)
		}
	}
	return strings.Join(clean, categorySep)
}

func splitCategories(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, categorySep)
}

func encodeEvidence(ev []feeds.Evidence) string {
	if len(ev) == 0 {
		return ""
	}
	b, err := json.Marshal(ev)
	if err != nil { // cannot happen: three strings
		return ""
	}
	return string(b)
}

func decodeEvidence(s string) []feeds.Evidence {
	if s == "" {
		return nil
	}
	var ev []feeds.Evidence
	if json.Unmarshal([]byte(s), &ev) != nil {
		return nil // evidence is an explanation, never worth failing a read for
	}
	return ev
}

// searchName is what =source matches: the folded title and the hosts of the feed and of its
// site, so that =numerama finds "Numerama" and =lemonde finds www.lemonde.fr.
func searchName(title, feedURL, siteURL string) string {
	parts := []string{feeds.FoldName(title)}
	for _, raw := range []string{feedURL, siteURL} {
		if u, err := url.Parse(raw); err == nil && u.Hostname() != "" {
			parts = append(parts, strings.ToLower(u.Hostname()))
		}
	}
	return strings.Join(parts, " ")
}
