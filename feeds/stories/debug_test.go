package stories

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
)

func TestDebugVec(t *testing.T) {
	lines := os.Getenv("DBG")
	if lines == "" {
		t.Skip()
	}
	file := os.Getenv("DBGFILE")
	if file == "" {
		file = "testdata/labelled.txt"
	}
	items := loadStories(t, file)
	df := background(Default)
	for i := range items {
		df.Add(Features(&items[i].art, Default))
	}
	for _, l := range strings.Split(lines, ",") {
		n, _ := strconv.Atoi(l)
		for _, it := range items {
			if it.line == n {
				v := Vectorize(Features(&it.art, Default), df, Default)
				var b strings.Builder
				for _, x := range v.Terms {
					fmt.Fprintf(&b, "%s%s:%.2f ", x.Term, map[bool]string{true: "*"}[x.Entity], x.Weight)
				}
				t.Logf("%d %s", n, b.String())
			}
		}
	}
}
