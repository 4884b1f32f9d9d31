package lang

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"veille/feeds"
)

// keyShape is the one style of catalog keys: dotted lower-case words, such as
// "status.refresh-failed" or "feed-error.timeout".
var keyShape = regexp.MustCompile(`^[a-z0-9-]+(\.[a-z0-9-]+)+$`)

// sources are the packages that speak to the user through this catalog.
var sources = []string{"..", "../cli", "."}

// catalogFiles hold the catalog itself: their literals are the keys, not uses of them.
var catalogFiles = map[string]bool{"catalog.go": true}

// literal is a string literal of the code, with where it stands.
type literal struct {
	value string
	pos   string
	keyed bool // the first argument of T or of a function taking a key
}

// keyFuncs take a catalog key as their first argument.
var keyFuncs = map[string]bool{"T": true, "N": true, "usage": true, "fail": true}

// codeLiterals parses the non-test Go files of the packages that use the catalog and returns
// their string literals.
func codeLiterals(t *testing.T) []literal {
	t.Helper()
	var out []literal
	fset := token.NewFileSet()
	for _, dir := range sources {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range files {
			base := filepath.Base(path)
			if strings.HasSuffix(base, "_test.go") || (dir == "." && catalogFiles[base]) {
				continue
			}
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			f, err := parser.ParseFile(fset, path, src, 0)
			if err != nil {
				t.Fatal(err)
			}
			keyed := map[*ast.BasicLit]bool{}
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) == 0 {
					return true
				}
				name := ""
				switch fn := call.Fun.(type) {
				case *ast.SelectorExpr:
					name = fn.Sel.Name
				case *ast.Ident:
					name = fn.Name
				}
				if lit, ok := call.Args[0].(*ast.BasicLit); ok && keyFuncs[name] && lit.Kind == token.STRING {
					keyed[lit] = true
				}
				return true
			})
			ast.Inspect(f, func(n ast.Node) bool {
				lit, ok := n.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				v, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatalf("%s: %v", fset.Position(lit.Pos()), err)
				}
				out = append(out, literal{v, fset.Position(lit.Pos()).String(), keyed[lit]})
				return true
			})
		}
	}
	if len(out) < 100 {
		t.Fatalf("only %d literals found: the source scan is broken", len(out))
	}
	return out
}

// Every key the code uses exists in French and in English, and every key of the catalog is
// used: a key the code names through a table or a switch is a literal there too.
func TestCatalogKeysAreUsedAndComplete(t *testing.T) {
	lits := codeLiterals(t)
	used := map[string]bool{}
	for _, l := range lits {
		_, inCatalog := catalog[l.value]
		switch {
		case inCatalog:
			used[l.value] = true
		case l.keyed:
			t.Errorf("%s: key %q is not in the catalog", l.pos, l.value)
		case keyShape.MatchString(l.value) && hasNamespace(l.value):
			t.Errorf("%s: %q looks like a key of the catalog but is not in it", l.pos, l.value)
		}
	}
	for k, m := range catalog {
		if !keyShape.MatchString(k) {
			t.Errorf("key %q is not of the catalog's one style (dotted lower-case words)", k)
		}
		if m.fr == "" || m.en == "" {
			t.Errorf("message %q lacks a language", k)
		}
		if verbs(m.fr) != verbs(m.en) {
			t.Errorf("message %q: French and English take different arguments (%q, %q)", k, verbs(m.fr), verbs(m.en))
		}
		if !used[k] {
			t.Errorf("message %q is not used by the code", k)
		}
	}
}

// hasNamespace reports whether a key-shaped string starts like some key of the catalog.
func hasNamespace(s string) bool {
	ns, _, _ := strings.Cut(s, ".")
	for k := range catalog {
		if strings.HasPrefix(k, ns+".") {
			return true
		}
	}
	return false
}

var verb = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

// verbs lists a message's formatting verbs in order, without the %% escapes.
func verbs(s string) string {
	var out []string
	for _, v := range verb.FindAllString(s, -1) {
		if v != "%%" {
			out = append(out, strings.NewReplacer("q", "s", "v", "s").Replace(v[len(v)-1:]))
		}
	}
	return strings.Join(out, " ")
}

// enumValues reads the string constants of feeds declared with the given type (or, for "",
// whose name starts with prefix), as the source declares them.
func enumValues(t *testing.T, typ, prefix string) map[string]bool {
	t.Helper()
	fset := token.NewFileSet()
	files, _ := filepath.Glob("../../feeds/*.go")
	out := map[string]bool{}
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				id, _ := vs.Type.(*ast.Ident)
				for i, name := range vs.Names {
					if i >= len(vs.Values) {
						continue
					}
					lit, ok := vs.Values[i].(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						continue
					}
					if (typ != "" && id != nil && id.Name == typ) || (typ == "" && strings.HasPrefix(name.Name, prefix)) {
						v, _ := strconv.Unquote(lit.Value)
						out[v] = true
					}
				}
			}
		}
	}
	if len(out) == 0 {
		t.Fatalf("no constants of %s%s found in feeds", typ, prefix)
	}
	return out
}

// Every value of the domain's enumerations that reaches the user has its message.
func TestEnumerationsAreTranslated(t *testing.T) {
	check := func(what string, values map[string]bool, has func(string) (message, bool)) {
		for v := range values {
			m, ok := has(v)
			if !ok {
				t.Errorf("%s %q has no message", what, v)
			} else if m.fr == "" || m.en == "" {
				t.Errorf("%s %q lacks a language", what, v)
			}
		}
	}
	kinds := enumValues(t, "ErrorKind", "")
	delete(kinds, string(feeds.ErrNone))
	check("feed error", kinds, func(v string) (message, bool) { m, ok := feedErrors[feeds.ErrorKind(v)]; return m, ok })
	sources := enumValues(t, "TextSource", "")
	delete(sources, string(feeds.TextFromFeed))
	sources[""] = true // a page that could not be fetched
	check("text source", sources, func(v string) (message, bool) { m, ok := textSources[feeds.TextSource(v)]; return m, ok })
	check("query error", enumValues(t, "", "QueryErr"), func(v string) (message, bool) { m, ok := queryErrors[v]; return m, ok })
	opml := enumValues(t, "OPMLWarningKind", "")
	check("OPML warning", opml, func(v string) (message, bool) { m, ok := opmlWarnings[feeds.OPMLWarningKind(v)]; return m, ok })
	if len(feedErrors) != len(kinds) || len(textSources) != len(sources) || len(opmlWarnings) != len(opml) {
		t.Errorf("a table holds a value the domain no longer has")
	}
}
