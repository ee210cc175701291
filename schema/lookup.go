package schema

import "slices"

// Indicator returns the indicator with the code, or nil.
func (p *Plan) Indicator(code string) *Indicator {
	if i := slices.IndexFunc(p.Indicators, func(x Indicator) bool { return x.Code == code }); i >= 0 {
		return &p.Indicators[i]
	}
	return nil
}

// Unit returns the reporting unit with the code, or nil. Units are indexed on first use (and
// again when units were added), as a plan may have thousands of communes.
func (p *Plan) Unit(code string) *Unit {
	p.unitMu.Lock()
	defer p.unitMu.Unlock()
	if p.unitIndex == nil || p.unitCount != len(p.Units) || (len(p.Units) > 0 && &p.Units[0] != p.unitBase) {
		p.unitIndex = make(map[string]int, len(p.Units))
		for i := len(p.Units) - 1; i >= 0; i-- {
			p.unitIndex[p.Units[i].Code] = i // the first of duplicates wins, as lint reports the later
		}
		p.unitCount = len(p.Units)
		if len(p.Units) > 0 {
			p.unitBase = &p.Units[0]
		}
	}
	if i, ok := p.unitIndex[code]; ok {
		return &p.Units[i]
	}
	return nil
}

// Form returns the form with the id, or nil.
func (p *Plan) Form(id string) *Form {
	if i := slices.IndexFunc(p.Forms, func(x Form) bool { return x.ID == id }); i >= 0 {
		return &p.Forms[i]
	}
	return nil
}

// Source returns the source with the id, or nil.
func (p *Plan) Source(id string) *Source {
	if i := slices.IndexFunc(p.Sources, func(x Source) bool { return x.ID == id }); i >= 0 {
		return &p.Sources[i]
	}
	return nil
}

// Assumption returns the assumption with the id, or nil.
func (p *Plan) Assumption(id string) *Assumption {
	if i := slices.IndexFunc(p.Assumptions, func(x Assumption) bool { return x.ID == id }); i >= 0 {
		return &p.Assumptions[i]
	}
	return nil
}

// Column returns the form's column with the code, or nil.
func (f *Form) Column(code string) *Column {
	if i := slices.IndexFunc(f.Columns, func(x Column) bool { return x.Code == code }); i >= 0 {
		return &f.Columns[i]
	}
	return nil
}

// Row returns the form's row for the indicator, or nil.
func (f *Form) Row(indicator string) *Row {
	if i := slices.IndexFunc(f.Rows, func(x Row) bool { return x.Indicator == indicator && x.Heading == "" }); i >= 0 {
		return &f.Rows[i]
	}
	return nil
}

// Applies reports whether the row has a cell in the column.
func (r *Row) Applies(column string) bool {
	return len(r.Columns) == 0 || slices.Contains(r.Columns, column)
}

// ValidOn reports whether the unit exists on the day d.
func (u *Unit) ValidOn(d Date) bool {
	return (u.ValidFrom.IsZero() || !d.Before(u.ValidFrom.Time)) && (u.ValidTo.IsZero() || !d.After(u.ValidTo.Time))
}

// Additive reports whether the indicator's values add up across units and months.
func (ind *Indicator) Additive() bool {
	return ind.Combine == CombineSum && (ind.Kind == KindLevel || ind.Kind == KindCount)
}

// FormIDs returns the ids of the plan's forms, in the plan's order.
func (p *Plan) FormIDs() []string { return codesOf(p.Forms, func(f Form) string { return f.ID }) }

// YearPlan returns the province's plan figure for an indicator in a year: the value of a target
// of the whole province for exactly that year (a level, a share, or a growth rate for the year),
// in the indicator's unit. A band ("range") or a multi-year target gives none: there is no one
// figure to put in a form's "Kế hoạch năm" column.
func (p *Plan) YearPlan(indicator string, year int) (Number, bool) {
	ind := p.Indicator(indicator)
	if ind == nil {
		return Number{}, false
	}
	for i := range p.Targets {
		t := &p.Targets[i]
		if t.Indicator != indicator || t.Scope != "" || t.Period.From != year || t.Period.To != year || t.Comparator == Between || !t.Value.IsSet() {
			continue
		}
		v := t.Value
		if t.Measure != MeasureGrowth {
			var ok bool
			if v, ok = ConvertUnit(t.Value, t.Unit, ind.Unit); !ok {
				continue
			}
		}
		return v, true
	}
	return Number{}, false
}

// FormPredecessors returns the forms a form succeeded (succeeded_by), nearest first: the forms
// whose series it carries across a reform (03/CT-X after 03/CT-H).
func (p *Plan) FormPredecessors(id string) []*Form {
	var out []*Form
	seen := map[string]bool{id: true}
	for cur := id; ; {
		var prev *Form
		for i := range p.Forms {
			if f := &p.Forms[i]; f.SucceededBy == cur && !seen[f.ID] {
				prev = f
				break
			}
		}
		if prev == nil {
			return out
		}
		seen[prev.ID] = true
		out = append(out, prev)
		cur = prev.ID
	}
}

// UnitPredecessors returns the units a unit succeeded (succeeded_by), nearest first: whose
// reports stand for its own before it existed (TKT after CTK, STC after SKHDT). A unit made
// new by a reform (a commune of 1 July 2025) has none.
func (p *Plan) UnitPredecessors(code string) []*Unit {
	var out []*Unit
	seen := map[string]bool{code: true}
	for cur := code; ; {
		var prev *Unit
		for i := range p.Units {
			if u := &p.Units[i]; u.SucceededBy == cur && !seen[u.Code] {
				prev = u
				break
			}
		}
		if prev == nil {
			return out
		}
		seen[prev.Code] = true
		out = append(out, prev)
		cur = prev.Code
	}
}
