package lang

import "testing"

func TestReaderMessagesAreOwn(t *testing.T) {
	for k, v := range readerMessages {
		if catalog[k] != v {
			t.Errorf("message %q is also in the shared catalog with another text", k)
		}
		if v.fr == "" || v.en == "" {
			t.Errorf("message %q lacks a language", k)
		}
	}
}
