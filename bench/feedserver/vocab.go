package main

// The synthetic French tech press: topics, each with its entities, noun phrases, keywords,
// categories, headline and sentence templates, plus generic templates and vocabulary shared
// by all topics. Templates hold slots in braces, expanded by gen.go:
//
//	{E} {E2}   an entity of the topic (company, product, institution, model)
//	{N} {N2}   a noun phrase of the topic, with its article ("les modèles à poids ouverts")
//	{K}        a short keyword of the topic ("poids ouverts")
//	{O}        a French tech company or institution
//	{P}        a person's name            {R} a role ("directrice technique chez Doctolib")
//	{C}        a city                     {D} a date ("le 14 mars")
//	{n}        2–99                       {nn} 100–99 999 (grouped with a no-break space)
//	{pct}      a percentage               {M} an amount of money
//	{Y}        a year                     {V} a version number
//	{W}        a weekday                  {X} a generic tech noun phrase
//
// Apostrophes are typographic (’) and guillemets carry no-break spaces; gen.go turns them
// into ASCII for the feeds whose style says so.

type topic struct {
	name       string   // internal id
	categories []string // RSS <category> values
	entities   []string
	nouns      []string
	keywords   []string
	titles     []string
	sentences  []string
	bullets    []string
}

var topics = []topic{
	{
		name:       "ia-open",
		categories: []string{"Intelligence artificielle", "IA", "Open source", "Modèles de langage", "IA générative", "Hugging Face"},
		entities: []string{"Mistral AI", "Mistral", "Hugging Face", "Meta", "Llama 4", "Mistral Large", "Mistral Small", "Codestral",
			"Kyutai", "DeepSeek", "Qwen", "Gemma", "OLMo", "BLOOM", "LightOn", "Le Chat", "Pixtral", "Ministral", "EleutherAI",
			"l’Allen Institute for AI", "Moshi", "Magistral", "Devstral", "Falcon", "Mixtral"},
		nouns: []string{"les modèles à poids ouverts", "le modèle open source", "la licence Apache 2.0", "les poids du modèle",
			"le jeu de données d’entraînement", "la fenêtre de contexte", "le modèle de raisonnement", "la communauté open source",
			"les benchmarks publics", "le fine-tuning", "la quantification en 4 bits", "l’inférence locale", "les GPU H100",
			"le classement LMArena", "la carte du modèle", "l’architecture mixture of experts", "les modèles compacts",
			"la distillation", "le dépôt sur Hugging Face", "l’IA souveraine"},
		keywords: []string{"poids ouverts", "open source", "open weight", "LLM", "Apache 2.0", "inférence locale", "fine-tuning",
			"modèle compact", "mixture of experts", "IA générative"},
		titles: []string{
			"{E} publie un nouveau modèle à poids ouverts sous licence Apache 2.0",
			"{E} dévoile {E2} : ce que l’on sait du nouveau modèle open source",
			"Open source : {E} veut rivaliser avec les modèles fermés",
			"IA : {E} lève {M} pour ses modèles ouverts",
			"Avec {E2}, {E} mise sur l’inférence locale",
			"Modèles ouverts : {E} dépasse {E2} sur {n} benchmarks",
			"{E} : les poids de {E2} disponibles sur Hugging Face",
			"Pourquoi {E} parie encore sur l’open source en {Y}",
		},
		sentences: []string{
			"{E} a mis en ligne les poids de son nouveau modèle sur Hugging Face, sous licence Apache 2.0.",
			"Le modèle compte {n} milliards de paramètres et tient sur une seule carte graphique grand public.",
			"Selon {E}, {N} permet de réduire de {pct} le coût d’inférence par rapport à la génération précédente.",
			"{E2} arrive en tête de plusieurs classements publics, devant des modèles fermés bien plus gros.",
			"Les développeurs peuvent télécharger {N} et l’exécuter en local avec llama.cpp ou Ollama.",
			"La communauté a publié plus de {nn} variantes affinées en moins de {n} jours.",
			"{E} ne publie toutefois ni le code d’entraînement ni le détail de {N2}.",
			"Pour l’Open Source Initiative, un modèle dont les données restent secrètes n’est pas vraiment open source.",
			"La start-up parisienne revendique désormais {nn} clients professionnels, dont {O} et {O}.",
			"{N} s’impose comme une alternative crédible pour les entreprises soucieuses de souveraineté.",
			"Le modèle gère une fenêtre de contexte de {n}0 000 jetons et comprend une vingtaine de langues.",
			"Les premiers tests montrent de bons résultats en code, un peu moins en raisonnement mathématique.",
			"{E} promet une version plus grande, réservée à ses clients, d’ici {D}.",
			"Mistral AI, fondée en {Y} par d’anciens chercheurs de Meta et de Google DeepMind, emploie désormais plusieurs centaines de personnes.",
			"Le laboratoire parisien Kyutai a publié le code de son modèle vocal, entraîné sur le supercalculateur Jean Zay.",
			"Sur Hugging Face, {E2} a été téléchargé plus de {nn} fois dès la première semaine.",
			"Les poids ouverts permettent aux administrations d’héberger le modèle sur leurs propres serveurs.",
			"Le modèle distillé tourne sur un ordinateur portable équipé de {n} Go de mémoire vive.",
			"Les chercheurs de {O} ont affiné {E} pour analyser des documents juridiques en français.",
			"Selon {P}, {R}, l’écart entre modèles ouverts et fermés s’est réduit à quelques mois.",
			"La licence interdit toutefois l’usage commercial au-delà de {nn} utilisateurs actifs.",
			"Les jeux de données de préentraînement, dont une part de textes en français, ont été documentés.",
			"Le classement Open LLM Leaderboard place désormais {E2} parmi les dix meilleurs modèles.",
			"L’entraînement a mobilisé {nn} processeurs graphiques pendant {n} semaines.",
		},
		bullets: []string{"{n} milliards de paramètres", "licence Apache 2.0", "fenêtre de contexte de {n}0 000 jetons",
			"disponible sur Hugging Face et via l’API de {E}", "exécutable en local avec Ollama", "quantification en 4 et 8 bits"},
	},
	{
		name:       "ia-proprio",
		categories: []string{"Intelligence artificielle", "IA", "ChatGPT", "OpenAI", "IA générative", "Google"},
		entities: []string{"OpenAI", "ChatGPT", "GPT-5", "Google", "Gemini", "Anthropic", "Claude", "Microsoft", "Copilot",
			"Sora", "Apple Intelligence", "Perplexity", "xAI", "Grok", "Amazon", "Nvidia", "Midjourney", "Google DeepMind",
			"Veo", "Meta AI", "Siri", "Alexa+"},
		nouns: []string{"le modèle propriétaire", "l’abonnement payant", "l’API payante", "l’agent conversationnel",
			"la nouvelle version de ChatGPT", "les agents IA", "le mode vocal", "la génération de vidéos", "l’offre Pro à 200 dollars",
			"les hallucinations", "le modèle fermé", "la fenêtre de contexte", "la facturation à l’usage", "le navigateur dopé à l’IA",
			"les centres de données géants", "les puces d’IA", "la recherche augmentée", "l’assistant de code"},
		keywords: []string{"ChatGPT", "GPT-5", "Gemini", "Claude", "modèle fermé", "agents IA", "IA générative", "chatbot", "API"},
		titles: []string{
			"{E} lance {E2}, plus rapide et plus cher",
			"ChatGPT : {E} ajoute {N} pour tous les abonnés",
			"{E} contre {E2} : la bataille des agents IA s’intensifie",
			"IA générative : {E} revendique {nn} millions d’utilisateurs hebdomadaires",
			"{E} dévoile {N} : ce qui change pour les utilisateurs français",
			"Pourquoi {E} ne publie pas les poids de {E2}",
			"{E} investit {M} dans de nouveaux centres de données",
			"Les hallucinations de {E2} inquiètent les juristes",
		},
		sentences: []string{
			"{E} a présenté {E2} lors d’une conférence diffusée en direct depuis {C}.",
			"Le modèle reste propriétaire : ni ses poids ni ses données d’entraînement ne sont publiés.",
			"{N} est réservé dans un premier temps aux abonnés Plus et Pro, avant un déploiement plus large.",
			"Selon {E}, {E2} commet {pct} d’erreurs factuelles en moins que la version précédente.",
			"L’accès par API est facturé {n} dollars par million de jetons en entrée.",
			"{E2} s’appuie sur des dizaines de milliers de puces Nvidia installées aux États-Unis.",
			"Les concurrents ne sont pas en reste : {E} prépare sa propre réponse pour {D}.",
			"Plusieurs chercheurs dénoncent l’opacité de {N}, impossible à auditer de l’extérieur.",
			"En France, {E2} est désormais intégré aux offres de {O}.",
			"L’entreprise affirme ne pas utiliser les conversations des clients professionnels pour entraîner ses modèles.",
			"{E} a levé {M} lors de son dernier tour de table, pour une valorisation record.",
			"Les agents IA peuvent désormais réserver un billet, remplir un formulaire ou écrire du code à la place de l’utilisateur.",
			"Le mode vocal de {E2} comprend le français et répond en moins d’une seconde.",
			"{E} facture désormais l’accès à {E2} {n} euros par mois pour les particuliers.",
			"Le nouveau modèle de raisonnement réfléchit plusieurs secondes avant de répondre.",
			"Les éditeurs de presse français négocient des accords de licence avec {E}.",
			"Le chatbot cite désormais ses sources, une demande récurrente des médias.",
			"Les conditions d’utilisation de {E2} autorisent l’entraînement sur les conversations, sauf opposition.",
			"L’assistant de code de {E} écrit désormais des fonctions entières à partir d’une simple consigne.",
			"Selon {O}, {pct} des salariés français utilisent déjà une IA générative au travail, souvent sans autorisation.",
			"Les capacités de {E2} restent impossibles à vérifier sans accès aux poids du modèle.",
			"La génération d’images de {E2} a suscité une polémique sur le droit d’auteur.",
			"Le contrat conclu avec {O} porte sur plusieurs milliers de licences Copilot.",
		},
		bullets: []string{"réservé aux abonnés payants", "disponible en France dès {D}", "{n} dollars par million de jetons",
			"mode vocal en français", "intégration à Microsoft 365", "pas de publication des poids"},
	},
	{
		name:       "regulation",
		categories: []string{"Régulation", "RGPD", "AI Act", "Union européenne", "CNIL", "Droit du numérique", "Politique"},
		entities: []string{"la CNIL", "la Commission européenne", "l’Arcom", "l’Autorité de la concurrence", "le Parlement européen",
			"Bruxelles", "le Conseil d’État", "la Cour de justice de l’Union européenne", "le gouvernement", "l’Arcep",
			"le Bureau européen de l’IA", "la DGCCRF", "le Sénat", "l’Assemblée nationale", "la Quadrature du Net", "noyb"},
		nouns: []string{"l’AI Act", "le RGPD", "le Digital Markets Act", "le Digital Services Act", "le règlement sur l’IA",
			"le code de bonnes pratiques", "l’amende record", "la mise en demeure", "le consentement aux cookies",
			"les obligations de transparence", "les systèmes d’IA à haut risque", "la protection des données personnelles",
			"le droit d’auteur", "la reconnaissance faciale", "la souveraineté numérique", "l’omnibus numérique", "la vérification de l’âge"},
		keywords: []string{"AI Act", "RGPD", "DMA", "DSA", "CNIL", "régulation", "conformité", "données personnelles", "amende"},
		titles: []string{
			"AI Act : {E} précise {N}",
			"RGPD : {E} inflige une amende de {M} à {O}",
			"{E} ouvre une enquête sur {N}",
			"Données personnelles : {E} met en demeure {n} entreprises",
			"IA : ce que {N} change pour les entreprises françaises dès {D}",
			"DMA : {E} accuse un géant américain de ne pas jouer le jeu",
			"Régulation de l’IA : {E} veut assouplir {N}",
			"Reconnaissance faciale : {E} tire la sonnette d’alarme",
		},
		sentences: []string{
			"{E} a publié {D} de nouvelles lignes directrices sur {N}.",
			"Les fournisseurs de modèles d’IA à usage général devront documenter leurs données d’entraînement.",
			"Les sanctions peuvent atteindre {pct} du chiffre d’affaires mondial de l’entreprise.",
			"{N} entre en application par étapes, jusqu’en {Y}.",
			"Pour {E2}, {N2} ne doit pas devenir un frein à l’innovation européenne.",
			"Les associations de défense des libertés dénoncent un recul sur {N}.",
			"{O} dispose de {n} mois pour se mettre en conformité.",
			"La délibération de {E} vise notamment la durée de conservation des données et l’information des personnes.",
			"Bruxelles a ouvert une procédure formelle contre plusieurs plateformes au titre du Digital Services Act.",
			"Le texte doit encore être examiné en commission mixte paritaire.",
			"Selon {E}, {nn} plaintes liées au RGPD ont été reçues l’an dernier, un record.",
			"Les entreprises françaises réclament un guichet unique pour appliquer {N}.",
			"Le Bureau européen de l’IA a publié la liste des modèles présentant un risque systémique.",
			"La CNIL a ouvert une consultation publique sur l’entraînement des modèles d’IA à partir de données personnelles.",
			"Les fournisseurs devront signaler les incidents graves dans un délai de {n} jours.",
			"Le code de bonnes pratiques a été signé par {n} fournisseurs de modèles, mais pas par tous.",
			"Le Conseil d’État a validé l’expérimentation de la vidéosurveillance algorithmique jusqu’en {Y}.",
			"L’Arcom rappelle que les plateformes doivent retirer les contenus illicites signalés.",
			"Les ayants droit réclament une rémunération pour l’utilisation de leurs œuvres par les IA.",
			"La France plaide pour un report de certaines obligations de l’AI Act.",
			"Les autorités de protection des données de {n} pays ont ouvert des enquêtes coordonnées.",
			"Selon {P}, {R}, le texte laisse trop de place à l’autorégulation.",
		},
		bullets: []string{"entrée en application : {D} {Y}", "amende jusqu’à {pct} du chiffre d’affaires", "obligations de transparence",
			"interdiction de la notation sociale", "registre des systèmes à haut risque", "délai de mise en conformité : {n} mois"},
	},
	{
		name:       "cyber",
		categories: []string{"Cybersécurité", "Sécurité", "Rançongiciel", "Fuite de données", "ANSSI", "Vulnérabilité"},
		entities: []string{"l’ANSSI", "le CERT-FR", "Cybermalveillance.gouv.fr", "LockBit", "Qilin", "Akira", "Microsoft", "Fortinet",
			"Ivanti", "Cisco", "Thales", "Orange Cyberdefense", "Stormshield", "HarfangLab", "Sekoia", "Yes We Hack", "Europol"},
		nouns: []string{"le rançongiciel", "la fuite de données", "la faille zero-day", "le correctif de sécurité", "la campagne d’hameçonnage",
			"l’attaque par déni de service", "les identifiants volés", "la double authentification", "le vol de données de santé",
			"le bug bounty", "l’exfiltration de données", "la vulnérabilité critique", "le piratage", "les mots de passe",
			"la chaîne d’approvisionnement logicielle", "les sauvegardes hors ligne"},
		keywords: []string{"cybersécurité", "rançongiciel", "ransomware", "fuite de données", "faille", "CVE", "hameçonnage", "phishing", "piratage"},
		titles: []string{
			"Cyberattaque : {O} victime d’{N}",
			"Fuite de données : {nn} clients de {O} concernés",
			"{E} alerte sur une faille critique dans les équipements {E2}",
			"Rançongiciel : le groupe {E} revendique l’attaque d’un hôpital à {C}",
			"Cybersécurité : {E} publie son panorama de la menace {Y}",
			"Hameçonnage : une nouvelle campagne vise les usagers de {O}",
			"Faille zero-day : {E} publie un correctif d’urgence",
		},
		sentences: []string{
			"{O} a confirmé {D} avoir été victime d’une intrusion dans son système d’information.",
			"Les données de {nn} clients, dont des noms, adresses et numéros de téléphone, ont été exposées.",
			"Aucune donnée bancaire n’aurait été dérobée, selon l’entreprise.",
			"{E} recommande d’appliquer sans délai le correctif publié par l’éditeur.",
			"La vulnérabilité, notée {n},{n} sur l’échelle CVSS, permet l’exécution de code à distance.",
			"Le groupe {E2} a revendiqué l’attaque sur son site vitrine hébergé sur le réseau Tor.",
			"Une plainte a été déposée et la CNIL a été notifiée dans le délai de 72 heures.",
			"{N} reste la première menace pour les collectivités et les hôpitaux français.",
			"Les experts conseillent d’activer la double authentification et de changer ses mots de passe.",
			"{E} a traité {nn} incidents l’an dernier, en hausse de {pct}.",
			"Les attaquants ont exploité {N} pour obtenir un accès initial au réseau.",
			"Une opération coordonnée par Europol a permis de saisir les serveurs du groupe.",
		},
		bullets: []string{"appliquer le correctif {V}", "activer la double authentification", "vérifier les journaux de connexion",
			"isoler les postes compromis", "prévenir ses clients", "déposer plainte"},
	},
	{
		name:       "smartphones",
		categories: []string{"Smartphones", "Mobile", "Android", "iPhone", "Tests", "High-tech", "Bons plans"},
		entities: []string{"Samsung", "Apple", "Google", "Xiaomi", "OnePlus", "Fairphone", "Nothing", "Oppo", "Honor", "Motorola",
			"l’iPhone 17", "le Galaxy S26", "le Pixel 10", "le Fairphone 6", "le Xiaomi 15T", "le Nothing Phone (3)", "Android 16", "iOS 26"},
		nouns: []string{"l’autonomie de la batterie", "le capteur photo principal", "l’écran OLED de 6,7 pouces", "la charge rapide",
			"le processeur Snapdragon", "la puce Tensor", "les mises à jour logicielles", "le prix de lancement", "la réparabilité",
			"le mode nuit", "le zoom optique", "la recharge sans fil", "l’indice de durabilité", "le reconditionné", "le forfait"},
		keywords: []string{"smartphone", "Android", "iPhone", "autonomie", "photo", "5G", "test", "bon plan", "réparabilité"},
		titles: []string{
			"Test {E2} : un smartphone presque parfait",
			"{E} présente {E2} : prix, date de sortie et fiche technique",
			"Bon plan : {E2} passe à {nn} euros",
			"{E2} face à {E} : lequel choisir en {Y} ?",
			"{E} promet {n} ans de mises à jour pour ses smartphones",
			"Réparabilité : {E2} obtient {n}/10",
			"Fuite : voici {E2} sous toutes les coutures",
		},
		sentences: []string{
			"{E2} sera vendu {nn} euros en France à partir du {W} suivant.",
			"{N} progresse nettement : nous avons tenu {n} heures en usage mixte.",
			"Le constructeur promet {n} ans de mises à jour de sécurité et de versions d’Android.",
			"Côté photo, {N} se montre convaincant de jour, un peu moins en basse lumière.",
			"La recharge à {n} W permet de retrouver {pct} de batterie en vingt minutes.",
			"{E} conserve un design proche de la génération précédente, avec un dos en verre mat.",
			"L’indice de réparabilité atteint {n},{n}/10, un bon score pour la catégorie.",
			"Les fonctions d’IA embarquées permettent de résumer des appels ou de retoucher des photos.",
			"Le marché français du smartphone a reculé de {pct} au dernier trimestre, selon {O}.",
			"{N} reste le point faible de l’appareil face à {E}.",
			"Le modèle est disponible en quatre coloris et trois capacités de stockage.",
		},
		bullets: []string{"écran OLED 120 Hz", "batterie de {nn} mAh", "recharge {n} W", "{n} ans de mises à jour", "prix : {nn} euros",
			"indice de réparabilité : {n},{n}/10"},
	},
	{
		name:       "open-source",
		categories: []string{"Logiciel libre", "Open source", "Linux", "Développement", "Communauté"},
		entities: []string{"Debian", "Ubuntu", "Fedora", "Linux", "le noyau Linux", "LibreOffice", "Firefox", "Thunderbird", "GNOME",
			"KDE Plasma", "Framasoft", "la Fondation Mozilla", "The Document Foundation", "VLC", "Nextcloud", "PostgreSQL",
			"Rust", "Python", "Go", "GitLab", "Codeberg", "la Free Software Foundation", "l’April", "Proxmox", "Arch Linux"},
		nouns: []string{"le logiciel libre", "la licence GPL", "la nouvelle version stable", "les contributeurs bénévoles",
			"la feuille de route", "le gestionnaire de paquets", "le support à long terme", "la compilation reproductible",
			"la forge logicielle", "le code source", "la gouvernance du projet", "les développeurs du noyau", "le financement participatif",
			"l’environnement de bureau", "la migration vers Wayland", "la sobriété numérique"},
		keywords: []string{"open source", "logiciel libre", "Linux", "GPL", "communauté", "distribution", "noyau", "licence libre"},
		titles: []string{
			"{E} {V} est disponible : les nouveautés",
			"Logiciel libre : {E} fête ses {n} ans",
			"{E} adopte Rust pour une partie de son code",
			"L’administration française migre vers {E}",
			"{E} cherche des contributeurs pour {N}",
			"Sortie de {E} {V} : ce qui change pour les utilisateurs",
			"Open source : {E} change de licence, la communauté s’inquiète",
		},
		sentences: []string{
			"La version {V} de {E} apporte plus de {nn} corrections et une interface remaniée.",
			"{N} reste au cœur du projet, porté par une communauté de {nn} contributeurs.",
			"Les mainteneurs annoncent un support à long terme de {n} ans pour cette branche.",
			"Le code source est disponible sur {E2}, sous licence GPL version 3.",
			"La gendarmerie nationale utilise Linux sur plus de {nn} postes de travail.",
			"{E} s’appuie sur des dons et sur le soutien d’entreprises comme {O}.",
			"La migration vers Wayland est désormais activée par défaut.",
			"Les utilisateurs peuvent mettre à jour depuis le gestionnaire de paquets habituel.",
			"Le projet a reçu {M} d’un fonds public européen pour renforcer sa sécurité.",
			"Pour l’April, {N} est un enjeu de souveraineté pour les administrations.",
			"Cette version abandonne la prise en charge des processeurs 32 bits.",
			"Une dépêche détaillée est publiée sur LinuxFr.org, avec la liste des nouveautés.",
		},
		bullets: []string{"noyau Linux 6.{n}", "GNOME {n} ou KDE Plasma 6.{n}", "support jusqu’en {Y}", "{nn} paquets mis à jour",
			"images ISO pour amd64 et arm64", "corrections de sécurité"},
	},
	{
		name:       "cloud",
		categories: []string{"Cloud", "Entreprise", "Souveraineté", "Datacenter", "DSI", "Informatique"},
		entities: []string{"OVHcloud", "Scaleway", "Outscale", "AWS", "Microsoft Azure", "Google Cloud", "Bleu", "S3NS", "Capgemini",
			"Atos", "Sopra Steria", "Orange Business", "Numspot", "SAP", "Oracle", "Salesforce", "Broadcom", "VMware"},
		nouns: []string{"le cloud souverain", "la qualification SecNumCloud", "le centre de données", "la migration vers le cloud",
			"les licences VMware", "la facture énergétique", "l’hébergement des données de santé", "le cloud hybride",
			"les DSI", "la réversibilité", "les puces d’IA", "le refroidissement liquide", "l’extraterritorialité du droit américain",
			"le Cloud Act", "la sobriété énergétique", "les frais de sortie"},
		keywords: []string{"cloud", "souveraineté", "SecNumCloud", "datacenter", "DSI", "hébergement", "Cloud Act", "VMware"},
		titles: []string{
			"Cloud souverain : {E} obtient la qualification SecNumCloud",
			"{E} ouvre un nouveau centre de données près de {C}",
			"Licences VMware : les DSI françaises face à la hausse des prix",
			"{E} annonce {M} d’investissements en France",
			"Cloud Act : pourquoi {N} inquiète les entreprises",
			"{E} et {E2} s’allient pour {N}",
		},
		sentences: []string{
			"{E} a annoncé {D} l’ouverture d’un centre de données de {n} mégawatts près de {C}.",
			"La qualification SecNumCloud garantit que les données échappent au droit extraterritorial américain.",
			"{N} devient un critère décisif dans les appels d’offres publics.",
			"Les clients de VMware dénoncent des hausses de prix allant jusqu’à {pct}.",
			"{E2} revendique {nn} clients en Europe, dont {O}.",
			"Le chiffre d’affaires de {E} a progressé de {pct} sur un an.",
			"Les DSI interrogés citent la maîtrise des coûts comme première priorité pour {Y}.",
			"{N} reste un frein pour les hôpitaux et les collectivités.",
			"Le site sera alimenté par une électricité bas carbone et récupérera la chaleur fatale.",
			"Selon {O}, {pct} des entreprises françaises ont déjà migré une partie de leurs applications.",
			"L’État a rappelé que les données sensibles doivent être hébergées sur un cloud qualifié.",
		},
		bullets: []string{"{n} mégawatts de puissance", "qualification SecNumCloud {V}", "{nn} serveurs GPU", "ouverture prévue en {Y}",
			"récupération de chaleur", "réversibilité garantie"},
	},
	{
		name:       "startups",
		categories: []string{"Startups", "French Tech", "Levée de fonds", "Business", "Financement", "Entrepreneuriat"},
		entities: []string{"Station F", "Bpifrance", "la French Tech", "Partech", "Eurazeo", "Elaia", "Kima Ventures", "Alven",
			"Pigment", "Qonto", "Alan", "Doctolib", "Back Market", "Mirakl", "Contentsquare", "Pennylane", "Dataiku", "Photoroom",
			"Nabla", "H Company", "Pasqal", "Quandela", "Poolside", "Swile", "Lydia", "Ledger"},
		nouns: []string{"la levée de fonds", "le tour de table", "la série A", "la série B", "la valorisation", "les investisseurs",
			"le programme French Tech 2030", "le Next40", "le FT120", "le recrutement", "la rentabilité", "l’expansion internationale",
			"le plan social", "le marché du capital-risque", "les business angels", "l’introduction en Bourse"},
		keywords: []string{"startup", "levée de fonds", "French Tech", "licorne", "investissement", "série A", "capital-risque"},
		titles: []string{
			"{E} lève {M} pour accélérer à l’international",
			"French Tech : {n} startups rejoignent {N}",
			"{E} devient la nouvelle licorne française",
			"Capital-risque : les levées de fonds reculent de {pct} au premier semestre",
			"{E} rachète une startup de {C}",
			"{E} prépare {N} pour {Y}",
			"Portrait : comment {E} est passée de {n} à {nn} salariés",
		},
		sentences: []string{
			"{E} annonce {D} une levée de {M} menée par {E2}.",
			"Cette opération valorise l’entreprise à plus d’un milliard d’euros.",
			"Les fonds serviront à recruter {nn} personnes et à s’implanter aux États-Unis.",
			"Fondée en {Y} à {C}, la startup compte déjà {nn} clients.",
			"{N} a reculé de {pct} en France sur un an, selon le baromètre d’EY.",
			"L’IA concentre désormais près d’un tiers des montants investis dans la French Tech.",
			"Bpifrance participe au tour de table aux côtés de fonds américains.",
			"Le fondateur, {P}, vise la rentabilité d’ici {Y}.",
			"{E} fait partie du Next40, la vitrine des startups françaises les plus prometteuses.",
			"Le gouvernement veut faire émerger {n} licornes de l’IA d’ici la fin de la décennie.",
			"Plusieurs startups ont annoncé des plans de départs, faute de nouveaux financements.",
		},
		bullets: []string{"montant : {M}", "investisseurs : {E} et {E2}", "{nn} salariés", "présence dans {n} pays",
			"chiffre d’affaires en hausse de {pct}", "fondée en {Y}"},
	},
	{
		name:       "telecoms",
		categories: []string{"Télécoms", "Fibre", "5G", "Opérateurs", "Internet", "Forfaits"},
		entities: []string{"Free", "Orange", "SFR", "Bouygues Telecom", "l’Arcep", "Free Mobile", "Sosh", "RED by SFR", "B&You",
			"Iliad", "Altice", "Starlink", "Eutelsat OneWeb", "Nokia", "Ericsson"},
		nouns: []string{"la fibre optique", "la 5G", "le forfait mobile", "la box internet", "le réseau cuivre", "la couverture 4G",
			"les zones blanches", "le débit moyen", "les fréquences", "le satellite", "le Wi-Fi 7", "la hausse des prix",
			"le service client", "la portabilité du numéro"},
		keywords: []string{"fibre", "5G", "forfait", "box", "opérateur", "Arcep", "débit", "réseau"},
		titles: []string{
			"{E} lance un forfait 5G à {n},99 euros par mois",
			"Fibre : {E} annonce la fin du réseau cuivre à {C}",
			"Débits : {E} arrive en tête du classement de l’Arcep",
			"{E} augmente le prix de ses box de {n} euros",
			"5G : {E} active {nn} nouveaux sites",
			"Panne géante chez {E} : ce que l’on sait",
		},
		sentences: []string{
			"Le nouveau forfait de {E} inclut {n}0 Go de données en 5G, pour {n},99 euros par mois.",
			"{N} couvre désormais {pct} des logements, selon les chiffres de l’Arcep.",
			"La fermeture du réseau cuivre se poursuivra commune par commune jusqu’en {Y}.",
			"{E2} conteste la décision et envisage un recours devant le Conseil d’État.",
			"Le débit moyen atteint {nn} Mbit/s en téléchargement sur le réseau fixe.",
			"Les abonnés ont reçu un courriel annonçant une hausse de {n} euros par mois.",
			"{E} revendique {nn} 000 nouveaux abonnés à la fibre au dernier trimestre.",
			"La panne a privé des centaines de milliers de clients d’internet pendant plusieurs heures.",
			"{N} reste un enjeu majeur dans les zones rurales.",
			"L’offre est sans engagement et la box est prêtée pendant la durée de l’abonnement.",
		},
		bullets: []string{"{n}0 Go en 5G", "{n},99 euros par mois", "sans engagement", "box Wi-Fi 7", "appels illimités",
			"disponible dès le {W}"},
	},
	{
		name:       "jeux",
		categories: []string{"Jeux vidéo", "Culture", "Consoles", "Divertissement", "Pop culture"},
		entities: []string{"Ubisoft", "Nintendo", "la Switch 2", "Sony", "la PlayStation 5", "Microsoft", "Xbox", "Valve", "Steam",
			"Quantic Dream", "Don’t Nod", "Sandfall Interactive", "Clair Obscur: Expedition 33", "Dotemu", "Focus Entertainment", "Epic Games"},
		nouns: []string{"le jeu vidéo", "la console", "le studio français", "le crédit d’impôt jeu vidéo", "l’abonnement Game Pass",
			"le cloud gaming", "les microtransactions", "le report de la sortie", "la bande-annonce", "les précommandes",
			"l’IA générative dans le jeu vidéo", "le salon de la Paris Games Week"},
		keywords: []string{"jeu vidéo", "console", "gaming", "studio", "Switch 2", "PS5", "Steam"},
		titles: []string{
			"{E} annonce {N} pour {Y}",
			"Jeu vidéo : {E} supprime {n}0 postes",
			"{E2} s’est vendue à {nn} 000 exemplaires en France",
			"Test : le nouveau jeu de {E} tient ses promesses",
			"IA générative : les doubleurs français inquiets",
		},
		sentences: []string{
			"{E} a confirmé la sortie du jeu pour {D}.",
			"Le studio emploie {nn} personnes, principalement à {C} et à Montréal.",
			"{N} représente désormais {pct} du chiffre d’affaires du secteur.",
			"Les joueurs dénoncent l’arrivée de microtransactions dans un jeu vendu {n}0 euros.",
			"{E2} a franchi la barre des {nn} 000 joueurs simultanés sur Steam.",
			"Le crédit d’impôt jeu vidéo a été prolongé jusqu’en {Y}.",
			"Les comédiens de doublage réclament un encadrement de l’IA générative.",
			"La bande-annonce a été vue plus de {nn} 000 fois en {n} heures.",
		},
		bullets: []string{"sortie le {D}", "prix : {n}0 euros", "disponible sur PS5, Xbox et PC", "textes et voix en français",
			"{n} heures de jeu"},
	},
}

