package schema

import (
	"chitieu/finding"
	"fmt"
	"strings"
)

// Lint checks what the field rules cannot: that every code a plan refers to exists, codes are
// unique, forms are well made, every target and actual has its source, values fit their
// indicators, and no two targets for the same thing disagree (a warning naming both sources).
func (p *Plan) Lint() finding.Findings {
	l := &linter{p: p}
	l.codes()
	l.units()
	l.indicators()
	for i := range p.Forms {
		l.form(i)
	}
	for i := range p.Targets {
		l.target(i)
	}
	l.conflicts()
	for i := range p.Actuals {
		l.actual(i)
	}
	for i, e := range p.Excluded {
		l.source(fmt.Sprintf("$.excluded[%d].source", i), e.Source)
	}
	l.fs.Sort()
	return l.fs
}

type linter struct {
	p  *Plan
	fs finding.Findings
}

func (l *linter) add(sev finding.Severity, code, path string, msg finding.Text) {
	l.fs.Add(finding.Finding{Severity: sev, Code: code, Detail: msg, Plan: l.p.pos(path), Path: path})
}

func (l *linter) errorf(code, path, vi, en string, args ...any) {
	l.add(finding.Error, code, path, finding.Textf(vi, en, args...))
}

// unique reports each code that repeats an earlier one in the same list.
func (l *linter) unique(what finding.Text, path string, codes []string) {
	first := map[string]int{}
	for i, c := range codes {
		if c == "" {
			continue
		}
		if j, dup := first[c]; dup {
			l.errorf("duplicate-code", fmt.Sprintf(path, i), "Mã %s %q đã dùng ở mục thứ %d (dòng %d); mỗi mã chỉ được dùng một lần.",
				"%s code %q is already used by entry %d (line %d); each code must be unique.",
				what.In(finding.VI), c, j+1, l.p.pos(fmt.Sprintf(path, j)).Line)
			continue
		}
		first[c] = i
	}
}

func codesOf[T any](xs []T, code func(T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = code(x)
	}
	return out
}

func (l *linter) codes() {
	p := l.p
	l.unique(finding.Text{VI: "đơn vị", EN: "unit"}, "$.units[%d].code", codesOf(p.Units, func(u Unit) string { return u.Code }))
	l.unique(finding.Text{VI: "chỉ tiêu", EN: "indicator"}, "$.indicators[%d].code", codesOf(p.Indicators, func(x Indicator) string { return x.Code }))
	l.unique(finding.Text{VI: "biểu", EN: "form"}, "$.forms[%d].id", codesOf(p.Forms, func(x Form) string { return x.ID }))
	l.unique(finding.Text{VI: "nguồn", EN: "source"}, "$.sources[%d].id", codesOf(p.Sources, func(x Source) string { return x.ID }))
	l.unique(finding.Text{VI: "giả định", EN: "assumption"}, "$.assumptions[%d].id", codesOf(p.Assumptions, func(x Assumption) string { return x.ID }))
	l.unique(finding.Text{VI: "mục tiêu", EN: "target"}, "$.targets[%d].id", codesOf(p.Targets, func(x Target) string { return x.ID }))
}

func (l *linter) indicator(path, code string) *Indicator {
	if code == "" {
		return nil
	}
	ind := l.p.Indicator(code)
	if ind == nil {
		msg := finding.Textf("Chỉ tiêu %q không có trong danh mục chỉ tiêu của kế hoạch.", "Indicator %q is not among the plan's indicators.", code)
		suggest(&msg, code, codesOf(l.p.Indicators, func(x Indicator) string { return x.Code }))
		l.add(finding.Error, "unknown-indicator", path, msg)
	}
	return ind
}

func (l *linter) unit(path, code string) *Unit {
	if code == "" {
		return nil
	}
	u := l.p.Unit(code)
	if u == nil {
		msg := finding.Textf("Đơn vị %q không có trong danh sách đơn vị báo cáo của kế hoạch.", "Unit %q is not among the plan's reporting units.", code)
		suggest(&msg, code, codesOf(l.p.Units, func(x Unit) string { return x.Code }))
		l.add(finding.Error, "unknown-unit", path, msg)
	}
	return u
}

