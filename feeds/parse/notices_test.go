package parse

import "testing"

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
