package intake

import (
	"testing"

	"chitieu/finding"
	"chitieu/seeds"
	"chitieu/validate"
)

// TestNamed: an unreadable file is named by the name template gives a form, as units keep it
// (another extension, "(1)", a browser's fake folder), and by its link's unit; a name that gives
// no report of the plan, due from that unit, names nothing.
func TestNamed(t *testing.T) {
	p, _, err := seeds.Load(seeds.Default)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, via, want string
	}{
		{"Biểu 01-CT-TK - 2024-02 - CTK Cục Thống kê tỉnh Thanh Hóa.xls", "", "01/CT-TK CTK 2024-02"},
		{"Biểu 01-CT-TK - 2024-02 - CTK.xls", "", "01/CT-TK CTK 2024-02"},
		{"Biểu 01-CT-TK - 2024-02 - CTK Cục Thống kê (1).ods", "", "01/CT-TK CTK 2024-02"},
		{`C:\fakepath\Biểu 01-CT-TK - 2024-02 - CTK.xlsx`, "", "01/CT-TK CTK 2024-02"},
		{"Biểu 03-CT-H - 2024 - 380 Thành phố Thanh Hóa.xlsx", "381", "03/CT-H 381 2024"},
		{"Biểu 03-CT-H - 2026 - 380 Thành phố Thanh Hóa.xlsx", "", ""}, // no district reports after 2025-06
		{"Biểu 99-XX - 2024 - CTK.xlsx", "", ""},
		{"bao cao thang 2.xlsx", "CTK", ""},
	} {
		f := &validate.File{Path: "/tmp/x/" + c.name, Findings: finding.Findings{{Severity: finding.Error, Code: "not-a-workbook", Detail: finding.Text{VI: "x", EN: "x"}}}}
		form, unit, period, ok := named(p, f, From{Name: c.name, Unit: c.via})
		got := ""
		if ok {
			got = form + " " + unit + " " + period
		}
		if got != c.want {
			t.Errorf("%s via %q: %q, want %q", c.name, c.via, got, c.want)
		}
		if ok != (len(f.Findings) == 2) {
			t.Errorf("%s: findings %v", c.name, f.Findings)
		}
	}
}
