package stories

import (
	"os"
	"testing"
)

// TestSweep prints precision and recall on the development set over a grid of thresholds. It
// is how Default was chosen; it runs only with VEILLE_STORY_SWEEP=1 and never on the held-out
// set.
func TestSweep(t *testing.T) {
	if os.Getenv("VEILLE_STORY_SWEEP") == "" {
		t.Skip("set VEILLE_STORY_SWEEP=1")
	}
	dev := loadStories(t, "testdata/labelled.txt")
	for _, nj := range []float64{0, 0.35, 0.4, 0.45, 0.5} {
		for _, mn := range []int{2, 3} {
			for _, boost := range []float64{1.5, 2} {
				for _, join := range []float64{0.3, 0.33, 0.36} {
					for _, rest := range []float64{0.03, 0.05, 0.08} {
						p := Default
						p.NamesJoin, p.MinNames, p.EntityBoost, p.Join, p.Rest = nj, mn, boost, join, rest
						c := pairwise(t, dev, clusterAll(dev, p), false)
						t.Logf("names %.2f×%d boost %.1f join %.2f rest %.2f: precision %.3f recall %.3f",
							nj, mn, boost, join, rest, c.precision(), c.recall())
					}
				}
			}
		}
	}
}
