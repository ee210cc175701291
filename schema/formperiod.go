package schema

import (
	"slices"
	"strings"
)

// FromYearStart reports whether every period of the period's kind runs from the start of its
// year: a year, the first six months, the first nine months. For such a period "this period"
// and "year to date" are the same figures.
func (p Period) FromYearStart() bool {
	return p.Freq == Yearly || p.Freq == HalfYearly || p.Freq == NineMonths
}

// ForPeriod returns the form as it is laid out, read and consolidated for the period. For a
// period that runs from the start of the year (FromYearStart) a form with both a period column
// and a year-to-date column asks for the figure once: the year-to-date columns are dropped and
// what named them — a derived column's formula, a row's columns, a rule — names the (first)
// period column instead; a compare rule left comparing that column with itself is dropped. For
// other periods, or a form without both kinds of column, it returns f itself. The returned form
// shares nothing that it changes with f.
func (f *Form) ForPeriod(p Period) *Form {
	if !p.FromYearStart() {
		return f
	}
	var keep string
	dropped := map[string]bool{}
	for _, c := range f.Columns {
		switch {
		case c.Basis == BasisPeriod && keep == "":
			keep = c.Code
		case c.Basis == BasisYTD:
			dropped[c.Code] = true
		}
	}
	if keep == "" || len(dropped) == 0 {
		return f
	}
	rename := func(code string) string {
		if dropped[code] {
			return keep
		}
		return code
	}
	codes := func(list []string) []string {
		if list == nil {
			return nil
		}
		var out []string
		for _, c := range list {
			if c = rename(c); !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
		return out
	}
	g := *f
	g.Columns = nil
	for _, c := range f.Columns {
		if dropped[c.Code] {
			continue
		}
		if c.Formula != "" {
			if e, err := ParseFormula(c.Formula); err == nil {
				if e.Format(rename) != e.Format(func(s string) string { return s }) {
					// A column computed from the dropped year-to-date figures is now computed
					// from the period's: its name says so ("Lũy kế so với cùng kỳ (%)" would head
					// a column of a form with no Lũy kế).
					c.Name = renameYTD(c.Name, "Lũy kế", "Thực hiện")
					c.NameEN = renameYTD(c.NameEN, "Year to date", "This period")
				}
				c.Formula = e.Format(rename)
			}
		}
		g.Columns = append(g.Columns, c)
	}
	g.Rows = make([]Row, len(f.Rows))
	for i, r := range f.Rows {
		r.Columns = codes(r.Columns)
		g.Rows[i] = r
	}
	g.Rules = nil
	for _, r := range f.Rules {
		r.Left, r.Right, r.Columns = rename(r.Left), rename(r.Right), codes(r.Columns)
		if r.Kind == RuleCompare && r.Left == r.Right {
			continue
		}
		g.Rules = append(g.Rules, r)
	}
	return &g
}

// renameYTD replaces the words naming the year to date at the start of a column's name.
func renameYTD(name, ytd, period string) string {
	if rest, ok := strings.CutPrefix(name, ytd); ok {
		return period + rest
	}
	if rest, ok := strings.CutPrefix(name, strings.ToLower(ytd[:1])+ytd[1:]); ok {
		return strings.ToLower(period[:1]) + period[1:] + rest
	}
	return name
}
