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

// Columns of the achievement sheet; the chart's data sits right of the printed area.
const (
	aNo = iota + 1
	aName
	aPeriod
	aAsk
	aActual
	aTarget
	aPercent
	aStatus
	aLast = aStatus

	aChartLabel = aLast + 3 // the chart's categories, then one column per group of statuses
)

var achWidths = map[int]float64{aNo: 5, aName: 42, aPeriod: 10, aAsk: 19, aActual: 12, aTarget: 12, aPercent: 13, aStatus: 26}

// barGroup is a series of the chart: the statuses whose bars share a colour.
type barGroup struct {
	name     string
	color    string
	statuses []Status
	ref      bool // the references, whatever their status
}

var barGroups = []barGroup{
	{"Vượt, Đạt", "70AD47", []Status{Exceeded, Met}, false},
	{"Đúng tiến độ", "A9D08E", []Status{OnTrack}, false},
	{"Chậm tiến độ", "FFC000", []Status{Behind}, false},
	{"Khó đạt", "ED7D31", []Status{Hard}, false},
	{"Chưa có lộ trình", "5B9BD5", []Status{NoPath}, false},
	{"Chưa đạt", "FF0000", []Status{NotMet}, false},
	{"Tham chiếu (cả nước)", "A5A5A5", nil, true},
}

func (g barGroup) has(a *Assessment) bool {
	if a.Reference || g.ref {
		return a.Reference && g.ref
	}
	for _, s := range g.statuses {
		if a.Status == s {
			return true
		}
	}
	return false
}

