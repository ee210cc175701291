package schema

import "testing"

func TestCovers(t *testing.T) {
	end, _ := ParseDate("2025-06-30")
	p := &Plan{ValidTo: end}
	for period, want := range map[string]bool{"2024": true, "2025-05": true, "2025-06": true, "2025-Q2": true, "2025-6M": true,
		"2025-07": false, "2025-Q3": false, "2025-9M": false, "2025": false, "2026": false} {
		per, _ := ParsePeriod(period)
		if got := p.Covers(per); got != want {
			t.Errorf("a plan ending 2025-06-30 covers %s: %v, want %v", period, got, want)
		}
	}
	if !(&Plan{}).Covers(Period{Year: 2030, Freq: Yearly}) {
		t.Error("a plan without valid_to does not cover 2030")
	}
}
