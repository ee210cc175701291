package consolidate

import (
	"math"
	"strings"
	"testing"
	"time"

	"chitieu/finding"
	"chitieu/schema"
	"chitieu/seeds"
	"chitieu/validate"
)

func seedModel(t *testing.T, name, period string) *Model {
	t.Helper()
	p, fs, err := seeds.Load(name)
	if err != nil || fs.HasErrors() {
		t.Fatal(err, fs)
	}
	per, _ := schema.ParsePeriod(period)
	return Build(p, per, &validate.Report{}, time.Date(2024, 3, 20, 0, 0, 0, 0, time.UTC), nil)
}

func find(t *testing.T, m *Model, id string) *Assessment {
	t.Helper()
	for _, a := range m.Assessments {
		if a.Target.ID == id {
			return a
		}
	}
	t.Fatalf("no assessment of %s", id)
	return nil
}

// TestSeedTargets checks the gap and achievement of the seed targets from the plan's own figures
// against values computed by hand.
func TestSeedTargets(t *testing.T) {
	m := seedModel(t, "thanh-hoa", "2024-02")
	// IIP ≥ 14,6%/năm 2021–2025: 18,1; 15,59; 8 → 13,81%/năm so far, 15,79%/năm needed in 2024–25.
	a := find(t, m, "TH-IIP-2125")
	near(t, "IIP achieved", a.Achieved, 13.8146, 0.0005)
	near(t, "IIP required", a.Required, 15.7883, 0.0005)
	near(t, "IIP gap", a.Gap, -0.7854, 0.0005)
	near(t, "IIP achievement", a.Achievement, 113.8146/114.6*100, 0.001) // the index form
	if a.K != 3 || a.N != 5 || a.Status != Behind || a.Provisional {
		t.Errorf("IIP: k=%d n=%d %s provisional=%v", a.K, a.N, a.Status.Word(finding.VI), a.Provisional)
	}
	// IIP ≥ 8,0% in 2024, on the first two months (+24,46%): a progress verdict, tạm tính.
	a = find(t, m, "TH-IIP-2024")
	if a.Status != OnTrack || !a.Provisional || a.Achieved != 24.46 {
		t.Errorf("IIP 2024: %s %v %v", a.Status.Word(finding.VI), a.Provisional, a.Achieved)
	}
	near(t, "IIP 2024 achievement", a.Achievement, 124.46/108*100, 1e-9)
	// The country's four months of 2024 end after February: not in this workbook.
	if a = find(t, m, "VN-IIP-2024"); a.Status != NoData || !a.Reference {
		t.Errorf("VN IIP 2024 in 2024-02: %s", a.StatusText(finding.VI))
	}
	// In the year's workbook, the country's 7–8% against its first four months (+6%): behind,
	// tạm tính, a reference; the gap is to the stated bound 7.
	a = find(t, seedModel(t, "thanh-hoa", "2024"), "VN-IIP-2024")
	if a.Status != Behind || !a.Provisional || !a.Reference {
		t.Errorf("VN IIP 2024: %s", a.StatusText(finding.VI))
	}
	near(t, "VN gap to the band", a.Gap, -1, 1e-9)
	// No figure at all: exports 2030, B2C shares, value added.
	for _, id := range []string{"TH-XK-2030", "TH-B2C-2025", "TH-VACN-2125", "TH-VACN-2630", "TH-CN-2630-DA"} {
		if a := find(t, m, id); a.Status != NoData || !math.IsNaN(a.Achievement) {
			t.Errorf("%s: %s", id, a.Status.Word(finding.VI))
		}
	}
	// Both conflicting 2026–2030 targets are assessed.
	if len(m.Assessments) != len(m.Plan.Targets) {
		t.Errorf("%d assessments for %d targets", len(m.Assessments), len(m.Plan.Targets))
	}
}

