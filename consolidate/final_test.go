package consolidate

import (
	"bytes"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"chitieu/finding"
	"chitieu/schema"
	"chitieu/seeds"
)

// The tests of issue 21: the verdicts of the 2021–2025 final review.

// TestEndOfSpanIsFinal: at or after a span's last year the verdict is final on the years known,
// the missing years named, and nothing is required of years that are over — in the model, in
// the notes and in the detailed gap sheet.
func TestEndOfSpanIsFinal(t *testing.T) {
	p := plan(t)
	p.Actuals = append(p.Actuals, actual("TTVA_CN", "2023", "9.6"), actual("TTVA_CN", "2024", "12"), actual("TTVA_CN", "2025", "13"))
	for _, period := range []string{"2025", "2026"} {
		m := modelOf(t, p, period, nil)
		a := find(t, m, "TH-VACN-2125")
		if a.Status != NotMet || !slices.Equal(a.Missing, []int{2021, 2022}) || a.K != 3 || a.Interim {
			t.Errorf("%s: TH-VACN-2125 %s k=%d missing %v; want Chưa đạt on 3 years, 2021, 2022 missing", period, a.StatusText(finding.VI), a.K, a.Missing)
		}
		if !math.IsNaN(a.Required) {
			t.Errorf("%s: %v required with no year left", period, a.Required)
		}
		if want := "Chưa đạt — thiếu năm 2021, 2022"; a.StatusText(finding.VI) != want {
			t.Errorf("%s: %q, want %q", period, a.StatusText(finding.VI), want)
		}
		for _, n := range a.NotesIn(finding.VI) {
			if strings.Contains(n, "cần tăng") || strings.Contains(n, "Khó đạt") {
				t.Errorf("%s: a note requires something of years that are over: %s", period, n)
			}
		}
		near(t, period+" average of the three years known", a.Achieved, (math.Cbrt(1.096*1.12*1.13)-1)*100, 1e-9)
		out := writeModel(t, m)
		row := rowOf(grid(t, out, SheetGapDetail), "TH-VACN-2125")
		if c := cellAt(t, out, SheetGapDetail, row+1, gRequired); c.Raw != "" || c.Formula != "" {
			t.Errorf("%s: the detailed gap still requires %q (%s)", period, c.Raw, c.Formula)
		}
	}
	// A level target whose year is over without its figure: final on the latest year, named.
	p.Actuals = append(p.Actuals, actual("TT_B2C", "2024", "11"))
	a := find(t, modelOf(t, p, "2025", nil), "TH-B2C-2025")
	if a.Status != Exceeded || !slices.Equal(a.Missing, []int{2025}) || !math.IsNaN(a.Required) {
		t.Errorf("TH-B2C-2025 in 2025 on 2024's 11%%: %s required %v", a.StatusText(finding.VI), a.Required)
	}
}

// TestHardRuleWithMissingYears: Khó đạt is one rule — the rate still required above the best
// year's — applied with missing years as without (2024: 12% the best year, about 20,3%/năm
// required of 2025 and the two missing years).
func TestHardRuleWithMissingYears(t *testing.T) {
	p := plan(t)
	p.Actuals = append(p.Actuals, actual("TTVA_CN", "2023", "9.6"), actual("TTVA_CN", "2024", "12"))
	a := find(t, modelOf(t, p, "2024", nil), "TH-VACN-2125")
	near(t, "required of 3 years", a.Required, (math.Pow(math.Pow(1.164, 5)/(1.096*1.12), 1.0/3)-1)*100, 1e-9)
	if a.Status != Hard || a.Best != 12 || a.BestYear != 2024 {
		t.Errorf("TH-VACN-2125 in 2024: %s, best %v in %d; want Khó đạt", a.StatusText(finding.VI), a.Best, a.BestYear)
	}
	for _, l := range Legend {
		if l.Status == Hard && !strings.Contains(l.Text, "năm thiếu") {
			t.Errorf("the legend does not say the rule holds with missing years: %s", l.Text)
		}
	}
}

