package store

import (
	"context"

	"chitieu/schema"
	"chitieu/validate"
)

// Reports returns the unit's current valid reports on the form, every period, with their figures:
// the store as the history validate checks a new report against (validate.History).
func (s *Store) Reports(ctx context.Context, form, unit string) ([]validate.Reported, error) {
	var out []validate.Reported
	at := map[int64]int{}
	err := s.Figures(ctx, FigureQuery{Form: form, Unit: unit}, func(r FigureRow) error {
		i, ok := at[r.SubmissionID]
		if !ok {
			per, err := schema.ParsePeriod(r.Period)
			if err != nil {
				return nil // a period this program cannot read is not history it can use
			}
			i = len(out)
			at[r.SubmissionID] = i
			out = append(out, validate.Reported{Period: per, Values: map[schema.CellKey]schema.Number{}, File: r.File})
		}
		if r.Value == "" {
			return nil
		}
		v, err := schema.NewNumber(r.Value)
		if err != nil {
			return err
		}
		out[i].Values[schema.CellKey{Indicator: r.Indicator, Column: r.Column}] = v
		return nil
	})
	return out, err
}
