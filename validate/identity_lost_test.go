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

// TestIdentityShown: Gnumeric re-saves the very hidden identity sheet as a visible one, the step
// before a unit deletes it. The report is still read, with a warning that says what happened and
// not to delete the sheet; a hidden sheet (LibreOffice's) or the very hidden one is no news.
func TestIdentityShown(t *testing.T) {
	p := defaultPlan(t)
	for _, c := range []struct {
		state string // the identity sheet's state attribute as the writer left it
		warn  bool
	}{{`state="veryHidden"`, false}, {`state="hidden"`, false}, {``, true}, {`state="visible"`, true}} {
		t.Run(c.state, func(t *testing.T) {
			path := newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid().save(t.TempDir(), "báo cáo.xlsx")
			patchZip(t, path, func(name string, data []byte) []byte {
				if name != "xl/workbook.xml" {
					return data
				}
				s := string(data)
				if !strings.Contains(s, `state="veryHidden"`) {
					t.Fatalf("the template's identity sheet is not very hidden: %s", s)
				}
				return []byte(strings.Replace(s, `state="veryHidden"`, c.state, 1))
			})
			f := check(t, p, path, nil)
			if !f.Valid() {
				t.Fatalf("not valid: %v", f.Findings)
			}
			got := f.Findings.Has("identity-shown")
			if got != c.warn {
				t.Fatalf("identity-shown %v, want %v: %v", got, c.warn, f.Findings)
			}
			for _, x := range f.Findings {
				if x.Code == "identity-shown" && (x.Severity != finding.Warning || !strings.Contains(x.Detail.In(finding.EN), `do not edit or delete sheet "chitieu"`)) {
					t.Errorf("%+v: %s", x, x.Detail.In(finding.EN))
				}
			}
		})
	}
}
