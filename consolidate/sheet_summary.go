package consolidate

import (
	"chitieu/finding"
	"chitieu/schema"
	"chitieu/xlsx"
	"fmt"
	"strconv"
	"strings"
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
				st := numStyle(ind.DecimalPlaces())
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
