package tagging

import (
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"

	"veille/feeds"
	"veille/feeds/parse"
)

var defaultTagger = sync.OnceValue(func() *Tagger { return New(DefaultRules()) })

// tagNames tags a title (and optional summary) and returns the sorted tag names.
func tagNames(t *testing.T, title, summary string) []string {
	t.Helper()
	return names(defaultTagger().Tag(&feeds.Article{Title: title, Summary: summary, Text: summary}, nil))
}

func names(tags []feeds.ArticleTag) []string {
	out := []string{}
	for _, at := range tags {
		out = append(out, at.Name)
	}
	return out
}

func has(list []string, name string) bool {
	for _, n := range list {
		if n == name {
			return true
		}
	}
	return false
}

// TestMatcherCases runs one-line cases: the headline (and summary) with tags that must and
// must not be given.
func TestMatcherCases(t *testing.T) {
	tests := []struct {
		title, summary string
		want, not      []string
	}{
		// Acronyms are tokens with their case: never inside a word.
		{"L’IA arrive dans les tableurs", "", []string{"ia"}, nil},
		{"Nvidia publie ses résultats via son site", "Les médias sociaux s’en font l’écho.", nil, []string{"ia"}},
		{"« J’AI PAS COMPRIS » : le mème qui envahit TikTok", "", nil, []string{"ia"}},
		{"Meta AI arrive sur WhatsApp en France", "", []string{"ia"}, nil},
		{"Ai Weiwei expose ses œuvres à Paris", "", nil, []string{"ia"}},
		{"Un LLM pour les juristes", "", []string{"ia"}, nil},
		{"LES GÉANTS DE L’IA À PARIS", "", []string{"ia"}, nil},
		// Multi-word terms and their spellings.
		{"Pourquoi l’open-source séduit les banques", "", []string{"open-source"}, nil},
		{"Pourquoi l’opensource séduit les banques", "", []string{"open-source"}, nil},
		{"Les modèles à poids ouverts progressent", "", []string{"ia", "open-source"}, nil},
		{"Le logiciel libre à l’école", "", []string{"open-source"}, nil},
		{"Accès libre : le site ouvre ses archives", "", nil, []string{"open-source"}},
		{"Entrée libre au salon du jeu vidéo", "", nil, []string{"open-source"}},
		{"Chute libre pour les ventes de tablettes", "", nil, []string{"open-source"}},
		{"Le libre-échange avec le Mercosur inquiète les agriculteurs", "", nil, []string{"open-source"}},
		{"Open d’Australie : les lunettes connectées débarquent", "", nil, []string{"open-source"}},
		{"OSINT : l’open source intelligence au service des journalistes", "", nil, []string{"open-source"}},
		// Mistral: the company, the wind, the missile, the warships.
		{"Mistral AI ouvre un bureau à Londres", "", []string{"ia"}, []string{"open-source", "proprietaire"}},
		{"Mistral lève 600 millions d’euros", "La start-up française d’IA est valorisée 6 milliards.", []string{"ia", "financement"}, nil},
		{"Le mistral souffle fort sur la Provence", "Rafales à 110 km/h attendues.", nil, []string{"ia"}},
		{"Mistral : des rafales à 120 km/h dans la vallée du Rhône", "", nil, []string{"ia"}},
		{"La France commande 300 missiles Mistral à MBDA", "", nil, []string{"ia"}},
		{"BPC Mistral : retour sur le contrat annulé avec la Russie", "", nil, []string{"ia"}},
		// Mistral per model.
		{"Mistral Large 3 est publié sous licence Apache 2.0", "", []string{"ia", "open-source"}, []string{"proprietaire"}},
		{"Mistral Large arrive sur Azure", "", []string{"ia", "proprietaire"}, []string{"open-source"}},
		{"Mistral Small 3 rivalise avec des modèles trois fois plus gros", "", []string{"ia", "open-source"}, []string{"proprietaire"}},
		{"Mixtral 8x22B : le nouveau modèle de Mistral AI", "", []string{"ia", "open-source"}, []string{"proprietaire"}},
		{"Codestral : Mistral AI se lance dans le code", "", []string{"ia", "proprietaire"}, []string{"open-source"}},
		{"Mistral Medium 3 vise les entreprises", "", []string{"ia", "proprietaire"}, nil},
		{"Le Chat de Mistral gagne un mode recherche", "", []string{"ia", "proprietaire"}, nil},
		{"Le chat de la maison Blanche fait le buzz", "", nil, []string{"ia", "proprietaire"}},
		// Claude.
		{"Claude 3.5 Sonnet bat GPT-4o sur le code", "", []string{"ia", "proprietaire"}, nil},
		{"Anthropic dote Claude d’une mémoire", "", []string{"ia", "proprietaire"}, nil},
		{"Claude François : le musée ouvre ses portes", "", nil, []string{"ia"}},
		{"Jean-Claude Van Damme dans une pub pour un forfait mobile", "Le comédien joue un vendeur.", nil, []string{"ia"}},
		// OpenAI, Google, Meta, Microsoft: the model decides.
		{"OpenAI publie gpt-oss-120b sous licence Apache 2.0", "", []string{"ia", "open-source"}, []string{"proprietaire"}},
		{"GPT-5 arrive dans ChatGPT", "", []string{"ia", "proprietaire"}, []string{"open-source"}},
		{"Comment convertir un disque MBR en GPT", "La table de partition GPT est nécessaire pour l’UEFI.", nil, []string{"ia", "proprietaire"}},
		{"Gemma 3 tient sur un seul GPU", "", []string{"ia", "open-source"}, []string{"proprietaire"}},
		{"Gemini 2.5 Pro est disponible pour tous", "", []string{"ia", "proprietaire"}, []string{"open-source"}},
		{"Gemini, la plateforme crypto, entre en Bourse", "", nil, []string{"ia"}},
		{"Horoscope : ce que réserve la semaine aux Gémeaux", "", nil, []string{"ia"}},
		{"Llama 4 : Meta publie ses nouveaux modèles", "", []string{"ia", "open-source"}, nil},
		{"Le lama, star des réseaux sociaux", "", nil, []string{"ia", "open-source"}},
		{"Muse Spark : Meta lance un modèle fermé", "", []string{"ia", "proprietaire"}, nil},
		{"Microsoft publie Phi-4 sur Hugging Face", "", []string{"ia", "open-source"}, []string{"proprietaire"}},
		{"Copilot arrive dans Outlook", "", []string{"ia", "proprietaire"}, nil},
		{"Waze : un mode copilote pour les passagers", "", nil, []string{"ia", "proprietaire"}},
		{"DeepSeek V3 : un modèle chinois très économe", "", []string{"ia", "open-source"}, nil},
		{"Qwen3 : Alibaba publie huit modèles", "", []string{"ia", "open-source"}, nil},
		// Falcon.
		{"Falcon 9 : SpaceX enchaîne un 400e lancement", "", nil, []string{"ia", "open-source"}},
		{"Le TII publie Falcon 3, un modèle de langage ouvert", "", []string{"ia", "open-source"}, nil},
		// "propriétaire": the landlord unless it follows a software noun; requires ia.
		{"Les propriétaires devront installer des détecteurs connectés", "", nil, []string{"proprietaire"}},
		{"Votre propriétaire peut-il refuser la fibre ?", "", nil, []string{"proprietaire"}},
		{"Les modèles propriétaires gagnent du terrain en entreprise", "", []string{"proprietaire"}, nil},
		{"La mairie abandonne les logiciels propriétaires pour Linux", "", []string{"open-source"}, []string{"proprietaire"}},
		// The debate gives both sides.
		{"IA : modèles ouverts ou fermés, le débat continue", "", []string{"ia", "open-source", "proprietaire"}, nil},
		// Regulation traps.
		{"Règlement de comptes à Marseille : deux morts", "", nil, []string{"regulation"}},
		{"Le règlement européen sur l’IA entre en application", "", []string{"ia", "regulation"}, nil},
		{"Essai : un régulateur de vitesse adaptatif très efficace", "", nil, []string{"regulation"}},
		{"Le régulateur des télécoms met en garde les opérateurs", "", []string{"regulation"}, nil},
		{"DMA : Apple ouvre iOS aux boutiques alternatives", "La Commission européenne a obtenu gain de cause.", []string{"regulation"}, nil},
		{"Le contrôleur DMA de ce SSD accélère les transferts mémoire", "", nil, []string{"regulation"}},
		{"La CNIL sanctionne un hôpital", "", []string{"regulation", "vie-privee"}, nil},
		{"La loi de Moore est-elle morte ?", "", nil, []string{"regulation"}},
		// Safety requires ia.
		{"Deepfakes : une loi pour protéger les victimes", "", []string{"ia", "securite", "regulation"}, nil},
		{"Sécurité routière : moins de morts sur les routes", "", nil, []string{"securite"}},
		// Deals and funding.
		{"Bon plan : le Pixel 9 passe à 499 €", "", []string{"bons-plans"}, nil},
		{"Casque Sony à -40 % pour les soldes", "", []string{"bons-plans"}, nil},
		{"Les ventes de PC reculent de 15 %", "", nil, []string{"bons-plans"}},
		{"Apple lève le voile sur l’iPhone 17", "", nil, []string{"financement"}},
		{"Une série à voir absolument sur Netflix", "", nil, []string{"financement"}},
		{"La start-up lève 20 millions d’euros en série A", "", []string{"financement"}, nil},
	}
	for _, tt := range tests {
		got := tagNames(t, tt.title, tt.summary)
		for _, w := range tt.want {
			if !has(got, w) {
				t.Errorf("%q: missing %s (got %v)", tt.title, w, got)
			}
		}
		for _, n := range tt.not {
			if has(got, n) {
				t.Errorf("%q: unexpected %s (got %v)", tt.title, n, got)
			}
		}
	}
}

