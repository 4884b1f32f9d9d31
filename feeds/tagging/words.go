package tagging

// Words exposes the tagger's tokenizer to other packages (feeds/stories), so that every
// feature of veille reads French the same way: Unicode words, accents and case folded, and
// how each word is glued to the one before it.

// Word is one token of a text.
type Word struct {
	Folded string // lower case, accents removed: "modele", "l", "ia", "gpt"
	Raw    string // as written: "modèles", "l", "IA", "GPT"
	Upper  bool   // starts with an upper-case letter
	Lower  bool   // has a lower-case letter ("IA" has none: an acronym)
	Number bool   // starts with a digit
	Break  bool   // punctuation or the start of the text before it: a phrase or sentence starts
	Hyphen bool   // glued to the previous word by a hyphen: "GPT-5", "open-source"
	Elided bool   // glued to the previous word by an apostrophe: the "IA" of "l’IA"
	Start  int    // byte offset in the text
}

// Words calls fn for each word of s, in order.
func Words(s string, fn func(w Word)) {
	toks, fold := tokenize(s, nil, nil)
	for _, t := range toks {
		if t.flags&tokSymbol != 0 {
			continue
		}
		fn(Word{
			Folded: string(fold[t.fstart:t.fend]),
			Raw:    s[t.start:t.end],
			Upper:  t.flags&tokUpper != 0,
			Lower:  t.flags&tokLower != 0,
			Number: t.flags&tokNumber != 0,
			Break:  t.join == joinBreak,
			Hyphen: t.join == joinHyphen,
			Elided: t.join == joinApos,
			Start:  int(t.start),
		})
	}
}
