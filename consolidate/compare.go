package consolidate

import (
	"fmt"
	"math"
	"strings"

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
		a.Notes = append(a.Notes, fmt.Sprintf("Kế hoạch không có chỉ tiêu %s để so sánh.", t.Than))
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
		pt.Label = fmt.Sprintf("%s %s, %s %s", strings.ToLower(ind.Name), growthWords(ga.Value, rateDecimals), strings.ToLower(than.Name), growthWords(gb.Value, rateDecimals))
		a.Points = append(a.Points, pt)
		if !c.Holds {
			failed = append(failed, fmt.Sprint(y))
		}
	}
	a.K = len(a.Compared)
	if a.K == 0 {
		a.Notes = append(a.Notes, fmt.Sprintf("Chưa có năm nào có đủ số liệu cả năm của cả %s và %s để so sánh tốc độ tăng.", ind.Code, than.Code))
		return a
	}
	var lines []string
	for _, c := range a.Compared {
		word := "cao hơn"
		if !c.Holds {
			word = "không cao hơn"
		}
		lines = append(lines, fmt.Sprintf("năm %d: %s so với %s — %s", c.Year, growthWords(c.A.Value, rateDecimals), growthWords(c.B.Value, rateDecimals), word))
	}
	a.Notes = append(a.Notes, fmt.Sprintf("Tốc độ tăng của %s so với %s: %s.", strings.ToLower(ind.Name), strings.ToLower(than.Name), strings.Join(lines, "; ")))
	over := spanOver(t.Period, period)
	switch {
	case len(failed) > 0 && over:
		a.Status = NotMet
	case len(failed) > 0:
		// "Luôn cao hơn" broken in one year cannot be made good later; before the span's end the
		// word is still one of progress.
		a.Status = Behind
		a.Notes = append(a.Notes, fmt.Sprintf("Năm %s không đạt yêu cầu «luôn cao hơn»; yêu cầu cả giai đoạn không còn giữ được.", strings.Join(failed, ", ")))
	case over:
		a.Status = Met
	default:
		a.Status = OnTrack
	}
	if len(a.Missing) > 0 {
		a.Notes = append(a.Notes, fmt.Sprintf("Thiếu số liệu năm %s: so sánh trên %d năm có đủ số liệu.", years(a.Missing), a.K))
	}
	if period.Freq != schema.Yearly {
		a.Interim = true
	}
	return a
}