// iaTopics are the topics an AI-only feed draws from.
var iaTopics = []string{"ia-open", "ia-proprio", "regulation"}

// genericTitles fit any topic.
var genericTitles = []string{
	"{K} : ce qu’il faut retenir de la semaine",
	"{E} : {n} choses à savoir",
	"On a testé {E} pendant {n} jours",
	"Pourquoi {N} change la donne en {Y}",
	"{E} : la fin d’une époque ?",
	"Entretien avec {P} : « {K}, c’est maintenant »",
	"{K} : {E} répond à ses détracteurs",
	"Ce que {E} prépare pour {Y}",
	"{E} dans la tourmente après {N}",
	"Les annonces de {E} à retenir",
	"{K} : le gouvernement présente son plan",
	"Tribune : {N}, une chance pour l’Europe",
}

// genericSentences fit any topic.
var genericSentences = []string{
	"L’annonce a été faite {D}, lors d’un événement organisé à {C}.",
	"{E} n’a pas souhaité commenter ces informations.",
	"Contacté par notre rédaction, {O} n’a pas donné suite.",
	"Ce n’est pas la première fois que {E} se retrouve sous le feu des critiques.",
	"Le sujet divise les spécialistes, entre enthousiasme et prudence.",
	"Il faudra attendre {D} pour en savoir plus.",
	"{N} devrait rester au centre des débats dans les prochains mois.",
	"Les chiffres publiés par {O} confirment cette tendance.",
	"Sur les réseaux sociaux, les réactions ont été nombreuses.",
	"{P}, {R}, estime que {N} pourrait tout changer.",
	"La décision intervient dans un contexte de forte concurrence internationale.",
	"Plus de {nn} personnes ont signé une pétition en ligne.",
	"Le marché européen pèse désormais {M}, selon le cabinet IDC.",
	"À {C}, les équipes de {E} travaillent sur le sujet depuis {n} mois.",
	"{E} a confirmé l’information à nos confrères, sans donner de calendrier précis.",
	"Les utilisateurs français devront patienter encore quelques semaines.",
	"Le projet avait été présenté pour la première fois au salon VivaTech.",
	"Le ministre chargé du numérique a salué « une excellente nouvelle pour la France ».",
	"D’après nos informations, {n} entreprises du CAC 40 seraient concernées.",
	"L’entreprise a vu son action bondir de {pct} à l’ouverture.",
	"Reste à savoir si {N} convaincra au-delà des premiers utilisateurs.",
	"{O} a déjà fait savoir qu’il suivrait le mouvement.",
	"Un rapport parlementaire publié {D} recommande d’aller plus loin.",
	"Les syndicats demandent des garanties sur l’emploi.",
	"{P} rappelle que {N} n’est qu’une étape.",
	"La mise à jour sera déployée progressivement à partir de {W} prochain.",
	"En {Y}, le secteur a représenté {M} de chiffre d’affaires en France.",
	"Une version bêta est déjà disponible pour les testeurs inscrits.",
	"Le calendrier reste flou, mais {E} vise une disponibilité générale avant la fin de l’année.",
	"Le dossier sera examiné par le Conseil national du numérique.",
	"Selon une étude de {O}, {pct} des Français se disent inquiets.",
	"Cette évolution était réclamée de longue date par la communauté.",
	"Les collectivités territoriales sont en première ligne.",
	"{E} emploie {nn} personnes dans le monde, dont {nn} en France.",
	"Les détails techniques seront présentés lors d’une conférence à {C}.",
	"Le ton est monté entre {E} et {O} ces derniers jours.",
	"Les écoles d’ingénieurs peinent à former assez de spécialistes.",
	"L’Inria et le CNRS participent au projet.",
	"Le Conseil européen doit se prononcer sur le sujet au printemps.",
	"{N} a été au cœur des discussions lors du dernier sommet de l’IA à Paris.",
}

