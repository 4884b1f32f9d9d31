package render

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"veille/internal/growth"

	"github.com/charmbracelet/x/ansi"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func TestText(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		width int
		want  string
	}{
		{"paragraphs", `<p>Un.</p><p>Deux.</p>`, 40, "Un.\n\nDeux."},
		{"wrap", `<p>L’intelligence artificielle générative bouscule la presse française.</p>`, 30,
			"L’intelligence artificielle\ngénérative bouscule la presse\nfrançaise."},
		{"no wrap at width 0", `<p>L’intelligence artificielle générative bouscule la presse.</p>`, 0,
			"L’intelligence artificielle générative bouscule la presse."},
		{"nbsp keeps punctuation with its word", "<p>aaaa bbbb cccc dddd eeee ffff gggg\u00a0: hhhh</p>", 34,
			"aaaa bbbb cccc dddd eeee ffff\ngggg : hhhh"},
		{"narrow nbsp keeps punctuation with its word", "<p>aaaa bbbb cccc dddd eeee ffff gggg\u202f! hhhh</p>", 34,
			"aaaa bbbb cccc dddd eeee ffff\ngggg ! hhhh"},
		{"no break after a hyphen", "<p>aaaa bbbb cccc dddd eeee ffff open-source</p>", 34,
			"aaaa bbbb cccc dddd eeee ffff\nopen-source"},
		{"br", `<p>un<br>deux<br/>trois</p>`, 40, "un\ndeux\ntrois"},
		{"inline spacing", `<p>un <b>gras</b> <i>italique</i>et<em> collé</em></p>`, 40, "un gras italiqueet collé"},
		{"h1 h2 h3", `<h1>Titre</h1><h2>Sous-titre</h2><h3>Partie été</h3><p>x</p>`, 40,
			"Titre\n═════\n\nSous-titre\n──────────\n\nPARTIE ÉTÉ\n\nx"},
		{"bullets", `<ul><li>un</li><li>deux</li></ul><p>après</p>`, 40, "- un\n- deux\n\naprès"},
		{"numbered", `<ol><li>un</li><li>deux</li></ol>`, 40, "1. un\n2. deux"},
		{"numbered from 9 aligned", `<ol start="9"><li>neuf</li><li>dix</li></ol>`, 40, "9.  neuf\n10. dix"},
		{"nested lists", `<ul><li>a<ul><li>b<ol><li>c</li></ol></li></ul></li><li>d</li></ul>`, 40,
			"- a\n  - b\n    1. c\n- d"},
		{"wrapped item indents", `<ul><li>un élément assez long pour passer à la ligne</li></ul>`, 24,
			"- un élément assez long\n  pour passer à la ligne"},
		{"quote", `<blockquote><p>Une citation un peu longue qui passe à la ligne.</p><p>Deux.</p></blockquote>`, 30,
			"> Une citation un peu longue\n> qui passe à la ligne.\n>\n> Deux."},
		{"nested quote", `<blockquote>a<blockquote>b</blockquote></blockquote>`, 30, "> a\n>\n> > b"},
		{"pre not wrapped", "<p>x</p><pre>if a {\n\treturn tres_long_identifiant_qui_depasse\n}</pre><p>y</p>", 20,
			"x\n\n    if a {\n        return tres_long_identifiant_qui_depasse\n    }\n\ny"},
		{"pre keeps blank line", "<pre>a\n\nb</pre>", 40, "    a\n\n    b"},
		{"image", `<p>Avant <img src="a.jpg" alt="Un graphique"> après <img src="b.jpg"></p>`, 60,
			"Avant [image: Un graphique] après [image]"},
		{"links", `<p><a href="https://a.fr/">A</a>, <a href="https://b.fr/">B</a> et <a href="https://a.fr/">A encore</a>.</p>`, 60,
			"A [1], B [2] et A encore [1].\n\nLiens\n─────\n[1] https://a.fr/\n[2] https://b.fr/"},
		{"bare link not numbered", `<p><a href="https://www.exemple.fr/">https://www.exemple.fr/</a></p>`, 60, "https://www.exemple.fr/"},
		{"unusable links", `<a href="javascript:alert(1)">js</a> <a href="#note">note</a> <a>rien</a>`, 60, "js note rien"},
		{"table", `<table><tr><th>Nom</th><th>Licence</th></tr><tr><td>Llama</td><td>communautaire</td></tr></table>`, 60,
			"Nom   | Licence\n─────────────────────\nLlama | communautaire"},
		{"table too wide wraps", `<table><tr><td>une cellule assez longue</td><td>une autre cellule longue</td></tr></table>`, 30,
			"une cellule assez longue |\n  une autre cellule longue"},
		{"hr", `<p>a</p><hr><p>b</p>`, 20, "a\n\n────────────────────\n\nb"},
		{"narrow width clamped", `<p>a</p><hr><p>b</p>`, 5, "a\n\n────────────────────\n\nb"},
		{"script and style skipped", `<p>a</p><script>alert(1)</script><style>p{}</style><p>b</p>`, 40, "a\n\nb"},
		{"entities", `<p>l&rsquo;IA &amp; le droit&nbsp;!</p>`, 40, "l’IA & le droit !"},
		{"wide characters", `<p>日本語のテキスト 日本語のテキスト</p>`, 20, "日本語のテキスト\n日本語のテキスト"},
		{"long word cut", `<p>https://www.exemple.fr/un/chemin/tres/long/qui/depasse</p>`, 20,
			"https://www.exemple.\nfr/un/chemin/tres/lo\nng/qui/depasse"},
		{"plain text", "Juste du texte", 40, "Juste du texte"},
		{"empty", "", 40, ""},
		{"definition list", `<dl><dt>RIA</dt><dd>Règlement sur l’IA</dd></dl>`, 40, "RIA\n  Règlement sur l’IA"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Text(tt.in, tt.width, "Liens")
			if got != tt.want {
				t.Errorf("Text(%q, %d)\n got:\n%s\nwant:\n%s\n(%q)", tt.in, tt.width, got, tt.want, got)
			}
			assertWidth(t, got, max(tt.width, min(tt.width, 1)*minWidth), strings.Contains(tt.in, "<pre>"))
		})
	}
}