// TestPartYearWordsAreInterim: in a workbook for part of a year every verdict word is tạm tính.
func TestPartYearWordsAreInterim(t *testing.T) {
	for _, period := range []string{"2024-02", "2025-06"} {
		for _, a := range seedModel(t, "thanh-hoa", period).Assessments {
			if a.Status != NoData && !strings.Contains(a.StatusText(finding.VI), "(tạm tính)") {
				t.Errorf("%s: %s «%s» is not marked tạm tính", period, a.Target.ID, a.StatusText(finding.VI))
			}
		}
	}
}

// TestReferenceWithAFigureHasAVerdict: the country's 2024 target, known from its first four
// months, keeps its verdict (tạm tính) in the workbooks after 2024.
func TestReferenceWithAFigureHasAVerdict(t *testing.T) {
	for _, period := range []string{"2024", "2025", "2025-06"} {
		a := find(t, seedModel(t, "thanh-hoa", period), "VN-IIP-2024")
		if a.Status == NoData || !strings.Contains(a.StatusText(finding.VI), "(tạm tính)") || !a.Reference || a.Achieved != 6 {
			t.Errorf("%s: VN-IIP-2024 %s on %v", period, a.StatusText(finding.VI), a.Achieved)
		}
	}
}

// TestBestYearTieIsTheEarlier: two years with the same growth: the best is the earlier, every
// time; and several consolidations of the same inputs give the same bytes.
func TestBestYearTieIsTheEarlier(t *testing.T) {
	ind := &schema.Indicator{Code: "G", Kind: schema.KindGrowth, Unit: "%"}
	pts := map[int]Point{2021: {Year: 2021, Value: 7.1}, 2022: {Year: 2022, Value: 7.1}, 2023: {Year: 2023, Value: 5}, 2024: {Year: 2024, Value: 7.1}}
	for range 50 {
		if best, year := bestGrowth(ind, pts, 2024); best != 7.1 || year != 2021 {
			t.Fatalf("best %v in %d; want 7,1 in 2021", best, year)
		}
	}
	p := plan(t)
	p.Actuals = append(p.Actuals, actual("TTVA_CN", "2021", "7.1"), actual("TTVA_CN", "2022", "7.1"), actual("TTVA_DV", "2021", "7.1"), actual("TTVA_DV", "2022", "7.1"),
		actual("TTVA_DV", "2023", "7.1"))
	var first []byte
	for i := range 6 {
		var buf bytes.Buffer
		if err := modelOf(t, p, "2023", nil).Write(&buf); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = buf.Bytes()
		} else if !bytes.Equal(first, buf.Bytes()) {
			t.Fatalf("consolidation %d differs from the first", i+1)
		}
	}
}

// TestSecondaryTargetsAreNotCounted: the draft Đề án's targets, secondary to Decision 5062's for
// the same indicator and span, are assessed and shown right after their primary, and the
// summary counts the primary only.
func TestSecondaryTargetsAreNotCounted(t *testing.T) {
	m := seedModel(t, "thanh-hoa", "2024")
	tally := m.Tally()
	if tally.Targets != 10 || tally.Secondaries != 2 || !strings.Contains(tally.Text(), "/10 chỉ tiêu") || !strings.Contains(tally.Text(), "2 mục tiêu thứ yếu") {
		t.Errorf("tally %+v: %s", tally, tally.Text())
	}
	for i, a := range m.Assessments {
		if a.Target.SecondaryTo == "" {
			continue
		}
		if i == 0 || m.Assessments[i-1].Target.ID != a.Target.SecondaryTo || a.Primary != a.Target.SecondaryTo {
			t.Errorf("%s is not shown right after its primary %s", a.Target.ID, a.Target.SecondaryTo)
		}
		if !strings.HasPrefix(a.StatusText(finding.VI), "Thứ yếu (chính: "+a.Target.SecondaryTo+")") {
			t.Errorf("%s: %q", a.Target.ID, a.StatusText(finding.VI))
		}
		if pr := m.Assessments[i-1]; !strings.Contains(strings.Join(pr.NotesIn(finding.VI), " "), a.Target.ID) {
			t.Errorf("the primary %s does not name its secondary %s: %q", pr.Target.ID, a.Target.ID, pr.Notes)
		}
	}
}

