package validate

import (
	"context"
	"strings"
	"testing"

	"chitieu/finding"
	"chitieu/schema"
)

// pastReports is a unit's history as the store would give it.
type pastReports []Reported

func (h pastReports) Reports(context.Context, string, string, schema.Period) ([]Reported, error) {
	return h, nil
}

// TestPercentAgainstHistory: a share typed as a fraction in every cell of its row ("95%" typed
// into unformatted cells stores 0,95), so that neither the row nor the plan says what it should
// be, while the unit's own reports of the months before say 96 per cent: a warning naming the
// month it is compared with, whatever the cell's format (issue 22).
func TestPercentAgainstHistory(t *testing.T) {
	p := defaultPlan(t)
	const ind = "LD_CN"
	f := newForm(t, p, "01/CT-TK", "CTK", "2024-03").fillValid()
	var cols []string
	for _, ic := range f.l.Inputs() {
		if ic.Indicator == ind && ic.Type != "text" {
			f.num(ind, ic.Column, "0.95")
			cols = append(cols, ic.Column)
		}
	}
	if len(cols) == 0 {
		t.Fatalf("01/CT-TK has no input cell for %s", ind)
	}
	path := f.save(t.TempDir(), "ld.xlsx")
	per, _ := schema.ParsePeriod("2024-03")
	questioned := func(file *File) []finding.Finding {
		var out []finding.Finding
		for _, x := range file.Findings {
			if x.Indicator == ind && x.Code == "outlier" {
				out = append(out, x)
			}
		}
		return out
	}
	alone := check(t, p, path, &per)
	if !alone.Valid() {
		t.Fatalf("the premise fails: the file is not valid: %v", alone.Findings)
	}
	if q := questioned(alone); len(q) > 0 {
		t.Fatalf("the premise fails: the row or the plan already questions 0,95: %v", q)
	}
	var past pastReports
	for _, m := range []string{"2024-01", "2024-02"} {
		pm, _ := schema.ParsePeriod(m)
		vals := map[schema.CellKey]schema.Number{}
		for _, c := range cols {
			vals[schema.CellKey{Indicator: ind, Column: c}] = schema.MustNumber("96.2")
		}
		past = append(past, Reported{Period: pm, Values: vals, File: "CTK " + m + ".xlsx"})
	}
	file := check(t, p, path, &per)
	if err := CheckHistory(context.Background(), p, file, past); err != nil {
		t.Fatal(err)
	}
	q := questioned(file)
	if len(q) != len(cols) {
		t.Fatalf("%d cells questioned, want %d (%v): %v", len(q), len(cols), cols, file.Findings)
	}
	for _, x := range q {
		vi, en := x.Detail.In(finding.VI), x.Detail.In(finding.EN)
		if x.Severity != finding.Warning || !strings.Contains(vi, "2024-02") || !strings.Contains(vi, "95%") || !strings.Contains(en, "96.2%") || x.Cell.Row == 0 {
			t.Errorf("finding %+v\nvi: %s\nen: %s", x, vi, en)
		}
	}
	if !file.Valid() {
		t.Errorf("a warning made the file invalid: %v", file.Findings)
	}
}
