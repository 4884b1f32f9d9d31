package stories

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"veille/feeds"
	"veille/feeds/tagging"
)

// labelledArticle is one line of the labelled set.
type labelledArticle struct {
	story string // "" for a single article
	art   feeds.Article
	line  int
}

func loadStories(t testing.TB, path string) []labelledArticle {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []labelledArticle
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, " | ")
		if len(parts) != 5 {
			t.Fatalf("%s:%d: want 5 fields separated by \" | \", got %d", path, n, len(parts))
		}
		pub, err := time.Parse("2006-01-02 15:04", strings.TrimSpace(parts[1]))
		if err != nil {
			t.Fatalf("%s:%d: %v", path, n, err)
		}
		story := strings.TrimSpace(parts[0])
		if story == "-" {
			story = ""
		}
		out = append(out, labelledArticle{story: story, line: n, art: feeds.Article{
			ID: int64(len(out) + 1), FeedTitle: strings.TrimSpace(parts[2]), Title: strings.TrimSpace(parts[3]),
			Summary: strings.TrimSpace(parts[4]), Published: pub}})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// clusterAll runs the method over a set as Rebuild does: document frequencies over the whole
// set first, then the articles in publication order.
func clusterAll(items []labelledArticle, p Params) []int {
	feats := make([][]Feature, len(items))
	df := background(p)
	for i := range items {
		feats[i] = Features(&items[i].art, p)
		df.Add(feats[i])
	}
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return items[order[a]].art.Published.Before(items[order[b]].art.Published) })
	c := NewClusterer(p, df, nil)
	got := make([]int, len(items))
	for _, i := range order {
		got[i] = c.Place(&items[i].art, Vectorize(feats[i], df, p)).Story
	}
	return got
}

