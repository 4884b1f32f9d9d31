package feeds

import (
	"sort"
	"time"
)

// Trends and the open-versus-proprietary debate: the figures that `veille trends`, the
// reader's Débat tab and its sparklines share, so that they always say the same numbers.

// WeekStart is Monday 00:00 in loc of the week holding t: where weekly counts start.
func WeekStart(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	y, m, d := t.Date()
	return time.Date(y, m, d-(int(t.Weekday())+6)%7, 0, 0, 0, 0, loc)
}

// TrendStart is the first of the n weeks that end with the one holding now.
func TrendStart(now time.Time, n int) time.Time {
	return WeekStart(now, now.Location()).AddDate(0, 0, -7*(n-1))
}

// Trend is one tag's articles per week, oldest week first.
type Trend struct {
	Tag    string
	Weeks  []time.Time // Monday 00:00 of each week
	Counts []int
}

// Total is the trend's article count over its weeks.
func (t Trend) Total() int {
	n := 0
	for _, c := range t.Counts {
		n += c
	}
	return n
}

// leadTags come first in trends, in this order: the debate's own tags.
var leadTags = []string{TagArtificialAI, TagOpenSource, TagProprietary, "regulation"}

// Trends lays per-week tag counts out as one row per tag over the n weeks that start at first
// (every week present, zero when no article): the lead tags first, then the others by total.
func Trends(counts []TagWeek, first time.Time, n int) []Trend {
	weeks := make([]time.Time, n)
	for i := range weeks {
		weeks[i] = first.AddDate(0, 0, 7*i)
	}
	byTag := map[string]*Trend{}
	for _, c := range counts {
		t := byTag[c.Tag]
		if t == nil {
			t = &Trend{Tag: c.Tag, Weeks: weeks, Counts: make([]int, n)}
			byTag[c.Tag] = t
		}
		for i, w := range weeks {
			if w.Equal(c.Week) {
				t.Counts[i] += c.Count
			}
		}
	}
	rank := map[string]int{}
	for i, t := range leadTags {
		rank[t] = i + 1
	}
	var out []Trend
	for _, t := range byTag {
		out = append(out, *t)
	}
	sort.Slice(out, func(i, j int) bool {
		ri, rj := rank[out[i].Tag], rank[out[j].Tag]
		switch {
		case ri != 0 && rj != 0:
			return ri < rj
		case ri != 0 || rj != 0:
			return ri != 0
		case out[i].Total() != out[j].Total():
			return out[i].Total() > out[j].Total()
		}
		return out[i].Tag < out[j].Tag
	})
	return out
}

// Side is one side of the debate: its stories and the names its stories cite most.
type Side struct {
	Stance  Stance
	Stories []Story
	Names   []NameCount // companies, models, people, most cited first
}

// NameCount is a name and the number of stories of a side that cite it.
type NameCount struct {
	Name  string
	Count int
}

// Debate splits stories by stance (open, proprietary, both; stories without a stance are left
// out) and counts, per side, the names in their centroids, each story counting a name once.
func Debate(stories []Story, names int) []Side {
	sides := []Side{{Stance: StanceOpen}, {Stance: StanceProprietary}, {Stance: StanceBoth}}
	for _, st := range stories {
		for i := range sides {
			if sides[i].Stance == st.Stance {
				sides[i].Stories = append(sides[i].Stories, st)
			}
		}
	}
	for i := range sides {
		count := map[string]int{}
		shown := map[string]string{}
		for _, st := range sides[i].Stories {
			for _, t := range st.Centroid {
				if !t.Entity || len(t.Term) < 2 || debateNoise[t.Term] || versioned(st.Centroid, t.Term) {
					continue
				}
				count[t.Term]++
				if _, ok := shown[t.Term]; !ok {
					shown[t.Term] = t.Label()
				}
			}
		}
		var ns []NameCount
		for t, c := range count {
			ns = append(ns, NameCount{Name: shown[t], Count: c})
		}
		sort.Slice(ns, func(a, b int) bool {
			if ns[a].Count != ns[b].Count {
				return ns[a].Count > ns[b].Count
			}
			return ns[a].Name < ns[b].Name
		})
		if len(ns) > names {
			ns = ns[:names]
		}
		sides[i].Names = ns
	}
	return sides
}

// debateNoise are names every AI story carries: they say nothing about a side.
var debateNoise = map[string]bool{"ia": true, "ai": true, "llm": true}

// versioned reports a name the centroid also holds with a version (« Llama » beside
// « Llama 5 »): the versioned form says it better.
func versioned(cs []StoryTerm, name string) bool {
	for _, t := range cs {
		if len(t.Term) > len(name)+1 && t.Entity && t.Term[:len(name)] == name && (t.Term[len(name)] == ' ' || t.Term[len(name)] == '-') {
			return true
		}
	}
	return false
}
