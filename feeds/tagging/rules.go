package tagging

import (
	_ "embed"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"veille/feeds"
)

//go:embed rules.toml
var defaultRulesTOML string

// RuleError is a problem in a rules file, with the line it is on when known. LoadRules names
// the file "config.toml"; a caller that knows the real path may set File before printing.
type RuleError struct {
	File string
	Line int    // 1-based; 0 when unknown
	Key  string // dotted key the error is about, "" for syntax errors
	Msg  string
}

func (e *RuleError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Default weights and threshold: a strong term in the title is enough, a strong term in the
// body needs one more signal, weak terms count only with another signal.
const (
	defThreshold = 3
	defTitle     = 3
	defBody      = 2
	defWeak      = 1
	defCategory  = 2
)

// tagSpec and ruleSpec are the rules as merged, before compilation: the embedded file's
// tables, then the user's applied over them key by key.
type tagSpec struct {
	name                                   string
	fr, en                                 string
	threshold, title, body, weak, category int
	content                                int // 0: same as body
	feedPrior                              int
	requires                               []string
	notCompared                            bool
	disabled                               bool
	rules                                  map[string]*ruleSpec
	origin                                 string // "config.toml" when the user file touched it
}

type ruleSpec struct {
	id, tag       string
	terms, also   []string
	caseSensitive bool
	weak          bool
	anchorOnly    bool
	disabled      bool
	notHyphenated bool
	notBeforeName bool
	fields        []string
	anchors       []string
	negative      []string
	notAfter      []string
	notBefore     []string
	title, body   int // weight overrides, 0: the tag's
	category      int
	origin        string
}

type specSet struct {
	tags map[string]*tagSpec
}

// tagTable and ruleTable are a [tags.NAME] and a [tags.NAME.rules.ID] table as decoded. A nil
// field is a key the document does not set: a user's table overrides only the keys it writes.
// The fields are in the order the "unknown key" message lists them.
type tagTable struct {
	FR          *tomlString           `toml:"fr"`
	EN          *tomlString           `toml:"en"`
	Threshold   *tomlInt              `toml:"threshold"`
	Title       *tomlInt              `toml:"title"`
	Body        *tomlInt              `toml:"body"`
	Content     *tomlInt              `toml:"content"`
	Weak        *tomlInt              `toml:"weak"`
	Category    *tomlInt              `toml:"category"`
	FeedPrior   *tomlInt              `toml:"feed_prior"`
	Requires    *tomlStrings          `toml:"requires"`
	NotCompared *tomlBool             `toml:"not_compared"`
	Disabled    *tomlBool             `toml:"disabled"`
	Rules       map[string]*ruleTable `toml:"rules"`
}

type ruleTable struct {
	Terms         *tomlStrings `toml:"terms"`
	Also          *tomlStrings `toml:"also"`
	CaseSensitive *tomlBool    `toml:"case_sensitive"`
	Weak          *tomlBool    `toml:"weak"`
	Fields        *tomlStrings `toml:"fields"`
	Anchors       *tomlStrings `toml:"anchors"`
	Negative      *tomlStrings `toml:"negative_anchors"`
	NotAfter      *tomlStrings `toml:"not_after"`
	NotBefore     *tomlStrings `toml:"not_before"`
	NotHyphenated *tomlBool    `toml:"not_hyphenated"`
	NotBeforeName *tomlBool    `toml:"not_before_name"`
	AnchorOnly    *tomlBool    `toml:"anchor_only"`
	Title         *tomlInt     `toml:"title"`
	Body          *tomlInt     `toml:"body"`
	Category      *tomlInt     `toml:"category"`
	Disabled      *tomlBool    `toml:"disabled"`
}

// The value types check what they are given themselves, so that a wrong type is reported
// in these words, and at its key's line (toml.ParseError carries both).
type (
	tomlString  string
	tomlInt     int64
	tomlBool    bool
	tomlStrings []string // a single string is a list of one
)

func (s *tomlString) UnmarshalTOML(v any) error {
	x, ok := v.(string)
	if !ok {
		return errors.New("expected a string")
	}
	*s = tomlString(x)
	return nil
}

func (n *tomlInt) UnmarshalTOML(v any) error {
	x, ok := v.(int64)
	if !ok {
		return errors.New("expected an integer")
	}
	*n = tomlInt(x)
	return nil
}

func (b *tomlBool) UnmarshalTOML(v any) error {
	x, ok := v.(bool)
	if !ok {
		return errors.New("expected true or false")
	}
	*b = tomlBool(x)
	return nil
}

func (l *tomlStrings) UnmarshalTOML(v any) error {
	if s, ok := v.(string); ok {
		*l = tomlStrings{s}
		return nil
	}
	a, ok := v.([]any)
	if !ok {
		return errors.New("expected a list of strings")
	}
	out := make(tomlStrings, 0, len(a))
	for _, e := range a {
		s, ok := e.(string)
		if !ok {
			return errors.New("expected a list of strings")
		}
		out = append(out, s)
	}
	*l = out
	return nil
}

// tagKeys and ruleKeys are the keys the tables may hold, in field order.
var (
	tagKeys  = tomlKeys(reflect.TypeFor[tagTable]())
	ruleKeys = tomlKeys(reflect.TypeFor[ruleTable]())
)

func tomlKeys(t reflect.Type) []string {
	keys := make([]string, t.NumField())
	for i := range keys {
		keys[i] = t.Field(i).Tag.Get("toml")
	}
	return keys
}

// source is one decoded TOML document: its name, and what finds the line of a key in it.
type source struct {
	name string
	md   *toml.MetaData
	root map[string]toml.Primitive // the top-level keys, undecoded
	keys map[string]toml.Key       // every key the document writes, dotted as in messages
}

// decodeSource parses one TOML document; a syntax error is returned with its line.
func decodeSource(doc, name string) (*source, error) {
	src := &source{name: name, keys: map[string]toml.Key{}}
	md, err := toml.Decode(doc, &src.root)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return nil, &RuleError{File: name, Line: perr.Position.Line, Msg: perr.Message}
		}
		return nil, &RuleError{File: name, Msg: err.Error()}
	}
	src.md = &md
	for _, k := range md.Keys() {
		src.keys[strings.Join(k, ".")] = k
	}
	return src, nil
}

