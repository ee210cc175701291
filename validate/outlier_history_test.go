package validate

import (
	"context"
	"strings"
	"testing"

	"chitieu/finding"
	"chitieu/schema"
)

// TestOutlierAgainstHistory: a figure far from the unit's own earlier ones is questioned. Against
// two or more, ten times off their median is enough; against a single one (a form's second year
// in the store), a hundred times is needed, and the message names that period and figure, its
// ratio to two significant digits when small, and the row's unit of measure.
func TestOutlierAgainstHistory(t *testing.T) {
	p := defaultPlan(t)
	const ind = "SL_DIESEL"
	per, _ := schema.ParsePeriod("2024-03")
	past := func(months ...string) pastReports {
		var out pastReports
		for _, m := range months {
			pm, _ := schema.ParsePeriod(m)
			out = append(out, Reported{Period: pm, Values: map[schema.CellKey]schema.Number{{Indicator: ind, Column: "TH"}: schema.MustNumber("2472.3")}, File: m + ".xlsx"})
		}
		return out
	}
	dir := t.TempDir()
	questioned := func(th string, h pastReports) []finding.Finding {
		t.Helper()
		f := newForm(t, p, "01/CT-TK", "CTK", "2024-03").fillValid().num(ind, "TH", th).num(ind, "LK", "9000000")
		file := check(t, p, f.save(dir, th+".xlsx"), &per)
		if !file.Valid() {
			t.Fatalf("the premise fails: %v", file.Findings)
		}
		if err := CheckHistory(context.Background(), p, file, h); err != nil {
			t.Fatal(err)
		}
		var out []finding.Finding
		for _, x := range file.Findings {
			if x.Code == "outlier" && x.Indicator == ind && x.Column == "TH" {
				out = append(out, x)
			}
		}
		return out
	}
	for _, c := range []struct {
		th     string
		h      pastReports
		want   bool
		saying []string // in English
	}{
		{"250000", past("2024-02"), true, []string{"is 101.12 times the unit's figure for 2024-02 (2,472.3)", "this row's figures are in thousand tonnes"}},
		{"20", past("2024-02"), true, []string{"is 0.0081 times the unit's figure for 2024-02"}},
		{"123615", past("2024-02"), false, nil},
		{"24723", past("2024-01", "2024-02"), true, []string{"is 10 times the unit's usual figure (median 2,472.3"}},
		{"12000", past("2024-01", "2024-02"), false, nil},
		{"247230", nil, false, nil},
	} {
		q := questioned(c.th, c.h)
		if got := len(q) > 0; got != c.want {
			t.Errorf("%s against %d earlier: questioned %v, want %v: %v", c.th, len(c.h), got, c.want, q)
			continue
		}
		for _, s := range c.saying {
			if en := q[0].Detail.In(finding.EN); !strings.Contains(en, s) {
				t.Errorf("%s: %q does not say %q", c.th, en, s)
			}
		}
	}
}
