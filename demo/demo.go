package demo

import (
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"chitieu/finding"
	"chitieu/outfile"
	"chitieu/schema"
	"chitieu/templates"
	"chitieu/xlsx"
)

// Period is the period the demo reports: the last year the seed documents give figures for.
var Period = schema.Period{Year: 2023, Freq: schema.Yearly}

// Illustrative are the province's figures for 2023 that the seed documents do not give, typed
// where a form requires them. Levels of main products are not here: they are derived from the
// documents' figures for the first two months of 2024 and their growth (see productYear).
var Illustrative = map[string]string{
	"CSTT_CBCT": "6.5",    // %
	"LD_CN":     "4.2",    // %
	"TTVA_CN":   "9.6",    // %
	"TTVA_DV":   "7.1",    // %
	"XK":        "5100",   // triệu USD
	"GTSX_CBCT": "150000", // tỷ đồng, of the 195 000 of industry
	"TMBL":      "150000", // tỷ đồng
	"TMDT_B2C":  "9000",   // tỷ đồng: 6% of retail
	"SP_TANG":   "18",     // sản phẩm
	"SP_CHULUC": "25",     // sản phẩm: the 25 key products the documents list in early 2024
	// thôn, bản a year: the documents give 38 over the term to 2023 (a cumulative figure, not a
	// year's), about 13 a year over 2021–2023.
	"THON_DIEN": "13",
}

// NoteIllustrative marks a row holding illustrative figures.
const NoteIllustrative = "Số liệu minh họa (văn bản nguồn không có số này)"

// Result says what the demo wrote.
type Result struct {
	Templates []string // the blank forms
	Filled    []string // the forms as the units return them
	// FromPlan and Illustrative count the cells typed from the plan's figures and illustrative.
	FromPlan, Illustrative int
}

// Fill writes the demo year's templates into dir/"1 Biểu mẫu" and the filled forms into
// dir/"2 Báo cáo đã điền".
func Fill(ctx context.Context, p *schema.Plan, dir string) (*Result, error) {
	return FillYear(ctx, p, Period, filepath.Join(dir, "1 Biểu mẫu"), filepath.Join(dir, "2 Báo cáo đã điền"), nil)
}

// Known gives what the office already has for a form's input cells (the template pre-fills them,
// and the demo's units leave them as they are).
type Known func(l *templates.Layout) (map[schema.CellKey]schema.Number, error)

// FillYear writes the templates of a year — Period, or the year after it — into blank and the
// forms as the units fill them into filled. The year after is illustrative throughout: the
// documents end in early 2024.
func FillYear(ctx context.Context, p *schema.Plan, period schema.Period, blank, filled string, known Known) (*Result, error) {
	for _, d := range []string{blank, filled} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	layouts, err := templates.Plan(p, templates.Selection{Period: period})
	if err != nil {
		return nil, err
	}
	if known != nil {
		for _, l := range layouts {
			if l.Known, err = known(l); err != nil {
				return nil, err
			}
		}
	}
	res := &Result{}
	shares := map[string]int{} // form → number of units sharing a summed figure
	for _, l := range layouts {
		shares[l.Form.ID]++
	}
	index := map[string]int{} // form → units done so far
	for _, l := range layouts {
		src := filepath.Join(blank, l.FileName())
		if err := outfile.Write(ctx, src, l.Write); err != nil {
			return nil, err
		}
		res.Templates = append(res.Templates, src)
		dst := filepath.Join(filled, l.FileName())
		if err := fillOne(ctx, p, l, src, dst, index[l.Form.ID], shares[l.Form.ID], res); err != nil {
			return nil, err
		}
		index[l.Form.ID]++
		res.Filled = append(res.Filled, dst)
	}
	return res, nil
}

