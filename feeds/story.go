package feeds

import "time"

// Stories: the articles of several outlets about one piece of news, grouped by feeds/stories.
// A story's reading state, tags and stance are derived from its articles when it is listed,
// never stored: user state lives on articles only.

// Stance is where a story sits on the open-source versus proprietary axis.
type Stance string

const (
	StanceNone        Stance = ""
	StanceOpen        Stance = "open"
	StanceProprietary Stance = "proprietary"
	StanceBoth        Stance = "both"
)

// Tag names the stance is derived from (folded, as stored).
const (
	TagOpenSource   = "open-source"
	TagProprietary  = "proprietaire"
	TagArtificialAI = "ia"
)

// StanceOf derives a stance from the tags of a story's articles: open when one carries
// open-source, proprietary when one carries proprietaire, both when both sides are there.
// Tags the user removed do not count; tags the user added do.
func StanceOf(arts []Article) Stance {
	open, prop := false, false
	for _, a := range arts {
		for _, t := range a.Tags {
			if t.Removed {
				continue
			}
			switch t.Name {
			case TagOpenSource:
				open = true
			case TagProprietary:
				prop = true
			}
		}
	}
	switch {
	case open && prop:
		return StanceBoth
	case open:
		return StanceOpen
	case prop:
		return StanceProprietary
	}
	return StanceNone
}

// StoryTerm is one feature of a story's centroid: a folded word or name, the form it was
// first seen in, its summed weight over the story's articles and how many of them have it.
type StoryTerm struct {
	Term   string  `json:"t"`
	Shown  string  `json:"s,omitempty"` // as written, when it differs from Term
	Weight float64 `json:"w"`
	Docs   int     `json:"n"`
	Entity bool    `json:"e,omitempty"` // a name: company, model, person
}

// Label is the term as a reader wants to see it.
func (t StoryTerm) Label() string {
	if t.Shown != "" {
		return t.Shown
	}
	return t.Term
}

// Story is one story: its stored part (ID, Title, Updated, Centroid) and, from listings, its
// articles and what derives from them.
type Story struct {
	ID       int64
	Title    string    // the title of its most representative article
	Updated  time.Time // the newest article's publication
	Size     int       // articles assigned, as stored
	Centroid []StoryTerm
	// TitleScore is how close the title's article was to the story when it joined: a later
	// article closer than that gives its title.
	TitleScore float64

	// Filled by listings.
	Articles []Article // newest first: ID, FeedID, FeedTitle, Title, URL, Published, Read, Starred, Tags
	Sources  int       // distinct feeds
	Unread   int
	Tags     []string // tags carried by any article, most frequent first
	Stance   Stance
}

// Read reports a story as read when every article is: a new article joining a read story
// makes it unread again.
func (s Story) Read() bool { return s.Unread == 0 }

// SharedTerms is why the story's articles were grouped: the centroid's terms that at least two
// of its articles have (every term for a story of one article), heaviest first, at most n.
func (s Story) SharedTerms(n int) []StoryTerm {
	var out []StoryTerm
	for _, t := range s.Centroid {
		if t.Docs >= 2 || s.Size <= 1 {
			out = append(out, t)
		}
	}
	// The centroid is kept heaviest first by feeds/stories; keep that order.
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

// StoryAssignment puts one article in a story.
type StoryAssignment struct {
	ArticleID int64
	StoryID   int64 // < 0: the new story of that index in StoryBatch.Stories (-1 is the first)
}

// TagWeek is how many articles carried a tag in one week (Monday 00:00 local time).
type TagWeek struct {
	Tag   string
	Week  time.Time
	Count int
}

// StoryBatch is what one story pass writes, in one transaction: new and changed stories, the
// articles' stories, and the growth of the document frequencies.
type StoryBatch struct {
	Stories []Story // ID 0: a new story, referred to by Assign as -(index+1); else an update
	Assign  []StoryAssignment
	DF      map[string]int // folded term → articles newly counted with it
	Docs    int            // articles newly counted
}
