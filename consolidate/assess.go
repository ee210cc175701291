package consolidate

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"chitieu/schema"
)

// Point is a yearly value of an indicator the assessment uses, with where it comes from.
type Point struct {
	Year int
	// Period is the period the figure is for: the year, or the part of it a provisional figure
	// covers (2024-02).
	Period schema.Period
	Value  float64 // growth in %, a level in the indicator's unit, or a share in %
	// Provisional marks a part-year figure standing in for the year (tạm tính).
	Provisional bool
	// Estimate marks a figure its source calls an estimate (ước tính, dự kiến, sơ bộ).
	Estimate bool
	// Qualifier is the word the source puts before the figure: "trên", "dưới", "khoảng".
	Qualifier string
	// Source says where the figure is from: a document, or a form's total with its files.
	Source string
	// Note is the source's or the reporting units' note on the figure.
	Note string
	// Label says what the figure is when it is not the year itself: "2024-02 (lũy kế)",
	// "2023/2022" for a growth computed from two levels.
	Label string
	rank  rank
}

// rank orders the figures that stand for the same year: a whole year before part of it; a
// figure reported for the year before one read from the next year's "cùng kỳ" column; official
// before preliminary before estimate; a unit's report before a document's; for part of a year,
// the later period.
type rank struct {
	whole, direct, status, submitted int
	months                           int // months of the year the figure covers
}

func (r rank) cmp(o rank) int {
	return cmp.Or(cmp.Compare(r.whole, o.whole), cmp.Compare(r.direct, o.direct), cmp.Compare(r.status, o.status),
		cmp.Compare(r.submitted, o.submitted), cmp.Compare(r.months, o.months))
}

func statusRank(s schema.ActualStatus) int {
	switch s {
	case schema.StatusEstimate:
		return 0
	case schema.StatusPreliminary:
		return 1
	case schema.StatusDerived:
		return 2
	}
	return 3
}

// Assessment is one target assessed against the figures known.
type Assessment struct {
	Target    *schema.Target
	Indicator *schema.Indicator
	// Points are the figures the assessment shows, in year order: each year of a growth target's
	// span that has a figure (the part-year figure of the current year last), or the years of a
	// level or share target's history up to its year.
	Points []Point
	// Latest is the figure a level or share target is judged on; zero for a growth target.
	Latest Point
	// Partial is the part-year figure of the current year, when the year is not yet whole.
	Partial *Point
	// N is the number of years of a growth target's span; K how many of them have a whole-year
	// figure. Missing names the years of the span up to the period that have none.
	N, K    int
	Missing []int
	// Achieved is the average growth of the years known (growth), or the latest value (level,
	// share); for a one-year growth target known only in part, the growth so far.
	Achieved float64
	// Gap is Achieved minus the target, in points (growth, share) or in the unit (level); for a
	// range, the distance to the nearer stated bound, zero inside it.
	Gap float64
	// Required is the growth needed in each year without a figure (growth target, in %/năm), the
	// annual growth still needed to reach a level (%/năm), or the points a year still needed to
	// reach a share; NaN when not applicable.
	Required float64
	// Secured is set when the target is reached even if what remains falls: Required is then
	// not a goal.
	Secured bool
	// Best is the highest growth (or, for a share, rise in points) of one year in the history,
	// in BestYear; NaN when no year's growth is known.
	Best     float64
	BestYear int
	// Path is where a level or share should stand in the latest year on the way from the stated
	// baseline to the target; NaN without a baseline.
	Path     float64
	BaseYear int
	Base     float64
	// Achievement is Achieved as a percentage of the target value (the lower bound of a range):
	// for a growth target in the index form (100+a)/(100+r)×100; NaN when there is no figure or
	// the target is zero.
	Achievement float64
	Status      Status
	Provisional bool
	// Reference marks a target of another scope kept for comparison (the whole country): it is
	// not the province's and not counted with its targets.
	Reference bool
	// Later lists figures the plan has for the indicator after the period, which the workbook
	// does not use.
	Later []string
	// Notes explain the verdict in sentences: missing years, part-year figures, no path, the
	// rate still required, estimates.
	Notes []string
	// Assumptions are the plan's assumptions the target rests on.
	Assumptions []*schema.Assumption
}

