package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"veille/feeds"
	"veille/feeds/stories"
	"veille/storage"
	"veille/ui"
	"veille/ui/render"
)

// The story commands (stories, trends, restory) and the story pass that runs after every
// refresh.

// defaultTrendWeeks is how many weeks `veille trends` and the Débat tab show.
const defaultTrendWeeks = 12

// storyTerms is how many shared terms a story shows as its evidence.
const storyTerms = 12

// storyPass places the articles that have no story yet: after every refresh (fetch and the
// reader's), before anything reads the lists again. VEILLE_NO_STORIES=1 skips it: a switch
// for benchmarks (bench/run.sh times a refresh with and without it) and debugging; the
// articles wait in story_todo for the next pass that runs.
func (a *app) storyPass(ctx context.Context, store *storage.Store) (stories.Summary, error) {
	if a.noStories() {
		return stories.Summary{}, nil
	}
	return (&stories.Pass{Store: store, Prepared: a.prep}).Run(ctx)
}

func (a *app) noStories() bool { return a.getenv("VEILLE_NO_STORIES") == "1" }

// prepareStories has the saves of the refresh about to run hand their new articles to the
// story pass's Prepare, which reads their features while the other feeds are fetched and
// saved, instead of after them.
func (a *app) prepareStories(store *storage.Store) {
	if a.prep != nil || a.noStories() {
		return
	}
	a.prep = &stories.Prepare{}
	store.SetStoryInputs(a.prep.Add)
}

// stories prints the stories with an article matching the query, newest first.
func (a *app) stories(ctx context.Context, terms []string) error {
	q, store, limit, err := a.listing(ctx, terms)
	if err != nil {
		return err
	}
	var list []feeds.Story
	var after *feeds.ArticleCursor
	seen := map[int64]bool{}
	for {
		want := limit - len(list)
		if limit == 0 {
			want = 500
		}
		page, next, err := store.ListStories(ctx, q, want, after, seen)
		if err != nil {
			return err
		}
		for _, st := range page {
			seen[st.ID] = true
		}
		list = append(list, page...)
		if next == nil || (limit > 0 && len(list) >= limit) {
			break
		}
		after = next
	}
	if a.opts.json {
		return a.printStoriesJSON(list)
	}
	if len(list) == 0 {
		fmt.Fprintln(a.stderr, a.lang.T("stories.none"))
		return nil
	}
	w := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	for _, st := range list {
		mark := "•"
		if st.Read() {
			mark = " "
		}
		fmt.Fprintf(w, "%d\t%s %s\t%s\t%s\t%s%s\n", st.ID, mark, st.Updated.Local().Format("2006-01-02 15:04"),
			a.lang.N("stories.source", "stories.sources", st.Sources), ui.StanceMark(st.Stance), truncate(st.Title, 90), tagList(st.Tags))
	}
	return w.Flush()
}

func tagList(tags []string) string {
	if len(tags) == 0 {
		return ""
	}
	return "  [" + strings.Join(tags, " ") + "]"
}

// jsonStory is the stable shape of `stories --json`.
type jsonStory struct {
	ID       int64              `json:"id"`
	Title    string             `json:"title"`
	Updated  string             `json:"updated"`
	Tags     []string           `json:"tags"`
	Stance   string             `json:"stance"`
	Terms    []jsonTerm         `json:"terms"`
	Articles []jsonStoryArticle `json:"articles"`
}

type jsonTerm struct {
	Term   string  `json:"term"`
	Weight float64 `json:"weight"`
}

type jsonStoryArticle struct {
	ID        int64  `json:"id"`
	Feed      string `json:"feed"`
	Title     string `json:"title"`
	URL       string `json:"url"`
	Published string `json:"published"`
}

