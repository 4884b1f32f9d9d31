package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// baseTime is when, for a server started with -shift 0, the newest item of every feed was
// published (give or take the feed's spacing). Fixed so that output is deterministic.
var baseTime = time.Date(2026, 11, 26, 12, 0, 0, 0, time.FixedZone("+0100", 3600))

// genConfig is what the generated content depends on.
type genConfig struct {
	Feeds, Items, Hosts int
	Size                int    // average content:encoded bytes per item
	Shift               int    // items published since the base set
	Seed                uint64 // everything derives from it
	Gzip                bool   // keep a gzip copy of every document
	GzipLevel           int    // compress/gzip level (1: nginx's default)
	Ports               []int  // port of host h is Ports[h-1]
}

func (c *genConfig) hostOf(feed int) int { return feed%c.Hosts + 1 }

func (c *genConfig) hostURL(host int) string {
	return "http://127.0.0." + strconv.Itoa(host) + ":" + strconv.Itoa(c.Ports[host-1])
}

func (c *genConfig) feedURL(feed int) string {
	return fmt.Sprintf("%s/feeds/%03d.xml", c.hostURL(c.hostOf(feed)), feed)
}

func (c *genConfig) articleURL(feed, j int) string {
	return fmt.Sprintf("%s/articles/%03d/%d.html", c.hostURL(c.hostOf(feed)), feed, j)
}

// feedMeta is what is fixed about a feed: its name, folder, style and staff.
type feedMeta struct {
	Index     int
	Host      int
	Title     string
	Category  string
	AIOnly    bool // draws only from the AI topics; flagged veille:aiOnly in /opml
	topics    []*topic
	authors   []string
	spacing   time.Duration // between two items
	typo      bool          // typographic apostrophes, guillemets and no-break spaces
	wordpress bool          // WordPress quirks: &#8217; in titles, "?p=" guids, the "est apparu en premier" footer
	frDates   int           // 0: RFC 1123 dates; 1, 2: two French-localised layouts
}

// feedDoc is one generated feed document, ready to serve.
type feedDoc struct {
	feedMeta
	etag     string // strong validator of the identity body; the gzip body's is etag+"-gz"
	lastMod  time.Time
	gz       []byte // gzip body (nil when gzip is off)
	rawLen   int
	rawOnce  sync.Once
	raw      []byte // identity body; dropped after gzip to save memory, rebuilt on demand
	rawErr   error
	gzipTime time.Duration
}

// body returns the identity body, decompressing the gzip copy the first time if needed.
func (d *feedDoc) body() ([]byte, error) {
	d.rawOnce.Do(func() {
		if d.raw != nil {
			return
		}
		zr, err := gzip.NewReader(bytes.NewReader(d.gz))
		if err != nil {
			d.rawErr = err
			return
		}
		d.raw, d.rawErr = io.ReadAll(zr)
	})
	return d.raw, d.rawErr
}

func topicByName(name string) *topic {
	for i := range topics {
		if topics[i].name == name {
			return &topics[i]
		}
	}
	panic("unknown topic " + name)
}

func (c *genConfig) meta(feed int) feedMeta {
	r := rand.New(rand.NewPCG(c.Seed, 0x9e3779b97f4a7c15^uint64(feed)))
	m := feedMeta{Index: feed, Host: c.hostOf(feed)}
	m.Title = fmt.Sprintf("%s %s (%03d)", pick(r, outletPrefixes), pick(r, outletSuffixes), feed)
	cat := opmlCategories[feed%len(opmlCategories)]
	m.Category = cat.name
	// Half of the AI folder is AI-only outlets; the rest are AI-heavy general outlets.
	m.AIOnly = cat.name == "Intelligence artificielle" && r.IntN(2) == 0
	for _, name := range cat.topics {
		m.topics = append(m.topics, topicByName(name))
	}
	if !m.AIOnly {
		// A general outlet covers a bit of everything.
		for i := range topics {
			m.topics = append(m.topics, &topics[i])
		}
	}
	na := 3 + r.IntN(6)
	for range na {
		first := pick(r, firstNamesM)
		if r.IntN(2) == 0 {
			first = pick(r, firstNamesF)
		}
		m.authors = append(m.authors, first+" "+pick(r, lastNames))
	}
	m.spacing = time.Duration(20+r.IntN(160)) * time.Minute
	m.typo = r.IntN(3) != 0
	m.wordpress = r.IntN(3) == 0
	if feed%16 == 7 {
		m.frDates = 1 + r.IntN(2)
	}
	return m
}

