package consolidate

import (
	"context"

	"chitieu/schema"
	"chitieu/store"
)

// Load reads from the store's index what a province workbook for period needs, and opens no
// archived file: the period's current submissions (the valid copy that counts and the latest
// invalid one, so that the workbook says why it was excluded) with their figures and findings,
// and the figures of the earlier periods the workbook reads (HistoryPeriods).
func Load(ctx context.Context, st *store.Store, p *schema.Plan, period schema.Period) ([]store.Submission, History, error) {
	subs, err := st.Submissions(ctx, store.Filter{Period: period.String(), Current: true, WithFigures: true, WithFindings: true})
	if err != nil {
		return nil, nil, err
	}
	hist, err := st.History(ctx, HistoryPeriods(p, period))
	return subs, hist, err
}
