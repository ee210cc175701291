package consolidate

import (
	"chitieu/finding"
	"chitieu/schema"
	"chitieu/xlsx"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// Sheet names of the province workbook.
const (
	SheetCover       = "Bìa"
	SheetSummary     = "Tổng hợp"
	SheetByUnit      = "Theo đơn vị"
	SheetGap         = "Chênh lệch"
	SheetGapDetail   = SheetGap
	SheetAchievement = "Mức độ hoàn thành"
	SheetStatus      = "Tình trạng nộp"
	SheetSources     = "Nguồn dữ liệu"
	SheetFindings    = "Lỗi"
)

// Fills of the status "traffic lights".
const (
	fillGreen  = "C6EFCE"
	fillAmber  = "FFEB9C"
	fillRed    = "FFC7CE"
	fillGrey   = "EDEDED"
	fillOrange = "F8CBAD"
	fillBlue   = "DDEBF7"
	fillHeader = "D9E1F2"
)

var (
	stTitle  = xlsx.Style{Bold: true, Size: 14, Align: xlsx.Left}
	stSub    = xlsx.Style{Italic: true, Align: xlsx.Left}
	stHead   = xlsx.Style{Bold: true, Align: xlsx.Center, Wrap: true, Border: true, Fill: fillHeader}
	stText   = xlsx.Style{Align: xlsx.Left, Wrap: true, Border: true}
	stCenter = xlsx.Style{Align: xlsx.Center, Wrap: true, Border: true}
	stGroup  = xlsx.Style{Bold: true, Align: xlsx.Left, Border: true, Fill: "F2F2F2"}
)

func numStyle(decimals int) xlsx.Style {
	f := "#,##0"
	if decimals > 0 {
		f += "." + strings.Repeat("0", decimals)
	}
	return xlsx.Style{Align: xlsx.Right, Border: true, NumFmt: f}
}

// num writes a float's digits for a cell result: the shortest that reads back the same.
func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func statusFill(s Status) string {
	switch s {
	case Exceeded, Met, OnTrack:
		return fillGreen
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

// writer lays the model out; refs remembers where figures landed for formulas elsewhere.
type writer struct {
	m     *Model
	b     *xlsx.Book
	total map[string]string // form/indicator/column → 'Theo đơn vị'!cell of the province figure
	gapAt map[string]int    // target ID → its row in the gap sheet
}

// Write writes the province workbook. The same model and date give the same bytes.
func (m *Model) Write(w io.Writer) error {
	wr := &writer{m: m, b: xlsx.NewBook(), total: map[string]string{}, gapAt: map[string]int{}}
	defer wr.b.Close() // the streamed sheets' temporary files
	cover := wr.b.Sheet(SheetCover)
	summary := wr.b.Sheet(SheetSummary)
	wr.byUnit(SheetByUnit) // first: the summary refers to its totals
	gap := wr.b.Sheet(SheetGap)
	ach := wr.b.Sheet(SheetAchievement)
	status := wr.b.Sheet(SheetStatus)
	wr.sources(SheetSources)
	findings := wr.b.Sheet(SheetFindings)
	wr.summary(summary)
	wr.gap(gap)
	wr.achievement(ach)
	wr.status(status)
	wr.findings(findings)
	wr.cover(cover)
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

func boldOf(st xlsx.Style) xlsx.Style {
	st.Bold = true
	return st
}
