package consolidate

import (
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"chitieu/finding"
	"chitieu/schema"
)

// The verdict on each target: the arithmetic of DESIGN.md ("Achievement and gap") over the points of its span.

func assessAll(p *schema.Plan, m *Model) []*Assessment {
	s := build(p, m)
	m.Conflicts = s.conflicts
	var out []*Assessment
	for i := range p.Targets {
		t := &p.Targets[i]
		ind := p.Indicator(t.Indicator)
		if ind == nil {
			continue
		}
		k := [2]string{t.Indicator, t.Scope}
		var a *Assessment
		if t.Measure == schema.MeasureFaster {
			a = assessFaster(t, ind, p.Indicator(t.Than), s.points[k], s.points[[2]string{t.Than, t.Scope}], m.Period)
		} else {
			a = assessAt(t, ind, s.points[k], m.Period)
		}
		if u := p.Unit(t.Scope); u != nil && u.Kind == schema.UnitReference {
			a.Reference = true
			a.Notes = append(a.Notes, note("reference", "Mục tiêu của %s, ghi để tham chiếu: không phải mục tiêu của tỉnh, không tính vào kết quả của tỉnh.",
				"A target of %s, kept for reference: not the province's target, not counted in the province's results.", lowerText(u.NameText())))
		}
		var later finding.Text
		for _, l := range s.later[k] {
			if l.Year >= t.Period.From && l.Year <= t.Period.To {
				if len(a.Later) > 0 {
					later = later.Plus(finding.Text{VI: ", ", EN: ", "})
				}
				a.Later = append(a.Later, l.Label)
				later = later.Plus(l.Label)
			}
		}
		if len(a.Later) > 0 {
			a.Notes = append(a.Notes, note("later-period", "Không dùng số liệu của kỳ sau kỳ báo cáo: %s.", "Figures for periods after the report's are not used: %s.", later))
		}
		for _, c := range s.conflicts {
			if c.Indicator == t.Indicator && c.Scope == t.Scope && c.Year >= t.Period.From-1 && c.Year <= t.Period.To {
				a.Notes = append(a.Notes, c.Note(ind))
			}
		}
		for _, id := range t.Assumptions {
			if as := p.Assumption(id); as != nil {
				a.Assumptions = append(a.Assumptions, as)
			}
		}
		out = append(out, a)
	}
	return besidePrimary(p, out)
}

// besidePrimary puts each secondary target right after its primary, and says on each what the
// other found: both are shown, only the primary counts.
func besidePrimary(p *schema.Plan, as []*Assessment) []*Assessment {
	byID := map[string]*Assessment{}
	for _, a := range as {
		byID[a.Target.ID] = a
	}
	secondaries := map[string][]*Assessment{}
	for _, a := range as {
		if pr := byID[a.Target.SecondaryTo]; pr != nil && pr != a {
			a.Primary = pr.Target.ID
			secondaries[pr.Target.ID] = append(secondaries[pr.Target.ID], a)
		}
	}
	out := make([]*Assessment, 0, len(as))
	for _, a := range as {
		if a.Primary != "" {
			continue
		}
		out = append(out, a)
		for _, sec := range secondaries[a.Target.ID] {
			a.Notes = append(a.Notes, note("secondary", "Mục tiêu thứ yếu %s (%s): %s %s — %s; không tính vào tổng hợp.",
				"Secondary target %s (%s): %s %s — %s; not counted in the summary.",
				sec.Target.ID, sourceOf(p, sec.Target.Source), statementText(sec.Target, sec.Indicator.Unit), spanWords(sec.Target.Period), sec.Status))
			sec.Notes = append(sec.Notes, note("primary", "Thứ yếu so với mục tiêu chính %s (%s): %s — %s. Chỉ mục tiêu chính được tính vào tổng hợp.",
				"Secondary to the primary target %s (%s): %s — %s. Only the primary target is counted in the summary.",
				a.Target.ID, sourceOf(p, a.Target.Source), statementText(a.Target, a.Indicator.Unit), a.Status))
			out = append(out, sec)
		}
	}
	return out
}

