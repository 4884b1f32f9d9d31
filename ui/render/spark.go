package render

// sparkBlocks are the eight heights of a sparkline: block characters every terminal font has,
// readable without colour (NO_COLOR).
var sparkBlocks = []rune("▁▂▃▄▅▆▇█")

// Sparkline draws counts as one block character each, scaled to the largest: an empty week is
// the lowest block, any article at least the second, the largest the full one.
func Sparkline(counts []int) string {
	top := 0
	for _, c := range counts {
		top = max(top, c)
	}
	out := make([]rune, len(counts))
	for i, c := range counts {
		switch {
		case c <= 0:
			out[i] = sparkBlocks[0]
		case top == 1:
			out[i] = sparkBlocks[len(sparkBlocks)-1]
		default: // 1 → the second block, top → the last, linearly between
			out[i] = sparkBlocks[1+(c-1)*(len(sparkBlocks)-2)/(top-1)]
		}
	}
	return string(out)
}
