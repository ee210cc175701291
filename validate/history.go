package validate

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/shopspring/decimal"

	"chitieu/finding"
	"chitieu/schema"
)

// History is what the office already holds of a unit's reports on one form. The store is one.
type History interface {
	// Reports returns the unit's valid reports that bear on a report for period: those of the
	// same kind of period — at least the Recent latest ending before it, and the one that
	// continues it (the next month, received first) — with their figures.
	Reports(ctx context.Context, form, unit string, period schema.Period) ([]Reported, error)
}

// Recent is how many earlier reports of a unit a History gives at least: a year of months, the
// outlier check's window.
const Recent = 12

// Bearing picks, among reports of many periods, those History.Reports gives for period: the same
// kind of period, the Recent latest ending before it, and the one whose previous period it is.
func Bearing(periods []schema.Period, period schema.Period) []int {
	var before []int
	var out []int
	for i, p := range periods {
		if p.Freq != period.Freq || p == period {
			continue
		}
		if prev, ok := p.Previous(); ok && prev == period {
			out = append(out, i)
			continue
		}
		if p.End().Before(period.End()) {
			before = append(before, i)
		}
	}
	slices.SortFunc(before, func(a, b int) int { return periods[b].End().Compare(periods[a].End()) })
	return append(out, before[:min(len(before), Recent)]...)
}

// Reported is one earlier valid report: its period, its figures by indicator and column, and the
// name of the file that carried them.
type Reported struct {
	Period schema.Period
	Values map[schema.CellKey]schema.Number
	File   string
}

// outlierFactor is how far from a unit's own usual figure a new one may stand before it is
// questioned: ten times more or less is a unit of measure mistyped (tấn for nghìn tấn), not a
// good or bad month.
const outlierFactor = 10

// loneOutlierFactor is outlierFactor against a single earlier figure, which may itself be the
// odd one or the start of a real change: a hundred times more or less is still a unit of measure
// mistyped (a thousand, for tấn and nghìn tấn), never a year's growth.
const loneOutlierFactor = 100

// CheckHistory checks a file against the unit's earlier reports and adds what it finds to the
// file's findings: a year-to-date figure that is not the previous period's year-to-date plus
// this period's (a `rule` error naming both files), and a figure ten times above or below the
// unit's own usual one for periods of the same kind (an `outlier` warning). Only a valid file is
// checked, and only additive figures (levels and counts).
func CheckHistory(ctx context.Context, p *schema.Plan, f *File, h History) error {
	if h == nil || !f.Valid() || f.Checked == nil || f.Checked.Form == nil || f.Checked.Unit == nil {
		return nil
	}
	c := f.Checked
	reports, err := h.Reports(ctx, c.Form.ID, c.Unit.Code, c.Period)
	if err != nil {
		return err
	}
	var same []Reported // earlier reports of the same kind of period, latest first
	var prev, next *Reported
	want, hasPrev := c.Period.Previous()
	for i := range reports {
		r := &reports[i]
		if r.Period.Freq != c.Period.Freq || r.Period == c.Period {
			continue
		}
		if after, ok := r.Period.Previous(); ok && after == c.Period {
			next = r // a later report that continues this one, received first
		}
		if !r.Period.End().Before(c.Period.End()) {
			continue
		}
		same = append(same, *r)
		if hasPrev && r.Period == want {
			prev = r
		}
	}
	slices.SortFunc(same, func(a, b Reported) int { return b.Period.End().Compare(a.Period.End()) })
	var current, ytd *schema.Column
	for i := range c.Form.Columns {
		switch col := &c.Form.Columns[i]; col.Basis {
		case schema.BasisPeriod:
			current = col
		case schema.BasisYTD:
			ytd = col
		}
	}
	for _, r := range c.Form.Rows {
		ind := p.Indicator(r.Indicator)
		if r.Heading == "" && ind != nil && ind.Unit == "%" && (ind.Kind == schema.KindShare || ind.Kind == schema.KindGrowth) {
			percentHistory(f, same, ind, r.Indicator)
			continue
		}
		if r.Heading != "" || ind == nil || (ind.Kind != schema.KindLevel && ind.Kind != schema.KindCount) {
			continue
		}
		if prev != nil && current != nil && ytd != nil {
			continuity(f, prev, ind, r.Indicator, current, ytd)
		}
		if next != nil && current != nil && ytd != nil {
			continuedBy(f, next, ind, r.Indicator, current, ytd)
		}
		if current != nil {
			outlier(f, same, ind, r.Indicator, current)
		}
	}
	f.Findings.Sort()
	return nil
}

