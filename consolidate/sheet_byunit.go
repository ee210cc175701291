package consolidate

import (
	"chitieu/finding"
	"chitieu/schema"
	"chitieu/xlsx"
	"fmt"
	"strconv"
	"strings"
)

// Columns of the by-unit sheet: the units down, the form's indicators across, one block per form
// column (the year's plan, this period, year to date, last year), and the units' notes in a
// column of their own beside their figures.
const (
	uNo       = 1
	uUnit     = 2
	uFirst    = 3 // the first indicator's column
	uIndWidth = 11.5
)

// byUnitBlock is one block of the by-unit sheet: a form's column, and its indicators.
type byUnitBlock struct {
	ft   *FormTotals
	col  *schema.Column
	rows []*schema.Row
}

func (wr *writer) byUnitBlocks() ([]byUnitBlock, int) {
	p := wr.m.Plan
	var blocks []byUnitBlock
	most := 1
	for _, ft := range wr.m.Forms {
		for ci := range ft.Form.Columns {
			c := &ft.Form.Columns[ci]
			if c.Basis == schema.BasisDerived || c.Basis == schema.BasisNote {
				continue
			}
			b := byUnitBlock{ft: ft, col: c}
			any := false // a column no unit filled in makes no block
			for ri := range ft.Form.Rows {
				r := &ft.Form.Rows[ri]
				if r.Heading == "" && p.Indicator(r.Indicator) != nil && r.Applies(c.Code) {
					b.rows = append(b.rows, r)
					_, has := ft.Province[schema.CellKey{Indicator: r.Indicator, Column: c.Code}]
					any = any || has
				}
			}
			if len(b.rows) > 0 && any {
				blocks = append(blocks, b)
				most = max(most, len(b.rows))
			}
		}
	}
	return blocks, most
}

// noteWidth is the width of the notes column of the sheet by unit.
const noteWidth = 36.0

// byUnit writes each form's figures unit by unit, with the province's figure in the last row of
// each block: a SUM of the column, or for a ratio the ratio of the summed parts. The sheet is
// streamed: it has a cell per unit and figure. The sheet is placed and set up when byUnit is
// called; its rows are written when the function it returns is.
func (wr *writer) byUnit(name string) (rows func()) {
	p := wr.m.Plan
	blocks, most := wr.byUnitBlocks()
	noteCol := uFirst + most
	// One page wide, at a scale where its type prints at 8 points or more: the notes' column
	// gives up room down to minNoteWidth for that. A form of more indicators than then fit
	// prints at legibleScale, as many pages wide as it needs, the units' numbers and names
	// again on each page.
	fixed := 5 + 26 + float64(most)*uIndWidth
	notes := min(noteWidth, max(minNoteWidth, xlsx.WidthAt(legibleScale, false)-fixed))
	width := fixed + notes
	// The scale is stated, not fitted to the width: LibreOffice fits this sheet, with its page
	// breaks, at about half the scale the width asks (a commune's block printed at 45 %).
	scale := xlsx.FitScale(width, false)
	page := &xlsx.Page{Scale: scale, TitleRows: [2]int{1, 1}, Footer: wr.pageFooter()}
	if scale < legibleScale {
		scale = legibleScale
		page = &xlsx.Page{Scale: scale, TitleRows: [2]int{1, 1}, TitleCols: [2]int{uNo, uUnit}, Footer: wr.pageFooter()}
	}
	room := xlsx.PageRoomAt(scale, false)
	s := wr.b.Rows(name, xlsx.RowsSetup{
		Widths:    []xlsx.ColsWidth{{From: uNo, To: uNo, Width: 5}, {From: uUnit, To: uUnit, Width: 26}, {From: uFirst, To: noteCol - 1, Width: uIndWidth}, {From: noteCol, To: noteCol, Width: notes}},
		FreezeRow: 4, FreezeCol: uFirst,
		Page: page,
	})
	return func() { wr.byUnitRows(s, p, blocks, noteCol, width, notes, room) }
}

// minNoteWidth is the narrowest the notes' column of the sheet by unit gets, in characters.
const minNoteWidth = 24

// legibleScale is the least print scale at which the workbook's smallest type, 10 points, prints
// at 8 (DESIGN: no text under 8 pt).
const legibleScale = 80