// openers start a sentence now and then.
var openers = []string{
	"Par ailleurs, ", "En outre, ", "Toutefois, ", "Selon nos informations, ", "De son côté, ", "Pour rappel, ",
	"Dans le détail, ", "Concrètement, ", "Autre nouveauté : ", "Sans surprise, ", "À noter : ", "En parallèle, ",
	"D’après l’entreprise, ", "Côté prix, ", "Pour l’heure, ", "Au passage, ", "Comme l’an dernier, ", "Surtout, ",
	"Bonne nouvelle : ", "Mauvaise nouvelle : ", "En clair, ", "Dans un communiqué, ", "Interrogé par nos soins, ",
	"Fait notable, ", "Enfin, ",
}

// quotes feed <blockquote> elements.
var quotes = []string{
	"Nous voulons prouver qu’une alternative européenne est possible.",
	"{N} est un chantier de plusieurs années, pas une affaire de mois.",
	"Nos clients nous demandent avant tout de la transparence.",
	"Il n’y a pas de souveraineté sans maîtrise de la technologie.",
	"Nous avons multiplié nos effectifs par {n} en deux ans.",
	"Ce n’est qu’un début : la prochaine version ira beaucoup plus loin.",
	"La régulation ne doit pas empêcher l’innovation, mais l’encadrer.",
	"Nous prenons cet incident très au sérieux.",
	"{K} n’est pas une mode, c’est une transformation profonde.",
	"Les utilisateurs ont le droit de savoir ce qui est fait de leurs données.",
	"Nous restons attachés à l’open source et à la recherche ouverte.",
	"Nous n’avons pas encore de date à communiquer.",
	"Le marché français est stratégique pour nous.",
	"La sécurité de nos clients est notre priorité absolue.",
	"Nous avons été surpris par l’ampleur de la demande.",
	"Il faut arrêter d’opposer innovation et protection des données.",
	"Les petites entreprises ont besoin de règles simples.",
	"Personne ne sait vraiment où s’arrêteront ces modèles.",
}

