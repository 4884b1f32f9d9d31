package tagging

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"veille/feeds"
	"veille/feeds/parse"
)

// labelled is one hand-labelled headline.
type labelled struct {
	file, outlet, title, summary string
	line                         int
	categories                   []string
	want                         map[string]bool
}

func loadLabelled(t testing.TB, path string) []labelled {
	t.Helper()
	items := readItems(t, path)
	out := make([]labelled, len(items))
	for i, it := range items {
		out[i] = labelled{file: path, line: it.Line, outlet: it.Outlet, title: it.Title, summary: it.Summary,
			categories: it.Categories, want: map[string]bool{}}
		for _, tag := range it.Tags {
			out[i].want[tag] = true
		}
	}
	return out
}

type counts struct{ tp, fp, fn int }

func (c counts) precision() float64 {
	if c.tp+c.fp == 0 {
		return 1
	}
	return float64(c.tp) / float64(c.tp+c.fp)
}

func (c counts) recall() float64 {
	if c.tp+c.fn == 0 {
		return 1
	}
	return float64(c.tp) / float64(c.tp+c.fn)
}

// evaluate tags every item and counts hits per tag; it returns the mismatches as text.
func evaluate(tg *Tagger, items []labelled, tags []string) (map[string]*counts, []string) {
	res := map[string]*counts{}
	for _, name := range tags {
		res[name] = &counts{}
	}
	var diffs []string
	for _, it := range items {
		// The summary as parse leaves it: outlets' footers cut (three ActuIA items have one).
		summary := parse.FeedText(it.summary)
		a := &feeds.Article{Title: it.title, Summary: summary, Text: summary, Categories: it.categories}
		f := &feeds.Feed{Title: it.outlet, AIOnly: AIOnlyOutlets[it.outlet]}
		got := map[string]feeds.ArticleTag{}
		for _, at := range tg.Tag(a, f) {
			got[at.Name] = at
		}
		var bad []string
		for _, name := range tags {
			c := res[name]
			_, g := got[name]
			w := it.want[name]
			switch {
			case g && w:
				c.tp++
			case g && !w:
				c.fp++
				bad = append(bad, "+"+name+" "+evidenceString(got[name]))
			case !g && w:
				c.fn++
				bad = append(bad, "-"+name)
			}
		}
		if len(bad) > 0 {
			diffs = append(diffs, fmt.Sprintf("%s:%d %s: %s", it.file, it.line, it.title, strings.Join(bad, ", ")))
		}
	}
	return res, diffs
}

func evidenceString(at feeds.ArticleTag) string {
	var parts []string
	for _, e := range at.Evidence {
		parts = append(parts, fmt.Sprintf("%s«%s»(%s)", e.Rule, e.Match, e.Field))
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func resultTable(res map[string]*counts) string {
	names := make([]string, 0, len(res))
	for n := range res {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-14s %5s %5s %5s %9s %7s\n", "tag", "TP", "FP", "FN", "precision", "recall")
	for _, n := range names {
		c := res[n]
		fmt.Fprintf(&b, "%-14s %5d %5d %5d %9.3f %7.3f\n", n, c.tp, c.fp, c.fn, c.precision(), c.recall())
	}
	return b.String()
}

// floors are the quality bar for the tags the reader's default tabs rely on.
var floors = map[string][2]float64{
	"ia": {0.95, 0.90}, "open-source": {0.95, 0.90}, "proprietaire": {0.95, 0.90}, "regulation": {0.95, 0.90},
}

// heldoutFloors guard the held-out figures against regressions, at the level measured when the
// eighth batch was scored (written after f443e02 froze the tuning). The recall of proprietaire
// (0.94) is above the target (0.92) on all held-out batches together; batch 8 alone is
// the honest figure of that round (see the README).
var heldoutFloors = map[string][2]float64{
	"ia": {0.98, 0.98}, "open-source": {0.98, 0.95}, "proprietaire": {0.97, 0.94}, "regulation": {0.99, 0.96},
}

// heldoutBatches splits the held-out items at the "# --- Held out" lines of the file.
func heldoutBatches(t *testing.T, held []labelled) [][]labelled {
	t.Helper()
	raw, err := os.ReadFile("testdata/heldout.txt")
	if err != nil {
		t.Fatal(err)
	}
	var starts []int
	for i, l := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(l, "# --- Held out") {
			starts = append(starts, i+1)
		}
	}
	out := make([][]labelled, len(starts)+1)
	for _, it := range held {
		b := 0
		for b < len(starts) && it.line > starts[b] {
			b++
		}
		out[b] = append(out[b], it)
	}
	return out
}

// TestQuality measures precision and recall per tag on the labelled headlines: the development
// set (testdata/labelled.txt) and the held-out set written after the rules were tuned
// (testdata/heldout.txt), separately and together.
func TestQuality(t *testing.T) {
	tg := New(DefaultRules())
	tags := tg.Rules().Tags()
	dev := loadLabelled(t, "testdata/labelled.txt")
	held := loadLabelled(t, "testdata/heldout.txt")
	if len(dev)+len(held) < 170 {
		t.Fatalf("only %d labelled items, want at least 170", len(dev)+len(held))
	}
	for _, it := range append(append([]labelled{}, dev...), held...) {
		for name := range it.want {
			if _, ok := tg.Rules().tagIndex[name]; !ok {
				t.Fatalf("%s:%d: unknown tag %q", it.file, it.line, name)
			}
		}
	}
	for _, set := range []struct {
		name  string
		items []labelled
	}{{"development", dev}, {"held-out", held}} {
		res, diffs := evaluate(tg, set.items, tags)
		t.Logf("%s set, %d items:%s", set.name, len(set.items), resultTable(res))
		for _, d := range diffs {
			t.Log(d)
		}
	}
	// The held-out file grows in batches, each written after the tuning before it was frozen:
	// each batch is also scored alone (a "# --- Held out" line starts one).
	for i, b := range heldoutBatches(t, held) {
		res, _ := evaluate(tg, b, tags)
		t.Logf("held-out batch %d, %d items:%s", i+1, len(b), resultTable(res))
	}
	heldRes, _ := evaluate(tg, held, tags)
	for name, fl := range heldoutFloors {
		c := heldRes[name]
		if p := c.precision(); p < fl[0] {
			t.Errorf("held-out %s: precision %.3f < %.2f", name, p, fl[0])
		}
		if r := c.recall(); r < fl[1] {
			t.Errorf("held-out %s: recall %.3f < %.2f", name, r, fl[1])
		}
	}
	all := append(append([]labelled{}, dev...), held...)
	res, _ := evaluate(tg, all, tags)
	t.Logf("all %d items:%s", len(all), resultTable(res))
	for name, fl := range floors {
		c := res[name]
		if p := c.precision(); p < fl[0] {
			t.Errorf("%s: precision %.3f < %.2f", name, p, fl[0])
		}
		if r := c.recall(); r < fl[1] {
			t.Errorf("%s: recall %.3f < %.2f", name, r, fl[1])
		}
	}
}