// achievement writes each target's achievement and status with traffic-light fills, the summary
// count, and on a page of its own a chart of the achievements by indicator name, coloured by
// status, against a line at 100%.
func (wr *writer) achievement(s *xlsx.Sheet) {
	m := wr.m
	total := 0.0
	for _, w := range achWidths {
		total += w
	}
	s.Text(1, 1, "MỨC ĐỘ HOÀN THÀNH MỤC TIÊU KẾ HOẠCH — "+strings.ToUpper(m.Period.Label(finding.VI)), stTitle)
	s.Merge(1, 1, 1, aLast)
	count := m.Tally().Text() + "."
	s.Text(2, 1, count, xlsx.Style{Bold: true, Size: 12, Align: xlsx.Left, Wrap: true})
	s.Merge(2, 1, 2, aLast)
	s.RowHeight(2, fit(wrapped{count, total, 12}))
	legend := "Mức độ hoàn thành = thực hiện / mục tiêu × 100 (mục tiêu / thực hiện khi chỉ tiêu càng thấp càng tốt); với mục tiêu tăng trưởng: (100 + thực hiện) / (100 + mục tiêu) × 100. Trước năm mục tiêu, mức độ hoàn thành chưa phải là kết quả: đánh giá dựa trên tiến độ. Màu: xanh Vượt, Đạt; xanh nhạt Đúng tiến độ; vàng Chậm tiến độ; cam Khó đạt; xanh lam Chưa có lộ trình; đỏ Chưa đạt; xám Chưa có số liệu; không màu: tham chiếu."
	s.Text(3, 1, legend, stSub)
	s.Merge(3, 1, 3, aLast)
	s.RowHeight(3, fit(wrapped{legend, total, 10}))
	head := []string{"STT", "Chỉ tiêu", "Kỳ", "Yêu cầu", "Thực hiện", "Mục tiêu", "Mức độ hoàn thành (%)", "Đánh giá"}
	for i, h := range head {
		s.Text(5, i+1, h, stHead)
	}
	s.RowHeight(5, 30)
	chartRows := 0 // the chart's data, right of the printed area
	labels := map[string]int{}
	for _, a := range m.Assessments {
		labels[chartLabel(a)]++
	}
	for gi, g := range barGroups {
		s.Text(5, aChartLabel+1+gi, g.name, stPlain)
	}
	for i, a := range m.Assessments {
		row := 6 + i
		g := wr.gapAt[a.Target.ID]
		s.Number(row, aNo, strconv.Itoa(i+1), stCenter)
		name := a.Indicator.Name
		if a.Target.Scope != "" {
			name += " (" + scopeName(m.Plan, a.Target) + ")"
		}
		s.Text(row, aName, name, stText)
		s.Text(row, aPeriod, spanWords(a.Target.Period), stCenter)
		s.Text(row, aAsk, a.Target.Statement(a.Indicator.Unit), stText)
		st := numStyle(a.Indicator.DecimalPlaces())
		actual := fmt.Sprintf("'%s'!%s", SheetGapDetail, xlsx.Cell(g, gAchieved))
		if math.IsNaN(a.Achieved) {
			s.Style(row, aActual, st)
		} else {
			s.FormulaValue(row, aActual, actual, num(a.Achieved), st)
		}
		s.FormulaValue(row, aTarget, fmt.Sprintf("'%s'!%s", SheetGapDetail, xlsx.Cell(g, gTarget)), num(TargetValue(a.Target, a.Indicator)), st)
		f, c := xlsx.Cell(row, aActual), xlsx.Cell(row, aTarget)
		formula := fmt.Sprintf(`IF(OR(%s="",N(%s)=0),"",%s/%s*100)`, f, c, f, c)
		if a.Indicator.LowerIsBetter() {
			formula = fmt.Sprintf(`IF(OR(%s="",N(%s)=0),"",%s/%s*100)`, f, f, c, f)
		}
		if a.Target.Measure == schema.MeasureGrowth {
			// The index form: (100 + achieved) / (100 + target), never a ratio of two rates.
			formula = fmt.Sprintf(`IF(OR(%s="",N(%s)=-100),"",(100+%s)/(100+%s)*100)`, f, c, f, c)
			if a.Indicator.LowerIsBetter() {
				formula = fmt.Sprintf(`IF(OR(%s="",N(%s)=-100),"",(100+%s)/(100+%s)*100)`, f, f, c, f)
			}
		}
		result := ""
		if !math.IsNaN(a.Achievement) {
			result = num(a.Achievement)
		}
		s.FormulaValue(row, aPercent, formula, result, xlsx.Style{Size: 11, Align: xlsx.Right, Border: true, Bold: true, NumFmt: numFormat(1), Fill: fillOf(a)})
		verdict := a.StatusText(finding.VI) + a.MarkText()
		s.Text(row, aStatus, verdict, xlsx.Style{Size: 11, Align: xlsx.Center, Wrap: true, Border: true, Bold: true, Fill: fillOf(a)})
		s.RowHeight(row, fit(wrapped{name, achWidths[aName], 11}, wrapped{a.Target.Statement(a.Indicator.Unit), achWidths[aAsk], 11}, wrapped{verdict, achWidths[aStatus], 11}))
		if result == "" {
			continue
		}
		// The chart's row: a label, and the achievement in its group's column only.
		chartRows++
		at := 5 + chartRows
		label := chartLabel(a)
		if labels[label] > 1 {
			label += " — " + a.Target.ID // two documents' targets for the same indicator and years
		}
		s.Text(at, aChartLabel, label, stPlain)
		for gi, gr := range barGroups {
			if gr.has(a) {
				s.FormulaValue(at, aChartLabel+1+gi, xlsx.Cell(row, aPercent), result, xlsx.Style{NumFmt: numFormat(1)})
			}
		}
	}
	last := 5 + len(m.Assessments)
	last = wr.figureNoteRows(s, last+1, aLast, total) - 1
	widths(s, achWidths)
	s.ColWidth(aChartLabel, 40)
	end := last
	if chartRows > 0 {
		start := last + 2
		s.PageBreak(start)
		var groups []xlsx.BarGroup
		for gi, g := range barGroups {
			used := false
			for _, a := range m.Assessments {
				used = used || (g.has(a) && !math.IsNaN(a.Achievement))
			}
			if !used {
				continue
			}
			col := xlsx.ColumnName(aChartLabel + 1 + gi)
			groups = append(groups, xlsx.BarGroup{Name: fmt.Sprintf("'%s'!$%s$5", SheetAchievement, col),
				Values: fmt.Sprintf("'%s'!$%s$6:$%s$%d", SheetAchievement, col, col, 5+chartRows), Color: g.color})
		}
		label := xlsx.ColumnName(aChartLabel)
		maxPct := 100.0
		for _, a := range m.Assessments {
			if !math.IsNaN(a.Achievement) {
				maxPct = max(maxPct, a.Achievement)
			}
		}
		height := uint(min(560, 140+36*chartRows))
		s.BarChart(start, aNo, xlsx.Bars{
			Title:      "Mức độ hoàn thành mục tiêu (%) — vạch đỏ: 100% mục tiêu",
			Categories: fmt.Sprintf("'%s'!$%s$6:$%s$%d", SheetAchievement, label, label, 5+chartRows),
			Groups:     groups, Reference: 100, Max: max(150, math.Ceil((maxPct+15)/50)*50), NumFmt: numFormat(1),
			Width: 950, Height: height, FontSize: 10,
		})
		end = start + int(math.Ceil(float64(height)*0.75/15)) + 1
	}
	s.Freeze(6, 1)
	s.PrintPage(xlsx.Page{FitWidth: true, TitleRows: [2]int{5, 5}, Area: "A1:" + xlsx.Cell(end, aLast), Footer: wr.pageFooter()})
}

// chartLabel names a target on the chart: its indicator, short, and its years.
func chartLabel(a *Assessment) string {
	name := a.Indicator.Name
	if i := strings.Index(name, ","); i > 20 {
		name = name[:i]
	}
	if r := []rune(name); len(r) > 48 {
		cut := string(r[:48])
		if j := strings.LastIndex(cut, " "); j > 20 {
			cut = cut[:j]
		}
		name = cut + "…"
	}
	label := name + " (" + spanWords(a.Target.Period) + ")"
	if a.Reference {
		label += " — cả nước"
	}
	return label
}
