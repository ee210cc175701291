package consolidate

import (
	"context"
	"time"

	"chitieu/schema"
	"chitieu/store"
)

// FromStore consolidates period from the store's index — the period's submissions (Current) and
// the earlier periods' figures (History), the office's approvals — dated date: the one recipe of
// `consolidate --store`, the office board's workbook and the demo, so that the three give the
// same workbook. With approvedOnly only the reports the office approved are used. A model with no
// Files means the store holds no report of the period.
func FromStore(ctx context.Context, st *store.Store, p *schema.Plan, period schema.Period, date time.Time, approvedOnly bool) (*Model, error) {
	subs, err := Current(ctx, st, period)
	if err != nil {
		return nil, err
	}
	return FromCurrent(ctx, st, p, period, date, approvedOnly, subs)
}

// FromCurrent is FromStore with the period's submissions already read (Current), from a store
// that holds p.
func FromCurrent(ctx context.Context, st *store.Store, p *schema.Plan, period schema.Period, date time.Time, approvedOnly bool, subs []store.Submission) (*Model, error) {
	if err := st.Holds(p.ID); err != nil {
		return nil, err
	}
	hist, err := st.History(ctx, HistoryPeriods(p, period))
	if err != nil {
		return nil, err
	}
	ap := &Approval{Only: approvedOnly}
	if ap.Approved, err = st.Approvals(ctx, period.String()); err != nil {
		return nil, err
	}
	// The copies replaced since, by name only: the workbook lists every file received.
	replaced, err := st.Submissions(ctx, store.Filter{Period: period.String(), Superseded: true})
	if err != nil {
		return nil, err
	}
	m := BuildReviewed(p, period, subs, date, hist, ap)
	m.addReplaced(replaced)
	return m, nil
}