func TestScoring(t *testing.T) {
	tg := rulesOnly(DefaultRules())
	ia := func(a *feeds.Article, f *feeds.Feed) bool { return has(names(tg.Tag(a, f)), "ia") }

	// A strong term in the title is enough; in the body it needs another signal.
	if !ia(&feeds.Article{Title: "L’intelligence artificielle au bureau"}, nil) {
		t.Error("strong term in the title")
	}
	if ia(&feeds.Article{Title: "Le nouveau smartphone de Samsung", Summary: "Il intègre des fonctions d’IA."}, nil) {
		t.Error("one strong term in the body is not enough")
	}
	if !ia(&feeds.Article{Title: "Le nouveau smartphone de Samsung", Summary: "Il intègre un chatbot et des fonctions d’IA."}, nil) {
		t.Error("two strong terms in the body are enough")
	}
	// Weak terms count only together.
	if ia(&feeds.Article{Title: "Un nouvel algorithme pour les feux rouges"}, nil) {
		t.Error("one weak term")
	}
	if ia(&feeds.Article{Title: "Un algorithme entraîné sur des données de trafic"}, nil) {
		t.Error("two weak terms score 2, under the threshold")
	}
	if !ia(&feeds.Article{Title: "Un algorithme entraîné sur des données multimodales"}, nil) {
		t.Error("three weak terms reach the threshold")
	}
	// The AI-only prior is a boost, not a free pass.
	aiFeed := &feeds.Feed{Title: "ActuIA", AIOnly: true}
	if ia(&feeds.Article{Title: "Interview du directeur de Station F"}, aiFeed) {
		t.Error("AI-only prior alone")
	}
	if !ia(&feeds.Article{Title: "Un algorithme pour prédire les embouteillages"}, aiFeed) {
		t.Error("AI-only prior plus one weak term")
	}
	// A feed category is a hint worth 2.
	if ia(&feeds.Article{Title: "Le point de la semaine", Categories: []string{"Intelligence artificielle"}}, nil) {
		t.Error("category alone")
	}
	if !ia(&feeds.Article{Title: "Le point de la semaine", Summary: "Retour sur le chatbot de Google.",
		Categories: []string{"Intelligence artificielle"}}, nil) {
		t.Error("category plus a body term")
	}
	if ia(&feeds.Article{Title: "Le point de la semaine", Summary: "Une nouvelle dépêche.",
		Categories: []string{"ia", "llm", "Intelligence artificielle"}}, nil) {
		t.Error("categories are one hint, however many")
	}
	if !ia(&feeds.Article{Title: "Le point de la semaine", Summary: "Un algorithme de tri.",
		Categories: []string{"ia", "llm"}}, nil) {
		t.Error("LinuxFr-style tags plus a weak term")
	}
	// Content counts as body.
	if !ia(&feeds.Article{Title: "Le point de la semaine", Summary: "Sommaire.",
		Text: "Cette semaine, OpenAI a présenté un nouveau chatbot."}, nil) {
		t.Error("content")
	}
}

