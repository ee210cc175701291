package serve

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/outfile"
)

// TestUploadCheckedUnderItsName: an upload is checked under the name it was sent with: a file of
// unit 380 sent as "Báo cáo 381 …" gets the name-mismatch warning quoting that name, one sent
// under its own name none; no finding ever quotes a temporary file's name (whose process-number
// digits were once read as unit 15229's code), and the upload leaves no temporary file behind.
func TestUploadCheckedUnderItsName(t *testing.T) {
	e := newEnv(t, nil)
	good := fillForm(t, e.plan, e.dir, "03/CT-H", "380", "2023")
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(e.dir, "Báo cáo 381 năm 2023.xlsx")
	if err := os.WriteFile(other, data, 0o644); err != nil {
		t.Fatal(err)
	}
	status, fj := e.uploadJSON("380", other)
	if status != 200 {
		t.Fatalf("upload: %d", status)
	}
	var mismatch string
	for _, f := range fj.Findings {
		if strings.Contains(f.Message, ".tmp") || strings.Contains(f.Message, ".chitieu-") {
			t.Errorf("a finding quotes a temporary name: %+v", f)
		}
		if f.Code == "name-mismatch" {
			mismatch = f.Message
		}
	}
	if !strings.Contains(mismatch, "Báo cáo 381 năm 2023") || !strings.Contains(mismatch, "381") {
		t.Errorf("no name-mismatch quoting the name sent: %+v", fj.Findings)
	}
	next := fillForm(t, e.plan, t.TempDir(), "03/CT-H", "380", "2024")
	own := filepath.Join(e.dir, "Báo cáo 380 năm 2024.xlsx")
	if err := os.Rename(next, own); err != nil {
		t.Fatal(err)
	}
	status, fj = e.uploadJSON("380", own)
	if status != 200 || fj.File != filepath.Base(own) || fj.Period != "2024" {
		t.Fatalf("upload under its own name: %d %+v", status, fj)
	}
	for _, f := range fj.Findings {
		if f.Code == "name-mismatch" {
			t.Errorf("the unit's own name: %+v", f)
		}
	}
	left, _ := filepath.Glob(filepath.Join(outfile.TempDir(), "*"))
	for _, l := range left {
		if strings.Contains(l, "Báo cáo") {
			t.Errorf("left behind: %s", l)
		}
	}
	if dirs, _ := os.ReadDir(outfile.TempDir()); len(dirs) > 0 {
		for _, d := range dirs {
			if d.IsDir() {
				t.Errorf("a temporary folder left behind: %s", d.Name())
			}
		}
	}
}