func pick(r *rand.Rand, list []string) string { return list[r.IntN(len(list))] }

// item is one generated article.
type item struct {
	J          int
	Title      string
	Link       string
	GUID       string
	PermaLink  bool
	Published  time.Time
	PubDate    string
	Author     string
	Categories []string
	Summary    string // plain text, ~250 characters
	Content    string // HTML
	Topic      string
}

// itemRand is the generator of item j of a feed: items are independent of each other, so
// any one can be rebuilt alone (the /articles pages do).
func (c *genConfig) itemRand(feed, j int) *rand.Rand {
	return rand.New(rand.NewPCG(c.Seed^0x5851f42d4c957f2d, uint64(feed)<<32|uint64(uint32(j))))
}

func (c *genConfig) item(m *feedMeta, j int) item {
	r := c.itemRand(m.Index, j)
	t := m.topics[r.IntN(len(m.topics))]
	x := &expander{r: r, t: t, m: m}

	it := item{J: j, Topic: t.name}
	if r.IntN(10) < 7 {
		it.Title = x.expand(pick(r, t.titles))
	} else {
		it.Title = x.expand(pick(r, genericTitles))
	}
	it.Link = c.articleURL(m.Index, j)                                              // /articles/NNN/J.html …
	it.Link = strings.TrimSuffix(it.Link, ".html") + "-" + slug(it.Title) + ".html" // … with the title's slug
	if m.wordpress {
		it.GUID = fmt.Sprintf("%s/?p=%d", c.hostURL(m.Host), 100000+m.Index*10000+j)
	} else {
		it.GUID, it.PermaLink = it.Link, true
	}
	// Item j of feed m: items are m.spacing apart, the newest of the base set at about
	// baseTime; a shift publishes items after it.
	jitter := time.Duration(r.IntN(int(m.spacing/time.Second)/2)) * time.Second
	it.Published = baseTime.Add(time.Duration(j-c.Items+1)*m.spacing + jitter - m.spacing/4)
	it.PubDate = m.formatDate(it.Published)
	it.Author = pick(r, m.authors)

	ncat := 2 + r.IntN(3)
	seen := map[string]bool{}
	for len(it.Categories) < ncat && len(seen) < len(t.categories) {
		cat := pick(r, t.categories)
		if !seen[cat] {
			seen[cat] = true
			it.Categories = append(it.Categories, cat)
		}
	}

	it.Content, it.Summary = c.content(x, m, &it)
	return it
}