// assess judges a target on the figures by year, at the end of the latest of them.
func assess(t *schema.Target, ind *schema.Indicator, pts map[int]Point) *Assessment {
	last := 0
	for y := range pts {
		last = max(last, y)
	}
	return assessAt(t, ind, pts, schema.Period{Year: last, Freq: schema.Yearly})
}

// assessAt judges a target on the figures by year as they stand at the end of period.
func assessAt(t *schema.Target, ind *schema.Indicator, pts map[int]Point, period schema.Period) *Assessment {
	a := &Assessment{Target: t, Indicator: ind, Required: math.NaN(), Path: math.NaN(), Achievement: math.NaN(), Achieved: math.NaN(),
		Gap: math.NaN(), Best: math.NaN(), Base: math.NaN()}
	if t.Measure == schema.MeasureGrowth {
		a.growth(pts, period)
	} else {
		a.level(pts, period)
	}
	if a.Status == NoData {
		switch from := t.Period.From; {
		case t.Measure == schema.MeasureGrowth && from > period.Year:
			if t.Period.From == t.Period.To {
				a.Notes = append(a.Notes, note("not-started", "Năm %s chưa bắt đầu ở kỳ báo cáo này.", "The year %s has not begun at this report's period.", spanWords(t.Period)))
			} else {
				a.Notes = append(a.Notes, note("not-started", "Giai đoạn %s chưa bắt đầu ở kỳ báo cáo này.", "The span %s has not begun at this report's period.", spanWords(t.Period)))
			}
		default:
			a.Notes = append(a.Notes, note("no-data", "Chưa có số liệu trong kế hoạch hay trong các báo cáo đã tổng hợp cho kỳ này.",
				"No figure yet, in the plan or in the reports consolidated for this period."))
		}
	}
	if period.Freq != schema.Yearly && a.Status != NoData {
		// A workbook for part of a year gives no final word: every verdict in it is tạm tính.
		a.Interim = true
	}
	var est finding.Text
	for _, pt := range a.Points {
		if pt.Estimate {
			if !est.IsZero() {
				est = est.Plus(finding.Text{VI: ", ", EN: ", "})
			}
			est = est.Plus(pointName(pt))
		}
	}
	if !est.IsZero() {
		a.Notes = append(a.Notes, note("estimate", "Số liệu ước tính: %s.", "Estimated figures: %s.", est))
	}
	return a
}

