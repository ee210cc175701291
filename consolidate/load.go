package consolidate

import (
	"context"

	"chitieu/schema"
	"chitieu/store"
)

// Load reads from the store's index what a province workbook for period needs, and opens no
// archived file: the period's current submissions (Current) and the figures of the earlier
// periods the workbook reads (HistoryPeriods).
func Load(ctx context.Context, st *store.Store, p *schema.Plan, period schema.Period) ([]store.Submission, History, error) {
	subs, err := Current(ctx, st, period)
	if err != nil {
		return nil, nil, err
	}
	hist, err := st.History(ctx, HistoryPeriods(p, period))
	return subs, hist, err
}

// Current reads the period's current submissions from the store's index — the valid copy that
// counts and the latest invalid one, so that the workbook says why it was excluded — with their
// figures and findings. It needs no plan, so a command may read them while its plan is read.
func Current(ctx context.Context, st *store.Store, period schema.Period) ([]store.Submission, error) {
	return st.Submissions(ctx, store.Filter{Period: period.String(), Current: true, WithFigures: true, WithFindings: true})
}
