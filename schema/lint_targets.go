package schema

import (
	"chitieu/finding"
	"fmt"
	"strings"
)

// Linting the targets and the reported figures: measures, sources, conflicts, values in range.

func (l *linter) target(ti int) {
	t := &l.p.Targets[ti]
	path := fmt.Sprintf("$.targets[%d]", ti)
	ind := l.indicator(path+".indicator", t.Indicator)
	l.unit(path+".scope", t.Scope)
	if t.Period.From == 0 {
		l.errorf("missing-field", path+".period", "Mục tiêu %s thiếu năm hoặc giai đoạn (period).", "Target %s has no year or span (period).", t.ID)
	}
	switch t.Comparator {
	case Between:
		if !t.Low.IsSet() || !t.High.IsSet() || t.Value.IsSet() {
			l.errorf("invalid-value", path, "Mục tiêu %s dạng khoảng (range) cần low và high, không dùng value.", "Target %s is a range and needs low and high, not value.", t.ID)
		} else if t.Low.Cmp(t.High) >= 0 {
			l.errorf("invalid-value", path+".high", "Mục tiêu %s: cận trên %s phải lớn hơn cận dưới %s.", "Target %s: high %s must be above low %s.", t.ID, t.High, t.Low)
		}
	case "":
	case Greater:
		if t.Measure != MeasureFaster || t.Value.IsSet() || t.Low.IsSet() || t.High.IsSet() {
			l.errorf("invalid-value", path+".comparator", "Mục tiêu %s: \">\" chỉ dùng cho mục tiêu so sánh hai chỉ tiêu (measure: faster), không kèm giá trị.",
				"Target %s: \">\" is for a target comparing two indicators (measure: faster) only, with no value.", t.ID)
		}
	default:
		if t.Measure == MeasureFaster {
			l.errorf("invalid-value", path+".comparator", "Mục tiêu %s so sánh hai chỉ tiêu (faster): ghi comparator \">\", không ghi giá trị.",
				"Target %s compares two indicators (faster): write comparator \">\" and no value.", t.ID)
		} else if !t.Value.IsSet() || t.Low.IsSet() || t.High.IsSet() {
			l.errorf("invalid-value", path+".value", "Mục tiêu %s (%s) cần đúng một giá trị value, không dùng low/high.", "Target %s (%s) needs a value, and no low/high.", t.ID, t.Comparator)
		}
	}
	if t.Comparator == About && !t.Tolerance.IsSet() {
		l.errorf("missing-field", path+".tolerance", "Mục tiêu %s là \"khoảng\" (~): ghi rõ dung sai (tolerance) được chấp nhận, ví dụ 0.5.",
			"Target %s is \"about\" (~): state the accepted tolerance, e.g. 0.5.", t.ID)
	}
	if t.Tolerance.IsSet() && t.Comparator != About && t.Comparator != Between {
		l.errorf("invalid-value", path+".tolerance", "Dung sai (tolerance) chỉ dùng với ~ (khoảng) hoặc range.", "A tolerance goes only with ~ (about) or range.")
	}
	if ind != nil {
		l.measure(t, ind, path)
		if t.Unit != "" && t.Measure != MeasureGrowth {
			if _, ok := ConvertUnit(MustNumber("1"), t.Unit, ind.Unit); !ok {
				l.errorf("unit-mismatch", path+".unit", "Không đổi được %q sang đơn vị tính của chỉ tiêu %s (%q).", "%q cannot be converted to the unit of indicator %s (%q).", t.Unit, ind.Code, ind.Unit)
			}
		}
	}
	if t.Baseline != nil && t.Period.From != 0 && t.Baseline.Year >= t.Period.From {
		l.errorf("invalid-value", path+".baseline.year", "Năm gốc %d của mục tiêu %s phải trước năm %d.", "The baseline year %d of target %s must be before %d.", t.Baseline.Year, t.ID, t.Period.From)
	}
	l.cite(path, t.Source, "target-without-source", finding.Textf("Mục tiêu %s", "Target %s", t.ID))
	l.assumptions(path+".assumptions", t.Assumptions)
	l.secondary(t, path+".secondary_to")
	l.faster(t, path)
}

