package xlsx

import "testing"

// TestShiftRefs: a shared formula's dependents move its relative references as filling does.
func TestShiftRefs(t *testing.T) {
	for _, c := range []struct {
		f      string
		dr, dc int
		want   string
	}{
		{"E12/D12*100", 1, 0, "E13/D13*100"},
		{"$A$6+A6+'Khác'!B1+LOG10(A6)", 1, 1, "$A$6+B7+'Khác'!C2+LOG10(B7)"},
		{`IF(COUNT(F18,G18)<2,"",IFERROR(F18/G18*100,"A1"))`, 2, 0, `IF(COUNT(F20,G20)<2,"",IFERROR(F20/G20*100,"A1"))`},
		{"SUM(A$1:A5)+$B2", 3, 2, "SUM(C$1:C8)+$B5"},
		{"'It''s A1'!A1", 1, 0, "'It''s A1'!A2"},
		{"A1-1", -1, 0, "#REF!-1"},
		{"ATAN2(A1,B1)+XFD1", 0, 0, "ATAN2(A1,B1)+XFD1"},
		{"tổng_A1+A1", 1, 0, "tổng_A1+A2"},
		{"SUM(A:A)+SUM($B:C)", 0, 1, "SUM(B:B)+SUM($B:D)"},
		{"SUM(1:1)+SUM($2:3)", 1, 0, "SUM(2:2)+SUM($2:4)"},
		{"A1*2+0.5", 1, 0, "A2*2+0.5"},
		{"Table1[Col1]+Table1[[#This Row],[Qty2]]+A1", 1, 0, "Table1[Col1]+Table1[[#This Row],[Qty2]]+A2"},
		{"A1048576+XFD1", 1, 0, "#REF!+XFD2"},
		{"XFD1", 0, 1, "#REF!"},
		{"SUM(A1:B2)", 2, 2, "SUM(C3:D4)"},
	} {
		if got := shiftRefs(c.f, c.dr, c.dc); got != c.want {
			t.Errorf("shiftRefs(%q, %d, %d) = %q, want %q", c.f, c.dr, c.dc, got, c.want)
		}
	}
}

// TestParseRef reads cell references and refuses what is not one.
func TestParseRef(t *testing.T) {
	for ref, want := range map[string][2]int{"A1": {1, 1}, "b2": {2, 2}, "XFD1048576": {1048576, 16384}, "AA10": {10, 27}} {
		if r, c, ok := parseRef(ref); !ok || r != want[0] || c != want[1] {
			t.Errorf("parseRef(%q) = %d, %d, %v", ref, r, c, ok)
		}
	}
	for _, ref := range []string{"", "A", "1", "A0", "XFE1", "A1048577", "A+1", "A-1", "ABCD1", "A1x", "A 1"} {
		if _, _, ok := parseRef(ref); ok {
			t.Errorf("parseRef(%q) accepted", ref)
		}
	}
}
