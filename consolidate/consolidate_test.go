package consolidate

import (
	"bytes"
	"context"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"chitieu/demo"
	"chitieu/finding"
	"chitieu/internal/wine"
	"chitieu/schema"
	"chitieu/seeds"
	"chitieu/validate"
	"chitieu/xlsx"
)

var testDate = time.Date(2024, 3, 20, 0, 0, 0, 0, time.UTC)

func plan(t testing.TB) *schema.Plan {
	t.Helper()
	p, fs, err := seeds.Load(seeds.Default)
	if err != nil || fs.HasErrors() {
		t.Fatal(err, fs)
	}
	return p
}

// inputs fills the demo's 31 forms for 2023 and adds what a provincial office also receives: a
// damaged file, a form with an error, and a corrected resubmission of another.
func inputs(t testing.TB, p *schema.Plan) (dir string, broken, withError, resubmitted, replaced string) {
	t.Helper()
	root := t.TempDir()
	res, err := demo.Fill(context.Background(), p, root)
	if err != nil {
		t.Fatal(err)
	}
	dir = filepath.Join(root, "2 Báo cáo đã điền")
	broken = filepath.Join(dir, "hỏng.xlsx")
	os.WriteFile(broken, []byte("PK\x03\x04 cut short"), 0o644)
	for _, f := range res.Filled {
		switch {
		case strings.Contains(f, " 381 "):
			withError = f
		case strings.Contains(f, " 382 "):
			replaced = f
		}
	}
	edit := func(src, dst string, fill func(s *xlsx.Sheet)) {
		b, err := xlsx.OpenBook(src, xlsx.DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		fill(b.Existing("Biểu 03-CT-H"))
		var buf bytes.Buffer
		if err := b.Save(&buf, testDate); err != nil {
			t.Fatal(err)
		}
		b.Close()
		os.WriteFile(dst, buf.Bytes(), 0o644)
	}
	edit(withError, withError, func(s *xlsx.Sheet) { s.Put(14, 5, "abc") }) // GTSX_CN, this year
	resubmitted = filepath.Join(dir, "382 gửi lại.xlsx")
	edit(replaced, resubmitted, func(s *xlsx.Sheet) { s.PutNumber(14, 5, "7777.7") })
	later := time.Now().Add(time.Hour)
	os.Chtimes(resubmitted, later, later)
	return dir, broken, withError, resubmitted, replaced
}

func consolidateDir(t testing.TB, p *schema.Plan, dir string) (*Model, string) {
	t.Helper()
	period := demo.Period
	rep, err := validate.Run(context.Background(), validate.Options{Plan: p, Period: &period}, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	m := Build(p, period, rep, testDate, nil)
	out := filepath.Join(t.TempDir(), "tổng hợp.xlsx")
	var buf bytes.Buffer
	if err := m.Write(&buf); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(out, buf.Bytes(), 0o644)
	return m, out
}

func grid(t testing.TB, path, sheet string) [][]string {
	t.Helper()
	wb, err := xlsx.Open(path, xlsx.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	g, err := wb.Grid(sheet)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func contains(g [][]string, want ...string) bool {
	for _, row := range g {
		line := "\x00" + strings.Join(row, "\x00") + "\x00"
		ok := true
		for _, w := range want {
			ok = ok && strings.Contains(line, "\x00"+w+"\x00")
		}
		if ok {
			return true
		}
	}
	return false
}

// TestNothingLost checks that every value of every valid input appears in "Theo đơn vị" and in
// "Nguồn dữ liệu", and that every excluded file is in "Tình trạng nộp" and "Lỗi".
func TestNothingLost(t *testing.T) {
	p := plan(t)
	dir, broken, withError, resubmitted, replaced := inputs(t, p)
	m, out := consolidateDir(t, p, dir)
	byUnit, sources := grid(t, out, SheetByUnit), grid(t, out, SheetSources)
	status, findings := grid(t, out, SheetStatus), grid(t, out, SheetFindings)
	used := 0
	for _, e := range m.Expected {
		if e.Used == nil {
			continue
		}
		used++
		for k, v := range e.Used.Checked.Values {
			c := e.Used.Sub.Cols[k.Column]
			cell := xlsx.Cell(e.Used.Sub.Rows[k.Indicator], c)
			col := e.Form.Column(k.Column)
			label := rowLabel(p, e.Form.Row(k.Indicator))
			if !inFileBlock(sources, []string{e.Form.ID, e.Unit.Code, filepath.Base(e.Used.Path), e.Used.SHA256, e.Used.Sub.Sheet}, label, col.Name, v.String(), cell) {
				t.Errorf("%s %v = %s is not in %s", e.Used.Path, k, v, SheetSources)
			}
			if got := byUnitCell(byUnit, e.Form.ID, col.Name, e.Unit.Code+" "+e.Unit.Name, label); got != v.String() {
				t.Errorf("%s %v = %s is %q in %s", e.Used.Path, k, v, got, SheetByUnit)
			}
		}
	}
	if used != 30 {
		t.Errorf("%d reports used, want 30 (31 expected, one with an error)", used)
	}
	for _, f := range []string{broken, withError, replaced} {
		if !contains(status, filepath.Base(f)) && !containsPart(status, filepath.Base(f)) {
			t.Errorf("%s is not in %s", f, SheetStatus)
		}
		if !contains(findings, filepath.Base(f)) {
			t.Errorf("%s is not in %s", f, SheetFindings)
		}
	}
	// The resubmission was used over the first copy, and says why.
	for _, e := range m.Expected {
		if e.Unit.Code == "382" && (e.Used == nil || e.Used.Path != resubmitted || !strings.Contains(e.Why.VI, "lưu sau cùng")) {
			t.Errorf("382: used %v, why %q", e.Used, e.Why.VI)
		}
		if e.Unit.Code == "381" && e.Used != nil {
			t.Errorf("381 with an error was used")
		}
	}
}

// inFileBlock reports whether the annex has, under a file's heading (which names all of head),
// a row with all of want.
func inFileBlock(g [][]string, head []string, want ...string) bool {
	for i, row := range g {
		line := strings.Join(row, " ")
		ok := strings.Contains(line, "SHA-256")
		for _, h := range head {
			ok = ok && strings.Contains(line, h)
		}
		if !ok {
			continue
		}
		for _, r := range g[i+1:] {
			if strings.Contains(strings.Join(r, " "), "SHA-256") {
				break
			}
			if contains([][]string{r}, want...) {
				return true
			}
		}
	}
	return false
}

// byUnitCell is what the by-unit sheet shows for a unit and an indicator in the block of a
// form's column.
func byUnitCell(g [][]string, form, column, unit, label string) string {
	for i, row := range g {
		if len(row) == 0 || !strings.Contains(row[0], "Biểu số "+form+" —") || !strings.Contains(row[0], "cột «"+column+"»") || i+1 >= len(g) {
			continue
		}
		col := -1
		for j, h := range g[i+1] {
			if strings.HasPrefix(h, label+" (") {
				col = j
			}
		}
		for _, r := range g[i+3:] {
			if len(r) > 1 && r[1] == "Tỉnh" {
				break
			}
			if len(r) > 1 && r[1] == unit && col >= 0 && col < len(r) {
				return r[col]
			}
		}
	}
	return "(not found)"
}

func containsPart(g [][]string, part string) bool {
	for _, row := range g {
		for _, c := range row {
			if strings.Contains(c, part) {
				return true
			}
		}
	}
	return false
}

// TestTotals checks the province's figures against the inputs: exact sums, a ratio recomputed
// from the summed parts, single figures.
func TestTotals(t *testing.T) {
	p := plan(t)
	dir, _, _, _, _ := inputs(t, p)
	m, _ := consolidateDir(t, p, dir)
	var h *FormTotals
	for _, ft := range m.Forms {
		if ft.Form.ID == "03/CT-H" {
			h = ft
		}
	}
	// GTSX_CN: 195 000 split over 27 districts; 381 excluded, 382 replaced by 7 777,7.
	sum := 0.0
	for code, vals := range h.ByUnit {
		v := vals[schema.CellKey{Indicator: "GTSX_CN", Column: "TH"}]
		sum += v.Value.Float()
		if code == "382" && v.Value.String() != "7777.7" {
			t.Errorf("382 = %s", v.Value)
		}
	}
	got := h.Province[schema.CellKey{Indicator: "GTSX_CN", Column: "TH"}]
	if math.Abs(got.Float()-sum) > 1e-9 || len(h.ByUnit) != 26 {
		t.Errorf("province GTSX_CN = %s, units' sum %v (%d units)", got, sum, len(h.ByUnit))
	}
	// The B2C share is Σ B2C / Σ retail × 100, not an average of the districts' shares.
	b2c := h.Province[schema.CellKey{Indicator: "TMDT_B2C", Column: "TH"}]
	retail := h.Province[schema.CellKey{Indicator: "TMBL", Column: "TH"}]
	share := h.Province[schema.CellKey{Indicator: "TT_B2C", Column: "TH"}]
	if want := b2c.Float() / retail.Float() * 100; math.Abs(share.Float()-want) > 1e-9 {
		t.Errorf("share %s, want %v", share, want)
	}
}

func TestByteIdentical(t *testing.T) {
	p := plan(t)
	dir, _, _, _, _ := inputs(t, p)
	_, a := consolidateDir(t, p, dir)
	_, b := consolidateDir(t, p, dir)
	x, _ := os.ReadFile(a)
	y, _ := os.ReadFile(b)
	if !bytes.Equal(x, y) {
		t.Error("two runs with the same inputs and date differ")
	}
}

// TestLibreOfficeRecalculation recalculates the province workbook in LibreOffice and checks that
// every formula gives the result the workbook stores.
func TestLibreOfficeRecalculation(t *testing.T) {
	wine.Skip(t, "LibreOffice")
	for _, tool := range [][]string{{"soffice", "--version"}, {"/usr/bin/python3", "-c", "import uno"}} {
		if err := exec.Command(tool[0], tool[1:]...).Run(); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is required in CI: %v", tool[0], err)
			}
			t.Skipf("%s: %v", tool[0], err)
		}
	}
	p := plan(t)
	dir, _, _, _, _ := inputs(t, p)
	_, out := consolidateDir(t, p, dir)
	recalc := filepath.Join(t.TempDir(), "recalc.xlsx")
	cmd := exec.Command("/usr/bin/python3", filepath.Join("testdata", "recalc_libreoffice.py"), out, recalc)
	shared, _ := filepath.Abs(filepath.Join("..", "validate", "testdata", "fill"))
	cmd.Env = append(os.Environ(), "PYTHONPATH="+shared)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	ours, err := xlsx.Open(out, xlsx.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer ours.Close()
	theirs, err := xlsx.Open(recalc, xlsx.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer theirs.Close()
	formulas := 0
	for _, sheet := range ours.Sheets() {
		g, _ := ours.Grid(sheet)
		for r := range len(g) + 1 {
			for c := range 40 {
				v, err := ours.Cell(sheet, r+1, c+1)
				if err != nil || v.Formula == "" {
					continue
				}
				formulas++
				w, _ := theirs.Cell(sheet, r+1, c+1)
				a, errA := strconv.ParseFloat(v.Raw, 64)
				b, errB := strconv.ParseFloat(w.Raw, 64)
				switch {
				case v.Raw == "" && w.Raw == "":
				case errA != nil || errB != nil:
					t.Errorf("%s!%s =%s: ours %q, LibreOffice %q", sheet, xlsx.Cell(r+1, c+1), v.Formula, v.Raw, w.Raw)
				case math.Abs(a-b) > 1e-9*math.Max(1, math.Abs(a)):
					t.Errorf("%s!%s =%s: ours %v, LibreOffice %v", sheet, xlsx.Cell(r+1, c+1), v.Formula, a, b)
				}
			}
		}
	}
	if formulas < 150 { // a year's forms have no year-to-date column, and so fewer formulas

		t.Errorf("only %d formulas compared", formulas)
	}
}

// TestFormulaInjection types text that spreadsheets would take for formulas into a submission and
// checks that every output keeps it as text: the annotated copy and the province workbook.
func TestFormulaInjection(t *testing.T) {
	p := plan(t)
	dir, _, withError, _, _ := inputs(t, p)
	payloads := []string{`=HYPERLINK("http://x","bấm")`, "+1+1", "-2+3", "@SUM(A1:A2)"}
	b, err := xlsx.OpenBook(withError, xlsx.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	s := b.Existing("Biểu 03-CT-H")
	for i, v := range payloads {
		s.Put(14+i, 9+i, v) // right of the table: extra-data, value shown in the outputs
	}
	s.Put(15, 5, payloads[0]) // in an input cell: not-a-number, value shown in the outputs
	var buf bytes.Buffer
	b.Save(&buf, testDate)
	b.Close()
	os.WriteFile(withError, buf.Bytes(), 0o644)

	_, out := consolidateDir(t, p, dir)
	period := demo.Period
	f := validate.CheckFile(validate.Options{Plan: p, Period: &period}, withError)
	annotated, err := validate.Annotate(context.Background(), f, t.TempDir(), finding.VI, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ path, sheet string }{{out, SheetFindings}, {annotated, validate.ResultsSheet}} {
		wb, err := xlsx.Open(c.path, xlsx.DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		g, _ := wb.Grid(c.sheet)
		found := map[string]bool{}
		for r, row := range g {
			for col, text := range row {
				for _, v := range payloads {
					if text != v {
						continue
					}
					found[v] = true
					cell, _ := wb.Cell(c.sheet, r+1, col+1)
					if cell.Formula != "" || cell.Kind != xlsx.Text {
						t.Errorf("%s %s!%s: %q became %+v", filepath.Base(c.path), c.sheet, xlsx.Cell(r+1, col+1), v, cell)
					}
				}
			}
		}
		for _, v := range payloads {
			if !found[v] {
				t.Errorf("%s: %q is not in %s", filepath.Base(c.path), v, c.sheet)
			}
		}
		wb.Close()
	}
}
