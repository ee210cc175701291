package validate

import (
	"strings"
	"testing"

	"chitieu/finding"
	"chitieu/schema"
)

// TestIndexAsGrowth: 108,2 typed where the growth rate 8,2 is asked is an error, judged from the
// indicator's kind and its history (the plan's figures and targets, the row's own columns).
func TestIndexAsGrowth(t *testing.T) {
	p := defaultPlan(t)
	tests := []struct {
		name        string
		form, unit  string
		period      string
		fill        func(f *form)
		flagged     bool
		cell, typed string
	}{
		// IIP: yearly growth 6–24,46% in the plan; 108,2% would be more than four times that.
		{"IIP index", "01/CT-TK", "CTK", "2024-02", func(f *form) { f.num("IIP", "TH", "108.2") }, true, "E14", "8,2"},
		{"IIP index below 100", "01/CT-TK", "CTK", "2024-02", func(f *form) { f.num("IIP", "LK", "95") }, true, "F14", "-5"},
		{"IIP growth", "01/CT-TK", "CTK", "2024-02", func(f *form) { f.num("IIP", "TH", "8.2") }, false, "", ""},
		{"IIP a real boom", "01/CT-TK", "CTK", "2024-02", func(f *form) { f.num("IIP", "TH", "30") }, false, "", ""},
		// Employment grew 51,9% in February 2024: 108,2 is not implausible as its growth.
		{"employment", "01/CT-TK", "CTK", "2024-02", func(f *form) { f.num("LD_CN", "TH", "108.2") }, false, "", ""},
		// Value added against targets of 12,1–16,4%/năm, typed as an index in the yearly form.
		{"value added index", "04/CT-TK", "TKT", "2025", func(f *form) { f.num("TTVA_CN", "TH", "109.6") }, true, "", "9,6"},
		// A unit that types last year as an index too: the row's own history says so — still
		// flagged, from the plan's figures.
		{"both as index", "04/CT-TK", "TKT", "2025", func(f *form) { f.num("IIP", "TH", "108.2").num("IIP", "CK", "108") }, true, "", "8,2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newForm(t, p, tt.form, tt.unit, tt.period).fillValid()
			tt.fill(f)
			per, _ := schema.ParsePeriod(tt.period)
			got := check(t, p, f.save(t.TempDir(), "f.xlsx"), &per)
			var hit []finding.Finding
			for _, x := range got.Findings {
				if x.Code == "index-as-growth" {
					hit = append(hit, x)
				}
			}
			if !tt.flagged {
				if len(hit) > 0 {
					t.Errorf("flagged: %s", hit[0].Detail.In(finding.VI))
				}
				return
			}
			if len(hit) == 0 {
				t.Fatalf("not flagged:\n%s", dump(got))
			}
			x := hit[0]
			if tt.cell != "" {
				hasFinding(t, got, want{"index-as-growth", finding.Error, tt.cell})
			}
			if x.Severity != finding.Error || !strings.Contains(x.Detail.In(finding.VI), "gõ "+tt.typed) || got.Valid() {
				t.Errorf("%v %q valid=%v", x.Severity, x.Detail.In(finding.VI), got.Valid())
			}
		})
	}
}
