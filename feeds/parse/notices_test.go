package parse

import (
	"math/rand/v2"
	"regexp"
	"testing"
)

func TestIsPaywallNotice(t *testing.T) {
	for s, want := range map[string]bool{
		"Il reste 76% de l’article à découvrir.":                                         true,
		"Il reste 76 % de l'article à découvrir.":                                        true,
		"Il vous reste 78.42% de cet article à lire. La suite est réservée aux abonnés.": true,
		"La suite est réservée aux abonnés.":                                             true,
		"Article réservé aux abonnés":                                                    true,
		"Lecture restreinte – Votre abonnement n’autorise pas la lecture de cet article": true,
		"Pour lire la suite de cet article, abonnez-vous.":                               true,
		"Abonnez-vous pour lire la suite":                                                true,
		"Il reste 5 jours pour s’inscrire.":                                              false,
		"Reste à voir si les développeurs adopteront ce modèle.":                         false,
		"Abonnez-vous pour ne rien manquer.":                                             false, // Next says it on free pages too
		"Déjà abonné ? Se connecter":                                                     false,
		"Le quotidien a expliqué qu’un article réservé aux abonnés peut être partagé par un abonné avec un proche, dans la limite de cinq articles par mois.": false,
	} {
		if got := IsPaywallNotice(s); got != want {
			t.Errorf("IsPaywallNotice(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestFeedNotices checks which notices feed text loses: those of both lists, and the
// feed-only ones; the page-only wordings stay, they occur in articles.
func TestFeedNotices(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		paywall  bool
	}{
		{"Début. Il vous reste 78,42 % de cet article à lire.", "Début.", true},
		{"Début. Il reste 89 % de l’article à découvrir.", "Début.", true},
		{"<p>Le chapô.</p><p>Lecture restreinte</p>", "Le chapô.", true},
		{"Début. Abonnez-vous pour ne rien manquer.", "Début.", true},
		{"Début. Déjà abonné ? Se connecter", "Début.", true},
		{"Texte. L’article Titre est apparu en premier sur Site.", "Texte.", false},
		{"Ce contenu est réservé aux abonnés Canal+ depuis lundi.", "Ce contenu est réservé aux abonnés Canal+ depuis lundi.", false},
		{"Abonnez-vous pour lire la presse en ligne, conseille l’étude.", "Abonnez-vous pour lire la presse en ligne, conseille l’étude.", false},
	} {
		got := convertHTML(tc.in, nil, false, true)
		if got.text != tc.want || got.paywalled != tc.paywall {
			t.Errorf("%q: text %q paywalled %v, want %q %v", tc.in, got.text, got.paywalled, tc.want, tc.paywall)
		}
		if FeedText(tc.in) != got.text {
			t.Errorf("FeedText(%q) = %q", tc.in, FeedText(tc.in))
		}
	}
}

// containsFoldASCII agrees with (?i) on the literal it stands in front of.
func TestContainsFoldASCII(t *testing.T) {
	re := regexp.MustCompile(`(?i)rticle`)
	cases := []string{"", "rticle", "ARTICLE", "ArTiClE réservé", "rticl", "r ticle", "\u0130rticle", "rtıcle", "rticl\u00e9", "@RTICLE", "[rticle"}
	cases = append(cases, randomStrings(3, "rRtTiIcClLeE é@[", 12, 3000)...)
	for _, s := range cases {
		if got, want := containsFoldASCII([]byte(s), "rticle"), re.MatchString(s); got != want {
			t.Errorf("containsFoldASCII(%q) = %v, (?i) says %v", s, got, want)
		}
	}
}

// resteDigit agrees with (?i)reste\s+\d, the part of reRemaining it stands in front of.
func TestResteDigit(t *testing.T) {
	re := regexp.MustCompile(`(?i)reste\s+\d`)
	cases := []string{"", "il reste 80 %", "Il RESTE\t\n 7", "reste80", "reste  x 9", "restes 8", "il reste", "reste 9 reste"}
	cases = append(cases, randomStrings(5, "rReEsStT 9\t\né%", 14, 3000)...)
	for _, s := range cases {
		if got, want := resteDigit([]byte(s)), re.MatchString(s); got != want {
			t.Errorf("resteDigit(%q) = %v, (?i) says %v", s, got, want)
		}
	}
}

// randomStrings gives n strings of up to maxLen bytes drawn from the bytes of letters (a multi-byte
// letter gives its bytes alone too: invalid UTF-8 is a case), the same for a seed every run.
func randomStrings(seed uint64, letters string, maxLen, n int) []string {
	rng := rand.New(rand.NewPCG(seed, seed+1))
	out := make([]string, n)
	for k := range out {
		b := make([]byte, rng.IntN(maxLen))
		for i := range b {
			b[i] = letters[rng.IntN(len(letters))]
		}
		out[k] = string(b)
	}
	return out
}