// roles are given as masculine|feminine, to agree with the person's first name.
var roles = []string{
	"directeur technique chez {O}|directrice technique chez {O}", "directeur général de {O}|directrice générale de {O}",
	"chercheur à l’Inria|chercheuse à l’Inria", "chercheur au CNRS|chercheuse au CNRS", "analyste chez IDC|analyste chez IDC",
	"président de {O}|présidente de {O}", "cofondateur de {O}|cofondatrice de {O}",
	"avocat spécialisé en droit du numérique|avocate spécialisée en droit du numérique",
	"responsable de la sécurité chez {O}|responsable de la sécurité chez {O}", "économiste à l’OFCE|économiste à l’OFCE",
	"professeur à l’université Paris-Saclay|professeure à l’université Paris-Saclay",
	"délégué général de France Digitale|déléguée générale de France Digitale",
	"porte-parole de la Quadrature du Net|porte-parole de la Quadrature du Net", "ingénieur chez {O}|ingénieure chez {O}",
	"député membre de la commission des affaires économiques|députée membre de la commission des affaires économiques",
	"consultant chez Wavestone|consultante chez Wavestone",
}

var firstNamesM = []string{
	"Julien", "Thomas", "Nicolas", "Antoine", "Maxime", "Alexandre", "Guillaume", "Romain", "Pierre", "Hugo", "Lucas",
	"Mathieu", "Karim", "Mehdi", "Sébastien", "François", "Benoît", "Olivier", "Damien", "Jérôme", "Rémi", "Vincent",
	"Adrien", "Florian", "Cédric", "Quentin", "Bastien", "Yann", "Loïc",
}

