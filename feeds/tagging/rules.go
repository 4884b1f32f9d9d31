package tagging

import (
	_ "embed"
	"errors"
	"fmt"
	"sort"
	"strings"
	"veille/feeds"

	"github.com/BurntSushi/toml"
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

// Default weights and threshold (research notes §3.1): a strong term in the title is enough,
// a strong term in the body needs one more signal, weak terms count only with another signal.
const (
	defThreshold = 3
	defTitle     = 3
	defBody      = 2
	defWeak      = 1
	defCategory  = 2
)

// tagSpec and ruleSpec are the rules as written, before compilation. Merging a user file
// means applying its keys onto these.
type tagSpec struct {
	name                                   string
	fr, en                                 string
	threshold, title, body, weak, category int
	content                                int // 0: same as body
	feedPrior                              int
	requires                               []string
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

// source is one TOML document being applied: its name and where its keys are.
type source struct {
	name  string
	lines map[string]int
}

func (src *source) errf(key, format string, args ...any) error {
	return &RuleError{File: src.name, Line: src.line(key), Key: key, Msg: key + ": " + fmt.Sprintf(format, args...)}
}

// line finds the line of a key, or of the nearest enclosing key that has one (a key inside an
// inline table has none of its own).
func (src *source) line(key string) int {
	for k := key; k != ""; {
		if n, ok := src.lines[k]; ok {
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
	if err := set.apply(defaultRulesTOML, "rules.toml"); err != nil {
		return nil, err
	}
	userSrc := &source{name: "config.toml"}
	if len(user) > 0 {
		if err := set.apply(string(user), "config.toml"); err != nil {
			return nil, err
		}
		userSrc.lines = keyLines(string(user))
	}
	defSrc := &source{name: "rules.toml", lines: keyLines(defaultRulesTOML)}
	return compile(set, func(origin string) *source {
		if origin == "config.toml" {
			return userSrc
		}
		return defSrc
	})
}

// apply decodes one TOML document and applies its [tags…] tables onto the set.
func (set *specSet) apply(doc, name string) error {
	var raw map[string]any
	if _, err := toml.Decode(doc, &raw); err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return &RuleError{File: name, Line: perr.Position.Line, Msg: perr.Message}
		}
		return &RuleError{File: name, Msg: err.Error()}
	}
	src := &source{name: name, lines: keyLines(doc)}
	tv, ok := raw["tags"]
	if !ok {
		return nil
	}
	tags, ok := tv.(map[string]any)
	if !ok {
		return src.errf("tags", "must be a table of tags ([tags.NAME])")
	}
	for _, name := range sortedKeys(tags) {
		key := "tags." + name
		tm, ok := tags[name].(map[string]any)
		if !ok {
			return src.errf(key, "must be a table")
		}
		if feeds.FoldName(name) != name {
			return src.errf(key, "tag names are folded: write %q", feeds.FoldName(name))
		}
		t := set.tags[name]
		if t == nil {
			t = &tagSpec{name: name, threshold: defThreshold, title: defTitle, body: defBody,
				weak: defWeak, category: defCategory, rules: map[string]*ruleSpec{}}
			set.tags[name] = t
		}
		t.origin = src.name
		if err := applyTag(src, key, t, tm, set); err != nil {
			return err
		}
	}
	return nil
}

func applyTag(src *source, key string, t *tagSpec, m map[string]any, set *specSet) error {
	for _, k := range sortedKeys(m) {
		v, kk := m[k], key+"."+k
		var err error
		switch k {
		case "fr":
			t.fr, err = getString(src, kk, v)
		case "en":
			t.en, err = getString(src, kk, v)
		case "threshold":
			t.threshold, err = getInt(src, kk, v, 1)
		case "title":
			t.title, err = getInt(src, kk, v, 0)
		case "body":
			t.body, err = getInt(src, kk, v, 0)
		case "content":
			t.content, err = getInt(src, kk, v, 0)
		case "weak":
			t.weak, err = getInt(src, kk, v, 0)
		case "category":
			t.category, err = getInt(src, kk, v, 0)
		case "feed_prior":
			t.feedPrior, err = getInt(src, kk, v, 0)
		case "requires":
			t.requires, err = getStrings(src, kk, v)
		case "disabled":
			t.disabled, err = getBool(src, kk, v)
		case "rules":
			rm, ok := v.(map[string]any)
			if !ok {
				return src.errf(kk, "must be a table of rules ([%s.ID])", kk)
			}
			for _, id := range sortedKeys(rm) {
				rk := kk + "." + id
				body, ok := rm[id].(map[string]any)
				if !ok {
					return src.errf(rk, "must be a table")
				}
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
				if err := applyRule(src, rk, r, body); err != nil {
					return err
				}
			}
		default:
			return src.errf(kk, "unknown key (expected fr, en, threshold, title, body, content, weak, category, feed_prior, requires, disabled, rules)")
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func applyRule(src *source, key string, r *ruleSpec, m map[string]any) error {
	for _, k := range sortedKeys(m) {
		v, kk := m[k], key+"."+k
		var err error
		switch k {
		case "terms":
			r.terms, err = getStrings(src, kk, v)
		case "also":
			r.also, err = getStrings(src, kk, v)
		case "case_sensitive":
			r.caseSensitive, err = getBool(src, kk, v)
		case "weak":
			r.weak, err = getBool(src, kk, v)
		case "anchor_only":
			r.anchorOnly, err = getBool(src, kk, v)
		case "disabled":
			r.disabled, err = getBool(src, kk, v)
		case "not_hyphenated":
			r.notHyphenated, err = getBool(src, kk, v)
		case "not_before_name":
			r.notBeforeName, err = getBool(src, kk, v)
		case "fields":
			r.fields, err = getStrings(src, kk, v)
		case "anchors":
			r.anchors, err = getStrings(src, kk, v)
		case "negative_anchors":
			r.negative, err = getStrings(src, kk, v)
		case "not_after":
			r.notAfter, err = getStrings(src, kk, v)
		case "not_before":
			r.notBefore, err = getStrings(src, kk, v)
		case "title":
			r.title, err = getInt(src, kk, v, 0)
		case "body":
			r.body, err = getInt(src, kk, v, 0)
		case "category":
			r.category, err = getInt(src, kk, v, 0)
		default:
			return src.errf(kk, "unknown key (expected terms, also, case_sensitive, weak, fields, anchors, negative_anchors, not_after, not_before, not_hyphenated, not_before_name, anchor_only, title, body, category, disabled)")
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func getString(src *source, key string, v any) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", src.errf(key, "expected a string")
	}
	return s, nil
}

func getBool(src *source, key string, v any) (bool, error) {
	b, ok := v.(bool)
	if !ok {
		return false, src.errf(key, "expected true or false")
	}
	return b, nil
}

func getInt(src *source, key string, v any, min int) (int, error) {
	n, ok := v.(int64)
	if !ok {
		return 0, src.errf(key, "expected an integer")
	}
	if n < int64(min) || n > 100 {
		return 0, src.errf(key, "expected an integer between %d and 100", min)
	}
	return int(n), nil
}

func getStrings(src *source, key string, v any) ([]string, error) {
	a, ok := v.([]any)
	if !ok {
		if s, ok := v.(string); ok {
			return []string{s}, nil
		}
		return nil, src.errf(key, "expected a list of strings")
	}
	out := make([]string, 0, len(a))
	for _, e := range a {
		s, ok := e.(string)
		if !ok {
			return nil, src.errf(key, "expected a list of strings")
		}
		out = append(out, s)
	}
	return out, nil
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
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

// keyLines maps the dotted keys of a TOML document to their line numbers, so that errors
// found after decoding (an unknown tag in requires, a bad term) can point at a line. It knows
// enough TOML for rule files: headers, dotted and quoted keys, strings, multi-line arrays.
func keyLines(doc string) map[string]int {
	out := map[string]int{}
	var table []string
	depth := 0 // open [ or { in a value spanning lines
	inML := "" // inside a multi-line string: its delimiter
	for n, line := range strings.Split(doc, "\n") {
		lineNo := n + 1
		if inML != "" {
			if i := strings.Index(line, inML); i >= 0 {
				line, inML = line[i+3:], ""
			} else {
				continue
			}
		}
		t := strings.TrimSpace(line)
		if depth == 0 && strings.HasPrefix(t, "[") {
			inner := strings.TrimPrefix(t, "[")
			arr := strings.HasPrefix(inner, "[")
			inner = strings.TrimPrefix(inner, "[")
			if i := strings.Index(inner, "]"); i >= 0 {
				inner = inner[:i]
			}
			table = splitKey(inner)
			k := strings.Join(table, ".")
			if _, seen := out[k]; !seen || arr {
				out[k] = lineNo
			}
			continue
		}
		if depth == 0 && t != "" && !strings.HasPrefix(t, "#") {
			if i := keyEnd(t); i > 0 {
				k := strings.Join(append(append([]string{}, table...), splitKey(t[:i])...), ".")
				out[k] = lineNo
				t = t[i+1:]
			}
		}
		depth, inML = scanValue(t, depth)
	}
	return out
}

// keyEnd returns the index of the '=' that ends a key at the start of s, or -1.
func keyEnd(s string) int {
	q := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case q != 0:
			if c == q {
				q = 0
			}
		case c == '"' || c == '\'':
			q = c
		case c == '=':
			return i
		case c == '[' || c == '{' || c == '#':
			return -1
		}
	}
	return -1
}

// splitKey splits a dotted TOML key, unquoting quoted parts.
func splitKey(s string) []string {
	var parts []string
	var cur strings.Builder
	q := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case q != 0:
			if c == q {
				q = 0
			} else {
				cur.WriteByte(c)
			}
		case c == '"' || c == '\'':
			q = c
		case c == '.':
			parts = append(parts, strings.TrimSpace(cur.String()))
			cur.Reset()
		default:
			cur.WriteByte(c)
		}
	}
	return append(parts, strings.TrimSpace(cur.String()))
}

// scanValue tracks bracket depth and multi-line strings through a value fragment.
func scanValue(s string, depth int) (int, string) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '#':
			return depth, ""
		case '"', '\'':
			if strings.HasPrefix(s[i:], `"""`) || strings.HasPrefix(s[i:], `'''`) {
				delim := s[i : i+3]
				if j := strings.Index(s[i+3:], delim); j >= 0 {
					i += 3 + j + 2
					continue
				}
				return depth, delim
			}
			for j := i + 1; j < len(s); j++ {
				if c == '"' && s[j] == '\\' {
					j++
					continue
				}
				if s[j] == c {
					i = j
					break
				}
			}
		case '[', '{':
			depth++
		case ']', '}':
			if depth > 0 {
				depth--
			}
		}
	}
	return depth, ""
}