// TestWholeAssumptionBesideVerdict: the IIP span's assumption stands whole (its "từ" = ≥ too)
// beside the verdict on the gap sheet and on the history sheet.
func TestWholeAssumptionBesideVerdict(t *testing.T) {
	out := writeModel(t, seedModel(t, "thanh-hoa", "2024"))
	for _, sheet := range []string{SheetGap, SheetHistory} {
		text := strings.Join(slices.Concat(grid(t, out, sheet)...), " ")
		if !strings.Contains(text, "Đặt giai đoạn 2021–2025") || !strings.Contains(text, "\"từ\" được hiểu là ít nhất (>=)") {
			t.Errorf("%s: the IIP span's assumption is not whole", sheet)
		}
	}
}

// TestPointsSaidAsPoints: a comparison of two growth rates is a difference in points, said so
// in the heading and in the cell's format.
func TestPointsSaidAsPoints(t *testing.T) {
	out := writeModel(t, seedModel(t, "thanh-hoa", "2024"))
	g := grid(t, out, SheetSummary)
	head := -1
	for i, row := range g {
		for j, c := range row {
			if strings.HasPrefix(c, "So với cùng kỳ") {
				head = i
				if !strings.Contains(c, "điểm %") {
					t.Errorf("heading %q does not say points", c)
				}
				for r := i + 1; r < len(g); r++ {
					if slices.Contains(g[r], "%") && len(g[r]) > j {
						if f := cellAt(t, out, SheetSummary, r+1, j+1).NumFmt; f != "" && !strings.Contains(f, "điểm %") {
							t.Errorf("row %d: a growth rate's comparison formatted %q", r+1, f)
						}
					}
				}
			}
		}
	}
	if head < 0 {
		t.Fatal("no comparison heading")
	}
}

// TestExportsFasterThanImports: Quảng Nam's "xuất khẩu luôn cao hơn nhập khẩu" is judged each
// year on both figures: on track while every year holds, behind from the year it breaks, final
// after the span.
func TestExportsFasterThanImports(t *testing.T) {
	p, fs, err := seeds.Load("quang-nam")
	if err != nil || fs.HasErrors() {
		t.Fatal(err, fs)
	}
	qa := func(ind, period, v string) schema.Actual {
		a := actual(ind, period, v)
		a.Source.Source = "kh4691"
		return a
	}
	// Exports 1000 → 1200 → 1380 → 1500 (+20%, +15%, +8,70%); imports 1000 → 1100 → 1210 → 1600
	// (+10%, +10%, +32,23%).
	p.Actuals = append(p.Actuals, qa("XK", "2020", "1000"), qa("XK", "2021", "1200"), qa("XK", "2022", "1380"), qa("XK", "2023", "1500"),
		qa("NK", "2020", "1000"), qa("NK", "2021", "1100"), qa("NK", "2022", "1210"), qa("NK", "2023", "1600"))
	for _, tt := range []struct {
		period string
		want   Status
		years  int
	}{{"2021", OnTrack, 1}, {"2022", OnTrack, 2}, {"2023", Behind, 3}} {
		a := find(t, modelOf(t, p, tt.period, nil), "QN-XK-NK-2130")
		if a.Status != tt.want || len(a.Compared) != tt.years {
			t.Errorf("%s: %s on %d years, want %s on %d", tt.period, a.StatusText(finding.VI), len(a.Compared), tt.want.Word(finding.VI), tt.years)
		}
	}
	a := find(t, modelOf(t, p, "2023", nil), "QN-XK-NK-2130")
	if c := a.Compared[1]; !c.Holds || math.Abs(c.A.Value-15) > 1e-9 || math.Abs(c.B.Value-10) > 1e-9 {
		t.Errorf("2022: exports %v, imports %v, holds %v", c.A.Value, c.B.Value, c.Holds)
	}
	if !strings.Contains(strings.Join(a.NotesIn(finding.VI), " "), "năm 2023: tăng 8,70% so với tăng 32,23% — không cao hơn") {
		t.Errorf("notes: %q", a.NotesIn(finding.VI))
	}
	// The same note as data, printed in English with a decimal point.
	if !strings.Contains(strings.Join(a.NotesIn(finding.EN), " "), "2023: up 8.70% against up 32.23% — not faster") {
		t.Errorf("notes in English: %q", a.NotesIn(finding.EN))
	}
	p.Targets[len(p.Targets)-1].Period = schema.Span{From: 2021, To: 2023}
	if a := find(t, modelOf(t, p, "2023", nil), "QN-XK-NK-2130"); a.Status != NotMet {
		t.Errorf("after the span: %s", a.StatusText(finding.VI))
	}
	p.Actuals = p.Actuals[:len(p.Actuals)-5]
	p.Actuals = append(p.Actuals, qa("NK", "2021", "1100"), qa("NK", "2022", "1200"), qa("NK", "2023", "1300"))
	if a := find(t, modelOf(t, p, "2023", nil), "QN-XK-NK-2130"); a.Status != Met {
		t.Errorf("every year faster, after the span: %s %q", a.StatusText(finding.VI), a.Notes)
	}
	writeModel(t, modelOf(t, p, "2023", nil))
}