var firstNamesF = []string{
	"Camille", "Claire", "Sophie", "Marie", "Léa", "Julie", "Émilie", "Sarah", "Laura", "Chloé", "Manon", "Inès",
	"Amandine", "Yasmine", "Nadia", "Élodie", "Hélène", "Aurélie", "Céline", "Fanny", "Agathe", "Margaux", "Pauline",
	"Morgane", "Anaïs", "Zoé", "Salomé", "Lina", "Gaëlle",
}

var lastNames = []string{
	"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent",
	"Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André",
	"Lefèvre", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau",
	"Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu", "Clément", "Gauthier",
	"Dumont", "Lopez", "Fontaine", "Chevalier", "Robin", "Masson", "Sanchez", "Gérard", "Nguyen", "Boyer", "Denis",
	"Lemaire", "Duval", "Joly", "Gautier", "Roger", "Roche", "Roy", "Noël", "Meyer", "Lucas", "Meunier", "Jean", "Perez",
	"Marchand", "Dufour", "Blanchard", "Benali", "Haddad", "Le Gall", "Le Goff", "Kerbrat", "Baptiste", "Diallo",
}

var orgs = []string{
	"Orange", "Thales", "Capgemini", "Doctolib", "Free", "Dassault Systèmes", "Atos", "Criteo", "Deezer", "Ledger",
	"BlaBlaCar", "Qonto", "Alan", "Back Market", "Contentsquare", "Mirakl", "Ubisoft", "Sopra Steria", "OVHcloud",
	"Scaleway", "La Poste", "EDF", "Airbus", "Renault", "la SNCF", "BNP Paribas", "Leboncoin", "Dataiku", "LightOn",
	"Mistral AI", "Hugging Face", "Numeum", "France Digitale", "l’Inria", "le CNRS", "Bpifrance", "Wavestone", "Fnac Darty",
	"Boulanger", "Cdiscount", "Veepee", "Withings", "Parrot", "Believe", "Sorare", "Pennylane", "Swile", "Vinted",
	"Decathlon", "Carrefour", "TF1", "France Télévisions", "Radio France", "l’AP-HP", "la CAF", "France Travail",
}

