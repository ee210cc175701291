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
// Files means the store holds no report of the period. The period's submissions and the rest
// (ReadAround) are read at once, on connections of their own.
func FromStore(ctx context.Context, st *store.Store, p *schema.Plan, period schema.Period, date time.Time, approvedOnly bool) (*Model, error) {
	if err := st.Holds(p.ID); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var subs []store.Submission
	var err error
	done := make(chan struct{})
	go func() {
		defer close(done)
		subs, err = Current(ctx, st, period)
	}()
	around, aerr := ReadAround(ctx, st, p, period)
	if aerr != nil {
		cancel() // the submissions are of no use now
	}
	<-done
	if aerr != nil {
		return nil, aerr
	}
	if err != nil {
		return nil, err
	}
	return FromRead(p, period, date, approvedOnly, subs, around), nil
}

// Around is what a consolidation reads from the store besides the period's submissions: the
// earlier periods' figures, the office's approvals and the copies replaced since.
type Around struct {
	history  History
	approved map[[2]string]string
	replaced []store.Submission
}

// ReadAround reads what a consolidation of period needs from a store holding p besides the
// period's submissions (Current): it needs the plan (which earlier periods), not the
// submissions, so it may run while they are read.
func ReadAround(ctx context.Context, st *store.Store, p *schema.Plan, period schema.Period) (*Around, error) {
	var a Around
	var err error
	if a.history, err = st.History(ctx, HistoryPeriods(p, period)); err != nil {
		return nil, err
	}
	if a.approved, err = st.Approvals(ctx, period.String()); err != nil {
		return nil, err
	}
	// The copies replaced since, by name only: the workbook lists every file received.
	if a.replaced, err = st.Submissions(ctx, store.Filter{Period: period.String(), Superseded: true}); err != nil {
		return nil, err
	}
	return &a, nil
}

// FromRead is the model of what was read: the period's submissions and the rest.
func FromRead(p *schema.Plan, period schema.Period, date time.Time, approvedOnly bool, subs []store.Submission, a *Around) *Model {
	m := BuildReviewed(p, period, subs, date, a.history, &Approval{Only: approvedOnly, Approved: a.approved})
	m.addReplaced(a.replaced)
	return m
}
