package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/consolidate"
	"chitieu/xlsx"
)

// TestReceiveCorrectionAfterDuplicate: two versions of one report in one run make the later a
// duplicate-submission error, whose advice is to receive the correction again on its own. Done,
// the correction is taken — the report's current copy, superseding the earlier — though its
// bytes are in the store already; the export shows its figure, and a rebuild from the files
// agrees. The same bytes once more record nothing.
func TestReceiveCorrectionAfterDuplicate(t *testing.T) {
	dir := t.TempDir()
	kho := filepath.Join(dir, "kho")
	first := fillForm(t, filepath.Join(dir, "a"), "CTK lần 1.xlsx", "2024-02", map[string]string{"SL_DIESEL/TH": "2250", "SL_DIESEL/LK": "5000"})
	fix := fillForm(t, filepath.Join(dir, "b"), "CTK lần 2.xlsx", "2024-02", map[string]string{"SL_DIESEL/TH": "2260", "SL_DIESEL/LK": "5000"})
	code, out, errs := chitieu(t, "receive", "--store", kho, "--lang", "en", first, fix)
	if code != exitFound || !strings.Contains(out, "duplicate-submission") || !strings.Contains(out, "receive it again on its own") {
		t.Fatalf("both in one run: exit %d\n%s\n%s", code, out, errs)
	}
	diesel := func(store string) string {
		t.Helper()
		csv := filepath.Join(dir, "export.csv")
		os.Remove(csv)
		if code, _, errs := chitieu(t, "export", "--store", store, "--period", "2024-02", "-o", csv); code != exitOK {
			t.Fatalf("export: %d %s", code, errs)
		}
		b, _ := os.ReadFile(csv)
		for line := range strings.SplitSeq(string(b), "\n") {
			if strings.Contains(line, ",SL_DIESEL,TH,") {
				return line
			}
		}
		t.Fatalf("no diesel figure in\n%s", b)
		return ""
	}
	if line := diesel(kho); !strings.Contains(line, ",2250,") {
		t.Fatalf("after the run, the current figure: %s", line)
	}
	code, out, errs = chitieu(t, "receive", "--store", kho, "--lang", "en", fix)
	if code != exitOK || !strings.Contains(out, "accepted") || !strings.Contains(out, "supersedes CTK lần 1.xlsx") ||
		!strings.Contains(out, "it is taken now") || !strings.Contains(out, "1 file: 1 accepted, 0 rejected (kept as evidence), 0 already in the store") {
		t.Fatalf("the correction on its own: exit %d\n%s\n%s", code, out, errs)
	}
	if line := diesel(kho); !strings.Contains(line, ",2260,") || !strings.Contains(line, "CTK lần 2.xlsx") {
		t.Errorf("after the correction, the current figure: %s", line)
	}
	code, out, _ = chitieu(t, "receive", "--store", kho, "--lang", "en", fix)
	if code != exitOK || !strings.Contains(out, "nothing recorded") {
		t.Errorf("the correction again: exit %d\n%s", code, out)
	}
	// The province workbook counts and lists both files, the replaced one too.
	book := filepath.Join(dir, "tổng hợp.xlsx")
	code, out, errs = chitieu(t, "consolidate", "--store", kho, "--period", "2024-02", "--date", "2024-03-20", "-o", book, "--lang", "en")
	if code == exitUsage || !strings.Contains(out, "2 files received") {
		t.Errorf("consolidate: %d\n%s\n%s", code, out, errs)
	}
	wb, err := xlsx.Open(book, xlsx.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	g, err := wb.Grid(consolidate.SheetStatus)
	wb.Close()
	if err != nil {
		t.Fatal(err)
	}
	listed := false
	for _, r := range g {
		for _, c := range r {
			listed = listed || c == "CTK lần 1.xlsx\nCTK lần 2.xlsx"
		}
	}
	if !listed {
		t.Errorf("the status sheet does not list both files in receive order: %q", g)
	}
	if code, out, errs := chitieu(t, "store", "verify", "--store", kho); code != exitOK {
		t.Errorf("verify: %d\n%s\n%s", code, out, errs)
	}
	// A rebuild checks each file after the ones received before it, the correction last.
	again := rebuiltCopy(t, kho)
	if a, b := diesel(kho), diesel(again); a != b {
		t.Errorf("the rebuilt index differs:\n%s\n%s", a, b)
	}
}

// rebuiltCopy copies the store kho, removes the copy's index and rebuilds it from the files
// alone (store rebuild), and returns the copy's folder.
func rebuiltCopy(t *testing.T, kho string) string {
	t.Helper()
	again := filepath.Join(t.TempDir(), "kho dựng lại")
	if err := os.CopyFS(again, os.DirFS(kho)); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(again, "index.sqlite"))
	if code, out, errs := chitieu(t, "store", "rebuild", "--store", again); code != exitOK {
		t.Fatalf("rebuild: %d\n%s\n%s", code, out, errs)
	}
	return again
}
