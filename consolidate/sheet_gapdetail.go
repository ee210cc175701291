package consolidate

import (
	"chitieu/finding"
	"chitieu/schema"
	"chitieu/xlsx"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Columns of the detailed gap sheet, the specialist's working sheet: every target with its
// source, baseline, the figures by year, and the arithmetic as formulas holding their results.
const (
	gFirstYear = 2021 // the year grid runs 2021–2030, the plans' horizon
	gLastYear  = 2030
	gBaseYear  = 7 // the baseline's year
	gBase      = 8 // the baseline's value
	gYears     = 9 // first column of the year grid (I)
)

var (
	gTarget   = gYears + gLastYear - gFirstYear + 1 // target value
	gK        = gTarget + 1                         // years with a figure / the latest year
	gAchieved = gTarget + 2
	gGap      = gTarget + 3
	gRequired = gTarget + 4
	gPath     = gTarget + 5
	gBest     = gTarget + 6
	gStatus   = gTarget + 7
)

// gapDetail writes every target with the figures that bear on it and the arithmetic, as
// formulas holding their results. It prints one page wide with its type at 8 pt or more: set in
// 11 pt, with the years after the period's hidden (a workbook uses no figure after its period)
// and the target's document left to the leadership's table and the history sheet, where the
// reasons beside each verdict and the figures' sources are.
func (wr *writer) gapDetail(s *xlsx.Sheet) {
	s.Text(1, 1, "CHÊNH LỆCH GIỮA THỰC HIỆN VÀ MỤC TIÊU — BẢNG TÍNH CHI TIẾT — "+strings.ToUpper(wr.m.Period.Label(finding.VI)), stTitle)
	legend := "Tăng trưởng bình quân là bình quân nhân: (∏(1+gᵢ))^(1/k) − 1, trên các năm có số liệu cả năm; tốc độ cần đạt mỗi năm chưa có số liệu: ((1+r)ⁿ / ∏(1+gᵢ))^(1/(n−k)) − 1. Mục tiêu mức: lộ trình nhân từ năm gốc văn bản nêu; mục tiêu tỷ trọng: lộ trình tuyến tính; không có năm gốc thì không có lộ trình. Số in nghiêng: ước tính hoặc một phần năm (tạm tính)."
	stSub11 := stSub
	stSub11.Size = 11
	s.Text(2, 1, legend, stSub11)
	s.Merge(2, 1, 2, gTarget+4)
	s.RowHeight(2, fit(wrapped{legend, 4 + 10 + 20 + 8 + 12 + 7 + 6 + 8 + 4*8.5 + 9 + 7 + 9 + 9, 11}))
	head := []string{"STT", "Mã mục tiêu", "Chỉ tiêu", "Kỳ", "Yêu cầu", "Đơn vị tính", "Năm gốc", "Giá trị gốc"}
	for y := gFirstYear; y <= gLastYear; y++ {
		head = append(head, strconv.Itoa(y))
	}
	head = append(head, "Giá trị mục tiêu", "Số năm có số liệu (k/n) hoặc năm số liệu", "Đạt được (bình quân %/năm, hoặc giá trị mới nhất)",
		"Chênh lệch (điểm % hoặc đơn vị tính)", "Cần đạt mỗi năm còn lại (%/năm; tỷ trọng: điểm/năm)", "Giá trị theo lộ trình", "Mức tăng cao nhất một năm đã có", "Đánh giá")
	stHead11 := stHead
	stHead11.Size = 11
	for i, h := range head {
		s.Text(4, i+1, h, stHead11)
	}
	s.RowHeight(4, 96)
	for i, a := range wr.m.Assessments {
		row := 5 + i
		wr.gapAt[a.Target.ID] = row
		wr.gapRow(s, row, i+1, a)
	}
	ws := map[int]float64{1: 4, 2: 10, 3: 20, 4: 8, 5: 12, 6: 7, gBaseYear: 6, gBase: 8, gTarget: 9, gK: 7, gAchieved: 9, gGap: 9,
		gRequired: 13, gPath: 9, gBest: 8, gStatus: 13}
	for y := gYears; y < gTarget; y++ {
		ws[y] = 8.5
	}
	widths(s, ws)
	for y := wr.m.Period.Year + 1; y <= gLastYear; y++ {
		if y >= gFirstYear {
			s.HideCol(gYears + y - gFirstYear)
		}
	}
	s.Freeze(5, 4)
	s.PrintPage(xlsx.Page{FitWidth: true, TitleRows: [2]int{4, 4}, Footer: wr.pageFooter()})
}

// scopeName is the unit a target is for: the province, or a unit's name.
func scopeName(p *schema.Plan, t *schema.Target) string {
	if t.Scope == "" {
		return "Tỉnh"
	}
	if u := p.Unit(t.Scope); u != nil {
		return u.Name
	}
	return t.Scope
}

func (wr *writer) gapRow(s *xlsx.Sheet, row, no int, a *Assessment) {
	p, t, ind := wr.m.Plan, a.Target, a.Indicator
	name := ind.Name
	if t.Scope != "" { // the province's targets go without saying; another scope is named
		name += " (" + scopeName(p, t) + ")"
	}
	unit := ind.Unit
	if t.Measure == schema.MeasureGrowth {
		unit = "%/năm"
	}
	dp := ind.DecimalPlaces()
	st := numStyle(dp)
	s.Number(row, 1, strconv.Itoa(no), stCenter)
	s.Text(row, 2, t.ID, stText)
	s.Text(row, 3, name, stText)
	s.Text(row, 4, spanWords(t.Period), stCenter)
	s.Text(row, 5, t.Statement(ind.Unit), stText)
	s.Text(row, 6, unit, stCenter)
	// The baseline, in cells of its own: the path's formula refers to them.
	switch {
	case t.Measure == schema.MeasureGrowth:
		s.Number(row, gBaseYear, strconv.Itoa(a.BaseYear), stCenter)
		s.Text(row, gBase, "năm gốc", xlsx.Style{Size: 11, Align: xlsx.Center, Border: true, Italic: true})
	case t.Baseline != nil:
		s.Number(row, gBaseYear, strconv.Itoa(a.BaseYear), stCenter)
		s.Number(row, gBase, num(a.Base), st)
	default:
		s.Text(row, gBaseYear, "—", stCenter)
		s.Text(row, gBase, "không nêu", xlsx.Style{Size: 11, Align: xlsx.Center, Border: true, Italic: true})
	}
	for y := gFirstYear; y <= gLastYear; y++ {
		s.Style(row, gYears+y-gFirstYear, st)
	}
	var cells []string // the whole years a growth target's average is made of
	at := map[int]string{}
	for _, pt := range a.Points {
		if pt.Year < gFirstYear || pt.Year > gLastYear {
			continue
		}
		col := gYears + pt.Year - gFirstYear
		ps := st
		if pt.Provisional || pt.Estimate {
			ps.Italic = true
		}
		s.Number(row, col, num(pt.Value), ps)
		at[pt.Year] = xlsx.Cell(row, col)
		if !pt.Provisional {
			cells = append(cells, xlsx.Cell(row, col))
		}
	}
	tv := TargetValue(t, ind)
	target := xlsx.Cell(row, gTarget)
	s.Number(row, gTarget, num(tv), st)
	achieved := xlsx.Cell(row, gAchieved)
	set := func(col int, formula string, v float64, st xlsx.Style) {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			s.Style(row, col, st)
			return
		}
		s.FormulaValue(row, col, formula, num(v), st)
	}
	b := statedBand(t, ind)
	gapFormula := fmt.Sprintf("%s-%s", achieved, target)
	switch {
	case t.Comparator == schema.About:
		gapFormula = fmt.Sprintf("%s-%s", achieved, num((b.Low+b.High)/2))
	case t.Comparator == schema.Between:
		gapFormula = fmt.Sprintf("IF(%[1]s<%[2]s,%[1]s-%[2]s,IF(%[1]s>%[3]s,%[1]s-%[3]s,0))", achieved, num(b.Low), num(b.High))
	case t.Comparator == schema.AtMost:
		gapFormula = fmt.Sprintf("%s-%s", achieved, num(b.High))
	}
	rateStyle := numStyle(rateDecimals)
	rateStyle.NumFmt = requiredFormat(t, ind)
	if t.Measure == schema.MeasureGrowth {
		s.Text(row, gK, fmt.Sprintf("%d/%d", a.K, a.N), stCenter)
		prod := "PRODUCT(" + strings.Join(mapStrings(cells, func(c string) string { return "1+" + c + "/100" }), ",") + ")"
		switch {
		case len(cells) == 1:
			set(gAchieved, cells[0], a.Achieved, st)
		case len(cells) > 1:
			set(gAchieved, fmt.Sprintf("(%s^(1/%d)-1)*100", prod, len(cells)), a.Achieved, st)
		case a.Partial != nil && at[a.Partial.Year] != "":
			set(gAchieved, at[a.Partial.Year], a.Achieved, italicOf(st))
		default:
			s.Style(row, gAchieved, st)
		}
		set(gGap, gapFormula, a.Gap, st)
		if len(cells) > 0 && a.K < a.N {
			// A rate at or below zero is not a goal: the years known secure the target.
			set(gRequired, fmt.Sprintf("(((1+%s/100)^%d/%s)^(1/%d)-1)*100", target, a.N, prod, a.N-a.K), a.Required, rateStyle)
		} else {
			s.Style(row, gRequired, rateStyle)
		}
		s.Style(row, gPath, st)
	} else {
		if latest := at[a.Latest.Year]; len(a.Points) > 0 && latest != "" {
			pt := a.Latest
			year := xlsx.Cell(row, gK)
			s.Number(row, gK, strconv.Itoa(pt.Year), stCenter)
			set(gAchieved, latest, a.Achieved, st)
			if t.Measure == schema.MeasureShare {
				set(gRequired, fmt.Sprintf("(%s-%s)/(%d-%s)", target, achieved, t.Period.To, year), a.Required, rateStyle)
			} else {
				set(gRequired, fmt.Sprintf("((%s/%s)^(1/(%d-%s))-1)*100", target, achieved, t.Period.To, year), a.Required, rateStyle)
			}
			by, bv := xlsx.Cell(row, gBaseYear), xlsx.Cell(row, gBase)
			switch {
			case math.IsNaN(a.Path):
				s.Style(row, gPath, st)
			case t.Measure == schema.MeasureShare || a.Base <= 0:
				set(gPath, fmt.Sprintf("%[1]s+(%[2]s-%[1]s)*(%[3]s-%[4]s)/(%[5]d-%[4]s)", bv, target, year, by, t.Period.To), a.Path, st)
			default:
				set(gPath, fmt.Sprintf("%[1]s*(%[2]s/%[1]s)^((%[3]s-%[4]s)/(%[5]d-%[4]s))", bv, target, year, by, t.Period.To), a.Path, st)
			}
		} else {
			s.Style(row, gK, stCenter)
			s.Style(row, gAchieved, st)
			s.Style(row, gRequired, rateStyle)
			s.Style(row, gPath, st)
		}
		set(gGap, gapFormula, a.Gap, st)
	}
	bestStyle := numStyle(rateDecimals)
	if t.Measure == schema.MeasureGrowth {
		bestStyle = st
	} else if t.Measure == schema.MeasureShare {
		bestStyle = numStyle(dp)
	}
	if math.IsNaN(a.Best) {
		s.Style(row, gBest, bestStyle)
	} else {
		s.Number(row, gBest, num(a.Best), bestStyle)
	}
	s.Text(row, gStatus, a.StatusText(finding.VI), xlsx.Style{Size: 11, Align: xlsx.Center, Wrap: true, Border: true, Bold: true, Fill: fillOf(a)})
	s.RowHeight(row, fit(wrapped{name, 20, 11}, wrapped{t.Statement(ind.Unit), 12, 11}, wrapped{a.StatusText(finding.VI), 13, 11}, wrapped{unit, 7, 11}))
}