// faster checks a comparative target: the indicator it is compared with, and that both can have
// a yearly growth.
func (l *linter) faster(t *Target, path string) {
	if t.Measure != MeasureFaster {
		if t.Than != "" {
			l.errorf("invalid-value", path+".than", "Mục tiêu %s: trường than chỉ dùng với measure: faster.", "Target %s: than goes with measure: faster only.", t.ID)
		}
		return
	}
	if t.Than == "" {
		l.errorf("missing-field", path+".than", "Mục tiêu %s so sánh hai chỉ tiêu: ghi chỉ tiêu so sánh (than).", "Target %s compares two indicators: give the other (than).", t.ID)
		return
	}
	if other := l.indicator(path+".than", t.Than); other != nil && other.Kind != KindLevel && other.Kind != KindCount && other.Kind != KindIndex && other.Kind != KindGrowth {
		l.errorf("invalid-measure", path+".than", "Chỉ tiêu %s loại %s không có tốc độ tăng hằng năm để so sánh.", "Indicator %s of kind %s has no yearly growth to compare.", t.Than, other.Kind)
	}
}

// secondary checks that a secondary target names a primary for the same indicator, scope and
// span which is not itself secondary.
func (l *linter) secondary(t *Target, path string) {
	if t.SecondaryTo == "" {
		return
	}
	var primary *Target
	for i := range l.p.Targets {
		if l.p.Targets[i].ID == t.SecondaryTo {
			primary = &l.p.Targets[i]
		}
	}
	switch {
	case primary == nil:
		l.errorf("unknown-target", path, "Mục tiêu %s ghi thứ yếu so với %q, nhưng kế hoạch không có mục tiêu đó.", "Target %s is secondary to %q, which the plan does not have.", t.ID, t.SecondaryTo)
	case primary == t || primary.SecondaryTo != "":
		l.errorf("invalid-value", path, "Mục tiêu %s: mục tiêu chính %s không được là mục tiêu thứ yếu.", "Target %s: its primary %s must not be secondary itself.", t.ID, t.SecondaryTo)
	case l.p.Indicator(primary.Indicator) == nil || l.p.Indicator(t.Indicator) == nil:
		// An unknown indicator is said once, where it is written.
	case primary.Indicator != t.Indicator || primary.Scope != t.Scope || primary.Period != t.Period:
		l.errorf("invalid-value", path, "Mục tiêu %s và mục tiêu chính %s phải cùng chỉ tiêu, phạm vi và năm/giai đoạn.", "Target %s and its primary %s must share indicator, scope and year or span.", t.ID, t.SecondaryTo)
	}
}

// measure checks that what a target constrains fits the indicator's kind.
func (l *linter) measure(t *Target, ind *Indicator, path string) {
	ok := true
	switch t.Measure {
	case MeasureShare:
		ok = ind.Kind == KindShare
	case MeasureLevel:
		ok = ind.Kind != KindGrowth
	case MeasureGrowth, MeasureFaster:
		ok = ind.Kind == KindGrowth || ind.Kind == KindLevel || ind.Kind == KindIndex || ind.Kind == KindCount
	}
	if !ok {
		l.errorf("invalid-measure", path+".measure", "Mục tiêu %s (measure: %s) không hợp với chỉ tiêu %s loại %s.",
			"Target %s (measure: %s) does not fit indicator %s of kind %s.", t.ID, t.Measure, ind.Code, ind.Kind)
	}
	if t.Measure == MeasureGrowth && t.Unit != "" && t.Unit != "%" {
		l.errorf("unit-mismatch", path+".unit", "Mục tiêu tăng trưởng %s tính bằng %%/năm; bỏ trường unit hoặc ghi \"%%\".",
			"Growth target %s is in %%/year; drop the unit or write \"%%\".", t.ID)
	}
}

