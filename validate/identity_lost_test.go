package validate

import (
	"archive/zip"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/finding"
	"chitieu/templates"
)

// TestIdentityLost: a unit's file saved by a program that shows the identity sheet (Gnumeric) or
// drops the custom document properties (openpyxl, ExcelJS), and whose identity sheet the unit
// then deleted, was told "it is not a form made by chitieu". The hidden key row and column name
// the form and its version; the finding says so, and what happened.
func TestIdentityLost(t *testing.T) {
	need(t, debianPython, "-c", "import openpyxl")
	p := defaultPlan(t)
	for _, c := range []struct{ form, unit, period string }{
		{"01/CT-TK", "CTK", "2024-02"},
		{"03/CT-X", "14758", "2025"},
	} {
		t.Run(strings.ReplaceAll(c.form, "/", "-"), func(t *testing.T) {
			path := newForm(t, p, c.form, c.unit, c.period).fillValid().save(t.TempDir(), "báo cáo.xlsx")
			out := filepath.Join(t.TempDir(), "đã xóa trang.xlsx")
			script := `import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
del wb[sys.argv[3]]
if hasattr(wb, "custom_doc_props"):  # openpyxl 3.1 keeps them; 3.0 and ExcelJS drop them
    wb.custom_doc_props = type(wb.custom_doc_props)()
wb.save(sys.argv[2])
`
			if b, err := exec.Command(debianPython, "-c", script, path, out, templates.MetaSheet).CombinedOutput(); err != nil {
				t.Fatalf("%v\n%s", err, b)
			}
			if zr, err := zip.OpenReader(out); err == nil {
				for _, zf := range zr.File {
					if zf.Name == "docProps/custom.xml" {
						t.Fatal("the custom document properties are still there")
					}
				}
				zr.Close()
			}
			f := check(t, p, out, nil)
			var got string
			for _, x := range f.Findings {
				got += x.Code + ": " + x.Detail.In(finding.EN) + "\n"
			}
			for _, want := range []string{"missing-sheet: The file is form " + c.form + " (version 1) made by chitieu", "identity sheet \"chitieu\" was deleted"} {
				if !strings.Contains(got, want) {
					t.Errorf("findings lack %q:\n%s", want, got)
				}
			}
			if strings.Contains(got, "not a form made by chitieu") {
				t.Errorf("told it is not a form made by chitieu:\n%s", got)
			}
		})
	}
}
