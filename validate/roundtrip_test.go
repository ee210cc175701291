package validate

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"chitieu/schema"
	"chitieu/seeds"
	"chitieu/templates"
	"chitieu/xlsx"
)

// debianPython is Debian's python3, which imports Debian's python3-openpyxl and python3-uno
// (another python3 may come first on PATH).
const debianPython = "/usr/bin/python3"

// TestRoundTrip fills templates with another program, after inserting a row above the table,
// and checks that reading returns exactly the values typed into the manifest's cells.
func TestRoundTrip(t *testing.T) {
	peers := filepath.Join("..", "xlsx", "testdata", "peers")
	fillers := []struct {
		name   string
		script string
		needs  [][]string // programs that must run: name and arguments
	}{
		{"openpyxl", "fill_openpyxl.py", [][]string{{debianPython, "-c", "import openpyxl"}}},
		{"libreoffice", "fill_libreoffice.py", [][]string{{debianPython, "-c", "import uno"}, {"soffice", "--version"}}},
		// Web tools: ExcelJS (which inserts rows without moving formulas) and SheetJS.
		{"exceljs", "node:exceljs", [][]string{{"node", "-e", "require('" + filepath.ToSlash(mustAbs(t, filepath.Join(peers, "node_modules", "exceljs"))) + "')"}}},
		{"sheetjs", "node:sheetjs", [][]string{{"node", "-e", "require('" + filepath.ToSlash(mustAbs(t, filepath.Join(peers, "node_modules", "xlsx"))) + "')"}}},
	}
	cases := []struct{ plan, form, unit, period string }{
		{"thanh-hoa", "01/CT-TK", "CTK", "2024-02"},
		{"thanh-hoa", "03/CT-H", "382", "2024"},
		{"thanh-hoa", "03/CT-X", "14758", "2025"},  // the 166 communes' form since July 2025
		{"thanh-hoa", "05/CT-TMDT", "SCT", "2025"}, // a share row (TT_B2C)
	}
	for _, fill := range fillers {
		t.Run(fill.name, func(t *testing.T) {
			for _, n := range fill.needs {
				need(t, n[0], n[1:]...)
			}
			for _, c := range cases {
				for _, insert := range []int{0, 5} {
					if fill.name == "sheetjs" && insert > 0 {
						continue // SheetJS has no row insert
					}
					l := layoutOf(t, c.plan, c.form, c.unit, c.period)
					roundTrip(t, l, fill.script, insert)
				}
			}
		})
	}
}

func roundTrip(t *testing.T, l *templates.Layout, script string, insert int) {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(dir, l.FileName())
	var buf bytes.Buffer
	if err := l.Write(&buf); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(src, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	manifest := filepath.Join(dir, "manifest.json")
	b, err := l.ManifestJSON()
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(manifest, b, 0o644)
	out := filepath.Join(dir, "filled.xlsx")
	cmd := exec.Command(debianPython, filepath.Join("testdata", "fill", script), src, manifest, out, strconv.Itoa(insert))
	if engine, ok := strings.CutPrefix(script, "node:"); ok {
		cmd = exec.Command("node", filepath.Join("..", "xlsx", "testdata", "peers", "fill.js"), engine, src, manifest, out, strconv.Itoa(insert))
	}
	cmd.Env = append(os.Environ(), "PYTHONPATH="+filepath.Join(mustAbs(t, filepath.Join("testdata", "fill"))))
	stdout, err := cmd.Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("%s: %v\n%s", script, err, stderr)
	}
	var typed map[string]string
	if err := json.Unmarshal(stdout, &typed); err != nil {
		t.Fatalf("%s printed %q: %v", script, stdout, err)
	}

	wb, err := xlsx.Open(out, xlsx.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	fl, err := Read(wb, out, l.Plan)
	if err != nil {
		t.Fatal(err)
	}
	if !fl.Identified || fl.Identity != l.Identity() {
		t.Errorf("%s: identity %+v, want %+v", script, fl.Identity, l.Identity())
	}
	inputs := l.Inputs()
	if len(typed) != len(inputs) {
		t.Fatalf("typed %d values, manifest has %d cells", len(typed), len(inputs))
	}
	for _, ic := range inputs {
		key := schema.CellKey{Indicator: ic.Indicator, Column: ic.Column}
		v, ok := fl.Cells[key]
		row := v.Row
		if !ok {
			t.Errorf("%s insert=%d: %v not found", script, insert, key)
			continue
		}
		if shift := map[bool]int{true: 1}[insert > 0 && insert <= ic.Row]; row != ic.Row+shift {
			t.Errorf("%s: %v read at row %d, typed at row %d (insert %d)", script, key, row, ic.Row+shift, insert)
		}
		want := typed[ic.Indicator+"|"+ic.Column]
		switch ic.Type {
		case "text":
			if v.Kind != xlsx.Text || v.Raw != want {
				t.Errorf("%s: %v = %q (kind %d), typed %q", script, key, v.Raw, v.Kind, want)
			}
		default:
			got, err1 := decimal.NewFromString(v.Digits)
			exp, err2 := decimal.NewFromString(want)
			if v.Kind != xlsx.Number || err1 != nil || err2 != nil || !got.Equal(exp) {
				t.Errorf("%s: %v = %q (kind %d), typed %s", script, key, v.Raw, v.Kind, want)
			}
		}
	}
}

func mustAbs(t *testing.T, p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func layoutOf(t testing.TB, planName, form, unit, period string) *templates.Layout {
	t.Helper()
	p, _, err := seeds.Load(planName)
	if err != nil {
		t.Fatal(err)
	}
	per, err := schema.ParsePeriod(period)
	if err != nil {
		t.Fatal(err)
	}
	ls, err := templates.Plan(p, templates.Selection{Period: per, Forms: []string{form}, Units: []string{unit}})
	if err != nil || len(ls) != 1 {
		t.Fatalf("%s %s %s %s: %v (%d layouts)", planName, form, unit, period, err, len(ls))
	}
	return ls[0]
}
