package intake

import (
	"context"
	"path/filepath"

	"chitieu/schema"
	"chitieu/store"
	"chitieu/validate"
)

// Submission is a checked file as the store files it: what it says it is and the check's verdict,
// every finding as data, and its figures (validate's File.Figures, the one derivation).
func Submission(f *validate.File) store.Submission {
	return store.Submission{SHA256: f.SHA256, Name: filepath.Base(f.Path), Report: f.Report(),
		Findings: f.Findings, Figures: f.Figures()}
}

// SubmissionFrom is Submission for a file that came from somewhere: under the name it came with,
// and, through a unit's link or address, with that unit as its sender — refused for its sender
// (filed under the sender as evidence only) when it names another unit (Refused). A file that
// cannot be read is filed as the report its name and link give, if they give one of p (named).
func SubmissionFrom(p *schema.Plan, f *validate.File, from From) store.Submission {
	form, unit, period, ok := named(p, f, from) // before f's findings are taken: it adds one
	sub := Submission(f)
	if ok {
		sub.Form, sub.Unit, sub.Period = form, unit, period
	}
	if from.Name != "" {
		sub.Name = from.Name
	}
	if from.Unit != "" {
		sub.Sender, sub.Refused = from.Unit, Refused(f)
	}
	return sub
}

// History is the store as the history validate checks a new report against (validate.History):
// the unit's current valid reports that bear on the period (validate.Bearing), with their figures.
type History struct{ Store *store.Store }

// Reports returns the unit's reports on the form that bear on a report for period.
func (h History) Reports(ctx context.Context, form, unit string, period schema.Period) ([]validate.Reported, error) {
	earlier, err := h.Store.Earlier(ctx, form, unit, func(periods []schema.Period) []int { return validate.Bearing(periods, period) })
	if err != nil {
		return nil, err
	}
	out := make([]validate.Reported, 0, len(earlier))
	for _, e := range earlier {
		out = append(out, validate.Reported{Period: e.Period, Values: e.Values, File: e.Name})
	}
	return out, nil
}

// Report returns the figures of the unit's current valid report on form for period, and whether
// there is one: last year's report a template is pre-filled from (templates.Prior).
func (h History) Report(ctx context.Context, form, unit string, period schema.Period) (map[schema.CellKey]schema.Number, bool, error) {
	subs, err := h.Store.Reports(ctx, form, unit, func(periods []schema.Period) []int {
		for i, p := range periods {
			if p == period {
				return []int{i}
			}
		}
		return nil
	})
	if err != nil || len(subs) == 0 {
		return nil, false, err
	}
	values := map[schema.CellKey]schema.Number{}
	for _, x := range subs[0].Figures {
		if x.Value.IsSet() {
			values[x.Key()] = x.Value
		}
	}
	return values, true, nil
}