func TestEvidence(t *testing.T) {
	tg := defaultTagger()
	a := &feeds.Article{
		Title:      "L’Intelligence Artificielle d’OpenAI",
		Summary:    "ChatGPT\u00a0: le chatbot le plus utilisé.",
		Categories: []string{"Tech", "IA"},
	}
	got := tg.Tag(a, &feeds.Feed{Title: "Numerama"})
	byName := map[string]feeds.ArticleTag{}
	for _, at := range got {
		byName[at.Name] = at
	}
	if !sort.SliceIsSorted(got, func(i, j int) bool { return got[i].Name < got[j].Name }) {
		t.Errorf("tags not sorted: %v", names(got))
	}
	want := []feeds.Evidence{
		{Rule: "intelligence-artificielle", Match: "Intelligence Artificielle", Field: "title"},
		{Rule: "openai", Match: "OpenAI", Field: "title"},
		{Rule: "chatgpt", Match: "ChatGPT", Field: "summary"},
		{Rule: "chatbot", Match: "chatbot", Field: "summary"},
		{Rule: "ia-acronym", Match: "IA", Field: "category"}, // also found by ia-category: shown once
	}
	if ev := byName["ia"].Evidence; !reflect.DeepEqual(ev, want) {
		t.Errorf("ia evidence:\n got %+v\nwant %+v", ev, want)
	}
	if ev := byName["proprietaire"].Evidence; len(ev) == 0 || ev[0].Rule != "openai" || ev[0].Field != "title" {
		t.Errorf("proprietaire evidence: %+v", ev)
	}
	for _, at := range got {
		if at.Manual || at.Removed {
			t.Errorf("%s: automatic tags are neither manual nor removed", at.Name)
		}
	}
	// The feed prior is evidence too.
	got = tg.Tag(&feeds.Article{Title: "Un algorithme pour la météo"}, &feeds.Feed{Title: "ActuIA", AIOnly: true})
	if len(got) != 1 || got[0].Name != "ia" {
		t.Fatalf("got %v", names(got))
	}
	last := got[0].Evidence[len(got[0].Evidence)-1]
	if last != (feeds.Evidence{Rule: RuleFeedPrior, Match: "ActuIA", Field: "feed"}) {
		t.Errorf("prior evidence: %+v", last)
	}
	// Multi-word matches keep the text as written, typography included.
	got = tg.Tag(&feeds.Article{Title: "Les modèles\u00a0d’IA open\u2011source"}, nil)
	for _, at := range got {
		if at.Name == "open-source" {
			if m := at.Evidence[0].Match; m != "modèles\u00a0d’IA open\u2011source" {
				t.Errorf("match %q", m)
			}
		}
	}
}

