package schema

import (
	"chitieu/finding"
	"testing"
	"time"
)

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		in   string
		want Period
		str  string
	}{
		{"2024", Period{2024, Yearly, 0}, "2024"},
		{"2024-03", Period{2024, Monthly, 3}, "2024-03"},
		{"2024-12", Period{2024, Monthly, 12}, "2024-12"},
		{"2024-Q1", Period{2024, Quarterly, 1}, "2024-Q1"},
		{"2024-q4", Period{2024, Quarterly, 4}, "2024-Q4"},
		{"2024-6M", Period{2024, HalfYearly, 0}, "2024-6M"},
		{"2024-6m", Period{2024, HalfYearly, 0}, "2024-6M"},
		{" 2024-9M ", Period{2024, NineMonths, 0}, "2024-9M"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParsePeriod(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want || got.String() != tt.str {
				t.Errorf("ParsePeriod(%q) = %+v (%s), want %+v (%s)", tt.in, got, got, tt.want, tt.str)
			}
		})
	}
	for _, bad := range []string{"", "24", "2024-00", "2024-13", "2024-3", "2024-Q5", "2024-Q0", "2024-7M", "2024/03", "abcd", "2024-", "20245", "1800", "2024-03-01", "２０２４"} {
		if p, err := ParsePeriod(bad); err == nil {
			t.Errorf("ParsePeriod(%q) = %v, want an error", bad, p)
		}
	}
}

func TestPeriodWindow(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	tests := []struct{ period, from, to string }{
		{"2024-03", "2024-02-15", "2024-03-14"},
		{"2024-01", "2023-12-15", "2024-01-14"},
		{"2024-Q1", "2023-12-15", "2024-03-14"},
		{"2024-Q3", "2024-06-15", "2024-09-14"},
		{"2024-6M", "2023-12-15", "2024-06-14"},
		{"2024-9M", "2023-12-15", "2024-09-14"},
		{"2024", "2023-12-15", "2024-12-14"},
	}
	for _, tt := range tests {
		p, _ := ParsePeriod(tt.period)
		from, to := p.Window()
		if !from.Equal(day(tt.from)) || !to.Equal(day(tt.to)) {
			t.Errorf("%s: window %s–%s, want %s–%s", tt.period, from.Format("2006-01-02"), to.Format("2006-01-02"), tt.from, tt.to)
		}
	}
}

func TestPeriodLabel(t *testing.T) {
	tests := []struct{ period, vi, en string }{
		{"2024-03", "Tháng 3 năm 2024", "2024-03"},
		{"2024-Q2", "Quý II năm 2024", "Q2 2024"},
		{"2024-6M", "6 tháng đầu năm 2024", "first six months of 2024"},
		{"2024", "Năm 2024", "Year 2024"},
	}
	for _, tt := range tests {
		p, _ := ParsePeriod(tt.period)
		if got := p.Label(finding.VI); got != tt.vi {
			t.Errorf("%s: Label(vi) = %q, want %q", tt.period, got, tt.vi)
		}
		if got := p.Label(finding.EN); got != tt.en {
			t.Errorf("%s: Label(en) = %q, want %q", tt.period, got, tt.en)
		}
	}
}

func TestParseSpan(t *testing.T) {
	for in, want := range map[string]Span{"2021-2025": {2021, 2025}, "2021–2025": {2021, 2025}, "2030": {2030, 2030}, " 2026 - 2030 ": {2026, 2030}} {
		got, err := ParseSpan(in)
		if err != nil || got != want {
			t.Errorf("ParseSpan(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "2025-2021", "2021-", "abc", "2021-2025-2030", "21-25"} {
		if s, err := ParseSpan(bad); err == nil {
			t.Errorf("ParseSpan(%q) = %v, want an error", bad, s)
		}
	}
	if n := (Span{2021, 2025}).Years(); n != 5 {
		t.Errorf("Years() = %d, want 5", n)
	}
}
