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

// Columns of the leadership's gap table: one page wide on A4 landscape at a legible size.
const (
	cNo = iota + 1
	cTarget
	cSource
	cAchieved
	cUnit
	cGap
	cRequired
	cStatus
	cWhy
)

var gapWidths = map[int]float64{cNo: 5, cTarget: 33, cSource: 18, cAchieved: 11, cUnit: 9, cGap: 15, cRequired: 13, cStatus: 17, cWhy: 46}

// gap writes the table the leadership reads: each target, its document, what has been achieved,
// what is still required, the verdict, and beside it why — the missing years, the part-year
// figures, the assumptions it rests on. The province's targets come first, the national
// references after them, uncoloured. The numbers are those of the detailed sheet.
func (wr *writer) gap(s *xlsx.Sheet) {
	m := wr.m
	total := 0.0
	for _, w := range gapWidths {
		total += w
	}
	s.Text(1, 1, "CHÊNH LỆCH GIỮA THỰC HIỆN VÀ MỤC TIÊU KẾ HOẠCH — "+strings.ToUpper(m.Period.Label(finding.VI)), stTitle)
	s.Merge(1, 1, 1, cWhy)
	count := m.Tally().Text() + "."
	s.Text(2, 1, count, xlsx.Style{Bold: true, Size: 11, Align: xlsx.Left, Wrap: true})
	s.Merge(2, 1, 2, cWhy)
	s.RowHeight(2, fit(wrapped{count, total, boldSize(11)}))
	legend := "Đạt được: tăng bình quân %/năm từ đầu giai đoạn trên các năm có số liệu (mục tiêu tăng trưởng), hoặc giá trị mới nhất (mục tiêu mức, tỷ trọng). Chênh lệch: đạt được trừ mục tiêu, theo điểm % với tốc độ tăng và tỷ trọng, theo đơn vị tính với mức; với một khoảng là đến cận gần nhất. Cần đạt: tốc độ mỗi năm còn lại để đạt mục tiêu. Cách tính và số liệu từng năm: trang Chênh lệch chi tiết và Diễn biến; chú giải đánh giá: trang Bìa."
	s.Text(3, 1, legend, stSub)
	s.Merge(3, 1, 3, cWhy)
	s.RowHeight(3, fit(wrapped{legend, total, 10}))
	headings(s, 5, map[int]string{cNo: "STT", cTarget: "Mục tiêu", cSource: "Văn bản", cAchieved: "Đạt được", cUnit: "Đơn vị tính", cGap: "Chênh lệch so với mục tiêu",
		cRequired: "Cần đạt mỗi năm còn lại", cStatus: "Đánh giá", cWhy: "Giải thích, căn cứ và giả định"})
	head := max(30, fit(wrapped{"Chênh lệch so với mục tiêu", gapWidths[cGap], boldSize(10)}, wrapped{"Cần đạt mỗi năm còn lại", gapWidths[cRequired], boldSize(10)}))
	s.RowHeight(5, head)
	s.RowHeight(1, titleHeight)
	pg := newPager(s.PageBreak, xlsx.PageRoom(total, false), titleHeight+fit(wrapped{count, total, boldSize(11)})+fit(wrapped{legend, total, 10})+15+head, head)
	row, no := 6, 0
	for _, ref := range []bool{false, true} {
		first := true
		for _, a := range m.Assessments {
			if a.Reference != ref {
				continue
			}
			if ref && first {
				s.Text(row, 1, "Số liệu tham chiếu — không phải mục tiêu của tỉnh, không tính vào kết quả", stGroup)
				s.StyleRange(row, 2, row, cWhy, stGroup)
				s.Merge(row, 1, row, cWhy)
				pg.hold(row, 15)
				row++
			}
			first = false
			no++
			after := 0.0
			if a == lastOf(m.Assessments) && len(m.FigureNotes) > 0 {
				after = 15 + wr.figureNotesHeight(total) // the notes do not start a page alone
			}
			pg.placeWith(row, wr.gapLine(s, row, no, a), after)
			row++
		}
	}
	wr.figureNoteRows(s, row, cWhy, total, pg)
	widths(s, gapWidths)
	s.Freeze(6, 1)
	s.PrintPage(xlsx.Page{FitWidth: true, TitleRows: [2]int{5, 5}, Footer: wr.pageFooter()})
}

