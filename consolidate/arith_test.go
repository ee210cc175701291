package consolidate

import (
	"math"
	"testing"

	"chitieu/finding"
	"chitieu/schema"
)

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol || math.IsNaN(got) != math.IsNaN(want) {
		t.Errorf("%s = %.6f, want %.6f (±%g)", what, got, want, tol)
	}
}

// The seed example: IIP grew 18,1%, 15,59% and 8% in 2021–2023.
func TestGrowthArithmeticSeedExample(t *testing.T) {
	g := []float64{18.1, 15.59, 8}
	// (1.181 × 1.1559 × 1.08)^(1/3) − 1 = 1.474327332^(1/3) − 1 = 13.81 % ("13,8%/năm")
	near(t, "average 2021–2023", AverageGrowth(g), 13.8146, 0.0005)
	// 14,6%/năm over 2021–2025: (1.146⁵ / 1.474327332)^(1/2) − 1 = 15.79 % ("≈15,8%/năm")
	near(t, "required 2024–2025", RequiredGrowth(14.6, 5, g), 15.7883, 0.0005)
	near(t, "required after the span", RequiredGrowth(14.6, 3, g), math.NaN(), 0)
	// Growth at exactly the required rate in both years lands on the target.
	r := RequiredGrowth(14.6, 5, g)
	near(t, "average with the required years", AverageGrowth(append(g, r, r)), 14.6, 1e-9)
	near(t, "gap in points", AverageGrowth(g)-14.6, -0.7854, 0.0005)
}

func TestLevelAndShareArithmetic(t *testing.T) {
	// Exports 15 000 triệu USD in 2030 from 5 000 in 2020: the path value in 2025 is √3 × 5 000.
	near(t, "path 2025", PathValue(5000, 2020, 15000, 2030, 2025), 8660.254, 0.001)
	// (15 000 / 8 000)^(1/5) − 1 = 13.40 %
	near(t, "growth still required", GrowthToReach(8000, 15000, 5), 13.3967, 0.0005)
	// A zero baseline has no geometric path: the path is linear.
	near(t, "zero baseline path", PathValue(0, 2020, 100, 2030, 2025), 50, 1e-9)
	near(t, "growth from zero", GrowthToReach(0, 100, 5), math.NaN(), 0)
	// B2C share 10% in 2025 from 4% in 2021: 7% in 2023.
	near(t, "share path", LinearPath(4, 2021, 10, 2025, 2023), 7, 1e-9)
	near(t, "achievement", Achievement(37.5, 28.7, false), 130.662, 0.001)
	// Lower is better: rank 16 against a target of 10 is 62,5%.
	near(t, "lower is better", Achievement(16, 10, true), 62.5, 1e-9)
	near(t, "zero target", Achievement(5, 0, false), math.NaN(), 0)
}

func TestJudge(t *testing.T) {
	n := schema.MustNumber
	atLeast := &schema.Target{Comparator: schema.AtLeast, Value: n("14.6")}
	about := &schema.Target{Comparator: schema.About, Value: n("16.4"), Tolerance: n("0.5")}
	rng := &schema.Target{Comparator: schema.Between, Low: n("15"), High: n("16")}
	rngTol := &schema.Target{Comparator: schema.Between, Low: n("15"), High: n("16"), Tolerance: n("0.5")}
	atMost := &schema.Target{Comparator: schema.AtMost, Value: n("10")}
	tests := []struct {
		t     *schema.Target
		v     float64
		lower bool
		end   Status
		prog  Status
	}{
		{atLeast, 13.81, false, NotMet, Behind},
		{atLeast, 14.6, false, Met, OnTrack},
		{atLeast, 15, false, Exceeded, OnTrack},
		{about, 16.0, false, Met, OnTrack},
		{about, 15.8, false, NotMet, Behind},
		{about, 17.0, false, Exceeded, OnTrack},
		{rng, 15.5, false, Met, OnTrack},
		{rng, 14.9, false, NotMet, Behind},
		{rngTol, 14.6, false, Met, OnTrack}, // "khoảng 15–16%": 14,6 is within the tolerance
		{rng, 16.2, false, Exceeded, OnTrack},
		{atMost, 16, true, NotMet, Behind}, // a rank of 16 against "dưới 10"
		{atMost, 8, true, Exceeded, OnTrack},
		{atMost, 10, true, Met, OnTrack},
	}
	for _, tt := range tests {
		b := BandOf(tt.t)
		if got := Judge(tt.v, b, tt.lower); got != tt.end {
			t.Errorf("Judge(%v, %v %v) = %s, want %s", tt.v, tt.t.Comparator, b, got.Word(finding.VI), tt.end.Word(finding.VI))
		}
		if got := Progress(tt.v, b, tt.lower); got != tt.prog {
			t.Errorf("Progress(%v, %v %v) = %s, want %s", tt.v, tt.t.Comparator, b, got.Word(finding.VI), tt.prog.Word(finding.VI))
		}
	}
}
