package consolidate

import (
	"chitieu/finding"
	"chitieu/schema"
	"chitieu/xlsx"
	"fmt"
	"strconv"
	"strings"
)

// summaryCols are the summary's columns: the same for every form, so that one header row
// repeats at the top of every printed page.
type summaryCols struct {
	no, label, unit, prior, plan, period, ytd, vsPlan, vsPrior, note, last int
}

func (wr *writer) summaryCols() summaryCols {
	c := summaryCols{no: 1, label: 2, unit: 3, prior: 4, plan: 5, period: 6}
	next := 7
	if wr.m.Period.Freq != schema.Yearly {
		c.ytd, next = next, next+1
	}
	c.vsPlan, c.vsPrior, c.note = next, next+1, next+2
	c.last = c.note
	return c
}

// summary writes the province's figures form by form and their comparisons: same period last
// year | plan for the year | done in the period (and since the start of the year) | as a share
// of the plan and of last year (in points for growth rates and shares) | the units' notes.
func (wr *writer) summary(s *xlsx.Sheet) {
	m, p := wr.m, wr.m.Plan
	cols := wr.summaryCols()
	yearly := m.Period.Freq == schema.Yearly
	s.Text(1, 1, "TỔNG HỢP SỐ LIỆU CỦA TỈNH — "+strings.ToUpper(m.Period.Label(finding.VI)), stTitle)
	s.Merge(1, 1, 1, cols.last)
	legend := "Số của tỉnh: cộng các đơn vị (trang Theo đơn vị), tỷ lệ tính lại từ các tổng. Cùng kỳ: báo cáo cùng kỳ năm trước khi đã có trong kho, nếu không thì cột «cùng kỳ» của báo cáo kỳ này. So sánh: thực hiện / kế hoạch (hay cùng kỳ) × 100; với tốc độ tăng và tỷ trọng là chênh lệch theo điểm phần trăm. Số in nghiêng: ước tính hoặc có ghi chú của đơn vị."
	s.Text(2, 1, legend, stSub)
	s.Merge(2, 1, 2, cols.last)
	w := map[int]float64{cols.no: 5, cols.label: 40, cols.unit: 10, cols.prior: 13, cols.plan: 13, cols.period: 13, cols.vsPlan: 13, cols.vsPrior: 13, cols.note: 34}
	if cols.ytd > 0 {
		w[cols.ytd] = 13
	}
	total := 0.0
	for _, v := range w {
		total += v
	}
	s.RowHeight(2, fit(wrapped{legend, total, 10}))
	what := "Thực hiện kỳ báo cáo"
	priorName := "Cùng kỳ năm trước (lũy kế)"
	planName := fmt.Sprintf("Kế hoạch năm %d", m.Period.Year)
	if yearly {
		what = fmt.Sprintf("Thực hiện năm %d", m.Period.Year)
		priorName = fmt.Sprintf("Thực hiện năm %d (cùng kỳ)", m.Period.Year-1)
	}
	head := map[int]string{cols.no: "STT", cols.label: "Chỉ tiêu", cols.unit: "Đơn vị tính", cols.prior: priorName, cols.plan: planName, cols.period: what,
		cols.vsPlan: "So với kế hoạch năm (%; tốc độ, tỷ trọng: điểm %)", cols.vsPrior: "So với cùng kỳ (%; tốc độ, tỷ trọng: điểm %)", cols.note: "Ghi chú"}
	if cols.ytd > 0 {
		head[cols.ytd] = "Lũy kế từ đầu năm"
	}
	headings(s, 4, head)
	headH := max(42, fit(wrapped{head[cols.vsPlan], w[cols.vsPlan], boldSize(10)}, wrapped{head[cols.vsPrior], w[cols.vsPrior], boldSize(10)}))
	s.RowHeight(4, headH)
	s.RowHeight(1, titleHeight)
	pg := newPager(s.PageBreak, xlsx.PageRoom(total, false), titleHeight+fit(wrapped{legend, total, 10})+15+headH, headH)
	row := 5
	for _, ft := range m.Forms {
		f := ft.Form
		title := fmt.Sprintf("Biểu số %s — %s (%d/%d đơn vị có số liệu hợp lệ)", f.ID, f.Title, len(ft.ByUnit), len(ft.Units))
		// Where "cùng kỳ" and the plan for the year come from is said once, on the form's line,
		// when it is the same for every row of the form (it usually is), not on every row.
		said := wr.summarySources(ft)
		if said.prior != "" {
			title += "; cùng kỳ theo " + said.prior + " (kho)"
		}
		if said.plan != "" {
			title += "; kế hoạch năm theo " + said.plan + " (kho)"
		}
		s.Text(row, 1, title, stGroup)
		s.StyleRange(row, 2, row, cols.last, stGroup)
		s.Merge(row, 1, row, cols.last)
		s.RowHeight(row, fit(wrapped{title, total, boldSize(11)}))
		pg.hold(row, fit(wrapped{title, total, boldSize(11)}))
		row++
		n := 0
		for ri := range f.Rows {
			r := &f.Rows[ri]
			if r.Heading != "" {
				n = 0
				s.Text(row, 1, r.Heading, xlsx.Style{Bold: true, Size: 11, Align: xlsx.Left, Border: true})
				s.StyleRange(row, 2, row, cols.last, xlsx.Style{Border: true})
				s.Merge(row, 1, row, cols.last)
				pg.hold(row, 15)
				row++
				continue
			}
			ind := p.Indicator(r.Indicator)
			if ind == nil {
				continue
			}
			if r.PartOf == "" {
				n++
				s.Number(row, cols.no, strconv.Itoa(n), stCenter)
			} else {
				s.Text(row, cols.no, "", stCenter)
			}
			label := rowLabel(p, r)
			s.Text(row, cols.label, label, stText)
			s.Text(row, cols.unit, ind.Unit, stCenter)
			note := wr.longUpTo(SheetSummary, row, cols.note, "Ghi chú: "+label, wr.summaryRow(s, ft, r, ind, row, cols, said), w[cols.note], 10, summaryNoteHeight)
			s.Text(row, cols.note, note, stNote)
			h := fit(wrapped{label, w[cols.label], 11}, wrapped{ind.Unit, w[cols.unit], 11}, wrapped{note, w[cols.note], 10})
			s.RowHeight(row, h)
			pg.place(row, h)
			row++
		}
	}
	widths(s, w)
	// The signature block (some 5 rows and the space to sign) stays on one page.
	pg.gap(15)
	pg.place(row+1, 6*15+45)
	wr.signature(s, row+1, cols.label, cols.period, cols.last)
	s.Freeze(5, cols.unit+1)
	s.PrintPage(xlsx.Page{FitWidth: true, TitleRows: [2]int{4, 4}, Footer: wr.pageFooter()})
}

