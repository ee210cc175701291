package templates

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"chitieu/seeds"
)

// TestPlanBookLibreOffice opens each embedded plan's workbook in LibreOffice and saves it again:
// the plan read back is the same, field by field.
func TestPlanBookLibreOffice(t *testing.T) {
	need(t, pythonWith("uno"), "python3-uno")
	need(t, soffice, "LibreOffice")
	for _, name := range seeds.Names() {
		t.Run(name, func(t *testing.T) {
			p, _, err := seeds.Load(name)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			src := writeBook(t, p, dir)
			dst := filepath.Join(dir, "resaved.xlsx")
			cmd := exec.Command(debianPython, filepath.Join("testdata", "resave_libreoffice.py"), src, dst)
			cmd.Env = append(os.Environ(), "PYTHONPATH="+officePath(t))
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("resave: %v\n%s", err, out)
			}
			q, fs := readBook(t, dst)
			if errs := errorsOf(fs); len(errs) > 0 {
				t.Fatalf("errors after LibreOffice: %v", errs)
			}
			if a, b := modelJSON(t, p), modelJSON(t, q); a != b {
				t.Errorf("LibreOffice's re-save changed the plan")
			}
		})
	}
}