func (src *source) errf(key, format string, args ...any) error {
	return &RuleError{File: src.name, Line: src.line(key), Key: key, Msg: key + ": " + fmt.Sprintf(format, args...)}
}

// decodeErr is errf for what decoding a table into its struct reported.
func (src *source) decodeErr(err error) error {
	var perr toml.ParseError
	if !errors.As(err, &perr) {
		return &RuleError{File: src.name, Msg: err.Error()}
	}
	line := perr.Position.Line
	if line == 0 {
		line = src.line(perr.LastKey)
	}
	return &RuleError{File: src.name, Line: line, Key: perr.LastKey, Msg: perr.LastKey + ": " + perr.Message}
}

// line finds the line of a key, or of the nearest enclosing key that has one (an implicit
// table, the "tags.ia" of a lone [tags.ia.rules.x], has none of its own).
func (src *source) line(key string) int {
	for k := key; k != ""; {
		if n := src.keyLine(k); n > 0 {
			return n
		}
		i := strings.LastIndexByte(k, '.')
		if i < 0 {
			break
		}
		k = k[:i]
	}
	return 0
}

// lineProbe fails whatever it is given: the toml.ParseError of that failure carries the
// position of the key being decoded, which MetaData keeps to itself otherwise.
type lineProbe struct{}

var errLineProbe = errors.New("line probe")

func (lineProbe) UnmarshalTOML(any) error { return errLineProbe }

// keyLine is the line where the document writes key (for a table, its header), 0 when it
// does not. Only errors need it: it walks down to the key's value, undecoded, and decodes
// that into a lineProbe.
func (src *source) keyLine(dotted string) int {
	key, ok := src.keys[dotted]
	if !ok || src.md == nil {
		return 0
	}
	prim := src.root[key[0]]
	for i := 1; i < len(key); i++ {
		var tables []map[string]toml.Primitive
		if src.md.Type(key[:i]...) == "ArrayHash" {
			// An array of tables: the parser keeps the position of the last one to set a key.
			if err := src.md.PrimitiveDecode(prim, &tables); err != nil {
				return 0
			}
		} else {
			var m map[string]toml.Primitive
			if err := src.md.PrimitiveDecode(prim, &m); err != nil {
				return 0
			}
			tables = append(tables, m)
		}
		found := false
		for j := len(tables) - 1; j >= 0 && !found; j-- {
			prim, found = tables[j][key[i]]
		}
		if !found {
			return 0
		}
	}
	var perr toml.ParseError
	if errors.As(src.md.PrimitiveDecode(prim, lineProbe{}), &perr) {
		return perr.Position.Line
	}
	return 0
}