// TestVerdictCarriesItsFiguresNotes: a verdict resting on a noted or estimated figure carries a
// numbered mark to the note on the achievement and gap rows, and the note is listed under them
// and on the cover.
func TestVerdictCarriesItsFiguresNotes(t *testing.T) {
	p := plan(t)
	xk := actual("XK", "2023", "5100")
	xk.Note = "Số liệu minh họa (văn bản nguồn không có số này)"
	p.Actuals = append(p.Actuals, xk)
	m := modelOf(t, p, "2023", nil)
	a := find(t, m, "TH-XK-2030")
	if len(a.Marks) != 1 {
		t.Fatalf("TH-XK-2030 marks %v; notes %+v", a.Marks, m.FigureNotes)
	}
	note := m.FigureNotes[a.Marks[0]-1]
	if note.Text != xk.Note || !slices.Contains(note.Targets, "TH-XK-2030") {
		t.Errorf("note %+v", note)
	}
	iip := find(t, m, "TH-IIP-2125") // 2023's "dự kiến … trên 8%" is an estimate
	if len(iip.Marks) == 0 || m.FigureNotes[iip.Marks[0]-1].Text != estimateNote {
		t.Errorf("TH-IIP-2125 rests on an estimate: marks %v", iip.Marks)
	}
	out := writeModel(t, m)
	for _, sheet := range []string{SheetAchievement, SheetGap, SheetCover} {
		text := strings.Join(slices.Concat(grid(t, out, sheet)...), "\n")
		if !strings.Contains(text, note.Line()) {
			t.Errorf("%s does not list %q", sheet, note.Line())
		}
		if sheet != SheetCover && !strings.Contains(text, a.StatusText(finding.VI)+a.MarkText()) {
			t.Errorf("%s: no verdict with its mark %q", sheet, a.StatusText(finding.VI)+a.MarkText())
		}
	}
}

// TestCompactGapHasTheGap: the leadership's gap table has the gap itself, the detailed sheet's
// number: IIP 2021–2025 in 2023 is 0,79 points short of 14,6%/năm.
func TestCompactGapHasTheGap(t *testing.T) {
	out := writeModel(t, seedModel(t, "thanh-hoa", "2023"))
	g := grid(t, out, SheetGap)
	col := -1
	for _, row := range g {
		if i := slices.Index(row, "Chênh lệch so với mục tiêu"); i >= 0 {
			col = i
		}
	}
	if col < 0 {
		t.Fatal("no gap column on the gap sheet")
	}
	row := rowWith(g, "tăng bình quân 2021–2025: ≥ 14,6%/năm")
	if row == nil {
		t.Fatal("no IIP row")
	}
	v, err := strconv.ParseFloat(row[col], 64)
	if err != nil || math.Abs(v-(-0.7854)) > 0.0005 {
		t.Errorf("IIP gap %q", row[col])
	}
}