// targetWords says what a target asks: "tăng bình quân 2021–2025: ≥ 14,6%/năm".
func targetWords(t *schema.Target, ind *schema.Indicator) string {
	what := ""
	switch t.Measure {
	case schema.MeasureGrowth:
		what = "tăng bình quân " + spanWords(t.Period)
		if t.Period.From == t.Period.To {
			what = "tăng năm " + strconv.Itoa(t.Period.To)
		}
	case schema.MeasureShare:
		what = "tỷ trọng năm " + strconv.Itoa(t.Period.To)
	case schema.MeasureFaster:
		what = "so sánh hai chỉ tiêu " + spanWords(t.Period)
	default:
		what = "mức năm " + strconv.Itoa(t.Period.To)
	}
	return what + ": " + t.Statement(ind.Unit)
}

// gapLine writes a target's line and returns its height.
func (wr *writer) gapLine(s *xlsx.Sheet, row, no int, a *Assessment) float64 {
	p, t, ind := wr.m.Plan, a.Target, a.Indicator
	g := wr.gapAt[t.ID]
	name := ind.Name + "\n" + targetWords(t, ind)
	if t.Scope != "" {
		name += " (" + scopeName(p, t) + ")"
	}
	doc := t.Source.Source
	if so := p.Source(t.Source.Source); so != nil {
		doc = so.Document
	}
	unit := ind.Unit
	if t.Measure == schema.MeasureGrowth {
		unit = "%/năm"
		if t.Period.From == t.Period.To || (a.K == 0 && a.Partial != nil) {
			unit = "%"
		}
	}
	st := numStyle(ind.DecimalPlaces())
	s.Number(row, cNo, strconv.Itoa(no), stCenter)
	s.Text(row, cTarget, name, stText)
	s.Text(row, cSource, doc, stNote)
	if math.IsNaN(a.Achieved) {
		s.Text(row, cAchieved, "—", stCenter)
	} else {
		if a.Provisional || (t.Measure != schema.MeasureGrowth && a.Latest.Estimate) {
			st.Italic = true
		}
		ref := fmt.Sprintf("'%s'!%s", SheetGapDetail, xlsx.Cell(g, gAchieved))
		s.FormulaValue(row, cAchieved, ref, num(a.Achieved), st)
	}
	s.Text(row, cUnit, unit, stCenter)
	// The gap in the target's terms: points for a rate or a share, the unit for a level.
	gs := numStyle(ind.DecimalPlaces())
	if t.Measure == schema.MeasureGrowth || t.Measure == schema.MeasureShare {
		gs.NumFmt = pointsFormat(ind.DecimalPlaces())
	}
	if math.IsNaN(a.Gap) {
		s.Text(row, cGap, "—", stCenter)
	} else {
		s.FormulaValue(row, cGap, fmt.Sprintf("'%s'!%s", SheetGapDetail, xlsx.Cell(g, gGap)), num(a.Gap), gs)
	}
	rs := numStyle(rateDecimals)
	rs.NumFmt = requiredFormat(t, ind)
	if math.IsNaN(a.Required) {
		s.Text(row, cRequired, "—", stCenter)
	} else {
		ref := fmt.Sprintf("'%s'!%s", SheetGapDetail, xlsx.Cell(g, gRequired))
		s.FormulaValue(row, cRequired, ref, num(a.Required), rs)
	}
	verdict := a.StatusText(finding.VI) + a.MarkText()
	s.Text(row, cStatus, verdict, xlsx.Style{Size: 11, Bold: true, Align: xlsx.Center, Wrap: true, Border: true, Fill: fillOf(a)})
	why := wr.explain(a)
	s.Text(row, cWhy, why, stNote)
	h := fit(wrapped{name, gapWidths[cTarget], 11}, wrapped{doc, gapWidths[cSource], 10}, wrapped{verdict, gapWidths[cStatus], boldSize(11)}, wrapped{why, gapWidths[cWhy], 10})
	s.RowHeight(row, h)
	return h
}
