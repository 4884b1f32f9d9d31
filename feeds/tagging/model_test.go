package tagging

import (
	"math"
	"os"
	"strings"
	"testing"

	"veille/feeds"
	"veille/feeds/parse"
)

// TestModelFresh checks that the embedded model.txt is what `go generate` makes of the current
// labelled data, entities and code, so that the shipped weights never go stale. Weights are
// compared to 1e-3: a platform that fuses floating-point operations may round differently.
func TestModelFresh(t *testing.T) {
	f, err := os.Open("testdata/labelled.txt")
	if err != nil {
		t.Fatal(err)
	}
	items, err := ReadLabelled(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	for i := range items {
		items[i].Summary = parse.FeedText(items[i].Summary)
	}
	doc, _ := BuildModel(items)
	if doc == modelTXT {
		return
	}
	want, err := parseModel(doc)
	if err != nil {
		t.Fatal(err)
	}
	got := defaultModel()
	stale := "model.txt is stale: run `go generate ./feeds/tagging`"
	if strings.Join(got.tags, " ") != strings.Join(want.tags, " ") {
		t.Fatalf("%s (tags %v, want %v)", stale, got.tags, want.tags)
	}
	for k := range want.tags {
		if math.Abs(got.bias[k]-want.bias[k]) > 1e-3 || got.threshold[k] != want.threshold[k] {
			t.Fatalf("%s (%s: bias or threshold differ)", stale, want.tags[k])
		}
	}
	for h, row := range want.rows {
		for k, w := range want.weights[row] {
			var g float32
			if r, ok := got.rows[h]; ok {
				g = got.weights[r][k]
			}
			if math.Abs(float64(g-w)) > 1e-3 && math.Abs(float64(w)) > 0.011 {
				t.Fatalf("%s (%s %q: %.4f, want %.4f)", stale, want.tags[k], want.names[h], g, w)
			}
		}
	}
}

func TestEntitiesDecode(t *testing.T) {
	if n := len(Entities()); n < 40 {
		t.Fatalf("only %d entities", n)
	}
	if _, err := parseEntities("[[entity]]\nnames = [\"X\"]\nkind = \"planet\"\nside = \"open\"\n"); err == nil {
		t.Fatal("an unknown kind was accepted")
	}
	if _, err := parseEntities("[[entity]]\nnames = [\"X\"]\nkind = \"lab\"\nside = \"open\"\ncolour = 1\n"); err == nil {
		t.Fatal("an unknown key was accepted")
	}
}

// TestEntityGeneralises: a regulator and a closed assistant that no hand-written rule names
// give their tags from the entity table, with evidence naming the entity rule.
func TestEntityGeneralises(t *testing.T) {
	tg := New(DefaultRules())
	for _, c := range []struct{ title, tag, rule string }{
		{"L’Ofcom ouvre une procédure contre un forum", "regulation", "entites-regulation"},
		{"Le Bundeskartellamt inflige une amende à un distributeur", "regulation", "entites-regulation"},
		{"Alexa+ arrive en France cet automne", "proprietaire", "entites-proprietaires"},
	} {
		var found *feeds.ArticleTag
		tags := tg.Tag(&feeds.Article{Title: c.title}, nil)
		for i := range tags {
			if tags[i].Name == c.tag {
				found = &tags[i]
			}
		}
		if found == nil {
			t.Errorf("%q: no %s (got %v)", c.title, c.tag, tags)
			continue
		}
		ok := false
		for _, e := range found.Evidence {
			ok = ok || strings.HasPrefix(e.Rule, c.rule)
		}
		if !ok {
			t.Errorf("%q: %s evidence %v names no %s rule", c.title, c.tag, found.Evidence, c.rule)
		}
	}
}

// TestModelVoteEvidence: a vote of the statistical layer says so, with its top words and score.
func TestModelVoteEvidence(t *testing.T) {
	m := defaultModel()
	if len(m.tags) != len(ModelTags) {
		t.Fatalf("model tags %v, want %v", m.tags, ModelTags)
	}
	s := &scratch{}
	fz := NewFeaturizer(false)
	s.feats = fz.Features(nil, "La CNIL inflige une amende", "Le régulateur sanctionne l’entreprise pour défaut de consentement.")
	ev := m.evidence(s, "regulation", 0.9)
	if ev.Rule != RuleModel || ev.Field != FieldModel || ev.Match == "" || ev.Score != 0.9 {
		t.Fatalf("evidence %+v", ev)
	}
}

// rulesOnly is a Tagger without the statistical layer, for the tests of the rules' own
// mechanics (scores, thresholds, a disabled rule): the layer may vote on the same words.
func rulesOnly(r *Rules) *Tagger {
	t := &Tagger{r: r}
	t.pool.New = func() any { return newScratch(r) }
	return t
}