// content builds the HTML body (about Size bytes, between half and one and a half times it)
// and a plain-text teaser of its first sentences.
func (c *genConfig) content(x *expander, m *feedMeta, it *item) (string, string) {
	r := x.r
	target := c.Size/2 + r.IntN(c.Size+1) - c.Size/5 // the last paragraph overshoots by about that much
	var b strings.Builder
	var plain strings.Builder
	para := 0
	if r.IntN(10) < 4 {
		// A WordPress-style figure: unique upload name, srcset, caption.
		img := fmt.Sprintf("%s/uploads/%d/%02d/%s-%08x", c.hostURL(m.Host), it.Published.Year(), int(it.Published.Month()),
			slug(it.Title), r.Uint32())
		fmt.Fprintf(&b, "<figure class=\"wp-block-image size-large\"><img width=\"1024\" height=\"576\" src=\"%s-1024x576.jpg\" alt=\"\" class=\"wp-image-%d\" srcset=\"%s-1024x576.jpg 1024w, %s-300x169.jpg 300w, %s-768x432.jpg 768w\" sizes=\"(max-width: 1024px) 100vw, 1024px\" /><figcaption>%s © %s / %s</figcaption></figure>\n",
			img, 100000+r.IntN(900000), img, img, img, htmlEscape(x.expand(pick(r, captions))), htmlEscape(x.person()), htmlEscape(pick(r, orgs)))
	}
	for para == 0 || b.Len() < target {
		switch {
		case para == 2 && r.IntN(3) == 0:
			b.WriteString("<ul>\n")
			for range 3 + r.IntN(3) {
				b.WriteString("<li>")
				b.WriteString(htmlEscape(x.expand(pick(r, x.t.bullets))))
				b.WriteString("</li>\n")
			}
			b.WriteString("</ul>\n")
		case para == 3 && r.IntN(3) == 0:
			fmt.Fprintf(&b, "<blockquote><p>%s</p><p>— %s, %s</p></blockquote>\n",
				htmlEscape(m.quote(x.vary(x.expand(pick(r, quotes))))), htmlEscape(x.person()), htmlEscape(x.role()))
		case para == 4 && r.IntN(3) == 0:
			other := r.IntN(it.J + 1)
			fmt.Fprintf(&b, "<p><strong>À lire aussi :</strong> <a href=\"%s\">%s</a></p>\n",
				c.articleURL(m.Index, other), htmlEscape(x.expand(pick(r, x.t.titles))))
		default:
			b.WriteString("<p>")
			for s := range 2 + r.IntN(3) {
				if s > 0 {
					b.WriteByte(' ')
				}
				sent := x.sentence()
				if plain.Len() < 400 {
					if plain.Len() > 0 {
						plain.WriteByte(' ')
					}
					plain.WriteString(sent)
				}
				b.WriteString(x.decorate(sent, c.articleURL(m.Index, r.IntN(it.J+1))))
			}
			b.WriteString("</p>\n")
		}
		para++
	}
	if m.wordpress {
		fmt.Fprintf(&b, "<p>L’article <a href=\"%s\">%s</a> est apparu en premier sur <a href=\"%s/\">%s</a>.</p>\n",
			it.Link, htmlEscape(it.Title), c.hostURL(m.Host), htmlEscape(m.Title))
	}
	return m.typeset(b.String()), m.typeset(teaser(plain.String(), 250))
}

// slug makes the URL slug of a title, as WordPress does: lower case, no accents, dashes.
func slug(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		if f, ok := unaccent[r]; ok {
			r = f
		}
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			if b.Len() >= 70 {
				break
			}
			continue
		}
		dash = true
	}
	return b.String()
}

var unaccent = map[rune]rune{'à': 'a', 'â': 'a', 'ä': 'a', 'é': 'e', 'è': 'e', 'ê': 'e', 'ë': 'e', 'î': 'i', 'ï': 'i',
	'ô': 'o', 'ö': 'o', 'ù': 'u', 'û': 'u', 'ü': 'u', 'ç': 'c', 'œ': 'o', 'æ': 'a'}

// teaser cuts s to about n bytes at a word boundary and appends " […]".
func teaser(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndexByte(s[:n], ' ')
	if cut < n/2 {
		cut = n
		for !utf8.RuneStart(s[cut]) {
			cut--
		}
	}
	return strings.TrimRight(s[:cut], " ,;:") + " […]"
}

// typeset applies the feed's typography: French no-break spaces before double punctuation
// for typographic feeds, plain ASCII apostrophes and quotes for the others.
func (m *feedMeta) typeset(s string) string {
	if m.typo {
		return typoReplacer.Replace(s)
	}
	return asciiReplacer.Replace(s)
}

var (
	typoReplacer  = strings.NewReplacer(" :", "\u00a0:", " ?", "\u202f?", " !", "\u202f!", " ;", "\u202f;")
	asciiReplacer = strings.NewReplacer("’", "'", "«\u00a0", "\"", "\u00a0»", "\"", "\u00a0", " ", "\u202f", " ")
)

func (m *feedMeta) quote(s string) string { return "«\u00a0" + s + "\u00a0»" }

