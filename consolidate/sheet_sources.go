package consolidate

import (
	"chitieu/schema"
	"chitieu/xlsx"
)

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
					height := max(xlsx.FitHeight(label, 34), xlsx.FitHeight(v.File, 44), xlsx.FitHeight(v.Sheet, 16))
					s.Write(row, height, xlsx.T(ft.Form.ID, stText), xlsx.T(u.Code, stText), xlsx.T(label, stText),
						xlsx.T(c.Code, stText), xlsx.N(v.Value.String(), stValue), xlsx.T(v.File, stText),
						xlsx.T(v.SHA256, stDigest), xlsx.T(v.Sheet, stText), xlsx.T(v.Cell, stCenter))
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