// growth assesses an average-growth target over its span.
func (a *Assessment) growth(pts map[int]Point, period schema.Period) {
	t, ind := a.Target, a.Indicator
	band, lower := targetBand(t, ind), ind.LowerIsBetter()
	tv := TargetValue(t, ind)
	a.N = t.Period.Years()
	a.BaseYear = t.Period.From - 1
	var g []float64
	for y := t.Period.From; y <= min(t.Period.To, period.Year); y++ {
		pt, ok := growthAt(ind, pts, y)
		switch {
		case ok && !pt.Provisional:
			a.Points = append(a.Points, pt)
			g = append(g, pt.Value)
		case ok && y == min(t.Period.To, period.Year):
			// The last year of the span up to the period, known only in part (the year in
			// progress, or a year over whose whole figure has not come): it stands, tạm tính.
			a.Partial = &pt
			a.Points = append(a.Points, pt)
		case y < period.Year || period.Freq == schema.Yearly:
			a.Missing = append(a.Missing, y)
		}
	}
	a.K = len(g)
	a.Best, a.BestYear = bestGrowth(ind, pts, period.Year)
	switch {
	case a.K > 0:
		a.Achieved = AverageGrowth(g)
	case a.Partial != nil:
		a.Achieved, a.Provisional = a.Partial.Value, true
	default:
		return
	}
	a.Gap = gapTo(a.Achieved, statedBand(t, ind), t)
	a.Achievement = IndexAchievement(a.Achieved, tv, lower)
	dp := ind.DecimalPlaces()
	if a.Partial != nil {
		a.Interim = true
		a.Notes = append(a.Notes, note("part-year", "Năm %d mới có số liệu %s: %s — chưa đủ năm, không tính vào bình quân; đánh giá tạm tính.",
			"%d has only the figure %s: %s — not a whole year, left out of the average; the verdict is provisional.",
			a.Partial.Year, a.Partial.Label, growthText(a.Partial.Value, dp)))
	}
	// At or after the span's last year nothing remains to be required: the verdict is final on
	// the whole years known, the missing ones named (tạm tính while a year is known only in part).
	if a.K == a.N || (spanOver(t.Period, period) && a.Partial == nil) {
		a.Status = Judge(a.Achieved, band, lower)
		if len(a.Missing) > 0 {
			a.Notes = append(a.Notes, note("missing-years-final", "Giai đoạn đã kết thúc; thiếu số liệu năm %s: đánh giá cuối cùng trên %d năm có số liệu (%s), không có năm nào còn lại để bù.",
				"The span is over; no figures for %s: the final verdict rests on the years with figures (%[2]d: %[3]s), with no year left to make up.",
				years(a.Missing), a.K, years(yearsOf(a.Points, false))))
		}
		return
	}
	a.Status = Progress(a.Achieved, band, lower)
	if len(a.Missing) > 0 {
		a.Notes = append(a.Notes, note("missing-years", "Thiếu số liệu năm %s: bình quân tính trên %d năm có số liệu (%s).",
			"No figures for %s: the average is over the years with figures (%[2]d: %[3]s).", years(a.Missing), a.K, years(yearsOf(a.Points, false))))
	}
	if a.K == 0 || spanOver(t.Period, period) {
		return
	}
	a.Required = RequiredGrowth(tv, a.N, g)
	rest := a.N - a.K
	switch {
	case lower:
	case a.Required <= 0:
		a.Secured, a.Status = true, OnTrack
		a.Notes = append(a.Notes, note("secured", "Mục tiêu đã được bảo đảm: kể cả khi %d năm chưa có số liệu giảm đến %s%%/năm, bình quân cả giai đoạn vẫn đạt %s%%/năm.",
			"The target is secured: even if the years without figures (%d) fall by as much as %s%%/year, the average over the span still reaches %s%%/year.",
			rest, numArg(-a.Required, dp), numArg(tv, dp)))
	default:
		what := finding.Textf("%d năm còn lại", "the remaining years (%d)", rest)
		if len(a.Missing) > 0 {
			what = finding.Textf("%d năm chưa có số liệu (kể cả năm đã qua còn thiếu)", "the years without figures (%d, past years still missing included)", rest)
		}
		a.Notes = append(a.Notes, note("required", "Để đạt %s%%/năm cả giai đoạn, %s cần tăng bình quân %s%%/năm.",
			"To reach %s%%/year over the span, %s need to grow by %s%%/year on average.", numArg(tv, dp), what, numArg(a.Required, dp)))
		// Khó đạt is one rule, whether or not years are missing (DESIGN.md, "The end of the span").
		if a.Status == Behind && !math.IsNaN(a.Best) && a.Required > a.Best {
			a.Status = Hard
			a.Notes = append(a.Notes, note("hard", "Khó đạt: tốc độ cần đạt (%s%%/năm) cao hơn mức tăng cao nhất của một năm đã có (%s%% năm %d).",
				"Hard to reach: the rate required (%s%%/year) is above the highest growth of any year known (%s%% in %d).",
				numArg(a.Required, dp), numArg(a.Best, dp), a.BestYear))
		}
	}
}