func (l *linter) cite(path string, c Cite, code string, what finding.Text) {
	switch {
	case c.Source == "" && c.Quote == "":
		l.add(finding.Error, code, path, what.Plus(finding.Text{VI: " không có nguồn (source): ghi nguồn và câu trích dẫn nguyên văn.", EN: " has no source: give the source and the verbatim quote."}))
	case c.Source == "":
		l.add(finding.Error, code, path+".source", what.Plus(finding.Text{VI: " có trích dẫn nhưng không ghi nguồn (source.source).", EN: " has a quote but no source (source.source)."}))
	case strings.TrimSpace(c.Quote) == "":
		l.add(finding.Error, code, path+".source", what.Plus(finding.Text{VI: " không có câu trích dẫn nguyên văn (source.quote).", EN: " has no verbatim quote (source.quote)."}))
	}
	if s := l.p.Source(c.Source); s != nil && s.File == "" {
		l.add(finding.Error, code, path+".source.source", what.Plus(finding.Textf(" trích dẫn nguồn %s, nguồn không có tệp văn bản (file) để đối chiếu câu trích.",
			" quotes source %s, which has no file to check the quote against.", s.ID)))
	}
	l.source(path+".source.source", c.Source)
}

// targetKey identifies what a target constrains: two targets with the same key must agree.
type targetKey struct {
	indicator, scope string
	measure          Measure
	period           Span
}

func (l *linter) conflicts() {
	first := map[targetKey]int{}
	for i, t := range l.p.Targets {
		k := targetKey{t.Indicator, t.Scope, t.Measure, t.Period}
		j, seen := first[k]
		if !seen {
			first[k] = i
			continue
		}
		o := l.p.Targets[j]
		if l.sameValues(o, t) || t.SecondaryTo == o.ID || o.SecondaryTo == t.ID {
			continue // the plan has said which of the two is in force
		}
		ind := l.p.Indicator(t.Indicator)
		l.add(finding.Warning, "conflicting-targets", fmt.Sprintf("$.targets[%d]", i), finding.Textf(
			"Mục tiêu %s (%s) khác mục tiêu %s (%s) cho cùng chỉ tiêu %s, %s: %s theo %s, %s theo %s. Cả hai được giữ và cùng được đánh giá; hãy xác định văn bản nào có hiệu lực và ghi secondary_to ở mục tiêu thứ yếu.",
			"Target %s (%s) differs from target %s (%s) for the same indicator %s, %s: %s per %s, %s per %s. Both are kept and both are assessed; establish which document is in force and set secondary_to on the secondary target.",
			t.ID, l.docOf(t.Source), o.ID, l.docOf(o.Source), t.Indicator, t.Period,
			t.Statement(unitOf(ind)), l.docOf(t.Source), o.Statement(unitOf(ind)), l.docOf(o.Source)))
	}
}

// sameValues reports whether two targets ask for the same numbers, in the indicator's unit.
func (l *linter) sameValues(a, b Target) bool {
	ind := l.p.Indicator(a.Indicator)
	conv := func(t Target, n Number) Number {
		if ind == nil || !n.IsSet() || t.Measure == MeasureGrowth {
			return n
		}
		v, _ := ConvertUnit(n, t.Unit, ind.Unit)
		return v
	}
	return conv(a, a.Value).Equal(conv(b, b.Value)) && conv(a, a.Low).Equal(conv(b, b.Low)) && conv(a, a.High).Equal(conv(b, b.High))
}

func (l *linter) docOf(c Cite) string {
	if s := l.p.Source(c.Source); s != nil {
		return s.Document
	}
	return c.Source
}

// Statement writes a target's condition the way a report says it: "≥ 14,6%/năm",
// "khoảng 16,4 ± 0,5%/năm", "15–16%", "≥ 15 tỷ USD". unit is the indicator's unit, used when
// the target states no unit of its own.
func (t *Target) Statement(unit string) string {
	if t.Measure == MeasureFaster {
		return "cao hơn tốc độ tăng của " + t.Than + " mỗi năm"
	}
	var s string
	switch t.Comparator {
	case Between:
		s = t.Low.VN() + "–" + t.High.VN()
	case About:
		s = "khoảng " + t.Value.VN()
	case AtLeast:
		s = "≥ " + t.Value.VN()
	case AtMost:
		s = "≤ " + t.Value.VN()
	default:
		s = t.Value.VN()
	}
	if t.Tolerance.IsSet() {
		s += " ± " + t.Tolerance.VN()
	}
	switch {
	case t.Measure == MeasureGrowth:
		unit = "%/năm"
	case t.Unit != "":
		unit = t.Unit
	}
	if strings.HasPrefix(unit, "%") {
		return s + unit
	}
	return s + " " + unit
}

