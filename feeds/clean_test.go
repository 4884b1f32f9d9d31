package feeds

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestCleanText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "L’IA générative", "L’IA générative"},
		{"keeps newlines", "un\ndeux", "un\ndeux"},
		{"tab to space", "a\tb", "a b"},
		{"crlf", "a\r\nb\rc", "a\nb\nc"},
		{"C0 controls", "a\x00b\x07c\x08d\x7fe", "abcde"},
		{"CSI clear screen", "avant\x1b[2Japrès", "avantaprès"},
		{"CSI colour", "\x1b[1;31mrouge\x1b[0m", "rouge"},
		{"CSI private", "a\x1b[?1049hb", "ab"},
		{"OSC 52 clipboard, BEL", "a\x1b]52;c;ZXZpbA==\x07b", "ab"},
		{"OSC 8 hyperlink, ST", "\x1b]8;;https://evil.example\x1b\\lien\x1b]8;;\x1b\\", "lien"},
		{"OSC unterminated loses only its introducer", "a\x1b]0;titre", "a0;titre"},
		{"DCS", "a\x1bPq#0;2;0;0;0\x1b\\b", "ab"},
		{"APC", "a\x1b_Gf=100;AAAA\x1b\\b", "ab"},
		{"charset designation", "a\x1b(Bb", "ab"},
		{"two-byte escape", "a\x1bcb", "ab"},
		{"lone ESC at end", "a\x1b", "a"},
		{"8-bit CSI", "a\u009b2Jb", "ab"},
		{"8-bit CSI colour", "\u009b31mrouge", "rouge"},
		{"8-bit OSC with ST", "a\u009d52;c;eA==\u009cb", "ab"},
		{"other C1", "a\u0085b\u0080c", "abc"},
		{"bidi override", "abc\u202edcba\u202c", "abcdcba"},
		{"bidi isolates and marks", "\u2066a\u2069\u200e\u200f\u061cb", "ab"},
		{"zero width", "a\u200bb\u200cc\u200dd\u2060e\ufefff", "abcdef"},
		{"soft hyphen", "intelli\u00adgence", "intelligence"},
		{"other format chars", "a\u00ad\U000e0041b\u2061c", "abc"},
		{"noncharacters", "a\ufffeb\uffffc", "abc"},
		{"invalid UTF-8", "a\xffb", "ab"},
		{"NFC", "e\u0301te\u0301", "été"},
		{"line separator", "a\u2028b", "a\nb"},
		{"blank line runs", "a\n\n\n\nb", "a\n\nb"},
		{"space-only lines", "a\n  \n \t\n\nb", "a\n\nb"},
		{"leading blank lines", "\n\n\na", "\na"},
		{"a space is kept", " ", " "},
		{"fragment spaces kept", " a ", " a "},
		{"trailing blank lines", "a\n\n\n", "a\n\n"},
		{"emoji kept", "☕️ Brief", "☕️ Brief"},
		{"nbsp kept", "21\u00a0août\u202f:", "21\u00a0août\u202f:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CleanText(tt.in); got != tt.want {
				t.Errorf("CleanText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCleanLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  Cyberhebdo\u00a0du 21\u00a0août  ", "Cyberhebdo du 21 août"},
		{"l’IA\u202f?", "l’IA ?"},
		{"a\u2009b\n\nc\td", "a b c d"},
		{"\x1b[2J Titre \u202e", "Titre"},
		{"déjà propre", "déjà propre"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := CleanLine(tt.in); got != tt.want {
			t.Errorf("CleanLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzCleanText checks the safety property on any input: no control characters, no
// escapes, no bidi or zero-width characters, and cleaning twice changes nothing.
func FuzzCleanText(f *testing.F) {
	for _, s := range []string{"a\x1b[2Jb", "\x1b]52;c;x\x07", "\u009b31m", "\u202e", "a\r\n\n\nb", "e\u0301"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := CleanText(s)
		assertSafe(t, "CleanText", got, true)
		if again := CleanText(got); again != got {
			t.Errorf("not idempotent: %q → %q → %q", s, got, again)
		}
		line := CleanLine(s)
		assertSafe(t, "CleanLine", line, false)
	})
}

// assertSafe fails when s holds anything a terminal could act on.
func assertSafe(t *testing.T, what, s string, multiline bool) {
	t.Helper()
	if i := FirstUnsafe(s, multiline); i >= 0 {
		t.Errorf("%s: unsafe rune %U at %d in %q", what, []rune(s[i:])[0], i, s)
	}
}

// TestNFCStable checks the shortcut's claim on every rune it covers: NFC never changes it
// and it never composes with what precedes it. (It may compose with a combining mark that
// follows; such a mark is not covered, so the full check then runs.)
func TestNFCStable(t *testing.T) {
	for r := rune(0); r < 0x30000; r++ {
		if !nfcStable(r) || (r >= 0xd800 && r < 0xe000) {
			continue
		}
		s := string(r)
		p := norm.NFC.PropertiesString(s)
		if norm.NFC.String(s) != s || !p.BoundaryBefore() {
			t.Errorf("%U is not NFC-stable", r)
		}
	}
}