// level assesses a level or share target in its year.
func (a *Assessment) level(pts map[int]Point, period schema.Period) {
	t, ind := a.Target, a.Indicator
	band, lower := targetBand(t, ind), ind.LowerIsBetter()
	tv := TargetValue(t, ind)
	var years []int
	for y, pt := range pts {
		// A level for part of a year (exports of six months) is not comparable with a year's.
		if y <= min(t.Period.To, period.Year) && !(pt.Provisional && ind.Kind == schema.KindLevel) {
			years = append(years, y)
		}
	}
	if t.Baseline != nil {
		bv, _ := schema.ConvertUnit(t.Baseline.Value, t.Baseline.Unit, ind.Unit)
		a.BaseYear, a.Base = t.Baseline.Year, bv.Float()
	}
	if len(years) == 0 {
		return
	}
	slices.Sort(years)
	for _, y := range years {
		a.Points = append(a.Points, pts[y])
	}
	latest := pts[years[len(years)-1]]
	a.Latest = latest
	a.Provisional = latest.Provisional
	a.Achieved = latest.Value
	a.Gap = gapTo(latest.Value, statedBand(t, ind), t)
	a.Achievement = Achievement(latest.Value, tv, lower)
	a.Best, a.BestYear = bestChange(ind, t.Measure, pts, period.Year)
	if latest.Year >= t.Period.To {
		if latest.Provisional {
			a.Status, a.Interim = Progress(latest.Value, band, lower), true
		} else {
			a.Status = Judge(latest.Value, band, lower)
		}
		return
	}
	if spanOver(t.Period, period) {
		// The target's year is over without its figure: the verdict is final on the latest
		// year known, the target's year named as missing; nothing is required of a year gone.
		a.Missing = []int{t.Period.To}
		a.Status = Judge(latest.Value, band, lower)
		a.Notes = append(a.Notes, note("missing-target-year", "Năm %d đã qua nhưng chưa có số liệu: đánh giá cuối cùng trên số liệu năm %d (%s).",
			"%d is over but has no figure: the final verdict rests on the figure for %d (%s).",
			t.Period.To, latest.Year, withUnitText(numArg(latest.Value, ind.DecimalPlaces()), ind.Unit)))
		return
	}
	left := t.Period.To - latest.Year
	dp := ind.DecimalPlaces()
	unit := ind.Unit
	if t.Measure == schema.MeasureShare {
		a.Required = (tv - latest.Value) / float64(left)
	} else {
		a.Required = GrowthToReach(latest.Value, tv, left)
	}
	reached := (!lower && latest.Value >= tv) || (lower && latest.Value <= tv)
	switch {
	case reached:
		a.Status, a.Secured = OnTrack, true
		a.Notes = append(a.Notes, note("reached", "Đã đạt mức mục tiêu (%s) từ năm %d; cần giữ đến năm %d.", "The target level (%s) was reached in %d; it must hold until %d.",
			withUnitText(numArg(tv, dp), unit), latest.Year, t.Period.To))
		return
	case a.BaseYear > 0 && a.BaseYear < latest.Year:
		if t.Measure == schema.MeasureShare {
			a.Path = LinearPath(a.Base, a.BaseYear, tv, t.Period.To, latest.Year)
		} else {
			a.Path = PathValue(a.Base, a.BaseYear, tv, t.Period.To, latest.Year)
		}
		a.Status = Progress(latest.Value, Band{a.Path, math.Inf(1)}, false)
		if lower {
			a.Status = Progress(latest.Value, Band{math.Inf(-1), a.Path}, true)
		}
	default:
		a.Status = NoPath
		a.Notes = append(a.Notes, note("no-path", "Văn bản không nêu năm gốc nên không có lộ trình để so tiến độ; chỉ nêu mức cần tăng.",
			"The document states no base year, so there is no path to judge progress against; only the growth required is given."))
	}
	need := finding.Textf("cần tăng %s%%/năm", "needs to grow by %s%%/year", numArg(a.Required, rateDecimals))
	if t.Measure == schema.MeasureShare {
		need = finding.Textf("cần tăng %s điểm %%/năm", "needs to rise by %s points a year", numArg(a.Required, dp))
	}
	a.Notes = append(a.Notes, note("required", "Từ %s năm %d, %s trong %d năm để đạt %s năm %d.", "From %s in %d, it %s over %d years to reach %s in %d.",
		withUnitText(numArg(latest.Value, dp), unit), latest.Year, need, left, withUnitText(numArg(tv, dp), unit), t.Period.To))
	if !lower && (a.Status == Behind || a.Status == NoPath) && !math.IsNaN(a.Best) && a.Required > a.Best {
		a.Status = Hard
		best := finding.Textf("%s%%", "%s%%", numArg(a.Best, rateDecimals))
		if t.Measure == schema.MeasureShare {
			best = finding.Textf("%s điểm %%", "%s points", numArg(a.Best, dp))
		}
		a.Notes = append(a.Notes, note("hard", "Khó đạt: mức cần tăng mỗi năm cao hơn mức tăng cao nhất của một năm đã có (%s năm %d).",
			"Hard to reach: the growth required each year is above the highest growth of any year known (%s in %d).", best, a.BestYear))
	}
}

