package i18n

// Every word the user sees in the tray, the notifications and the windows comes from
// the translation files: this test reads the sources of those packages and fails on a
// string literal with words in it that is not a key given to T, F or N, and on a key
// that English or Korean lacks.
//
// Not shown to the user, so not flagged: imports, struct tags, log calls, comparisons,
// switch cases, map keys, and arguments of strings/path/os/exec/time/… calls. A literal
// that is never shown but looks like words (a preference key, a D-Bus name) carries a
// comment on its line: `// i18n:ignore <why>`.

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/uptray/uptray/assets"
)

// checkedPackages are the packages whose every visible string must be translated.
var checkedPackages = []string{"tray", "alert", "ui"}

// notYet are files still being translated (issue 15): each is taken off this list
// when its strings are done, and the list must end empty.
var notYet = map[string]bool{}

// quietCalls are packages and methods whose string arguments never reach the user.
var quietCalls = map[string]bool{
	"slog": true, "log": true, "strings": true, "filepath": true, "path": true, "os": true,
	"exec": true, "time": true, "regexp": true, "strconv": true, "json": true, "url": true,
	"http": true, "bytes": true, "sql": true, "dbus": true, "template": true, "xml": true,
	"Info": true, "Warn": true, "Error": true, "Debug": true, "With": true, "Logf": true,
	"Log": true, "Fatal": true, "Fatalf": true, "Errorf": false, // fmt.Errorf text is shown
	"Getenv": true, "Setenv": true, "LookPath": true, "Command": true,
	"T": false, // handled below
}

var (
	verbs = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)
	words = regexp.MustCompile(`[A-Za-z]{2,}`)
)

// looksShown reports whether a literal's text has words once format verbs are gone.
func looksShown(s string) bool {
	return words.MatchString(verbs.ReplaceAllString(s, ""))
}

type literal struct {
	pos  token.Position
	text string
}

func TestEveryStringTranslated(t *testing.T) {
	keys := map[string]map[string]bool{} // language → keys
	for _, lang := range Languages {
		keys[lang] = map[string]bool{}
		files, _ := fs.Glob(assets.Lang, "lang/*."+lang+".json")
		for _, f := range files {
			b, _ := fs.ReadFile(assets.Lang, f)
			var m map[string]any
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			for k := range m {
				keys[lang][k] = true
			}
		}
	}
	// The command line stays English, but the resident's own words in cmd/uptray
	// (a notice, the tray's notice line) must have their keys.
	_, cmdKeys := scanPackage(t, filepath.Join("..", "..", "cmd", "uptray"))
	for _, l := range cmdKeys {
		for _, lang := range Languages {
			if !keys[lang][l.text] {
				t.Errorf("%s: key %q is in no lang/*.%s.json", l.pos, l.text, lang)
			}
		}
	}
	for _, pkg := range checkedPackages {
		untranslated, used := scanPackage(t, filepath.Join("..", pkg))
		for _, l := range untranslated {
			t.Errorf("%s: %q is shown to the user but not translated: i18n.T/F/N it (or mark `// i18n:ignore <why>`)", l.pos, l.text)
		}
		for _, l := range used {
			for _, lang := range Languages {
				if !keys[lang][l.text] {
					t.Errorf("%s: key %q is in no lang/*.%s.json", l.pos, l.text, lang)
				}
			}
		}
	}
}

// scanPackage returns the untranslated literals of the package in dir and the keys
// its T/F/N calls use.
func scanPackage(t *testing.T, dir string) (untranslated, used []literal) {
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") || notYet[filepath.Base(dir)+"/"+name] {
			continue
		}
		path := filepath.Join(dir, name)
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, path, src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		if ast.IsGenerated(f) {
			continue
		}
		ignored := map[int]bool{}
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if strings.Contains(c.Text, "i18n:ignore") {
					ignored[fset.Position(c.Pos()).Line] = true
				}
			}
		}
		quiet := quietLiterals(f, func(n *ast.CallExpr, pkg, fn string) bool {
			if pkg == "i18n" && (fn == "T" || fn == "F" || fn == "N") {
				if len(n.Args) > 0 {
					if b, ok := n.Args[0].(*ast.BasicLit); ok && b.Kind == token.STRING {
						s, _ := strconv.Unquote(b.Value)
						used = append(used, literal{fset.Position(b.Pos()), s})
					}
				}
				return true
			}
			return quietCalls[pkg] || quietCalls[fn]
		})
		ast.Inspect(f, func(n ast.Node) bool {
			b, ok := n.(*ast.BasicLit)
			if !ok || b.Kind != token.STRING || quiet[b] {
				return true
			}
			pos := fset.Position(b.Pos())
			if ignored[pos.Line] {
				return true
			}
			s, err := strconv.Unquote(b.Value)
			if err == nil && looksShown(s) {
				untranslated = append(untranslated, literal{pos, s})
			}
			return true
		})
	}
	return untranslated, used
}

// callName splits a call's function into package (or receiver) and name.
func callName(c *ast.CallExpr) (pkg, fn string) {
	switch f := c.Fun.(type) {
	case *ast.SelectorExpr:
		if id, ok := f.X.(*ast.Ident); ok {
			pkg = id.Name
		}
		return pkg, f.Sel.Name
	case *ast.Ident:
		return "", f.Name
	}
	return "", ""
}
