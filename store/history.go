package store

import (
	"context"
	"strings"

	"chitieu/schema"
)

// Reports returns some of the unit's current valid reports on the form, with their figures:
// choose is given the periods of all of them and returns the indexes of those wanted (the
// reports a new one is checked against, validate.Bearing). Only the chosen reports' figures are
// read, so that a unit's hundredth year costs what its second does.
func (s *Store) Reports(ctx context.Context, form, unit string, choose func([]schema.Period) []int) (_ []Submission, err error) {
	defer s.explain(&err)
	subs, err := loadSubmissions(ctx, s.reads, "s.form = ? AND s.unit = ? AND s.valid = 1 AND s.superseded_by IS NULL",
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
	var ids []any
	seen := map[int]bool{}
	for _, i := range choose(periods) {
		if seen[i] {
			continue // a report chosen twice is returned once
		}
		seen[i] = true
		out = append(out, subs[of[i]])
		ids = append(ids, subs[of[i]].ID)
	}
	if len(out) == 0 {
		return nil, nil
	}
	// The chosen reports' figures in one query.
	if err := loadFigures(ctx, s.reads, out, "?"+strings.Repeat(", ?", len(ids)-1), ids); err != nil {
		return nil, err
	}
	return out, nil
}
