package tagging

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
)

// This file holds the tagger's knowledge of the world: companies, products, models, bodies and
// texts (entities.toml), with their kind and their side. Entities are not rules: they become
// features of the statistical layer (model.go), so that what it learned from the labelled
// headlines about some regulators or closed assistants carries over to the others.

//go:embed entities.toml
var entitiesTOML string

// Entity is one known thing and the spellings it goes by.
type Entity struct {
	Names []string `toml:"names"`
	Kind  string   `toml:"kind"`
	Side  string   `toml:"side"`
}

// entityKinds and entitySides are the values entities.toml may use.
var (
	entityKinds = []string{"company", "lab", "product", "model", "assistant", "regulator", "court",
		"institution", "law", "act", "event", "foundation", "licence", "tool", "person", "jurisdiction"}
	entitySides = []string{"proprietary", "open", "ai", "regulation", "none"}
)

// entityName is one spelling, as folded token hashes.
type entityName struct {
	toks []uint64
	ent  int32
}

// entityTable finds entities in tokenised text: the hash of a folded first token leads to the
// spellings it starts, longest first.
type entityTable struct {
	ents  []Entity
	first map[uint64][]entityName
	// feature hashes per entity: @ent:NAME, @kind:KIND, @side:SIDE
	feats [][3]uint64
}

// parseEntities decodes and compiles an entities document.
func parseEntities(doc string) (*entityTable, error) {
	var file struct {
		Entity []Entity `toml:"entity"`
	}
	md, err := toml.Decode(doc, &file)
	if err != nil {
		return nil, fmt.Errorf("entities.toml: %w", err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		return nil, fmt.Errorf("entities.toml: unknown key %s", und[0])
	}
	t := &entityTable{ents: file.Entity, first: map[uint64][]entityName{}}
	var toks []token
	var fold []byte
	for i, e := range file.Entity {
		if len(e.Names) == 0 {
			return nil, fmt.Errorf("entities.toml: entity %d has no names", i+1)
		}
		if !contains(entityKinds, e.Kind) {
			return nil, fmt.Errorf("entities.toml: %s: unknown kind %q", e.Names[0], e.Kind)
		}
		if !contains(entitySides, e.Side) {
			return nil, fmt.Errorf("entities.toml: %s: unknown side %q", e.Names[0], e.Side)
		}
		t.feats = append(t.feats, [3]uint64{
			hashString("@ent:" + strings.ToLower(e.Names[0])),
			hashString("@kind:" + e.Kind),
			hashString("@side:" + e.Side),
		})
		for _, n := range e.Names {
			toks, fold = tokenize(n, toks[:0], fold[:0])
			if len(toks) == 0 {
				return nil, fmt.Errorf("entities.toml: %s: empty name %q", e.Names[0], n)
			}
			en := entityName{ent: int32(i)}
			for _, tk := range toks {
				en.toks = append(en.toks, tk.h)
			}
			list := append(t.first[en.toks[0]], en)
			// Longest first, so that "Claude Code" wins over a shorter spelling.
			for k := len(list) - 1; k > 0 && len(list[k].toks) > len(list[k-1].toks); k-- {
				list[k], list[k-1] = list[k-1], list[k]
			}
			t.first[en.toks[0]] = list
		}
	}
	return t, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// match returns the entity whose longest spelling starts at toks[i] and its length in tokens,
// or -1.
func (t *entityTable) match(toks []token, i int) (ent int32, n int) {
	for _, en := range t.first[toks[i].h] {
		if i+len(en.toks) > len(toks) {
			continue
		}
		ok := true
		for k := 1; k < len(en.toks); k++ {
			if toks[i+k].h != en.toks[k] || toks[i+k].join == joinBreak {
				ok = false
				break
			}
		}
		if ok {
			return en.ent, len(en.toks)
		}
	}
	return -1, 0
}

// loadDefaults compiles entities.toml and model.txt on first use: tokenising needs the tables
// that text.go fills in its init functions, which run after this file's variables.
var loadDefaults = sync.OnceFunc(func() {
	t, err := parseEntities(entitiesTOML)
	if err != nil {
		panic("tagging: embedded " + err.Error()) // a test decodes the file: a build defect
	}
	entityFeatureNames = map[uint64]bool{}
	for _, f := range t.feats {
		entityFeatureNames[f[0]] = true
	}
	defaultEntitiesTable = t
	if defaultModelTable, err = parseModel(modelTXT); err != nil {
		panic("tagging: embedded " + err.Error()) // TestModelFresh reads it: a build defect
	}
})

var (
	defaultEntitiesTable *entityTable
	defaultModelTable    *builtinModel
)

func defaultEntities() *entityTable {
	loadDefaults()
	return defaultEntitiesTable
}

func defaultModel() *builtinModel {
	loadDefaults()
	return defaultModelTable
}

// Entities returns the embedded entity table, for documentation and tests.
func Entities() []Entity { return append([]Entity(nil), defaultEntities().ents...) }
