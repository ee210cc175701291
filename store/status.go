package store

import (
	"context"
	"math"
	"time"

	"chitieu/finding"
	"chitieu/schema"
)

// The states of an expected report (DESIGN.md, status --format json).
const (
	StateValid   = "valid"
	StateInvalid = "invalid"
	StateMissing = "missing"
)

// UnitStatus is where one unit stands with one form for the period.
type UnitStatus struct {
	Unit  string `json:"unit"`
	Name  string `json:"name"`
	State string `json:"state"`
	// Due is the day the report is due (YYYY-MM-DD); DaysLate counts the days after it that the
	// valid report came, or that have passed without one; 0 when on time.
	Due      string `json:"due"`
	DaysLate int    `json:"days_late"`
	// Files are the names of every file received for the report, in the order received.
	Files []string `json:"files"`
	// Reason is the first error of the latest file when the report is invalid, as data;
	// ReasonText is it printed, in Vietnamese until In gives the reader's language.
	Reason     finding.Text `json:"-"`
	ReasonText string       `json:"reason,omitempty"`
	// Review is the office's review state of the report (ReviewReceived, ReviewReturned,
	// ReviewApproved); "" for a report with no valid file the office has not returned (the key
	// is in every entry, as DESIGN gives it).
	Review string `json:"review"`
	// Comments are the office's reviews of the report (returns with their comments, approvals,
	// reopens with their reasons), in the order made.
	Comments []Review `json:"comments"`
	// Held names the files received while the report was approved, kept as evidence: they
	// supersede nothing until the report is reopened.
	Held []string `json:"held,omitempty"`
	// SHA256 is the report's current file: the valid one, else the latest; "" when none.
	SHA256 string `json:"-"`
	due    time.Time
}

// FormStatus lists the units expected to fill one form.
type FormStatus struct {
	Form  string       `json:"form"`
	Title string       `json:"title"`
	Units []UnitStatus `json:"units"`
}

// StatusSummary counts the expected reports by state; Late counts those with DaysLate > 0.
type StatusSummary struct {
	Expected int `json:"expected"`
	Valid    int `json:"valid"`
	Invalid  int `json:"invalid"`
	Missing  int `json:"missing"`
	Late     int `json:"late"`
	// Approved and Returned count the reports in those review states.
	Approved int `json:"approved"`
	Returned int `json:"returned"`
}

// StatusReport is who has and has not reported for a period (DESIGN.md, status --format json).
type StatusReport struct {
	Period  string        `json:"period"`
	Forms   []FormStatus  `json:"forms"`
	Summary StatusSummary `json:"summary"`
}

// Status says, for every form of the period and every unit expected to fill it, whether the store
// holds a valid report, only invalid ones, or none; when each was due, and how late it is as of
// today (the day the office asks).
func (s *Store) Status(ctx context.Context, p *schema.Plan, period schema.Period, today time.Time) (_ *StatusReport, err error) {
	defer s.explain(&err)
	rep := &StatusReport{Period: period.String(), Forms: []FormStatus{}}
	reviews, err := s.Reviews(ctx, period.String(), "", "") // every form's, asked once
	if err != nil {
		return nil, err
	}
	byReport := ReviewsByReport(reviews)
	for i := range p.Forms {
		f := &p.Forms[i]
		units := p.UnitsFor(f, period)
		if !f.HasFrequency(period.Freq) || len(units) == 0 {
			continue
		}
		subs, err := s.Submissions(ctx, Filter{Period: period.String(), Form: f.ID, WithFindings: true})
		if err != nil {
			return nil, err
		}
		byUnit := map[string][]Submission{}
		for _, sub := range subs {
			byUnit[sub.Unit] = append(byUnit[sub.Unit], sub)
		}
		due := f.Due(period)
		fs := FormStatus{Form: f.ID, Title: f.Title, Units: []UnitStatus{}}
		for _, u := range units {
			us := unitStatus(byUnit[u.Code], due, today)
			us.Unit, us.Name = u.Code, u.Name
			us.review(byReport[ReviewKey{f.ID, u.Code}], byUnit[u.Code])
			fs.Units = append(fs.Units, us)
			rep.Summary.Expected++
			switch us.State {
			case StateValid:
				rep.Summary.Valid++
			case StateInvalid:
				rep.Summary.Invalid++
			default:
				rep.Summary.Missing++
			}
			if us.DaysLate > 0 {
				rep.Summary.Late++
			}
			switch us.Review {
			case ReviewApproved:
				rep.Summary.Approved++
			case ReviewReturned:
				rep.Summary.Returned++
			}
		}
		rep.Forms = append(rep.Forms, fs)
	}
	return rep, nil
}

