package main

import (
	"context"
	"testing"

	"chitieu/schema"
	"chitieu/seeds"
	"chitieu/templates"
	"chitieu/validate"
)

// reportsByUnit is a History holding one report per form and unit.
type reportsByUnit map[[2]string]validate.Reported

func (h reportsByUnit) Reports(_ context.Context, form, unit string, _ schema.Period) ([]validate.Reported, error) {
	if r, ok := h[[2]string{form, unit}]; ok {
		return []validate.Reported{r}, nil
	}
	return nil, nil
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
	hist := reportsByUnit{
		{"04/CT-TK", "CTK"}:   {Period: y24, Values: map[schema.CellKey]schema.Number{{Indicator: "GTSX_CN", Column: "TH"}: schema.MustNumber("228000")}},
		{"02/CT-DT", "SKHDT"}: {Period: y24, Values: map[schema.CellKey]schema.Number{{Indicator: "DA_CN", Column: "TH"}: schema.MustNumber("12")}},
	}
	for _, tt := range []struct {
		form, unit, ind, want string
	}{{"04/CT-TK", "TKT", "GTSX_CN", "228000"}, {"02/CT-DT", "STC", "DA_CN", "12"}} {
		ls, err := templates.Plan(p, templates.Selection{Period: y25, Forms: []string{tt.form}, Units: []string{tt.unit}})
		if err != nil || len(ls) != 1 {
			t.Fatal(err, len(ls))
		}
		got, err := known(context.Background(), p, ls[0], hist)
		if err != nil {
			t.Fatal(err)
		}
		var prior string
		for _, c := range ls[0].Columns {
			if c.Basis == schema.BasisPrior {
				prior = c.Code
			}
		}
		if v := got[schema.CellKey{Indicator: tt.ind, Column: prior}]; v.String() != tt.want {
			t.Errorf("%s %s: cùng kỳ of %s = %q, want %s (the predecessor's 2024 figure)", tt.form, tt.unit, tt.ind, v.String(), tt.want)
		}
	}
}
