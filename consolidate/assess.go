package consolidate

import (
	"fmt"
	"math"
	"slices"

	"chitieu/schema"
)

// Point is a yearly value of an indicator the assessment uses, with where it comes from.
type Point struct {
	Year  int
	Value float64 // growth in %, a level in the indicator's unit, or a share in %
	// Provisional marks a part-year figure standing in for the year (tạm tính).
	Provisional bool
	// Estimate marks a figure its source calls an estimate (ước tính, dự kiến).
	Estimate bool
	// Source says where the figure is from: a document, or "period file sheet!cell".
	Source string
	// Label says what the figure is when it is not the year itself: "2024-02 (lũy kế)".
	Label string
}

// Assessment is one target assessed against the figures known.
type Assessment struct {
	Target    *schema.Target
	Indicator *schema.Indicator
	// Points are the figures used: the yearly growths of a growth target from the first year of
	// its span, or the latest level or share of a level or share target.
	Points []Point
	// N is the number of years of a growth target's span; K how many of them have a figure.
	N, K int
	// Achieved is the average growth so far (growth), or the latest value (level, share).
	Achieved float64
	// Gap is Achieved minus the target, in points (growth, share) or in the unit (level); for a
	// range, the distance to the nearer bound, zero inside it.
	Gap float64
	// Required is the growth needed in each remaining year (growth target), or the annual growth
	// still needed to reach the level; NaN when not applicable.
	Required float64
	// Path is where a level or share should stand in the latest year on the way to the target;
	// NaN when there is no baseline.
	Path     float64
	BaseYear int
	Base     float64
	// Achievement is Achieved as a percentage of the target value (the lower bound of a range);
	// NaN when there is no figure or the target is zero.
	Achievement float64
	Status      Status
	Provisional bool
}

// TargetValue is the value a target's achievement is measured against: its value, or the lower
// bound of a range (the upper one when lower is better).
func TargetValue(t *schema.Target, ind *schema.Indicator) float64 {
	if t.Comparator == schema.Between {
		if ind.LowerIsBetter() {
			return t.High.Float()
		}
		return t.Low.Float()
	}
	v := t.Value
	if t.Measure != schema.MeasureGrowth {
		v, _ = schema.ConvertUnit(t.Value, t.Unit, ind.Unit)
	}
	return v.Float()
}

// targetBand is a target's band in the indicator's unit.
func targetBand(t *schema.Target, ind *schema.Indicator) Band {
	b := BandOf(t)
	if t.Measure == schema.MeasureGrowth || t.Unit == "" {
		return b
	}
	factor, _ := schema.ConvertUnit(schema.MustNumber("1"), t.Unit, ind.Unit)
	f := factor.Float()
	return Band{b.Low * f, b.High * f}
}

// series holds the yearly figures known for each (indicator, scope).
type series map[[2]string]map[int]Point

func (s series) add(ind, scope string, p Point) {
	k := [2]string{ind, scope}
	if s[k] == nil {
		s[k] = map[int]Point{}
	}
	old, seen := s[k][p.Year]
	// A full-year figure beats a part-year one; a later part-year figure beats an earlier one
	// (Label sorts by period); a submitted figure beats a document's of the same standing.
	if !seen || (old.Provisional && !p.Provisional) || (old.Provisional == p.Provisional && p.Label >= old.Label) {
		s[k][p.Year] = p
	}
}

// build gathers the plan's own figures and the consolidated ones.
func build(p *schema.Plan, m *Model) series {
	s := series{}
	for _, a := range p.Actuals {
		ind := p.Indicator(a.Indicator)
		if ind == nil || !a.Value.IsSet() {
			continue
		}
		v, _ := schema.ConvertUnit(a.Value, a.Unit, ind.Unit)
		pt := Point{Year: a.Period.Year, Value: v.Float(), Estimate: a.Status == schema.StatusEstimate || a.Status == schema.StatusPreliminary,
			Source: sourceOf(p, a.Source)}
		switch {
		case a.Period.Freq == schema.Yearly:
		case cumulative(a.Period, a.Basis):
			pt.Provisional, pt.Label = true, partLabel(a.Period)
		default:
			continue // a single month or quarter is not the year so far
		}
		s.add(a.Indicator, a.Scope, pt)
	}
	for _, ft := range m.Forms {
		for _, c := range ft.Form.Columns {
			var pt Point
			switch {
			case m.Period.Freq == schema.Yearly && c.Basis == schema.BasisPeriod:
			case m.Period.Freq != schema.Yearly && (c.Basis == schema.BasisYTD || (c.Basis == schema.BasisPeriod && cumulative(m.Period, "period"))):
				pt.Provisional, pt.Label = true, partLabel(m.Period)
			default:
				continue
			}
			for key, v := range ft.Province {
				if key.Column != c.Code {
					continue
				}
				q := pt
				q.Year, q.Value = m.Period.Year, v.Float()
				q.Source = fmt.Sprintf("Tổng hợp %s, biểu %s, cột %s", m.Period, ft.Form.ID, c.Name)
				q.Label += "~" // a submitted figure ranks after a document's for the same period
				s.add(key.Indicator, "", q)
			}
		}
	}
	return s
}

// cumulative reports whether a figure for the period runs from the start of the year.
func cumulative(p schema.Period, basis string) bool {
	return basis == "ytd" || p.StartMonth() == 1
}

