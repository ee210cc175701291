package consolidate

import (
	"cmp"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"chitieu/finding"
	"chitieu/schema"
	"chitieu/store"
)

// Model is everything the province workbook shows.
type Model struct {
	Plan   *schema.Plan
	Period schema.Period
	Date   time.Time // the date printed on the workbook and stored in it
	// Expected lists every (form, unit) that should have reported, in plan order, with what came.
	Expected []*Expected
	// Files are every file received for the period (and, for files given instead of a store,
	// every file given), as the store's index holds it, in receive order: from a store, the
	// current ones (Current), the copies replaced since being counted in Replaced.
	Files []*store.Submission
	// Replaced counts the copies of the period's reports a later one replaced, read from a
	// store (Expected.Replaced).
	Replaced int
	// Forms holds, for each form filled for the period, its province figures.
	Forms []*FormTotals
	// Past holds the province figures of the earlier periods History gave, one per period and
	// form, in period order.
	Past []*FormTotals
	// Assessments has one entry per target of the plan, in plan order.
	Assessments []*Assessment
	// FigureNotes are the notes on the figures the verdicts rest on, numbered for the marks
	// beside the verdicts (Assessment.Marks).
	FigureNotes []FigureNote
	// Conflicts are the figures two forms gave for one indicator and year, and which was used.
	Conflicts []Conflict
	// Approval is the office's review of the reports; nil when the files were given alone.
	Approval *Approval
}

// Expected is one report the province expects for the period: a form from a unit.
type Expected struct {
	Form *schema.Form
	Unit *schema.Unit
	// Used is the file whose figures are consolidated: the latest valid one received (the
	// store's current valid submission); nil when none is valid.
	Used *store.Submission
	// Received lists every file for this form and unit in receive order, Used among them: from
	// a store, the current ones (the valid copy, the latest invalid one).
	Received []*store.Submission
	// Replaced are the copies a later one replaced, read from a store by name only (files given
	// instead of a store are all in Received).
	Replaced []*store.Submission
	// Why explains which file was used when several came.
	Why finding.Text
	// Approved is set when the office approved the file used; Unapproved when a valid report
	// was left out for want of approval (--approved-only).
	Approved, Unapproved bool
}

// Status is how the report stands.
func (e *Expected) Status() finding.Text {
	switch {
	case len(e.Received) == 0:
		return finding.Text{VI: "Chưa nộp", EN: "Missing"}
	case e.Unapproved:
		return finding.Text{VI: "Hợp lệ, chưa duyệt, không dùng", EN: "Valid, not approved, not used"}
	case e.Used == nil:
		return finding.Text{VI: "Có lỗi, bị loại", EN: "Has errors, excluded"}
	case e.Approved && e.Copies() > 1:
		return finding.Text{VI: "Hợp lệ, đã duyệt (nộp nhiều bản)", EN: "Valid, approved (several copies)"}
	case e.Approved:
		return finding.Text{VI: "Hợp lệ, đã duyệt", EN: "Valid, approved"}
	case e.Copies() > 1:
		return finding.Text{VI: "Hợp lệ (nộp nhiều bản)", EN: "Valid (several copies)"}
	}
	return finding.Text{VI: "Hợp lệ", EN: "Valid"}
}

// Copies is how many files came for the report.
func (e *Expected) Copies() int { return len(e.Received) + len(e.Replaced) }

// Names are the names of every file received for the report, in receive order.
func (e *Expected) Names() []string {
	all := append(slices.Clone(e.Replaced), e.Received...)
	slices.SortStableFunc(all, func(a, b *store.Submission) int { return cmp.Compare(a.Seq, b.Seq) })
	names := make([]string, len(all))
	for i, s := range all {
		names[i] = s.Name
	}
	return names
}

