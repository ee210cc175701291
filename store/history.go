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
	if err := loadFigures(ctx, s.reads, out, placeholders(len(ids)), ids); err != nil {
		return nil, err
	}
	return out, nil
}

// Earlier is one of a unit's earlier reports as a new report is checked against it: its period,
// the name of its file, and the values of its figures by indicator and column.
type Earlier struct {
	Period schema.Period
	Name   string
	Values map[schema.CellKey]schema.Number
}

// Earlier is Reports for checking a new report against the unit's history (intake.History): the
// chosen reports' periods, file names and values only. Every file received reads up to a year of
// them, and reading their whole rows (every column of the submission and of each figure) was a
// fifth of the CPU of receiving 5 000 files of 25 years.
func (s *Store) Earlier(ctx context.Context, form, unit string, choose func([]schema.Period) []int) (_ []Earlier, err error) {
	defer s.explain(&err)
	rows, err := s.reads.QueryContext(ctx, `SELECT s.id, s.period, f.name FROM submissions s JOIN files f ON f.sha256 = s.sha256
		WHERE s.form = ? AND s.unit = ? AND s.valid = 1 AND s.superseded_by IS NULL ORDER BY f.seq`, form, unit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	var all []Earlier
	for rows.Next() {
		var id int64
		var period, name string
		if err := rows.Scan(&id, &period, &name); err != nil {
			return nil, err
		}
		if p, err := schema.ParsePeriod(period); err == nil {
			ids, all = append(ids, id), append(all, Earlier{Period: p, Name: name})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	periods := make([]schema.Period, len(all))
	for i, e := range all {
		periods[i] = e.Period
	}
	var out []Earlier
	var args []any
	at := map[int64]int{} // submission ID → index in out
	for _, i := range choose(periods) {
		if _, seen := at[ids[i]]; seen {
			continue // a report chosen twice is returned once
		}
		at[ids[i]] = len(out)
		e := all[i]
		e.Values = map[schema.CellKey]schema.Number{}
		out = append(out, e)
		args = append(args, ids[i])
	}
	if len(out) == 0 {
		return nil, nil
	}
	// The chosen reports' values in one query; a figure without a value (a note alone) is none.
	vals, err := s.reads.QueryContext(ctx, `SELECT submission_id, indicator, col, value FROM figures
		WHERE submission_id IN (`+placeholders(len(args))+`) AND value <> '' ORDER BY submission_id, ord`, args...)
	if err != nil {
		return nil, err
	}
	defer vals.Close()
	for vals.Next() {
		var id int64
		var k schema.CellKey
		var value string
		if err := vals.Scan(&id, &k.Indicator, &k.Column, &value); err != nil {
			return nil, err
		}
		if n, err := numberOf(value); err != nil {
			return nil, err
		} else if n.IsSet() {
			out[at[id]].Values[k] = n
		}
	}
	return out, vals.Err()
}
