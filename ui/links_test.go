package ui

import (
	"bytes"
	"encoding/base64"
	"errors"
	"slices"
	"testing"
)

func TestBrowserCommand(t *testing.T) {
	const link = "https://www.numerama.com/a?b=1&c=$(rm -rf ~)"
	all := func(string) bool { return true }
	only := func(names ...string) func(string) bool {
		return func(n string) bool { return slices.Contains(names, n) }
	}
	tests := []struct {
		name, env, goos string
		avail           func(string) bool
		want            []string
	}{
		{"platform linux", "", "linux", all, []string{"xdg-open", link}},
		{"platform mac", "", "darwin", all, []string{"open", link}},
		{"$BROWSER", "firefox", "linux", all, []string{"firefox", link}},
		{"$BROWSER with arguments", "firefox --new-tab", "linux", all, []string{"firefox", "--new-tab", link}},
		{"$BROWSER with %s", "chromium --app=%s", "linux", all, []string{"chromium", "--app=" + link}},
		{"first available of a list", "nope:w3m:firefox", "linux", only("w3m", "firefox"), []string{"w3m", link}},
		{"none available", "nope", "linux", only(), []string{"xdg-open", link}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := browserCommand(link, tc.env, tc.goos, tc.avail)
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestOpenBrowserRefusesNonWebLinks(t *testing.T) {
	for _, link := range []string{"", "javascript:alert(1)", "file:///etc/passwd", "-x", "https://"} {
		if err := openBrowser(link, func(string) string { return "" }); !errors.Is(err, errNotWebLink) {
			t.Errorf("openBrowser(%q) = %v", link, err)
		}
	}
}

func TestCopyOSC52(t *testing.T) {
	const link = "https://next.ink/1"
	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }
	var buf bytes.Buffer
	ok, err := copyOSC52(link, &buf, env(map[string]string{"TERM": "xterm-256color"}))
	if err != nil || !ok {
		t.Fatalf("copy: %v, %v", ok, err)
	}
	if want := "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(link)) + "\x07"; buf.String() != want {
		t.Errorf("wrote %q, want %q", buf.String(), want)
	}
	for _, term := range []string{"", "dumb", "linux"} {
		buf.Reset()
		ok, err := copyOSC52(link, &buf, env(map[string]string{"TERM": term}))
		if ok || err != nil || buf.Len() > 0 {
			t.Errorf("TERM=%q: copied %v, err %v, wrote %q", term, ok, err, buf.String())
		}
	}
}
