package storage

import (
	"database/sql"
	"encoding/json"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

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
	BodyDigest   string `gorm:"column:body_digest"`
	LastFetch    int64  `gorm:"column:last_fetch"`
	LastSuccess  int64  `gorm:"column:last_success"`
	LastError    string `gorm:"column:last_error"`
	ErrorKind    string `gorm:"column:error_kind"`
	Failures     int    `gorm:"column:failures"`
	NextFetch    int64  `gorm:"column:next_fetch"`
	Gone         bool   `gorm:"column:gone"`
	Malformed    bool   `gorm:"column:malformed"`
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
		BodyDigest:   r.BodyDigest,
		LastFetch:    fromMS(r.LastFetch),
		LastSuccess:  fromMS(r.LastSuccess),
		LastError:    r.LastError,
		ErrorKind:    feeds.ErrorKind(r.ErrorKind),
		Failures:     r.Failures,
		NextFetch:    fromMS(r.NextFetch),
		Gone:         r.Gone,
		Malformed:    r.Malformed,
		Unread:       r.Unread,
		Articles:     r.Articles,
	}
}

// articleRow is an articles row plus its feed's title. Every read of articles scans into it
// through scanArticles, whichever of its columns the query selects (a list leaves content and
// text out): dests below is the table's one mapping to Go.
type articleRow struct {
	ID, FeedID                              int64
	FeedTitle                               string // joined: feed_title
	Published, FirstSeen, Updated, PageAt   int64  // ms
	Read, Starred, DateGuessed, Paywalled   bool
	ItemKey, Hash, GUID, URL, Title, Author string
	Categories, Summary, Content, Text      string
	TextSource, PageURL                     string
}

// dests returns where each of the selected columns goes. A column articleRow does not hold
// (page_error, read by a.*) is read and dropped.
func (r *articleRow) dests(cols []string) []any {
	out := make([]any, len(cols))
	for i, c := range cols {
		switch c {
		case "id":
			out[i] = &r.ID
		case "feed_id":
			out[i] = &r.FeedID
		case "feed_title":
			out[i] = &r.FeedTitle
		case "published":
			out[i] = &r.Published
		case "read":
			out[i] = &r.Read
		case "starred":
			out[i] = &r.Starred
		case "date_guessed":
			out[i] = &r.DateGuessed
		case "paywalled":
			out[i] = &r.Paywalled
		case "first_seen":
			out[i] = &r.FirstSeen
		case "updated":
			out[i] = &r.Updated
		case "item_key":
			out[i] = &r.ItemKey
		case "hash":
			out[i] = &r.Hash
		case "guid":
			out[i] = &r.GUID
		case "url":
			out[i] = &r.URL
		case "title":
			out[i] = &r.Title
		case "author":
			out[i] = &r.Author
		case "categories":
			out[i] = &r.Categories
		case "summary":
			out[i] = &r.Summary
		case "content":
			out[i] = &r.Content
		case "text":
			out[i] = &r.Text
		case "text_source":
			out[i] = &r.TextSource
		case "page_url":
			out[i] = &r.PageURL
		case "page_at":
			out[i] = &r.PageAt
		default:
			out[i] = new(any)
		}
	}
	return out
}

// scanArticles reads every row of a query on articles. It scans by column name itself rather
// than through gorm's Scan, whose reflection cost a page of the list 0.3–0.6 ms more (50 rows
// × 19 columns, on pages of 1.3–1.6 ms).
func scanArticles(rows *sql.Rows) ([]articleRow, error) {
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out []articleRow
	for rows.Next() {
		var r articleRow
		if err := rows.Scan(r.dests(cols)...); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

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

// articleTagRow is one tag of one article, joined with the tag's name. Every read of
// article_tags scans into it through scanTags, whichever of these columns the query selects.
type articleTagRow struct {
	ArticleID       int64
	Name            string
	Manual, Removed bool
	Learned         bool
	Evidence        string
}

// scanTags reads every row of a query on article_tags joined with tags.
func scanTags(rows *sql.Rows) ([]articleTagRow, error) {
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out []articleTagRow
	for rows.Next() {
		var r articleTagRow
		dest := make([]any, len(cols))
		for i, c := range cols {
			switch c {
			case "article_id":
				dest[i] = &r.ArticleID
			case "name":
				dest[i] = &r.Name
			case "manual":
				dest[i] = &r.Manual
			case "removed":
				dest[i] = &r.Removed
			case "learned":
				dest[i] = &r.Learned
			case "evidence":
				dest[i] = &r.Evidence
			default:
				dest[i] = new(any)
			}
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (r articleTagRow) tag() feeds.ArticleTag {
	return feeds.ArticleTag{Name: r.Name, Manual: r.Manual, Removed: r.Removed, Learned: r.Learned && !r.Manual && !r.Removed,
		Evidence: decodeEvidence(r.Evidence)}
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
	// By hand: encoding/json's reflection was a tenth of the writer's tag rows. The output is
	// what json.Marshal writes for valid UTF-8 (TestEncodeEvidence), which stored text is.
	b := make([]byte, 0, 64*len(ev))
	b = append(b, '[')
	for i, e := range ev {
		if !utf8.ValidString(e.Rule) || !utf8.ValidString(e.Match) || !utf8.ValidString(e.Field) {
			j, _ := json.Marshal(ev) // replaces invalid bytes; cannot fail on strings and floats
			return string(j)
		}
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"rule":`...)
		b = appendJSONString(b, e.Rule)
		b = append(b, `,"match":`...)
		b = appendJSONString(b, e.Match)
		b = append(b, `,"field":`...)
		b = appendJSONString(b, e.Field)
		if e.Score != 0 {
			j, _ := json.Marshal(e.Score) // json's own float format
			b = append(b, `,"score":`...)
			b = append(b, j...)
		}
		b = append(b, '}')
	}
	return string(append(b, ']'))
}

// appendJSONString appends s, valid UTF-8, as a JSON string escaped the way encoding/json
// escapes it (HTML characters and the line separators included).
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c == '\n':
			b = append(b, '\\', 'n')
		case c == '\r':
			b = append(b, '\\', 'r')
		case c == '\t':
			b = append(b, '\\', 't')
		case c == '\b':
			b = append(b, '\\', 'b')
		case c == '\f':
			b = append(b, '\\', 'f')
		case c < 0x20 || c == '<' || c == '>' || c == '&':
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		case c < utf8.RuneSelf:
			b = append(b, c)
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == '\u2028' || r == '\u2029' {
				b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			} else {
				b = append(b, s[i:i+size]...)
			}
			i += size
			continue
		}
		i++
	}
	return append(b, '"')
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