// continuity checks that this period's year to date is the previous one's plus this period, to
// the indicator's decimals (each figure rounded, so twice the half-unit of the last decimal).
func continuity(f *File, prev *Reported, ind *schema.Indicator, indicator string, current, ytd *schema.Column) {
	vals := f.Checked.Values
	th, ok1 := vals[schema.CellKey{Indicator: indicator, Column: current.Code}]
	lk, ok2 := vals[schema.CellKey{Indicator: indicator, Column: ytd.Code}]
	before, ok3 := prev.Values[schema.CellKey{Indicator: indicator, Column: ytd.Code}]
	if !ok1 || !ok2 || !ok3 {
		return
	}
	want, broken := breaks(before, th, lk, ind)
	if !broken {
		return
	}
	label := ind.NameText()
	f.Findings.Add(finding.Finding{Severity: finding.Error, Code: "rule", Indicator: indicator, Column: ytd.Code, Value: lk.String(),
		Cell: f.cellOf(indicator, ytd.Code),
		Detail: finding.Textf("%s — %s: %s, nhưng lũy kế kỳ trước (%s, tệp %s) là %s cộng %s kỳ này là %s. Hãy kiểm tra lại số lũy kế, hoặc gửi lại báo cáo kỳ trước nếu số kỳ trước đã được điều chỉnh.",
			"%s — %s: %s, but the previous period's year to date (%s, file %s) is %s, plus this period's %s makes %s. Check the year-to-date figure, or send the previous period's report again if its figure was revised.",
			label, ytd.NameText(), lk, prev.Period.String(), prev.File, before, th, schema.NumberOf(want))})
}

// breaks reports whether a year to date is not the one before plus the period's figure, to the
// indicator's decimals (each figure rounded, so a unit of the last decimal); want is what it
// should be.
func breaks(before, th, lk schema.Number, ind *schema.Indicator) (want decimal.Decimal, broken bool) {
	want = before.Decimal().Add(th.Decimal())
	tol := decimal.New(1, -int32(ind.DecimalPlaces()))
	return want, want.Sub(lk.Decimal()).Abs().GreaterThan(tol)
}

// continuedBy checks the same for a later report already in the store, received before this
// one (February before January): the later year to date must be this one's plus its own period.
func continuedBy(f *File, next *Reported, ind *schema.Indicator, indicator string, current, ytd *schema.Column) {
	lk, ok1 := f.Checked.Values[schema.CellKey{Indicator: indicator, Column: ytd.Code}]
	nth, ok2 := next.Values[schema.CellKey{Indicator: indicator, Column: current.Code}]
	nlk, ok3 := next.Values[schema.CellKey{Indicator: indicator, Column: ytd.Code}]
	if !ok1 || !ok2 || !ok3 {
		return
	}
	want, broken := breaks(lk, nth, nlk, ind)
	if !broken {
		return
	}
	f.Findings.Add(finding.Finding{Severity: finding.Error, Code: "rule", Indicator: indicator, Column: ytd.Code, Value: lk.String(),
		Cell: f.cellOf(indicator, ytd.Code),
		Detail: finding.Textf("%s — %s: %s, nhưng báo cáo kỳ sau đã nhận (%s, tệp %s) có lũy kế %s, không bằng %s cộng %s của kỳ đó (%s). Hãy kiểm tra lại số lũy kế của hai kỳ.",
			"%s — %s: %s, but the later report already received (%s, file %s) has a year to date of %s, not %s plus its own %s (%s). Check the year-to-date figures of both periods.",
			ind.NameText(), ytd.NameText(), lk, next.Period.String(), next.File, nlk, lk, nth, schema.NumberOf(want))})
}

// outlier compares this period's figure with the median of the unit's own last (up to twelve)
// figures for periods of the same kind.
func outlier(f *File, same []Reported, ind *schema.Indicator, indicator string, current *schema.Column) {
	key := schema.CellKey{Indicator: indicator, Column: current.Code}
	v, ok := f.Checked.Values[key]
	if !ok || v.Decimal().IsZero() {
		return
	}
	var past []float64
	var files []string
	for _, r := range same {
		if x, ok := r.Values[key]; ok && !x.Decimal().IsZero() {
			past = append(past, x.Float())
			files = append(files, r.Period.String())
			if len(past) == 12 {
				break
			}
		}
	}
	if len(past) == 0 {
		return
	}
	at := func(x float64) schema.Number {
		return schema.NumberOf(decimal.NewFromFloat(x).Round(int32(ind.DecimalPlaces())))
	}
	cell := f.cellOf(indicator, current.Code)
	if len(past) == 1 {
		ratio := v.Float() / past[0]
		if ratio <= 0 || ratio < loneOutlierFactor && ratio > 1.0/loneOutlierFactor { // a change of sign is no unit's mistake
			return
		}
		f.Findings.Add(finding.Finding{Severity: finding.Warning, Code: "outlier", Indicator: indicator, Column: current.Code, Value: v.String(), Cell: cell,
			Detail: finding.Textf("%s — %s: %s bằng %s lần số của đơn vị kỳ %s (%s).",
				"%s — %s: %s is %s times the unit's figure for %s (%s).",
				ind.NameText(), current.NameText(), v, timesOf(ratio), files[0], at(past[0])).Plus(unitHint(ind))})
		return
	}
	slices.Sort(past)
	med := past[len(past)/2]
	if len(past)%2 == 0 {
		med = (past[len(past)/2-1] + past[len(past)/2]) / 2
	}
	ratio := v.Float() / med
	if ratio <= 0 || ratio < outlierFactor && ratio > 1.0/outlierFactor {
		return
	}
	slices.Sort(files)
	f.Findings.Add(finding.Finding{Severity: finding.Warning, Code: "outlier", Indicator: indicator, Column: current.Code, Value: v.String(), Cell: cell,
		Detail: finding.Textf("%s — %s: %s bằng %s lần mức thường thấy của đơn vị (trung vị %s của các kỳ %s).",
			"%s — %s: %s is %s times the unit's usual figure (median %s over %s).",
			ind.NameText(), current.NameText(), v, timesOf(ratio), at(med), fmt.Sprint(files)).Plus(unitHint(ind))})
}