// addReplaced files a store's replaced copies of the period's reports under them, and says,
// where a valid copy is used among several, which it is.
//
// The replaced copies are read after the current ones, so a copy replaced by a receipt between
// the two reads is among both: it is counted where the model has it, among the current ones.
func (m *Model) addReplaced(subs []store.Submission) {
	current := make(map[int64]bool, len(m.Files))
	for _, f := range m.Files {
		current[f.ID] = true
	}
	subs = slices.DeleteFunc(subs, func(s store.Submission) bool { return current[s.ID] })
	m.Replaced = len(subs)
	defer func() {
		for _, e := range m.Expected {
			e.why()
		}
	}()
	byKey := make(map[[2]string]*Expected, len(m.Expected))
	for _, e := range m.Expected {
		byKey[[2]string{e.Form.ID, e.Unit.Code}] = e
	}
	for i := range subs {
		s := &subs[i]
		if e := byKey[[2]string{s.Form, s.Unit}]; e != nil && s.Period == m.Period.String() {
			e.Replaced = append(e.Replaced, s)
		}
	}
}

// why says, where a valid copy is used among several, which it is: the latest valid one, or the
// approved one when valid files came after it (held until the report is reopened).
func (e *Expected) why() {
	if e.Used == nil || !e.Why.IsZero() || len(e.Replaced) == 0 {
		return
	}
	for _, s := range e.Replaced {
		if s.Valid && s.Seq > e.Used.Seq {
			e.Why = finding.Textf("Dùng %s: bản đã duyệt; bản gửi sau được giữ lại, chưa dùng, đến khi văn phòng mở lại báo cáo.",
				"Using %s: the approved copy; those sent after it are held, not used, until the office reopens the report.", e.Used.Name)
			return
		}
	}
	e.Why = finding.Textf("Dùng %s: bản hợp lệ nhận sau cùng.", "Using %s: the valid copy received last.", e.Used.Name)
}

// FileCount is how many files were received for the period: those the model holds, and the
// copies replaced since.
func (m *Model) FileCount() int { return len(m.Files) + m.Replaced }

// FormTotals are a form's figures for a period: each unit's and the province's.
type FormTotals struct {
	Form   *schema.Form
	Period schema.Period
	Units  []*schema.Unit // the units that fill the form for the period, in plan order
	// ByUnit holds each used figure, by unit code and cell key, with where it was read.
	ByUnit map[string]map[schema.CellKey]Figure
	// Province holds the province's value by cell key: summed, recomputed or single.
	Province map[schema.CellKey]schema.Number
}

// Figure is consolidation's name for the one shape of a submitted figure (schema.Figure): for
// the period being consolidated it is read from the checked files, for earlier periods it comes
// from the store (History). An alias, so that the sheets need not spell the package.
type Figure = schema.Figure

// History is what consolidation knows of earlier periods: the figures of the valid submissions
// the store keeps (store.Figures). Figures for periods ending after the one consolidated, or for
// that period itself (which its files give), are not used.
// History is used for the same period last year (the summary's "cùng kỳ"), the plan for the
// year when the period's reports lack it, and every year of each target's span.
type History []Figure

// counts reports whether a submission is the copy of its report that counts: valid (its check
// found no error) and current (no later valid copy received). It is the store's rule, the one
// definition: the latest valid copy received counts.
func counts(s *store.Submission) bool { return s.Valid && s.SupersededBy == 0 }

// Build consolidates the submissions received for a period, as the store's index holds them
// (store.Submissions with figures and findings, in receive order; Load reads them): no archived
// file is opened. hist, which may be nil, gives the figures of earlier periods (same period last
// year, the years of each target's span).
func Build(p *schema.Plan, period schema.Period, subs []store.Submission, date time.Time, hist History) *Model {
	return BuildReviewed(p, period, subs, date, hist, nil)
}