func TestBoilerplateAndURLsNeverMatch(t *testing.T) {
	tg := defaultTagger()
	// The Yoast footer repeats an AI title and names the site: parse cuts it before the
	// tagger sees the text.
	const footer = "Rien de neuf cette semaine. L’article ChatGPT et l’IA générative : le point est apparu en premier sur ActuIA."
	a := &feeds.Article{Title: "Le point sur la semaine", Summary: parse.FeedText(footer)}
	if got := names(tg.Tag(a, nil)); len(got) != 0 {
		t.Errorf("footer matched: %v", got)
	}
	if got := a.Summary; got != "Rien de neuf cette semaine." {
		t.Errorf("FeedText: %q", got)
	}
	if got := parse.FeedText("Texte. Cet article Foo est apparu en premier sur Bar."); got != "Texte." {
		t.Errorf("FeedText Cet article: %q", got)
	}
	if got := parse.FeedText("Début. Il reste 89% de l'article à découvrir. Abonnez-vous"); got != "Début." {
		t.Errorf("FeedText paywall: %q", got)
	}
	if got := parse.FeedText("Il reste trois jours."); got != "Il reste trois jours." {
		t.Errorf("FeedText kept text: %q", got)
	}
	// URLs and the feed's own name are never matched.
	a = &feeds.Article{Title: "Lien du jour", Summary: "À lire sur https://openai.com/chatgpt/ et https://huggingface.co/mistralai."}
	if got := names(tg.Tag(a, &feeds.Feed{Title: "ActuIA — l’actualité de l’intelligence artificielle"})); len(got) != 0 {
		t.Errorf("URL or feed title matched: %v", got)
	}
}

