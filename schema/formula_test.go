package schema

import (
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestFormula(t *testing.T) {
	vals := map[string]float64{"LK": 744, "CK": 381.5, "TH": 400, "Z": 0}
	col := func(c string) (float64, bool) { v, ok := vals[c]; return v, ok }
	tests := []struct {
		in      string
		cols    []string
		want    float64
		ok      bool
		numbers string // Format with column numbers LK=3 CK=4 TH=2 Z=9
	}{
		{"LK / CK * 100", []string{"LK", "CK"}, 744 / 381.5 * 100, true, "3/4*100"},
		{"(LK - CK) / CK * 100", []string{"LK", "CK", "CK"}, (744 - 381.5) / 381.5 * 100, true, "(3-4)/4*100"},
		{"LK - (TH - CK)", []string{"LK", "TH", "CK"}, 744 - (400 - 381.5), true, "3-(2-4)"},
		{"LK / (CK * 2)", []string{"LK", "CK"}, 744 / (381.5 * 2), true, "3/(4*2)"},
		{"TH / Z", []string{"TH", "Z"}, 0, false, "2/9"},
		{"TH / MISSING", []string{"TH", "MISSING"}, 0, false, "2/?"},
		{"2.5*TH", []string{"TH"}, 1000, true, "2.5*2"},
	}
	numbers := map[string]string{"LK": "3", "CK": "4", "TH": "2", "Z": "9"}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			e, err := ParseFormula(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := e.Columns(); !slices.Equal(got, tt.cols) {
				t.Errorf("Columns() = %v, want %v", got, tt.cols)
			}
			got, ok := e.Eval(col)
			if ok != tt.ok || (ok && got != tt.want) {
				t.Errorf("Eval = %v, %v; want %v, %v", got, ok, tt.want, tt.ok)
			}
			f := e.Format(func(c string) string {
				if n, ok := numbers[c]; ok {
					return n
				}
				return "?"
			})
			if f != tt.numbers {
				t.Errorf("Format = %q, want %q", f, tt.numbers)
			}
		})
	}
	for _, bad := range []string{"", "LK /", "(LK", "LK CK", "LK ^ 2", "LK / * CK", ")", "1..2"} {
		if _, err := ParseFormula(bad); err == nil {
			t.Errorf("ParseFormula(%q) succeeded", bad)
		}
	}
	// Format's output parses back to the same value.
	e, _ := ParseFormula("(LK - CK) / (TH - CK) * 100")
	back, err := ParseFormula(e.Format(func(c string) string { return c }))
	if err != nil {
		t.Fatal(err)
	}
	a, _ := e.Eval(col)
	b, _ := back.Eval(col)
	if a != b || !strings.Contains(e.Format(func(c string) string { return c }), "(") {
		t.Errorf("round trip: %v vs %v (%s)", a, b, strconv.FormatFloat(a, 'f', -1, 64))
	}
}