// percentHistory warns about a share or rate (in %) that reads as a hundred times smaller than the
// unit's own figures of it for earlier periods of the same kind (the latest twelve): "38.45%"
// typed into a cell without percent format stores 0,3845. The row's own references (the plan, the
// same period last year in the file) are percentTooSmall's; this is for a row whose file gives
// none, and a cell it has already questioned is not questioned twice.
func percentHistory(f *File, same []Reported, ind *schema.Indicator, indicator string) {
	for ci := range f.Checked.Form.Columns {
		col := &f.Checked.Form.Columns[ci]
		key := schema.CellKey{Indicator: indicator, Column: col.Code}
		v, ok := f.Checked.Values[key]
		if !ok || col.Basis == schema.BasisDerived {
			continue
		}
		var refs []reference
		for _, r := range same {
			if x, ok := r.Values[key]; ok {
				refs = append(refs, reference{r.Period.String(), x.Float()})
				if len(refs) == 12 {
					break
				}
			}
		}
		ref, ok := hundredfold(v.Float(), refs)
		if !ok {
			continue
		}
		cell := f.cellOf(indicator, col.Code)
		if slices.ContainsFunc(f.Findings, func(x finding.Finding) bool {
			return x.Code == "outlier" && x.Indicator == indicator && x.Column == col.Code
		}) {
			continue
		}
		shown := schema.NumberOf(v.Decimal().Mul(decimal.NewFromInt(100)))
		f.Findings.Add(finding.Finding{Severity: finding.Warning, Code: "outlier", Indicator: indicator, Column: col.Code, Value: v.String(), Cell: cell,
			Detail: finding.Textf(
				"%s — %s: %s%% nhỏ hơn khoảng 100 lần số đơn vị đã báo cáo cho kỳ %s (%s%%), còn %s%% thì gần số đó: có lẽ đã gõ \"%s%%\" vào ô không định dạng phần trăm, và bảng tính lưu %s. Nếu đúng là %s%%, hãy gõ %s (không có dấu %%).",
				"%s — %s: %s%% is about a hundred times smaller than the unit's own figure for %s (%s%%), while %s%% is near it: \"%s%%\" was probably typed into a cell without percent format, which stores %s. If %s%% is meant, type %s (without the %% sign).",
				ind.NameText(), col.NameText(), v, ref.what, schema.NumberOf(decimal.NewFromFloat(ref.value).Round(2)), shown, shown, v, shown, shown)})
	}
}

// cellOf is where an indicator's value in a column stands in the file.
func (f *File) cellOf(indicator, column string) finding.Cell {
	c := finding.Cell{File: f.Path}
	if f.Sub != nil {
		c.Sheet, c.Row, c.Col = f.Sub.Sheet, f.Sub.Rows[indicator], f.Sub.Cols[column]
	}
	return c
}

// timesOf is a ratio as a message says it ("… is 18.59 times …"): to two decimals, and a ratio
// below a tenth to two significant digits, so that 7 against 7 222 reads 0.00097 times, not 0.
func timesOf(ratio float64) schema.Number {
	places := int32(2)
	if ratio > 0 && ratio < 0.1 {
		places = 1 - int32(math.Floor(math.Log10(ratio)))
	}
	return schema.NumberOf(decimal.NewFromFloat(ratio).Round(places))
}

// unitHint ends an outlier's message: what to check, naming the row's unit of measure (a figure
// ten or a thousand times off is most often one typed in another unit: tấn for nghìn tấn, triệu
// đồng for tỷ đồng).
func unitHint(ind *schema.Indicator) finding.Text {
	if ind.Unit == "" {
		return finding.Text{VI: " Kiểm tra lại đơn vị tính.", EN: " Check the unit of measure."}
	}
	return finding.Textf(" Kiểm tra lại đơn vị tính: số liệu của dòng này tính bằng %s.", " Check the unit of measure: this row's figures are in %s.", schema.UnitText(ind.Unit))
}
