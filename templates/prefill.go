package templates

import (
	"context"

	"chitieu/finding"
	"chitieu/schema"
)

// Prior is what the office already holds of a unit's reports: the store (intake.History) is one.
type Prior interface {
	// Report returns the figures of the unit's current valid report on form for period, by
	// indicator and column, and whether there is one.
	Report(ctx context.Context, form, unit string, period schema.Period) (map[schema.CellKey]schema.Number, bool, error)
}

// Prefill fills each layout's Known with what the office already has for its input cells: the
// year's plan figure from the plan ("Kế hoạch năm"), and, from prior, the same period of last
// year ("Cùng kỳ năm trước"): the unit's figure of that period in the column spanning the start
// of the year to its end (schema.Form.YearToDate, as the province workbook compares it). Across a
// succession the unit's or the form's predecessor reported it (TKT's 2025 forms carry CTK's 2024
// figures, STC's SKHDT's). prior is nil when there is no store.
//
// It returns, for the reader, what could not be pre-filled and why (notPrefilled).
func Prefill(ctx context.Context, p *schema.Plan, layouts []*Layout, prior Prior) ([]finding.Text, error) {
	for _, l := range layouts {
		known, err := Known(ctx, p, l, prior)
		if err != nil {
			return nil, err
		}
		l.Known = known
	}
	return notPrefilled(p, layouts, prior != nil), nil
}

// Known is what Prefill fills one layout's Known with.
func Known(ctx context.Context, p *schema.Plan, l *Layout, prior Prior) (map[schema.CellKey]schema.Number, error) {
	out := map[schema.CellKey]schema.Number{}
	var last map[schema.CellKey]schema.Number // last year's figures, nil when none
	lastForm := l.Form                        // the form last year's figure was reported on
	year := l.Period.YearBefore()
	if prior != nil {
		forms := append([]*schema.Form{l.Form}, p.FormPredecessors(l.Form.ID)...)
		units := append([]*schema.Unit{l.Unit}, p.UnitPredecessors(l.Unit.Code)...)
	search:
		for _, f := range forms {
			for _, u := range units {
				values, ok, err := prior.Report(ctx, f.ID, u.Code, year)
				if err != nil {
					return nil, err
				}
				if ok {
					last, lastForm = values, f.ForPeriod(year)
					break search
				}
			}
		}
	}
	for _, r := range l.Rows {
		if r.Heading != "" {
			continue
		}
		for _, c := range l.Columns {
			if p.CellKind(r, c) != schema.CellInput || !r.Applies(c.Code) {
				continue
			}
			key := schema.CellKey{Indicator: r.Indicator, Column: c.Code}
			switch c.Basis {
			case schema.BasisPlan:
				if v, ok := p.YearPlan(r.Indicator, l.Period.Year); ok {
					out[key] = v
				}
			case schema.BasisPrior:
				if last == nil {
					continue
				}
				if from := lastForm.YearToDate(year, r); from != nil {
					if v, ok := last[schema.CellKey{Indicator: r.Indicator, Column: from.Code}]; ok {
						out[key] = v
					}
				}
			}
		}
	}
	return out, nil
}

// notPrefilled says, for each form whose "Cùng kỳ năm trước" column has nothing pre-filled,
// why: no store was given, or the store holds no report of the unit for the same period of last
// year — with, for a unit that succeeded another, whose report last year's was.
func notPrefilled(p *schema.Plan, layouts []*Layout, withStore bool) []finding.Text {
	var out []finding.Text
	noStore := 0
	for _, l := range layouts {
		var prior *schema.Column
		for i := range l.Columns {
			if l.Columns[i].Basis == schema.BasisPrior {
				prior = l.Columns[i]
			}
		}
		if prior == nil {
			continue
		}
		filled := false
		for k := range l.Known {
			filled = filled || k.Column == prior.Code
		}
		switch {
		case filled:
		case !withStore:
			noStore++
		default:
			msg := finding.Textf("biểu %s của %s (%s): cột «%s» để trống — kho chưa có báo cáo kỳ %s của đơn vị; đơn vị tự điền cột này.",
				"form %s of %s (%s): column %q left empty — the store holds no report of the unit for %s; the unit fills it in.",
				l.Form.ID, l.Unit.Code, l.Unit.Name, prior.Name, l.Period.YearBefore())
			// Known looked for the predecessors' reports too: say that none was there either.
			for _, u := range p.UnitPredecessors(l.Unit.Code) {
				msg = msg.Plus(finding.Textf(" Kho cũng chưa có báo cáo kỳ đó của %s (%s), đơn vị mà %s kế thừa.",
					" Nor does it hold one of %s (%s), which %s succeeded.", u.Code, u.Name, l.Unit.Code))
			}
			out = append(out, msg)
		}
	}
	if noStore > 0 {
		out = append(out, finding.Textf("cột «Cùng kỳ năm trước» của %d biểu để trống: không có kho (--store) để lấy báo cáo năm trước.",
			"the \"same period last year\" column of %d forms is left empty: no store (--store) to take last year's reports from.", noStore))
	}
	return out
}
