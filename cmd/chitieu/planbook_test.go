package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/internal/wine"
	"chitieu/seeds"
)

// TestPlanExportRoundTrip converts each embedded plan YAML → workbook → YAML with the commands a
// user runs: plan show --format json is the same at every step.
func TestPlanExportRoundTrip(t *testing.T) {
	for _, name := range seeds.Names() {
		dir := t.TempDir()
		book, yml := filepath.Join(dir, "ke-hoach.xlsx"), filepath.Join(dir, "ke-hoach.yaml")
		if code, _, errs := chitieu(t, "plan", "export", "--plan", name, "-o", book); code != exitOK {
			t.Fatalf("%s: export: %d %s", name, code, errs)
		}
		if code, _, errs := chitieu(t, "plan", "export", "--plan", book, "-o", yml); code != exitOK {
			t.Fatalf("%s: export from the workbook: %d %s", name, code, errs)
		}
		_, want, _ := chitieu(t, "plan", "show", "--plan", name, "--format", "json")
		for _, p := range []string{book, yml} {
			if _, got, errs := chitieu(t, "plan", "show", "--plan", p, "--format", "json"); got != want {
				t.Errorf("%s: plan show of %s differs from the embedded plan's (%s)", name, filepath.Base(p), errs)
			}
		}
		if code, _, _ := chitieu(t, "plan", "export", "--plan", name, "-o", book); code != exitUsage {
			t.Errorf("export over an existing file without --force: exit %d", code)
		}
	}
}

// TestPlanBookCheckPositions: plan check names sheet and cell, and tells which forms changed.
func TestPlanBookCheckPositions(t *testing.T) {
	dir := t.TempDir()
	yml := filepath.Join(dir, "moi.yaml")
	src, _ := seeds.Source(seeds.Default)
	// A new layout of form 01/CT-TK: a label changed, the version raised.
	edited := strings.Replace(string(src), "label: Chỉ số sản xuất công nghiệp (IIP),", "label: Chỉ số IIP,", 1)
	edited = strings.Replace(edited, "  - id: 01/CT-TK\n    version: \"1\"", "  - id: 01/CT-TK\n    version: \"2\"", 1)
	os.WriteFile(yml, []byte(edited), 0o644)
	book := filepath.Join(dir, "moi.xlsx")
	if code, _, errs := chitieu(t, "plan", "export", "--plan", yml, "-o", book); code != exitOK {
		t.Fatal(errs)
	}
	code, out, _ := chitieu(t, "--lang", "en", "plan", "check", book)
	if code != exitOK || !strings.Contains(out, "moi.xlsx:Biểu mẫu!A2: warning: Form 01/CT-TK has a new version 2 (was 1") || !strings.Contains(out, "wrong-version") {
		t.Errorf("plan check --against the embedded plan: exit %d\n%s", code, out)
	}
}

// TestPlanBookEditedWithOpenpyxl edits the workbook as an official does (a commune added, a
// target's value changed, a target added with its source and quote) and runs plan show and
// template on it.
func TestPlanBookEditedWithOpenpyxl(t *testing.T) {
	wine.Skip(t, "openpyxl")
	const python = "/usr/bin/python3"
	if err := exec.Command(python, "-c", "import openpyxl").Run(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("python3-openpyxl is required in CI: %v", err)
		}
		t.Skipf("python3-openpyxl is not available: %v", err)
	}
	dir := t.TempDir()
	book, edited := filepath.Join(dir, "ke-hoach.xlsx"), filepath.Join(dir, "ke-hoach-moi.xlsx")
	if code, _, errs := chitieu(t, "plan", "export", "-o", book); code != exitOK {
		t.Fatal(errs)
	}
	script, _ := filepath.Abs("../../templates/testdata/edit_planbook.py")
	if out, err := exec.Command(python, script, book, edited).CombinedOutput(); err != nil {
		t.Fatalf("edit: %v\n%s", err, out)
	}
	docs, _ := filepath.Abs("../../seeds/docs")
	if code, out, errs := chitieu(t, "plan", "check", edited, "--docs", docs); code != exitOK {
		t.Fatalf("plan check of the edited workbook: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs := chitieu(t, "plan", "show", "--plan", edited, "--format", "json")
	if code != exitOK {
		t.Fatal(errs)
	}
	var view struct {
		Plan    struct{ Units int }
		Targets []struct {
			ID    string
			Value *json.Number
		}
	}
	if err := json.Unmarshal([]byte(out), &view); err != nil {
		t.Fatal(err)
	}
	p, _, _ := seeds.Load(seeds.Default)
	if view.Plan.Units != len(p.Units)+1 {
		t.Errorf("units: %d, want %d", view.Plan.Units, len(p.Units)+1)
	}
	values := map[string]string{}
	for _, tv := range view.Targets {
		if tv.Value != nil {
			values[tv.ID] = tv.Value.String()
		}
	}
	first := ""
	for _, tg := range p.Targets {
		if tg.Value.IsSet() {
			first = tg.ID
			break
		}
	}
	if values[first] != "99.5" || values["TH-MOI-2030"] != "20" {
		t.Errorf("target %s = %q (want 99.5), TH-MOI-2030 = %q (want 20)", first, values[first], values["TH-MOI-2030"])
	}
	outDir := filepath.Join(dir, "bieu")
	if code, _, errs := chitieu(t, "template", "--plan", edited, "--period", "2025", "--form", "03/CT-X", "-o", outDir); code != exitOK {
		t.Fatalf("template: %d %s", code, errs)
	}
	files, _ := filepath.Glob(filepath.Join(outDir, "*.xlsx"))
	added, _ := filepath.Glob(filepath.Join(outDir, "*99001 Xã Thử Nghiệm.xlsx"))
	if len(files) != 167 || len(added) != 1 {
		t.Errorf("template for 2025 made %d forms (%v for the new commune), want 166 + 1", len(files), added)
	}
}
