package schema

import (
	"strings"
	"testing"

	"chitieu/finding"
)

func TestResolve(t *testing.T) {
	p := &Plan{ID: "p",
		Units: []Unit{{Code: "CTK", Name: "Cục Thống kê"}, {Code: "381", Name: "Huyện A"}, {Code: "SCT", Name: "Sở Công Thương"}},
		Forms: []Form{{ID: "01/CT-TK", Units: []string{"CTK"}}, {ID: "03/CT-H", Units: []string{"381"}}}}
	for in, want := range map[string]string{"01/CT-TK": "01/CT-TK", "01-ct-tk": "01/CT-TK", "Biểu 03_CT_H": "03/CT-H", "09/XX": "09/XX"} {
		if got := p.ResolveForms([]string{in}); got[0] != want {
			t.Errorf("ResolveForms(%q) = %q, want %q", in, got[0], want)
		}
	}
	if got, err := p.ResolveUnits(nil, Period{Year: 2024, Freq: Yearly}, []string{"ctk", "381"}); err != nil || strings.Join(got, ",") != "CTK,381" {
		t.Errorf("ResolveUnits: %q %v", got, err)
	}
	_, err := p.ResolveUnits(nil, Period{Year: 2024, Freq: Yearly}, []string{"CKT"})
	if msg := finding.ErrorText(err, finding.EN); !strings.Contains(msg, `plan p has no unit "CKT"`) || !strings.Contains(msg, "CTK (Cục Thống kê)") {
		t.Errorf("an unknown unit: %s", msg)
	}
	var codes []string
	for _, u := range p.ReportingUnits() {
		codes = append(codes, u.Code)
	}
	if strings.Join(codes, ",") != "CTK,381" {
		t.Errorf("ReportingUnits: %q (SCT fills no form)", codes)
	}
}
