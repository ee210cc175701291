package validate

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestCopiesReadOnce: files with the same bytes are read once and checked each as itself — its
// own path on the file, its submission and every finding, and the duplicate found.
func TestCopiesReadOnce(t *testing.T) {
	p := defaultPlan(t)
	dir := t.TempDir()
	src := newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid().text("IIP", "TH", "abc").save(t.TempDir(), "gốc.xlsx")
	b, _ := os.ReadFile(src)
	names := []string{"bản 1.xlsx", "bản 2.xlsx", "bản 3.xlsx"}
	for _, n := range names {
		os.WriteFile(filepath.Join(dir, n), b, 0o644)
	}
	other := newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid().save(dir, "khác.xlsx")
	rep, err := Run(context.Background(), Options{Plan: p}, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Files) != 4 {
		t.Fatalf("%d files", len(rep.Files))
	}
	var first *File
	for _, f := range rep.Files {
		if f.Path == other {
			continue
		}
		if f.Sub == nil || f.Sub.File != f.Path || f.Checked == nil {
			t.Fatalf("%s: submission %+v", f.Path, f.Sub)
		}
		codes := map[string]bool{}
		for _, x := range f.Findings {
			codes[x.Code] = true
			if x.Cell.File != "" && x.Cell.File != f.Path {
				t.Errorf("%s: a finding about %s", f.Path, x.Cell.File)
			}
		}
		if !codes["not-a-number"] || !codes["duplicate-submission"] {
			t.Errorf("%s: findings %v", f.Path, codes)
		}
		if first == nil {
			first = f
		} else if len(f.Checked.Values) != len(first.Checked.Values) || len(f.Findings) != len(first.Findings) {
			t.Errorf("%s differs from %s: %d/%d values, %d/%d findings", f.Path, first.Path, len(f.Checked.Values), len(first.Checked.Values), len(f.Findings), len(first.Findings))
		}
	}
}