// BuildReviewed is Build with the office's review of the reports (nil when there is none): each
// report says whether it was approved, and with ap.Only only approved reports are used.
func BuildReviewed(p *schema.Plan, period schema.Period, subs []store.Submission, date time.Time, hist History, ap *Approval) *Model {
	m := &Model{Plan: p, Period: period, Date: date, Approval: ap}
	// The earlier periods are totalled on a core of their own while the period's reports are:
	// the two read the plan and their own figures only.
	earlier := make(chan []*FormTotals, 1)
	go func() { earlier <- past(p, period, hist) }()
	byKey := map[[2]string][]*store.Submission{}
	for i := range subs {
		s := &subs[i]
		m.Files = append(m.Files, s)
		if s.Period == period.String() && p.Form(s.Form) != nil && p.Unit(s.Unit) != nil {
			k := [2]string{s.Form, s.Unit}
			byKey[k] = append(byKey[k], s)
		}
	}
	for i := range p.Forms {
		f := p.Forms[i].ForPeriod(period) // as laid out, read and checked for the period
		if !f.HasFrequency(period.Freq) || !f.InForce(period) {
			continue // not filled for such a period, or not in force then (03/CT-H after 2025-06-30)
		}
		ft := &FormTotals{Form: f, Period: period, Units: p.UnitsFor(f, period), ByUnit: map[string]map[schema.CellKey]Figure{}, Province: map[schema.CellKey]schema.Number{}}
		for _, u := range ft.Units {
			e := &Expected{Form: f, Unit: u, Received: byKey[[2]string{f.ID, u.Code}]}
			e.Used, e.Why = choose(e.Received)
			ap.apply(e)
			m.Expected = append(m.Expected, e)
			if e.Used != nil {
				ft.ByUnit[u.Code] = values(e.Used)
			}
		}
		ft.total(p)
		m.Forms = append(m.Forms, ft)
	}
	m.Past = <-earlier
	m.Assessments = assessAll(p, m)
	m.FigureNotes = figureNotes(m.Assessments)
	return m
}

// past totals the history's figures by period and form: only periods that end before the one
// consolidated, only forms and units of the plan.
func past(p *schema.Plan, period schema.Period, hist History) []*FormTotals {
	type key struct {
		period schema.Period
		form   string
	}
	byKey := map[key]*FormTotals{}
	var keys []key
	for _, x := range hist {
		if x.Period == period || x.Period.IsZero() || x.Period.End().After(period.End()) {
			continue
		}
		f := p.Form(x.Form)
		if f == nil || p.Unit(x.Unit) == nil {
			continue
		}
		f = f.ForPeriod(x.Period) // as it was laid out and read for that period
		k := key{x.Period, x.Form}
		ft := byKey[k]
		if ft == nil {
			ft = &FormTotals{Form: f, Period: x.Period, Units: p.UnitsFor(f, x.Period), ByUnit: map[string]map[schema.CellKey]Figure{}, Province: map[schema.CellKey]schema.Number{}}
			byKey[k] = ft
			keys = append(keys, k)
		}
		if !slices.ContainsFunc(ft.Units, func(u *schema.Unit) bool { return u.Code == x.Unit }) {
			ft.Units = append(ft.Units, p.Unit(x.Unit)) // a unit the plan no longer lists for the period
		}
		if ft.ByUnit[x.Unit] == nil {
			ft.ByUnit[x.Unit] = map[schema.CellKey]Figure{}
		}
		if x.Status == "" {
			x.Status = schema.StatusOfficial
		}
		ft.ByUnit[x.Unit][schema.CellKey{Indicator: x.Indicator, Column: x.Column}] = x
	}
	slices.SortFunc(keys, func(a, b key) int {
		return cmp.Or(a.period.End().Compare(b.period.End()), cmp.Compare(a.period.String(), b.period.String()), cmp.Compare(a.form, b.form))
	})
	out := make([]*FormTotals, 0, len(keys))
	for _, k := range keys {
		byKey[k].total(p)
		out = append(out, byKey[k])
	}
	return out
}

// PastTotals returns the province figures of a form for an earlier period, or nil.
func (m *Model) PastTotals(form string, period schema.Period) *FormTotals {
	for _, ft := range m.Past {
		if ft.Form.ID == form && ft.Period == period {
			return ft
		}
	}
	return nil
}

