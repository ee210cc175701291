package consolidate

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"chitieu/finding"
	"chitieu/schema"
	"chitieu/validate"
	"chitieu/xlsx"
)

// summary writes the province's figures form by form, in the forms' own columns.
func (wr *writer) summary(s *xlsx.Sheet) {
	p := wr.m.Plan
	s.Text(1, 1, "TỔNG HỢP SỐ LIỆU CỦA TỈNH — "+strings.ToUpper(wr.m.Period.Label(finding.VI)), stTitle)
	s.Text(2, 1, "Số của tỉnh: cộng các đơn vị (trang Theo đơn vị); tỷ lệ tính lại từ các tổng; cột so sánh tính bằng công thức.", stSub)
	row, maxCols := 4, 0
	for _, ft := range wr.m.Forms {
		f := ft.Form
		var cols []*schema.Column
		for i := range f.Columns {
			if f.Columns[i].Basis != schema.BasisNote {
				cols = append(cols, &f.Columns[i])
			}
		}
		maxCols = max(maxCols, len(cols))
		s.Text(row, 1, fmt.Sprintf("Biểu số %s — %s (%d/%d đơn vị có số liệu hợp lệ)", f.ID, f.Title, len(ft.ByUnit), len(ft.Units)), xlsx.Style{Bold: true, Align: xlsx.Left})
		row++
		for i, h := range append([]string{"STT", "Chỉ tiêu", "Đơn vị tính"}, names(cols)...) {
			s.Text(row, i+1, h, stHead)
		}
		s.RowHeight(row, 45)
		row++
		n := 0
		for ri := range f.Rows {
			r := &f.Rows[ri]
			if r.Heading != "" {
				n = 0
				s.Text(row, 1, "", stGroup)
				s.Text(row, 2, r.Heading, stGroup)
				s.StyleRange(row, 3, row, 3+len(cols), stGroup)
				row++
				continue
			}
			ind := p.Indicator(r.Indicator)
			if ind == nil {
				continue
			}
			if r.PartOf == "" {
				n++
				s.Number(row, 1, strconv.Itoa(n), stCenter)
			} else {
				s.Text(row, 1, "", stCenter)
			}
			s.Text(row, 2, rowLabel(p, r), stText)
			s.Text(row, 3, ind.Unit, stCenter)
			s.RowHeight(row, xlsx.FitHeight(rowLabel(p, r), 50))
			colOf := map[string]int{}
			for i, c := range cols {
				colOf[c.Code] = 4 + i
			}
			for i, c := range cols {
				col := 4 + i
				st := numStyle(decimalsOf(ind))
				k := schema.CellKey{Indicator: r.Indicator, Column: c.Code}
				switch {
				case !r.Applies(c.Code):
					s.Text(row, col, "x", xlsx.Style{Align: xlsx.Center, Border: true, Fill: fillGrey})
				case c.Basis == schema.BasisDerived:
					st = numStyle(1)
					e, _ := schema.ParseFormula(c.Formula)
					var refs []string
					expr := e.Format(func(code string) string { a := xlsx.Cell(row, colOf[code]); refs = append(refs, a); return a })
					result := ""
					if v, ok := ft.Derived(r.Indicator, c); ok {
						result = num(v)
					}
					s.FormulaValue(row, col, fmt.Sprintf(`IF(COUNT(%s)<%d,"",IFERROR(%s,""))`, strings.Join(refs, ","), len(refs), expr), result, st)
				default:
					ref, ok := wr.total[key(f.ID, r.Indicator, c.Code)]
					v, has := ft.Province[k]
					if !ok {
						s.Style(row, col, st)
						continue
					}
					result := ""
					if has {
						result = v.String()
					}
					s.FormulaValue(row, col, fmt.Sprintf(`IF(%s="","",%s)`, ref, ref), result, st)
				}
			}
			row++
		}
		row++
	}
	s.ColWidth(1, 6)
	s.ColWidth(2, 50)
	s.ColWidth(3, 11)
	for c := 4; c < 4+maxCols; c++ {
		s.ColWidth(c, 16)
	}
	s.Freeze(4, 3)
	s.PrintSetup(1, 2)
}