// TargetValue is the value a target's achievement is measured against: its value, or the lower
// bound of a range (the upper one when lower is better).
func TargetValue(t *schema.Target, ind *schema.Indicator) float64 {
	conv := func(n schema.Number) float64 {
		if t.Measure != schema.MeasureGrowth {
			n, _ = schema.ConvertUnit(n, t.Unit, ind.Unit)
		}
		return n.Float()
	}
	if t.Comparator == schema.Between {
		if ind.LowerIsBetter() {
			return conv(t.High)
		}
		return conv(t.Low)
	}
	return conv(t.Value)
}

// targetBand is a target's band in the indicator's unit, tolerance included: what the verdict
// accepts.
func targetBand(t *schema.Target, ind *schema.Indicator) Band {
	b := BandOf(t)
	if t.Measure == schema.MeasureGrowth || t.Unit == "" {
		return b
	}
	factor, _ := schema.ConvertUnit(schema.MustNumber("1"), t.Unit, ind.Unit)
	f := factor.Float()
	return Band{b.Low * f, b.High * f}
}

// statedBand is the band a target states, without its tolerance: what a gap is measured to.
func statedBand(t *schema.Target, ind *schema.Indicator) Band {
	u := *t
	u.Tolerance = schema.Number{}
	return targetBand(&u, ind)
}

// series holds the figures known for each (indicator, scope), by year, and the figures of
// periods after the one consolidated, which are left out.
type series struct {
	points map[[2]string]map[int]Point
	later  map[[2]string][]string
}

func (s *series) add(ind, scope string, p Point) {
	k := [2]string{ind, scope}
	if s.points[k] == nil {
		s.points[k] = map[int]Point{}
	}
	if old, seen := s.points[k][p.Year]; !seen || p.rank.cmp(old.rank) > 0 {
		s.points[k][p.Year] = p
	}
}

// endsBy reports whether period a ends no later than p.
func endsBy(a, p schema.Period) bool {
	return a.Year < p.Year || (a.Year == p.Year && a.EndMonth() <= p.EndMonth())
}

// build gathers the plan's own figures and the consolidated ones of the period and of the
// history, leaving out whatever is for a period after the workbook's.
func build(p *schema.Plan, m *Model) *series {
	s := &series{points: map[[2]string]map[int]Point{}, later: map[[2]string][]string{}}
	for _, a := range p.Actuals {
		ind := p.Indicator(a.Indicator)
		if ind == nil || !a.Value.IsSet() {
			continue
		}
		if !endsBy(a.Period, m.Period) {
			k := [2]string{a.Indicator, a.Scope}
			s.later[k] = append(s.later[k], partLabel(a.Period, a.Basis))
			continue
		}
		v, _ := schema.ConvertUnit(a.Value, a.Unit, ind.Unit)
		status := a.Status
		if status == "" {
			status = schema.StatusOfficial
		}
		pt := Point{Year: a.Period.Year, Period: a.Period, Value: v.Float(), Estimate: status == schema.StatusEstimate || status == schema.StatusPreliminary,
			Qualifier: qualifierWord(a.Qualifier), Source: sourceOf(p, a.Source), Note: a.Note,
			rank: rank{direct: 1, status: statusRank(status), months: a.Period.EndMonth()}}
		switch {
		case a.Period.Freq == schema.Yearly:
			pt.rank.whole = 1
		case cumulative(a.Period, a.Basis):
			pt.Provisional, pt.Label = true, partLabel(a.Period, "ytd")
		default:
			continue // a single month or quarter is not the year so far
		}
		s.add(a.Indicator, a.Scope, pt)
	}
	for _, ft := range append(slices.Clone(m.Past), m.Forms...) {
		s.addForm(p, ft)
	}
	return s
}