// fillOne opens a template and types the unit's figures, the i-th of n units filling the form.
func fillOne(ctx context.Context, p *schema.Plan, l *templates.Layout, src, dst string, i, n int, res *Result) error {
	b, err := xlsx.OpenBook(src, xlsx.DefaultLimits)
	if err != nil {
		return err
	}
	defer b.Close()
	s := b.Existing(l.Sheet)
	// indicator → the row's notes in input order, each with the names of the columns it concerns:
	// a row has one note cell, and a note belongs to the figures it was written for.
	type note struct {
		text string
		cols []string
	}
	notes := map[string][]*note{}
	say := func(ind, text, col string) {
		for _, n := range notes[ind] {
			if n.text == text {
				if !slices.Contains(n.cols, col) {
					n.cols = append(n.cols, col)
				}
				return
			}
		}
		notes[ind] = append(notes[ind], &note{text, []string{col}})
	}
	for _, ic := range l.Inputs() {
		if ic.Type == "text" {
			continue
		}
		c := l.Form.Column(ic.Column)
		ind := p.Indicator(ic.Indicator)
		if _, ok := l.Known[schema.CellKey{Indicator: ic.Indicator, Column: ic.Column}]; ok {
			continue // the office pre-filled it; the unit finds it right
		}
		v, illustrative, from, ok := provinceValue(p, ind, c.Basis, l.Period.Year)
		if !ok {
			continue
		}
		if ind.Combine == schema.CombineSum {
			v = share(v, i, n, int32(ind.DecimalPlaces()))
		} else if i > 0 {
			continue // one unit reports a single figure
		}
		s.PutNumber(ic.Row, ic.Col, v.String())
		switch {
		case illustrative:
			res.Illustrative++
			say(ic.Indicator, NoteIllustrative, c.Name)
		default:
			res.FromPlan++
			if note := estimateNote(from, ind, c); note != "" {
				say(ic.Indicator, note, c.Name)
			}
		}
	}
	if note := l.ColOf(noteColumn(l.Form)); note > 0 {
		// In row order: the order of the strings is part of the file's bytes.
		inds := slices.SortedFunc(maps.Keys(notes), func(a, b string) int { return l.RowOf(a) - l.RowOf(b) })
		for _, ind := range inds {
			var lines []string
			for _, n := range notes[ind] {
				lines = append(lines, schema.ColumnNote(n.cols, n.text))
			}
			s.Put(l.RowOf(ind), note, strings.Join(lines, "\n"))
		}
	}
	return outfile.Write(ctx, dst, func(w io.Writer) error { return b.Save(w, l.Period.End()) })
}

func noteColumn(f *schema.Form) string {
	for _, c := range f.Columns {
		if c.Basis == schema.BasisNote {
			return c.Code
		}
	}
	return ""
}

// share is the i-th of n parts of v, at the indicator's decimals; the first part takes what
// rounding leaves, so the parts add up to v exactly.
func share(v schema.Number, i, n int, decimals int32) schema.Number {
	if n <= 1 {
		return v
	}
	part := v.Decimal().Div(decimal.NewFromInt(int64(n))).Truncate(decimals)
	if i == 0 {
		return schema.NumberOf(v.Decimal().Sub(part.Mul(decimal.NewFromInt(int64(n - 1)))))
	}
	return schema.NumberOf(part)
}

// yearAfterGrowth is the illustrative growth of a level in the year after the demo year.
var yearAfterGrowth = decimal.RequireFromString("1.08")

// provinceValue is the province's figure of an indicator for a column of a year's form: the
// year's figure for the year itself and its year to date, the year before's for the same period
// of last year; from is the plan's figure it is, if it is one.
func provinceValue(p *schema.Plan, ind *schema.Indicator, basis schema.ColumnBasis, year int) (v schema.Number, illustrative bool, from *schema.Actual, ok bool) {
	switch basis {
	case schema.BasisPeriod, schema.BasisYTD:
		return yearValue(p, ind, year)
	case schema.BasisPrior:
		return yearValue(p, ind, year-1)
	}
	return schema.Number{}, false, nil, false
}