func names(cols []*schema.Column) []string {
	var out []string
	for _, c := range cols {
		out = append(out, c.Name)
	}
	return out
}

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
	var cells []string
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
		cells = append(cells, xlsx.Cell(row, col))
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
	b := targetBand(t, ind)
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
		if len(cells) == 1 {
			set(gAchieved, cells[0], a.Achieved)
		} else if len(cells) > 1 {
			set(gAchieved, fmt.Sprintf("(%s^(1/%d)-1)*100", prod, len(cells)), a.Achieved)
		} else {
			s.Style(row, gAchieved, st)
		}
		set(gGap, gapFormula, a.Gap)
		if len(cells) > 0 && a.K < a.N {
			set(gRequired, fmt.Sprintf("(((1+%s/100)^%d/%s)^(1/%d)-1)*100", target, a.N, prod, a.N-a.K), a.Required)
		} else {
			s.Style(row, gRequired, st)
		}
		s.Style(row, gPath, st)
	} else {
		if len(a.Points) > 0 {
			pt := a.Points[0]
			s.Number(row, gK, strconv.Itoa(pt.Year), stCenter)
			set(gAchieved, cells[0], a.Achieved)
			left := t.Period.To - pt.Year
			set(gRequired, fmt.Sprintf("((%s/%s)^(1/%d)-1)*100", target, achieved, max(left, 1)), a.Required)
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

// achievement writes each target's achievement and status with traffic-light fills, and a chart.
func (wr *writer) achievement(s *xlsx.Sheet) {
	s.Text(1, 1, "MỨC ĐỘ HOÀN THÀNH MỤC TIÊU KẾ HOẠCH — "+strings.ToUpper(wr.m.Period.Label(finding.VI)), stTitle)
	s.Text(2, 1, "Mức độ hoàn thành = thực hiện / mục tiêu × 100 (mục tiêu / thực hiện khi chỉ tiêu càng thấp càng tốt). Xanh: Vượt, Đạt, Đúng tiến độ; vàng: Chậm tiến độ; đỏ: Chưa đạt; xám: Chưa có số liệu.", stSub)
	head := []string{"STT", "Mã mục tiêu", "Chỉ tiêu", "Kỳ", "Yêu cầu", "Thực hiện", "Mục tiêu", "Mức độ hoàn thành (%)", "Đánh giá"}
	for i, h := range head {
		s.Text(4, i+1, h, stHead)
	}
	s.RowHeight(4, 40)
	st := numStyle(2)
	for i, a := range wr.m.Assessments {
		row := 5 + i
		g := wr.gapAt[a.Target.ID]
		s.Number(row, 1, strconv.Itoa(i+1), stCenter)
		s.Text(row, 2, a.Target.ID, stText)
		s.Text(row, 3, a.Indicator.Name, stText)
		s.Text(row, 4, a.Target.Period.String(), stCenter)
		s.Text(row, 5, a.Target.Statement(a.Indicator.Unit), stText)
		actual := fmt.Sprintf("'%s'!%s", SheetGap, xlsx.Cell(g, gAchieved))
		target := fmt.Sprintf("'%s'!%s", SheetGap, xlsx.Cell(g, gTarget))
		if math.IsNaN(a.Achieved) {
			s.Style(row, 6, st)
		} else {
			s.FormulaValue(row, 6, actual, num(a.Achieved), st)
		}
		s.FormulaValue(row, 7, target, num(TargetValue(a.Target, a.Indicator)), st)
		f, c := xlsx.Cell(row, 6), xlsx.Cell(row, 7)
		formula := fmt.Sprintf(`IF(OR(%s="",N(%s)=0),"",%s/%s*100)`, f, c, f, c)
		if a.Indicator.LowerIsBetter() {
			formula = fmt.Sprintf(`IF(OR(%s="",N(%s)=0),"",%s/%s*100)`, f, f, c, f)
		}
		result := ""
		if !math.IsNaN(a.Achievement) {
			result = num(a.Achievement)
		}
		s.FormulaValue(row, 8, formula, result, xlsx.Style{Align: xlsx.Right, Border: true, Bold: true, NumFmt: "#,##0.0", Fill: statusFill(a.Status)})
		s.Text(row, 9, a.StatusText(finding.VI), xlsx.Style{Align: xlsx.Center, Wrap: true, Border: true, Bold: true, Fill: statusFill(a.Status)})
		s.RowHeight(row, 30)
	}
	last := 4 + len(wr.m.Assessments)
	widths(s, map[int]float64{1: 5, 2: 16, 3: 42, 4: 10, 5: 20, 6: 12, 7: 12, 8: 14, 9: 22})
	if last >= 5 {
		s.BarChart(last+2, 2, "Mức độ hoàn thành mục tiêu (%)", "Mức độ hoàn thành (%)",
			fmt.Sprintf("'%s'!$B$5:$B$%d", SheetAchievement, last), fmt.Sprintf("'%s'!$H$5:$H$%d", SheetAchievement, last), 900, 420)
	}
	s.Freeze(5, 3)
	s.PrintSetup(4, 4)
}

// status lists every report expected for the period and what came of it, then files that
// matched no expected report.
func (wr *writer) status(s *xlsx.Sheet) {
	s.Text(1, 1, "TÌNH TRẠNG NỘP BÁO CÁO — "+strings.ToUpper(wr.m.Period.Label(finding.VI)), stTitle)
	head := []string{"STT", "Biểu", "Đơn vị", "Tình trạng", "Tệp được dùng", "Các tệp đã nhận", "Lý do chọn", "Số lỗi", "Số cảnh báo"}
	for i, h := range head {
		s.Text(3, i+1, h, stHead)
	}
	row := 4
	seen := map[*validate.File]bool{}
	for i, e := range wr.m.Expected {
		used := ""
		if e.Used != nil {
			used = filepath.Base(e.Used.Path)
		}
		var got []string
		errs, warns := 0, 0
		for _, f := range e.Received {
			seen[f] = true
			got = append(got, filepath.Base(f.Path))
			errs += f.Findings.Count(finding.Error)
			warns += f.Findings.Count(finding.Warning)
		}
		fill := fillGreen
		switch {
		case len(e.Received) == 0:
			fill = fillGrey
		case e.Used == nil:
			fill = fillRed
		case len(e.Received) > 1:
			fill = fillAmber
		}
		s.Number(row, 1, strconv.Itoa(i+1), stCenter)
		s.Text(row, 2, e.Form.ID, stText)
		s.Text(row, 3, e.Unit.Code+" "+e.Unit.Name, stText)
		s.Text(row, 4, e.Status().VI, xlsx.Style{Align: xlsx.Center, Wrap: true, Border: true, Fill: fill})
		s.Text(row, 5, used, stText)
		s.Text(row, 6, strings.Join(got, "\n"), stText)
		s.Text(row, 7, e.Why.VI, stText)
		s.Number(row, 8, strconv.Itoa(errs), stCenter)
		s.Number(row, 9, strconv.Itoa(warns), stCenter)
		row++
	}
	var other []*validate.File
	for _, f := range wr.m.Files {
		if !seen[f] {
			other = append(other, f)
		}
	}
	if len(other) > 0 {
		row++
		s.Text(row, 1, "Tệp không khớp báo cáo nào của kỳ (biểu, đơn vị hoặc kỳ khác; không đọc được):", xlsx.Style{Bold: true, Align: xlsx.Left})
		row++
		for _, f := range other {
			s.Text(row, 2, "", stText)
			s.Text(row, 4, "Bị loại", xlsx.Style{Align: xlsx.Center, Border: true, Fill: fillRed})
			s.Text(row, 6, filepath.Base(f.Path), stText)
			s.Number(row, 8, strconv.Itoa(f.Findings.Count(finding.Error)), stCenter)
			s.Number(row, 9, strconv.Itoa(f.Findings.Count(finding.Warning)), stCenter)
			row++
		}
	}
	widths(s, map[int]float64{1: 5, 2: 11, 3: 40, 4: 20, 5: 36, 6: 36, 7: 50, 8: 8, 9: 10})
	s.Freeze(4, 1)
	s.PrintSetup(3, 3)
}

// sources traces every figure of the workbook: each submitted value to its file, digest, sheet
// and cell; each figure of the plan to its document and sentence. The sheet is streamed: it has a
// row per submitted figure.
func (wr *writer) sources(name string) {
	p := wr.m.Plan
	s := wr.b.Rows(name, xlsx.RowsSetup{
		Widths: []xlsx.ColsWidth{{From: 1, To: 1, Width: 30}, {From: 2, To: 2, Width: 14}, {From: 3, To: 3, Width: 34}, {From: 4, To: 4, Width: 10},
			{From: 5, To: 5, Width: 14}, {From: 6, To: 6, Width: 44}, {From: 7, To: 7, Width: 50}, {From: 8, To: 8, Width: 16}, {From: 9, To: 9, Width: 8}},
		FreezeRow: 4, FreezeCol: 1, TitleFrom: 3, TitleTo: 3,
	})
	s.Write(1, 0, xlsx.T("NGUỒN DỮ LIỆU", stTitle))
	s.Write(3, 0, heads("Biểu", "Đơn vị", "Chỉ tiêu", "Cột", "Giá trị", "Tệp", "SHA-256", "Trang tính", "Ô")...)
	row := 4
	stValue := xlsx.Style{Align: xlsx.Right, Border: true}
	stDigest := xlsx.Style{Align: xlsx.Left, Border: true, Size: 8}
	for _, ft := range wr.m.Forms {
		for _, u := range ft.Units {
			vals := ft.ByUnit[u.Code]
			for _, r := range ft.Form.Rows {
				for _, c := range ft.Form.Columns {
					v, ok := vals[schema.CellKey{Indicator: r.Indicator, Column: c.Code}]
					if !ok || r.Heading != "" {
						continue
					}
					label := r.Indicator + " — " + p.Label(&r)
					height := max(xlsx.FitHeight(label, 34), xlsx.FitHeight(v.File.Path, 44), xlsx.FitHeight(v.Sheet, 16))
					s.Write(row, height, xlsx.T(ft.Form.ID, stText), xlsx.T(u.Code, stText), xlsx.T(label, stText),
						xlsx.T(c.Code, stText), xlsx.N(v.Number.String(), stValue), xlsx.T(v.File.Path, stText),
						xlsx.T(v.File.SHA256, stDigest), xlsx.T(v.Sheet, stText), xlsx.T(v.cellOf(), stCenter))
					row++
				}
			}
		}
	}
	row++
	s.Write(row, 0, xlsx.T("Số liệu của kế hoạch (văn bản nguồn):", xlsx.Style{Bold: true, Align: xlsx.Left}))
	row++
	s.Write(row, 0, heads("Chỉ tiêu", "Phạm vi", "Kỳ", "Giá trị", "Đơn vị tính", "Văn bản", "Trích dẫn", "Tệp nguồn")...)
	row++
	for _, a := range p.Actuals {
		ind := p.Indicator(a.Indicator)
		scope := "Tỉnh"
		if a.Scope != "" {
			scope = a.Scope
		}
		period := a.Period.String()
		if a.Basis == "ytd" {
			period += " (lũy kế)"
		}
		value := xlsx.T("", stText)
		if a.Value.IsSet() {
			v, _ := schema.ConvertUnit(a.Value, a.Unit, ind.Unit)
			value = xlsx.N(v.String(), stValue)
		}
		src := p.Source(a.Source.Source)
		label := a.Indicator + " — " + ind.Name
		height := max(xlsx.FitHeight(label, 30), xlsx.FitHeight(src.Document, 44), xlsx.FitHeight(a.Source.Quote, 50), xlsx.FitHeight(src.File, 16))
		s.Write(row, height, xlsx.T(label, stText), xlsx.T(scope, stText), xlsx.T(period, stCenter), value,
			xlsx.T(ind.Unit, stCenter), xlsx.T(src.Document, stText),
			xlsx.T(a.Source.Quote, xlsx.Style{Align: xlsx.Left, Wrap: true, Border: true, Size: 9}), xlsx.T(src.File, stText))
		row++
	}
}

// heads is a row of column headings.
func heads(names ...string) []xlsx.Out {
	out := make([]xlsx.Out, len(names))
	for i, n := range names {
		out[i] = xlsx.T(n, stHead)
	}
	return out
}

// findings lists the findings of every file that was not used: excluded, or not matching.
func (wr *writer) findings(s *xlsx.Sheet) {
	s.Text(1, 1, "LỖI CỦA CÁC TỆP BỊ LOẠI", stTitle)
	head := []string{"Tệp", "Mức độ", "Mã", "Vị trí", "Chỉ tiêu", "Cột", "Giá trị", "Nội dung"}
	for i, h := range head {
		s.Text(3, i+1, h, stHead)
	}
	used := map[*validate.File]bool{}
	for _, e := range wr.m.Expected {
		if e.Used != nil {
			used[e.Used] = true
		}
	}
	row := 4
	files := slices.Clone(wr.m.Files)
	slices.SortStableFunc(files, func(a, b *validate.File) int { return strings.Compare(a.Path, b.Path) })
	for _, f := range files {
		if used[f] {
			continue
		}
		list := f.Findings
		if f.Err != nil {
			list = append(list, finding.Finding{Severity: finding.Error, Code: "io", Detail: finding.Text{VI: f.Err.Error()}})
		}
		if len(list) == 0 {
			list = append(list, finding.Finding{Severity: finding.Warning, Code: "not-used", Detail: finding.Text{VI: "Tệp hợp lệ nhưng không được dùng: đã có bản khác của cùng báo cáo được chọn (xem trang Tình trạng nộp)."}})
		}
		for _, x := range list {
			where := x.Cell.InFile()
			fill := fillAmber
			if x.Severity == finding.Error {
				fill = fillRed
			}
			s.Text(row, 1, f.Path, stText)
			s.Text(row, 2, x.Severity.Word(finding.VI), xlsx.Style{Align: xlsx.Center, Border: true, Fill: fill})
			s.Text(row, 3, x.Code, stText)
			s.Text(row, 4, where, stText)
			s.Text(row, 5, x.Indicator, stText)
			s.Text(row, 6, x.Column, stText)
			s.Text(row, 7, x.Value, stText)
			s.Text(row, 8, x.Detail.In(finding.VI), stText)
			row++
		}
	}
	if row == 4 {
		s.Text(row, 1, "Không có tệp nào bị loại.", xlsx.Style{Italic: true, Align: xlsx.Left})
	}
	widths(s, map[int]float64{1: 40, 2: 10, 3: 20, 4: 22, 5: 12, 6: 8, 7: 14, 8: 80})
	s.Freeze(4, 1)
	s.PrintSetup(3, 3)
}

// cover is the first sheet: what the workbook is, for which period, from what, and its legend.
func (wr *writer) cover(s *xlsx.Sheet) {
	m := wr.m
	valid, excluded, missing := 0, 0, 0
	for _, e := range m.Expected {
		switch {
		case len(e.Received) == 0:
			missing++
		case e.Used == nil:
			excluded++
		default:
			valid++
		}
	}
	lines := []struct {
		text string
		st   xlsx.Style
	}{
		{strings.ToUpper(m.Plan.Agency), xlsx.Style{Align: xlsx.Left}},
		{strings.ToUpper(m.Plan.Receiver), xlsx.Style{Bold: true, Align: xlsx.Left}},
		{"", xlsx.Style{}},
		{"BÁO CÁO TỔNG HỢP CHỈ TIÊU NGÀNH CÔNG THƯƠNG", xlsx.Style{Bold: true, Size: 16, Align: xlsx.Left}},
		{m.Period.Label(finding.VI), xlsx.Style{Bold: true, Size: 13, Align: xlsx.Left}},
		{fmt.Sprintf("Ngày %02d tháng %02d năm %d", m.Date.Day(), int(m.Date.Month()), m.Date.Year()), stSub},
		{"", xlsx.Style{}},
		{fmt.Sprintf("Kế hoạch: %s (%s), phiên bản %s", m.Plan.Name, m.Plan.ID, m.Plan.Version), xlsx.Style{Align: xlsx.Left}},
		{fmt.Sprintf("Báo cáo phải nộp: %d; hợp lệ, đã tổng hợp: %d; có lỗi, bị loại: %d; chưa nộp: %d; tệp đã nhận: %d.", len(m.Expected), valid, excluded, missing, len(m.Files)), xlsx.Style{Align: xlsx.Left}},
		{"", xlsx.Style{}},
		{"CÁC TRANG", xlsx.Style{Bold: true, Align: xlsx.Left}},
		{SheetSummary + ": số liệu của tỉnh theo từng biểu (cộng, tỷ lệ tính lại từ các tổng, so sánh).", xlsx.Style{Align: xlsx.Left}},
		{SheetByUnit + ": số liệu từng đơn vị báo cáo, để đối chiếu mọi tổng.", xlsx.Style{Align: xlsx.Left}},
		{SheetGap + ": từng mục tiêu, nguồn, số liệu và phép tính chênh lệch.", xlsx.Style{Align: xlsx.Left}},
		{SheetAchievement + ": mức độ hoàn thành và đánh giá từng mục tiêu, kèm biểu đồ.", xlsx.Style{Align: xlsx.Left}},
		{SheetStatus + ": báo cáo đã nhận, hợp lệ, bị loại, chưa nộp, nộp trùng.", xlsx.Style{Align: xlsx.Left}},
		{SheetSources + ": nguồn của mọi số liệu (tệp, SHA-256, trang tính, ô; văn bản và trích dẫn).", xlsx.Style{Align: xlsx.Left}},
		{SheetFindings + ": lỗi của các tệp bị loại.", xlsx.Style{Align: xlsx.Left}},
		{"", xlsx.Style{}},
		{"CHÚ GIẢI ĐÁNH GIÁ", xlsx.Style{Bold: true, Align: xlsx.Left}},
	}
	for i, l := range lines {
		s.Text(1+i, 1, l.text, l.st)
	}
	row := 2 + len(lines)
	for _, st := range []Status{Exceeded, Met, OnTrack, Behind, NotMet, NoData} {
		s.Text(row, 1, st.Word(finding.VI), xlsx.Style{Bold: true, Align: xlsx.Center, Border: true, Fill: statusFill(st)})
		row++
	}
	s.Text(row, 1, "(tạm tính): đánh giá dựa trên số liệu một phần năm.", stSub)
	s.Text(row+1, 1, "Các ô tính toán chứa công thức kèm kết quả; mở bằng Excel hoặc LibreOffice sẽ tính lại và cho cùng kết quả.", stSub)
	s.ColWidth(1, 30)
	s.ColWidth(2, 60)
	s.PrintSetup(1, 1)
}

// widths sets column widths in column order, so that the file does not depend on map order.
func widths(s *xlsx.Sheet, w map[int]float64) {
	cols := make([]int, 0, len(w))
	for c := range w {
		cols = append(cols, c)
	}
	slices.Sort(cols)
	for _, c := range cols {
		s.ColWidth(c, w[c])
	}
}
