package consolidate

import (
	"chitieu/finding"
	"chitieu/schema"
	"chitieu/xlsx"
	"fmt"
	"slices"
	"strings"
)

// Columns of the provenance annex.
var sourceWidths = []float64{34, 14, 12, 12, 11, 14, 26, 42}

// sources is the annex that traces every figure of the workbook: the documents the plan quotes,
// each figure of the plan with its document and sentence, and each submitted value under its
// file (name, SHA-256, sheet) with its cell and the unit's note. The sheet is streamed: it has a
// row per submitted figure, and is written on a goroutine of its own (xlsx's Detach) while the
// other sheets are: it reads the model and writes its own sheet, nothing else.
func (wr *writer) sources(name string) {
	p := wr.m.Plan
	var ws []xlsx.ColsWidth
	total := 0.0
	for i, w := range sourceWidths {
		ws = append(ws, xlsx.ColsWidth{From: i + 1, To: i + 1, Width: w})
		total += w
	}
	// One page wide at a stated scale, so that the pager knows the room a page has to the point.
	scale := xlsx.FitScale(total, false)
	s := wr.b.Rows(name, xlsx.RowsSetup{Widths: ws, FreezeRow: 3, FreezeCol: 1,
		Page: &xlsx.Page{Scale: scale, TitleRows: [2]int{1, 1}, Footer: wr.pageFooter()}})
	styles := []xlsx.Style{stTitle, stSub, stBold, stHead, stText, stNote, stCenter, stFileLine}
	for _, ind := range p.Indicators {
		styles = append(styles, numStyle(ind.DecimalPlaces()))
	}
	wr.b.Detach(s, styles, func() { wr.sourceRows(s, total, scale) })
}

// stFileLine heads a file's figures in the annex.
var stFileLine = xlsx.Style{Size: 10, Bold: true, Align: xlsx.Left, Wrap: true, Border: true, Fill: "F2F2F2"}