// TestTwoFormsOneFigure: IIP 2024 from two forms of the statistics office (9,5 on 01/CT-TK,
// 9,3 on 04/CT-TK) is a conflict naming both files and cells; the plan's authoritative form
// decides, the other is shown with the difference and its note; equal values keep both notes.
func TestTwoFormsOneFigure(t *testing.T) {
	p := plan(t)
	hist := History{
		{Period: schema.Period{Year: 2024, Freq: schema.Yearly}, Form: "01/CT-TK", Unit: "CTK", Indicator: "IIP", Column: "TH", Value: schema.MustNumber("9.5"),
			Note: "Số ước tính", Status: schema.StatusEstimate, File: "bieu-01.xlsx", Sheet: "Biểu 01-CT-TK", Cell: "F9"},
		{Period: schema.Period{Year: 2024, Freq: schema.Yearly}, Form: "04/CT-TK", Unit: "CTK", Indicator: "IIP", Column: "TH", Value: schema.MustNumber("9.3"),
			File: "bieu-04.xlsx", Sheet: "Biểu 04-CT-TK", Cell: "E12"},
	}
	for _, authority := range []string{"", "04/CT-TK"} {
		p.Indicator("IIP").Authority = authority
		m := modelOf(t, p, "2025", hist)
		if len(m.Conflicts) != 1 {
			t.Fatalf("authority %q: conflicts %+v", authority, m.Conflicts)
		}
		c := m.Conflicts[0]
		want, byRule := 9.5, false // no rule: the form listed first
		if authority != "" {
			want, byRule = 9.3, true
		}
		if c.Used.Value != want || c.ByRule != byRule {
			t.Errorf("authority %q: used %v (by rule %v)", authority, c.Used.Value, c.ByRule)
		}
		text := c.Note(p.Indicator("IIP")).In(finding.VI)
		for _, s := range []string{"bieu-01.xlsx", "F9", "bieu-04.xlsx", "E12", "0,20 điểm %", "01/CT-TK", "04/CT-TK"} {
			if !strings.Contains(text, s) {
				t.Errorf("authority %q: %q does not name %s", authority, text, s)
			}
		}
		if authority != "" && !strings.Contains(text, "Số ước tính") {
			t.Errorf("the other figure's note is lost: %s", text)
		}
		en := c.Note(p.Indicator("IIP")).In(finding.EN)
		for _, s := range []string{"Two figures for", "bieu-01.xlsx", "cell F9", "0.20 points", "form 01/CT-TK"} {
			if !strings.Contains(en, s) {
				t.Errorf("authority %q: %q does not say %s", authority, en, s)
			}
		}
		a := find(t, m, "TH-IIP-2125")
		if pts := a.Points; len(pts) == 0 || pts[len(pts)-1].Value != want || !slices.Contains(a.NotesIn(finding.VI), text) {
			t.Errorf("authority %q: TH-IIP-2125 points %v notes %q", authority, pts, a.Notes)
		}
		g := grid(t, writeModel(t, m), SheetFindings)
		if rowWith(g, "conflict") == nil {
			t.Errorf("authority %q: no conflict on the findings sheet", authority)
		}
	}
	hist[1].Value = schema.MustNumber("9.5")
	m := modelOf(t, p, "2025", hist)
	a := find(t, m, "TH-IIP-2125")
	last := a.Points[len(a.Points)-1]
	if len(m.Conflicts) != 0 || !strings.Contains(last.Note.In(finding.VI), "Số ước tính") || !last.Estimate {
		t.Errorf("equal values: conflicts %v, point %+v", m.Conflicts, last)
	}
}

