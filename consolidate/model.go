package consolidate

import (
	"cmp"
	"os"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"chitieu/finding"
	"chitieu/schema"
	"chitieu/validate"
	"chitieu/xlsx"
)

// Model is everything the province workbook shows.
type Model struct {
	Plan   *schema.Plan
	Period schema.Period
	Date   time.Time // the date printed on the workbook and stored in it
	// Expected lists every (form, unit) that should have reported, in plan order, with what came.
	Expected []*Expected
	// Files are every input file, as validated.
	Files []*validate.File
	// Forms holds, for each form filled for the period, its province figures.
	Forms []*FormTotals
	// Assessments has one entry per target of the plan, in plan order.
	Assessments []*Assessment
}

// Expected is one report the province expects for the period: a form from a unit.
type Expected struct {
	Form *schema.Form
	Unit *schema.Unit
	// Used is the file whose figures are consolidated; nil when none is valid.
	Used *validate.File
	// Received lists every file for this form and unit, Used among them.
	Received []*validate.File
	// Why explains which file was used when several came.
	Why finding.Text
}

// Status is how the report stands.
func (e *Expected) Status() finding.Text {
	switch {
	case len(e.Received) == 0:
		return finding.Text{VI: "Chưa nộp", EN: "Missing"}
	case e.Used == nil:
		return finding.Text{VI: "Có lỗi, bị loại", EN: "Has errors, excluded"}
	case len(e.Received) > 1:
		return finding.Text{VI: "Hợp lệ (nộp nhiều bản)", EN: "Valid (several copies)"}
	}
	return finding.Text{VI: "Hợp lệ", EN: "Valid"}
}

// FormTotals are a form's figures for the period: each unit's and the province's.
type FormTotals struct {
	Form  *schema.Form
	Units []*schema.Unit // the units that fill the form for the period, in plan order
	// ByUnit holds each used value, by unit code and cell key, with where it was read.
	ByUnit map[string]map[schema.CellKey]Value
	// Province holds the province's value by cell key: summed, recomputed or single.
	Province map[schema.CellKey]schema.Number
}

// Value is a figure read from a submission, with its provenance.
type Value struct {
	Number schema.Number
	File   *validate.File
	Sheet  string
	Row    int
	Col    int
}

// usable reports whether a file's figures may be consolidated: read, and without errors other
// than being one of several copies (which the consolidation itself resolves).
func usable(f *validate.File) bool {
	if f.Err != nil || f.Checked == nil || f.Checked.Form == nil || f.Checked.Unit == nil {
		return false
	}
	for _, x := range f.Findings {
		if x.Severity == finding.Error && x.Code != "duplicate-submission" {
			return false
		}
	}
	return true
}

// Build consolidates the validated files of a period.
func Build(p *schema.Plan, period schema.Period, rep *validate.Report, date time.Time) *Model {
	m := &Model{Plan: p, Period: period, Date: date, Files: rep.Files}
	byKey := map[[2]string][]*validate.File{}
	for _, f := range rep.Files {
		if f.Checked != nil && f.Checked.Form != nil && f.Checked.Unit != nil && f.Checked.Period == period {
			k := [2]string{f.Checked.Form.ID, f.Checked.Unit.Code}
			byKey[k] = append(byKey[k], f)
		}
	}
	for i := range p.Forms {
		f := p.Forms[i].ForPeriod(period) // as laid out, read and checked for the period
		if !f.HasFrequency(period.Freq) || !f.InForce(period) {
			continue // not filled for such a period, or not in force then (03/CT-H after 2025-06-30)
		}
		ft := &FormTotals{Form: f, Units: p.UnitsFor(f, period), ByUnit: map[string]map[schema.CellKey]Value{}, Province: map[schema.CellKey]schema.Number{}}
		for _, u := range ft.Units {
			e := &Expected{Form: f, Unit: u, Received: byKey[[2]string{f.ID, u.Code}]}
			e.Used, e.Why = choose(e.Received)
			m.Expected = append(m.Expected, e)
			if e.Used != nil {
				ft.ByUnit[u.Code] = values(e.Used)
			}
		}
		ft.total(p)
		m.Forms = append(m.Forms, ft)
	}
	m.Assessments = assessAll(p, m)
	return m
}