func (m *feedMeta) formatDate(t time.Time) string {
	switch m.frDates {
	case 1: // "jeu., 26 nov. 2026 12:00:00 +0100", as strftime does in fr_FR
		mo := monthsShortFR[t.Month()-1]
		if mo != monthsFR[t.Month()-1] {
			mo += "."
		}
		return fmt.Sprintf("%s., %02d %s %d %s", daysShortFR[t.Weekday()], t.Day(), mo, t.Year(), t.Format("15:04:05 -0700"))
	case 2: // "Jeu, 26 Nov 2026 12:00:00 +0100" with French names
		d := daysShortFR[t.Weekday()]
		mo := monthsShortFR[t.Month()-1]
		return fmt.Sprintf("%s, %02d %s %d %s", strings.ToUpper(d[:1])+d[1:], t.Day(), strings.ToUpper(mo[:1])+mo[1:],
			t.Year(), t.Format("15:04:05 -0700"))
	}
	return t.Format(time.RFC1123Z)
}

// expander fills template slots from the vocabulary.
type expander struct {
	r    *rand.Rand
	t    *topic
	m    *feedMeta
	e    string          // the {E} of the current template, so {E2} differs from it
	n    string          // the {N} of the current template, so {N2} differs from it
	fem  bool            // the last person named is a woman
	used map[string]bool // sentence templates already used in this item
}

// person makes up a name and remembers its gender for the next role.
func (x *expander) person() string {
	x.fem = x.r.IntN(2) == 0
	if x.fem {
		return pick(x.r, firstNamesF) + " " + pick(x.r, lastNames)
	}
	return pick(x.r, firstNamesM) + " " + pick(x.r, lastNames)
}

// role picks a role that agrees with the last person named.
func (x *expander) role() string {
	m, f, _ := strings.Cut(pick(x.r, roles), "|")
	if x.fem {
		return x.expand2(f)
	}
	return x.expand2(m)
}

// sentence draws one sentence: from the topic most of the time, sometimes generic, now and
// then with an opener.
func (x *expander) sentence() string {
	var tpl string
	for range 6 {
		switch n := x.r.IntN(20); {
		case n < 11:
			tpl = pick(x.r, x.t.sentences)
		case n < 15:
			tpl = pick(x.r, moreSentences)
		default:
			tpl = pick(x.r, genericSentences)
		}
		if !x.used[tpl] {
			break
		}
	}
	if x.used == nil {
		x.used = make(map[string]bool)
	}
	x.used[tpl] = true
	s := x.adverb(x.vary(x.expand(tpl)))
	if x.r.IntN(3) == 0 && strings.HasSuffix(s, ".") {
		s = s[:len(s)-1] + x.expand2(pick(x.r, inserts)) + "."
	}
	if x.r.IntN(3) == 0 {
		o := pick(x.r, openers)
		s = o + lowerFirst(s)
	}
	return s
}

// lowerFirst lowers the capital of a sentence that now follows an opener, unless it starts
// with a proper noun: only known common words and elided articles are lowered.
func lowerFirst(s string) string {
	w, _, _ := strings.Cut(s, " ")
	for _, p := range []string{"L’", "D’", "Qu’", "L'", "D'"} {
		if strings.HasPrefix(w, p) {
			return strings.ToLower(p[:1]) + s[1:]
		}
	}
	if !commonStarts[strings.ToLower(w)] {
		return s
	}
	r, size := utf8.DecodeRuneInString(s)
	return strings.ToLower(string(r)) + s[size:]
}

var commonStarts = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`le la les un une des ce cette ces cet il elle ils elles on plusieurs quelques divers
		de du aucun aucune selon pour sur côté contacté contactée plus reste fondée fondé en à dans avec après depuis déjà
		baptisé baptisée si tout toute tous toutes nos nous personne interrogé sans comme mais son sa ses leur leurs
		certains certaines chaque cela ça ceci une autre`) {
		commonStarts[w] = true
	}
}