func partLabel(p schema.Period) string { return p.String() }

func sourceOf(p *schema.Plan, c schema.Cite) string {
	if s := p.Source(c.Source); s != nil {
		return s.Document
	}
	return c.Source
}

func assessAll(p *schema.Plan, m *Model) []*Assessment {
	s := build(p, m)
	var out []*Assessment
	for i := range p.Targets {
		t := &p.Targets[i]
		ind := p.Indicator(t.Indicator)
		if ind == nil {
			continue
		}
		out = append(out, assess(t, ind, s[[2]string{t.Indicator, t.Scope}]))
	}
	return out
}

func assess(t *schema.Target, ind *schema.Indicator, pts map[int]Point) *Assessment {
	a := &Assessment{Target: t, Indicator: ind, Required: math.NaN(), Path: math.NaN(), Achievement: math.NaN(), Achieved: math.NaN(), Gap: math.NaN()}
	band, lower := targetBand(t, ind), ind.LowerIsBetter()
	tv := TargetValue(t, ind)
	if t.Measure == schema.MeasureGrowth {
		a.N = t.Period.Years()
		var g []float64
		for y := t.Period.From; y <= t.Period.To; y++ {
			pt, ok := growthAt(ind, pts, y)
			// Over several years only whole years count: two months' growth is not a year's. A
			// one-year target may be judged on the year so far, marked provisional.
			if !ok || (pt.Provisional && a.N > 1) {
				break
			}
			a.Points = append(a.Points, pt)
			a.Provisional = a.Provisional || pt.Provisional
			g = append(g, pt.Value)
		}
		a.K = len(g)
		if a.K == 0 {
			return a
		}
		a.Achieved = AverageGrowth(g)
		a.Required = RequiredGrowth(tv, a.N, g)
		a.Gap = gap(a.Achieved, band, t)
		a.Achievement = Achievement(a.Achieved, tv, lower)
		if a.K == a.N {
			a.Status = Judge(a.Achieved, band, lower)
		} else {
			a.Status = Progress(a.Achieved, band, lower)
		}
		return a
	}
	// Level and share: the latest figure up to the target year.
	years := make([]int, 0, len(pts))
	for y := range pts {
		if y <= t.Period.To {
			years = append(years, y)
		}
	}
	if len(years) == 0 {
		return a
	}
	slices.Sort(years)
	latest := pts[years[len(years)-1]]
	a.Points = []Point{latest}
	a.Provisional = latest.Provisional
	a.Achieved = latest.Value
	a.Gap = gap(latest.Value, band, t)
	a.Achievement = Achievement(latest.Value, tv, lower)
	if latest.Year >= t.Period.To {
		a.Status = Judge(latest.Value, band, lower)
		return a
	}
	if t.Measure == schema.MeasureLevel {
		a.Required = GrowthToReach(latest.Value, tv, t.Period.To-latest.Year)
	}
	// The path to the target starts at the baseline: the target's own, or the earliest figure.
	switch {
	case t.Baseline != nil:
		bv, _ := schema.ConvertUnit(t.Baseline.Value, t.Baseline.Unit, ind.Unit)
		a.BaseYear, a.Base = t.Baseline.Year, bv.Float()
	case len(years) > 1 && !pts[years[0]].Provisional:
		a.BaseYear, a.Base = years[0], pts[years[0]].Value
	}
	if a.BaseYear == 0 || a.BaseYear >= latest.Year {
		a.Status = Progress(latest.Value, band, lower)
		return a
	}
	if t.Measure == schema.MeasureShare {
		a.Path = LinearPath(a.Base, a.BaseYear, tv, t.Period.To, latest.Year)
	} else {
		a.Path = PathValue(a.Base, a.BaseYear, tv, t.Period.To, latest.Year)
	}
	a.Status = Progress(latest.Value, Band{a.Path, math.Inf(1)}, false)
	if lower {
		a.Status = Progress(latest.Value, Band{math.Inf(-1), a.Path}, true)
	}
	return a
}

// growthAt is the growth of year y: the figure itself for a growth indicator, else computed
// from the levels of y and y−1.
func growthAt(ind *schema.Indicator, pts map[int]Point, y int) (Point, bool) {
	pt, ok := pts[y]
	if ind.Kind == schema.KindGrowth {
		return pt, ok
	}
	prev, ok2 := pts[y-1]
	if !ok || !ok2 || prev.Value == 0 || pt.Provisional || prev.Provisional {
		return Point{}, false
	}
	return Point{Year: y, Value: (pt.Value/prev.Value - 1) * 100, Estimate: pt.Estimate || prev.Estimate,
		Source: pt.Source, Label: fmt.Sprintf("%d/%d", y, y-1)}, true
}

// gap is the distance from the target: for a one-sided target or "khoảng", the difference from
// its value; for a range, from the nearer bound, zero inside it.
func gap(v float64, b Band, t *schema.Target) float64 {
	switch {
	case t.Comparator == schema.About:
		return v - (b.Low+b.High)/2
	case math.IsInf(b.High, 1):
		return v - b.Low
	case math.IsInf(b.Low, -1):
		return v - b.High
	case v < b.Low:
		return v - b.Low
	case v > b.High:
		return v - b.High
	}
	return 0
}