func (a *app) printStoriesJSON(list []feeds.Story) error {
	out := make([]jsonStory, len(list))
	for i, st := range list {
		js := jsonStory{ID: st.ID, Title: st.Title, Updated: st.Updated.Format(time.RFC3339), Tags: st.Tags,
			Stance: string(st.Stance), Terms: []jsonTerm{}, Articles: []jsonStoryArticle{}}
		if js.Tags == nil {
			js.Tags = []string{}
		}
		for _, t := range st.SharedTerms(storyTerms) {
			js.Terms = append(js.Terms, jsonTerm{Term: t.Label(), Weight: round3(t.Weight)})
		}
		for _, art := range st.Articles {
			js.Articles = append(js.Articles, jsonStoryArticle{ID: art.ID, Feed: art.FeedTitle, Title: art.Title,
				URL: art.URL, Published: art.Published.Format(time.RFC3339)})
		}
		out[i] = js
	}
	enc := json.NewEncoder(a.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func round3(f float64) float64 {
	return float64(int64(f*1000+0.5)) / 1000
}

// TrendsOf reads the per-tag weekly counts of the weeks weeks ending with the current one:
// the numbers `veille trends` prints and the Débat tab draws.
func TrendsOf(ctx context.Context, store interface {
	TagWeeks(ctx context.Context, since, now time.Time, loc *time.Location) ([]feeds.TagWeek, error)
}, now time.Time, weeks int) ([]feeds.Trend, error) {
	first := feeds.TrendStart(now, weeks)
	counts, err := store.TagWeeks(ctx, first, now, now.Location())
	if err != nil {
		return nil, err
	}
	return feeds.Trends(counts, first, weeks), nil
}

// trends prints articles per tag per week, with a sparkline of the same numbers.
func (a *app) trends(ctx context.Context) error {
	store, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	weeks := a.opts.weeks
	if weeks == 0 {
		weeks = defaultTrendWeeks
	}
	ts, err := TrendsOf(ctx, store, a.now, weeks)
	if err != nil {
		return err
	}
	if a.opts.json {
		type jsonTrend struct {
			Tag    string   `json:"tag"`
			Weeks  []string `json:"weeks"`
			Counts []int    `json:"counts"`
			Total  int      `json:"total"`
		}
		out := make([]jsonTrend, len(ts))
		for i, t := range ts {
			jt := jsonTrend{Tag: t.Tag, Counts: t.Counts, Total: t.Total()}
			for _, w := range t.Weeks {
				jt.Weeks = append(jt.Weeks, w.Format("2006-01-02"))
			}
			out[i] = jt
		}
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	if len(ts) == 0 {
		fmt.Fprintln(a.stderr, a.lang.T("trends.none"))
		return nil
	}
	first := feeds.TrendStart(a.now, weeks)
	fmt.Fprintln(a.stdout, a.lang.T("trends.header", weeks, first.Format("2006-01-02")))
	w := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	for _, t := range ts {
		nums := make([]string, len(t.Counts))
		for i, c := range t.Counts {
			nums[i] = fmt.Sprint(c)
		}
		fmt.Fprintf(w, "%s\t%s\t%d\t%s\n", t.Tag, render.Sparkline(t.Counts), t.Total(), strings.Join(nums, " "))
	}
	return w.Flush()
}

// restory rebuilds every story from scratch, or with --dry-run shows what that would change.
func (a *app) restory(ctx context.Context) error {
	store, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	rep, err := stories.Rebuild(ctx, store, stories.Default, a.opts.dryRun)
	if err != nil {
		return err
	}
	key := "restory.done"
	if a.opts.dryRun {
		key = "restory.dry"
	}
	line := a.lang.T(key, rep.Articles, rep.Before, rep.Stories, len(rep.Merges), len(rep.Splits))
	if a.opts.dryRun && len(rep.Merges)+len(rep.Splits) > 0 {
		line += a.lang.T("restory.list") // what follows is the list
	}
	fmt.Fprintln(a.stdout, line)
	a.printChanges("restory.merge", rep.Merges)
	a.printChanges("restory.split", rep.Splits)
	return nil
}

// printChanges lists the first 20 merges or splits of a rebuild, each with its stories' titles.
func (a *app) printChanges(key string, chs []stories.Change) {
	for i, ch := range chs {
		if i == 20 {
			fmt.Fprintln(a.stdout, "  "+a.lang.T("restory.more", len(chs)-i))
			return
		}
		fmt.Fprintln(a.stdout, "  "+a.lang.T(key, truncate(ch.Title, 90), len(ch.Titles)))
		for _, t := range ch.Titles {
			fmt.Fprintln(a.stdout, "      "+truncate(t, 96))
		}
	}
}