func (l *linter) source(path, id string) {
	if id != "" && l.p.Source(id) == nil {
		msg := finding.Textf("Nguồn %q không có trong danh sách nguồn (sources) của kế hoạch.", "Source %q is not among the plan's sources.", id)
		suggest(&msg, id, codesOf(l.p.Sources, func(x Source) string { return x.ID }))
		l.add(finding.Error, "unknown-source", path, msg)
	}
}

func (l *linter) assumptions(path string, ids []string) {
	for i, id := range ids {
		if l.p.Assumption(id) == nil {
			l.errorf("unknown-assumption", fmt.Sprintf("%s[%d]", path, i), "Giả định %q không có trong danh sách giả định (assumptions).",
				"Assumption %q is not among the plan's assumptions.", id)
		}
	}
}

func (l *linter) units() {
	for i, s := range l.p.Sources {
		if s.File == "" && s.URL == "" {
			l.errorf("missing-field", fmt.Sprintf("$.sources[%d].file", i), "Nguồn %s cần tệp văn bản (file) hoặc địa chỉ (url) nơi đọc được văn bản.",
				"Source %s needs a file or a url where the document can be read.", s.ID)
		}
	}
	for i, u := range l.p.Units {
		path := fmt.Sprintf("$.units[%d]", i)
		l.source(path+".source", u.Source)
		l.emails(path, u)
		if lines := strings.Split(u.Parent, "\n"); len(lines) > MaxParentLines {
			l.errorf("invalid-value", path+".parent", "Đơn vị %s: cơ quan cấp trên (parent) có %d dòng; biểu in được nhiều nhất %d dòng trên tên đơn vị.",
				"Unit %s: its parent agency has %d lines; a form prints at most %d above the unit's name.", u.Code, len(lines), MaxParentLines)
		}
		if !u.ValidFrom.IsZero() && !u.ValidTo.IsZero() && u.ValidTo.Before(u.ValidFrom.Time) {
			l.errorf("invalid-value", path+".valid_to", "Đơn vị %s: ngày hết hiệu lực %s trước ngày bắt đầu %s.",
				"Unit %s: valid_to %s is before valid_from %s.", u.Code, u.ValidTo, u.ValidFrom)
		}
		if u.SucceededBy != "" {
			l.unit(path+".succeeded_by", u.SucceededBy)
			if u.ValidTo.IsZero() {
				l.errorf("missing-field", path+".valid_to", "Đơn vị %s có đơn vị kế thừa (succeeded_by) nhưng thiếu ngày hết hiệu lực (valid_to).",
					"Unit %s has a successor (succeeded_by) but no valid_to date.", u.Code)
			}
		}
	}
}

func (l *linter) indicators() {
	for i := range l.p.Indicators {
		ind := &l.p.Indicators[i]
		path := fmt.Sprintf("$.indicators[%d]", i)
		if ind.Min.IsSet() && ind.Max.IsSet() && ind.Min.Cmp(ind.Max) > 0 {
			l.errorf("invalid-value", path+".max", "Chỉ tiêu %s: giá trị lớn nhất (max %s) nhỏ hơn giá trị nhỏ nhất (min %s).",
				"Indicator %s: max %s is below min %s.", ind.Code, ind.Max, ind.Min)
		}
		if ind.Authority != "" {
			l.authority(ind, path+".authority")
		}
		if ind.Combine == CombineSum && !ind.Additive() {
			l.errorf("invalid-combine", path+".combine", "Chỉ tiêu %s thuộc loại %s: không được cộng giá trị của các đơn vị. Dùng combine: single (một đơn vị báo cáo) hoặc ratio (tính lại từ tử số và mẫu số đã cộng).",
				"Indicator %s is of kind %s: its values cannot be added across units. Use combine: single (one unit reports it) or ratio (recomputed from the summed numerator and denominator).", ind.Code, ind.Kind)
		}
		if ind.Combine != CombineRatio {
			if ind.Numerator != "" || ind.Denominator != "" {
				l.errorf("invalid-combine", path+".combine", "Chỉ tiêu %s có tử số/mẫu số nhưng combine không phải ratio.",
					"Indicator %s names a numerator/denominator but its combine is not ratio.", ind.Code)
			}
			continue
		}
		for _, part := range []struct{ key, code string }{{"numerator", ind.Numerator}, {"denominator", ind.Denominator}} {
			if part.code == "" {
				l.errorf("missing-field", path+"."+part.key, "Chỉ tiêu %s tính theo tỷ lệ (ratio) cần trường %s.",
					"Indicator %s is combined as a ratio and needs field %s.", ind.Code, part.key)
				continue
			}
			c := l.indicator(path+"."+part.key, part.code)
			if c != nil && !c.Additive() {
				l.errorf("invalid-combine", path+"."+part.key, "Chỉ tiêu %s được tính lại từ %s, nhưng %s không cộng được giữa các đơn vị (cần kind level/count và combine: sum).",
					"Indicator %s is recomputed from %s, but %s does not add up across units (it needs kind level/count and combine: sum).", ind.Code, c.Code, c.Code)
			}
		}
		if !ind.Scale.IsSet() {
			l.errorf("missing-field", path+".scale", "Chỉ tiêu %s tính theo tỷ lệ cần hệ số scale (100 cho tỷ lệ phần trăm).",
				"Indicator %s is a ratio and needs a scale (100 for a percentage).", ind.Code)
		}
	}
}

