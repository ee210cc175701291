package store

import (
	"context"

	"chitieu/schema"
	"chitieu/validate"
)

// Reports returns the unit's current valid reports on the form that bear on a report for period
// (validate.Bearing), with their figures: the store as the history validate checks a new report
// against (validate.History). It reads the figures of those reports only, so that a unit's
// hundredth year costs what its second does.
func (s *Store) Reports(ctx context.Context, form, unit string, period schema.Period) ([]validate.Reported, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT s.id, s.period, f.name FROM submissions s JOIN files f ON f.sha256 = s.sha256
		WHERE s.form = ? AND s.unit = ? AND s.valid = 1 AND s.superseded_by IS NULL`, form, unit)
	if err != nil {
		return nil, err
	}
	var ids []int64
	var periods []schema.Period
	var names []string
	for rows.Next() {
		var id int64
		var per, name string
		if err := rows.Scan(&id, &per, &name); err != nil {
			rows.Close()
			return nil, err
		}
		if p, err := schema.ParsePeriod(per); err == nil {
			ids, periods, names = append(ids, id), append(periods, p), append(names, name)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []validate.Reported
	for _, i := range validate.Bearing(periods, period) {
		r := validate.Reported{Period: periods[i], Values: map[schema.CellKey]schema.Number{}, File: names[i]}
		figs, err := loadFigures(ctx, s.db, ids[i])
		if err != nil {
			return nil, err
		}
		for _, g := range figs {
			if g.Value == "" {
				continue
			}
			v, err := schema.NewNumber(g.Value)
			if err != nil {
				return nil, err
			}
			r.Values[schema.CellKey{Indicator: g.Indicator, Column: g.Column}] = v
		}
		out = append(out, r)
	}
	return out, nil
}
