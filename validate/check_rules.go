package validate

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"chitieu/finding"
	"chitieu/schema"
	"chitieu/xlsx"
)

// The form's cross-cell rules, its derived columns, and the checks of a figure against its neighbours and history in the plan (outliers, an index typed as a growth rate).

// rules checks the form's cross-cell rules on the values read.
func (k *checker) rules() {
	f := k.out.Form
	for _, rule := range f.Rules {
		switch rule.Kind {
		case schema.RuleCompare:
			k.compare(rule)
		case schema.RuleParts:
			k.parts(rule.Total, rule.Parts, rule.Columns, &rule)
		}
	}
	for i := range f.Rows {
		if r := &f.Rows[i]; r.PartOf != "" {
			k.parts(r.PartOf, []string{r.Indicator}, nil, nil)
		}
	}
	k.derived()
	k.outliers()
	k.percentTooSmall()
	k.indexAsGrowth()
}

func (k *checker) label(indicator string) finding.Text {
	if r := k.out.Form.Row(indicator); r != nil {
		return k.p.LabelText(r)
	}
	return finding.Text{VI: indicator}
}

func (k *checker) compare(rule schema.Rule) {
	f := k.out.Form
	rows := rule.Rows
	if len(rows) == 0 {
		for _, r := range f.Rows {
			if ind := k.p.Indicator(r.Indicator); r.Heading == "" && ind != nil && (ind.Kind == schema.KindLevel || ind.Kind == schema.KindCount) {
				rows = append(rows, r.Indicator)
			}
		}
	}
	lc, rc := f.Column(rule.Left), f.Column(rule.Right)
	if lc == nil || rc == nil {
		return
	}
	for _, ind := range rows {
		l, ok1 := k.out.Values[schema.CellKey{Indicator: ind, Column: rule.Left}]
		r, ok2 := k.out.Values[schema.CellKey{Indicator: ind, Column: rule.Right}]
		if !ok1 || !ok2 {
			continue
		}
		c := l.Cmp(r)
		held := map[string]bool{">=": c >= 0, "<=": c <= 0, ">": c > 0, "<": c < 0, "=": c == 0}[rule.Op]
		if held {
			continue
		}
		key := schema.CellKey{Indicator: ind, Column: rule.Left}
		msg := finding.Textf("%s: %s (%s) phải %s %s (%s).", "%s: %s (%s) must be %s %s (%s).", k.label(ind), lc.NameText(), l, rule.Op, rc.NameText(), r)
		if rule.Message != "" {
			// The plan's own words, then the figures: "Xi măng: Lũy kế … (Lũy kế = 1; Thực hiện = 2)".
			vi := "%[1]s: " + strings.ReplaceAll(rule.Message, "%", "%%") + " (%[2]s = %[3]s; %[5]s = %[6]s)"
			en := msg.EN
			if rule.MessageEN != "" {
				en = "%[1]s: " + strings.ReplaceAll(rule.MessageEN, "%", "%%") + " (%[2]s = %[3]s; %[5]s = %[6]s)"
			}
			msg.VI, msg.EN = vi, en
		}
		k.at(finding.Error, "rule", k.sub.Cells[key], key, msg)
	}
}

// parts checks that the part rows do not add up to more than the total, in every figure column.
func (k *checker) parts(total string, parts, columns []string, rule *schema.Rule) {
	f := k.out.Form
	for _, c := range f.Columns {
		if c.Basis == schema.BasisDerived || c.Basis == schema.BasisNote || (len(columns) > 0 && !slices.Contains(columns, c.Code)) {
			continue
		}
		t, ok := k.out.Values[schema.CellKey{Indicator: total, Column: c.Code}]
		if !ok {
			continue
		}
		sum, n := decimal.Zero, 0
		for _, p := range parts {
			if v, ok := k.out.Values[schema.CellKey{Indicator: p, Column: c.Code}]; ok {
				sum, n = sum.Add(v.Decimal()), n+1
			}
		}
		if n == 0 || sum.Cmp(t.Decimal()) <= 0 {
			continue
		}
		key := schema.CellKey{Indicator: parts[0], Column: c.Code}
		msg := finding.Textf("%s — %s: phần \"Trong đó\" (%s) lớn hơn tổng \"%s\" (%s).", "%s — %s: the \"of which\" part (%s) exceeds the total \"%s\" (%s).",
			k.label(parts[0]), c.NameText(), schema.NumberOf(sum), k.label(total), t)
		msg = rule.Explain(msg)
		k.at(finding.Error, "rule", k.sub.Cells[key], key, msg)
	}
}

