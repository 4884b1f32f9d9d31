package storage

import (
	"encoding/json"
	"strings"
	"testing"

	"veille/feeds"
)

// TestEncodeEvidence checks the hand-written encoder against encoding/json, byte for byte,
// on every ASCII byte, French text, the JSON line separators and invalid UTF-8.
func TestEncodeEvidence(t *testing.T) {
	var ascii strings.Builder
	for c := 0; c < 0x80; c++ {
		ascii.WriteByte(byte(c))
	}
	cases := [][]feeds.Evidence{
		{{Rule: "ia", Match: "intelligence artificielle", Field: "title"}},
		{{Rule: ascii.String(), Match: "« l’IA » — déjà\u2028là\u2029", Field: "summary"},
			{Rule: "model", Match: "", Field: "model", Score: 0.8734},
			{Rule: "x", Match: "1e-7", Field: "learned", Score: 1e-7},
			{Rule: "x", Match: "big", Field: "learned", Score: 1e21}},
		{{Rule: "bad\xffutf8", Match: "\xc3", Field: "content"}},
	}
	for _, ev := range cases {
		want, err := json.Marshal(ev)
		if err != nil {
			t.Fatal(err)
		}
		if got := encodeEvidence(ev); got != string(want) {
			t.Errorf("encodeEvidence:\n got %s\nwant %s", got, want)
		}
		if back := decodeEvidence(encodeEvidence(ev)); len(back) != len(ev) {
			t.Errorf("decoded %d evidence, want %d", len(back), len(ev))
		}
	}
}