// Rules is a parsed, merged and compiled rule set. It is immutable and safe to share.
type Rules struct {
	tags       []ctag           // sorted by name
	tagIndex   map[string]int32 // name → index in tags
	rules      []crule          // sorted by ID; hidden anchor rules after the others
	terms      []cterm
	first      map[uint64]*bucket // hash of the folded first token → the terms it starts
	firstTable table              // the same, for the hot loop
	glued      map[uint64][]int32 // hash of the letters of a glued first token ("qwen" for Qwen#) → term indices
	numFirst   []int32            // terms that start with a number placeholder
	// anyNotCompared: some tag sets not_compared, so matches are checked for a comparison
	anyNotCompared bool
}

// DefaultRules returns the rules embedded in the binary (rules.toml).
func DefaultRules() *Rules {
	r, err := LoadRules(nil)
	if err != nil {
		// A test compiles the embedded file; reaching this is a build defect.
		panic("tagging: embedded rules.toml: " + err.Error())
	}
	return r
}

// LoadRules returns the default rules merged with a user's TOML (the whole config.toml may be
// passed: only the [tags…] tables are read). On error the caller keeps DefaultRules().
func LoadRules(user []byte) (*Rules, error) {
	set := &specSet{tags: map[string]*tagSpec{}}
	defSrc, err := decodeSource(defaultRulesTOML, "rules.toml")
	if err != nil {
		return nil, err
	}
	if err := set.apply(defSrc); err != nil {
		return nil, err
	}
	set.addEntityRules(defaultEntities())
	userSrc := &source{name: "config.toml"}
	if len(user) > 0 {
		if userSrc, err = decodeSource(string(user), "config.toml"); err != nil {
			return nil, err
		}
		if err := set.apply(userSrc); err != nil {
			return nil, err
		}
	}
	return compile(set, func(origin string) *source {
		if origin == userSrc.name {
			return userSrc
		}
		return defSrc
	})
}

// apply checks the shape of a document's [tags…] tables, decodes them and applies them onto
// the set.
func (set *specSet) apply(src *source) error {
	if err := src.checkShape(); err != nil {
		return err
	}
	prim, ok := src.root["tags"]
	if !ok {
		return nil
	}
	var tables map[string]*tagTable
	if err := src.md.PrimitiveDecode(prim, &tables); err != nil {
		return src.decodeErr(err)
	}
	names := make([]string, 0, len(tables))
	for name := range tables {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		t := set.tags[name]
		if t == nil {
			t = &tagSpec{name: name, threshold: defThreshold, title: defTitle, body: defBody,
				weak: defWeak, category: defCategory, rules: map[string]*ruleSpec{}}
			set.tags[name] = t
		}
		t.origin = src.name
		if err := set.applyTag(src, "tags."+name, t, tables[name]); err != nil {
			return err
		}
	}
	return nil
}

// checkShape walks the keys under [tags] in document order before anything is decoded: the
// tables must be tables, tag names folded, and every key known, written exactly (the decoder
// would take "Threshold" for threshold).
func (src *source) checkShape() error {
	for _, k := range src.md.Keys() {
		if k[0] != "tags" {
			continue
		}
		key, table := strings.Join(k, "."), src.md.Type(k...) == "Hash"
		switch {
		case len(k) == 1 && !table:
			return src.errf(key, "must be a table of tags ([tags.NAME])")
		case len(k) == 2 && !table:
			return src.errf(key, "must be a table")
		case len(k) == 2 && feeds.FoldName(k[1]) != k[1]:
			return src.errf(key, "tag names are folded: write %q", feeds.FoldName(k[1]))
		case len(k) == 3 && !known(tagKeys, k[2]):
			return src.errf(key, "unknown key (expected %s)", strings.Join(tagKeys, ", "))
		case len(k) == 3 && k[2] == "rules" && !table:
			return src.errf(key, "must be a table of rules ([%s.ID])", key)
		case len(k) == 4 && k[2] == "rules" && !table:
			return src.errf(key, "must be a table")
		case len(k) == 5 && k[2] == "rules" && !known(ruleKeys, k[4]):
			return src.errf(key, "unknown key (expected %s)", strings.Join(ruleKeys, ", "))
		}
	}
	return nil
}

