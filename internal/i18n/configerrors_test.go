package i18n

// The configuration's problems are worded in English by package config and in the
// windows' language by internal/ui (configText): every format given to errorList.add,
// addAt and msgf, and every Phrase, must be a key in English and Korean.

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/uptray/uptray/assets"
)

// configFormats returns the literal formats and phrases of package config's problems.
func configFormats(t *testing.T) []literal {
	dir := filepath.Join("..", "config")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var out []literal
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			_, fn := callName(c)
			at := map[string]int{"add": 1, "addAt": 2, "msgf": 0, "Phrase": 0}
			i, ok := at[fn]
			if !ok || len(c.Args) <= i {
				return true
			}
			if b, ok := c.Args[i].(*ast.BasicLit); ok && b.Kind == token.STRING {
				if s, err := strconv.Unquote(b.Value); err == nil && looksShown(s) {
					out = append(out, literal{fset.Position(b.Pos()), s})
				}
			} else if fn != "Phrase" && (fn != "addAt" || !isFormatOf(c.Args[i])) {
				t.Errorf("%s: %s's format is not a literal: translation cannot find it", fset.Position(c.Args[i].Pos()), fn)
			}
			return true
		})
	}
	return out
}

// isFormatOf accepts msg.Format (a Message passed on whole, its format checked where
// it was made) and add's own format parameter (passed on to addAt).
func isFormatOf(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.SelectorExpr:
		return e.Sel.Name == "Format"
	case *ast.Ident:
		return e.Name == "format"
	}
	return false
}

func TestConfigProblemsTranslated(t *testing.T) {
	formats := configFormats(t)
	if len(formats) < 50 {
		t.Fatalf("found %d formats in internal/config: the scan is broken", len(formats))
	}
	for _, lang := range Languages {
		keys := map[string]string{}
		files, _ := fs.Glob(assets.Lang, "lang/*."+lang+".json")
		for _, f := range files {
			b, _ := fs.ReadFile(assets.Lang, f)
			var m map[string]any
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			for k, v := range m {
				if s, ok := v.(string); ok {
					keys[k] = s
				} else {
					keys[k] = k
				}
			}
		}
		for _, l := range formats {
			tr, ok := keys[l.text]
			switch {
			case !ok:
				t.Errorf("%s: problem %q is in no lang/*.%s.json", l.pos, l.text, lang)
			case lang == "en" && tr != l.text:
				t.Errorf("%s: the English of %q is %q: the command line and the windows would differ", l.pos, l.text, tr)
			case verbs.FindAllString(tr, -1) == nil && verbs.FindAllString(l.text, -1) != nil:
				t.Errorf("%s: the %s of %q drops its values: %q", l.pos, lang, l.text, tr)
			}
		}
	}
}
