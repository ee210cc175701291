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
// Files means the store holds no report of the period. The period's submissions and the earlier
// periods' figures (ReadEarlier) are read at once, on connections of their own.
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
	hist, herr := ReadEarlier(ctx, st, p, period)
	if herr != nil {
		cancel() // the submissions are of no use now
	}
	<-done
	if herr != nil {
		return nil, herr
	}
	if err != nil {
		return nil, err
	}
	return FromRead(ctx, st, p, period, date, approvedOnly, subs, hist)
}

// ReadEarlier reads the earlier periods' figures a consolidation of period compares with, from
// a store holding p: it needs the plan (which periods), not the period's submissions, so it may
// run while they are read (Current).
func ReadEarlier(ctx context.Context, st *store.Store, p *schema.Plan, period schema.Period) (History, error) {
	return st.History(ctx, HistoryPeriods(p, period))
}

// FromRead is the model of the period's submissions, read (Current), and the earlier periods'
// figures (ReadEarlier). The office's approvals and the copies replaced since are read here,
// after the submissions, as a receipt between the two reads would leave them: a copy it
// replaces is then among the submissions or among the replaced, never in neither.
func FromRead(ctx context.Context, st *store.Store, p *schema.Plan, period schema.Period, date time.Time, approvedOnly bool, subs []store.Submission, hist History) (*Model, error) {
	// The copies replaced since, by name only (the workbook lists every file received), read on
	// a connection of their own while the model is made.
	var replaced []store.Submission
	var rerr error
	read := make(chan struct{})
	go func() {
		defer close(read)
		replaced, rerr = st.Submissions(ctx, store.Filter{Period: period.String(), Superseded: true})
	}()
	approved, err := st.Approvals(ctx, period.String())
	if err != nil {
		<-read
		return nil, err
	}
	m := BuildReviewed(p, period, subs, date, hist, &Approval{Only: approvedOnly, Approved: approved})
	<-read
	if rerr != nil {
		return nil, rerr
	}
	m.addReplaced(replaced)
	return m, nil
}
