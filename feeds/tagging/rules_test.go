package tagging

import (
	"errors"
	"strings"
	"testing"

	"veille/feeds"
)

func TestDefaultRulesCompile(t *testing.T) {
	r, err := LoadRules(nil)
	if err != nil {
		t.Fatalf("embedded rules.toml: %v", err)
	}
	if len(r.tags) < 5 || len(r.rules) < 50 || len(r.terms) < 300 {
		t.Errorf("suspiciously small: %d tags, %d rules, %d terms", len(r.tags), len(r.rules), len(r.terms))
	}
	for _, want := range []string{"ia", "open-source", "proprietaire", "regulation", "securite"} {
		if _, ok := r.tagIndex[want]; !ok {
			t.Errorf("missing default tag %s", want)
		}
	}
	DefaultRules() // must not panic
}

func tagWith(t *testing.T, r *Rules, title string) []string {
	t.Helper()
	return names(rulesOnly(r).Tag(&feeds.Article{Title: title}, nil))
}

func TestLoadRulesMerge(t *testing.T) {
	user := `
# the rest of config.toml is not ours
[ui]
lang = "fr"

[fetch]
parallel = 4

# a new tag with its own rule
[tags.spatial]
fr = "Spatial"
en = "Space"

[tags.spatial.rules.spatial-termes]
terms = ["fusée(s)", "lanceur(s)", "Ariane #"]

# more terms for an existing tag
[tags.ia.rules.mes-outils]
terms = ["NotebookLM Plus", "Machin Bidule"]
also = ["proprietaire"]

# override one key of a default rule
[tags.ia.rules.mistral]
negative_anchors = ["planche à voile"]

# switch a rule off
[tags.ia.rules.copilot]
disabled = true

# raise a tag's threshold
[tags.financement]
threshold = 4
`
	r, err := LoadRules([]byte(user))
	if err != nil {
		t.Fatal(err)
	}
	if got := tagWith(t, r, "Ariane 6 : le lanceur européen décolle"); !has(got, "spatial") {
		t.Errorf("new tag: %v", got)
	}
	if r.Labels("en")["spatial"] != "Space" {
		t.Error("new tag label")
	}
	if got := tagWith(t, r, "Machin Bidule arrive en France"); !has(got, "ia") || !has(got, "proprietaire") {
		t.Errorf("added rule: %v", got)
	}
	// The override replaced the negative anchors only: anchors still apply.
	if got := tagWith(t, r, "Mistral lance une planche à voile connectée"); has(got, "ia") {
		t.Errorf("overridden negative anchors: %v", got)
	}
	if got := tagWith(t, r, "Mistral : la start-up dévoile son modèle"); !has(got, "ia") {
		t.Errorf("anchors kept after override: %v", got)
	}
	if got := tagWith(t, r, "Le mistral souffle et la start-up ferme"); has(got, "ia") {
		t.Errorf("case-sensitivity kept after override: %v", got)
	}
	if got := tagWith(t, r, "Copilot arrive dans Outlook"); has(got, "ia") {
		t.Errorf("disabled rule: %v", got)
	}
	if got := tagWith(t, r, "Qonto lève 100 millions"); has(got, "financement") {
		t.Errorf("threshold override: %v", got)
	}
	// Defaults are untouched by a user file.
	if got := tagWith(t, DefaultRules(), "Copilot arrive dans Outlook"); !has(got, "ia") {
		t.Errorf("defaults changed: %v", got)
	}
}

