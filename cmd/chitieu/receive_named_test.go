package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestUnreadableFileNamedByItsName: a unit's report cut short in the download (or saved as .xls,
// or .ods) cannot say what it is; under the name chitieu gave its form it is filed as that
// report's rejected copy, so that status says the unit sent something and why it was refused,
// not that it sent nothing; a rebuild files it the same way. A damaged file of another name stays
// a file of no report.
func TestUnreadableFileNamedByItsName(t *testing.T) {
	dir := t.TempDir()
	kho := filepath.Join(dir, "kho")
	good := fillForm(t, filepath.Join(dir, "a"), "x.xlsx", "2024-02", nil)
	b, _ := os.ReadFile(good)
	in := filepath.Join(dir, "nhận")
	os.MkdirAll(in, 0o755)
	named := filepath.Join(in, "Biểu 01-CT-TK - 2024-02 - CTK Cục Thống kê tỉnh Thanh Hóa (1).xlsx")
	other := filepath.Join(in, "bao cao thang 2.xlsx")
	os.WriteFile(named, b[:len(b)/2], 0o644)
	os.WriteFile(other, b[:len(b)/2], 0o644)
	code, out, errs := chitieu(t, "receive", "--store", kho, "--lang", "en", in)
	if code != exitFound || !strings.Contains(out, "01/CT-TK · CTK · 2024-02 (by its name): rejected") || !strings.Contains(out, "[named-by-file-name]") {
		t.Fatalf("receive: exit %d\n%s\n%s", code, out, errs)
	}
	state := func(kho string) (string, []string, string) {
		u := unitStatus(t, kho, "2024-02", "01/CT-TK", "CTK", "en")
		return u.State, u.Files, u.ReasonText
	}
	st, files, reason := state(kho)
	if st != "invalid" || len(files) != 1 || files[0] != filepath.Base(named) || !strings.Contains(reason, "cut short") {
		t.Errorf("status of CTK: %s %q %s", st, files, reason)
	}
	if st2, files2, _ := state(rebuiltCopy(t, kho)); st2 != st || strings.Join(files2, "|") != strings.Join(files, "|") {
		t.Errorf("after a rebuild: %s %q", st2, files2)
	}
}