// addForm adds the province's figures of a form for its period: the period's own columns, and
// the year before from a yearly form's "cùng kỳ" column.
func (s *series) addForm(p *schema.Plan, ft *FormTotals) {
	per := ft.Period
	for _, c := range ft.Form.Columns {
		pt := Point{Year: per.Year, Period: per, rank: rank{direct: 1, submitted: 1, months: per.EndMonth()}}
		switch {
		case per.Freq == schema.Yearly && (c.Basis == schema.BasisPeriod || c.Basis == schema.BasisYTD):
			pt.rank.whole = 1
		case c.Basis == schema.BasisEstimated:
			pt.rank.whole, pt.Estimate, pt.Label = 1, true, fmt.Sprintf("ước thực hiện năm %d (báo cáo %s)", per.Year, per)
		case per.Freq == schema.Yearly && c.Basis == schema.BasisPrior:
			pt.Year, pt.Period, pt.rank.whole, pt.rank.direct = per.Year-1, schema.Period{Year: per.Year - 1, Freq: schema.Yearly}, 1, 0
			pt.Label = fmt.Sprintf("%d (cột %s của báo cáo năm %d)", per.Year-1, c.Name, per.Year)
		case per.Freq != schema.Yearly && (c.Basis == schema.BasisYTD || (c.Basis == schema.BasisPeriod && cumulative(per, "period"))):
			pt.Provisional, pt.Label = true, partLabel(per, "ytd")
		default:
			continue
		}
		for key, v := range ft.Province {
			if key.Column != c.Code {
				continue
			}
			q := pt
			q.Value = v.Float()
			figs := ft.contributions(p, key)
			q.Source = ft.sourceOf(c, figs)
			q.Note = notesOf(figs, len(ft.Units))
			worst := schema.StatusOfficial
			for _, f := range figs {
				if statusRank(f.Status) < statusRank(worst) {
					worst = f.Status
				}
			}
			q.rank.status = statusRank(worst)
			q.Estimate = q.Estimate || worst == schema.StatusEstimate || worst == schema.StatusPreliminary
			s.add(key.Indicator, "", q)
		}
	}
}

// contributions are the units' figures a province figure is made of: the figure's own, or the
// numerator's and denominator's of a ratio.
func (ft *FormTotals) contributions(p *schema.Plan, key schema.CellKey) []Figure {
	inds := []string{key.Indicator}
	if ind := p.Indicator(key.Indicator); ind != nil && ind.Combine == schema.CombineRatio {
		inds = []string{ind.Numerator, ind.Denominator}
	}
	var out []Figure
	for _, u := range ft.Units {
		for _, i := range inds {
			if f, ok := ft.ByUnit[u.Code][schema.CellKey{Indicator: i, Column: key.Column}]; ok {
				out = append(out, f)
			}
		}
	}
	return out
}

// sourceOf says where a province figure comes from: the form, period and column, and the file and
// cell when one unit gave it.
func (ft *FormTotals) sourceOf(c schema.Column, figs []Figure) string {
	s := fmt.Sprintf("biểu %s %s, cột «%s»", ft.Form.ID, lowerFirst(ft.Period.Label("vi")), c.Name)
	units := map[string]bool{}
	for _, f := range figs {
		units[f.Unit] = true
	}
	if len(units) == 1 {
		f := figs[0]
		return fmt.Sprintf("%s: %s, tệp «%s», ô %s", s, f.Unit, f.FileName(), f.Cell)
	}
	return fmt.Sprintf("%s: tổng của %d đơn vị", s, len(units))
}