// authority checks that an indicator's authoritative form exists and has the indicator in its
// rows.
func (l *linter) authority(ind *Indicator, path string) {
	f := l.p.Form(ind.Authority)
	switch {
	case f == nil:
		msg := finding.Textf("Chỉ tiêu %s: biểu chính thức %q không có trong kế hoạch.", "Indicator %s: authoritative form %q is not in the plan.", ind.Code, ind.Authority)
		suggest(&msg, ind.Authority, l.p.FormIDs())
		l.add(finding.Error, "unknown-form", path, msg)
	case f.Row(ind.Code) == nil:
		l.errorf("invalid-value", path, "Biểu %s, biểu chính thức của chỉ tiêu %s, không có dòng chỉ tiêu đó.", "Form %s, authoritative for indicator %s, has no row for it.", ind.Authority, ind.Code)
	}
}

func (l *linter) form(fi int) {
	f := &l.p.Forms[fi]
	path := fmt.Sprintf("$.forms[%d]", fi)
	if !f.ValidFrom.IsZero() && !f.ValidTo.IsZero() && f.ValidTo.Before(f.ValidFrom.Time) {
		l.errorf("invalid-value", path+".valid_to", "Biểu %s: ngày hết hiệu lực %s trước ngày bắt đầu %s.",
			"Form %s: valid_to %s is before valid_from %s.", f.ID, f.ValidTo, f.ValidFrom)
	}
	if f.SucceededBy != "" {
		next := l.p.Form(f.SucceededBy)
		switch {
		case next == nil:
			msg := finding.Textf("Biểu kế thừa %q không có trong kế hoạch.", "Successor form %q is not in the plan.", f.SucceededBy)
			suggest(&msg, f.SucceededBy, l.p.FormIDs())
			l.add(finding.Error, "unknown-form", path+".succeeded_by", msg)
		case f.ValidTo.IsZero():
			l.errorf("missing-field", path+".valid_to", "Biểu %s có biểu kế thừa (succeeded_by) nhưng thiếu ngày hết hiệu lực (valid_to).",
				"Form %s has a successor (succeeded_by) but no valid_to date.", f.ID)
		case !next.ValidFrom.Equal(f.ValidTo.AddDate(0, 0, 1)):
			l.errorf("invalid-value", path+".succeeded_by", "Biểu kế thừa %s phải có hiệu lực (valid_from) từ ngày liền sau ngày hết hiệu lực của biểu %s (%s).",
				"Successor form %s must be in force (valid_from) from the day after form %s ends (%s).", next.ID, f.ID, f.ValidTo)
		}
	}
	for i, code := range f.Units {
		if u := l.unit(fmt.Sprintf("%s.units[%d]", path, i), code); u != nil && u.Kind == UnitReference {
			l.errorf("invalid-value", fmt.Sprintf("%s.units[%d]", path, i), "Đơn vị %s là phạm vi tham chiếu (kind: reference), không phải đơn vị báo cáo, nên không điền biểu.",
				"Unit %s is a reference scope (kind: reference), not a reporting unit, and cannot fill a form.", code)
		}
	}
	l.unique(finding.Text{VI: "đơn vị trong biểu", EN: "unit of the form"}, path+".units[%d]", f.Units)
	l.unique(finding.Text{VI: "cột", EN: "column"}, path+".columns[%d].code", codesOf(f.Columns, func(c Column) string { return c.Code }))
	inputs := 0
	for ci, c := range f.Columns {
		cpath := fmt.Sprintf("%s.columns[%d]", path, ci)
		switch {
		case c.Basis == BasisDerived && c.Formula == "":
			l.errorf("missing-field", cpath+".formula", "Cột %s là cột tính toán (derived) nên cần công thức (formula), ví dụ \"LK / CK * 100\".",
				"Column %s is derived and needs a formula, e.g. \"LK / CK * 100\".", c.Code)
		case c.Basis != BasisDerived && c.Formula != "":
			l.errorf("invalid-value", cpath+".formula", "Cột %s có công thức nhưng không phải cột tính toán; đặt basis: derived.",
				"Column %s has a formula but is not derived; set basis: derived.", c.Code)
		case c.Basis != BasisDerived && c.Basis != BasisNote:
			inputs++
		}
		if c.Formula == "" {
			continue
		}
		e, err := ParseFormula(c.Formula)
		if err != nil {
			l.errorf("invalid-formula", cpath+".formula", "Công thức của cột %s không hợp lệ: %v.", "The formula of column %s is not valid: %v.", c.Code, err)
			continue
		}
		for _, ref := range e.Columns() {
			rc := f.Column(ref)
			switch {
			case rc == nil:
				l.errorf("unknown-column", cpath+".formula", "Công thức của cột %s dùng cột %q không có trong biểu.", "The formula of column %s uses column %q, which the form does not have.", c.Code, ref)
			case rc.Basis == BasisNote || rc.Code == c.Code:
				l.errorf("invalid-formula", cpath+".formula", "Công thức của cột %s không được dùng cột %s.", "The formula of column %s cannot use column %s.", c.Code, ref)
			}
		}
	}
	if inputs == 0 {
		l.errorf("invalid-value", path+".columns", "Biểu %s không có cột nào để nhập số liệu.", "Form %s has no column to enter figures in.", f.ID)
	}
	l.rows(f, path)
	for ri, r := range f.Rules {
		l.rule(f, r, fmt.Sprintf("%s.rules[%d]", path, ri))
	}
}