// decorate puts some HTML in a sentence: a link around a few words, or emphasis.
func (x *expander) decorate(s, href string) string {
	s = htmlEscape(s)
	switch x.r.IntN(8) {
	case 0, 1:
		words := strings.Split(s, " ")
		if len(words) > 5 {
			i := x.r.IntN(len(words) - 3)
			n := 2 + x.r.IntN(2)
			words[i] = "<a href=\"" + href + "\">" + words[i]
			words[i+n-1] += "</a>"
			return strings.Join(words, " ")
		}
	case 2:
		return "<strong>" + s + "</strong>"
	case 3:
		words := strings.Split(s, " ")
		if len(words) > 4 {
			i := x.r.IntN(len(words) - 1)
			words[i] = "<em>" + words[i] + "</em>"
			return strings.Join(words, " ")
		}
	}
	return s
}

func (x *expander) expand(tpl string) string {
	x.e, x.n = "", ""
	var b strings.Builder
	for {
		i := strings.IndexByte(tpl, '{')
		if i < 0 {
			b.WriteString(tpl)
			break
		}
		j := strings.IndexByte(tpl[i:], '}')
		if j < 0 {
			b.WriteString(tpl)
			break
		}
		b.WriteString(tpl[:i])
		b.WriteString(x.slot(tpl[i+1 : i+j]))
		tpl = tpl[i+j+1:]
	}
	s := b.String()
	// A slot at the start of a sentence may begin with a lower-case article.
	if r, size := utf8.DecodeRuneInString(s); r != utf8.RuneError {
		s = strings.ToUpper(string(r)) + s[size:]
	}
	return s
}

func (x *expander) slot(name string) string {
	r := x.r
	switch name {
	case "E":
		x.e = pick(r, x.t.entities)
		return x.e
	case "E2":
		for range 8 {
			if e := pick(r, x.t.entities); e != x.e {
				return e
			}
		}
		return pick(r, x.t.entities)
	case "N":
		x.n = pick(r, x.t.nouns)
		return x.n
	case "N2":
		for range 8 {
			if n := pick(r, x.t.nouns); n != x.n {
				return n
			}
		}
		return pick(r, x.t.nouns)
	case "K":
		return pick(r, x.t.keywords)
	case "O":
		o := pick(r, orgs)
		if r.IntN(6) == 0 {
			o += x.expand2(pick(r, appositions))
		}
		return o
	case "P":
		return x.person()
	case "R":
		return x.role()
	case "C":
		return pick(r, cities)
	case "D":
		return "le " + dayFR(1+r.IntN(28)) + " " + pick(r, monthsFR)
	case "W":
		return pick(r, weekdays)
	case "n":
		return strconv.Itoa(2 + r.IntN(98))
	case "nn":
		return group(100 + r.IntN(99900))
	case "pct":
		if r.IntN(4) == 0 {
			return fmt.Sprintf("%d,%d\u00a0%%", 1+r.IntN(60), r.IntN(10))
		}
		return fmt.Sprintf("%d\u00a0%%", 2+r.IntN(90))
	case "M":
		switch r.IntN(4) {
		case 0:
			return fmt.Sprintf("%d,%d milliards d’euros", 1+r.IntN(9), r.IntN(10))
		case 1:
			return fmt.Sprintf("%d millions de dollars", 5+r.IntN(600))
		default:
			return fmt.Sprintf("%d millions d’euros", 2+r.IntN(400))
		}
	case "Y":
		return strconv.Itoa(2024 + r.IntN(5))
	case "V":
		if r.IntN(3) == 0 {
			return fmt.Sprintf("%d.%d.%d", 1+r.IntN(30), r.IntN(10), r.IntN(20))
		}
		return fmt.Sprintf("%d.%d", 1+r.IntN(30), r.IntN(10))
	case "X":
		return pick(r, techNouns)
	case "S":
		s := inventName(r)
		if r.IntN(6) == 0 {
			s += x.expand2(pick(r, appositions))
		}
		return s
	case "A":
		return pick(r, demonyms)
	case "n5":
		return fmt.Sprintf("%05d", r.IntN(60000))
	case "price":
		switch r.IntN(3) {
		case 0:
			return fmt.Sprintf("%d,%02d euros", 1+r.IntN(60), r.IntN(100))
		case 1:
			return group(99+r.IntN(2400)) + " euros"
		default:
			return fmt.Sprintf("%d,99 euros", 2+r.IntN(40))
		}
	}
	return "{" + name + "}"
}