// TestSeriesAcrossTheReform: the communes' 03/CT-X of 2025 compares its province total with the
// districts' 03/CT-H of 2024, the form it succeeded, and says so.
func TestSeriesAcrossTheReform(t *testing.T) {
	p := plan(t)
	y24 := schema.Period{Year: 2024, Freq: schema.Yearly}
	hist := History{
		{Period: y24, Form: "03/CT-H", Unit: "380", Indicator: "GTSX_CN", Column: "TH", Value: schema.MustNumber("120000"), File: "380.xlsx", Cell: "E9"},
		{Period: y24, Form: "03/CT-H", Unit: "381", Indicator: "GTSX_CN", Column: "TH", Value: schema.MustNumber("90000"), File: "381.xlsx", Cell: "E9"},
	}
	m := modelOf(t, p, "2025", hist)
	var ft *FormTotals
	for _, f := range m.Forms {
		if f.Form.ID == "03/CT-X" {
			ft = f
		}
	}
	if ft == nil {
		t.Fatal("no 03/CT-X in the 2025 workbook")
	}
	c := m.Prior(ft, ft.Form.Row("GTSX_CN"))
	if !c.OK || c.Value.String() != "210000" {
		t.Errorf("cùng kỳ of 03/CT-X: %+v", c)
	}
	// Where it comes from, in the reader's language.
	for l, want := range map[finding.Lang]string{
		finding.VI: "báo cáo năm 2024 của biểu 03/CT-H (biểu trước, thay bằng biểu 03/CT-X từ ngày 01/07/2025)",
		finding.EN: "the report for Year 2024 of form 03/CT-H (the former form, replaced by form 03/CT-X from 2025-07-01)",
	} {
		if got := c.From.In(l); got != want {
			t.Errorf("cùng kỳ of 03/CT-X from (%s): %q, want %q", l, got, want)
		}
	}
}

// TestRowNoteBelongsToItsColumns: a unit's note on a row, written for the period's figure, does
// not qualify the same row's "cùng kỳ" copied from the documents, nor make it an estimate.
func TestRowNoteBelongsToItsColumns(t *testing.T) {
	p := plan(t)
	f := p.Form("04/CT-TK")
	note := schema.ColumnNote([]string{"Thực hiện năm báo cáo"}, "Số liệu minh họa (văn bản nguồn không có số này); ước tính")
	th := Figure{Form: f.ID, Unit: "TKT", Indicator: "IIP", Column: "TH", Note: note}
	ck := Figure{Form: f.ID, Unit: "TKT", Indicator: "IIP", Column: "CK", Note: note}
	if got := notesOf(f, []Figure{ck}, 1).In(finding.VI); got != "" {
		t.Errorf("the cùng kỳ figure carries %q", got)
	}
	if got := notesOf(f, []Figure{th}, 1).In(finding.VI); !strings.Contains(got, "Số liệu minh họa") {
		t.Errorf("the period's figure lost its note: %q", got)
	}
}

// TestCumulativeIsNoYearsFigure: 38 villages electrified over the term is not 2023's figure,
// and nothing is compared with it.
func TestCumulativeIsNoYearsFigure(t *testing.T) {
	p := plan(t)
	m := modelOf(t, p, "2024", nil)
	if pts := build(p, m).points[[2]string{"THON_DIEN", ""}]; len(pts) != 0 {
		t.Errorf("the term's 38 villages became yearly figures: %+v", pts)
	}
}

// TestUnitsWithoutPredecessorSaySo: the communes of 1 July 2025 succeeded no unit: their "cùng
// kỳ" block says they have no series of their own, and where the province's comes from.
func TestUnitsWithoutPredecessorSaySo(t *testing.T) {
	m := seedModel(t, "thanh-hoa", "2025")
	wr := &writer{m: m}
	for _, ft := range m.Forms {
		got := wr.noPredecessors(ft)
		switch ft.Form.ID {
		case "03/CT-X":
			if !strings.Contains(got, "166/166 đơn vị không có đơn vị tiền thân") || !strings.Contains(got, "01/07/2025") || !strings.Contains(got, "biểu 03/CT-H") {
				t.Errorf("03/CT-X: %q", got)
			}
		case "04/CT-TK", "02/CT-DT":
			if got != "" { // TKT succeeded CTK, STC succeeded SKHDT
				t.Errorf("%s: %q", ft.Form.ID, got)
			}
		}
	}
}
