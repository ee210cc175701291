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

// Columns of the history sheet: a mid-term review's table of each target over its span.
const (
	hYear = iota + 1
	hValue
	hKind
	hSource
	hNote
)

var histWidths = map[int]float64{hYear: 20, hValue: 15, hKind: 18, hSource: 50, hNote: 45}

// history writes, for each target, the years of its span with their figures (official or
// estimate, whole year or part, and from where), then the average to date, the rate still
// required, the best year, and the verdict.
func (wr *writer) history(s *xlsx.Sheet) {
	m := wr.m
	total := 0.0
	for _, w := range histWidths {
		total += w
	}
	s.Text(1, 1, "DIỄN BIẾN THỰC HIỆN TỪNG MỤC TIÊU QUA CÁC NĂM — "+strings.ToUpper(m.Period.Label(finding.VI)), stTitle)
	s.Merge(1, 1, 1, hNote)
	legend := "Mỗi mục tiêu: các năm của giai đoạn (mục tiêu mức, tỷ trọng: từ năm gốc hoặc năm đầu có số liệu đến năm mục tiêu) với số liệu, loại số liệu và nguồn; rồi bình quân đã đạt, mức cần đạt mỗi năm còn lại, mức tăng cao nhất một năm và đánh giá. Các số tính toán lấy từ trang Chênh lệch chi tiết."
	s.Text(2, 1, legend, stSub)
	s.Merge(2, 1, 2, hNote)
	s.RowHeight(2, fit(wrapped{legend, total, 10}))
	// A target's block starts a new page when it would not fit on what is left of the current
	// one. The sheet prints at a stated scale, one page wide, so that the room a page has is
	// known to the point, not guessed from the way a spreadsheet fits the width.
	s.RowHeight(1, titleHeight)
	scale := xlsx.FitScale(total, false)
	pg := newPager(s.PageBreak, xlsx.PageRoomAt(scale, false), titleHeight+fit(wrapped{legend, total, 10})+15, titleHeight)
	row := 4
	for i, a := range m.Assessments {
		heights := map[int]float64{}
		next := wr.historyBlock(s, row, i+1, a, total, heights)
		h := 0.0
		for r := row; r < next; r++ {
			if v, ok := heights[r]; ok {
				h += v
			} else {
				h += 15
			}
		}
		pg.place(row, h)
		pg.gap(15)
		row = next + 1
	}
	widths(s, histWidths)
	s.PrintPage(xlsx.Page{Scale: scale, TitleRows: [2]int{1, 1}, Footer: wr.pageFooter()})
}

