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
	for _, sp := range []int{0} {
		for _, tw := range []float64{3, 4, 5} {
			for _, boost := range []float64{1, 1.5, 2} {
				for _, join := range []float64{0.3, 0.32, 0.34, 0.36} {
					for _, rest := range []float64{0.03, 0.05, 0.08} {
						p := Default
						p.EntityBoost, p.Join, p.Rest, p.StemPrefix, p.TitleWeight = boost, join, rest, sp, tw
						c := pairwise(t, dev, clusterAll(dev, p), false)
						t.Logf("stem %d title %.1f boost %.1f join %.2f rest %.2f: precision %.3f recall %.3f",
							sp, tw, boost, join, rest, c.precision(), c.recall())
					}
				}
			}
		}
	}
}
