package tagging

import (
	"testing"

	"veille/feeds"
)

// rulesOnlyFrom is a tagger without the statistical layer: these tests are about the rules' own
// scoring, which the vote would otherwise hide.
func rulesOnlyFrom(t *testing.T, user string) *Tagger {
	t.Helper()
	r, err := LoadRules([]byte(user))
	if err != nil {
		t.Fatal(err)
	}
	tg := &Tagger{r: r}
	tg.pool.New = func() any { return newScratch(r) }
	return tg
}

func TestComparisonAndStandfirst(t *testing.T) {
	tg := rulesOnlyFrom(t, "")
	tests := []struct {
		title, summary string
		want, not      []string
	}{
		// The compared product is a yardstick: not the closed side, still AI.
		{"Kimi K2 Thinking, un modèle chinois qui rivalise avec GPT-5", "", []string{"ia"}, []string{"proprietaire"}},
		{"Le Chat, l’alternative française à ChatGPT, arrive sur Android", "", []string{"ia"}, nil},
		{"Un modèle chinois aussi performant qu’o1 d’OpenAI", "", []string{"ia"}, []string{"proprietaire"}},
		{"Zhipu publie un modèle qui talonne Claude Opus 4", "", []string{"ia"}, []string{"proprietaire"}},
		// The product before the comparison is the subject.
		{"GPT-5 rivalise avec les meilleurs modèles ouverts", "", []string{"ia", "proprietaire"}, nil},
		// A comparison ends with its phrase, and reaches a couple of words only.
		{"Face à la concurrence, OpenAI lance GPT-5.2", "", []string{"ia", "proprietaire"}, nil},
		{"Les enseignants face aux devoirs écrits par ChatGPT", "", []string{"ia", "proprietaire"}, nil},
		// A closed product named in the standfirst under a headline about AI is the subject.
		{"AWS lance des agents d’IA pour les développeurs", "Ils reposent sur Nova Pro, le modèle maison d’Amazon.", []string{"ia", "proprietaire"}, nil},
		{"L’IA de Google découvre une piste contre le cancer", "Le modèle suisse Apertus a proposé l’hypothèse.", []string{"ia", "open-source"}, nil},
		// Under a headline about something else, it is a passing mention.
		{"Test du Galaxy Z Fold 7 : un pliant endurant", "Il embarque Nova Pro et une batterie de 4 400 mAh.", nil, []string{"proprietaire"}},
		// …and a rival in the standfirst is still a rival.
		{"Un laboratoire chinois publie un modèle d’IA", "Il rivalise avec Nova Pro sur les tests de code.", []string{"ia"}, []string{"proprietaire"}},
	}
	for _, tc := range tests {
		got := names(tg.Tag(&feeds.Article{Title: tc.title, Summary: tc.summary, Text: tc.summary}, nil))
		for _, w := range tc.want {
			if !has(got, w) {
				t.Errorf("%q / %q: want %s, got %v", tc.title, tc.summary, w, got)
			}
		}
		for _, n := range tc.not {
			if has(got, n) {
				t.Errorf("%q / %q: want no %s, got %v", tc.title, tc.summary, n, got)
			}
		}
	}
}

// TestNotComparedConfig: not_compared is a tag key the user may turn off.
func TestNotComparedConfig(t *testing.T) {
	title := "Kimi K2 Thinking, un modèle chinois qui rivalise avec GPT-5"
	if got := names(rulesOnlyFrom(t, "").Tag(&feeds.Article{Title: title}, nil)); has(got, "proprietaire") {
		t.Fatalf("default rules: got %v", got)
	}
	tg := rulesOnlyFrom(t, "[tags.proprietaire]\nnot_compared = false\n")
	if got := names(tg.Tag(&feeds.Article{Title: title}, nil)); !has(got, "proprietaire") {
		t.Errorf("not_compared = false: want proprietaire, got %v", got)
	}
	if _, err := LoadRules([]byte("[tags.proprietaire]\nnot_compared = 3\n")); err == nil {
		t.Error("not_compared = 3: want an error")
	}
}
