package tagging

import (
	"reflect"
	"testing"
)

type tokView struct {
	Fold string
	Join join
}

func toks(s string) ([]token, []byte) { return tokenize(s, nil, nil) }

func view(s string) []tokView {
	ts, fold := toks(s)
	out := make([]tokView, len(ts))
	for i, t := range ts {
		out[i] = tokView{string(fold[t.fstart:t.fend]), t.join}
	}
	return out
}

func TestTokenizeElisionAndJoins(t *testing.T) {
	tests := []struct {
		in   string
		want []tokView
	}{
		{"l’IA générative", []tokView{{"l", joinBreak}, {"ia", joinApos}, {"generative", joinSpace}}},
		{"L'IA d\u02bcabord", []tokView{{"l", joinBreak}, {"ia", joinApos}, {"d", joinSpace}, {"abord", joinApos}}},
		{"open-source, opensource", []tokView{{"open", joinBreak}, {"source", joinHyphen}, {"opensource", joinBreak}}},
		{"Jean\u2011Claude", []tokView{{"jean", joinBreak}, {"claude", joinHyphen}}},
		{"llama.cpp et DALL·E", []tokView{{"llama", joinBreak}, {"cpp", joinOther}, {"et", joinSpace}, {"dall", joinSpace}, {"e", joinOther}}},
		{"Mistral. Le Chat", []tokView{{"mistral", joinBreak}, {"le", joinBreak}, {"chat", joinSpace}}},
		{"Mistral – le vent", []tokView{{"mistral", joinBreak}, {"le", joinBreak}, {"vent", joinSpace}}},
		{"fin.\n\nDébut", []tokView{{"fin", joinBreak}, {"debut", joinBreak}}},
	}
	for _, tt := range tests {
		if got := view(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q:\n got %v\nwant %v", tt.in, got, tt.want)
		}
	}
}

func TestTokenizeTypography(t *testing.T) {
	// No-break, narrow no-break and thin spaces are spaces; NFD accents fold like NFC ones.
	got := view("Cyberhebdo du 21\u00a0août\u202f: l\u2019e\u0301nergie\u2009!")
	want := []tokView{{"cyberhebdo", joinBreak}, {"du", joinSpace}, {"21", joinSpace}, {"aout", joinSpace},
		{"l", joinBreak}, {"energie", joinApos}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
	// Ligatures and other Latin letters fold to ASCII.
	if got := view("Œuvre cœur Ærø ß"); got[0].Fold != "oeuvre" || got[1].Fold != "coeur" || got[2].Fold != "aero" || got[3].Fold != "ss" {
		t.Errorf("ligatures: %v", got)
	}
}

func TestTokenizeNumbers(t *testing.T) {
	ts, fold := toks("GPT-4.1 lève 1,7 milliard ; Qwen3 et GPLv3 ; -30 % ; 2024-2025 ; 499 €")
	var folds []string
	for _, tk := range ts {
		folds = append(folds, string(fold[tk.fstart:tk.fend]))
	}
	want := []string{"gpt", "4.1", "leve", "1,7", "milliard", "qwen3", "et", "gplv3", "30", "%", "2024", "2025", "499", "€"}
	if !reflect.DeepEqual(folds, want) {
		t.Fatalf("got %q\nwant %q", folds, want)
	}
	if ts[1].flags&tokNumber == 0 || ts[0].flags&tokNumber != 0 {
		t.Error("number flags")
	}
	if ts[5].alen != 4 || ts[7].alen != 4 || ts[1].alen != 0 {
		t.Errorf("glued: qwen3 %d, gplv3 %d, 4.1 %d", ts[5].alen, ts[7].alen, ts[1].alen)
	}
	if ts[8].flags&tokMinus == 0 {
		t.Error("-30 has a minus sign")
	}
	if ts[1].flags&tokMinus != 0 || ts[11].flags&tokMinus != 0 {
		t.Error("GPT-4 and 2024-2025 have hyphens, not minus signs")
	}
	if ts[13].flags&tokSymbol == 0 {
		t.Error("€ is a symbol token")
	}
}

func TestTokenizeCaseFlags(t *testing.T) {
	ts, _ := toks("Claude François AI")
	if ts[1].flags&(tokUpper|tokLower) != tokUpper|tokLower {
		t.Error("François is a capitalised word")
	}
	if ts[2].flags&tokLower != 0 || ts[2].flags&tokUpper == 0 {
		t.Error("AI is an acronym")
	}
}

func TestTokenizeSkipsURLs(t *testing.T) {
	got := view("Voir https://mistral.ai/news/le-chat et www.openai.com/chatgpt ou HTTP://x.y/IA fin")
	want := []tokView{{"voir", joinBreak}, {"et", joinBreak}, {"ou", joinBreak}, {"fin", joinBreak}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
}

func TestKeptEqual(t *testing.T) {
	if !keptEqual("IA", "IA") || keptEqual("Ia", "IA") || keptEqual("ia", "IA") {
		t.Error("ASCII case")
	}
	if !keptEqual("Étoile", "Etoile") || keptEqual("étoile", "Etoile") {
		t.Error("accents ignored, case kept")
	}
	if !keptPrefix("Qwen3", "Qwen") || keptPrefix("qwen3", "Qwen") {
		t.Error("prefix")
	}
}

func TestExpandTerm(t *testing.T) {
	got, err := expandTerm("(grand|petit) modèle(s)")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"grand modèle", "grand modèles", "petit modèle", "petit modèles"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q", got)
	}
	for _, bad := range []string{"modèle(s", "a|b", "((a))", "a)"} {
		if _, err := expandTerm(bad); err == nil {
			t.Errorf("%q: want an error", bad)
		}
	}
}

func TestTermTokens(t *testing.T) {
	tt := termTokens("GPT-# Qwen# -# %")
	if len(tt) != 5 || tt[0].fold != "gpt" || !tt[1].num || tt[1].minus || !tt[2].glued || tt[2].fold != "qwen" ||
		!tt[3].num || !tt[3].minus || tt[4].fold != "%" {
		t.Errorf("got %+v", tt)
	}
}