func TestRequiredTags(t *testing.T) {
	tg := defaultTagger()
	// Closed-model vocabulary without any AI: proprietaire requires ia.
	got := names(tg.Tag(&feeds.Article{Title: "Windows reste un logiciel propriétaire"}, nil))
	if has(got, "proprietaire") {
		t.Errorf("got %v", got)
	}
	// Free software without AI is open-source.
	got = names(tg.Tag(&feeds.Article{Title: "Debian 13 est disponible"}, nil))
	if !reflect.DeepEqual(got, []string{"open-source"}) {
		t.Errorf("got %v", got)
	}
}

func TestTagNilAndEmpty(t *testing.T) {
	tg := defaultTagger()
	if got := tg.Tag(nil, nil); got != nil {
		t.Errorf("nil article: %v", got)
	}
	if got := tg.Tag(&feeds.Article{}, nil); got != nil {
		t.Errorf("empty article: %v", got)
	}
	var _ feeds.Tagger = tg
}

func TestTagConcurrent(t *testing.T) {
	tg := New(nil)
	a := &feeds.Article{Title: "OpenAI publie GPT-5", Summary: "Le modèle arrive dans ChatGPT."}
	want := names(tg.Tag(a, nil))
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 200; j++ {
				if got := names(tg.Tag(a, nil)); !reflect.DeepEqual(got, want) {
					t.Errorf("got %v want %v", got, want)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestLabels(t *testing.T) {
	r := DefaultRules()
	fr, en := r.Labels("fr"), r.Labels("en")
	if fr["proprietaire"] != "Propriétaire" || en["proprietaire"] != "Proprietary" || fr["ia"] != "IA" || en["ia"] != "AI" {
		t.Errorf("fr %v en %v", fr, en)
	}
	for _, name := range r.Tags() {
		if fr[name] == "" || en[name] == "" || feeds.FoldName(name) != name {
			t.Errorf("tag %q: labels %q/%q", name, fr[name], en[name])
		}
	}
	if !strings.Contains(strings.Join(r.Tags(), " "), "open-source") {
		t.Error("open-source tag")
	}
}
