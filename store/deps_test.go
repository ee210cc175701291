package store

import (
	"go/build"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestImportDirection holds the house's import direction (DESIGN.md, "Architecture"): the store
// speaks schema and finding only, and never imports a stage it feeds (validate, consolidate);
// xlsx returns its own types; finding is a leaf. It reads the sources' imports, as go list -deps
// does, so it needs no toolchain.
func TestImportDirection(t *testing.T) {
	for _, c := range []struct {
		pkg     string
		allowed []string // every chitieu package it may depend on, directly or not
	}{
		{"store", []string{"schema", "finding"}},
		{"schema", []string{"finding"}},
		{"finding", nil},
		{"xlsx", []string{"finding", "outfile"}},
	} {
		t.Run(c.pkg, func(t *testing.T) {
			deps := map[string]bool{}
			var walk func(pkg string)
			walk = func(pkg string) {
				bp, err := build.ImportDir(filepath.Join("..", pkg), 0)
				if err != nil {
					t.Fatalf("%s: %v", pkg, err)
				}
				for _, imp := range bp.Imports {
					if dep, ok := strings.CutPrefix(imp, "chitieu/"); ok && !deps[dep] {
						deps[dep] = true
						walk(dep)
					}
				}
			}
			walk(c.pkg)
			for dep := range deps {
				if !slices.Contains(c.allowed, dep) {
					t.Errorf("chitieu/%s depends on chitieu/%s; it may depend on %v only", c.pkg, dep, c.allowed)
				}
			}
		})
	}
}
