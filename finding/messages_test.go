package finding

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// verb is a formatting verb of a message pattern; %% is none.
var verb = regexp.MustCompile(`%%|%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z]`)

func verbs(pattern string) (n int, indexed bool) {
	for _, m := range verb.FindAllString(pattern, -1) {
		if m == "%%" {
			continue
		}
		n++
		indexed = indexed || strings.Contains(m, "[")
	}
	return n, indexed
}

// TestMessages reads every message of the program's source (every Textf call) and every place a
// message's pattern is read: Vietnamese and English take the same arguments, as many as are
// given, and outside this package a pattern is only read to be changed (msg.VI += …), never
// printed raw — In fills it. The status sheet printed "Dùng %s: … (%s) trong %d bản đã nộp."
// from e.Why.VI.
func TestMessages(t *testing.T) {
	fset := token.NewFileSet()
	root := ".."
	calls := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		// Written to, or kept whole in a variable (en := msg.EN, to be a pattern again).
		lhs := map[ast.Expr]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			if as, ok := n.(*ast.AssignStmt); ok {
				for _, l := range as.Lhs {
					lhs[l] = true
				}
				for _, r := range as.Rhs {
					lhs[r] = true
				}
			}
			return true
		})
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				name := ""
				switch fn := n.Fun.(type) {
				case *ast.SelectorExpr:
					if x, ok := fn.X.(*ast.Ident); ok && x.Name == "finding" {
						name = fn.Sel.Name
					}
				case *ast.Ident:
					if f.Name.Name == "finding" {
						name = fn.Name
					}
				}
				if name != "Textf" || len(n.Args) < 2 {
					return true
				}
				vi, ok1 := literal(n.Args[0])
				en, ok2 := literal(n.Args[1])
				if !ok1 || !ok2 {
					return true
				}
				calls++
				nv, iv := verbs(vi)
				ne, ie := verbs(en)
				args := len(n.Args) - 2
				switch {
				case iv || ie || n.Ellipsis.IsValid():
				case nv != args || (en != "" && ne != args):
					t.Errorf("%s: %d arguments for %q (%d verbs) and %q (%d verbs)", fset.Position(n.Pos()), args, vi, nv, en, ne)
				}
			case *ast.SelectorExpr:
				if f.Name.Name == "finding" || (n.Sel.Name != "VI" && n.Sel.Name != "EN") || lhs[n] {
					return true
				}
				if x, ok := n.X.(*ast.Ident); ok && (x.Name == "finding" || x.Name == "schema") {
					return true // the languages, not a message's pattern
				}
				if strings.HasSuffix(filepath.ToSlash(path), "store/errors.go") {
					return true // store.Error's texts are plain strings, not patterns
				}
				if rewritten(f, n) {
					return true
				}
				t.Errorf("%s: a message's pattern read raw (%s): print it with In, which fills it", fset.Position(n.Pos()), n.Sel.Name)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if calls < 100 {
		t.Fatalf("only %d messages found: is the walk reading the source?", calls)
	}
}

// literal is the value of a string literal, or of literals joined with +.
func literal(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		a, ok1 := literal(e.X)
		b, ok2 := literal(e.Y)
		return a + b, ok1 && ok2
	}
	return "", false
}

// rewritten reports whether sel is read to build the new pattern of the same field
// (msg.VI = own(r.Message) + msg.VI).
func rewritten(f *ast.File, sel *ast.SelectorExpr) bool {
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || found {
			return !found
		}
		for i, l := range as.Lhs {
			ls, ok := l.(*ast.SelectorExpr)
			if !ok || i >= len(as.Rhs) || ls.Sel.Name != sel.Sel.Name || types(ls.X) != types(sel.X) {
				continue
			}
			ast.Inspect(as.Rhs[i], func(n ast.Node) bool {
				found = found || n == sel
				return !found
			})
		}
		return !found
	})
	return found
}

// types is an expression's source form, to match msg.VI with msg.VI.
func types(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return types(e.X) + "." + e.Sel.Name
	}
	return ""
}
