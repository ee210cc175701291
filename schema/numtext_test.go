package schema

import "testing"

func TestParseTextNumber(t *testing.T) {
	tests := []struct {
		in      string
		v, alt  string
		kind    TextNumber
		percent bool
	}{
		{"16,4", "16.4", "", TextClear, false},
		{"1.234,5", "1234.5", "", TextClear, false},
		{"1,234.5", "1234.5", "", TextClear, false},
		{"1.234.567", "1234567", "", TextClear, false},
		{"1.234.567,89", "1234567.89", "", TextClear, false},
		{"1 234,5", "1234.5", "", TextClear, false},
		{"1\u00a0234,5", "1234.5", "", TextClear, false},
		{"15.000", "15", "15000", TextAmbiguous, false},
		{"13.370", "13.37", "13370", TextAmbiguous, false},
		{"15,000", "15", "15000", TextAmbiguous, false},
		{"0,125", "0.125", "", TextClear, false},
		{"228.4", "228.4", "", TextClear, false},
		{"228,40", "228.4", "", TextClear, false},
		{"1234.567", "1234.567", "", TextClear, false},
		{"744", "744", "", TextClear, false},
		{"  744 ", "744", "", TextClear, false},
		{"-3,5", "-3.5", "", TextClear, false},
		{"−3,5", "-3.5", "", TextClear, false},
		{"(1.234,5)", "-1234.5", "", TextClear, false},
		{"+7", "7", "", TextClear, false},
		{"16,4%", "16.4", "", TextClear, true},
		{"16,4 %", "16.4", "", TextClear, true},
		{",5", "0.5", "", TextClear, false},
		{"", "", "", TextEmpty, false},
		{"   ", "", "", TextEmpty, false},
		{"abc", "", "", TextNotNumber, false},
		{"744 triệu kWh", "", "", TextNotNumber, false},
		{"16,4,5", "", "", TextNotNumber, false},
		{"1.23.456", "", "", TextNotNumber, false},
		{"1..2", "", "", TextNotNumber, false},
		{"12.", "", "", TextNotNumber, false},
		{"1 2", "", "", TextNotNumber, false},
		{"1,234 5", "", "", TextNotNumber, false},
		{"-", "", "", TextNotNumber, false},
		{"x", "", "", TextNotNumber, false},
		{"١٢٣", "", "", TextNotNumber, false},
		{"1e5", "", "", TextNotNumber, false},
	}
	for _, tt := range tests {
		v, alt, kind, pct := ParseTextNumber(tt.in)
		if kind != tt.kind || v.String() != tt.v || alt.String() != tt.alt || pct != tt.percent {
			t.Errorf("ParseTextNumber(%q) = %s, %s, %d, %v; want %s, %s, %d, %v", tt.in, v, alt, kind, pct, tt.v, tt.alt, tt.kind, tt.percent)
		}
	}
}

func FuzzParseTextNumber(f *testing.F) {
	for _, s := range []string{"16,4", "1.234,5", "15.000", "1,234.5", "(3)", "16,4%", "abc", "1 234", ",5", "-0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, alt, kind, _ := ParseTextNumber(s)
		switch kind {
		case TextClear:
			if !v.IsSet() || alt.IsSet() {
				t.Fatalf("%q: clear reading %v, %v", s, v, alt)
			}
		case TextAmbiguous:
			if !v.IsSet() || !alt.IsSet() || v.Equal(alt) {
				t.Fatalf("%q: ambiguous readings %v, %v", s, v, alt)
			}
		default:
			if v.IsSet() || alt.IsSet() {
				t.Fatalf("%q: kind %d with values %v, %v", s, kind, v, alt)
			}
		}
	})
}

func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2024", "2024-03", "2024-Q1", "2024-6M", "2024-9m", "x", "2024-13"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePeriod(s)
		if err != nil {
			return
		}
		back, err := ParsePeriod(p.String())
		if err != nil || back != p {
			t.Fatalf("%q → %v → %q → %v, %v", s, p, p.String(), back, err)
		}
		from, to := p.Window()
		if !from.Before(to) {
			t.Fatalf("%v: window %v–%v", p, from, to)
		}
	})
}
