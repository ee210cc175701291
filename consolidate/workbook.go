package consolidate

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"chitieu/schema"
	"chitieu/xlsx"
)

// Sheet names of the province workbook.
const (
	SheetCover       = "Bìa"
	SheetSummary     = "Tổng hợp"
	SheetByUnit      = "Theo đơn vị"
	SheetGap         = "Chênh lệch"
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

func decimalsOf(ind *schema.Indicator) int {
	switch {
	case ind.Integer:
		return 0
	case ind.Decimals != nil:
		return *ind.Decimals
	}
	return 2
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
	}
	return fillGrey
}

// StatusText is a status as written, with "(tạm tính)" for part-year figures.
func (a *Assessment) StatusText(lang schema.Lang) string {
	s := a.Status.Word(lang)
	if a.Provisional && a.Status != NoData {
		s += schema.Text{VI: " (tạm tính)", EN: " (provisional)"}.In(lang)
	}
	return s
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
	cover := wr.b.Sheet(SheetCover)
	summary := wr.b.Sheet(SheetSummary)
	byUnit := wr.b.Sheet(SheetByUnit)
	gap := wr.b.Sheet(SheetGap)
	ach := wr.b.Sheet(SheetAchievement)
	status := wr.b.Sheet(SheetStatus)
	sources := wr.b.Sheet(SheetSources)
	findings := wr.b.Sheet(SheetFindings)
	wr.byUnit(byUnit) // first: the summary refers to its totals
	wr.summary(summary)
	wr.gap(gap)
	wr.achievement(ach)
	wr.status(status)
	wr.sources(sources)
	wr.findings(findings)
	wr.cover(cover)
	wr.b.Properties(fmt.Sprintf("Tổng hợp chỉ tiêu — %s — %s", m.Plan.Name, m.Period.Label(schema.VI)), "chitieu",
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

// byUnit writes each form's figures unit by unit, with the province's figure in the last column:
// a SUM of the row, or for a ratio the ratio of the summed parts.
func (wr *writer) byUnit(s *xlsx.Sheet) {
	p := wr.m.Plan
	s.Text(1, 1, "SỐ LIỆU THEO ĐƠN VỊ BÁO CÁO — "+strings.ToUpper(wr.m.Period.Label(schema.VI)), stTitle)
	s.Text(2, 1, "Mỗi ô là số liệu một đơn vị đã báo cáo (nguồn: trang Nguồn dữ liệu); cột cuối là số của tỉnh: cộng chính xác, hoặc tỷ lệ tính lại từ các tổng (không lấy bình quân).", stSub)
	row := 4
	maxUnits := 0
	for _, ft := range wr.m.Forms {
		f := ft.Form
		maxUnits = max(maxUnits, len(ft.Units))
		s.Text(row, 1, fmt.Sprintf("Biểu số %s — %s", f.ID, f.Title), xlsx.Style{Bold: true, Align: xlsx.Left})
		row++
		head := []string{"Chỉ tiêu", "Cột", "Đơn vị tính"}
		for _, u := range ft.Units {
			head = append(head, u.Code+" "+u.Name)
		}
		head = append(head, "Tỉnh")
		for i, h := range head {
			s.Text(row, i+1, h, stHead)
		}
		s.RowHeight(row, 60)
		row++
		totalCol := 4 + len(ft.Units)
		// First where every line goes, so that a ratio can refer to its parts wherever they are.
		type line struct {
			r   *schema.Row
			c   *schema.Column
			ind *schema.Indicator
			row int
		}
		var lines []line
		at := map[schema.CellKey]int{}
		for ri := range f.Rows {
			r := &f.Rows[ri]
			ind := p.Indicator(r.Indicator)
			if r.Heading != "" || ind == nil {
				continue
			}
			for ci := range f.Columns {
				c := &f.Columns[ci]
				if !r.Applies(c.Code) || c.Basis == schema.BasisDerived || c.Basis == schema.BasisNote {
					continue
				}
				lines = append(lines, line{r, c, ind, row})
				at[schema.CellKey{Indicator: r.Indicator, Column: c.Code}] = row
				wr.total[key(f.ID, r.Indicator, c.Code)] = fmt.Sprintf("'%s'!%s", SheetByUnit, xlsx.Cell(row, totalCol))
				row++
			}
		}
		for _, ln := range lines {
			r, c, ind := ln.r, ln.c, ln.ind
			k := schema.CellKey{Indicator: r.Indicator, Column: c.Code}
			s.Text(ln.row, 1, rowLabel(p, r), stText)
			s.RowHeight(ln.row, xlsx.FitHeight(rowLabel(p, r), 44))
			s.Text(ln.row, 2, c.Name, stText)
			s.Text(ln.row, 3, ind.Unit, stCenter)
			st := numStyle(decimalsOf(ind))
			if ind.Combine == schema.CombineRatio {
				num, den := at[schema.CellKey{Indicator: ind.Numerator, Column: c.Code}], at[schema.CellKey{Indicator: ind.Denominator, Column: c.Code}]
				for ui, u := range ft.Units {
					nv, ok1 := ft.ByUnit[u.Code][schema.CellKey{Indicator: ind.Numerator, Column: c.Code}]
					dv, ok2 := ft.ByUnit[u.Code][schema.CellKey{Indicator: ind.Denominator, Column: c.Code}]
					result := ""
					if ok1 && ok2 && !dv.Number.Decimal().IsZero() {
						result = nv.Number.Decimal().Mul(ind.Scale.Decimal()).DivRound(dv.Number.Decimal(), 12).String()
					}
					wr.ratio(s, ln.row, 4+ui, num, den, ind.Scale.String(), result, st)
				}
				result := ""
				if v, ok := ft.Province[k]; ok {
					result = v.String()
				}
				wr.ratio(s, ln.row, totalCol, num, den, ind.Scale.String(), result, boldOf(st))
				continue
			}
			for ui, u := range ft.Units {
				if v, ok := ft.ByUnit[u.Code][k]; ok {
					s.Number(ln.row, 4+ui, v.Number.String(), st)
				} else {
					s.Style(ln.row, 4+ui, st)
				}
			}
			result := ""
			if v, ok := ft.Province[k]; ok {
				result = v.String()
			}
			s.FormulaValue(ln.row, totalCol, fmt.Sprintf("IF(COUNT(%[1]s:%[2]s)=0,\"\",SUM(%[1]s:%[2]s))", xlsx.Cell(ln.row, 4), xlsx.Cell(ln.row, totalCol-1)), result, boldOf(st))
		}
		row++
	}
	s.ColWidth(1, 44)
	s.ColWidth(2, 20)
	s.ColWidth(3, 11)
	s.ColsWidth(4, 4+maxUnits, 14)
	s.Freeze(4, 4)
	s.PrintSetup(1, 2)
}

// ratio writes numerator/denominator×scale of the cells of rows num and den in column col.
func (wr *writer) ratio(s *xlsx.Sheet, row, col, num, den int, scale, result string, st xlsx.Style) {
	n, d := xlsx.Cell(num, col), xlsx.Cell(den, col)
	s.FormulaValue(row, col, fmt.Sprintf(`IF(OR(COUNT(%s,%s)<2,N(%s)=0),"",%s/%s*%s)`, n, d, d, n, d, scale), result, st)
}

func boldOf(st xlsx.Style) xlsx.Style {
	st.Bold = true
	return st
}