// choose picks the copy that counts among the copies of one report (counts: the latest valid
// one received) and says why when several came.
func choose(subs []*store.Submission) (*store.Submission, finding.Text) {
	var best *store.Submission
	valid := 0
	for _, s := range subs {
		if s.Valid {
			valid++
		}
		if counts(s) && (best == nil || s.Seq > best.Seq) {
			best = s
		}
	}
	switch {
	case best == nil || len(subs) == 1:
		return best, finding.Text{}
	case valid == 1:
		return best, finding.Textf("Chỉ %s hợp lệ trong %d bản đã nộp.", "Only %s is valid of the %d copies sent.", best.Name, len(subs))
	}
	return best, finding.Textf("Dùng %s: bản hợp lệ nhận sau cùng trong %d bản đã nộp.", "Using %s: the valid copy received last of the %d sent.",
		best.Name, len(subs))
}

// values are the figures of the copy that counts by cell key (validate's File.Figures, as the
// store keeps them), without the note cells of their own.
func values(s *store.Submission) map[schema.CellKey]Figure {
	out := make(map[schema.CellKey]Figure, len(s.Figures))
	for _, x := range s.Figures {
		if x.Value.IsSet() {
			out[x.Key()] = x
		}
	}
	return out
}

// total makes the province's figures: sums exactly, ratios recomputed from the summed parts,
// single-unit figures as reported, derived columns from the province's figures.
func (ft *FormTotals) total(p *schema.Plan) {
	f := ft.Form
	for _, r := range f.Rows {
		ind := p.Indicator(r.Indicator)
		if r.Heading != "" || ind == nil {
			continue
		}
		for _, c := range f.Columns {
			if c.Basis == schema.BasisDerived || c.Basis == schema.BasisNote || !r.Applies(c.Code) || ind.Combine == schema.CombineRatio {
				continue
			}
			key := schema.CellKey{Indicator: r.Indicator, Column: c.Code}
			sum, n := decimal.Zero, 0
			for _, u := range ft.Units {
				if v, ok := ft.ByUnit[u.Code][key]; ok {
					if ind.Combine == schema.CombineSingle && n > 0 {
						continue // one unit reports it; a second report does not add
					}
					sum, n = sum.Add(v.Value.Decimal()), n+1
				}
			}
			if n > 0 {
				ft.Province[key] = schema.NumberOf(sum)
			}
		}
	}
	for _, r := range f.Rows {
		ind := p.Indicator(r.Indicator)
		if r.Heading != "" || ind == nil || ind.Combine != schema.CombineRatio {
			continue
		}
		for _, c := range f.Columns {
			key := schema.CellKey{Indicator: r.Indicator, Column: c.Code}
			num, ok1 := ft.Province[schema.CellKey{Indicator: ind.Numerator, Column: c.Code}]
			den, ok2 := ft.Province[schema.CellKey{Indicator: ind.Denominator, Column: c.Code}]
			if ok1 && ok2 && !den.Decimal().IsZero() && r.Applies(c.Code) && c.Basis != schema.BasisNote && c.Basis != schema.BasisDerived {
				ft.Province[key] = schema.NumberOf(num.Decimal().Mul(ind.Scale.Decimal()).DivRound(den.Decimal(), 12))
			}
		}
	}
}

// current is the column holding what was done in the period, counted from the start of the
// year (schema.Form.YearToDate, the one definition).
func current(f *schema.Form, per schema.Period, r *schema.Row) *schema.Column {
	return f.YearToDate(per, r)
}

// Compared is a form row's figure for comparison: its value, and where it comes from when it is
// not the period's own submissions.
type Compared struct {
	Value schema.Number
	OK    bool
	// Column is the period's own column the value is read from; nil when it comes from History.
	Column *schema.Column
	// From names the history's report it comes from ("báo cáo năm 2022", "the report for 2022"),
	// printed in the reader's language; zero for the period's own submissions.
	From finding.Text
}

