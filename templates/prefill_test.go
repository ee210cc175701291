package templates

import (
	"context"
	"strings"
	"testing"

	"chitieu/finding"
	"chitieu/schema"
	"chitieu/seeds"
)

// reportsByUnit is a Prior holding one report per form and unit, for one period.
type reportsByUnit struct {
	period  schema.Period
	reports map[[2]string]map[schema.CellKey]schema.Number
}

func (h reportsByUnit) Report(_ context.Context, form, unit string, period schema.Period) (map[schema.CellKey]schema.Number, bool, error) {
	r, ok := h.reports[[2]string{form, unit}]
	if !ok || period != h.period {
		return nil, false, nil
	}
	return r, true, nil
}

func priorColumn(l *Layout) string {
	for _, c := range l.Columns {
		if c.Basis == schema.BasisPrior {
			return c.Code
		}
	}
	return ""
}

// TestPrefillAcrossSuccession: the 2025 forms of the statistics office (TKT) and the finance
// department (STC) carry their predecessors' (CTK, SKHDT) 2024 figures as "cùng kỳ"; a commune
// made on 1 July 2025 has no predecessor, and gets none.
func TestPrefillAcrossSuccession(t *testing.T) {
	p, _, err := seeds.Load("thanh-hoa")
	if err != nil {
		t.Fatal(err)
	}
	y24, y25 := schema.Period{Year: 2024, Freq: schema.Yearly}, schema.Period{Year: 2025, Freq: schema.Yearly}
	hist := reportsByUnit{period: y24, reports: map[[2]string]map[schema.CellKey]schema.Number{
		{"04/CT-TK", "CTK"}:   {{Indicator: "GTSX_CN", Column: "TH"}: schema.MustNumber("228000")},
		{"02/CT-DT", "SKHDT"}: {{Indicator: "DA_CN", Column: "TH"}: schema.MustNumber("12")},
	}}
	for _, tt := range []struct {
		form, unit, ind, want string
	}{{"04/CT-TK", "TKT", "GTSX_CN", "228000"}, {"02/CT-DT", "STC", "DA_CN", "12"}} {
		ls, err := Plan(p, Selection{Period: y25, Forms: []string{tt.form}, Units: []string{tt.unit}})
		if err != nil || len(ls) != 1 {
			t.Fatal(err, len(ls))
		}
		notes, err := Prefill(context.Background(), p, ls, hist)
		if err != nil {
			t.Fatal(err)
		}
		if v := ls[0].Known[schema.CellKey{Indicator: tt.ind, Column: priorColumn(ls[0])}]; v.String() != tt.want {
			t.Errorf("%s %s: cùng kỳ of %s = %q, want %s (the predecessor's 2024 figure)", tt.form, tt.unit, tt.ind, v.String(), tt.want)
		}
		if len(notes) != 0 {
			t.Errorf("%s %s: all was pre-filled, yet: %v", tt.form, tt.unit, notes)
		}
	}
}

// TestPrefillSaysWhatIsNotPrefilled: each form whose "Cùng kỳ năm trước" stays empty is named
// with why — the store holds no report of last year (and whose report it would have been, across
// a succession) — and without a store, one line counts the forms.
func TestPrefillSaysWhatIsNotPrefilled(t *testing.T) {
	p, _, err := seeds.Load("thanh-hoa")
	if err != nil {
		t.Fatal(err)
	}
	per := schema.Period{Year: 2025, N: 3, Freq: schema.Monthly}
	lay := func() []*Layout {
		ls, err := Plan(p, Selection{Period: per, Forms: []string{"01/CT-TK"}, Units: []string{"TKT"}})
		if err != nil || len(ls) != 1 {
			t.Fatal(err, len(ls))
		}
		return ls
	}
	// A store holding nothing of TKT's nor CTK's for March 2024.
	ls := lay()
	notes, err := Prefill(context.Background(), p, ls, reportsByUnit{period: per.YearBefore()})
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != 1 {
		t.Fatalf("notes: %v", notes)
	}
	en := notes[0].In(finding.EN)
	for _, want := range []string{"form 01/CT-TK of TKT", "the store holds no report of the unit for 2024-03", "Nor does it hold one of CTK (Cục Thống kê tỉnh Thanh Hóa), which TKT succeeded."} {
		if !strings.Contains(en, want) {
			t.Errorf("%q: no %q", en, want)
		}
	}
	if !strings.Contains(notes[0].In(finding.VI), "Kho cũng chưa có báo cáo kỳ đó của CTK (Cục Thống kê tỉnh Thanh Hóa), đơn vị mà TKT kế thừa.") {
		t.Errorf("in Vietnamese: %q", notes[0].In(finding.VI))
	}
	// The same form, CTK's last year's report in the store: nothing to say.
	ls = lay()
	full := reportsByUnit{period: per.YearBefore(), reports: map[[2]string]map[schema.CellKey]schema.Number{
		{"01/CT-TK", "CTK"}: {{Indicator: "SL_XANG", Column: "LK"}: schema.MustNumber("31.5")},
	}}
	if notes, err = Prefill(context.Background(), p, ls, full); err != nil || len(notes) != 0 {
		t.Errorf("with last year's report: %v %v", notes, err)
	}
	if v := ls[0].Known[schema.CellKey{Indicator: "SL_XANG", Column: priorColumn(ls[0])}]; v.String() != "31.5" {
		t.Errorf("cùng kỳ of SL_XANG = %q, want last year's year to date 31.5", v.String())
	}
	// Without a store, one line for all the forms.
	ls = lay()
	if notes, err = Prefill(context.Background(), p, ls, nil); err != nil || len(notes) != 1 || !strings.Contains(notes[0].In(finding.EN), "of 1 forms is left empty: no store (--store)") {
		t.Errorf("without a store: %v %v", notes, err)
	}
}
