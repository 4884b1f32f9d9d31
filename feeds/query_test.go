package feeds

import (
	"errors"
	"reflect"
	"testing"
	"time"
)

var queryNow = time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC)

func ptr(b bool) *bool { return &b }

func TestParseQuery(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		in   string
		want Query
	}{
		{"", Query{}},
		{"   ", Query{}},
		{"+ia -proprietaire", Query{WithTags: []string{"ia"}, WithoutTags: []string{"proprietaire"}}},
		{"+Propriétaire +Open_Source", Query{WithTags: []string{"proprietaire", "open-source"}}},
		{"+unread", Query{Read: ptr(false)}},
		{"-unread +starred", Query{Read: ptr(true), Starred: ptr(true)}},
		{"+read -starred", Query{Read: ptr(true), Starred: ptr(false)}},
		{"+unread +non-lus", Query{Read: ptr(false)}},
		{"=numerama =Le_Monde", Query{Sources: []string{"numerama", "le-monde"}}},
		{"@7d", Query{Since: queryNow.AddDate(0, 0, -7)}},
		{"@2w", Query{Since: queryNow.AddDate(0, 0, -14)}},
		{"@3m", Query{Since: queryNow.AddDate(0, -3, 0)}},
		{"@1y", Query{Since: queryNow.AddDate(-1, 0, 0)}},
		{"@12h", Query{Since: queryNow.Add(-12 * time.Hour)}},
		{"@2026-01-15", Query{Since: day(2026, 1, 15)}},
		{"@30d..7d", Query{Since: queryNow.AddDate(0, 0, -30), Until: queryNow.AddDate(0, 0, -7)}},
		{"@2026-01-01..2026-01-31", Query{Since: day(2026, 1, 1), Until: day(2026, 2, 1)}},
		{"llama mistral", Query{Words: []string{"llama", "mistral"}}},
		{`"poids ouverts" llama`, Query{Words: []string{"poids ouverts", "llama"}}},
		{`« poids  ouverts »`, Query{Words: []string{"poids ouverts"}}},
		{"!bitcoin !\"bons plans\"", Query{NotWords: []string{"bitcoin", "bons plans"}}},
		{"chiffr*", Query{Words: []string{"chiffr*"}}},
		{"+ia @2d =numerama mistral +unread", Query{WithTags: []string{"ia"}, Sources: []string{"numerama"},
			Since: queryNow.AddDate(0, 0, -2), Words: []string{"mistral"}, Read: ptr(false)}},
	}
	for _, tt := range tests {
		got, err := ParseQuery(tt.in, queryNow)
		if err != nil {
			t.Errorf("ParseQuery(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseQuery(%q)\n got %+v\nwant %+v", tt.in, got, tt.want)
		}
	}
}

func TestParseQueryErrors(t *testing.T) {
	tests := []struct {
		in, term, code string
		offset         int
	}{
		{"+ia @7x", "@7x", QueryErrUnknownDuration, 4},
		{"@", "@", QueryErrEmptyTerm, 0},
		{"@abc", "@abc", QueryErrUnknownDuration, 0},
		{"@2026-13-45", "@2026-13-45", QueryErrBadDate, 0},
		{"@7d..30d", "@7d..30d", QueryErrBadRange, 0},
		{"mistral +", "+", QueryErrEmptyTerm, 8},
		{"= x", "=", QueryErrEmptyTerm, 0},
		{"!", "!", QueryErrEmptyTerm, 0},
		{`llama "poids ouverts`, `"poids ouverts`, QueryErrUnclosedQuote, 6},
		{"+read +unread", "+unread", QueryErrContradiction, 6},
		{"+starred -starred", "-starred", QueryErrContradiction, 9},
	}
	for _, tt := range tests {
		_, err := ParseQuery(tt.in, queryNow)
		var qe *QueryError
		if !errors.As(err, &qe) {
			t.Errorf("ParseQuery(%q) = %v, want a *QueryError", tt.in, err)
			continue
		}
		if qe.Term != tt.term || qe.Code != tt.code || qe.Offset != tt.offset {
			t.Errorf("ParseQuery(%q) error = %q %s @%d, want %q %s @%d", tt.in, qe.Term, qe.Code, qe.Offset, tt.term, tt.code, tt.offset)
		}
	}
}

func TestParseQueryArgs(t *testing.T) {
	// What the shell hands over for: veille list +ia -proprietaire "poids ouverts"
	got, err := ParseQueryArgs([]string{"+ia", "-proprietaire", "poids ouverts"}, queryNow)
	if err != nil {
		t.Fatal(err)
	}
	want := Query{WithTags: []string{"ia"}, WithoutTags: []string{"proprietaire"}, Words: []string{"poids ouverts"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestFoldName(t *testing.T) {
	for in, want := range map[string]string{
		"Propriétaire": "proprietaire", "open source": "open-source", " Open_Source ": "open-source",
		"Régulation": "regulation", "Sécurité": "securite", "IA": "ia", "cœur": "coeur", "a--b": "a-b",
		"  Vie   privée ": "vie-privee", "Sécurité\u00a0IA": "securite-ia", "Open \u2013 Source": "open-source",
		"intelligence_artificielle": "intelligence-artificielle", "CYBERSÉCURITÉ": "cybersecurite",
	} {
		if got := FoldName(in); got != want {
			t.Errorf("FoldName(%q) = %q, want %q", in, got, want)
		}
	}
}