func TestLoadRulesDisableTag(t *testing.T) {
	r, err := LoadRules([]byte("[tags.ia]\ndisabled = true\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := tagWith(t, r, "ChatGPT et l’IA : OpenAI publie un modèle fermé")
	if has(got, "ia") {
		t.Errorf("disabled tag given: %v", got)
	}
	// A requirement on a disabled tag lapses with it.
	if !has(got, "proprietaire") {
		t.Errorf("proprietaire without its disabled requirement: %v", got)
	}
}

func TestLoadRulesErrors(t *testing.T) {
	tests := []struct {
		name, src string
		line      int
		contains  string
	}{
		{"syntax", "[ui]\nlang = \"fr\"\n[tags.ia]\nfr = \"x\" \"y\"\n", 4, ""},
		{"unclosed string", "[tags.ia]\nfr = \"IA\nen = \"AI\"\n", 2, ""},
		{"unknown tag key", "[ui]\nlang = \"fr\"\n\n[tags.ia]\nthreshhold = 4\n", 5, "unknown key"},
		{"unknown rule key", "[tags.ia.rules.x]\nterms = [\"a\"]\nnegatve_anchors = [\"b\"]\n", 3, "unknown key"},
		{"wrong type", "[tags.ia]\nthreshold = \"high\"\n", 2, "integer"},
		{"wrong list", "[tags.ia.rules.x]\nterms = [1, 2]\n", 2, "list of strings"},
		{"unknown also", "[tags.ia.rules.x]\nterms = [\"a\"]\nalso = [\"nope\"]\n", 3, "unknown tag"},
		{"unknown requires", "[tags.ia]\nrequires = [\"nope\"]\n", 2, "unknown tag"},
		{"unknown anchor rule", "[tags.ia.rules.x]\nterms = [\"a\"]\nanchors = [\"@nope\"]\n", 3, "unknown rule"},
		{"bad term", "\n[tags.ia.rules.x]\nterms = [\n  \"ok\",\n  \"modèle(s\",\n]\n", 3, "unclosed"},
		{"no terms", "[tags.ia.rules.x]\nweak = true\n", 1, "needs terms"},
		{"not folded", "[tags.\"Propriétaire\"]\nfr = \"x\"\n", 1, "proprietaire"},
		{"rule in two tags", "[tags.regulation.rules.mistral]\nterms = [\"x\"]\n", 1, "already defined"},
		{"bad field", "[tags.ia.rules.x]\nterms = [\"a\"]\nfields = [\"url\"]\n", 3, "unknown field"},
		{"inline table", "[tags.ia]\nfr = \"IA\"\nrules.x = { terms = [\"a\"], also = [\"nope\"] }\n", 3, "unknown tag"},
		{"key in the wrong case", "[tags.ia]\nfr = \"IA\"\nThreshold = 4\n", 3, "unknown key"},
		{"unknown key in an inline table", "[tags.ia]\nrules.x = { terms = [\"a\"], bogus = 1 }\n", 2, "unknown key"},
		{"out of range", "[tags.ia]\n\nthreshold = 0\n", 3, "between 1 and 100"},
		{"rules not a table", "[tags.ia]\nrules = 5\n", 2, "table of rules"},
		{"tag not a table", "[tags]\nia = 5\n", 2, "must be a table"},
	}
	for _, tt := range tests {
		_, err := LoadRules([]byte(tt.src))
		if err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		var re *RuleError
		if !errors.As(err, &re) {
			t.Errorf("%s: %T %v", tt.name, err, err)
			continue
		}
		if re.Line != tt.line || re.File != "config.toml" {
			t.Errorf("%s: %v (line %d, want %d)", tt.name, err, re.Line, tt.line)
		}
		prefix := "config.toml:" + itoa(tt.line) + ": "
		if !strings.HasPrefix(err.Error(), prefix) || !strings.Contains(err.Error(), tt.contains) {
			t.Errorf("%s: %q, want prefix %q containing %q", tt.name, err, prefix, tt.contains)
		}
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

func TestKeyLines(t *testing.T) {
	src := `top = 1
[tags.ia]
fr = "IA" # comment
[tags.ia.rules."mes-termes"]
terms = [
  "a = b",
  "c",
]
anchors = ["x"]
[[fetch.mirror]]
url = "u"
multi = """
fake = 1
"""
after = 2
`
	doc, err := decodeSource(src, "config.toml")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"top": 1, "tags.ia": 2, "tags.ia.fr": 3, "tags.ia.rules.mes-termes": 4,
		"tags.ia.rules.mes-termes.terms": 5, "tags.ia.rules.mes-termes.anchors": 9, "fetch.mirror.url": 11,
		"fetch.mirror.after": 15}
	for k, v := range want {
		if got := doc.keyLine(k); got != v {
			t.Errorf("%s: line %d, want %d", k, got, v)
		}
	}
	if got := doc.keyLine("fetch.mirror.fake"); got != 0 {
		t.Errorf("key inside a multi-line string: line %d", got)
	}
}