// Prior is the province's figure of a form's row for the same period of the previous year: the
// history's own report of that period when the store has it, else the period's "cùng kỳ" column.
func (m *Model) Prior(ft *FormTotals, r *schema.Row) Compared {
	last := schema.Period{Year: ft.Period.Year - 1, Freq: ft.Period.Freq, N: ft.Period.N}
	if past := m.PastTotals(ft.Form.ID, last); past != nil {
		if c := current(ft.Form, last, r); c != nil {
			if v, ok := past.Province[schema.CellKey{Indicator: r.Indicator, Column: c.Code}]; ok {
				return Compared{Value: v, OK: true, From: reportOf(last)}
			}
		}
	}
	// Across a reform the province's series goes on in the form's predecessor (03/CT-H's
	// districts for 03/CT-X's communes): the province total is the same quantity.
	for _, pf := range m.Plan.FormPredecessors(ft.Form.ID) {
		past, pr := m.PastTotals(pf.ID, last), pf.Row(r.Indicator)
		if past == nil || pr == nil {
			continue
		}
		if c := current(pf, last, pr); c != nil {
			if v, ok := past.Province[schema.CellKey{Indicator: r.Indicator, Column: c.Code}]; ok {
				from := finding.Textf("%s của biểu %s (biểu trước, thay bằng biểu %s", "the %s of form %s (the former form, replaced by form %s",
					reportOf(last), pf.ID, pf.SucceededBy)
				if !pf.ValidTo.IsZero() {
					day := pf.ValidTo.AddDate(0, 0, 1)
					from = from.Plus(finding.Textf(" từ ngày %s", " from %s", finding.Text{VI: day.Format("02/01/2006"), EN: day.Format("2006-01-02")}))
				}
				return Compared{Value: v, OK: true, From: from.Plus(finding.Text{VI: ")", EN: ")"})}
			}
		}
	}
	if c := ft.Form.ColumnOf(r, schema.BasisPrior); c != nil {
		v, ok := ft.Province[schema.CellKey{Indicator: r.Indicator, Column: c.Code}]
		return Compared{Value: v, OK: ok, Column: c}
	}
	return Compared{}
}

// reportOf names the report of a period: "báo cáo năm 2022", "report for 2022".
func reportOf(p schema.Period) finding.Text {
	return finding.Textf("báo cáo %s", "report for %s", finding.Text{VI: lowerFirst(p.Label(finding.VI)), EN: p.Label(finding.EN)})
}

// PlanForYear is the province's plan for the year of a form's row: the period's "kế hoạch năm"
// column, else the latest earlier report of the same year in the history.
func (m *Model) PlanForYear(ft *FormTotals, r *schema.Row) Compared {
	c := ft.Form.ColumnOf(r, schema.BasisPlan)
	if c == nil {
		return Compared{}
	}
	if v, ok := ft.Province[schema.CellKey{Indicator: r.Indicator, Column: c.Code}]; ok {
		return Compared{Value: v, OK: true, Column: c}
	}
	for i := len(m.Past) - 1; i >= 0; i-- {
		past := m.Past[i]
		if past.Form.ID != ft.Form.ID || past.Period.Year != ft.Period.Year {
			continue
		}
		if v, ok := past.Province[schema.CellKey{Indicator: r.Indicator, Column: c.Code}]; ok {
			return Compared{Value: v, OK: true, From: reportOf(past.Period)}
		}
	}
	return Compared{Column: c}
}

// HistoryPeriods are the earlier periods a workbook for period reads from history: the same
// period last year (its "cùng kỳ"), and every year from the first year of any target's span (or
// the year before the period, if earlier) to the year before the period — and, for a part of a
// year, that year too is not yet whole, so it is left to the period's own files.
func HistoryPeriods(p *schema.Plan, period schema.Period) []schema.Period {
	first := period.Year - 1
	for _, t := range p.Targets {
		if t.Period.From > 0 && t.Period.From < first {
			first = t.Period.From
		}
	}
	out := []schema.Period{}
	if period.Freq != schema.Yearly {
		out = append(out, period.YearBefore())
	}
	for y := first; y < period.Year; y++ {
		out = append(out, schema.Period{Year: y, Freq: schema.Yearly})
	}
	return out
}