// byUnitRows lays out the rows of the sheet by unit, width characters wide, notes of them the
// notes' column; room is a printed page's height in the sheet's points. What other sheets take
// from it is settled here, in the sheets' order: where each block's province row is (the
// summary refers to it), the full texts too long for a cell (the annex numbers them), the page
// breaks. The cells are made and written on a goroutine of their own (Detach), while the other
// sheets are written.
func (wr *writer) byUnitRows(s *xlsx.Rows, p *schema.Plan, blocks []byUnitBlock, noteCol int, width, notes, room float64) {
	var ops []func() // the sheet's rows, in order, written on the sheet's goroutine
	write := func(row int, h float64, cells ...xlsx.Out) { ops = append(ops, func() { s.Write(row, h, cells...) }) }
	merge := func(r1, c1, r2, c2 int) { ops = append(ops, func() { s.Merge(r1, c1, r2, c2) }) }
	title := "SỐ LIỆU THEO ĐƠN VỊ BÁO CÁO — " + strings.ToUpper(wr.m.Period.Label(finding.VI))
	write(1, titleHeight, xlsx.T(title, stTitle))
	legend := "Mỗi khối là một cột của biểu: đơn vị theo dòng, chỉ tiêu theo cột; dòng Tỉnh là số của tỉnh (cộng chính xác, hoặc tỷ lệ tính lại từ các tổng, không lấy bình quân). Số in nghiêng có ghi chú của đơn vị (cột Ghi chú, theo số thứ tự cột). Nguồn từng ô: phụ lục Nguồn dữ liệu."
	legendH := fit(wrapped{legend, width, 10})
	write(2, legendH, xlsx.T(legend, stSub))
	merge(2, 1, 2, noteCol)
	// A block's title and column headings start a page with its first unit, never end one; a
	// block that continues on the next page starts it with its title "(tiếp)" and its column
	// headings again. The rows printed on every page are the sheet's title only: the blocks'
	// headings differ.
	pg := newPager(func(row int) { ops = append(ops, func() { s.PageBreak(row) }) }, room, titleHeight+legendH+15, titleHeight)
	styles := []xlsx.Style{stTitle, stSub, stBoldWrap, stHead, stCenter, stText, stNote, boldOf(stCenter), boldOf(stText)}
	row := 4
	for _, b := range blocks {
		ft, c := b.ft, b.col
		f := ft.Form
		title := fmt.Sprintf("Biểu số %s — %s — cột «%s» (%d/%d đơn vị có số liệu hợp lệ)", f.ID, f.Title, c.Name, len(ft.ByUnit), len(ft.Units))
		if c.Basis == schema.BasisPrior {
			title += wr.noPredecessors(ft)
		}
		head := []xlsx.Out{xlsx.T("STT", stHead), xlsx.T("Đơn vị báo cáo", stHead)}
		numbers := []xlsx.Out{xlsx.T("A", stHead), xlsx.T("B", stHead)}
		headH := 30.0
		for i, r := range b.rows {
			label := rowLabel(p, r) + " (" + unitOf(p, r, c) + ")"
			head = append(head, xlsx.T(label, stHead))
			numbers = append(numbers, xlsx.T(strconv.Itoa(i+1), stHead))
			headH = max(headH, fit(wrapped{label, uIndWidth, boldSize(10)}))
			st := numStyle(p.Indicator(r.Indicator).DecimalPlaces())
			styles = append(styles, st, italicOf(st), boldOf(st))
		}
		// The notes stand right of the block's last indicator, merged across to the notes column.
		notesAt := uFirst + len(b.rows)
		head = pad(append(head, xlsx.T("Ghi chú của đơn vị", stHead)), noteCol, stHead)
		numbers = pad(append(numbers, xlsx.T("C", stHead)), noteCol, stHead)
		wide := notes + float64(noteCol-notesAt)*uIndWidth
		// heading writes the block's title and column headings from row and returns the
		// height of each row written.
		heading := func(title string) []float64 {
			titleH := fit(wrapped{title, width, boldSize(11)})
			write(row, titleH, xlsx.T(title, stBoldWrap)) // its height is the wrapped title's
			merge(row, 1, row, noteCol)
			write(row+1, headH, head...)
			write(row+2, 0, numbers...)
			for r := row + 1; r <= row+2 && notesAt < noteCol; r++ {
				merge(r, notesAt, r, noteCol)
			}
			row += 3
			return []float64{titleH, headH, 15}
		}
		for i, h := range heading(title) {
			pg.hold(row-3+i, h)
		}
		// continued starts a new page before rows h points tall that would not fit on this one,
		// with the block's headings again.
		continued := func(h float64) {
			if len(pg.held) > 0 || !pg.breaks(h) {
				return // the block's first unit takes its held headings along
			}
			pg.newPage(row)
			for _, hh := range heading(title + " (tiếp)") {
				pg.gap(hh)
			}
		}
		at := map[string]int{} // indicator → its column in the block
		for i, r := range b.rows {
			at[r.Indicator] = uFirst + i
		}
		var parts [][2]int // the units' rows, a range for each page the block is printed on
		for ui, u := range ft.Units {
			vals := ft.ByUnit[u.Code]
			notes := unitNotes(vals, b.rows, c)
			need := fit(wrapped{u.Code + " " + u.Name, 26, 11}, wrapped{notes, wide, 10})
			if ui == len(ft.Units)-1 {
				need += 15 // the last unit stays with the province's row
			}
			continued(need)
			if len(parts) == 0 || parts[len(parts)-1][1] != row-1 {
				parts = append(parts, [2]int{row, row})
			}
			parts[len(parts)-1][1] = row
			note := wr.long(SheetByUnit, row, notesAt, "Ghi chú của "+u.Code+" "+u.Name+", "+f.ID, notes, wide, 10)
			uh := fit(wrapped{u.Code + " " + u.Name, 26, 11}, wrapped{note, wide, 10})
			r0 := row
			ops = append(ops, func() {
				cells := []xlsx.Out{xlsx.N(strconv.Itoa(ui+1), stCenter), xlsx.T(u.Code+" "+u.Name, stText)}
				for _, r := range b.rows {
					ind := p.Indicator(r.Indicator)
					k := schema.CellKey{Indicator: r.Indicator, Column: c.Code}
					st := numStyle(ind.DecimalPlaces())
					if ind.Combine == schema.CombineRatio {
						cells = append(cells, unitRatio(vals, ind, c, r0, at, st))
						continue
					}
					v, ok := vals[k]
					switch {
					case !ok:
						cells = append(cells, xlsx.Blank(st))
					case schema.NoteOn(v.Note, c) != "" || v.Status == schema.StatusEstimate || v.Status == schema.StatusPreliminary:
						cells = append(cells, xlsx.N(v.Value.String(), italicOf(st)))
					default:
						cells = append(cells, xlsx.N(v.Value.String(), st))
					}
				}
				cells = pad(append(cells, xlsx.T(note, stNote)), noteCol, stNote)
				s.Write(r0, uh, cells...)
				if notesAt < noteCol {
					s.Merge(r0, notesAt, r0, noteCol)
				}
			})
			pg.place(row, uh)
			row++
		}
		totalRow := row
		for _, r := range b.rows {
			wr.total[key(f.ID, r.Indicator, c.Code)] = fmt.Sprintf("'%s'!%s", SheetByUnit, xlsx.Cell(totalRow, at[r.Indicator]))
		}
		cells := []xlsx.Out{xlsx.Blank(boldOf(stCenter)), xlsx.T("Tỉnh", boldOf(stText))}
		for _, r := range b.rows {
			ind := p.Indicator(r.Indicator)
			k := schema.CellKey{Indicator: r.Indicator, Column: c.Code}
			st := boldOf(numStyle(ind.DecimalPlaces()))
			province := ""
			if v, ok := ft.Province[k]; ok {
				province = v.String()
			}
			col := at[r.Indicator]
			if ind.Combine == schema.CombineRatio {
				n, d := at[ind.Numerator], at[ind.Denominator]
				if n > 0 && d > 0 {
					cells = append(cells, ratio(xlsx.Cell(totalRow, n), xlsx.Cell(totalRow, d), ind.Scale.String(), province, st))
				} else if province != "" {
					cells = append(cells, xlsx.N(province, st))
				} else {
					cells = append(cells, xlsx.Blank(st))
				}
				continue
			}
			if len(parts) == 0 {
				cells = append(cells, xlsx.Blank(st))
				continue
			}
			var ranges []string
			for _, pr := range parts {
				ranges = append(ranges, xlsx.Cell(pr[0], col)+":"+xlsx.Cell(pr[1], col))
			}
			cells = append(cells, xlsx.F(fmt.Sprintf(`IF(COUNT(%[1]s)=0,"",SUM(%[1]s))`, strings.Join(ranges, ",")), province, st))
		}
		cells = pad(append(cells, xlsx.Blank(stNote)), noteCol, stNote)
		write(totalRow, 0, cells...)
		pg.place(totalRow, 15)
		pg.gap(15)
		if notesAt < noteCol {
			merge(totalRow, notesAt, totalRow, noteCol)
		}
		row = totalRow + 2
	}
	wr.b.Detach(s, styles, func() {
		for _, op := range ops {
			op()
		}
	})
}

