package consolidate

import (
	"cmp"
	"iter"
	"slices"
	"strings"

	"chitieu/finding"
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
	// Qualifier is the word the source puts before the figure, as the plan codes it: "above",
	// "below", "about" (qualifierWord says it in Vietnamese).
	Qualifier string
	// Source says where the figure is from: a document, or a form's total with its files.
	Source finding.Text
	// Note is the source's or the reporting units' note on the figure: their words, quoted.
	Note finding.Text
	// Label says what the figure is when it is not the year itself: "2024-02 (lũy kế 2 tháng)",
	// "2023/2022" for a growth computed from two levels.
	Label finding.Text
	// Form is the form a province figure was totalled from; empty for a document's figure.
	Form string
	rank rank
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
	// Provisional marks Achieved as a figure for part of a year.
	Provisional bool
	// Interim marks the verdict as tạm tính: the workbook's period is part of a year, or a year
	// the verdict rests on is known only in part. It is never final then.
	Interim bool
	// Reference marks a target of another scope kept for comparison (the whole country): it is
	// not the province's and not counted with its targets.
	Reference bool
	// Primary is, on a secondary target (a draft's beside the issued decision's), the ID of the
	// primary target it is shown beside; a secondary is not counted in the summary.
	Primary string
	// Compared are the years of a comparative target (measure faster) with both figures.
	Compared []Comparison
	// Marks number the notes (Model.FigureNotes) on the figures the verdict rests on.
	Marks []int
	// Later lists figures the plan has for the indicator after the period, which the workbook
	// does not use.
	Later []finding.Text
	// Notes explain the verdict: missing years, part-year figures, no path, the rate still
	// required, estimates — each a code and its raw arguments, written in the reader's language
	// when printed (Note.In).
	Notes []Note
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
	plan      *schema.Plan
	points    map[[2]string]map[int]Point
	later     map[[2]string][]laterFigure
	conflicts []Conflict
}

// laterFigure is a figure of the plan for a period after the workbook's: its year and what it is.
type laterFigure struct {
	Year  int
	Label finding.Text
}

// Conflict is one indicator, scope and year given two values by two forms: the figure used as
// the province's, the other, and why (DESIGN.md, "Conflicting figures").
type Conflict struct {
	Indicator, Scope string
	Year             int
	Used, Other      Point
	// ByRule is set when the plan names the authoritative form (Indicator.Authority); else the
	// figure used is the one of the form listed first in the plan.
	ByRule bool
}

func (s *series) add(ind, scope string, p Point) {
	k := [2]string{ind, scope}
	if s.points[k] == nil {
		s.points[k] = map[int]Point{}
	}
	old, seen := s.points[k][p.Year]
	if seen && s.twoForms(old, p) {
		s.points[k][p.Year] = s.settle(ind, scope, old, p)
		return
	}
	if !seen || p.rank.cmp(old.rank) > 0 {
		s.points[k][p.Year] = p
	}
}

// twoForms reports whether two figures are the same thing — a whole year reported for itself —
// from two forms.
func (s *series) twoForms(a, b Point) bool {
	// A year's own figure: not "cùng kỳ" read from the next year, not an estimate of the year.
	same := func(p Point) bool {
		return p.rank.whole == 1 && p.rank.direct == 1 && p.rank.submitted == 1 && p.Label.IsZero()
	}
	return a.Form != "" && b.Form != "" && a.Form != b.Form && same(a) && same(b) && a.Period == b.Period
}

// settle chooses between one year's figures of two forms: the same value keeps both notes; two
// values are a conflict, settled by the plan's authoritative form, else by the form listed first.
func (s *series) settle(ind, scope string, old, p Point) Point {
	if old.Value == p.Value {
		if on, pn := old.Note.In(finding.VI), p.Note.In(finding.VI); pn != "" && !strings.Contains(on, pn) {
			if on == "" {
				old.Note = p.Note
			} else {
				old.Note = old.Note.Plus(finding.Text{VI: "; ", EN: "; "}).Plus(p.Note)
			}
		}
		old.Estimate = old.Estimate || p.Estimate
		old.Source = old.Source.Plus(finding.Textf("; cùng số ở %s", "; the same figure in %s", p.Source))
		return old
	}
	c := Conflict{Indicator: ind, Scope: scope, Year: p.Year, Used: old, Other: p}
	if i := s.plan.Indicator(ind); i != nil && i.Authority != "" && (p.Form == i.Authority || old.Form == i.Authority) {
		c.ByRule = true
		if p.Form == i.Authority {
			c.Used, c.Other = p, old
		}
	} else if s.formIndex(p.Form) < s.formIndex(old.Form) {
		c.Used, c.Other = p, old
	}
	s.conflicts = append(s.conflicts, c)
	return c.Used
}

