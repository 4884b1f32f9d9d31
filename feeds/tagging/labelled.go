package tagging

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Labelled is one hand-labelled headline of the quality set (testdata/labelled.txt and
// testdata/heldout.txt): what the statistical layer is trained on and the rules are measured on.
type Labelled struct {
	Line                   int
	Outlet, Title, Summary string
	Categories             []string
	Tags                   []string // expected tags
}

// AIOnlyOutlets are the outlets of the labelled set that are AI-only feeds (Feed.AIOnly).
var AIOnlyOutlets = map[string]bool{"ActuIA": true, "LeBigData": true}

// ReadLabelled reads a labelled file: one item per line, five fields separated by " | "
// (outlet, title, summary, categories separated by ";", tags or "-"); "#" starts a comment.
func ReadLabelled(r io.Reader) ([]Labelled, error) {
	var out []Labelled
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, " | ")
		if len(parts) != 5 {
			return nil, fmt.Errorf("line %d: want 5 fields separated by \" | \", got %d", n, len(parts))
		}
		it := Labelled{Line: n, Outlet: strings.TrimSpace(parts[0]), Title: strings.TrimSpace(parts[1]),
			Summary: strings.TrimSpace(parts[2])}
		for _, c := range strings.Split(parts[3], ";") {
			if c = strings.TrimSpace(c); c != "" {
				it.Categories = append(it.Categories, c)
			}
		}
		for _, tag := range strings.Fields(parts[4]) {
			if tag != "-" {
				it.Tags = append(it.Tags, tag)
			}
		}
		out = append(out, it)
	}
	return out, sc.Err()
}