func (l *linter) actual(ai int) {
	a := &l.p.Actuals[ai]
	path := fmt.Sprintf("$.actuals[%d]", ai)
	ind := l.indicator(path+".indicator", a.Indicator)
	l.unit(path+".scope", a.Scope)
	what := finding.Textf("Số liệu %s kỳ %s", "Figure %s for %s", a.Indicator, a.Period)
	if a.Period.IsZero() {
		l.errorf("missing-field", path+".period", "Số liệu %s thiếu kỳ (period).", "Figure %s has no period.", a.Indicator)
	}
	if !a.Value.IsSet() && !a.YoY.IsSet() && !a.MoM.IsSet() {
		l.add(finding.Error, "missing-field", path, what.Plus(finding.Text{VI: " không có giá trị (value, yoy hoặc mom).", EN: " has no value (value, yoy or mom)."}))
	}
	switch {
	case a.Basis == "cumulative" && a.Since.IsZero():
		l.errorf("missing-field", path+".since", "Số liệu %s kỳ %s là số lũy kế (cumulative): ghi kỳ bắt đầu cộng dồn (since).", "Figure %s for %s is cumulative: give the period it runs from (since).", a.Indicator, a.Period)
	case a.Basis == "cumulative" && a.Since.Year > a.Period.Year:
		l.errorf("invalid-value", path+".since", "Số liệu %s: kỳ bắt đầu cộng dồn %s sau kỳ %s.", "Figure %s: it runs from %s, after %s.", a.Indicator, a.Since, a.Period)
	case a.Basis != "cumulative" && !a.Since.IsZero():
		l.errorf("invalid-value", path+".since", "Số liệu %s: since chỉ dùng với basis: cumulative.", "Figure %s: since goes with basis: cumulative only.", a.Indicator)
	}
	if a.Basis == "ytd" && a.Period.Freq != Monthly && a.Period.Freq != Quarterly {
		l.add(finding.Error, "invalid-value", path+".basis", what.Plus(finding.Text{VI: ": basis: ytd (lũy kế) chỉ dùng cho kỳ tháng hoặc quý.", EN: ": basis: ytd (year to date) goes only with a month or a quarter."}))
	}
	if ind != nil && a.Value.IsSet() {
		v, ok := ConvertUnit(a.Value, a.Unit, ind.Unit)
		if !ok {
			l.errorf("unit-mismatch", path+".unit", "Không đổi được %q sang đơn vị tính của chỉ tiêu %s (%q).", "%q cannot be converted to the unit of indicator %s (%q).", a.Unit, ind.Code, ind.Unit)
		} else if msg, bad := ind.outOfRange(v); bad {
			l.add(finding.Error, "invalid-value", path+".value", what.Plus(finding.Text{VI: ": ", EN: ": "}).Plus(msg))
		}
	}
	l.cite(path, a.Source, "actual-without-source", what)
	l.assumptions(path+".assumptions", a.Assumptions)
}

// outOfRange checks a value in the indicator's unit against its constraints.
func (ind *Indicator) outOfRange(v Number) (finding.Text, bool) {
	switch {
	case ind.Min.IsSet() && v.Cmp(ind.Min) < 0:
		return finding.Textf("giá trị %s nhỏ hơn mức tối thiểu %s.", "value %s is below the minimum %s.", v.VN(), ind.Min.VN()), true
	case ind.Max.IsSet() && v.Cmp(ind.Max) > 0:
		return finding.Textf("giá trị %s lớn hơn mức tối đa %s.", "value %s is above the maximum %s.", v.VN(), ind.Max.VN()), true
	case ind.Integer && !v.Decimal().IsInteger():
		return finding.Textf("giá trị %s phải là số nguyên.", "value %s must be a whole number.", v.VN()), true
	}
	return finding.Text{}, false
}

func unitOf(ind *Indicator) string {
	if ind == nil {
		return ""
	}
	return ind.Unit
}