// derived checks the comparison columns: a cell whose formula was replaced by a number, or whose
// stored result disagrees with the figures, is a stated comparison that does not match.
func (k *checker) derived() {
	f := k.out.Form
	for _, c := range f.Columns {
		if c.Basis != schema.BasisDerived {
			continue
		}
		e, err := schema.ParseFormula(c.Formula)
		if err != nil {
			continue
		}
		for i := range f.Rows {
			r := &f.Rows[i]
			key := schema.CellKey{Indicator: r.Indicator, Column: c.Code}
			cell, found := k.sub.Cells[key]
			if r.Heading != "" || !found || !r.Applies(c.Code) || cell.Kind != xlsx.Number {
				continue
			}
			stated, err := schema.NewNumber(cell.Digits)
			if err != nil {
				continue
			}
			want, ok := e.Eval(func(code string) (float64, bool) {
				v, ok := k.out.Values[schema.CellKey{Indicator: r.Indicator, Column: code}]
				return v.Float(), ok
			})
			if !ok || math.Abs(stated.Float()-want) <= 0.05 {
				continue
			}
			k.at(finding.Error, "rule", cell, key, derivedMismatch(k.p.LabelText(r), c.NameText(), c.Formula, cell, displayed(stated), displayed(schema.NumberOf(decimal.NewFromFloat(want)))))
		}
	}
}

// outliers warns about a level that differs from the same period of last year by a factor of
// ten or more: usually a unit of measure mistaken (tấn for nghìn tấn).
func (k *checker) outliers() {
	f := k.out.Form
	var cur, prior *schema.Column
	for i := range f.Columns {
		c := &f.Columns[i]
		switch c.Basis {
		case schema.BasisPrior:
			prior = c
		case schema.BasisYTD:
			cur = c
		case schema.BasisPeriod:
			if cur == nil || cur.Basis != schema.BasisYTD {
				cur = c
			}
		}
	}
	if cur == nil || prior == nil {
		return
	}
	for i := range f.Rows {
		r := &f.Rows[i]
		ind := k.p.Indicator(r.Indicator)
		if r.Heading != "" || ind == nil || (ind.Kind != schema.KindLevel && ind.Kind != schema.KindCount) {
			continue
		}
		a, ok1 := k.out.Values[schema.CellKey{Indicator: r.Indicator, Column: cur.Code}]
		b, ok2 := k.out.Values[schema.CellKey{Indicator: r.Indicator, Column: prior.Code}]
		if !ok1 || !ok2 || a.Decimal().IsZero() || b.Decimal().IsZero() {
			continue
		}
		ratio := a.Float() / b.Float()
		if ratio < 10 && ratio > 0.1 {
			continue
		}
		key := schema.CellKey{Indicator: r.Indicator, Column: cur.Code}
		k.at(finding.Warning, "outlier", k.sub.Cells[key], key, finding.Textf("%s: %s (%s) bằng %s lần %s (%s).",
			"%s: %s (%s) is %s times %s (%s).",
			k.p.LabelText(r), cur.NameText(), a, timesOf(ratio), prior.NameText(), b).Plus(unitHint(ind)))
	}
}

// indexAsGrowth finds a growth rate typed as an index (previous period = 100): 108,2 where 8,2
// is asked. Such a value is implausible as a growth rate — several times anything the
// indicator's history knows (the plan's figures and targets, and the row's other columns that
// are themselves plausible) — and plausible as an index, whose growth (v − 100) lies within that
// history. It is an error: read as a growth, it would turn a year's 8% into a doubling.
func (k *checker) indexAsGrowth() {
	f := k.out.Form
	for i := range f.Rows {
		r := &f.Rows[i]
		ind := k.p.Indicator(r.Indicator)
		if r.Heading != "" || ind == nil || ind.Kind != schema.KindGrowth {
			continue
		}
		ref := k.growthHistory(ind)
		var cols []*schema.Column
		row := ref
		for ci := range f.Columns {
			c := &f.Columns[ci]
			v, ok := k.out.Values[schema.CellKey{Indicator: r.Indicator, Column: c.Code}]
			if !ok {
				continue
			}
			cols = append(cols, c)
			if !readsAsIndex(v.Float(), ref) {
				row = max(row, math.Abs(v.Float()))
			}
		}
		for _, c := range cols {
			key := schema.CellKey{Indicator: r.Indicator, Column: c.Code}
			v := k.out.Values[key]
			if !readsAsIndex(v.Float(), row) {
				continue
			}
			delete(k.out.Values, key)
			growth := schema.NumberOf(v.Decimal().Sub(decimal.NewFromInt(100)))
			k.at(finding.Error, "index-as-growth", k.sub.Cells[key], key, finding.Textf(
				"%s — %s: %s đọc như một chỉ số phát triển (kỳ trước = 100), không phải tốc độ tăng. Ô này hỏi tốc độ tăng so với cùng kỳ, tính bằng %%: nếu chỉ số là %s thì tốc độ tăng là %s%% — hãy gõ %s. Là tốc độ tăng, %s%% cao gấp nhiều lần mọi số liệu đã có của chỉ tiêu (cao nhất %s%%).",
				"%s — %s: %s reads as an index (previous period = 100), not as a growth rate. The cell asks for the growth on the same period, in %%: an index of %s is a growth of %s%% — type %s. As a growth rate, %s%% is many times any figure known for the indicator (at most %s%%).",
				k.p.LabelText(r), c.NameText(), v, v, growth, growth, v, schema.NumberOf(decimal.NewFromFloat(row).Round(2))))
		}
	}
}

