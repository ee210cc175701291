package consolidate

import (
	"chitieu/finding"
	"chitieu/schema"
	"chitieu/xlsx"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Columns of the gap sheet.
const (
	gFirstYear = 2021 // the year grid runs 2021–2030, the plans' horizon
	gLastYear  = 2030
	gYears     = 9 // first column of the year grid (I)
)

var (
	gTarget   = gYears + gLastYear - gFirstYear + 1 // target value
	gK        = gTarget + 1                         // years with a figure / the latest year
	gAchieved = gTarget + 2
	gGap      = gTarget + 3
	gRequired = gTarget + 4
	gPath     = gTarget + 5
	gStatus   = gTarget + 6
	gFigures  = gTarget + 7
)

// gap writes every target with the figures that bear on it and the arithmetic, as formulas
// holding their results.
func (wr *writer) gap(s *xlsx.Sheet) {
	s.Text(1, 1, "CHÊNH LỆCH GIỮA THỰC HIỆN VÀ MỤC TIÊU KẾ HOẠCH", stTitle)
	s.Text(2, 1, "Tăng trưởng bình quân tính theo bình quân nhân: (∏(1+gᵢ))^(1/k) − 1; tốc độ cần đạt mỗi năm còn lại: ((1+r)ⁿ / ∏(1+gᵢ))^(1/(n−k)) − 1. Mục tiêu mức: lộ trình nhân từ năm gốc; mục tiêu tỷ trọng: lộ trình tuyến tính. Số liệu tạm tính (một phần năm) được ghi rõ.", stSub)
	head := []string{"STT", "Mã mục tiêu", "Chỉ tiêu", "Phạm vi", "Kỳ", "Yêu cầu", "Nguồn", "Đơn vị tính"}
	for y := gFirstYear; y <= gLastYear; y++ {
		head = append(head, strconv.Itoa(y))
	}
	head = append(head, "Giá trị mục tiêu", "Số năm có số liệu (k/n) hoặc năm số liệu", "Đạt được (bình quân %/năm, hoặc giá trị mới nhất)",
		"Chênh lệch (điểm % hoặc đơn vị tính)", "Cần đạt mỗi năm còn lại (%/năm)", "Giá trị theo lộ trình", "Đánh giá", "Số liệu sử dụng và nguồn")
	for i, h := range head {
		s.Text(4, i+1, h, stHead)
	}
	s.RowHeight(4, 75)
	for i, a := range wr.m.Assessments {
		row := 5 + i
		wr.gapAt[a.Target.ID] = row
		wr.gapRow(s, row, i+1, a)
	}
	ws := map[int]float64{1: 5, 2: 15, 3: 34, 4: 9, 5: 10, 6: 18, 7: 30, 8: 10, gTarget: 11, gK: 10, gAchieved: 13, gGap: 12, gRequired: 12, gPath: 12, gStatus: 16, gFigures: 60}
	for y := gYears; y < gTarget; y++ {
		ws[y] = 8
	}
	widths(s, ws)
	s.Freeze(5, 3)
	s.PrintSetup(4, 4)
}

func (wr *writer) gapRow(s *xlsx.Sheet, row, no int, a *Assessment) {
	p, t, ind := wr.m.Plan, a.Target, a.Indicator
	scope := "Tỉnh"
	if t.Scope != "" {
		scope = t.Scope
		if u := p.Unit(t.Scope); u != nil {
			scope = u.Name
		}
	}
	src := ""
	if so := p.Source(t.Source.Source); so != nil {
		src = so.Document + ": «" + t.Source.Quote + "»"
	}
	unit := ind.Unit
	if t.Measure == schema.MeasureGrowth {
		unit = "%/năm"
	}
	s.Number(row, 1, strconv.Itoa(no), stCenter)
	s.Text(row, 2, t.ID, stText)
	s.Text(row, 3, ind.Name, stText)
	s.Text(row, 4, scope, stText)
	s.Text(row, 5, t.Period.String(), stCenter)
	s.Text(row, 6, t.Statement(ind.Unit), stText)
	s.Text(row, 7, src, xlsx.Style{Align: xlsx.Left, Wrap: true, Border: true, Size: 9})
	s.Text(row, 8, unit, stCenter)
	st := numStyle(2)
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
	set := func(col int, formula string, v float64) {
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
	if t.Measure == schema.MeasureGrowth {
		s.Text(row, gK, fmt.Sprintf("%d/%d", a.K, a.N), stCenter)
		prod := "PRODUCT(" + strings.Join(mapStrings(cells, func(c string) string { return "1+" + c + "/100" }), ",") + ")"
		switch {
		case len(cells) == 1:
			set(gAchieved, cells[0], a.Achieved)
		case len(cells) > 1:
			set(gAchieved, fmt.Sprintf("(%s^(1/%d)-1)*100", prod, len(cells)), a.Achieved)
		case a.Partial != nil && at[a.Partial.Year] != "":
			set(gAchieved, at[a.Partial.Year], a.Achieved)
		default:
			s.Style(row, gAchieved, st)
		}
		set(gGap, gapFormula, a.Gap)
		if len(cells) > 0 && a.K < a.N {
			// A rate at or below zero is not a goal: the years known secure the target.
			req := st
			if !ind.LowerIsBetter() {
				req.NumFmt += `;"đã bảo đảm";"đã bảo đảm"`
			}
			s.FormulaValue(row, gRequired, fmt.Sprintf("(((1+%s/100)^%d/%s)^(1/%d)-1)*100", target, a.N, prod, a.N-a.K), num(a.Required), req)
		} else {
			s.Style(row, gRequired, st)
		}
		s.Style(row, gPath, st)
	} else {
		if latest := at[a.Latest.Year]; len(a.Points) > 0 && latest != "" {
			pt := a.Latest
			s.Number(row, gK, strconv.Itoa(pt.Year), stCenter)
			set(gAchieved, latest, a.Achieved)
			left := t.Period.To - pt.Year
			if t.Measure == schema.MeasureShare {
				set(gRequired, fmt.Sprintf("(%s-%s)/%d", target, achieved, max(left, 1)), a.Required)
			} else {
				set(gRequired, fmt.Sprintf("((%s/%s)^(1/%d)-1)*100", target, achieved, max(left, 1)), a.Required)
			}
			switch {
			case math.IsNaN(a.Path):
				s.Style(row, gPath, st)
			case t.Measure == schema.MeasureShare || a.Base <= 0:
				set(gPath, fmt.Sprintf("%s+(%s-%s)*%d/%d", num(a.Base), target, num(a.Base), pt.Year-a.BaseYear, t.Period.To-a.BaseYear), a.Path)
			default:
				set(gPath, fmt.Sprintf("%s*(%s/%s)^(%d/%d)", num(a.Base), target, num(a.Base), pt.Year-a.BaseYear, t.Period.To-a.BaseYear), a.Path)
			}
		} else {
			s.Style(row, gK, stCenter)
			s.Style(row, gAchieved, st)
			s.Style(row, gRequired, st)
			s.Style(row, gPath, st)
		}
		set(gGap, gapFormula, a.Gap)
	}
	s.Text(row, gStatus, a.StatusText(finding.VI), xlsx.Style{Align: xlsx.Center, Wrap: true, Border: true, Bold: true, Fill: statusFill(a.Status)})
	var figs []string
	for _, pt := range a.Points {
		what := strings.TrimSuffix(pt.Label, "~")
		if what == "" {
			what = strconv.Itoa(pt.Year)
		}
		flags := ""
		if pt.Provisional {
			flags += ", tạm tính"
		}
		if pt.Estimate {
			flags += ", ước tính"
		}
		figs = append(figs, fmt.Sprintf("%s: %s%s (%s)", what, schema.NumberOf(decimal.NewFromFloat(pt.Value)).VN(), flags, pt.Source))
	}
	if len(figs) == 0 {
		figs = []string{"Chưa có số liệu trong kế hoạch hay trong các báo cáo đã tổng hợp."}
	}
	if t.Tolerance.IsSet() {
		figs = append(figs, "Dung sai của \"khoảng\": ±"+t.Tolerance.VN())
	}
	s.Text(row, gFigures, strings.Join(figs, "\n"), xlsx.Style{Align: xlsx.Left, Wrap: true, Border: true, Size: 9})
	s.RowHeight(row, max(48, 13*float64(len(figs)+1)))
}

func mapStrings(xs []string, f func(string) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}