// notesOf gathers the units' notes on the figures of a total, each note once with how many
// units wrote it: «Số liệu minh họa …» (27/27 đơn vị).
func notesOf(figs []Figure, units int) string {
	byNote := map[string]map[string]bool{}
	var order []string
	for _, f := range figs {
		if f.Note == "" {
			continue
		}
		if byNote[f.Note] == nil {
			byNote[f.Note] = map[string]bool{}
			order = append(order, f.Note)
		}
		byNote[f.Note][f.Unit] = true
	}
	var parts []string
	for _, n := range order {
		who := byNote[n]
		if len(who) == 1 {
			for u := range who {
				parts = append(parts, fmt.Sprintf("«%s» (%s)", n, u))
			}
			continue
		}
		parts = append(parts, fmt.Sprintf("«%s» (%d/%d đơn vị)", n, len(who), units))
	}
	return strings.Join(parts, "; ")
}

// cumulative reports whether a figure for the period runs from the start of the year.
func cumulative(p schema.Period, basis string) bool {
	return basis == "ytd" || p.StartMonth() == 1
}

// partLabel names a part-year figure: "2024-02 (lũy kế 2 tháng)".
func partLabel(p schema.Period, basis string) string {
	if p.Freq == schema.Yearly {
		return p.String()
	}
	if cumulative(p, basis) {
		return fmt.Sprintf("%s (lũy kế %d tháng)", p, p.EndMonth())
	}
	return p.String()
}