func (s *series) formIndex(id string) int {
	return slices.IndexFunc(s.plan.Forms, func(f schema.Form) bool { return f.ID == id })
}

// endsBy reports whether period a ends no later than p.
func endsBy(a, p schema.Period) bool {
	return a.Year < p.Year || (a.Year == p.Year && a.EndMonth() <= p.EndMonth())
}

// build gathers the plan's own figures and the consolidated ones of the period and of the
// history, leaving out whatever is for a period after the workbook's.
func build(p *schema.Plan, m *Model) *series {
	s := &series{plan: p, points: map[[2]string]map[int]Point{}, later: map[[2]string][]laterFigure{}}
	for _, a := range p.Actuals {
		ind := p.Indicator(a.Indicator)
		if ind == nil || !a.Value.IsSet() || a.Basis == "cumulative" {
			continue // a count since a date is no year's figure: only like is compared
		}
		if !endsBy(a.Period, m.Period) {
			k := [2]string{a.Indicator, a.Scope}
			s.later[k] = append(s.later[k], laterFigure{Year: a.Period.Year, Label: partLabel(a.Period, a.Basis)})
			continue
		}
		v, _ := schema.ConvertUnit(a.Value, a.Unit, ind.Unit)
		status := a.Status
		if status == "" {
			status = schema.StatusOfficial
		}
		pt := Point{Year: a.Period.Year, Period: a.Period, Value: v.Float(), Estimate: status == schema.StatusEstimate || status == schema.StatusPreliminary,
			Qualifier: a.Qualifier, Source: finding.Text{VI: sourceOf(p, a.Source)}, Note: finding.Text{VI: a.Note},
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
		pt := Point{Year: per.Year, Period: per, Form: ft.Form.ID, rank: rank{direct: 1, submitted: 1, months: per.EndMonth()}}
		switch {
		case per.Freq == schema.Yearly && (c.Basis == schema.BasisPeriod || c.Basis == schema.BasisYTD):
			pt.rank.whole = 1
		case c.Basis == schema.BasisEstimated:
			pt.rank.whole, pt.Estimate, pt.Label = 1, true, finding.Textf("ước thực hiện năm %d (báo cáo %s)", "estimate for %d (report for %s)", per.Year, per.String())
		case per.Freq == schema.Yearly && c.Basis == schema.BasisPrior:
			pt.Year, pt.Period, pt.rank.whole, pt.rank.direct = per.Year-1, schema.Period{Year: per.Year - 1, Freq: schema.Yearly}, 1, 0
			pt.Label = finding.Textf("%d (cột %s của báo cáo năm %d)", "%d (column %s of the report for %d)", per.Year-1, c.NameText(), per.Year)
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
			q.Note = notesOf(ft.Form, figs, len(ft.Units))
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
	return slices.Collect(ft.contributing(p, key))
}

// contributing yields the contributions one by one, collecting nothing: the summary looks at
// the figures of every row's every column.
func (ft *FormTotals) contributing(p *schema.Plan, key schema.CellKey) iter.Seq[Figure] {
	inds := []string{key.Indicator}
	if ind := p.Indicator(key.Indicator); ind != nil && ind.Combine == schema.CombineRatio {
		inds = []string{ind.Numerator, ind.Denominator}
	}
	return func(yield func(Figure) bool) {
		for _, u := range ft.Units {
			byKey := ft.ByUnit[u.Code]
			for _, i := range inds {
				if f, ok := byKey[schema.CellKey{Indicator: i, Column: key.Column}]; ok && !yield(f) {
					return
				}
			}
		}
	}
}

// sourceOf says where a province figure comes from: the form, period and column, and the file and
// cell when one unit gave it.
func (ft *FormTotals) sourceOf(c schema.Column, figs []Figure) finding.Text {
	per := lowerFirstText(finding.Text{VI: ft.Period.Label(finding.VI), EN: ft.Period.Label(finding.EN)})
	units := map[string]bool{}
	for _, f := range figs {
		units[f.Unit] = true
	}
	if len(units) == 1 {
		f := figs[0]
		return finding.Textf("biểu %s %s, cột «%s»: %s, tệp «%s», ô %s", "form %s, %s, column “%s”: %s, file “%s”, cell %s",
			ft.Form.ID, per, c.NameText(), f.Unit, f.FileName(), f.Cell)
	}
	return finding.Textf("biểu %s %s, cột «%s»: tổng của %d đơn vị", "form %s, %s, column “%s”: total of %d units", ft.Form.ID, per, c.NameText(), len(units))
}

// notesOf gathers the units' notes on the figures of a total, each note once with how many
// units wrote it: «Số liệu minh họa …» (27/27 đơn vị).
func notesOf(form *schema.Form, figs []Figure, units int) finding.Text {
	byNote := map[string]map[string]bool{}
	var order []string
	for _, f := range figs {
		note := f.Note
		if c := form.Column(f.Column); c != nil {
			note = schema.NoteOn(note, c) // a row's note concerns only the columns it names
		}
		if note == "" {
			continue
		}
		if byNote[note] == nil {
			byNote[note] = map[string]bool{}
			order = append(order, note)
		}
		byNote[note][f.Unit] = true
	}
	var out finding.Text
	for i, n := range order {
		if i > 0 {
			out = out.Plus(finding.Text{VI: "; ", EN: "; "})
		}
		who := byNote[n]
		if len(who) == 1 {
			for u := range who {
				out = out.Plus(finding.Textf("«%s» (%s)", "“%s” (%s)", n, u))
			}
			continue
		}
		out = out.Plus(finding.Textf("«%s» (%d/%d đơn vị)", "“%s” (%d/%d units)", n, len(who), units))
	}
	return out
}

// cumulative reports whether a figure for the period runs from the start of the year.
func cumulative(p schema.Period, basis string) bool {
	return basis == "ytd" || p.StartMonth() == 1
}

// partLabel names a part-year figure: "2024-02 (lũy kế 2 tháng)", "2024-02 (2 months to date)".
func partLabel(p schema.Period, basis string) finding.Text {
	if p.Freq != schema.Yearly && cumulative(p, basis) {
		return finding.Textf("%s (lũy kế %d tháng)", "%s (%d months to date)", p.String(), p.EndMonth())
	}
	return finding.Text{VI: p.String(), EN: p.String()}
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

// Note says a conflict in a sentence: both figures with their sources, the difference, which
// is the province's and why.
func (c Conflict) Note(ind *schema.Indicator) Note {
	dp := ind.DecimalPlaces()
	why := finding.Textf("kế hoạch chưa nêu biểu chính thức của chỉ tiêu (authority): dùng số của biểu %s, biểu đứng trước trong kế hoạch",
		"the plan names no authoritative form for the indicator (authority): the figure of form %s, listed first in the plan, is used", c.Used.Form)
	if c.ByRule {
		why = finding.Textf("theo kế hoạch, biểu %s là biểu chính thức của chỉ tiêu", "the plan names form %s as the indicator's authoritative form", c.Used.Form)
	}
	diff := withUnitText(numArg(c.Used.Value-c.Other.Value, dp), ind.Unit)
	if ind.Kind == schema.KindGrowth || ind.Kind == schema.KindShare {
		diff = finding.Textf("%s điểm %%", "%s points", numArg(c.Used.Value-c.Other.Value, dp))
	}
	n := note("conflict", "Hai số liệu cho %s năm %d: %s theo %s và %s theo %s; chênh lệch %s. Số của tỉnh: %s (%s).",
		"Two figures for %s in %d: %s from %s and %s from %s; a difference of %s. The province's figure: %s (%s).",
		lowerFirstText(ind.NameText()), c.Year, withUnitText(numArg(c.Used.Value, dp), ind.Unit), c.Used.Source, withUnitText(numArg(c.Other.Value, dp), ind.Unit), c.Other.Source,
		diff, numArg(c.Used.Value, dp), why)
	if !c.Other.Note.IsZero() {
		n.Msg = n.Msg.Plus(finding.Textf(" Ghi chú kèm số kia: %s.", " The other figure's note: %s.", c.Other.Note))
	}
	return n
}
