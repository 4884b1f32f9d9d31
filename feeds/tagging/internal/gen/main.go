// Command gen trains the statistical layer of the default tags on the labelled headlines and
// writes model.txt, which package tagging embeds. Run it with `go generate ./feeds/tagging`;
// TestModelFresh fails when model.txt is not what it would write.
package main

import (
	"fmt"
	"os"

	"veille/feeds/parse"
	"veille/feeds/tagging"
)

func main() {
	f, err := os.Open("testdata/labelled.txt")
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	items, err := tagging.ReadLabelled(f)
	f.Close()
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen: testdata/labelled.txt:", err)
		os.Exit(1)
	}
	for i := range items {
		items[i].Summary = parse.FeedText(items[i].Summary) // as a refresh stores it
	}
	doc, report := tagging.BuildModel(items)
	if err := os.WriteFile("model.txt", []byte(doc), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	fmt.Fprint(os.Stderr, report)
}