// pad fills a row with styled blanks up to column last, for the borders of a merged range.
func pad(cells []xlsx.Out, last int, st xlsx.Style) []xlsx.Out {
	for len(cells) < last {
		cells = append(cells, xlsx.Blank(st))
	}
	return cells
}

// unitOf is the unit of measure of a form's cell.
func unitOf(p *schema.Plan, r *schema.Row, c *schema.Column) string {
	if c.Unit != "" {
		return c.Unit
	}
	if ind := p.Indicator(r.Indicator); ind != nil {
		return ind.Unit
	}
	return ""
}

// unitRatio is a unit's ratio figure: its numerator over its denominator, from the cells of the
// same row when both are in the block.
func unitRatio(vals map[schema.CellKey]Figure, ind *schema.Indicator, c *schema.Column, row int, at map[string]int, st xlsx.Style) xlsx.Out {
	nv, ok1 := vals[schema.CellKey{Indicator: ind.Numerator, Column: c.Code}]
	dv, ok2 := vals[schema.CellKey{Indicator: ind.Denominator, Column: c.Code}]
	result := ""
	if ok1 && ok2 && !dv.Value.Decimal().IsZero() {
		result = nv.Value.Decimal().Mul(ind.Scale.Decimal()).DivRound(dv.Value.Decimal(), 12).String()
	}
	n, d := at[ind.Numerator], at[ind.Denominator]
	if n == 0 || d == 0 {
		if result == "" {
			return xlsx.Blank(st)
		}
		return xlsx.N(result, st)
	}
	return ratio(xlsx.Cell(row, n), xlsx.Cell(row, d), ind.Scale.String(), result, st)
}