// yearValue is the province's figure of an indicator for a year: the plan's own where the
// documents give it; for the demo year, else an illustrative one; for the year after it, which
// the documents do not reach, an illustrative one throughout — the plan's figure for a rate where
// the plan has one, else the demo year's, and levels 8% above the demo year's.
func yearValue(p *schema.Plan, ind *schema.Indicator, year int) (v schema.Number, illustrative bool, from *schema.Actual, ok bool) {
	for i := range p.Actuals {
		a := &p.Actuals[i]
		if a.Indicator == ind.Code && a.Scope == "" && a.Period == (schema.Period{Year: year, Freq: schema.Yearly}) && a.Value.IsSet() && a.Basis != "cumulative" && year <= Period.Year {
			v, _ := schema.ConvertUnit(a.Value, a.Unit, ind.Unit)
			return v, false, a, true
		}
	}
	switch year {
	case Period.Year:
		if v, ok := productYear(p, ind); ok {
			return v, true, nil, true
		}
		if s, ok := Illustrative[ind.Code]; ok {
			return schema.MustNumber(s), true, nil, true
		}
	case Period.Year + 1:
		v, _, _, ok := yearValue(p, ind, Period.Year)
		if !ok {
			return v, false, nil, false
		}
		if ind.Kind == schema.KindLevel || ind.Kind == schema.KindCount {
			return schema.NumberOf(v.Decimal().Mul(yearAfterGrowth).Round(int32(ind.DecimalPlaces()))), true, nil, true
		}
		if t, ok := p.YearPlan(ind.Code, year); ok {
			return t, true, nil, true
		}
		return v, true, nil, true
	}
	return schema.Number{}, false, nil, false
}

// estimateNote is what a unit writes beside a figure the documents call an estimate or qualify
// ("dự kiến vẫn tăng trên 8%"), so that the figure keeps its standing once it is typed into a
// form: "Số năm 2023 là ước tính; văn bản nguồn ghi “trên 8%”".
func estimateNote(a *schema.Actual, ind *schema.Indicator, c *schema.Column) string {
	if a == nil {
		return ""
	}
	var parts []string
	if a.Status == schema.StatusEstimate || a.Status == schema.StatusPreliminary {
		parts = append(parts, fmt.Sprintf("Số năm %d là ước tính", a.Period.Year))
	}
	if q := map[string]string{"above": "trên", "below": "dưới", "about": "khoảng"}[a.Qualifier]; q != "" {
		v, _ := schema.ConvertUnit(a.Value, a.Unit, ind.Unit)
		parts = append(parts, fmt.Sprintf("văn bản nguồn ghi “%s %s”", q, schema.WithUnit(v.VN(), ind.Unit)))
	}
	return strings.Join(parts, "; ")
}

// productYear derives an illustrative 2023 output of a main product from the documents' first
// two months of 2024 and their growth: the same two months of 2023 (value / (1 + growth)), times
// six for the year.
func productYear(p *schema.Plan, ind *schema.Indicator) (schema.Number, bool) {
	for _, a := range p.Actuals {
		if a.Indicator == ind.Code && a.Basis == "ytd" && a.Period == (schema.Period{Year: Period.Year + 1, Freq: schema.Monthly, N: 2}) && a.YoY.IsSet() && a.Value.IsSet() {
			v, _ := schema.ConvertUnit(a.Value, a.Unit, ind.Unit)
			base := v.Decimal().Div(decimal.NewFromInt(1).Add(a.YoY.Decimal().Div(decimal.NewFromInt(100))))
			return schema.NumberOf(base.Mul(decimal.NewFromInt(6)).Round(1)), true
		}
	}
	return schema.Number{}, false
}

// Describe is a line about the fill for the person running the demo.
func (r *Result) Describe() finding.Text {
	return finding.Textf("%d biểu mẫu; %d ô lấy từ số liệu của văn bản nguồn, %d ô là số minh họa (ghi rõ ở cột Ghi chú).",
		"%d forms; %d cells from the figures of the source documents, %d illustrative figures (said so in the Notes column).", len(r.Filled), r.FromPlan, r.Illustrative)
}
