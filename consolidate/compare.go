package consolidate

import (
	"fmt"
	"math"
	"strings"

	"chitieu/finding"
	"chitieu/schema"
)

// A comparative target (DESIGN.md, "Comparative targets"): "A grows faster than B" is judged
// each year of its span on both figures.

// Comparison is one year of a comparative target: the growth of both indicators and whether
// the first grew faster.
type Comparison struct {
	Year  int
	A, B  Point // the yearly growth of the target's indicator and of the one it is compared with
	Holds bool
}

// assessFaster judges "ind grows faster than than each year" over the target's span, on the
// whole years known up to the end of period.
func assessFaster(t *schema.Target, ind, than *schema.Indicator, ptsA, ptsB map[int]Point, period schema.Period) *Assessment {
	a := &Assessment{Target: t, Indicator: ind, Required: math.NaN(), Path: math.NaN(), Achievement: math.NaN(), Achieved: math.NaN(),
		Gap: math.NaN(), Best: math.NaN(), Base: math.NaN(), N: t.Period.Years()}
	if than == nil {
		a.Notes = append(a.Notes, note("no-comparison-indicator", "Kế hoạch không có chỉ tiêu %s để so sánh.", "The plan has no indicator %s to compare with.", t.Than))
		return a
	}
	var failed []string
	for y := t.Period.From; y <= min(t.Period.To, period.Year); y++ {
		ga, okA := growthAt(ind, ptsA, y)
		gb, okB := growthAt(than, ptsB, y)
		if !okA || !okB || ga.Provisional || gb.Provisional {
			if y < period.Year || period.Freq == schema.Yearly {
				a.Missing = append(a.Missing, y)
			}
			continue
		}
		c := Comparison{Year: y, A: ga, B: gb, Holds: ga.Value > gb.Value}
		a.Compared = append(a.Compared, c)
		pt := ga
		pt.Label = finding.Textf("%s %s, %s %s", "%s %s, %s %s", lowerText(ind.NameText()), growthText(ga.Value, rateDecimals), lowerText(than.NameText()), growthText(gb.Value, rateDecimals))
		a.Points = append(a.Points, pt)
		if !c.Holds {
			failed = append(failed, fmt.Sprint(y))
		}
	}
	a.K = len(a.Compared)
	if a.K == 0 {
		a.Notes = append(a.Notes, note("no-year-to-compare", "Chưa có năm nào có đủ số liệu cả năm của cả %s và %s để so sánh tốc độ tăng.",
			"No year yet has whole-year figures of both %s and %s to compare their growth.", ind.Code, than.Code))
		return a
	}
	var lines finding.Text
	for i, c := range a.Compared {
		if i > 0 {
			lines = lines.Plus(finding.Text{VI: "; ", EN: "; "})
		}
		word := finding.Text{VI: "cao hơn", EN: "faster"}
		if !c.Holds {
			word = finding.Text{VI: "không cao hơn", EN: "not faster"}
		}
		lines = lines.Plus(finding.Textf("năm %d: %s so với %s — %s", "%d: %s against %s — %s", c.Year, growthText(c.A.Value, rateDecimals), growthText(c.B.Value, rateDecimals), word))
	}
	a.Notes = append(a.Notes, note("compared-growth", "Tốc độ tăng của %s so với %s: %s.", "Growth of %s against %s: %s.", lowerText(ind.NameText()), lowerText(than.NameText()), lines))
	over := spanOver(t.Period, period)
	switch {
	case len(failed) > 0 && over:
		a.Status = NotMet
	case len(failed) > 0:
		// "Luôn cao hơn" broken in one year cannot be made good later; before the span's end the
		// word is still one of progress.
		a.Status = Behind
		a.Notes = append(a.Notes, note("faster-broken", "Năm %s không đạt yêu cầu «luôn cao hơn»; yêu cầu cả giai đoạn không còn giữ được.",
			"%s did not meet “always faster”; the requirement for the whole span can no longer hold.", strings.Join(failed, ", ")))
	case over:
		a.Status = Met
	default:
		a.Status = OnTrack
	}
	if len(a.Missing) > 0 {
		a.Notes = append(a.Notes, note("missing-years", "Thiếu số liệu năm %s: so sánh trên %d năm có đủ số liệu.", "No figures for %s: compared over the years with both figures (%d).", years(a.Missing), a.K))
	}
	if period.Freq != schema.Yearly {
		a.Interim = true
	}
	return a
}
