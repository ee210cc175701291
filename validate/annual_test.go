package validate

import (
	"strings"
	"testing"

	"chitieu/finding"
	"chitieu/schema"
	"chitieu/xlsx"
)

// TestYearFormAsksOnce checks a year's form, which asks for "this period" and not again for "year
// to date" (schema.Form.ForPeriod): filled, it is valid — no missing-column for the column it
// does not have — and its figures are read from the period column, including the row whose only
// figure on the other forms is the year to date.
func TestYearFormAsksOnce(t *testing.T) {
	p := defaultPlan(t)
	dir := t.TempDir()
	for _, period := range []string{"2023", "2023-6M", "2023-9M"} {
		t.Run(period, func(t *testing.T) {
			per := mustPeriod(period)
			f := check(t, p, newForm(t, p, "01/CT-TK", "CTK", period).fillValid().save(dir, strings.ReplaceAll(period, "-", "")+".xlsx"), &per)
			if len(f.Findings) != 0 || !f.Valid() {
				t.Fatalf("a correctly filled %s form has findings:\n%s", period, dump(f))
			}
			if f.Checked.Form.Column("LK") != nil {
				t.Errorf("the %s form is checked with a year-to-date column", period)
			}
			for key := range f.Checked.Values {
				if key.Column == "LK" {
					t.Errorf("a year-to-date figure %v was read from a %s form", key, period)
				}
			}
			for _, ind := range []string{"SL_DIEN", "IIP", "SP_TANG"} {
				if _, ok := f.Checked.Values[schema.CellKey{Indicator: ind, Column: "TH"}]; !ok {
					t.Errorf("%s/TH was not read from the %s form", ind, period)
				}
			}
		})
	}
	// A quarter still asks for both, and the year to date is still required.
	q1 := mustPeriod("2024-Q1")
	f := newForm(t, p, "01/CT-TK", "CTK", "2024-Q1").fillValid()
	r, c := f.pos("SL_DIEN", "LK")
	f.sheet.Put(r, c, "")
	hasFinding(t, check(t, p, f.save(dir, "q1.xlsx"), &q1), want{"required", finding.Error, xlsx.Cell(r, c)})
}