func (l *linter) rows(f *Form, path string) {
	seen := map[string]int{}
	for ri, r := range f.Rows {
		rpath := fmt.Sprintf("%s.rows[%d]", path, ri)
		switch {
		case r.Heading != "" && r.Indicator != "":
			l.errorf("row-without-indicator", rpath, "Dòng %d của biểu %s vừa là tiêu đề nhóm vừa có chỉ tiêu; tách thành hai dòng.",
				"Row %d of form %s is both a heading and an indicator row; make it two rows.", ri+1, f.ID)
			continue
		case r.Heading != "":
			if r.Label != "" || r.PartOf != "" || len(r.Columns) > 0 {
				l.errorf("invalid-value", rpath, "Dòng tiêu đề %q không có ô số liệu: bỏ label, part_of và columns.",
					"Heading row %q has no cells: remove label, part_of and columns.", r.Heading)
			}
			continue
		case r.Indicator == "":
			l.errorf("row-without-indicator", rpath, "Dòng %d của biểu %s không có chỉ tiêu (indicator) cũng không phải tiêu đề nhóm (heading).",
				"Row %d of form %s names no indicator and is not a heading.", ri+1, f.ID)
			continue
		}
		ind := l.indicator(rpath+".indicator", r.Indicator)
		if j, dup := seen[r.Indicator]; dup {
			l.errorf("duplicate-code", rpath+".indicator", "Chỉ tiêu %s đã có ở dòng %d của biểu %s; mỗi chỉ tiêu chỉ có một dòng.",
				"Indicator %s already has row %d of form %s; an indicator has one row per form.", r.Indicator, j+1, f.ID)
		}
		seen[r.Indicator] = ri
		for ci, c := range r.Columns {
			if f.Column(c) == nil {
				l.errorf("unknown-column", fmt.Sprintf("%s.columns[%d]", rpath, ci), "Cột %q không có trong biểu %s.", "Column %q is not a column of form %s.", c, f.ID)
			}
		}
		if r.PartOf != "" {
			total, earlier := seen[r.PartOf]
			switch {
			case !earlier || r.PartOf == r.Indicator:
				l.errorf("unknown-indicator", rpath+".part_of", "Dòng \"Trong đó\" của %s phải nằm dưới dòng của chỉ tiêu %s trong cùng biểu, nhưng không có dòng đó ở trên.",
					"The \"of which\" row of %s must stand below the row of %s in the same form, and there is no such row above it.", r.Indicator, r.PartOf)
			case ind != nil:
				if t := l.p.Indicator(f.Rows[total].Indicator); t != nil && normUnit(t.Unit) != normUnit(ind.Unit) {
					l.errorf("unit-mismatch", rpath+".part_of", "Chỉ tiêu %s (%s) là một phần của %s (%s) nhưng khác đơn vị tính.",
						"Indicator %s (%s) is part of %s (%s) but has another unit of measure.", ind.Code, ind.Unit, t.Code, t.Unit)
				}
			}
		}
		if ind != nil && ind.Combine == CombineRatio {
			for _, part := range []string{ind.Numerator, ind.Denominator} {
				if part != "" && f.Row(part) == nil {
					l.errorf("invalid-combine", rpath+".indicator", "Biểu %s có chỉ tiêu tỷ lệ %s nhưng thiếu dòng %s để tính lại tỷ lệ khi tổng hợp.",
						"Form %s carries the ratio %s but not the row %s it is recomputed from at consolidation.", f.ID, ind.Code, part)
				}
			}
		}
	}
	if len(seen) == 0 {
		l.errorf("row-without-indicator", path+".rows", "Biểu %s không có dòng chỉ tiêu nào.", "Form %s has no indicator row.", f.ID)
	}
}

