package parse

import "testing"

func TestAbsoluteRootBase(t *testing.T) {
	for _, c := range []struct{ doc, want string }{
		{`<?xml version="1.0"?><!-- x --><feed xmlns="http://www.w3.org/2005/Atom" xml:base="breves/"><entry/></feed>`,
			`<?xml version="1.0"?><!-- x --><feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://a.example/archives/2026/breves/"><entry/></feed>`},
		{`<feed xml:base='../b?x=1&amp;y=2'>`, `<feed xml:base="https://a.example/archives/b?x=1&amp;y=2">`},
		{`<feed xml:base="https://other.example/">`, `<feed xml:base="https://other.example/">`}, // absolute: as it is
		{`<feed><entry xml:base="sub/"/></feed>`, `<feed><entry xml:base="sub/"/></feed>`},       // not on the root
		{`<feed xmlns="http://www.w3.org/2005/Atom">`, `<feed xmlns="http://www.w3.org/2005/Atom">`},
	} {
		if got := string(absoluteRootBase([]byte(c.doc), "https://a.example/archives/2026/flux.xml")); got != c.want {
			t.Errorf("%s\n got %s\nwant %s", c.doc, got, c.want)
		}
	}
}