// historyBlock writes a target's block from row and returns the row after it; heights gets the
// height of each row it sets.
func (wr *writer) historyBlock(s *xlsx.Sheet, row, no int, a *Assessment, total float64, heights map[int]float64) int {
	height := func(r int, h float64) {
		s.RowHeight(r, h)
		heights[r] = h
	}
	p, t, ind := wr.m.Plan, a.Target, a.Indicator
	g := wr.gapAt[t.ID]
	title := fmt.Sprintf("%d. %s — %s — %s", no, t.ID, ind.Name, targetWords(t, ind))
	if t.Scope != "" {
		title += " (" + scopeName(p, t) + ", tham chiếu)"
	}
	s.Text(row, 1, title, xlsx.Style{Bold: true, Size: 11, Align: xlsx.Left, Wrap: true, Border: true, Fill: fillHeader})
	s.StyleRange(row, 2, row, hNote, xlsx.Style{Border: true, Fill: fillHeader})
	s.Merge(row, 1, row, hNote)
	height(row, fit(wrapped{title, total, boldSize(11)}))
	row++
	doc := t.Source.Source
	if so := p.Source(t.Source.Source); so != nil {
		doc = so.Document
	}
	basis := "Văn bản: " + doc + "."
	for _, as := range a.Assumptions {
		basis += " Giả định: " + wholeText(as.Text)
	}
	s.Text(row, 1, basis, xlsx.Style{Size: 10, Italic: true, Align: xlsx.Left, Wrap: true, Border: true})
	s.StyleRange(row, 2, row, hNote, xlsx.Style{Border: true})
	s.Merge(row, 1, row, hNote)
	height(row, fit(wrapped{basis, total, 10}))
	row++
	unit := ind.Unit
	if t.Measure == schema.MeasureGrowth && ind.Kind != schema.KindGrowth {
		unit = "% (tăng so với năm trước)"
	}
	headings(s, row, map[int]string{hYear: "Năm", hValue: "Số liệu (" + unit + ")", hKind: "Loại số liệu", hSource: "Nguồn", hNote: "Ghi chú"})
	height(row, fit(wrapped{"Số liệu (" + unit + ")", histWidths[hValue], boldSize(10)}))
	row++
	st := numStyle(ind.DecimalPlaces())
	byYear := map[int]Point{}
	for _, pt := range a.Points {
		byYear[pt.Year] = pt
	}
	from, to := t.Period.From, t.Period.To
	if t.Measure != schema.MeasureGrowth {
		from = to
		if a.BaseYear > 0 {
			from = a.BaseYear
		}
		for _, pt := range a.Points {
			from = min(from, pt.Year)
		}
	}
	now := wr.m.Period.Year
	for y := from; y <= to; y++ {
		if y > now {
			// The years still to come, in one line.
			s.Text(row, hYear, spanWords(schema.Span{From: y, To: to}), stCenter)
			s.Style(row, hValue, st)
			s.Text(row, hKind, "chưa đến kỳ", stCenter)
			s.Text(row, hSource, "", stNote)
			s.Text(row, hNote, "", stNote)
			row++
			break
		}
		pt, ok := byYear[y]
		s.Text(row, hYear, strconv.Itoa(y), stCenter)
		kind, src, note := "chưa có số liệu", "", ""
		switch {
		case ok:
			vs := st
			if pt.Provisional || pt.Estimate {
				vs.Italic = true
			}
			s.Number(row, hValue, num(pt.Value), vs)
			kind = "chính thức"
			if pt.rank.submitted == 1 {
				kind = "báo cáo của đơn vị"
			}
			switch {
			case pt.Provisional:
				kind = "tạm tính: " + pt.Label.In(finding.VI)
			case pt.Estimate:
				kind = "ước tính"
			}
			if !pt.Label.IsZero() && !pt.Provisional {
				kind += " (" + pt.Label.In(finding.VI) + ")"
			}
			if pt.Qualifier != "" {
				kind += "; văn bản ghi «" + qualifierWord(pt.Qualifier) + " " + numOf(ind, pt.Value) + "»"
			}
			src, note = pt.Source.In(finding.VI), pt.Note.In(finding.VI)
		case t.Measure == schema.MeasureGrowth:
			s.Style(row, hValue, st)
			kind = "chưa có số liệu"
		case y == a.BaseYear && t.Baseline != nil:
			s.Number(row, hValue, num(a.Base), st)
			kind, src = "năm gốc", "văn bản của mục tiêu"
		default:
			s.Style(row, hValue, st)
		}
		s.Text(row, hKind, kind, stNote)
		s.Text(row, hSource, src, stNote)
		s.Text(row, hNote, note, stNote)
		height(row, fit(wrapped{kind, histWidths[hKind], 10}, wrapped{src, histWidths[hSource], 10}, wrapped{note, histWidths[hNote], 10}))
		row++
	}
	line := func(label string, col int, v float64, format, why string) {
		s.Text(row, hYear, label, xlsx.Style{Size: 10, Bold: true, Align: xlsx.Left, Wrap: true, Border: true})
		vs := numStyle(rateDecimals)
		vs.NumFmt = format
		if math.IsNaN(v) || col == 0 {
			s.Text(row, hValue, "—", stCenter)
		} else {
			s.FormulaValue(row, hValue, fmt.Sprintf("'%s'!%s", SheetGapDetail, xlsx.Cell(g, col)), num(v), vs)
		}
		s.Text(row, hKind, why, stNote)
		s.StyleRange(row, hSource, row, hNote, stNote)
		s.Merge(row, hKind, row, hNote)
		height(row, fit(wrapped{label, histWidths[hYear], boldSize(10)}, wrapped{why, histWidths[hKind] + histWidths[hSource] + histWidths[hNote], 10}))
		row++
	}
	dp := ind.DecimalPlaces()
	if t.Measure == schema.MeasureGrowth {
		why := fmt.Sprintf("%d/%d năm có số liệu cả năm", a.K, a.N)
		if len(a.Missing) > 0 {
			why += "; thiếu năm " + years(a.Missing)
		}
		if a.K == 0 && a.Partial != nil {
			why = "chưa có năm nào đủ số liệu; số tạm tính " + a.Partial.Label.In(finding.VI)
		}
		line("Bình quân đã đạt", gAchieved, a.Achieved, numFormat(dp)+`"%/năm"`, why)
	} else {
		why := ""
		if a.Latest.Year > 0 {
			why = fmt.Sprintf("số liệu năm %d", a.Latest.Year)
		}
		line("Giá trị mới nhất", gAchieved, a.Achieved, numFormat(dp), why+" ("+ind.Unit+")")
	}
	reqWhy := "không còn năm nào"
	switch {
	case a.Secured:
		reqWhy = "đã bảo đảm mục tiêu"
	case !math.IsNaN(a.Required) && t.Measure == schema.MeasureGrowth:
		reqWhy = fmt.Sprintf("bình quân mỗi năm trong %d năm chưa có số liệu", a.N-a.K)
	case !math.IsNaN(a.Required):
		reqWhy = fmt.Sprintf("mỗi năm từ %d đến %d", a.Latest.Year, t.Period.To)
	case math.IsNaN(a.Achieved):
		reqWhy = "chưa tính được: chưa có số liệu"
	}
	line("Cần đạt mỗi năm", gRequired, a.Required, requiredFormat(t, ind), reqWhy)
	bestWhy := "chưa có năm nào tính được"
	if !math.IsNaN(a.Best) {
		bestWhy = fmt.Sprintf("năm %d; quy tắc Khó đạt: mức cần đạt cao hơn mức này", a.BestYear)
	}
	bestFmt := numFormat(rateDecimals) + `"%"`
	if t.Measure == schema.MeasureShare {
		bestFmt = numFormat(dp) + `" điểm %"`
	}
	line("Tăng cao nhất 1 năm", gBest, a.Best, bestFmt, bestWhy)
	verdict := a.StatusText(finding.VI)
	s.Text(row, hYear, "Đánh giá", xlsx.Style{Size: 11, Bold: true, Align: xlsx.Left, Border: true})
	s.Text(row, hValue, verdict, xlsx.Style{Size: 11, Bold: true, Align: xlsx.Center, Wrap: true, Border: true, Fill: fillOf(a)})
	s.StyleRange(row, hKind, row, hNote, xlsx.Style{Border: true, Fill: fillOf(a)})
	s.Merge(row, hValue, row, hNote)
	height(row, fit(wrapped{verdict, total - histWidths[hYear], boldSize(11)}))
	return row + 1
}
