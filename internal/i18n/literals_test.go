package i18n

import (
	"go/ast"
	"go/token"
)

// quietLiterals are a file's string literals in places that never reach the user:
// imports, struct tags, comparisons, switch cases, map keys and indexes, and the
// arguments of calls quietCall says are quiet (it may also look at the call).
func quietLiterals(f *ast.File, quietCall func(c *ast.CallExpr, pkg, fn string) bool) map[*ast.BasicLit]bool {
	quiet := map[*ast.BasicLit]bool{}
	markQuiet := func(n ast.Node) {
		ast.Inspect(n, func(n ast.Node) bool {
			if b, ok := n.(*ast.BasicLit); ok {
				quiet[b] = true
			}
			return true
		})
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ImportSpec:
			markQuiet(n)
		case *ast.Field:
			if n.Tag != nil {
				quiet[n.Tag] = true
			}
		case *ast.BinaryExpr:
			if n.Op == token.EQL || n.Op == token.NEQ {
				markQuiet(n.X)
				markQuiet(n.Y)
			}
		case *ast.CaseClause:
			for _, e := range n.List {
				markQuiet(e)
			}
		case *ast.IndexExpr:
			markQuiet(n.Index)
		case *ast.KeyValueExpr:
			if _, isMapKey := n.Key.(*ast.BasicLit); isMapKey {
				markQuiet(n.Key)
			}
		case *ast.CallExpr:
			if pkg, fn := callName(n); quietCall(n, pkg, fn) {
				markQuiet(n)
			}
		}
		return true
	})
	return quiet
}
