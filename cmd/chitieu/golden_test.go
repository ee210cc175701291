package main

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"chitieu/xlsx"
)

var update = flag.Bool("update", false, "rewrite the .golden files under testdata/")

// TestGolden pins what users see end to end — a template, the demo's province workbook, an
// annotated copy, and validate's text and JSON on the demo's files plus a messy one — so that a
// change of the code's shape that changes any of it is noticed. `go test ./cmd/chitieu -run
// TestGolden -update` rewrites the .golden files.
func TestGolden(t *testing.T) {
	dir := t.TempDir()
	demo := filepath.Join(dir, "demo")
	if code, out, errs := chitieu(t, "demo", "-o", demo, "--date", "2024-03-20"); code != exitOK {
		t.Fatalf("demo: %d\n%s\n%s", code, out, errs)
	}
	filled := filepath.Join(demo, "2 Báo cáo đã điền", "2023")
	messy := fillTemplate(t, filepath.Join(dir, "messy"), map[string]string{
		"SL_XANG/TH": "'15.000", "SL_DIEN/LK": "'744,5", "SL_DIESEL/TH": "'abc", "SL_DUONG/TH": "-5",
		"IIP/TH": "'8,2%", "SL_XIMANG/LK": "1", "SL_XIMANG/TH": "2",
	})
	annotated := filepath.Join(dir, "annotated")
	clean := func(s string) string { return slashes(strings.ReplaceAll(s, dir, "$DIR"), dir) }

	run := func(args ...string) string {
		_, out, errs := chitieu(t, args...)
		return clean(out + errs)
	}
	tmpl := filepath.Join(dir, "tmpl")
	if code, _, errs := chitieu(t, "template", "--period", "2024-Q1", "--form", "02/CT-DT", "--unit", "BQLKKT", "-o", tmpl); code != exitOK {
		t.Fatal(errs)
	}
	templates, _ := filepath.Glob(filepath.Join(tmpl, "*.xlsx"))

	cases := []struct {
		name string
		got  func() string
	}{
		{"validate.txt", func() string { return run("validate", "--period", "2023", filled, messy) }},
		{"validate.json", func() string { return run("validate", "--format", "json", "--lang", "en", filled, messy) }},
		{"annotate.txt", func() string {
			out := run("validate", "--annotate", annotated, messy)
			return out + dump(t, filepath.Join(annotated, "CTK tháng 2 - kết quả kiểm tra.xlsx"), clean)
		}},
		{"template.txt", func() string { return dump(t, templates[0], clean) }},
		{"province.txt", func() string { return dump(t, filepath.Join(demo, "Tổng hợp - thanh-hoa - 2023.xlsx"), clean) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := c.got()
			golden := filepath.Join("testdata", c.name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (go test ./cmd/chitieu -run TestGolden -update writes it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from %s; first difference:\n%s", c.name, golden, firstDiff(string(want), got))
			}
		})
	}
}

func dump(t *testing.T, path string, clean func(string) string) string {
	t.Helper()
	s, err := xlsx.Dump(path)
	if err != nil {
		t.Fatal(err)
	}
	return clean(s)
}

// firstDiff shows the first line that differs, with its neighbours.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\n- " + a + "\n+ " + b
		}
	}
	return "(same lines, different ends)"
}

// windowsPath is a path under $DIR as Windows prints it: separators `\` or, in JSON, `\\`
// (a Windows name holds no backslash, colon, quote or newline).
var windowsPath = regexp.MustCompile(`\$DIR(?:(?:\\\\|\\)[^\\"\n:]+)+`)

// slashes makes the paths under dir in a command's output read as on Linux, so that one golden
// file serves both: on Windows the folder (also JSON-escaped) becomes $DIR and the separators "/".
func slashes(s, dir string) string {
	if runtime.GOOS != "windows" {
		return s
	}
	s = strings.ReplaceAll(s, strings.ReplaceAll(dir, `\`, `\\`), "$DIR")
	return windowsPath.ReplaceAllStringFunc(s, func(p string) string {
		return strings.ReplaceAll(strings.ReplaceAll(p, `\\`, "/"), `\`, "/")
	})
}
