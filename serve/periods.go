package serve

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"chitieu/schema"
)

// recentPeriods are the periods of the frequency, of today's year and the year before, whose
// data window has begun by today.
func recentPeriods(freq schema.Frequency, today time.Time) []schema.Period {
	var out []schema.Period
	for year := today.Year() - 1; year <= today.Year(); year++ {
		var names []string
		switch freq {
		case schema.Monthly:
			for m := 1; m <= 12; m++ {
				names = append(names, fmt.Sprintf("%d-%02d", year, m))
			}
		case schema.Quarterly:
			for q := 1; q <= 4; q++ {
				names = append(names, fmt.Sprintf("%d-Q%d", year, q))
			}
		case schema.HalfYearly:
			names = append(names, fmt.Sprintf("%d-6M", year))
		case schema.NineMonths:
			names = append(names, fmt.Sprintf("%d-9M", year))
		case schema.Yearly:
			names = append(names, fmt.Sprint(year))
		}
		for _, n := range names {
			p, err := schema.ParsePeriod(n)
			if err != nil {
				continue
			}
			if from, _ := p.Window(); !from.After(today) {
				out = append(out, p)
			}
		}
	}
	return out
}

// freqOrder sorts periods that end on the same day: the year before its nine months, and so on.
var freqOrder = map[schema.Frequency]int{schema.Yearly: 0, schema.NineMonths: 1, schema.HalfYearly: 2, schema.Quarterly: 3, schema.Monthly: 4}

// newestFirst orders periods by the end of their window, latest first, and drops repeats.
func newestFirst(ps []schema.Period) []schema.Period {
	slices.SortFunc(ps, func(a, b schema.Period) int {
		return cmp.Or(b.End().Compare(a.End()), cmp.Compare(freqOrder[a.Freq], freqOrder[b.Freq]))
	})
	return slices.Compact(ps)
}

// boardPeriods are the periods the office may look at: those the store holds and the recent ones
// some form is filled for, newest first. The default is the newest the store holds, else the
// newest whose report is due by today.
func (s *Server) boardPeriods(stored []string, today time.Time) (all []schema.Period, def schema.Period) {
	var held []schema.Period
	for _, n := range stored {
		if p, err := schema.ParsePeriod(n); err == nil {
			held = append(held, p)
		}
	}
	all = append(all, held...)
	for _, f := range schema.Frequencies {
		for _, p := range recentPeriods(f, today) {
			if s.expects(p) {
				all = append(all, p)
			}
		}
	}
	all = newestFirst(all)
	if held = newestFirst(held); len(held) > 0 {
		return all, held[0]
	}
	for _, p := range all {
		for i := range s.plan.Forms {
			if f := &s.plan.Forms[i]; f.HasFrequency(p.Freq) && !f.Due(p).After(today) && len(s.plan.UnitsFor(f, p)) > 0 {
				return all, p
			}
		}
	}
	if len(all) > 0 {
		def = all[len(all)-1]
	}
	return all, def
}

// expects reports whether some form of the plan is filled by some unit for the period.
func (s *Server) expects(p schema.Period) bool {
	for i := range s.plan.Forms {
		if f := &s.plan.Forms[i]; f.HasFrequency(p.Freq) && len(s.plan.UnitsFor(f, p)) > 0 {
			return true
		}
	}
	return false
}