// choose picks the file to use among the copies of one report: only a usable one; of several,
// the one saved last (the resubmission); on equal times, the last by name.
func choose(files []*validate.File) (*validate.File, finding.Text) {
	var cands []*validate.File
	for _, f := range files {
		if usable(f) {
			cands = append(cands, f)
		}
	}
	switch {
	case len(cands) == 0:
		return nil, finding.Text{}
	case len(files) == 1:
		return cands[0], finding.Text{}
	}
	mtime := func(f *validate.File) time.Time {
		st, err := os.Stat(f.Path)
		if err != nil {
			return time.Time{}
		}
		return st.ModTime()
	}
	best := slices.MaxFunc(cands, func(a, b *validate.File) int {
		return cmp.Or(mtime(a).Compare(mtime(b)), cmp.Compare(a.Path, b.Path))
	})
	if len(cands) == 1 {
		return best, finding.Textf("Chỉ %s hợp lệ trong %d bản đã nộp.", "Only %s is valid of the %d copies sent.", best.Path, len(files))
	}
	return best, finding.Textf("Dùng %s: bản hợp lệ được lưu sau cùng (%s) trong %d bản đã nộp.", "Using %s: the valid copy saved last (%s) of the %d sent.",
		best.Path, mtime(best).UTC().Format("2006-01-02 15:04"), len(files))
}

func values(f *validate.File) map[schema.CellKey]Value {
	out := map[schema.CellKey]Value{}
	for k, v := range f.Checked.Values {
		out[k] = Value{Number: v, File: f, Sheet: f.Sub.Sheet, Row: f.Sub.Rows[k.Indicator], Col: f.Sub.Cols[k.Column]}
	}
	return out
}

// total makes the province's figures: sums exactly, ratios recomputed from the summed parts,
// single-unit figures as reported, derived columns from the province's figures.
func (ft *FormTotals) total(p *schema.Plan) {
	f := ft.Form
	for _, r := range f.Rows {
		ind := p.Indicator(r.Indicator)
		if r.Heading != "" || ind == nil {
			continue
		}
		for _, c := range f.Columns {
			if c.Basis == schema.BasisDerived || c.Basis == schema.BasisNote || !r.Applies(c.Code) || ind.Combine == schema.CombineRatio {
				continue
			}
			key := schema.CellKey{Indicator: r.Indicator, Column: c.Code}
			sum, n := decimal.Zero, 0
			for _, u := range ft.Units {
				if v, ok := ft.ByUnit[u.Code][key]; ok {
					if ind.Combine == schema.CombineSingle && n > 0 {
						continue // one unit reports it; a second report does not add
					}
					sum, n = sum.Add(v.Number.Decimal()), n+1
				}
			}
			if n > 0 {
				ft.Province[key] = schema.NumberOf(sum)
			}
		}
	}
	for _, r := range f.Rows {
		ind := p.Indicator(r.Indicator)
		if r.Heading != "" || ind == nil || ind.Combine != schema.CombineRatio {
			continue
		}
		for _, c := range f.Columns {
			key := schema.CellKey{Indicator: r.Indicator, Column: c.Code}
			num, ok1 := ft.Province[schema.CellKey{Indicator: ind.Numerator, Column: c.Code}]
			den, ok2 := ft.Province[schema.CellKey{Indicator: ind.Denominator, Column: c.Code}]
			if ok1 && ok2 && !den.Decimal().IsZero() && r.Applies(c.Code) && c.Basis != schema.BasisNote && c.Basis != schema.BasisDerived {
				ft.Province[key] = schema.NumberOf(num.Decimal().Mul(ind.Scale.Decimal()).DivRound(den.Decimal(), 12))
			}
		}
	}
}

// Derived computes a derived column of the province's figures for an indicator; ok is false
// when a figure it needs is missing or a division by zero occurs.
func (ft *FormTotals) Derived(indicator string, c *schema.Column) (float64, bool) {
	e, err := schema.ParseFormula(c.Formula)
	if err != nil {
		return 0, false
	}
	return e.Eval(func(code string) (float64, bool) {
		v, ok := ft.Province[schema.CellKey{Indicator: indicator, Column: code}]
		return v.Float(), ok
	})
}

// cellOf is where a value was read, for the provenance sheet.
func (v Value) cellOf() string { return xlsx.Cell(v.Row, v.Col) }
