package render

import "testing"

func TestSparkline(t *testing.T) {
	for _, tc := range []struct {
		in   []int
		want string
	}{
		{[]int{0, 0, 0}, "▁▁▁"},
		{[]int{0, 1, 6}, "▁▂█"},
		{[]int{1, 2, 3, 4, 5, 6}, "▂▃▄▅▆█"},
		{[]int{100, 1}, "█▂"},
		{nil, ""},
	} {
		if got := Sparkline(tc.in); got != tc.want {
			t.Errorf("Sparkline(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
