package consolidate

import (
	"chitieu/finding"
	"chitieu/schema"
	"chitieu/xlsx"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Sheet names of the province workbook, in their order: the report (cover, summary, the
// leadership's gap table, achievement with its chart, the history of each target), then the
// working sheets (the detailed gap, figures by unit, submissions, findings) and the provenance
// annex.
const (
	SheetCover       = "Bìa"
	SheetSummary     = "Tổng hợp"
	SheetGap         = "Chênh lệch"
	SheetAchievement = "Mức độ hoàn thành"
	SheetHistory     = "Diễn biến"
	SheetGapDetail   = "Chênh lệch chi tiết"
	SheetByUnit      = "Theo đơn vị"
	SheetStatus      = "Tình trạng nộp"
	SheetFindings    = "Lỗi"
	SheetSources     = "Nguồn dữ liệu"
)

// Fills of the status "traffic lights", and the stronger colours of the chart's bars of the
// same hues.
const (
	fillGreen  = "C6EFCE"
	fillLime   = "E2EFDA"
	fillAmber  = "FFEB9C"
	fillOrange = "F8CBAD"
	fillBlue   = "DDEBF7"
	fillRed    = "FFC7CE"
	fillGrey   = "EDEDED"
	fillHeader = "D9E1F2"
)

// The base type sizes: tables are set in 11 pt, headings in 10 pt bold, notes in 10 pt; every
// sheet is laid out to print at a scale that keeps them at 8 pt or more.
var (
	stTitle  = xlsx.Style{Bold: true, Size: 14, Align: xlsx.Left}
	stSub    = xlsx.Style{Italic: true, Size: 10, Align: xlsx.Left, Wrap: true, Top: true}
	stHead   = xlsx.Style{Bold: true, Size: 10, Align: xlsx.Center, Wrap: true, Border: true, Fill: fillHeader}
	stText   = xlsx.Style{Size: 11, Align: xlsx.Left, Wrap: true, Border: true}
	stNote   = xlsx.Style{Size: 10, Align: xlsx.Left, Wrap: true, Border: true}
	stCenter = xlsx.Style{Size: 11, Align: xlsx.Center, Wrap: true, Border: true}
	stGroup  = xlsx.Style{Bold: true, Size: 11, Align: xlsx.Left, Wrap: true, Border: true, Fill: "F2F2F2"}
	stPlain  = xlsx.Style{Size: 11, Align: xlsx.Left}
	stBold   = xlsx.Style{Size: 11, Bold: true, Align: xlsx.Left}
)

// vnFormat is the locale of the number formats: Vietnamese, so that a figure reads 5.100,0
// wherever the spreadsheet honours a format's locale (LibreOffice does; Excel uses the
// system's separators).
const vnFormat = "[$-42A]"

// numFormat is the number format of a figure with d decimals.
func numFormat(d int) string {
	f := vnFormat + "#,##0"
	if d > 0 {
		f += "." + strings.Repeat("0", d)
	}
	return f
}

func numStyle(decimals int) xlsx.Style {
	return xlsx.Style{Size: 11, Align: xlsx.Right, Border: true, NumFmt: numFormat(decimals)}
}

// pointsFormat shows a difference of two rates or shares in percentage points.
func pointsFormat(d int) string {
	f := "#,##0"
	if d > 0 {
		f += "." + strings.Repeat("0", d)
	}
	return vnFormat + "+" + f + `" điểm %";-` + f + `" điểm %";0" điểm %"`
}

// num writes a float's digits for a cell result: the shortest that reads back the same.
func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func statusFill(s Status) string {
	switch s {
	case Exceeded, Met:
		return fillGreen
	case OnTrack:
		return fillLime
	case Behind:
		return fillAmber
	case NotMet:
		return fillRed
	case Hard:
		return fillOrange
	case NoPath:
		return fillBlue
	}
	return fillGrey
}

// fillOf is an assessment's fill: its status's, none for a reference figure, which is not the
// province's success or failure.
func fillOf(a *Assessment) string {
	if a.Reference {
		return ""
	}
	return statusFill(a.Status)
}

// writer lays the model out; refs remembers where figures landed for formulas elsewhere.
type writer struct {
	m     *Model
	b     *xlsx.Book
	total map[string]string // form/indicator/column → 'Theo đơn vị'!cell of the province figure
	gapAt map[string]int    // target ID → its row in the detailed gap sheet
	annex []annexEntry      // texts too long for their cells, kept whole on SheetAnnex
}

// Write writes the province workbook. The same model and date give the same bytes.
func (m *Model) Write(w io.Writer) error {
	wr := &writer{m: m, b: xlsx.NewBook(), total: map[string]string{}, gapAt: map[string]int{}}
	defer wr.b.Close() // the streamed sheets' temporary files
	cover := wr.b.Sheet(SheetCover)
	summary := wr.b.Sheet(SheetSummary)
	gap := wr.b.Sheet(SheetGap)
	ach := wr.b.Sheet(SheetAchievement)
	hist := wr.b.Sheet(SheetHistory)
	detail := wr.b.Sheet(SheetGapDetail)
	unitRows := wr.byUnit(SheetByUnit)
	status := wr.statusSheet(SheetStatus)
	findings := wr.b.Sheet(SheetFindings)
	wr.sources(SheetSources) // streamed, on a goroutine of its own from here on
	unitRows()               // streamed, and before the summary, which refers to its totals
	wr.summary(summary)
	wr.gapDetail(detail) // before the sheets that refer to its cells
	wr.gap(gap)
	wr.achievement(ach)
	wr.history(hist)
	wr.status(status) // its rows written on a goroutine of their own from here on
	wr.findings(findings)
	wr.cover(cover)
	wr.annexSheet()
	wr.b.Properties(fmt.Sprintf("Tổng hợp chỉ tiêu — %s — %s", m.Plan.Name, m.Period.Label(finding.VI)), "chitieu",
		[][2]string{{"chitieu.plan", m.Plan.ID}, {"chitieu.plan_version", m.Plan.Version}, {"chitieu.period", m.Period.String()}})
	wr.b.RecalculateOnOpen()
	return wr.b.Save(w, m.Date)
}

func key(form, ind, col string) string { return form + "|" + ind + "|" + col }

// rowLabel is an indicator row's label in the workbook.
func rowLabel(p *schema.Plan, r *schema.Row) string {
	if r.PartOf != "" {
		return "Trong đó: " + p.Label(r)
	}
	return p.Label(r)
}

// heads is a row of column headings.
func heads(names ...string) []xlsx.Out {
	out := make([]xlsx.Out, len(names))
	for i, n := range names {
		out[i] = xlsx.T(n, stHead)
	}
	return out
}

// headings writes a row of column headings, in column order (styles are numbered as first used,
// so the order is part of the file's bytes).
func headings(s *xlsx.Sheet, row int, h map[int]string) {
	cols := make([]int, 0, len(h))
	for c := range h {
		cols = append(cols, c)
	}
	slices.Sort(cols)
	for _, c := range cols {
		s.Text(row, c, h[c], stHead)
	}
}

// widths sets column widths in column order, so that the file does not depend on map order.
func widths(s *xlsx.Sheet, w map[int]float64) {
	for _, c := range colsWidths(w) {
		s.ColWidth(c.From, c.Width)
	}
}

// colsWidths are column widths by column, in column order, as a streamed sheet takes them.
func colsWidths(w map[int]float64) []xlsx.ColsWidth {
	cols := slices.Sorted(maps.Keys(w))
	out := make([]xlsx.ColsWidth, len(cols))
	for i, c := range cols {
		out[i] = xlsx.ColsWidth{From: c, To: c, Width: w[c]}
	}
	return out
}

func boldOf(st xlsx.Style) xlsx.Style {
	st.Bold = true
	return st
}

func italicOf(st xlsx.Style) xlsx.Style {
	st.Italic = true
	return st
}

// wrapped is text in a cell that wraps: its width in characters (Excel's column width, or the
// sum of a merged range's) and its type size (0 is 11 pt).
type wrapped struct {
	text  string
	width float64
	size  float64
}

// fit is the height, in points, a row needs for its wrapped cells (textHeight): spreadsheets
// do not grow rows to their text when they open a file, so it is set ahead.
func fit(cells ...wrapped) float64 {
	h := 15.0
	for _, c := range cells {
		size := c.size
		if size == 0 {
			size = 11
		}
		h = max(h, textHeight(c.text, c.width, size))
	}
	// A row is at most 409 points high; what does not fit goes to the annex (writer.long).
	return min(h, xlsx.MaxRowHeight)
}

// place is the place name of the plan's province, for the date line: "Thanh Hóa".
func place(p *schema.Plan) string {
	return strings.TrimPrefix(strings.TrimPrefix(p.Name, "Tỉnh "), "Thành phố ")
}

// dateLine is "Thanh Hóa, ngày 20 tháng 3 năm 2024".
func (m *Model) dateLine() string {
	return fmt.Sprintf("%s, ngày %d tháng %d năm %d", place(m.Plan), m.Date.Day(), int(m.Date.Month()), m.Date.Year())
}

// signature writes a signature block at row: who prepared the table on the left, the head of
// the office on the right, as an official report signs. It returns the row after it.
func (wr *writer) signature(s *xlsx.Sheet, row, left, right, last int) int {
	st := xlsx.Style{Size: 11, Align: xlsx.Center}
	s.Text(row, right, wr.m.dateLine(), italicOf(st))
	s.Merge(row, right, row, last)
	row++
	s.Text(row, left, "NGƯỜI LẬP BIỂU", boldOf(st))
	s.Merge(row, left, row, right-1)
	s.Text(row, right, "GIÁM ĐỐC", boldOf(st))
	s.Merge(row, right, row, last)
	row++
	s.Text(row, left, "(Ký, ghi rõ họ tên)", italicOf(st))
	s.Merge(row, left, row, right-1)
	s.Text(row, right, "(Ký, ghi rõ họ tên, đóng dấu)", italicOf(st))
	s.Merge(row, right, row, last)
	return row + 5
}

// pageFooter is the footer of every printed page: the report, the sheet (&A) and the page
// number, in 11 pt so that it prints at 8 pt or more on every sheet's scale.
func (wr *writer) pageFooter() string {
	esc := strings.NewReplacer("&", "&&")
	return fmt.Sprintf("&L&11%s — %s — &A&R&11Trang &P/&N", esc.Replace(wr.m.Plan.Name), esc.Replace(wr.m.Period.Label(finding.VI)))
}
