package store

import (
	"context"

	"chitieu/consolidate"
	"chitieu/schema"
)

// History returns the figures of the current valid reports of the earlier periods a province
// workbook for period reads (consolidate.HistoryPeriods): the store as consolidation's history.
// It reads only those periods, so it costs the years of the targets' spans and the units, not
// every month ever received.
func (s *Store) History(ctx context.Context, p *schema.Plan, period schema.Period) (consolidate.History, error) {
	var periods []string
	for _, per := range consolidate.HistoryPeriods(p, period) {
		periods = append(periods, per.String())
	}
	var h consolidate.History
	err := s.Figures(ctx, FigureQuery{Periods: periods}, func(r FigureRow) error {
		per, err := schema.ParsePeriod(r.Period)
		if err != nil || r.Value == "" {
			return nil // a note without a figure, or a period this program cannot read
		}
		v, err := schema.NewNumber(r.Value)
		if err != nil {
			return err
		}
		h = append(h, consolidate.Figure{Period: per, Form: r.Form, Unit: r.Unit, Indicator: r.Indicator, Column: r.Column,
			Value: v, Status: schema.ActualStatus(r.Status), Note: r.Note, File: r.File, SHA256: r.SHA256, Sheet: r.Sheet, Cell: r.Cell})
		return nil
	})
	return h, err
}
