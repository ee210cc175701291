package store

import (
	"context"
	"time"

	"chitieu/schema"
)

// ApproveValid approves, as by, every valid report of the period the office has not reviewed
// yet (its review state is ReviewReceived: those returned or approved are left as they are), in
// the order Status lists them, and calls done with each review made. It stops at the first
// error, done's included.
func (s *Store) ApproveValid(ctx context.Context, p *schema.Plan, period schema.Period, by string, done func(Review) error) (err error) {
	defer s.explain(&err)
	rep, err := s.Status(ctx, p, period, time.Now())
	if err != nil {
		return err
	}
	for _, f := range rep.Forms {
		for _, u := range f.Units {
			if u.State != StateValid || u.Review != ReviewReceived {
				continue
			}
			rv, err := s.SetReview(ctx, ReviewChange{Form: f.Form, Unit: u.Unit, Period: period.String(), State: ReviewApproved, By: by})
			if err != nil {
				return err
			}
			if err := done(rv); err != nil {
				return err
			}
		}
	}
	return nil
}
