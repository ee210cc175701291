package consolidate

import (
	"context"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/demo"
	"chitieu/finding"
	"chitieu/outfile"
	"chitieu/schema"
	"chitieu/templates"
	"chitieu/validate"
	"chitieu/xlsx"
)

// The workbook's side of issue 12: notes beside figures, the plan-for-year and same-period
// columns used, sources and assumptions beside verdicts, references uncoloured, the history
// of each target, Khó đạt, baselines in a column.

// fillForm writes a form of the plan for a unit and period with the figures given (indicator/column
// → digits) and the notes (indicator → text), and returns its path.
func fillForm(t testing.TB, p *schema.Plan, dir, form, unit, period string, figures, notes map[string]string) string {
	t.Helper()
	per, _ := schema.ParsePeriod(period)
	ls, err := templates.Plan(p, templates.Selection{Period: per, Forms: []string{form}, Units: []string{unit}})
	if err != nil || len(ls) != 1 {
		t.Fatalf("%s %s %s: %v", form, unit, period, err)
	}
	l := ls[0]
	blank := filepath.Join(t.TempDir(), "mẫu.xlsx")
	if err := outfile.Write(context.Background(), blank, l.Write); err != nil {
		t.Fatal(err)
	}
	b, err := xlsx.OpenBook(blank, xlsx.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	s := b.Existing(l.Sheet)
	for k, v := range figures {
		ind, col, _ := strings.Cut(k, "/")
		s.PutNumber(l.RowOf(ind), l.ColOf(col), v)
	}
	var note string
	for _, c := range l.Form.Columns {
		if c.Basis == schema.BasisNote {
			note = c.Code
		}
	}
	for ind, n := range notes {
		s.Put(l.RowOf(ind), l.ColOf(note), n)
	}
	path := filepath.Join(dir, l.FileName())
	if err := outfile.Write(context.Background(), path, func(w io.Writer) error { return b.Save(w, per.End()) }); err != nil {
		t.Fatal(err)
	}
	return path
}

func consolidateFiles(t testing.TB, p *schema.Plan, period string, hist History, dirs ...string) (*Model, string) {
	t.Helper()
	per, _ := schema.ParsePeriod(period)
	rep, err := validate.Run(context.Background(), validate.Options{Plan: p, Period: &per}, dirs)
	if err != nil {
		t.Fatal(err)
	}
	m := Build(p, per, rep, testDate, hist)
	return m, writeModel(t, m)
}

// rowWith is the first row of a grid holding a cell that contains text, or nil.
func rowWith(g [][]string, text string) []string {
	for _, row := range g {
		for _, c := range row {
			if strings.Contains(c, text) {
				return row
			}
		}
	}
	return nil
}

// TestNotesBesideFigures: every unit's note stands beside its figure in the by-unit sheet, and
// in the summary where a total includes noted figures; estimates are marked.
func TestNotesBesideFigures(t *testing.T) {
	p := plan(t)
	root := t.TempDir()
	if _, err := demo.Fill(context.Background(), p, root); err != nil {
		t.Fatal(err)
	}
	_, out := consolidateFiles(t, p, "2023", nil, filepath.Join(root, "2 Báo cáo đã điền"))
	byUnit, summary, hist := grid(t, out, SheetByUnit), grid(t, out, SheetSummary), grid(t, out, SheetHistory)
	// Districts' illustrative retail figures: each district's row says so.
	for _, u := range []string{"380 Thành phố Thanh Hóa", "407 Thị xã Nghi Sơn"} {
		if row := rowWith(byUnit, u); row == nil || !strings.Contains(strings.Join(row, " "), demo.NoteIllustrative) {
			t.Errorf("%s: the note %q is not beside its figures: %q", u, demo.NoteIllustrative, row)
		}
	}
	// The province's retail total is made of those figures: the summary says so.
	if row := rowWith(summary, "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng"); row == nil ||
		!strings.Contains(strings.Join(row, " "), demo.NoteIllustrative) || !strings.Contains(strings.Join(row, " "), "27/27 đơn vị") {
		t.Errorf("summary retail row: %q", row)
	}
	// IIP 2023 "dự kiến vẫn tăng trên 8%" arrives through a form: still an estimate, still "trên".
	row := rowWith(summary[rowOfPrefix(summary, "Biểu số 04/CT-TK"):], "Chỉ số sản xuất công nghiệp (IIP)")
	if line := strings.Join(row, " "); !strings.Contains(line, "ước tính") || !strings.Contains(line, "trên 8") {
		t.Errorf("summary IIP row lost the estimate and its qualifier: %q", row)
	}
	block := -1
	for i, r := range hist {
		if len(r) > 0 && strings.Contains(r[0], "TH-IIP-2125") {
			block = i
		}
		if block >= 0 && i > block && len(r) > 2 && r[0] == "2023" {
			if !strings.Contains(r[2], "ước tính") {
				t.Errorf("history of TH-IIP-2125: 2023 is %q, not marked an estimate", r[2])
			}
			break
		}
	}
}

// TestPlanAndSamePeriodUsed: the plan for the year and the same period last year are compared
// with what was done — from the submitted columns, and from the history when given.
func TestPlanAndSamePeriodUsed(t *testing.T) {
	p := plan(t)
	dir := t.TempDir()
	fillForm(t, p, dir, "04/CT-TK", "CTK", "2024", map[string]string{"XK/TH": "6000", "XK/KH": "7500", "IIP/TH": "9", "IIP/CK": "8", "IIP/KH": "8",
		"GTSX_CN/TH": "210000", "TTVA_CN/TH": "10", "TTVA_DV/TH": "7", "TT_CN_GRDP/TH": "38", "SP_CHULUC/TH": "25"}, nil)
	// Without history: the submitted columns.
	_, out := consolidateFiles(t, p, "2024", nil, dir)
	g := grid(t, out, SheetSummary)
	cols := summaryHeader(t, g)
	xk := rowWith(g, "Kim ngạch xuất khẩu hàng hóa")
	if xk == nil || xk[cols["Kế hoạch năm 2024"]] != "7500" || !near2(xk[cols["So với kế hoạch năm (%; tốc độ, tỷ trọng: điểm %)"]], 80) {
		t.Errorf("exports against the plan: %q", xk)
	}
	iip := rowWith(g[rowOfPrefix(g, "Biểu số 04/CT-TK"):], "Chỉ số sản xuất công nghiệp (IIP)")
	if iip == nil || iip[cols["Thực hiện năm 2023 (cùng kỳ)"]] != "8" || !near2(iip[cols["So với cùng kỳ (%; tốc độ, tỷ trọng: điểm %)"]], 1) {
		t.Errorf("IIP against the same period: %q", iip)
	}
	// With the 2023 reports as history: last year's own report is the same period.
	_, out = consolidateFiles(t, p, "2024", demoHistory(t, p), dir)
	g = grid(t, out, SheetSummary)
	xk = rowWith(g, "Kim ngạch xuất khẩu hàng hóa")
	if xk == nil || xk[cols["Thực hiện năm 2023 (cùng kỳ)"]] != "5100" || !near2(xk[cols["So với cùng kỳ (%; tốc độ, tỷ trọng: điểm %)"]], 6000.0/5100*100) ||
		!strings.Contains(xk[cols["Ghi chú"]], "báo cáo năm 2023") {
		t.Errorf("exports against 2023 from the history: %q", xk)
	}
}

// rowOfPrefix is the index of the first row whose first cell starts with prefix, or 0.
func rowOfPrefix(g [][]string, prefix string) int {
	for i, row := range g {
		if len(row) > 0 && strings.HasPrefix(row[0], prefix) {
			return i
		}
	}
	return 0
}

func summaryHeader(t *testing.T, g [][]string) map[string]int {
	t.Helper()
	for _, row := range g {
		if len(row) > 1 && row[0] == "STT" {
			cols := map[string]int{}
			for i, h := range row {
				cols[h] = i
			}
			return cols
		}
	}
	t.Fatal("no header row")
	return nil
}

func near2(s string, want float64) bool {
	var v float64
	if _, err := fmt.Sscan(s, &v); err != nil {
		return false
	}
	return math.Abs(v-want) < 1e-6
}

// TestSourcesAndAssumptionsBesideVerdicts: the draft's 12,2% is said to be secondary to Decision
// 5062 beside its verdict, and each target's assumptions stand beside its verdict.
func TestSourcesAndAssumptionsBesideVerdicts(t *testing.T) {
	m := seedModel(t, "thanh-hoa", "2023")
	out := writeModel(t, m)
	g := grid(t, out, SheetGap)
	if row := rowWith(g, "tăng bình quân 2026–2030: ≥ 12,2%/năm"); row == nil || !strings.Contains(strings.Join(row, " "), "thứ yếu") || !strings.Contains(strings.Join(row, " "), "5062") {
		t.Errorf("the draft Đề án's 12,2%%: %q", row)
	}
	iip := rowWith(g, "tăng bình quân 2021–2025: ≥ 14,6%/năm")
	span := p0(t).Assumption("iip-span")
	if iip == nil || !strings.Contains(strings.Join(iip, " "), wholeText(span.Text)) {
		t.Errorf("the IIP span assumption is not beside the verdict: %q", iip)
	}
}

func p0(t *testing.T) *schema.Plan { return plan(t) }

// TestReferencesNotColoured: the country's IIP target, behind in 2024, is not coloured as a
// failure of the province, nor counted with its targets.
func TestReferencesNotColoured(t *testing.T) {
	m := seedModel(t, "thanh-hoa", "2024")
	a := find(t, m, "VN-IIP-2024")
	if a.Status != Behind || !a.Reference {
		t.Fatalf("VN-IIP-2024: %s", a.StatusText(finding.VI))
	}
	if n := m.Tally(); n.Targets != len(m.Assessments)-3 || n.References != 1 || n.Secondaries != 2 {
		t.Errorf("tally %+v", n)
	}
	out := writeModel(t, m)
	pr := readPrinted(t, out)
	seen := 0
	for _, sheet := range []string{SheetAchievement, SheetGap, SheetHistory} {
		g := grid(t, out, sheet)
		for r, row := range g {
			for c, text := range row {
				if !strings.HasPrefix(text, "Tham chiếu: ") {
					continue
				}
				seen++
				if fill := pr.fill(sheet, xlsx.Cell(r+1, c+1)); fill != "" {
					t.Errorf("%s!%s %q is filled %s", sheet, xlsx.Cell(r+1, c+1), text, fill)
				}
			}
		}
	}
	if seen < 3 {
		t.Errorf("the reference's verdict is in %d places, want 3", seen)
	}
}

// TestHistoryTable: each target over its span — years, figures, standing, source; average,
// rate required, best year, verdict.
func TestHistoryTable(t *testing.T) {
	m := seedModel(t, "thanh-hoa", "2023")
	g := grid(t, writeModel(t, m), SheetHistory)
	start := -1
	for i, row := range g {
		if len(row) > 0 && strings.Contains(row[0], "TH-IIP-2125") {
			start = i
		}
	}
	if start < 0 {
		t.Fatal("no block for TH-IIP-2125")
	}
	block := g[start : start+12]
	for _, want := range [][]string{{"2021", "18.1", "chính thức"}, {"2022", "15.59", "chính thức"}, {"2023", "8"}, {"2024–2025", "", "chưa đến kỳ"}} {
		if !contains(block, want...) {
			t.Errorf("no row %q in %q", want, block)
		}
	}
	if row := rowWith(block, "2023"); row == nil || !strings.Contains(row[2], "ước tính") || !strings.Contains(row[2], "trên 8") {
		t.Errorf("2023: %q", row)
	}
	for _, want := range []string{"Bình quân đã đạt", "Cần đạt mỗi năm", "Tăng cao nhất 1 năm", "Đánh giá"} {
		if rowWith(block, want) == nil {
			t.Errorf("no %q line", want)
		}
	}
	if row := rowWith(block, "Bình quân đã đạt"); row == nil || !strings.HasPrefix(row[1], "13.81") {
		t.Errorf("average: %q", row)
	}
}

// TestHardToReach: a rate still required above the best year of the history is Khó đạt, and the
// legend states the rule.
func TestHardToReach(t *testing.T) {
	p := plan(t)
	p.Actuals = append(p.Actuals, actual("TTVA_CN", "2021", "10"), actual("TTVA_CN", "2022", "11"), actual("TTVA_CN", "2023", "10"))
	m := modelOf(t, p, "2023", nil)
	a := find(t, m, "TH-CN-2125-DA")
	want := (math.Sqrt(math.Pow(1.164, 5)/(1.10*1.11*1.10)) - 1) * 100
	near(t, "required", a.Required, want, 1e-9)
	if a.Status != Hard || a.Best != 11 || a.BestYear != 2022 {
		t.Errorf("required %.2f against the best year 11%%: %s (best %v in %d)", a.Required, a.StatusText(finding.VI), a.Best, a.BestYear)
	}
	cover := grid(t, writeModel(t, m), SheetCover)
	if row := rowWith(cover, "Khó đạt"); row == nil || !strings.Contains(strings.Join(row, " "), "cao hơn tốc độ tăng cao nhất của một năm") {
		t.Errorf("the legend does not state the rule of Khó đạt: %q", row)
	}
}

// TestBaselineInAColumn: a stated baseline is a cell of its own and the path's formula refers
// to it, not a number buried in the formula.
func TestBaselineInAColumn(t *testing.T) {
	p := plan(t)
	for i := range p.Targets {
		if p.Targets[i].ID == "TH-XK-2030" {
			p.Targets[i].Baseline = &schema.Baseline{Year: 2020, Value: schema.MustNumber("3500")}
		}
	}
	p.Actuals = append(p.Actuals, actual("XK", "2023", "5100"))
	m := modelOf(t, p, "2023", nil)
	out := writeModel(t, m)
	row := rowOf(grid(t, out, SheetGapDetail), "TH-XK-2030") + 1
	if base := cellAt(t, out, SheetGapDetail, row, gBase); base.Raw != "3500" {
		t.Errorf("baseline cell %q", base.Raw)
	}
	path := cellAt(t, out, SheetGapDetail, row, gPath)
	if !strings.Contains(path.Formula, xlsx.Cell(row, gBase)) || strings.Contains(path.Formula, "3500") {
		t.Errorf("path formula %q does not refer to the baseline cell", path.Formula)
	}
	a := find(t, m, "TH-XK-2030")
	near(t, "path 2023", a.Path, 3500*math.Pow(15000.0/3500, 3.0/10), 1e-6)
}