func qualifierWord(q string) string {
	return map[string]string{"above": "trên", "below": "dưới", "about": "khoảng"}[q]
}

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
		k := [2]string{t.Indicator, t.Scope}
		a := assessAt(t, ind, s.points[k], m.Period)
		if u := p.Unit(t.Scope); u != nil && u.Kind == schema.UnitReference {
			a.Reference = true
			a.Notes = append(a.Notes, fmt.Sprintf("Mục tiêu của %s, ghi để tham chiếu: không phải mục tiêu của tỉnh, không tính vào kết quả của tỉnh.", strings.ToLower(u.Name)))
		}
		for _, l := range s.later[k] {
			if y := l[:4]; y >= strconv.Itoa(t.Period.From) && y <= strconv.Itoa(t.Period.To) {
				a.Later = append(a.Later, l)
			}
		}
		if len(a.Later) > 0 {
			a.Notes = append(a.Notes, fmt.Sprintf("Không dùng số liệu của kỳ sau kỳ báo cáo: %s.", strings.Join(a.Later, ", ")))
		}
		for _, id := range t.Assumptions {
			if as := p.Assumption(id); as != nil {
				a.Assumptions = append(a.Assumptions, as)
			}
		}
		out = append(out, a)
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
			what := "Giai đoạn " + spanWords(t.Period)
			if t.Period.From == t.Period.To {
				what = "Năm " + spanWords(t.Period)
			}
			a.Notes = append(a.Notes, what+" chưa bắt đầu ở kỳ báo cáo này.")
		default:
			a.Notes = append(a.Notes, "Chưa có số liệu trong kế hoạch hay trong các báo cáo đã tổng hợp cho kỳ này.")
		}
	}
	var est []string
	for _, pt := range a.Points {
		if pt.Estimate {
			est = append(est, pointName(pt))
		}
	}
	if len(est) > 0 {
		a.Notes = append(a.Notes, "Số liệu ước tính: "+strings.Join(est, ", ")+".")
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
		case ok && y == period.Year:
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
	if a.K == a.N {
		a.Status = Judge(a.Achieved, band, lower)
		return
	}
	a.Status = Progress(a.Achieved, band, lower)
	dp := ind.DecimalPlaces()
	if a.Partial != nil {
		a.Notes = append(a.Notes, fmt.Sprintf("Năm %d mới có số liệu %s: %s — chưa đủ năm, không tính vào bình quân; đánh giá tạm tính.",
			a.Partial.Year, a.Partial.Label, growthWords(a.Partial.Value, dp)))
	}
	if len(a.Missing) > 0 {
		a.Notes = append(a.Notes, fmt.Sprintf("Thiếu số liệu năm %s: bình quân tính trên %d năm có số liệu (%s).", years(a.Missing), a.K, years(yearsOf(a.Points, false))))
	}
	if a.K == 0 {
		return
	}
	a.Required = RequiredGrowth(tv, a.N, g)
	rest := a.N - a.K
	switch {
	case lower:
	case a.Required <= 0:
		a.Secured, a.Status = true, OnTrack
		a.Notes = append(a.Notes, fmt.Sprintf("Mục tiêu đã được bảo đảm: kể cả khi %d năm chưa có số liệu giảm đến %s%%/năm, bình quân cả giai đoạn vẫn đạt %s%%/năm.",
			rest, fnum(-a.Required, dp), fnum(tv, dp)))
	default:
		what := fmt.Sprintf("%d năm còn lại", rest)
		if len(a.Missing) > 0 {
			what = fmt.Sprintf("%d năm chưa có số liệu (kể cả năm đã qua còn thiếu)", rest)
		}
		a.Notes = append(a.Notes, fmt.Sprintf("Để đạt %s%%/năm cả giai đoạn, %s cần tăng bình quân %s%%/năm.", fnum(tv, dp), what, fnum(a.Required, dp)))
		if a.Status == Behind && len(a.Missing) == 0 && !math.IsNaN(a.Best) && a.Required > a.Best {
			a.Status = Hard
			a.Notes = append(a.Notes, fmt.Sprintf("Khó đạt: tốc độ cần đạt (%s%%/năm) cao hơn mức tăng cao nhất của một năm đã có (%s%% năm %d).",
				fnum(a.Required, dp), fnum(a.Best, dp), a.BestYear))
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
			a.Status = Progress(latest.Value, band, lower)
		} else {
			a.Status = Judge(latest.Value, band, lower)
		}
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
		a.Notes = append(a.Notes, fmt.Sprintf("Đã đạt mức mục tiêu (%s) từ năm %d; cần giữ đến năm %d.", withUnit(fnum(tv, dp), unit), latest.Year, t.Period.To))
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
		a.Notes = append(a.Notes, "Văn bản không nêu năm gốc nên không có lộ trình để so tiến độ; chỉ nêu mức cần tăng.")
	}
	need := fmt.Sprintf("cần tăng %s%%/năm", fnum(a.Required, rateDecimals))
	if t.Measure == schema.MeasureShare {
		need = fmt.Sprintf("cần tăng %s điểm %%/năm", fnum(a.Required, dp))
	}
	a.Notes = append(a.Notes, fmt.Sprintf("Từ %s năm %d, %s trong %d năm để đạt %s năm %d.", withUnit(fnum(latest.Value, dp), unit), latest.Year, need, left, withUnit(fnum(tv, dp), unit), t.Period.To))
	if !lower && (a.Status == Behind || a.Status == NoPath) && !math.IsNaN(a.Best) && a.Required > a.Best {
		a.Status = Hard
		best := fnum(a.Best, rateDecimals) + "%"
		if t.Measure == schema.MeasureShare {
			best = fnum(a.Best, dp) + " điểm %"
		}
		a.Notes = append(a.Notes, fmt.Sprintf("Khó đạt: mức cần tăng mỗi năm cao hơn mức tăng cao nhất của một năm đã có (%s năm %d).", best, a.BestYear))
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
		Source: pt.Source, Note: pt.Note, Label: fmt.Sprintf("%d/%d", y, y-1)}, true
}

// bestGrowth is the highest whole-year growth known up to year last, and its year.
func bestGrowth(ind *schema.Indicator, pts map[int]Point, last int) (float64, int) {
	best, year := math.NaN(), 0
	for y := range pts {
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
// of one year (points), known up to year last.
func bestChange(ind *schema.Indicator, m schema.Measure, pts map[int]Point, last int) (float64, int) {
	if m != schema.MeasureShare {
		return bestGrowth(ind, pts, last)
	}
	best, year := math.NaN(), 0
	for y, pt := range pts {
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
func pointName(pt Point) string {
	if pt.Label != "" && pt.Provisional {
		return pt.Label
	}
	return "năm " + strconv.Itoa(pt.Year)
}
