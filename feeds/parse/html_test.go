package parse

import (
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestSanitizeHTML(t *testing.T) {
	base, _ := url.Parse("https://www.exemple.fr/actualite/article-1/")
	tests := []struct {
		name, in, want string
	}{
		{"safe subset kept",
			`<p>Un <strong>modèle</strong> <em>ouvert</em>, <b>b</b> <i>i</i> <u>u</u> <s>s</s> <code>x</code> H<sub>2</sub>O m<sup>2</sup></p>`,
			`<p>Un <strong>modèle</strong> <em>ouvert</em>, <b>b</b> <i>i</i> <u>u</u> <s>s</s> <code>x</code> H<sub>2</sub>O m<sup>2</sup></p>`},
		{"attributes dropped but href src alt title",
			`<p class="x" style="color:red" onclick="evil()" id="p1" title="Titre">t</p>`,
			`<p title="Titre">t</p>`},
		{"relative links resolved",
			`<a href="/tag/ia/" rel="nofollow" target="_blank">IA</a> <img src="../img/a.jpg" alt="Logo" width="300" class="c">`,
			`<a href="https://www.exemple.fr/tag/ia/">IA</a> <img src="https://www.exemple.fr/actualite/img/a.jpg" alt="Logo">`},
		{"javascript link unwrapped", `<a href="javascript:alert(1)">clic</a>`, `clic`},
		{"obfuscated javascript", `<a href="  JaVa&#x09;ScRiPt:alert(1)">clic</a><a href="&#106;avascript:alert(1)">b</a>`, `clicb`},
		{"vbscript and data", `<a href="vbscript:x">a</a><img src="data:image/png;base64,AAAA" alt="x"><a href="data:text/html,x">b</a>`, `ab`},
		{"mailto kept on links", `<a href="mailto:redac@exemple.fr">écrire</a>`, `<a href="mailto:redac@exemple.fr">écrire</a>`},
		{"script style iframe object embed form dropped with content",
			`<p>a</p><script>alert("x")</script><style>p{}</style><iframe src="https://x"></iframe><object data="x"><p>fallback</p></object><embed src="x"><form><input name="q"><button>Go</button></form><p>b</p>`,
			`<p>a</p><p>b</p>`},
		{"self-closing script still drops its content", `<p>a<script/>alert(1)</script>b</p>`, `<p>ab</p>`},
		{"noscript dropped", `<noscript><img src="https://x/a.jpg"></noscript>t`, `t`},
		{"svg dropped", `<svg><text>SVG</text></svg>t`, `t`},
		{"lists and quotes", `<ul><li>un</li><li>deux<ol><li>a</li></ol></li></ul><blockquote><p>cit</p></blockquote>`,
			`<ul><li>un</li><li>deux<ol><li>a</li></ol></li></ul><blockquote><p>cit</p></blockquote>`},
		{"tables", `<table class="t"><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody><tfoot><tr><td>f</td></tr></tfoot></table>`,
			`<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody><tbody><tr><td>f</td></tr></tbody></table>`},
		{"figure", `<figure class="wp-block-image"><img src="https://c0.exemple.com/a.jpg" alt="A"><figcaption>Légende</figcaption></figure>`,
			`<figure><img src="https://c0.exemple.com/a.jpg" alt="A"><figcaption>Légende</figcaption></figure>`},
		{"headings hr br pre", `<h2>Titre</h2><hr/><p>a<br/>b</p><pre><code>x := 1
y</code></pre>`, "<h2>Titre</h2><hr><p>a<br>b</p><pre><code>x := 1\ny</code></pre>"},
		{"html5 containers become div", `<section><article><header>h</header><p>t</p></article></section>`,
			`<div><div><div>h</div><p>t</p></div></div>`},
		{"unknown elements unwrapped", `<font color="red">rouge</font> <custom-el>c</custom-el> <mark>m</mark>`, `rouge c m`},
		{"unclosed elements closed", `<p><strong>gras <em>et italique`, `<p><strong>gras <em>et italique</em></strong></p>`},
		{"misnested", `<b><i>x</b>y</i>`, `<b><i>x</i></b>y`},
		{"implicit p close", `<p>un<p>deux<div>trois</div>`, `<p>un</p><p>deux</p><div>trois</div>`},
		{"implicit li close", `<ul><li>un<li>deux</ul>`, `<ul><li>un</li><li>deux</li></ul>`},
		{"stray end tags ignored", `</div>a</p>b`, `ab`},
		{"entities decoded then re-escaped", `<p>R&amp;D &lt;script&gt; &eacute;t&eacute; l&rsquo;IA&nbsp;!</p>`,
			"<p>R&amp;D &lt;script&gt; été l’IA\u00a0!</p>"},
		{"text cleaned", "<p>a\x1b[2Jb\u202ec\u200bd</p>", `<p>abcd</p>`},
		{"escape via entity", `<p>a&#27;[31mb</p>`, `<p>ab</p>`},
		{"lazy image", `<img src="data:image/gif;base64,R0lGOD" data-lazy-src="/img/vrai.jpg" alt="Vrai">`,
			`<img src="https://www.exemple.fr/img/vrai.jpg" alt="Vrai">`},
		{"tracking pixel dropped", `<img src="https://stats.exemple.fr/p.gif" width="1" height="1">t`, `t`},
		{"attribute escaping", `<a href="https://exemple.fr/?a=1&amp;b=&quot;2&quot;" title="« dit »">x</a>`,
			`<a href="https://exemple.fr/?a=1&amp;b=&#34;2&#34;" title="« dit »">x</a>`},
		{"protocol-relative", `<img src="//cdn.exemple.fr/a.jpg">`, `<img src="https://cdn.exemple.fr/a.jpg">`},
		{"comments dropped", `a<!-- commentaire -->b`, `ab`},
		{"whole document", `<html><head><title>Titre</title><meta charset="utf-8"><style>p{}</style><body><p>corps</p></body></html>`, `<p>corps</p>`},
		{"unclosed head", `<head><title>Titre</title><p>corps`, `<p>corps</p>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SanitizeHTML(tt.in, base)
			if got != tt.want {
				t.Errorf("SanitizeHTML(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			assertWellFormed(t, got)
		})
	}
}

func TestSanitizeHTMLWithoutBase(t *testing.T) {
	got := SanitizeHTML(`<a href="/a">a</a><a href="b.html">b</a><a href="javascript:x">c</a>`, nil)
	want := `<a href="/a">a</a><a href="b.html">b</a>c`
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestHTMLToText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"paragraphs", `<p>Un.</p><p>Deux.</p>`, "Un.\n\nDeux."},
		{"inline collapse", "<p>un   <b>gras</b>\n\tet\u00a0plus</p>", "un gras et plus"},
		{"br", `a<br>b<br><br>c`, "a\nb\n\nc"},
		{"lists", `<ul><li>un</li><li>deux</li></ul><p>après</p>`, "un\ndeux\n\naprès"},
		{"headings", `<h2>Titre</h2>texte`, "Titre\n\ntexte"},
		{"table cells", `<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>`, "a b\nc"},
		{"pre keeps lines", "<p>x</p><pre>  a\n    b</pre>", "x\n\n  a\n    b"},
		{"script dropped", `a<script>var x = "<p>"</script>b`, "ab"},
		{"style dropped", `<style>.a{}</style>texte`, "texte"},
		{"entities", `l&rsquo;IA &amp; le droit &eacute;t&eacute;`, "l’IA & le droit été"},
		{"no tags at all", "simple texte\n\n\nsur plusieurs lignes", "simple texte sur plusieurs lignes"},
		{"images give no text", `<p>a<img src="x.jpg" alt="photo">b</p>`, "ab"},
		{"control chars", "a\x1b]52;c;ZXZpbA==\x07b", "ab"},
		{"leading and trailing space", "<div>  <p> texte </p>  </div>", "texte"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := HTMLToText(tt.in); got != tt.want {
				t.Errorf("HTMLToText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestBoilerplate(t *testing.T) {
	tests := []struct {
		name, in         string
		wantHTML, wantTx string
		paywall          bool
	}{
		{"yoast footer, curly apostrophe",
			`<p>Texte.</p><p>L’article <a href="https://www.actuia.com/a/">Titre de l’article</a> est apparu en premier sur <a href="https://www.actuia.com">ActuIA</a>.</p>`,
			`<p>Texte.</p>`, "Texte.", false},
		{"yoast footer, straight apostrophe, entity",
			`<p>Texte.</p><p>L&#039;article <a href="https://x.fr/a/">Titre</a> est apparu en premier sur <a href="https://x.fr">Site</a>.</p>`,
			`<p>Texte.</p>`, "Texte.", false},
		{"Cet article variant inside the last paragraph",
			`<p>Fin du texte. Cet article <a href="https://x.fr/a/">Titre</a> est apparu en premier sur <a href="https://x.fr">Site</a>.</p>`,
			`<p>Fin du texte.</p>`, "Fin du texte.", false},
		{"yoast footer in a plain-text description",
			`Le résumé [&#8230;] L’article Titre est apparu en premier sur Numerama.`,
			`Le résumé […]`, "Le résumé […]", false},
		{"yoast footer inside a link, mid block",
			`<div>Résumé <em>court</em>. L’article <a href="https://x.fr/a/">Titre <b>gras</b></a> est apparu en premier sur <a href="https://x.fr">Site</a>.</div>`,
			`<div>Résumé <em>court</em>.</div>`, "Résumé court.", false},
		{"next paywall paragraphs",
			`<p>Début de l’article.</p><p>Il reste 89% de l'article à découvrir.</p><p>Abonnez-vous pour ne rien manquer.</p><p><a href="https://next.ink/login">Déjà abonné ? Se connecter</a></p>`,
			`<p>Début de l’article.</p>`, "Début de l’article.", true},
		{"next paywall in one text, nbsp",
			"Début. Il reste 89\u00a0% de l’article à découvrir. Abonnez-vous pour ne rien manquer. Déjà abonné\u202f? Se connecter",
			"Début.", "Début.", true},
		{"next login alone",
			`<p>Texte.</p><p>Déjà abonné&nbsp;? <a href="/connexion">Se connecter</a></p>`,
			`<p>Texte.</p>`, "Texte.", true},
		{"le monde label",
			`<p><span class="premium">Article réservé aux abonnés</span></p><p>Le chapô du Monde.</p>`,
			`<p>Le chapô du Monde.</p>`, "Le chapô du Monde.", true},
		{"le monde label inline",
			`Article réservé aux abonnés. Le chapô du Monde.`,
			`Le chapô du Monde.`, "Le chapô du Monde.", true},
		{"le monde restricted reading",
			`<p>Le chapô.</p><p>Lecture restreinte – Votre abonnement n’autorise pas la lecture de cet article</p>`,
			`<p>Le chapô.</p>`, "Le chapô.", true},
		{"empty paragraphs dropped", `<p>a</p><p>&nbsp;</p><p></p><p>b</p>`, `<p>a</p><p>b</p>`, "a\n\nb", false},
		{"empty image paragraph kept", `<p><img src="https://x.fr/a.jpg"></p>`, `<p><img src="https://x.fr/a.jpg"></p>`, "", false},
		{"ordinary text kept", `<p>L’article 13 de la directive est apparu dans le débat. Il reste des questions.</p>`,
			`<p>L’article 13 de la directive est apparu dans le débat. Il reste des questions.</p>`,
			"L’article 13 de la directive est apparu dans le débat. Il reste des questions.", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := convertHTML(tt.in, nil, true, true)
			if got.html != tt.wantHTML {
				t.Errorf("html\n got %q\nwant %q", got.html, tt.wantHTML)
			}
			if got.text != tt.wantTx {
				t.Errorf("text\n got %q\nwant %q", got.text, tt.wantTx)
			}
			if got.paywalled != tt.paywall {
				t.Errorf("paywalled = %v, want %v", got.paywalled, tt.paywall)
			}
			assertWellFormed(t, got.html)
		})
	}
}

// assertWellFormed checks that every element opened in s is closed in order.
func assertWellFormed(t *testing.T, s string) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(s))
	var stack []string
	for {
		switch z.Next() {
		case html.ErrorToken:
			if len(stack) > 0 {
				t.Errorf("unclosed %v in %q", stack, s)
			}
			return
		case html.StartTagToken:
			name, _ := z.TagName()
			switch n := string(name); n {
			case "br", "hr", "img":
			default:
				stack = append(stack, n)
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if len(stack) == 0 || stack[len(stack)-1] != string(name) {
				t.Errorf("unexpected </%s> (open %v) in %q", name, stack, s)
				return
			}
			stack = stack[:len(stack)-1]
		}
	}
}
