package validate

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"chitieu/finding"
	"chitieu/xlsx"
)

// knownCodes are the finding codes a submission may get.
var knownCodes = map[string]bool{
	"not-a-workbook": true, "legacy-xls": true, "encrypted": true, "too-large": true, "unknown-form": true, "wrong-version": true,
	"wrong-period": true, "unknown-unit": true, "duplicate-submission": true, "missing-sheet": true, "missing-row": true,
	"missing-column": true, "label-changed": true, "extra-data": true, "required": true, "not-a-number": true,
	"ambiguous-number": true, "text-number": true, "percent-scaled": true, "not-integer": true, "below-min": true,
	"above-max": true, "formula-no-value": true, "formula-error": true, "rule": true, "outlier": true,
	"empty-form": true, "name-mismatch": true,
}

// FuzzCheck opens and checks arbitrary bytes as a submission: never a panic, never an I/O error
// for a readable file, only known finding codes. The seed corpus holds forms written by chitieu,
// openpyxl and LibreOffice (testdata/seed).
func FuzzCheck(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "seed", "*.xlsx"))
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	// Go minimizes each new interesting input before fuzzing on, for up to 60 s by default; a
	// workbook of some kilobytes (O(n²) candidates at about a millisecond each) always takes all
	// of it, and the fuzzer shows "execs: N (0/sec)" for minutes. Bound minimizing by count
	// unless -fuzzminimizetime was given.
	given := false
	flag.Visit(func(fl *flag.Flag) { given = given || fl.Name == "test.fuzzminimizetime" })
	if !given {
		flag.Set("test.fuzzminimizetime", "200x")
	}
	p := defaultPlan(f)
	lim := xlsx.Limits{File: 4 << 20, Unzipped: 16 << 20, SheetXML: 8 << 20}
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "f.xlsx")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		res := CheckFile(Options{Plan: p, Limits: lim}, path)
		if res.Err != nil {
			t.Fatalf("I/O error on a readable file: %v", res.Err)
		}
		for _, x := range res.Findings {
			if !knownCodes[x.Code] || x.Detail.In(finding.VI) == "" {
				t.Fatalf("finding %q: %q", x.Code, x.Detail.In(finding.VI))
			}
		}
	})
}

// FuzzAnnotate makes the annotated copy of arbitrary bytes that validate read as a form: it is
// always made, and the copy is read and checked as the original was. Seeds: the forms of
// FuzzCheck with a finding each.
func FuzzAnnotate(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "seed", "*.xlsx"))
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	given := false
	flag.Visit(func(fl *flag.Flag) { given = given || fl.Name == "test.fuzzminimizetime" })
	if !given {
		flag.Set("test.fuzzminimizetime", "200x")
	}
	p := defaultPlan(f)
	lim := xlsx.Limits{File: 4 << 20, Unzipped: 16 << 20, SheetXML: 8 << 20, Rows: 1000, Cols: 100}
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, "f.xlsx")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		res := CheckFile(Options{Plan: p, Limits: lim}, path)
		if res.Checked == nil || len(res.Findings) == 0 {
			return
		}
		dst, err := Annotate(context.Background(), res, filepath.Join(dir, "out"), finding.VI, false, []string{path})
		if err != nil {
			t.Fatalf("no annotated copy of a file validate read: %v\n%s", err, dump(res))
		}
		again := CheckFile(Options{Plan: p, Limits: lim}, dst)
		if again.Checked == nil || summarize(again) != summarize(res) {
			t.Fatalf("the copy checks differently:\n%s\nthe original:\n%s", dump(again), dump(res))
		}
	})
}
