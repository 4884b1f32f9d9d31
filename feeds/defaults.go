package feeds

import (
	"bytes"
	_ "embed"
	"sync"
)

// defaultsOPML is the embedded default subscription list: the French tech press in French
// folders, plus an "Intelligence artificielle" folder of AI-only feeds (veille:aiOnly).
//
//go:embed defaults.opml
var defaultsOPML []byte

var defaultFeedsOnce = sync.OnceValue(func() []Feed {
	fs, err := ParseOPML(bytes.NewReader(defaultsOPML))
	if err != nil {
		return nil // cannot happen: TestDefaultFeeds parses the embedded file
	}
	return fs
})

// DefaultFeeds returns the embedded default subscriptions, in the order of defaults.opml
// (folder by folder), each with a Title, SiteURL and Category; AI-only feeds have AIOnly set.
// The file is parsed once; every call returns a fresh copy the caller may modify.
func DefaultFeeds() []Feed {
	fs := defaultFeedsOnce()
	out := make([]Feed, len(fs))
	copy(out, fs)
	return out
}

// DefaultOPML returns a copy of the embedded default subscription list as OPML 2.0.
func DefaultOPML() []byte { return bytes.Clone(defaultsOPML) }