var cities = []string{
	"Paris", "Lyon", "Nantes", "Bordeaux", "Toulouse", "Lille", "Grenoble", "Rennes", "Montpellier", "Marseille",
	"Strasbourg", "Nice", "Sophia Antipolis", "Saclay", "Bruxelles", "Berlin", "San Francisco", "Londres", "Montréal",
	"Genève", "Brest", "Clermont-Ferrand", "Dijon", "Angers", "Tours", "Metz", "Rouen", "Caen", "Pau", "Annecy",
}

var techNouns = []string{
	"l’intelligence artificielle", "la cybersécurité", "le cloud", "la 5G", "les données personnelles", "le logiciel libre",
	"les semi-conducteurs", "l’informatique quantique", "la voiture électrique", "les réseaux sociaux", "le commerce en ligne",
	"la transition numérique", "les métavers", "la blockchain", "les objets connectés", "la robotique", "le télétravail",
}

var weekdays = []string{"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"}

var monthsFR = []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}

// RFC 822 layout with French abbreviations, as some localised CMSs emit.
var daysShortFR = []string{"dim", "lun", "mar", "mer", "jeu", "ven", "sam"}
var monthsShortFR = []string{"janv", "févr", "mars", "avr", "mai", "juin", "juil", "août", "sept", "oct", "nov", "déc"}