func TestTextGolden(t *testing.T) {
	in, err := os.ReadFile(filepath.Join("testdata", "article.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, width := range []int{60, 80} {
		got := Text(string(in), width, "Liens")
		golden := filepath.Join("testdata", "article."+itoa(width)+".golden")
		if *update {
			if err := os.WriteFile(golden, []byte(got+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if got+"\n" != string(want) {
			t.Errorf("width %d: output differs from %s (run with -update to accept):\n%s", width, golden, got)
		}
		assertWidth(t, got, width, true)
		if again := Text(string(in), width, "Liens"); again != got {
			t.Error("output is not deterministic")
		}
	}
}

func itoa(n int) string {
	return string(rune('0'+n/10)) + string(rune('0'+n%10))
}

func TestTextHostile(t *testing.T) {
	in := "<p>a\x1b[2Jb\x1b]52;c;ZXZpbA==\x07c\u009b31md\u202ee\u200bf</p>" +
		`<p title="x">&#27;[31mrouge&#x1b;[0m</p><img alt="alt` + "\x1b[1m" + `"><a href="https://x.fr/` + "\x1b[2J" + `">lien</a>` +
		"<pre>code\x1b[2J\x07 ok</pre><table><tr><td>\u202ecell</td></tr></table>"
	got := Text(in, 40, "Liens")
	for i, r := range got {
		if (r < 0x20 && r != '\n') || (r >= 0x7f && r <= 0x9f) || unicode.Is(unicode.Cf, r) {
			t.Fatalf("unsafe rune %U at %d in %q", r, i, got)
		}
	}
	if !strings.HasPrefix(got, "abcdef") {
		t.Errorf("text %q", got)
	}
}

// assertWidth checks that no line is wider than width, code blocks apart.
func assertWidth(t *testing.T, s string, width int, hasPre bool) {
	t.Helper()
	if width <= 0 {
		return
	}
	for _, l := range strings.Split(s, "\n") {
		if w := ansi.StringWidth(l); w > width && !(hasPre && strings.HasPrefix(strings.TrimLeft(l, "> -"), "    ")) && !strings.HasPrefix(l, "    ") && !strings.HasPrefix(l, "[") {
			t.Errorf("line %q is %d columns, more than %d", l, w, width)
		}
		if strings.HasSuffix(l, " ") {
			t.Errorf("trailing space in %q", l)
		}
	}
}

// TestRuneWidth pins the widths the layout relies on: accents and combining marks one cell,
// emoji and East Asian characters two.
func TestRuneWidth(t *testing.T) {
	tests := map[string]int{"a": 1, "é": 1, "e\u0301": 1, "☕️": 2, "日本": 4, "’": 1, "\u00a0": 1, "🤖": 2}
	for s, want := range tests {
		if got := ansi.StringWidth(s); got != want {
			t.Errorf("StringWidth(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestTextNoBlowUp: inputs built to trigger quadratic behaviour stay fast.
func TestTextNoBlowUp(t *testing.T) {
	// Each input at size n; the guard compares n = 5,000 with 10,000 (see growth).
	cases := map[string]func(n int) string{
		"links": func(n int) string { return strings.Repeat(`<a href="https://x.fr/a">x</a> `, n) },
		"many links": func(n int) string {
			return strings.Repeat(`<a href="https://x.fr/`+strings.Repeat("a", 10)+`">x</a>`, n)
		},
		"deep lists": func(n int) string { return strings.Repeat("<ul><li>x", n/5) },
		"deep quote": func(n int) string { return strings.Repeat("<blockquote>x", n/5) },
		"deep divs":  func(n int) string { return strings.Repeat("<div>", 5*n) + "x" },
		"deep spans": func(n int) string { return strings.Repeat("<span><b>", 2*n) + "x" },
		"big table":  func(n int) string { return "<table>" + strings.Repeat("<tr><td>a</td><td>b</td></tr>", n) + "</table>" },
		"long word":  func(n int) string { return strings.Repeat("x", 20*n) },
		"spaces":     func(n int) string { return strings.Repeat("a ", 10*n) },
	}
	for name, gen := range cases {
		ratio, small, large := growth.Ratio(5000, gen, func(in string) { Text(in, 80, "Liens") })
		if ratio > 3 {
			t.Errorf("%s: twice the input allocates %.1f× the memory (%d → %d bytes)", name, ratio, small, large)
		}
	}
}

// FuzzText: any input renders without panic to safe text within the width.
func FuzzText(f *testing.F) {
	for _, s := range []string{"<p>a</p>", "<ul><li>a<ol><li>b</ol></ul>", "<table><tr><td>a<td>b</table>", "<pre>\x1b[2J</pre>", `<a href="x">y</a>`} {
		f.Add(s, 40)
	}
	f.Fuzz(func(t *testing.T, s string, width int) {
		width = width % 200
		got := Text(s, width, "Liens")
		for i, r := range got {
			if (r < 0x20 && r != '\n') || (r >= 0x7f && r <= 0x9f) || unicode.Is(unicode.Cf, r) {
				t.Fatalf("unsafe rune %U at %d in %q", r, i, got)
			}
		}
	})
}

// BenchmarkText renders a long article (the golden article twenty times) at 80 columns.
func BenchmarkText(b *testing.B) {
	in, err := os.ReadFile(filepath.Join("testdata", "article.html"))
	if err != nil {
		b.Fatal(err)
	}
	long := strings.Repeat(string(in), 20)
	b.SetBytes(int64(len(long)))
	for b.Loop() {
		Text(long, 80, "Liens")
	}
}
