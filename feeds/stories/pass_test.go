package stories

import (
	"reflect"
	"testing"

	"veille/feeds"
)

// TestPrepare checks that features read ahead are given only for the text they were read
// from, and are the features the pass would read.
func TestPrepare(t *testing.T) {
	arts := []feeds.Article{
		{ID: 1, Title: "Mistral publie Magistral, son modèle de raisonnement", Summary: "La start-up française ouvre les poids."},
		{ID: 2, Title: "La CNIL sanctionne un éditeur", Summary: "", Text: "Une amende pour des cookies déposés sans consentement."},
		{ID: 3, Title: "Titre d’origine", Summary: "Résumé."},
	}
	p := &Prepare{}
	p.Add(arts[:2])
	p.Add(arts[2:])
	later := append([]feeds.Article(nil), arts...)
	later[2].Title = "Titre corrigé depuis"
	later = append(later, feeds.Article{ID: 4, Title: "Jamais préparé"})
	got := p.features(later, Default)
	for i := range 2 {
		if want := Features(&arts[i], Default); !reflect.DeepEqual(got[i].feats, want) {
			t.Errorf("article %d: features %v, want %v", arts[i].ID, got[i].feats, want)
		}
		for k, f := range got[i].feats {
			if got[i].terms[got[i].idx[k]] != f.Term {
				t.Errorf("article %d: term %q numbered as %q", arts[i].ID, f.Term, got[i].terms[got[i].idx[k]])
			}
		}
	}
	if got[2].feats != nil || got[3].feats != nil {
		t.Errorf("features of a changed or unknown article were given: %v, %v", got[2].feats, got[3].feats)
	}
	if again := p.features(arts[:1], Default); again[0].feats != nil {
		t.Errorf("features were given twice")
	}
	p.Add(arts[:1])
	other := Default
	other.TitleWeight++
	if got := p.features(arts[:1], other); got[0].feats != nil {
		t.Errorf("features read with other thresholds were given")
	}
}