// In prints every reason in lang, for a reader of that language.
func (r *StatusReport) In(lang finding.Lang) {
	for i := range r.Forms {
		for j := range r.Forms[i].Units {
			if u := &r.Forms[i].Units[j]; !u.Reason.IsZero() {
				u.ReasonText = u.Reason.In(lang)
			}
		}
	}
}

// vietnam is the office's time zone (UTC+7, no daylight saving): a file received at 23:30 on the
// due day is on time, though it is already the next day in UTC.
var vietnam = time.FixedZone("ICT", 7*3600)

// unitStatus judges one unit's files for one report, given in the order received.
func unitStatus(subs []Submission, due, today time.Time) UnitStatus {
	us := UnitStatus{State: StateMissing, Due: due.Format("2006-01-02"), Files: []string{}, due: due}
	var valid, latest, first *Submission
	for i := range subs {
		sub := &subs[i]
		us.Files = append(us.Files, sub.Name)
		if sub.Valid && first == nil {
			first = sub
		}
		if sub.SupersededBy == 0 {
			if sub.Valid && valid == nil {
				valid = sub
			}
			latest = sub
		}
	}
	switch {
	case valid != nil:
		// Late is measured on the first valid report received: a correction the office asked
		// for later does not make the unit late.
		us.State, us.SHA256 = StateValid, valid.SHA256
		us.DaysLate = daysAfter(due, first.ReceivedAt)
	case latest != nil:
		us.State, us.SHA256 = StateInvalid, latest.SHA256
		us.DaysLate = daysAfter(due, today)
		for _, x := range latest.Findings {
			if x.Severity == finding.Error {
				us.Reason, us.ReasonText = x.Detail, x.Detail.In(finding.VI)
				break
			}
		}
	default:
		us.DaysLate = daysAfter(due, today)
	}
	return us
}

// daysAfter counts the whole days from the due day to t: a report received on the due day, at
// any hour, is on time.
func daysAfter(due, t time.Time) int {
	t = t.In(vietnam)
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Sub(time.Date(due.Year(), due.Month(), due.Day(), 0, 0, 0, 0, time.UTC))
	return max(0, int(math.Round(d.Hours()/24)))
}

// review sets the review state, the office's comments and the held files of a unit's report,
// given its reviews in the order made and its files in the order received.
func (us *UnitStatus) review(reviews []Review, subs []Submission) {
	us.Comments = []Review{}
	if reviews != nil {
		us.Comments = reviews
	}
	state, in := ReviewOf(reviews, us.SHA256)
	switch {
	case us.State == StateValid || state == ReviewApproved:
		us.Review = state
	case state == ReviewReturned:
		us.Review = state
	}
	if state != ReviewApproved {
		return
	}
	var approved *Submission
	for i := range subs {
		if subs[i].SHA256 == in.SHA256 {
			approved = &subs[i]
		}
	}
	for _, sub := range subs {
		// Held: marked superseded by the approved file, though received after it.
		if approved != nil && sub.SupersededBy == approved.ID && sub.Seq > approved.Seq {
			us.Held = append(us.Held, sub.Name)
		}
	}
}
