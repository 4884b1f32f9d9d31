//go:build race

package fulltext

const raceEnabled = true