var outletPrefixes = []string{
	"Le Journal", "La Gazette", "Les Cahiers", "L’Observatoire", "Le Courrier", "La Lettre", "Le Fil", "L’Écho",
	"Le Quotidien", "La Revue", "Le Mag", "Les Dépêches", "Le Blog", "La Tribune", "Le Labo", "Le Carnet",
}

var outletSuffixes = []string{
	"du Numérique", "de l’IA", "du Code", "des Réseaux", "du Libre", "de la Tech", "des Startups", "du Cloud",
	"de la Cyber", "du Mobile", "des Données", "du Web", "des Geeks", "de l’Innovation", "des Octets", "du Silicium",
}

// opmlCategories are the four folders of /opml; a feed's category biases its topics.
var opmlCategories = []struct {
	name   string
	topics []string
}{
	{"Actualité tech", []string{"smartphones", "telecoms", "jeux", "ia-proprio", "cyber", "ia-open"}},
	{"Intelligence artificielle", iaTopics},
	{"Informatique d’entreprise", []string{"cloud", "cyber", "open-source", "regulation", "ia-open"}},
	{"Startups et business", []string{"startups", "ia-proprio", "cloud", "regulation", "telecoms"}},
}

// synonyms vary the wording of the templates: every occurrence of a key may be replaced by
// one of its interchangeable alternatives (same gender and number), as different newsrooms
// would write it. Without this, templates repeat word for word and gzip finds them all.
var synonyms = map[string][]string{
	"annonce":            {"dévoile", "présente", "officialise", "confirme"},
	"a annoncé":          {"a dévoilé", "a présenté", "a officialisé", "a confirmé"},
	"a présenté":         {"a dévoilé", "a annoncé", "a levé le voile sur"},
	"a publié":           {"a mis en ligne", "a diffusé", "a rendu public"},
	"l’entreprise":       {"la société", "la firme", "l’entreprise", "la maison mère"},
	"L’entreprise":       {"La société", "La firme", "L’éditeur"},
	"la start-up":        {"la startup", "la jeune pousse", "la jeune entreprise"},
	"la startup":         {"la start-up", "la jeune pousse"},
	"les utilisateurs":   {"les usagers", "les internautes", "les clients", "les abonnés"},
	"Les utilisateurs":   {"Les usagers", "Les internautes", "Les clients", "Les abonnés"},
	"les développeurs":   {"les programmeurs", "les équipes de développement", "les codeurs"},
	"Les développeurs":   {"Les programmeurs", "Les équipes techniques", "Les codeurs"},
	"en France":          {"dans l’Hexagone", "sur le marché français", "en France métropolitaine"},
	"désormais":          {"dorénavant", "maintenant", "aujourd’hui"},
	"notamment":          {"en particulier", "entre autres", "surtout"},
	"également":          {"aussi", "de plus", "en outre"},
	"selon":              {"d’après", "à en croire", "si l’on en croit"},
	"Selon":              {"D’après", "À en croire", "Si l’on en croit"},
	"plusieurs":          {"quelques", "de multiples"},
	"Plusieurs":          {"Quelques", "De multiples"},
	"les entreprises":    {"les sociétés", "les organisations", "les PME", "les grands groupes"},
	"l’an dernier":       {"l’année dernière", "en 2025", "sur les douze derniers mois"},
	"nouveau":            {"tout nouveau", "récent"},
	"permet":             {"doit permettre", "devrait permettre", "promet"},
	"le constructeur":    {"le fabricant", "la marque", "le géant"},
	"Le constructeur":    {"Le fabricant", "La marque", "Le géant"},
	"le gouvernement":    {"l’exécutif", "Matignon", "Bercy", "le ministère"},
	"les chercheurs":     {"les scientifiques", "les universitaires", "les spécialistes"},
	"les experts":        {"les spécialistes", "les analystes", "les observateurs"},
	"Les experts":        {"Les spécialistes", "Les analystes", "Les observateurs"},
	"grand public":       {"pour tous", "accessible", "de masse"},
	"reste":              {"demeure", "constitue toujours", "est encore"},
	"important":          {"majeur", "crucial", "considérable", "significatif"},
	"très":               {"particulièrement", "extrêmement", "fort"},
	"rapidement":         {"très vite", "sans tarder", "en quelques semaines"},
	"environ":            {"près de", "quelque", "autour de"},
	"plus de":            {"au-delà de", "plus de"},
	"moins de":           {"à peine", "tout juste", "moins de"},
	"modèle":             {"modèle", "système", "LLM"},
	"données":            {"données", "informations", "données"},
	"sécurité":           {"sécurité", "cybersécurité", "protection"},
	"a confirmé":         {"a confirmé", "a reconnu", "a assuré", "a fait savoir"},
	"affirme":            {"assure", "soutient", "estime", "fait valoir"},
	"estime":             {"juge", "considère", "pense", "affirme"},
	"dénoncent":          {"critiquent", "fustigent", "pointent du doigt", "regrettent"},
	"recommande":         {"conseille", "préconise", "suggère"},
	"revendique":         {"affiche", "annonce", "compte", "déclare"},
	"publié":             {"publié", "dévoilé", "rendu public", "diffusé"},
	"travaillent":        {"planchent", "travaillent", "s’activent"},
	"progressé":          {"progressé", "augmenté", "grimpé", "bondi"},
	"reculé":             {"reculé", "baissé", "chuté", "diminué"},
	"hausse":             {"hausse", "progression", "augmentation"},
	"baisse":             {"baisse", "diminution", "recul"},
	"sujet":              {"sujet", "dossier", "thème"},
	"projet":             {"projet", "chantier", "programme"},
	"semaines":           {"semaines", "jours", "mois"},
	"clients":            {"clients", "utilisateurs", "abonnés", "comptes"},
	"personnes":          {"personnes", "salariés", "collaborateurs"},
	"chiffre d’affaires": {"chiffre d’affaires", "revenu", "activité"},
	"entreprises":        {"entreprises", "sociétés", "organisations", "structures"},
	"startups":           {"startups", "start-up", "jeunes pousses"},
	"aussi":              {"aussi", "également"},
	"mais":               {"mais", "toutefois", "cependant"},
	"prochains mois":     {"prochaines semaines", "mois à venir", "trimestres à venir"},
	"en ligne":           {"sur Internet", "en ligne", "sur le Web"},
}