func (l *linter) rule(f *Form, r Rule, path string) {
	col := func(key, code string) {
		switch {
		case code == "":
			l.errorf("missing-field", path+"."+key, "Quy tắc %s cần trường %s.", "A %s rule needs field %s.", r.Kind, key)
		case f.Column(code) == nil:
			l.errorf("unknown-column", path+"."+key, "Cột %q không có trong biểu %s.", "Column %q is not a column of form %s.", code, f.ID)
		}
	}
	row := func(key, code string) {
		if code == "" {
			l.errorf("missing-field", path+"."+key, "Quy tắc %s cần trường %s.", "A %s rule needs field %s.", r.Kind, key)
		} else if f.Row(code) == nil {
			l.errorf("unknown-indicator", path+"."+key, "Biểu %s không có dòng của chỉ tiêu %q.", "Form %s has no row for indicator %q.", f.ID, code)
		}
	}
	switch r.Kind {
	case RuleCompare:
		col("left", r.Left)
		col("right", r.Right)
		if r.Op == "" {
			l.errorf("missing-field", path+".op", "Quy tắc compare cần phép so sánh op (>=, <=, >, <, =).", "A compare rule needs an op (>=, <=, >, <, =).")
		}
		for i, c := range r.Rows {
			row(fmt.Sprintf("rows[%d]", i), c)
		}
	case RuleParts:
		row("total", r.Total)
		if len(r.Parts) == 0 {
			l.errorf("missing-field", path+".parts", "Quy tắc parts cần danh sách parts.", "A parts rule needs a list of parts.")
		}
		for i, c := range r.Parts {
			row(fmt.Sprintf("parts[%d]", i), c)
		}
		for i, c := range r.Columns {
			col(fmt.Sprintf("columns[%d]", i), c)
		}
	}
}