// rateDecimals is how many decimals a growth rate computed from levels is shown with: the rule
// of DecimalPlaces for a growth rate.
const rateDecimals = 2

// growthAt is the growth of year y: the figure itself for a growth indicator, else computed
// from the whole-year levels of y and y−1.
func growthAt(ind *schema.Indicator, pts map[int]Point, y int) (Point, bool) {
	pt, ok := pts[y]
	if ind.Kind == schema.KindGrowth {
		return pt, ok
	}
	prev, ok2 := pts[y-1]
	if !ok || !ok2 || prev.Value == 0 || pt.Provisional || prev.Provisional {
		return Point{}, false
	}
	return Point{Year: y, Period: pt.Period, Value: (pt.Value/prev.Value - 1) * 100, Estimate: pt.Estimate || prev.Estimate,
		Source: pt.Source, Note: pt.Note, Label: finding.Textf("%d/%d", "%d/%d", y, y-1)}, true
}

// spanOver reports whether a span's last year is over at the end of period: a year's period
// of that year or later, or any period of a later year.
func spanOver(s schema.Span, period schema.Period) bool {
	return period.Year > s.To || (period.Year == s.To && period.Freq == schema.Yearly)
}

// bestGrowth is the highest whole-year growth known up to year last, and its year; of two
// years with the same growth, the earlier (the years are read in order, so the output is the
// same on every run).
func bestGrowth(ind *schema.Indicator, pts map[int]Point, last int) (float64, int) {
	best, year := math.NaN(), 0
	for _, y := range slices.Sorted(maps.Keys(pts)) {
		if y > last {
			continue
		}
		if pt, ok := growthAt(ind, pts, y); ok && !pt.Provisional && (math.IsNaN(best) || pt.Value > best) {
			best, year = pt.Value, y
		}
	}
	return best, year
}

// bestChange is, for a level, the highest growth of one year (%), for a share the highest rise
// of one year (points), known up to year last; of two equal, the earlier year.
func bestChange(ind *schema.Indicator, m schema.Measure, pts map[int]Point, last int) (float64, int) {
	if m != schema.MeasureShare {
		return bestGrowth(ind, pts, last)
	}
	best, year := math.NaN(), 0
	for _, y := range slices.Sorted(maps.Keys(pts)) {
		pt := pts[y]
		prev, ok := pts[y-1]
		if y > last || !ok || pt.Provisional || prev.Provisional {
			continue
		}
		if d := pt.Value - prev.Value; math.IsNaN(best) || d > best {
			best, year = d, y
		}
	}
	return best, year
}

// gapTo is the distance from what a target states: for a one-sided target or "khoảng", the
// difference from its value; for a range, from the nearer stated bound, zero inside it.
func gapTo(v float64, b Band, t *schema.Target) float64 {
	switch {
	case t.Comparator == schema.About || t.Comparator == schema.Exactly:
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

func yearsOf(pts []Point, provisional bool) []int {
	var ys []int
	for _, p := range pts {
		if p.Provisional == provisional {
			ys = append(ys, p.Year)
		}
	}
	return ys
}

// years writes a list of years: "2021, 2022".
func years(ys []int) string {
	s := make([]string, len(ys))
	for i, y := range ys {
		s[i] = strconv.Itoa(y)
	}
	return strings.Join(s, ", ")
}

// pointName names a figure in a sentence: "năm 2023", "2024-02 (lũy kế 2 tháng)".
func pointName(pt Point) finding.Text {
	if !pt.Label.IsZero() && pt.Provisional {
		return pt.Label
	}
	return finding.Textf("năm %d", "%d", pt.Year)
}
