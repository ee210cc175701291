package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSupersededCopyReason sends one report twice with different figures: the copy not used is
// said to be superseded by the other, not "not a report expected for the period". Files in a
// folder are received in name order and the first version received counts (as receive does), so
// "… gửi lại.xlsx" (a space sorts before the dot) is used, whatever the files' times. The other
// is a duplicate-submission error, so the run exits 1: the inputs have errors, though every
// report is covered.
func TestSupersededCopyReason(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nhận")
	old := fillForm(t, dir, "CTK tháng 2.xlsx", "2024-02", nil)
	newer := fillForm(t, dir, "CTK tháng 2 gửi lại.xlsx", "2024-02", map[string]string{"IIP/TH": "9.5"})
	later := time.Now().Add(time.Hour)
	os.Chtimes(newer, later, later)
	book := filepath.Join(t.TempDir(), "tổng hợp.xlsx")
	code, out, errs := chitieu(t, "consolidate", "--lang", "en", "--period", "2024-02", "--date", "2024-03-20", "-o", book, dir)
	if code != exitFound {
		t.Errorf("exit %d with a copy rejected, want %d\n%s\n%s", code, exitFound, out, errs)
	}
	var line string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, old) {
			line = l
		}
	}
	if !strings.Contains(line, "another copy of the same report is used: "+newer) || strings.Contains(line, "not a report expected") {
		t.Errorf("the superseded copy's line: %q\n%s\n%s", line, out, errs)
	}
}

// TestConsolidateOutputFolderAndUnreadFolder: -o FOLDER writes the workbook of the default name
// inside it; a sub-folder that cannot be read is named and the run exits 1, its files unread.
func TestConsolidateOutputFolderAndUnreadFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nhận")
	fillForm(t, dir, "CTK tháng 2.xlsx", "2024-02", nil)
	locked := unreadableFolder(t, dir)
	outDir := t.TempDir()
	code, out, errs := chitieu(t, "consolidate", "--lang", "en", "--period", "2024-02", "--date", "2024-03-20", "-o", outDir, dir)
	if code != exitFound {
		t.Errorf("exit %d with a folder unread, want %d\n%s\n%s", code, exitFound, out, errs)
	}
	if !strings.Contains(out, ": this folder cannot be read") || !strings.Contains(out, filepath.Base(locked)) {
		t.Errorf("the unread folder is not named:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(outDir, "Tổng hợp - thanh-hoa - 2024-02.xlsx")); err != nil {
		t.Errorf("-o FOLDER: %v", err)
	}
	_, help, _ := chitieu(t, "consolidate", "--lang", "en", "--help")
	if !strings.Contains(help, "an existing folder gets the workbook of the default name inside it") {
		t.Errorf("--help does not say what -o FOLDER does:\n%s", help)
	}
}