// inventName makes up a company or product name: "Travilo", "Sendora AI", "Kamix Labs".
func inventName(r *rand.Rand) string {
	var b strings.Builder
	for range 2 + r.IntN(2) {
		b.WriteString(pick(r, nameSyllables))
	}
	if r.IntN(3) == 0 {
		b.WriteByte("xsnlr"[r.IntN(5)])
	}
	s := b.String()
	return strings.ToUpper(s[:1]) + s[1:] + pick(r, nameSuffixes)
}

// expand2 expands a nested template (a role, an insert) without resetting {E}/{N} or
// capitalising.
func (x *expander) expand2(tpl string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(tpl, '{')
		j := strings.IndexByte(tpl, '}')
		if i < 0 || j < i {
			b.WriteString(tpl)
			return b.String()
		}
		b.WriteString(tpl[:i])
		switch name := tpl[i+1 : j]; name {
		case "R":
			b.WriteString(x.role())
		case "D2":
			b.WriteString(dayFR(1+x.r.IntN(28)) + " " + pick(x.r, monthsFR))
		case "E", "N":
			b.WriteString(x.slot(name + "2"))
		default:
			b.WriteString(x.slot(name))
		}
		tpl = tpl[j+1:]
	}
}

// vary swaps some words of a sentence for synonyms (see synonyms in vocab.go).
func (x *expander) vary(s string) string {
	words := strings.Split(s, " ")
	out := make([]string, 0, len(words))
	for i := 0; i < len(words); {
		key, n := matchSynonym(words[i:])
		if n == 0 {
			out = append(out, words[i])
			i++
			continue
		}
		// Keep the punctuation glued to the last word of the match.
		last := words[i+n-1]
		tail := last[len(strings.TrimRight(last, ",.;:)")):]
		repl := key.text
		if x.r.IntN(4) != 0 {
			repl = key.alts[x.r.IntN(len(key.alts))]
		}
		out = append(out, repl+tail)
		i += n
	}
	return contract(x.enrich(strings.Join(out, " ")))
}

type synKey struct {
	text  string
	words []string
	alts  []string
}

// synByFirst indexes the synonym keys by their first word, longest key first.
var synByFirst = func() map[string][]synKey {
	m := make(map[string][]synKey)
	for k, alts := range synonyms {
		w := strings.Split(k, " ")
		m[w[0]] = append(m[w[0]], synKey{k, w, alts})
	}
	for _, ks := range m {
		slices.SortFunc(ks, func(a, b synKey) int {
			if c := len(b.words) - len(a.words); c != 0 {
				return c
			}
			return strings.Compare(a.text, b.text)
		})
	}
	return m
}()

// matchSynonym finds the longest synonym key at the start of words; n is how many words it
// spans (0: none). The last word may carry trailing punctuation.
func matchSynonym(words []string) (synKey, int) {
	cands := synByFirst[strings.TrimRight(words[0], ",.;:)")]
next:
	for _, k := range cands {
		if len(k.words) > len(words) {
			continue
		}
		for j, w := range k.words {
			got := words[j]
			if j == len(k.words)-1 {
				got = strings.TrimRight(got, ",.;:)")
			} else if got != words[j] || strings.TrimRight(got, ",.;:)") != got {
				continue next
			}
			if got != w {
				continue next
			}
		}
		return k, len(k.words)
	}
	return synKey{}, 0
}

var contractions = strings.NewReplacer(" de le ", " du ", " de les ", " des ", " à le ", " au ", " à les ", " aux ",
	"De le ", "Du ", "De les ", "Des ", " de des ", " de ")

