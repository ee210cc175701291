package store

import (
	"context"

	"chitieu/schema"
)

// Reports returns some of the unit's current valid reports on the form, with their figures:
// choose is given the periods of all of them and returns the indexes of those wanted (the
// reports a new one is checked against, validate.Bearing). Only the chosen reports' figures are
// read, so that a unit's hundredth year costs what its second does.
func (s *Store) Reports(ctx context.Context, form, unit string, choose func([]schema.Period) []int) (_ []Submission, err error) {
	defer s.explain(&err)
	subs, err := loadSubmissions(ctx, s.db, "s.form = ? AND s.unit = ? AND s.valid = 1 AND s.superseded_by IS NULL",
		[]any{form, unit}, false, false)
	if err != nil {
		return nil, err
	}
	var periods []schema.Period
	var of []int // index in subs of each period
	for i, sub := range subs {
		if p, err := schema.ParsePeriod(sub.Period); err == nil {
			periods, of = append(periods, p), append(of, i)
		}
	}
	var out []Submission
	for _, i := range choose(periods) {
		sub := subs[of[i]]
		if sub.Figures, err = loadFigures(ctx, s.db, &sub); err != nil {
			return nil, err
		}
		out = append(out, sub)
	}
	return out, nil
}