// readsAsIndex reports whether a growth rate v (in %) is implausible as a growth against a
// history whose largest growth is ref (in %), and plausible as an index.
func readsAsIndex(v, ref float64) bool {
	if v < 50 || v > 250 { // as an index: from half to two and a half times the previous period
		return false
	}
	return v >= max(3*ref, 50) && math.Abs(v-100) <= max(2*ref, 20)
}

// growthHistory is the largest growth, in absolute value, the plan knows for a growth
// indicator: its figures and its targets; 20 (%) when it knows none.
func (k *checker) growthHistory(ind *schema.Indicator) float64 {
	ref := 0.0
	for _, a := range k.p.Actuals {
		if a.Indicator == ind.Code && a.Value.IsSet() {
			ref = max(ref, math.Abs(a.Value.Float()))
		}
	}
	for _, t := range k.p.Targets {
		if t.Indicator == ind.Code {
			for _, n := range []schema.Number{t.Value, t.Low, t.High} {
				if n.IsSet() {
					ref = max(ref, math.Abs(n.Float()))
				}
			}
		}
	}
	if ref == 0 {
		return 20
	}
	return ref
}

// displayed is a computed value as a comparison column displays it: two decimals at most, not the
// twelve a stored result carries.
func displayed(n schema.Number) schema.Number {
	return schema.NumberOf(n.Decimal().Round(2))
}

// cellRef finds the cell references of a formula: E14, $E$14.
var cellRef = regexp.MustCompile(`\$?[A-Z]{1,3}\$?([0-9]+)`)

// derivedMismatch says why a comparison cell disagrees with its row's figures: a typed number;
// a formula that refers to another row (a program such as openpyxl or ExcelJS inserted a row
// and did not move the formulas below it); or a formula whose stored result is stale.
func derivedMismatch(label, name finding.Text, formula string, cell Cell, stated, want schema.Number) finding.Text {
	if cell.Formula == "" {
		return finding.Textf("%s — %s ghi %s nhưng theo số liệu của dòng (%s) phải là %s. Hãy xóa số đã gõ để biểu tự tính.",
			"%s — %s states %s but the row's figures (%s) give %s. Delete the typed number and let the form calculate.",
			label, name, stated, formula, want)
	}
	for _, m := range cellRef.FindAllStringSubmatch(cell.Formula, -1) {
		if row, err := strconv.Atoi(m[1]); err == nil && row != cell.Row {
			return finding.Textf("%s — %s: công thức của ô (=%s) lấy số của dòng %d, không phải của dòng mình (dòng %d), nên cho %s thay vì %s. Có lẽ một chương trình đã chèn dòng mà không dời công thức (openpyxl, ExcelJS). Hãy chép công thức của ô này từ một dòng đúng, hoặc mở tệp bằng Excel hay LibreOffice, xóa các ô so sánh để biểu tự tính lại.",
				"%s — %s: the cell's formula (=%s) takes the figures of row %d, not of its own row (%d), so it gives %s instead of %s. A program probably inserted a row without moving the formulas (openpyxl, ExcelJS). Copy this cell's formula from a correct row, or open the file in Excel or LibreOffice and let the comparison cells calculate again.",
				label, name, cell.Formula, row, cell.Row, stated, want)
		}
	}
	return finding.Textf("%s — %s: kết quả lưu của công thức (=%s) là %s nhưng theo số liệu của dòng (%s) phải là %s. Hãy mở tệp bằng Excel hoặc LibreOffice để tính lại (F9) rồi lưu.",
		"%s — %s: the formula's stored result (=%s) is %s but the row's figures (%s) give %s. Open the file in Excel or LibreOffice to recalculate (F9) and save.",
		label, name, cell.Formula, stated, formula, want)
}
