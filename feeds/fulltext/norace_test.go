//go:build !race

package fulltext

const raceEnabled = false