// summaryRow writes a row's figures and comparisons and returns its note.
// formSources is where the figures of "cùng kỳ" and of the plan for the year come from, when
// every indicator row of a form takes them from the same report of the store ("" otherwise).
type formSources struct{ prior, plan string }

func (wr *writer) summarySources(ft *FormTotals) formSources {
	var out formSources
	first := true
	for ri := range ft.Form.Rows {
		r := &ft.Form.Rows[ri]
		if r.Heading != "" || wr.m.Plan.Indicator(r.Indicator) == nil {
			continue
		}
		prior, plan := wr.m.Prior(ft, r).From.In(finding.VI), wr.m.PlanForYear(ft, r).From.In(finding.VI)
		if first {
			out, first = formSources{prior, plan}, false
			continue
		}
		if prior != out.prior {
			out.prior = ""
		}
		if plan != out.plan {
			out.plan = ""
		}
	}
	return out
}

func (wr *writer) summaryRow(s *xlsx.Sheet, ft *FormTotals, r *schema.Row, ind *schema.Indicator, row int, cols summaryCols, said formSources) string {
	m, f := wr.m, ft.Form
	dp := ind.DecimalPlaces()
	var notes []string
	// value writes a figure of the row: the by-unit sheet's total of the period's own column, or
	// a figure of the history; it returns where it went and the value.
	type placed struct {
		at string
		v  float64
		ok bool
	}
	value := func(col int, c *schema.Column, cmp Compared) placed {
		st := numStyle(dp)
		if cmp.Column == nil && cmp.OK {
			s.Number(row, col, cmp.Value.String(), st)
			return placed{xlsx.Cell(row, col), cmp.Value.Float(), true}
		}
		if c == nil {
			s.Text(row, col, "x", xlsx.Style{Size: 11, Align: xlsx.Center, Border: true, Fill: fillGrey})
			return placed{}
		}
		k := schema.CellKey{Indicator: r.Indicator, Column: c.Code}
		ref, ok := wr.total[key(f.ID, r.Indicator, c.Code)]
		if !ok {
			s.Style(row, col, st)
			return placed{}
		}
		out := placed{at: xlsx.Cell(row, col)}
		result := ""
		if v, ok := ft.Province[k]; ok {
			result, out.v, out.ok = v.String(), v.Float(), true
			for x := range ft.contributing(m.Plan, k) {
				if x.Note != "" || x.Status == schema.StatusEstimate || x.Status == schema.StatusPreliminary {
					st.Italic = true
				}
			}
		}
		s.FormulaValue(row, col, fmt.Sprintf(`IF(%s="","",%s)`, ref, ref), result, st)
		return out
	}
	prior := m.Prior(ft, r)
	if from := prior.From.In(finding.VI); from != "" && from != said.prior {
		notes = append(notes, "Cùng kỳ theo "+from+" (kho).")
	}
	plan := m.PlanForYear(ft, r)
	if from := plan.From.In(finding.VI); from != "" && from != said.plan {
		notes = append(notes, "Kế hoạch năm theo "+from+" (kho).")
	}
	priorAt := value(cols.prior, prior.Column, prior)
	planAt := value(cols.plan, plan.Column, plan)
	periodCol := f.ColumnOf(r, schema.BasisPeriod)
	if m.Period.Freq == schema.Yearly && periodCol == nil {
		periodCol = f.ColumnOf(r, schema.BasisYTD)
	}
	cur := value(cols.period, periodCol, Compared{})
	if cols.ytd > 0 {
		ytd := value(cols.ytd, f.ColumnOf(r, schema.BasisYTD), Compared{})
		if c := current(f, m.Period, r); c == nil || c.Basis == schema.BasisYTD {
			cur = ytd
		}
	}
	rate := ind.Kind == schema.KindGrowth || ind.Kind == schema.KindShare || ind.Kind == schema.KindIndex
	compare := func(col int, base placed) {
		st := numStyle(1)
		if rate {
			st.NumFmt = pointsFormat(dp)
		}
		if cur.at == "" || base.at == "" {
			s.Style(row, col, st)
			return
		}
		formula := fmt.Sprintf(`IF(OR(%[1]s="",%[2]s="",N(%[2]s)=0),"",%[1]s/%[2]s*100)`, cur.at, base.at)
		result := ""
		if cur.ok && base.ok && base.v != 0 {
			result = num(cur.v / base.v * 100)
		}
		if rate {
			formula = fmt.Sprintf(`IF(OR(%[1]s="",%[2]s=""),"",%[1]s-%[2]s)`, cur.at, base.at)
			result = ""
			if cur.ok && base.ok {
				result = num(cur.v - base.v)
			}
		}
		s.FormulaValue(row, col, formula, result, st)
	}
	compare(cols.vsPlan, planAt)
	compare(cols.vsPrior, priorAt)
	// The units' notes on the row, and whether its total includes estimates.
	type unitNote struct{ unit, note string }
	seen := map[unitNote]bool{}
	var uniq []Figure
	units := map[string]bool{} // the units whose figures on the row are estimates
	for _, c := range f.Columns {
		for x := range ft.contributing(m.Plan, schema.CellKey{Indicator: r.Indicator, Column: c.Code}) {
			if k := (unitNote{x.Unit, x.Note}); !seen[k] {
				seen[k] = true
				uniq = append(uniq, x)
			}
			if x.Status == schema.StatusEstimate || x.Status == schema.StatusPreliminary {
				units[x.Unit] = true
			}
		}
	}
	if n := notesOf(f, uniq, len(ft.Units)).In(finding.VI); n != "" {
		notes = append(notes, "Ghi chú của đơn vị: "+n+".")
	}
	est := len(units)
	if est > 0 {
		notes = append(notes, fmt.Sprintf("Gồm số ước tính của %d/%d đơn vị.", est, len(ft.Units)))
	}
	return strings.Join(notes, " ")
}

// summaryNoteHeight is the most a row of the summary grows for its notes, in points: a third of
// a printed page. The units' notes of an indicator, when many units write them, go on in the
// annex of long texts, so that the province's table stays a table.
const summaryNoteHeight = 160