// sourceRows writes the rows of the annex (sources).
func (wr *writer) sourceRows(s *xlsx.Rows, total float64, scale int) {
	p := wr.m.Plan
	last := len(sourceWidths)
	s.Write(1, titleHeight, xlsx.T("PHỤ LỤC — NGUỒN DỮ LIỆU — "+strings.ToUpper(wr.m.Period.Label(finding.VI)), stTitle))
	legend := "Phụ lục kèm báo cáo, không phải phần báo cáo: nguồn của mọi số liệu. A. Văn bản nguồn của kế hoạch. B. Số liệu của kế hoạch, kèm văn bản và câu trích dẫn. C. Số liệu các đơn vị đã báo cáo, theo từng tệp (tên tệp, mã SHA-256 để đối chiếu, trang tính, ô) kèm ghi chú của đơn vị."
	s.Write(2, fit(wrapped{legend, total, 10}), xlsx.T(legend, stSub))
	s.Merge(2, 1, 2, last)
	// Each part is a table with its own column headings: a page that continues a table starts
	// with them again (the rows printed on every page are the sheet's title only), and a heading
	// never ends a page without its first row.
	pg := newPager(s.PageBreak, xlsx.PageRoomAt(scale, false), titleHeight+fit(wrapped{legend, total, 10})+15, titleHeight)
	row := 4
	// A heading is written with the row after it, so that a new page can take it, and the
	// table's column headings, along.
	type headRow struct {
		h     float64
		cols  bool // the table's column headings
		write func()
	}
	var pending, again []headRow // headings waiting for their row; what heads a continued page
	var columnRow headRow
	heading := func(text string) {
		pending = append(pending, headRow{22, false, func() {
			s.Write(row, 22, xlsx.T(text, stBold))
			s.Merge(row, 1, row, last)
			row++
		}})
	}
	columns := func(merges [][2]int, names ...string) {
		// The headings' row is as tall as its longest heading wraps to, in its column or the
		// columns merged under it.
		var cells []wrapped
		for i, n := range names {
			w := sourceWidths[i]
			for _, m := range merges {
				if m[0] == i+1 {
					w = 0
					for c := m[0]; c <= m[1]; c++ {
						w += sourceWidths[c-1]
					}
				}
			}
			cells = append(cells, wrapped{n, w, boldSize(10)})
		}
		hh := fit(cells...)
		columnRow = headRow{hh, true, func() {
			s.Write(row, hh, heads(names...)...)
			for _, m := range merges {
				s.Merge(row, m[0], row, m[1])
			}
			row++
		}}
		pending = append(pending, columnRow)
		again = []headRow{columnRow}
	}
	// line writes a table's row h points tall, with the headings before it; on a new page, the
	// table's column headings come first.
	line := func(h float64, cells []xlsx.Out, merges ...[2]int) {
		total := h
		for _, hr := range pending {
			total += hr.h
		}
		if pg.breaks(total) {
			pg.newPage(row)
			if len(pending) == 0 {
				pending = again
			} else if !slices.ContainsFunc(pending, func(hr headRow) bool { return hr.cols }) {
				pending = append(pending, columnRow)
			}
		}
		for _, hr := range pending {
			hr.write()
			pg.gap(hr.h)
		}
		pending = nil
		pg.place(row, h)
		s.Write(row, h, cells...)
		for _, m := range merges {
			s.Merge(row, m[0], row, m[1])
		}
		row++
	}
	heading("A. Văn bản nguồn")
	columns([][2]int{{4, 7}}, "Văn bản", "Cơ quan", "Ngày", "Tiêu đề", "", "", "", "Ghi chú")
	title := sourceWidths[3] + sourceWidths[4] + sourceWidths[5] + sourceWidths[6]
	for _, so := range p.Sources {
		doc := so.Document + "\n(mã nguồn: " + so.ID + ")"
		h := fit(wrapped{doc, sourceWidths[0], 11}, wrapped{so.Issuer, sourceWidths[1], 10}, wrapped{so.Title, title, 10}, wrapped{so.Note, sourceWidths[7], 10})
		line(h, []xlsx.Out{xlsx.T(doc, stText), xlsx.T(so.Issuer, stNote), xlsx.T(so.Date.String(), stCenter), xlsx.T(so.Title, stNote),
			xlsx.Blank(stNote), xlsx.Blank(stNote), xlsx.Blank(stNote), xlsx.T(so.Note, stNote)}, [2]int{4, 7})
	}
	row++
	pg.gap(15)
	heading("B. Số liệu của kế hoạch (văn bản nguồn)")
	columns(nil, "Chỉ tiêu", "Phạm vi", "Kỳ", "Giá trị", "Đơn vị tính", "Loại số liệu", "Văn bản", "Trích dẫn")
	lastQuote := ""
	for _, a := range p.Actuals {
		ind := p.Indicator(a.Indicator)
		scope := "Tỉnh"
		if u := p.Unit(a.Scope); u != nil {
			scope = u.Name
		}
		period := a.Period.String()
		if a.Basis == "ytd" {
			period += " (lũy kế)"
		}
		value := xlsx.T("", stText)
		if a.Value.IsSet() {
			v, _ := schema.ConvertUnit(a.Value, a.Unit, ind.Unit)
			st := numStyle(ind.DecimalPlaces())
			value = xlsx.N(v.String(), st)
		}
		kind := statusWord(a.Status)
		if q := qualifierWord(a.Qualifier); q != "" {
			kind += "; văn bản ghi «" + q + "»"
		}
		if a.Note != "" {
			kind += "; " + a.Note
		}
		doc := a.Source.Source
		if src := p.Source(a.Source.Source); src != nil {
			doc = src.Document
		}
		label := ind.Name
		quote := "«" + a.Source.Quote + "»"
		if a.Source.Quote == lastQuote {
			quote = "(như dòng trên)"
		}
		lastQuote = a.Source.Quote
		h := fit(wrapped{label, sourceWidths[0], 11}, wrapped{scope, sourceWidths[1], 11}, wrapped{kind, sourceWidths[5], 10}, wrapped{doc, sourceWidths[6], 10}, wrapped{quote, sourceWidths[7], 10})
		line(h, []xlsx.Out{xlsx.T(label, stText), xlsx.T(scope, stNote), xlsx.T(period, stCenter), value,
			xlsx.T(ind.Unit, stCenter), xlsx.T(kind, stNote), xlsx.T(doc, stNote), xlsx.T(quote, stNote)})
	}
	row++
	pg.gap(15)
	heading("C. Số liệu các đơn vị đã báo cáo")
	columns([][2]int{{4, 6}, {7, 8}}, "Chỉ tiêu", "Cột", "Giá trị", "Ô", "", "", "Ghi chú của đơn vị", "")
	for _, ft := range wr.m.Forms {
		// What a figure's line holds besides its value and note is the same for every unit:
		// made once per form.
		type cellLine struct {
			label, column xlsx.Out
			h             float64 // the height the label and the column's name need
			st            xlsx.Style
		}
		lines := make([][]cellLine, len(ft.Form.Rows))
		for i, r := range ft.Form.Rows {
			if r.Heading != "" {
				continue
			}
			ind := p.Indicator(r.Indicator)
			if ind == nil {
				continue // a row of an indicator the plan does not define: its check refuses such a plan
			}
			lines[i] = make([]cellLine, len(ft.Form.Columns))
			label := rowLabel(p, &r)
			for j, c := range ft.Form.Columns {
				lines[i][j] = cellLine{xlsx.T(label, stText), xlsx.T(c.Name, stNote),
					fit(wrapped{label, sourceWidths[0], 11}, wrapped{c.Name, sourceWidths[1], 10}), numStyle(ind.DecimalPlaces())}
			}
		}
		for _, u := range ft.Units {
			vals := ft.ByUnit[u.Code]
			var file Figure
			for _, v := range vals {
				file = v
				break
			}
			if file.File == "" {
				continue
			}
			head := fmt.Sprintf("Biểu %s — %s %s — tệp «%s», trang tính «%s» — SHA-256 %s", ft.Form.ID, u.Code, u.Name, file.FileName(), file.Sheet, file.SHA256)
			fileLine := func(text string) headRow {
				hh := fit(wrapped{text, total, boldSize(10)})
				return headRow{hh, false, func() {
					s.Write(row, hh, xlsx.T(text, stFileLine))
					s.Merge(row, 1, row, last)
					row++
				}}
			}
			pending = append(pending, fileLine(head))
			// A page that continues the file's figures starts with its line again and the
			// table's column headings.
			again = []headRow{fileLine(head + " (tiếp)"), columnRow}
			cells := make([]xlsx.Out, 8)
			for i, r := range ft.Form.Rows {
				for j, c := range ft.Form.Columns {
					v, ok := vals[schema.CellKey{Indicator: r.Indicator, Column: c.Code}]
					if !ok || lines[i] == nil {
						continue
					}
					cl := &lines[i][j]
					note := schema.NoteOn(v.Note, &c) // the row's note, as far as it concerns this column
					h := max(cl.h, fit(wrapped{note, sourceWidths[6] + sourceWidths[7], 10}))
					cells = append(cells[:0], cl.label, cl.column, xlsx.N(v.Value.String(), cl.st), xlsx.T(v.Cell, stCenter),
						xlsx.Blank(stNote), xlsx.Blank(stNote), xlsx.T(note, stNote), xlsx.Blank(stNote))
					line(h, cells, [2]int{4, 6}, [2]int{7, 8})
				}
			}
		}
	}
	for _, hr := range pending {
		hr.write() // a part with no rows still shows its heading
	}
}

// statusWord is how final a figure is, in words.
func statusWord(s schema.ActualStatus) string {
	switch s {
	case schema.StatusEstimate:
		return "ước tính"
	case schema.StatusPreliminary:
		return "sơ bộ"
	case schema.StatusDerived:
		return "suy ra"
	}
	return "chính thức"
}
