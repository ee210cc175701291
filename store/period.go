package store

import (
	"context"
	"slices"
)

// PeriodFiles returns the archived files that stand for the period's reports: for each form and
// unit, its current valid report, or when it has none its latest invalid one (so that the province
// workbook lists why it was excluded). Superseded files are left out: a corrected report replaces
// the one before it.
func (s *Store) PeriodFiles(ctx context.Context, period string) ([]string, error) {
	subs, err := s.Submissions(ctx, Filter{Period: period, Current: true})
	if err != nil {
		return nil, err
	}
	type key struct{ form, unit string }
	chosen := map[key]Submission{}
	var order []key
	for _, sub := range subs {
		k := key{sub.Form, sub.Unit}
		old, seen := chosen[k]
		if !seen {
			order = append(order, k)
		}
		if !seen || (sub.Valid && !old.Valid) || (sub.Valid == old.Valid && sub.Seq > old.Seq) {
			chosen[k] = sub
		}
	}
	var out []string
	for _, k := range order {
		p, err := s.Path(chosen[k].SHA256)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	slices.Sort(out)
	return out, nil
}