// TestTargetKinds covers lower-is-better, range, "khoảng", a level path and a zero baseline.
func TestTargetKinds(t *testing.T) {
	n := schema.MustNumber
	pts := func(vs map[int]float64) map[int]Point {
		out := map[int]Point{}
		for y, v := range vs {
			out[y] = Point{Year: y, Value: v}
		}
		return out
	}
	rank := &schema.Indicator{Code: "R", Kind: schema.KindRank, Direction: "lower", Unit: "hạng"}
	level := &schema.Indicator{Code: "X", Kind: schema.KindLevel, Unit: "triệu USD"}
	growth := &schema.Indicator{Code: "G", Kind: schema.KindGrowth, Unit: "%"}
	share := &schema.Indicator{Code: "S", Kind: schema.KindShare, Unit: "%"}
	span := func(s string) schema.Span { sp, _ := schema.ParseSpan(s); return sp }

	// Lower is better: rank ≤ 10 by 2025, 16 in 2021 → no path without a baseline, behind the
	// path from 16 in 2020; 8 in 2025 → exceeded.
	tr := &schema.Target{Measure: schema.MeasureLevel, Period: span("2025"), Comparator: schema.AtMost, Value: n("10")}
	a := assess(tr, rank, pts(map[int]float64{2021: 16}))
	if a.Status != NoPath {
		t.Errorf("rank 16 before 2025, no baseline: %s", a.Status.Word(finding.VI))
	}
	trb := *tr
	trb.Baseline = &schema.Baseline{Year: 2020, Value: n("16")}
	if a = assess(&trb, rank, pts(map[int]float64{2021: 16})); a.Status != Behind {
		t.Errorf("rank 16 in 2021 on the path from 16 to 10: %s", a.Status.Word(finding.VI))
	}
	a = assess(tr, rank, pts(map[int]float64{2021: 16}))
	near(t, "rank achievement", a.Achievement, 62.5, 1e-9)
	if a = assess(tr, rank, pts(map[int]float64{2021: 16, 2025: 8})); a.Status != Exceeded {
		t.Errorf("rank 8 in 2025: %s", a.Status.Word(finding.VI))
	}

	// Range 15–16%/năm over 2021–2030 with "khoảng" ±0,5 from levels 100 → 114.6 → 131.3.
	rg := &schema.Target{Measure: schema.MeasureGrowth, Period: span("2021-2030"), Comparator: schema.Between, Low: n("15"), High: n("16"), Tolerance: n("0.5")}
	a = assess(rg, level, pts(map[int]float64{2020: 100, 2021: 114.6, 2022: 131.3316}))
	near(t, "range achieved", a.Achieved, 14.6, 0.0001)
	// Within the tolerance, so on track; the gap is to the stated bound 15.
	if a.K != 2 || a.N != 10 || a.Status != OnTrack || math.Abs(a.Gap+0.4) > 1e-9 {
		t.Errorf("range: k=%d n=%d %s gap %v", a.K, a.N, a.Status.Word(finding.VI), a.Gap)
	}
	near(t, "range required", a.Required, (math.Pow(math.Pow(1.15, 10)/math.Pow(1.146, 2), 1.0/8)-1)*100, 1e-9)

	// "Khoảng" 16,4 ± 0,5 over 2021–2025, complete: 16,0 is met, 15,8 is not.
	ab := &schema.Target{Measure: schema.MeasureGrowth, Period: span("2021-2025"), Comparator: schema.About, Value: n("16.4"), Tolerance: n("0.5")}
	if a = assess(ab, growth, pts(map[int]float64{2021: 16, 2022: 16, 2023: 16, 2024: 16, 2025: 16})); a.Status != Met {
		t.Errorf("about, 16%%: %s", a.Status.Word(finding.VI))
	}
	near(t, "about gap", a.Gap, -0.4, 1e-9)
	if a = assess(ab, growth, pts(map[int]float64{2021: 15.8, 2022: 15.8, 2023: 15.8, 2024: 15.8, 2025: 15.8})); a.Status != NotMet {
		t.Errorf("about, 15,8%%: %s", a.Status.Word(finding.VI))
	}

	// A level with a baseline: 15 tỷ USD in 2030 from 5 000 triệu USD in 2020; 8 000 in 2025 is
	// below the geometric path (8 660) and needs 13,40%/năm.
	lv := &schema.Target{Measure: schema.MeasureLevel, Period: span("2030"), Comparator: schema.AtLeast, Value: n("15"), Unit: "tỷ USD",
		Baseline: &schema.Baseline{Year: 2020, Value: n("5000")}}
	a = assess(lv, level, pts(map[int]float64{2025: 8000}))
	near(t, "path", a.Path, 8660.254, 0.001)
	near(t, "required", a.Required, 13.3967, 0.0005)
	near(t, "achievement", a.Achievement, 8000.0/15000*100, 1e-9)
	if a.Status != Behind {
		t.Errorf("level: %s", a.Status.Word(finding.VI))
	}
	// A zero baseline: the path is linear, and 60 in 2025 is ahead of 50.
	zero := &schema.Target{Measure: schema.MeasureLevel, Period: span("2030"), Comparator: schema.AtLeast, Value: n("100"), Baseline: &schema.Baseline{Year: 2020, Value: n("0")}}
	a = assess(zero, level, pts(map[int]float64{2025: 60}))
	near(t, "zero baseline path", a.Path, 50, 1e-9)
	if a.Status != OnTrack {
		t.Errorf("zero baseline: %s", a.Status.Word(finding.VI))
	}
	// A share: 10% in 2025 from a baseline of 4% in 2021; 6% in 2023 is behind the line (7%),
	// gap −4 points.
	sh := &schema.Target{Measure: schema.MeasureShare, Period: span("2025"), Comparator: schema.AtLeast, Value: n("10"), Baseline: &schema.Baseline{Year: 2021, Value: n("4")}}
	a = assess(sh, share, pts(map[int]float64{2021: 4, 2023: 6}))
	near(t, "share path", a.Path, 7, 1e-9)
	near(t, "share gap", a.Gap, -4, 1e-9)
	if a.Status != Behind {
		t.Errorf("share: %s", a.Status.Word(finding.VI))
	}
}

func TestQuangNam(t *testing.T) {
	m := seedModel(t, "quang-nam", "2024")
	for _, a := range m.Assessments {
		if a.Status != NoData {
			t.Errorf("%s: %s", a.Target.ID, a.Status.Word(finding.VI))
		}
	}
	if !strings.HasPrefix(m.Plan.Name, "Tỉnh Quảng Nam") {
		t.Error(m.Plan.Name)
	}
	// Its workbook is written too: an office of its own (Sở Công Thương tỉnh Quảng Nam) on the
	// cover, no form filled.
	cover := grid(t, writeModel(t, m), SheetCover)
	if rowWith(cover, "SỞ CÔNG THƯƠNG") == nil || rowWith(cover, "Kính gửi: Ủy ban nhân dân tỉnh Quảng Nam.") == nil || rowWith(cover, "0/3 chỉ tiêu đạt và vượt; 3 chưa có số liệu") == nil {
		t.Errorf("Quảng Nam's cover: %q", cover[:12])
	}
}
