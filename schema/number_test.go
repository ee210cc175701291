package schema

import "testing"

func TestNumberVN(t *testing.T) {
	tests := map[string]string{
		"195000": "195.000", "16.4": "16,4", "13370": "13.370", "228.4": "228,4", "-1234567.25": "-1.234.567,25",
		"0": "0", "100": "100", "1000": "1.000", "139285.7": "139.285,7",
	}
	for in, want := range tests {
		if got := MustNumber(in).VN(); got != want {
			t.Errorf("VN(%s) = %q, want %q", in, got, want)
		}
	}
	if got := (Number{}).VN(); got != "" {
		t.Errorf("unset VN() = %q", got)
	}
}

func TestNewNumberRejects(t *testing.T) {
	for _, bad := range []string{"", "16,4", "abc", "1e5", "1.2.3", "Inf", "NaN"} {
		if _, err := NewNumber(bad); err == nil {
			t.Errorf("NewNumber(%q) succeeded", bad)
		}
	}
}

func TestConvertUnitExact(t *testing.T) {
	tests := []struct {
		v, from, to, want string
	}{
		{"15", "tỷ USD", "triệu USD", "15000"},
		{"1.27", "triệu tấn", "nghìn tấn", "1270"},
		{"228.4", "triệu USD", "tỷ USD", "0.2284"},
		{"0.1", "nghìn tỷ đồng", "tỷ đồng", "100"},
		{"744", "triệu kWh", "triệu kWh", "744"},
		{"3", "", "dự án", "3"},
		{"1.27", "triệu  tấn", "ngàn tấn", "1270"},
	}
	for _, tt := range tests {
		got, ok := ConvertUnit(MustNumber(tt.v), tt.from, tt.to)
		if !ok || !got.Equal(MustNumber(tt.want)) {
			t.Errorf("ConvertUnit(%s %s → %s) = %s, %v; want %s", tt.v, tt.from, tt.to, got, ok, tt.want)
		}
	}
	for _, bad := range [][2]string{{"tỷ USD", "tỷ đồng"}, {"%", "tỷ đồng"}, {"dự án", "thôn, bản"}} {
		if _, ok := ConvertUnit(MustNumber("1"), bad[0], bad[1]); ok {
			t.Errorf("ConvertUnit(%s → %s) succeeded", bad[0], bad[1])
		}
	}
}
