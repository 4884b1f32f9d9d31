// Package growth tells tests how a function's cost grows with its input, in a measure that does
// not depend on the machine's load: the memory it allocates. A blow-up guard compares an
// input with one twice its size; copying that grows with the square of the input quadruples
// the allocations where linear work doubles them.
package growth

import (
	"runtime"
	"runtime/debug"
)

// Allocated is the number of bytes f allocates, run once on the calling goroutine.
func Allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// Ratio is how many times more f allocates on an input of size 2n than of size n (gen builds
// the input of a size). Code under test may keep buffers in a sync.Pool, so a run allocates
// less when it finds one the right size: each input runs three times, with no collection
// meanwhile (which would empty the pools at moments that vary), and the ratio takes the most
// the small input allocated and the least the large one did. Reuse can thus only hide growth
// that is less than quadratic.
func Ratio[T any](n int, gen func(n int) T, f func(T)) (ratio float64, small, large uint64) {
	a, b := gen(n), gen(2*n)
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	large = ^uint64(0)
	for range 3 {
		small = max(small, Allocated(func() { f(a) }))
		large = min(large, Allocated(func() { f(b) }))
	}
	return float64(large) / float64(max(small, 1)), small, large
}
