package validate

import (
	"math"

	"chitieu/finding"
	"chitieu/schema"

	"github.com/shopspring/decimal"
)

// percentTooSmall warns about a share or rate (in %) that reads as a hundred times too small:
// "38.45%" typed in LibreOffice into a cell formatted #,##0.0 stores 0,3845 and keeps the cell's
// format, so the percent-scaled check (which sees a %-formatted cell) does not fire and the
// figure would be judged as 0,38%. Whatever the cell's format, a value whose hundredfold is near
// what its own row says (the plan for the year, the same period last year, the row's other
// figures) or what the plan knows of the indicator, while the value itself is far below it, is
// an outlier.
func (k *checker) percentTooSmall() {
	f := k.out.Form
	for i := range f.Rows {
		r := &f.Rows[i]
		ind := k.p.Indicator(r.Indicator)
		if r.Heading != "" || ind == nil || ind.Unit != "%" || (ind.Kind != schema.KindShare && ind.Kind != schema.KindGrowth) {
			continue
		}
		refs := k.planFigures(ind)
		for ci := range f.Columns {
			c := &f.Columns[ci]
			if v, ok := k.out.Values[schema.CellKey{Indicator: r.Indicator, Column: c.Code}]; ok && c.Basis != schema.BasisDerived {
				refs = append(refs, reference{c.NameText(), v.Float()})
			}
		}
		for ci := range f.Columns {
			c := &f.Columns[ci]
			key := schema.CellKey{Indicator: r.Indicator, Column: c.Code}
			v, ok := k.out.Values[key]
			if !ok || c.Basis == schema.BasisDerived {
				continue
			}
			ref, ok := hundredfold(v.Float(), refs)
			if !ok {
				continue
			}
			shown := schema.NumberOf(v.Decimal().Mul(decimal.NewFromInt(100)))
			k.at(finding.Warning, "outlier", k.sub.Cells[key], key, finding.Textf(
				"%s — %s: %s%% nhỏ hơn khoảng 100 lần %s (%s%%), còn %s%% thì gần số đó: có lẽ đã gõ \"%s%%\" vào ô không định dạng phần trăm, và bảng tính lưu %s. Nếu đúng là %s%%, hãy gõ %s (không có dấu %%).",
				"%s — %s: %s%% is about a hundred times smaller than %s (%s%%), while %s%% is near it: \"%s%%\" was probably typed into a cell without percent format, which stores %s. If %s%% is meant, type %s (without the %% sign).",
				k.p.LabelText(r), c.NameText(), v, ref.what, schema.NumberOf(decimal.NewFromFloat(ref.value).Round(2)), shown, shown, v, shown, shown))
		}
	}
}

// reference is a figure a value is compared with, and what it is: a column of the row, the
// period of a figure of the plan, or a target.
type reference struct {
	what  any // a message argument: the column's name (finding.Text), a period, a target's ID
	value float64
}

// hundredfold returns the reference a value v (in %) looks a hundred times too small against:
// v is under a twentieth of it, and 100·v within half of it either way.
func hundredfold(v float64, refs []reference) (reference, bool) {
	if v == 0 || math.Abs(v) >= 5 {
		return reference{}, false
	}
	for _, r := range refs {
		a, b := math.Abs(v), math.Abs(r.value)
		if b >= 1 && a <= b/20 && math.Abs(100*a-b) <= b/2 {
			return r, true
		}
	}
	return reference{}, false
}

// planFigures are the figures and targets the plan knows for an indicator, newest last.
func (k *checker) planFigures(ind *schema.Indicator) []reference {
	var out []reference
	for _, a := range k.p.Actuals {
		if a.Indicator == ind.Code && a.Value.IsSet() {
			out = append(out, reference{a.Period.String(), a.Value.Float()})
		}
	}
	for _, t := range k.p.Targets {
		if t.Indicator == ind.Code && t.Value.IsSet() {
			out = append(out, reference{t.ID, t.Value.Float()})
		}
	}
	return out
}
