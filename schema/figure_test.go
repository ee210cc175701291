package schema

import "testing"

// TestYearToDate: the column last year's figure is read from, for a form with a period and a
// year-to-date column and for one with a period column only.
func TestYearToDate(t *testing.T) {
	both := &Form{Columns: []Column{{Code: "TH", Basis: BasisPeriod}, {Code: "LK", Basis: BasisYTD}, {Code: "CK", Basis: BasisPrior}}}
	only := &Form{Columns: []Column{{Code: "TH", Basis: BasisPeriod}, {Code: "CK", Basis: BasisPrior}}}
	row := &Row{Indicator: "X"}
	for _, c := range []struct {
		name   string
		form   *Form
		period string
		want   string // "" for none
	}{
		{"a month, year to date", both, "2024-05", "LK"},
		{"a year, the period", both, "2024", "TH"},
		{"the first quarter, year to date first", both, "2024-Q1", "LK"},
		{"a month without a year-to-date column: no comparable figure", only, "2024-05", ""},
		{"January without a year-to-date column: the month is the year to date", only, "2024-01", "TH"},
		{"6 months without a year-to-date column", only, "2024-6M", "TH"},
		{"a year without a year-to-date column", only, "2024", "TH"},
	} {
		t.Run(c.name, func(t *testing.T) {
			per, err := ParsePeriod(c.period)
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if col := c.form.YearToDate(per, row); col != nil {
				got = col.Code
			}
			if got != c.want {
				t.Errorf("YearToDate(%s) = %q, want %q", c.period, got, c.want)
			}
		})
	}
}
