package stories

import (
	"os"
	"strconv"
	"testing"
)

// TestSweep prints precision and recall over a grid of thresholds on the sets that have been
// read (development, held-out 1 to 3): it is how Default was chosen. It runs only with
// VEILLE_STORY_SWEEP=1, and never on a batch still blind (held-out 5 and 6 are left out).
func TestSweep(t *testing.T) {
	if os.Getenv("VEILLE_STORY_SWEEP") == "" {
		t.Skip("set VEILLE_STORY_SWEEP=1")
	}
	var sets [][]labelledArticle
	for _, path := range []string{"testdata/labelled.txt", "testdata/heldout.txt", "testdata/heldout2.txt", "testdata/heldout3.txt"} {
		sets = append(sets, loadStories(t, path))
	}
	for _, join := range []float64{0.30, 0.33} {
		for _, ej := range []float64{0.5, 0.55, 0.6} {
			for _, nj := range []float64{0, 0.15, 0.2, 0.25} {
				for _, bare := range []float64{0.25} {
					p := Default
					p.Join, p.EventJoin, p.EventNameJoin, p.BareJoin = join, ej, nj, bare
					line := ""
					var tp, fp, fn int
					for _, set := range sets {
						c := pairwise(t, set, clusterAll(set, p), false)
						tp, fp, fn = tp+c.tp, fp+c.fp, fn+c.fn
						line += fmtPR(c)
					}
					all := pairCounts{tp, fp, fn}
					t.Logf("join %.2f event %.2f eventname %.2f bare %.2f:%s | all%s", join, ej, nj, bare, line, fmtPR(all))
				}
			}
		}
	}
}

func fmtPR(c pairCounts) string {
	return " " + ftoa3(c.precision()) + "/" + ftoa3(c.recall())
}

func ftoa3(f float64) string { return strconv.FormatFloat(f, 'f', 3, 64) }