// background counts the document frequencies of feeds/tagging's labelled headlines, so that
// the weights of the test resemble those of a cache of thousands of articles, where « Apple »
// or « modèle » are common, rather than those of the few articles under test alone. They are a
// frozen copy (testdata/background.txt): the tagging data grows with every round, and the
// story figures must not move with it.
func background(p Params) *MapDF {
	df := &MapDF{}
	for _, path := range []string{"testdata/background.txt"} {
		b, err := os.ReadFile(path)
		if err != nil {
			panic(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			parts := strings.Split(line, " | ")
			if strings.HasPrefix(line, "#") || len(parts) != 5 {
				continue
			}
			df.Add(Features(&feeds.Article{Title: parts[1], Summary: parts[2]}, p))
		}
	}
	return df
}

type pairCounts struct{ tp, fp, fn int }

func (c pairCounts) precision() float64 {
	if c.tp+c.fp == 0 {
		return 1
	}
	return float64(c.tp) / float64(c.tp+c.fp)
}

func (c pairCounts) recall() float64 {
	if c.tp+c.fn == 0 {
		return 1
	}
	return float64(c.tp) / float64(c.tp+c.fn)
}

// pairwise scores "same story" over every pair of articles.
func pairwise(t *testing.T, items []labelledArticle, got []int, verbose bool) pairCounts {
	var c pairCounts
	for i := range items {
		for j := i + 1; j < len(items); j++ {
			want := items[i].story != "" && items[i].story == items[j].story
			same := got[i] == got[j]
			switch {
			case want && same:
				c.tp++
			case same:
				c.fp++
				if verbose {
					t.Logf("wrongly together: line %d %q / line %d %q", items[i].line, items[i].art.Title, items[j].line, items[j].art.Title)
				}
			case want:
				c.fn++
				if verbose {
					t.Logf("wrongly apart: line %d %q / line %d %q", items[i].line, items[i].art.Title, items[j].line, items[j].art.Title)
				}
			}
		}
	}
	return c
}

func describe(items []labelledArticle) string {
	stories := map[string]int{}
	singles := 0
	for _, it := range items {
		if it.story == "" {
			singles++
		} else {
			stories[it.story]++
		}
	}
	return fmt.Sprintf("%d articles: %d stories, %d single articles", len(items), len(stories), singles)
}

// Targets of the issue: precision 0.95 and recall 0.90 of "same story".
const (
	wantPrecision = 0.95
	wantRecall    = 0.90
)

// heldOutFloor is what the held-out set scored when it was first run (precision 0.756,
// recall 0.775 before the version rule; 0.886 / 0.775 after it; 0.900 / 0.900 before the
// lexicon). Both held-out sets have since been read, so they are regression guards now, not
// blind measures: the floors are what the method frozen for held-out 3 scores on them
// (held-out 1: 0.878 / 0.900, three pairs of one MacBook story and another MacBook article
// now wrongly together; held-out 2: 1.000 / 0.907), and a change that does worse fails.
var heldOutFloor = [2]float64{0.87, 0.90}

// heldOut2Floor is the second held-out batch's (testdata/heldout2.txt): 1.000 / 0.693 when
// first run, 1.000 / 0.907 with the lexicon. See heldOutFloor.
var heldOut2Floor = [2]float64{1.0, 0.90}

// heldOut3Floor is the third held-out batch's (testdata/heldout3.txt, written blind after
// the freeze at 4274374): precision 0.842, recall 0.356 when first run with that method.
// Its misses have been read since (see the package doc); the floor is what the method frozen
// for held-out 4 scores on it, 0.895 / 0.567.
var heldOut3Floor = [2]float64{0.89, 0.56}

// joinSets puts labelled sets together, their story labels kept apart (batches reuse m01…).
func joinSets(sets ...[]labelledArticle) []labelledArticle {
	var all []labelledArticle
	for i, set := range sets {
		for _, it := range set {
			if it.story != "" {
				it.story = fmt.Sprintf("%d/%s", i, it.story)
			}
			all = append(all, it)
		}
	}
	return all
}

// heldOut5Floor is the fifth batch's (testdata/heldout5.txt), scored once with the method
// frozen at 6daab16: precision 0.810, recall 0.198. Its misses, and batch 6's, were read on
// 2026-12-04 for rules that did not generalise (see heldOut7Floor): regression guards now.
var heldOut5Floor = [2]float64{0.80, 0.19}

// heldOut6Floor is the sixth batch's (testdata/heldout6.txt, September–October 2026, written
// blind by a writer asked for headlines as outlets write them: most name the company, some a
// leader or a paraphrase), scored once with the method frozen at 6daab16: precision 0.938,
// recall 0.506. Read since, with batch 5.
var heldOut6Floor = [2]float64{0.93, 0.50}

// heldOut7Floor is the seventh batch's (testdata/heldout7.txt, November–December 2026, the same
// brief as batch 6, another blind writer). Rules drawn from batches 5 and 6 (a Roman numeral as
// a version, a police-takedown concept, city nicknames for their companies) were frozen first
// and scored 0.903 / 0.364 on it; the method of 6daab16 scored 0.933 / 0.364: no pair more
// found, one trap more joined (GTA VI's sales record and its bug fix), so the rules were
// reverted. The floor is 6daab16's first run. Not studied.
var heldOut7Floor = [2]float64{0.93, 0.36}

// TestQuality reports pairwise precision and recall of "same story" on the development set,
// where it fails under the targets, and on the held-out set, written after the thresholds
// were tuned, where it fails under the measured floor.
func TestQuality(t *testing.T) {
	dev := loadStories(t, "testdata/labelled.txt")
	held := loadStories(t, "testdata/heldout.txt")
	held2 := loadStories(t, "testdata/heldout2.txt")
	held3 := loadStories(t, "testdata/heldout3.txt")
	held5 := loadStories(t, "testdata/heldout5.txt")
	held6 := loadStories(t, "testdata/heldout6.txt")
	held7 := loadStories(t, "testdata/heldout7.txt")
	// Batch 5 tells some of batch 3's news (the same brief, the same weeks) under other labels:
	// it stays out of the whole, and so do batches 6 and 7, written later to the same brief.
	all := joinSets(dev, held, held2, held3)
	for _, set := range []struct {
		name  string
		items []labelledArticle
		p, r  float64
	}{{"development", dev, wantPrecision, wantRecall}, {"held-out", held, heldOutFloor[0], heldOutFloor[1]},
		{"held-out 2", held2, heldOut2Floor[0], heldOut2Floor[1]}, {"held-out 3", held3, heldOut3Floor[0], heldOut3Floor[1]},
		{"held-out 5", held5, heldOut5Floor[0], heldOut5Floor[1]}, {"held-out 6", held6, heldOut6Floor[0], heldOut6Floor[1]},
		{"held-out 7", held7, heldOut7Floor[0], heldOut7Floor[1]},
		{"all", all, 0, 0}} {
		got := clusterAll(set.items, Default)
		c := pairwise(t, set.items, got, testing.Verbose() && set.name != "all")
		t.Logf("%s (%s): precision %.3f, recall %.3f (pairs: %d right, %d wrongly together, %d wrongly apart)",
			set.name, describe(set.items), c.precision(), c.recall(), c.tp, c.fp, c.fn)
		if c.precision() < set.p || c.recall() < set.r {
			t.Errorf("%s: precision %.3f / recall %.3f, want ≥ %.2f / ≥ %.2f", set.name, c.precision(), c.recall(), set.p, set.r)
		}
		if strings.HasPrefix(set.name, "held-out") && (c.precision() < wantPrecision || c.recall() < wantRecall) {
			t.Logf("held-out: below the issue's targets (%.2f / %.2f)", wantPrecision, wantRecall)
		}
	}
}

// BenchmarkFeatures reads the terms of every labelled and background article: Features runs
// for each new article of a refresh, so its cost per article is the refresh's.
func BenchmarkFeatures(b *testing.B) {
	var arts []feeds.Article
	for _, path := range []string{"testdata/labelled.txt", "testdata/heldout.txt", "testdata/heldout2.txt"} {
		for _, it := range loadStories(b, path) {
			arts = append(arts, it.art)
		}
	}
	bg, err := os.ReadFile("testdata/background.txt")
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(bg), "\n") {
		if parts := strings.Split(line, " | "); !strings.HasPrefix(line, "#") && len(parts) == 5 {
			arts = append(arts, feeds.Article{Title: parts[1], Summary: parts[2]})
		}
	}
	// The refresh has the tagger loaded (Features reads its entity table too): its tables are
	// in the heap, and the collector's work over them is part of every refresh's, not this.
	tagging.Entities()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a := &arts[i%len(arts)]
		Features(a, Default)
	}
}

// TestLexicon checks lexicon.toml: it parses, and no member of several words comes down to
// one word once stop words are dropped (« visé par » would be « vise », in every headline).
func TestLexicon(t *testing.T) {
	if _, err := parseLexicon(lexiconTOML); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(lexiconTOML, "\n") {
		if l := strings.TrimSpace(line); strings.HasPrefix(l, "#") || strings.HasPrefix(l, "name") || strings.HasPrefix(l, "shown") {
			continue
		}
		for _, q := range strings.Split(line, `"`)[1:] {
			m := strings.Split(q, " + ")[0]
			if !strings.Contains(m, " ") || strings.Contains(m, "=") || strings.HasPrefix(m, ",") || strings.TrimSpace(m) == "" {
				continue
			}
			words := 0
			tagging.Words(m, func(tagging.Word) { words++ })
			if keys := lexKeys(collect(m), nil); len(keys) < 2 && words > 1 && !strings.HasPrefix(m, "en ") {
				t.Errorf("lexicon.toml: %q is the one word %q", m, keys)
			}
		}
	}
}