// unitNotes are a unit's notes on the rows of a block, each with the numbers of the block's
// columns it stands beside: "3, 4, 5: Số liệu minh họa …".
func unitNotes(vals map[schema.CellKey]Figure, rows []*schema.Row, c *schema.Column) string {
	cols := map[string][]string{}
	var order []string
	for i, r := range rows {
		v, ok := vals[schema.CellKey{Indicator: r.Indicator, Column: c.Code}]
		note := schema.NoteOn(v.Note, c)
		if !ok || note == "" {
			continue
		}
		if cols[note] == nil {
			order = append(order, note)
		}
		cols[note] = append(cols[note], strconv.Itoa(i+1))
	}
	var out []string
	for _, n := range order {
		out = append(out, "Cột "+strings.Join(cols[n], ", ")+": "+n)
	}
	return strings.Join(out, "\n")
}

// ratio is numerator/denominator×scale of two cells.
func ratio(n, d, scale, result string, st xlsx.Style) xlsx.Out {
	return xlsx.F(fmt.Sprintf(`IF(OR(COUNT(%s,%s)<2,N(%s)=0),"",%s/%s*%s)`, n, d, d, n, d, scale), result, st)
}

// noPredecessors says, for a form's "cùng kỳ" block, how many of its units did not exist in the
// same period last year and succeeded no unit (the communes of 1 July 2025): they have no series
// of their own to compare with, only the province has, through the form's predecessor.
func (wr *writer) noPredecessors(ft *FormTotals) string {
	p := wr.m.Plan
	_, lastEnd := ft.Form.Window(ft.Period.YearBefore())
	n := 0
	var since schema.Date
	for _, u := range ft.Units {
		if !u.ValidOn(schema.Date{Time: lastEnd}) && len(p.UnitPredecessors(u.Code)) == 0 {
			n++
			since = u.ValidFrom
		}
	}
	if n == 0 {
		return ""
	}
	s := fmt.Sprintf(" — %d/%d đơn vị không có đơn vị tiền thân cùng phạm vi", n, len(ft.Units))
	if !since.IsZero() {
		s += " (thành lập từ ngày " + since.Format("02/01/2006") + ")"
	}
	s += ": không có cùng kỳ theo đơn vị để so sánh"
	if pre := p.FormPredecessors(ft.Form.ID); len(pre) > 0 {
		s += fmt.Sprintf("; cùng kỳ của tỉnh lấy theo biểu %s (trang %s)", pre[0].ID, SheetSummary)
	}
	return s
}

// stBoldWrap is a block's title on the sheet by unit: bold, wrapped within its merged row (a
// title that names the units with no predecessor's report runs past one line).
var stBoldWrap = xlsx.Style{Size: 11, Bold: true, Align: xlsx.Left, Wrap: true}
