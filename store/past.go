package store

import (
	"context"

	"chitieu/schema"
)

// History returns the figures with a value of the current valid reports of the given periods
// (for a province workbook, consolidate.HistoryPeriods): the store as consolidation's history.
// It reads only those periods, so it costs the years asked for and the units, not every month
// ever received.
func (s *Store) History(ctx context.Context, periods []schema.Period) (_ []schema.Figure, err error) {
	defer s.explain(&err)
	q := FigureQuery{Periods: []string{}}
	for _, p := range periods {
		q.Periods = append(q.Periods, p.String())
	}
	if len(q.Periods) == 0 {
		return nil, nil
	}
	var h []schema.Figure
	err = s.Figures(ctx, q, func(r FigureRow) error {
		if r.Value.IsSet() { // not a note without a figure
			h = append(h, r.Figure)
		}
		return nil
	})
	return h, err
}