// contract fixes what slot filling breaks in French: "de le" → "du", "de Orange" → "d’Orange",
// "que Ubisoft" → "qu’Ubisoft", and doubled or dangling commas from appositions.
func contract(s string) string {
	hasDe, hasQue := strings.Contains(s, " de "), strings.Contains(s, " que ")
	if hasDe || strings.Contains(s, " à l") || strings.HasPrefix(s, "De ") {
		s = contractions.Replace(s)
	}
	if !hasDe && !hasQue {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		var w string
		switch {
		case strings.HasPrefix(s[i:], " de "):
			w = " de "
		case strings.HasPrefix(s[i:], " que "):
			w = " que "
		}
		if w != "" {
			if r, _ := utf8.DecodeRuneInString(s[i+len(w):]); strings.ContainsRune("AEIOUÉÈaeiouéè", r) {
				b.WriteString(w[:len(w)-2] + "’")
				i += len(w)
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	s = strings.ReplaceAll(b.String(), ",,", ",")
	s = strings.ReplaceAll(s, ",.", ".")
	return s
}

// adverb slips an adverb after some auxiliaries: "a confirmé" → "a finalement confirmé".
func (x *expander) adverb(s string) string {
	words := strings.Split(s, " ")
	for i := 1; i < len(words)-1; i++ {
		switch words[i] {
		case "a", "ont", "sera", "seront", "est", "sont", "avait", "devrait", "doit", "peut", "va":
			next := words[i+1]
			if strings.HasSuffix(next, "é") || strings.HasSuffix(next, "ée") || strings.HasSuffix(next, "és") ||
				strings.HasSuffix(next, "er") || strings.HasSuffix(next, "is") || strings.HasSuffix(next, "it") {
				if x.r.IntN(5) < 2 {
					words[i] += " " + pick(x.r, adverbs)
				}
			}
		}
	}
	return strings.Join(words, " ")
}

// enrich appends an agreeing adjective to some nouns: "les entreprises françaises".
func (x *expander) enrich(s string) string {
	words := strings.Split(s, " ")
	for i, w := range words {
		if i == 0 || x.r.IntN(2) != 0 {
			continue
		}
		noun := w
		if k := strings.Index(w, "’"); k >= 0 {
			noun = w[k+len("’"):]
		}
		g, ok := nounGender[noun]
		if !ok {
			continue
		}
		prev := strings.ToLower(words[i-1])
		// Only after a determiner, so that "le modèle" gets one but "modèle 3" does not.
		switch {
		case noun != w: // l’entreprise
		default:
			switch prev {
			case "le", "la", "les", "un", "une", "des", "ce", "cette", "ces", "son", "sa", "ses", "leur", "leurs", "du", "aux":
			default:
				continue
			}
		}
		words[i] = w + " " + pick(x.r, adjectives[g])
	}
	return strings.Join(words, " ")
}

// dayFR writes a day of the month as French does: "1er", "2", …
func dayFR(d int) string {
	if d == 1 {
		return "1er"
	}
	return strconv.Itoa(d)
}

// group formats n with French digit grouping: 12 400.
func group(n int) string {
	s := strconv.Itoa(n)
	if len(s) <= 3 {
		return s
	}
	return s[:len(s)-3] + "\u00a0" + s[len(s)-3:]
}

var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

func htmlEscape(s string) string { return htmlEscaper.Replace(s) }

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// renderFeed writes the RSS 2.0 document of a feed.
func (c *genConfig) renderFeed(m *feedMeta) ([]byte, time.Time) {
	var b bytes.Buffer
	b.Grow(c.Items * (c.Size + 1200))
	first, last := c.Shift, c.Shift+c.Items-1
	newest := c.item(m, last)
	lastMod := newest.Published.UTC().Truncate(time.Second)

	site := c.hostURL(m.Host) + "/"
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">` + "\n")
	b.WriteString("<channel>\n")
	fmt.Fprintf(&b, "<title>%s</title>\n", xmlEscaper.Replace(m.typeset(m.Title)))
	fmt.Fprintf(&b, "<link>%s</link>\n", site)
	fmt.Fprintf(&b, "<description>%s</description>\n", xmlEscaper.Replace(m.typeset("Toute l’actualité, rubrique "+m.Category)))
	fmt.Fprintf(&b, "<atom:link href=\"%s\" rel=\"self\" type=\"application/rss+xml\"/>\n", c.feedURL(m.Index))
	b.WriteString("<language>fr-FR</language>\n")
	fmt.Fprintf(&b, "<lastBuildDate>%s</lastBuildDate>\n", m.formatDate(newest.Published))
	b.WriteString("<generator>veille bench feedserver</generator>\n")
	for j := last; j >= first; j-- {
		var it item
		if j == last {
			it = newest
		} else {
			it = c.item(m, j)
		}
		writeItem(&b, m, &it)
	}
	b.WriteString("</channel>\n</rss>\n")
	return b.Bytes(), lastMod
}

func writeItem(b *bytes.Buffer, m *feedMeta, it *item) {
	title := xmlEscaper.Replace(it.Title)
	title = m.typeset(title)
	if m.wordpress {
		title = strings.ReplaceAll(title, "’", "&#8217;")
	}
	b.WriteString("<item>\n")
	fmt.Fprintf(b, "<title>%s</title>\n", title)
	fmt.Fprintf(b, "<link>%s</link>\n", it.Link)
	if it.PermaLink {
		fmt.Fprintf(b, "<guid isPermaLink=\"true\">%s</guid>\n", it.GUID)
	} else {
		fmt.Fprintf(b, "<guid isPermaLink=\"false\">%s</guid>\n", it.GUID)
	}
	fmt.Fprintf(b, "<pubDate>%s</pubDate>\n", it.PubDate)
	fmt.Fprintf(b, "<dc:creator><![CDATA[%s]]></dc:creator>\n", it.Author)
	for _, cat := range it.Categories {
		fmt.Fprintf(b, "<category><![CDATA[%s]]></category>\n", m.typeset(cat))
	}
	fmt.Fprintf(b, "<description>%s</description>\n", xmlEscaper.Replace(it.Summary))
	fmt.Fprintf(b, "<content:encoded><![CDATA[%s]]></content:encoded>\n", it.Content)
	b.WriteString("</item>\n")
}

// renderArticle is the web page of one item, for the item links (and full-text fetches).
func (c *genConfig) renderArticle(m *feedMeta, j int) []byte {
	it := c.item(m, j)
	var b bytes.Buffer
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\"><title>%s – %s</title>"+
		"<link rel=\"alternate\" type=\"application/rss+xml\" href=\"%s\"></head>\n<body><header><a href=\"/\">%s</a></header>\n"+
		"<main><article><h1>%s</h1><p class=\"byline\">Par %s, publié le %s</p>\n%s</article></main>\n<footer>© %s</footer></body></html>\n",
		htmlEscape(it.Title), htmlEscape(m.Title), c.feedURL(m.Index), htmlEscape(m.Title), htmlEscape(it.Title),
		htmlEscape(it.Author), it.Published.Format("02/01/2006 15:04"), it.Content, htmlEscape(m.Title))
	return b.Bytes()
}

// generate builds every feed document, in parallel.
func generate(c *genConfig) []*feedDoc {
	docs := make([]*feedDoc, c.Feeds)
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				docs[i] = c.buildDoc(i)
			}
		})
	}
	for i := range c.Feeds {
		next <- i
	}
	close(next)
	wg.Wait()
	return docs
}

func (c *genConfig) buildDoc(feed int) *feedDoc {
	d := &feedDoc{feedMeta: c.meta(feed)}
	raw, lastMod := c.renderFeed(&d.feedMeta)
	sum := sha256.Sum256(raw)
	d.etag = `"` + hex.EncodeToString(sum[:12]) + `"`
	d.lastMod = lastMod
	d.rawLen = len(raw)
	if c.Gzip {
		t0 := time.Now()
		var zb bytes.Buffer
		zw, err := gzip.NewWriterLevel(&zb, c.GzipLevel)
		if err != nil {
			zw = gzip.NewWriter(&zb)
		}
		zw.Write(raw)
		zw.Close()
		d.gz = zb.Bytes()
		d.gzipTime = time.Since(t0)
		// Keep the identity body only for small sets; big ones rebuild it on demand.
		if c.Feeds*c.Items <= 20000 {
			d.raw = raw
		}
	} else {
		d.raw = raw
	}
	return d
}