func known(keys []string, k string) bool {
	for _, x := range keys {
		if x == k {
			return true
		}
	}
	return false
}

func (set *specSet) applyTag(src *source, key string, t *tagSpec, tb *tagTable) error {
	if tb == nil {
		return nil
	}
	setString(&t.fr, tb.FR)
	setString(&t.en, tb.EN)
	for _, f := range []struct {
		dst  *int
		v    *tomlInt
		name string
		min  int
	}{
		{&t.threshold, tb.Threshold, "threshold", 1}, {&t.title, tb.Title, "title", 0},
		{&t.body, tb.Body, "body", 0}, {&t.content, tb.Content, "content", 0},
		{&t.weak, tb.Weak, "weak", 0}, {&t.category, tb.Category, "category", 0},
		{&t.feedPrior, tb.FeedPrior, "feed_prior", 0},
	} {
		if err := setInt(src, key+"."+f.name, f.dst, f.v, f.min); err != nil {
			return err
		}
	}
	setStrings(&t.requires, tb.Requires)
	setBool(&t.notCompared, tb.NotCompared)
	setBool(&t.disabled, tb.Disabled)

	ids := make([]string, 0, len(tb.Rules))
	for id := range tb.Rules {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		rk := key + ".rules." + id
		r := t.rules[id]
		if r == nil {
			for _, other := range set.tags {
				if o := other.rules[id]; o != nil && other != t {
					return src.errf(rk, "rule %q is already defined under tag %q", id, other.name)
				}
			}
			r = &ruleSpec{id: id, tag: t.name}
			t.rules[id] = r
		}
		r.origin = src.name
		if err := applyRule(src, rk, r, tb.Rules[id]); err != nil {
			return err
		}
	}
	return nil
}

func applyRule(src *source, key string, r *ruleSpec, rt *ruleTable) error {
	if rt == nil {
		return nil
	}
	setStrings(&r.terms, rt.Terms)
	setStrings(&r.also, rt.Also)
	setBool(&r.caseSensitive, rt.CaseSensitive)
	setBool(&r.weak, rt.Weak)
	setStrings(&r.fields, rt.Fields)
	setStrings(&r.anchors, rt.Anchors)
	setStrings(&r.negative, rt.Negative)
	setStrings(&r.notAfter, rt.NotAfter)
	setStrings(&r.notBefore, rt.NotBefore)
	setBool(&r.notHyphenated, rt.NotHyphenated)
	setBool(&r.notBeforeName, rt.NotBeforeName)
	setBool(&r.anchorOnly, rt.AnchorOnly)
	setBool(&r.disabled, rt.Disabled)
	for _, f := range []struct {
		dst  *int
		v    *tomlInt
		name string
	}{{&r.title, rt.Title, "title"}, {&r.body, rt.Body, "body"}, {&r.category, rt.Category, "category"}} {
		if err := setInt(src, key+"."+f.name, f.dst, f.v, 0); err != nil {
			return err
		}
	}
	return nil
}

// The setters apply a key the document writes; a nil value is a key it does not.

func setString(dst *string, v *tomlString) {
	if v != nil {
		*dst = string(*v)
	}
}

func setBool(dst *bool, v *tomlBool) {
	if v != nil {
		*dst = bool(*v)
	}
}

func setStrings(dst *[]string, v *tomlStrings) {
	if v != nil {
		*dst = []string(*v)
	}
}

func setInt(src *source, key string, dst *int, v *tomlInt, min int) error {
	if v == nil {
		return nil
	}
	if *v < tomlInt(min) || *v > 100 {
		return src.errf(key, "expected an integer between %d and 100", min)
	}
	*dst = int(*v)
	return nil
}

// Labels returns each tag's label in "fr" or "en" (French for any other value).
func (r *Rules) Labels(lang string) map[string]string {
	out := make(map[string]string, len(r.tags))
	for _, t := range r.tags {
		l := t.fr
		if strings.HasPrefix(strings.ToLower(lang), "en") && t.en != "" {
			l = t.en
		}
		if l == "" {
			l = t.name
		}
		out[t.name] = l
	}
	return out
}

// Tags returns the names of the tags the rules can give, sorted.
func (r *Rules) Tags() []string {
	out := make([]string, len(r.tags))
	for i, t := range r.tags {
		out[i] = t.name
	}
	return out
}