// requiredFormat is the number format of the rate still required: a growth in %/năm, a share's
// rise in points a year; a value at or below zero says the target is secured.
func requiredFormat(t *schema.Target, ind *schema.Indicator) string {
	unit, d := `"%/năm"`, rateDecimals
	if t.Measure == schema.MeasureShare {
		unit, d = `" điểm/năm"`, ind.DecimalPlaces()
	}
	f := numFormat(d) + unit
	if ind.LowerIsBetter() {
		return f
	}
	return f + `;"đã bảo đảm";"đã bảo đảm"`
}

// explain is an assessment's notes, the target's own note and the assumptions it rests on: what
// stands beside the verdict.
func (wr *writer) explain(a *Assessment) string {
	lines := a.NotesIn(finding.VI)
	if a.Target.Tolerance.IsSet() {
		lines = append(lines, fmt.Sprintf("Dung sai của «khoảng»: ±%s điểm %%, áp dụng một lần.", a.Target.Tolerance.VN()))
	}
	if a.Target.Note != "" {
		lines = append(lines, a.Target.Note)
	}
	for _, as := range a.Assumptions {
		lines = append(lines, "Giả định: "+wholeText(as.Text))
	}
	return strings.Join(lines, "\n")
}

// wholeText is a text of the plan on one line: an assumption whole, its reasons with it, for
// the verdict it qualifies rests on all of it.
func wholeText(s string) string { return strings.Join(strings.Fields(s), " ") }

func mapStrings(xs []string, f func(string) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}
