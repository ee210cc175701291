package consolidate

import (
	"chitieu/finding"
	"chitieu/schema"
	"chitieu/xlsx"
	"fmt"
	"strings"
)

// byUnit writes each form's figures unit by unit, with the province's figure in the last column:
// a SUM of the row, or for a ratio the ratio of the summed parts. The sheet is streamed: it has a
// cell per unit and figure.
func (wr *writer) byUnit(name string) {
	p := wr.m.Plan
	maxUnits := 0
	for _, ft := range wr.m.Forms {
		maxUnits = max(maxUnits, len(ft.Units))
	}
	s := wr.b.Rows(name, xlsx.RowsSetup{
		Widths:    []xlsx.ColsWidth{{From: 1, To: 1, Width: 44}, {From: 2, To: 2, Width: 20}, {From: 3, To: 3, Width: 11}, {From: 4, To: 4 + maxUnits, Width: 14}},
		FreezeRow: 4, FreezeCol: 4, TitleFrom: 1, TitleTo: 2,
	})
	s.Write(1, 0, xlsx.T("SỐ LIỆU THEO ĐƠN VỊ BÁO CÁO — "+strings.ToUpper(wr.m.Period.Label(finding.VI)), stTitle))
	s.Write(2, 0, xlsx.T("Mỗi ô là số liệu một đơn vị đã báo cáo (nguồn: trang Nguồn dữ liệu); cột cuối là số của tỉnh: cộng chính xác, hoặc tỷ lệ tính lại từ các tổng (không lấy bình quân).", stSub))
	row := 4
	for _, ft := range wr.m.Forms {
		f := ft.Form
		s.Write(row, 0, xlsx.T(fmt.Sprintf("Biểu số %s — %s", f.ID, f.Title), xlsx.Style{Bold: true, Align: xlsx.Left}))
		row++
		head := []xlsx.Out{xlsx.T("Chỉ tiêu", stHead), xlsx.T("Cột", stHead), xlsx.T("Đơn vị tính", stHead)}
		for _, u := range ft.Units {
			head = append(head, xlsx.T(u.Code+" "+u.Name, stHead))
		}
		head = append(head, xlsx.T("Tỉnh", stHead))
		s.Write(row, 60, head...)
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
		cells := make([]xlsx.Out, totalCol)
		for _, ln := range lines {
			r, c, ind := ln.r, ln.c, ln.ind
			k := schema.CellKey{Indicator: r.Indicator, Column: c.Code}
			label := rowLabel(p, r)
			cells = append(cells[:0], xlsx.T(label, stText), xlsx.T(c.Name, stText), xlsx.T(ind.Unit, stCenter))
			st := numStyle(ind.DecimalPlaces())
			province := ""
			if v, ok := ft.Province[k]; ok {
				province = v.String()
			}
			if ind.Combine == schema.CombineRatio {
				num, den := at[schema.CellKey{Indicator: ind.Numerator, Column: c.Code}], at[schema.CellKey{Indicator: ind.Denominator, Column: c.Code}]
				for ui, u := range ft.Units {
					nv, ok1 := ft.ByUnit[u.Code][schema.CellKey{Indicator: ind.Numerator, Column: c.Code}]
					dv, ok2 := ft.ByUnit[u.Code][schema.CellKey{Indicator: ind.Denominator, Column: c.Code}]
					result := ""
					if ok1 && ok2 && !dv.Value.Decimal().IsZero() {
						result = nv.Value.Decimal().Mul(ind.Scale.Decimal()).DivRound(dv.Value.Decimal(), 12).String()
					}
					cells = append(cells, ratio(num, den, 4+ui, ind.Scale.String(), result, st))
				}
				cells = append(cells, ratio(num, den, totalCol, ind.Scale.String(), province, boldOf(st)))
			} else {
				for _, u := range ft.Units {
					if v, ok := ft.ByUnit[u.Code][k]; ok {
						cells = append(cells, xlsx.N(v.Value.String(), st))
					} else {
						cells = append(cells, xlsx.Blank(st))
					}
				}
				first, last := xlsx.Cell(ln.row, 4), xlsx.Cell(ln.row, totalCol-1)
				cells = append(cells, xlsx.F(fmt.Sprintf("IF(COUNT(%[1]s:%[2]s)=0,\"\",SUM(%[1]s:%[2]s))", first, last), province, boldOf(st)))
			}
			s.Write(ln.row, xlsx.FitHeight(label, 44), cells...)
		}
		row++
	}
}

// ratio is numerator/denominator×scale of the cells of rows num and den in column col.
func ratio(num, den, col int, scale, result string, st xlsx.Style) xlsx.Out {
	n, d := xlsx.Cell(num, col), xlsx.Cell(den, col)
	return xlsx.F(fmt.Sprintf(`IF(OR(COUNT(%s,%s)<2,N(%s)=0),"",%s/%s*%s)`, n, d, d, n, d, scale), result, st)
}