// inserts are spliced before a sentence's final period now and then.
var inserts = []string{
	" cette semaine", " ce {W}", " depuis {C}", ", selon {O}", ", d’après {P}", ", indique {P}", ", précise {P}, {R}",
	", a-t-on appris {W}", " (voir notre article du {D2})", " d’ici {Y}", ", affirme {O}", ", selon nos confrères",
	", comme l’a révélé {O}", " dès {D}", " à {C}", ", si l’on en croit {P}", ", confie {P}", ", explique {P}, {R}",
	" en {Y}", ", selon un porte-parole", ", selon un communiqué publié {D}",
}

// Invented names ({S}): new startups and products appear every day in the tech press, and
// their names are what keeps real text from compressing like a template.
var nameSyllables = []string{
	"ka", "lo", "vi", "ne", "tra", "mi", "zo", "ri", "qua", "sen", "dor", "phi", "lu", "mar", "tes", "vel", "gra", "no",
	"bri", "sa", "ty", "xo", "pla", "fi", "ren", "co", "da", "mo", "stel", "ori", "ax", "ly", "pe", "ga", "vo", "ix", "ma",
	"el", "is", "ter", "nu", "ha", "bo", "ki", "cy", "la", "on", "ar", "de", "ru",
}

var nameSuffixes = []string{"", "", "", "", " AI", " Labs", ".io", " Technologies", " Robotics", " Health", " Cloud", " Security", "ly", "ia"}

// demonyms qualify a startup: "la start-up lyonnaise".
var demonyms = []string{
	"parisienne", "lyonnaise", "nantaise", "bordelaise", "toulousaine", "lilloise", "grenobloise", "rennaise",
	"montpelliéraine", "marseillaise", "strasbourgeoise", "niçoise", "brestoise", "angevine", "tourangelle", "normande",
	"bretonne", "alsacienne", "francilienne", "française",
}

// moreSentences use invented names and figures, in every topic.
var moreSentences = []string{
	"{S}, une start-up {A} fondée en {Y}, a levé {M} auprès de {O}.",
	"La jeune pousse {A} {S} revendique {nn} utilisateurs et {n} brevets.",
	"Baptisé {S}, le service sera facturé {price} par mois et par utilisateur.",
	"{O} a choisi {S} pour équiper ses {nn} collaborateurs d’ici {D}.",
	"Le rapport cite {S}, {S} et {S} parmi les entreprises les plus prometteuses.",
	"Le produit, baptisé {S} {V}, sera commercialisé à partir de {price}.",
	"La faille, référencée CVE-{Y}-{n5}, concerne les versions antérieures à {V}.",
	"Les ventes ont atteint {nn} unités au troisième trimestre, contre {nn} un an plus tôt.",
	"Le prix de départ passe de {price} à {price}, soit une hausse de {pct}.",
	"{P}, qui a cofondé {S} en {Y}, rejoint le comité exécutif de {O}.",
	"Le consortium réunit {O}, {S} et l’université de {C}.",
	"Selon le cabinet {S}, le marché atteindra {M} en {Y}, contre {M} aujourd’hui.",
	"Le nouveau centre de {S} à {C} accueillera {nn} ingénieurs d’ici {Y}.",
	"Les tests réalisés par {S} montrent un gain de {pct} sur la consommation électrique.",
	"{S} a déposé le bilan {D}, laissant {nn} clients sans solution.",
	"Le logiciel {S} est passé en version {V} avec {nn} corrections de bugs.",
	"Déjà adopté par {nn} entreprises, {S} vise {nn} clients en {Y}.",
	"La start-up {S} a été rachetée par {O} pour un montant estimé à {M}.",
}

// captions go under figures.
var captions = []string{
	"{E} lors de sa présentation à {C}.", "Illustration : {S}.", "Le siège de {O} à {C}.", "{P}, {R}.",
	"Capture d’écran de {E}.", "Un centre de données près de {C}.", "La délégation de {O} au salon VivaTech.",
	"Le stand de {S} au CES de Las Vegas.", "{E}, le {D}.", "Image d’illustration générée par IA.",
}

// Post-nominal adjectives by gender and number, appended to some nouns (see nounGender) to
// vary the phrasing further.
var adjectives = map[string][]string{
	"ms": {"numérique", "européen", "français", "américain", "open source", "payant", "gratuit", "hybride", "souverain",
		"propriétaire", "expérimental", "controversé", "ambitieux", "attendu", "inédit", "stratégique", "massif", "discret",
		"compact", "multimodal", "mondial", "public", "privé", "historique", "critique", "local"},
	"fs": {"numérique", "européenne", "française", "américaine", "payante", "gratuite", "hybride", "souveraine",
		"propriétaire", "expérimentale", "controversée", "ambitieuse", "attendue", "inédite", "stratégique", "massive",
		"discrète", "mondiale", "publique", "privée", "historique", "critique", "locale", "majeure"},
	"mp": {"numériques", "européens", "français", "américains", "payants", "gratuits", "hybrides", "souverains",
		"propriétaires", "expérimentaux", "concernés", "inquiets", "professionnels", "particuliers", "historiques", "locaux"},
	"fp": {"numériques", "européennes", "françaises", "américaines", "payantes", "gratuites", "hybrides", "souveraines",
		"concernées", "professionnelles", "récentes", "historiques", "locales", "majeures"},
}

var nounGender = map[string]string{
	"modèle": "ms", "service": "ms", "projet": "ms", "réseau": "ms", "marché": "ms", "logiciel": "ms", "rapport": "ms",
	"texte": "ms", "groupe": "ms", "système": "ms", "secteur": "ms", "acteur": "ms", "outil": "ms", "programme": "ms",
	"version": "fs", "plateforme": "fs", "application": "fs", "entreprise": "fs", "start-up": "fs", "startup": "fs",
	"société": "fs", "offre": "fs", "solution": "fs", "technologie": "fs", "décision": "fs", "stratégie": "fs",
	"utilisateurs": "mp", "clients": "mp", "acteurs": "mp", "services": "mp", "outils": "mp", "modèles": "mp",
	"usagers": "mp", "abonnés": "mp", "investisseurs": "mp", "opérateurs": "mp", "éditeurs": "mp",
	"entreprises": "fp", "données": "fp", "plateformes": "fp", "applications": "fp", "sociétés": "fp",
	"administrations": "fp", "collectivités": "fp", "autorités": "fp", "versions": "fp", "offres": "fp",
}

// adverbs slip between an auxiliary and its participle: "a finalement confirmé".
var adverbs = []string{
	"déjà", "finalement", "officiellement", "discrètement", "récemment", "également", "enfin", "aussi", "pourtant",
	"largement", "clairement", "d’ores et déjà", "visiblement", "manifestement", "notamment", "encore", "toujours",
}

// appositions follow a company name now and then.
var appositions = []string{
	", l’un des leaders du secteur,", ", présent dans {n} pays,", ", qui emploie {nn} personnes,", ", fondé en {Y},",
	", basé à {C},", ", coté à la Bourse de Paris,", ", déjà partenaire de {O},", ", en pleine croissance,",
	", dirigé par {P},", ", qui revendique {nn} clients,", ", spécialiste de {X},", ", racheté l’an dernier par {O},",
}
