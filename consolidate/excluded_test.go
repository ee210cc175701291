package consolidate

import (
	"strings"
	"testing"

	"chitieu/demo"
	"chitieu/finding"
	"chitieu/schema"
	"chitieu/store"
)

// TestExclusions: each file received whose figures are not in the workbook is listed once, in
// receive order, with the first reason — its own error, the copy used instead (named as the
// caller names files), its duplicate-submission, or that no report expects it — and the reports
// are counted by how they stand.
func TestExclusions(t *testing.T) {
	p := plan(t)
	per := demo.Period.String()
	rep := func(unit string, valid bool) schema.Report {
		return schema.Report{Form: "03/CT-H", FormVersion: "1", Unit: unit, Period: per, Valid: valid}
	}
	bad := finding.Finding{Severity: finding.Error, Code: "not-a-number", Detail: finding.Text{VI: "Ô E14 không phải số.", EN: "Cell E14 is not a number."}}
	dup := finding.Finding{Severity: finding.Error, Code: "duplicate-submission", Detail: finding.Text{VI: "Hai bản khác nhau.", EN: "Two different versions."}}
	subs := []store.Submission{
		{Seq: 1, Name: "381.xlsx", Report: rep("381", false), Findings: finding.Findings{dup, bad}},
		{Seq: 2, Name: "382 cũ.xlsx", Report: rep("382", true)},
		{Seq: 3, Name: "382 mới.xlsx", Report: rep("382", true)},
		{Seq: 4, Name: "384 bản 2.xlsx", Report: rep("384", false), Findings: finding.Findings{dup}},
		{Seq: 5, Name: "384.xlsx", Report: rep("384", true)},
		{Seq: 6, Name: "lạ.xlsx", Report: schema.Report{Form: "03/CT-H", Unit: "999", Period: per}},
	}
	m := Build(p, demo.Period, subs, testDate, nil)
	name := func(s *store.Submission) string { return "«" + s.Name + "»" }
	got := map[string]string{}
	var order []string
	for _, x := range m.Exclusions(name) {
		got[x.File.Name] = x.Why.In(finding.EN)
		order = append(order, x.File.Name)
	}
	want := map[string]string{
		"381.xlsx":       "Cell E14 is not a number. [not-a-number]",
		"382 cũ.xlsx":    "another copy of the same report is used: «382 mới.xlsx».",
		"384 bản 2.xlsx": "another copy of the same report is used: «384.xlsx»; this copy's figures differ from it. [duplicate-submission]",
		"lạ.xlsx":        "not a report expected for the period.",
	}
	if strings.Join(order, "|") != "381.xlsx|382 cũ.xlsx|384 bản 2.xlsx|lạ.xlsx" {
		t.Errorf("order: %q", order)
	}
	for f, w := range want {
		if got[f] != w {
			t.Errorf("%s: %q, want %q", f, got[f], w)
		}
	}
	if vi := m.Exclusions(name)[0].Why.In(finding.VI); vi != "Ô E14 không phải số. [not-a-number]" {
		t.Errorf("in Vietnamese: %q", vi)
	}
	n := m.Reports()
	if n.Valid != 2 || n.Excluded != 1 || n.Unapproved != 0 || n.Missing != len(m.Expected)-3 {
		t.Errorf("counts: %+v of %d expected", n, len(m.Expected))
	}
}
