package consolidate

import (
	"math"

	"chitieu/finding"
	"chitieu/schema"
)

// The arithmetic of gap and achievement (DESIGN.md, "Achievement and gap: the arithmetic").
// Growth rates are in percent; growth is compounded, never averaged arithmetically.

// AverageGrowth is the average annual growth, in %, of yearly growths g (in %): the geometric
// mean (∏(1+gᵢ))^(1/k) − 1.
func AverageGrowth(g []float64) float64 {
	switch len(g) {
	case 0:
		return math.NaN()
	case 1:
		return g[0] // exactly, without a round trip through 1+g
	}
	return (math.Pow(compound(g), 1/float64(len(g))) - 1) * 100
}

func compound(g []float64) float64 {
	p := 1.0
	for _, x := range g {
		p *= 1 + x/100
	}
	return p
}

// RequiredGrowth is the growth, in % a year, needed in each of the n−k remaining years of an
// n-year span for the average over the span to reach r (in %), given the k yearly growths g
// known so far: ((1+r)ⁿ / ∏(1+gᵢ))^(1/(n−k)) − 1. It is NaN when no year remains.
func RequiredGrowth(r float64, n int, g []float64) float64 {
	k := len(g)
	if k >= n {
		return math.NaN()
	}
	return (math.Pow(math.Pow(1+r/100, float64(n))/compound(g), 1/float64(n-k)) - 1) * 100
}

// PathValue is where a level should stand in year y on the geometric path from base (in year b)
// to target (in year Y); on the linear path when either end is not positive (a zero baseline has
// no geometric path).
func PathValue(base float64, b int, target float64, Y, y int) float64 {
	if Y == b {
		return target
	}
	t := float64(y-b) / float64(Y-b)
	if base <= 0 || target <= 0 {
		return base + (target-base)*t
	}
	return base * math.Pow(target/base, t)
}

// LinearPath is where a share should stand in year y on the straight line from base (year b) to
// target (year Y).
func LinearPath(base float64, b int, target float64, Y, y int) float64 {
	if Y == b {
		return target
	}
	return base + (target-base)*float64(y-b)/float64(Y-b)
}

// GrowthToReach is the annual growth, in %, that takes a level from a to v in years years:
// (v/a)^(1/years) − 1; NaN when a is not positive or no year remains.
func GrowthToReach(a, v float64, years int) float64 {
	if a <= 0 || years <= 0 || v < 0 {
		return math.NaN()
	}
	return (math.Pow(v/a, 1/float64(years)) - 1) * 100
}

// Achievement is the actual as a percentage of the target, or the target as a percentage of the
// actual when lower is better. NaN when the divisor is zero.
func Achievement(actual, target float64, lowerIsBetter bool) float64 {
	if lowerIsBetter {
		actual, target = target, actual
	}
	if target == 0 {
		return math.NaN()
	}
	return actual / target * 100
}

// IndexAchievement is the achievement of a growth target, in %: the index form
// (100+a)/(100+r)×100 of an achieved growth a against a target r (both in %), its inverse when
// lower is better. 13,81%/năm against 14,6%/năm is 113,81/114,6 = 99,3% — never a/r (94,6%),
// which is a ratio of two rates and goes negative with a fall.
func IndexAchievement(a, r float64, lowerIsBetter bool) float64 {
	return Achievement(100+a, 100+r, lowerIsBetter)
}

// Band is the interval a target accepts: [Low, High], either end open (±Inf).
type Band struct{ Low, High float64 }

// BandOf returns the values a target's comparator accepts, tolerance included.
func BandOf(t *schema.Target) Band {
	tol := 0.0
	if t.Tolerance.IsSet() {
		tol = t.Tolerance.Float()
	}
	v := t.Value.Float()
	switch t.Comparator {
	case schema.AtLeast:
		return Band{v, math.Inf(1)}
	case schema.AtMost:
		return Band{math.Inf(-1), v}
	case schema.About:
		return Band{v - tol, v + tol}
	case schema.Between:
		return Band{t.Low.Float() - tol, t.High.Float() + tol}
	}
	return Band{v, v}
}

// Status is how a target stands.
type Status uint8

// The statuses, with their words in Status.Word.
const (
	NoData   Status = iota // Chưa có số liệu
	Exceeded               // Vượt
	Met                    // Đạt
	NotMet                 // Chưa đạt
	OnTrack                // Đúng tiến độ
	Behind                 // Chậm tiến độ
	// NoPath is a level or share before its year with no stated baseline: there is no path to be
	// on or behind, only the growth still required.
	NoPath // Chưa có lộ trình
	// Hard is a target whose rate still required exceeds the best yearly rate of its history.
	Hard // Khó đạt
)

// Statuses lists the statuses in the order a legend gives them.
var Statuses = []Status{Exceeded, Met, OnTrack, Behind, Hard, NoPath, NotMet, NoData}

// Word is the status as the workbook writes it.
func (s Status) Word(lang finding.Lang) string {
	return [...]finding.Text{
		{VI: "Chưa có số liệu", EN: "No data"}, {VI: "Vượt", EN: "Exceeded"}, {VI: "Đạt", EN: "Met"},
		{VI: "Chưa đạt", EN: "Not met"}, {VI: "Đúng tiến độ", EN: "On track"}, {VI: "Chậm tiến độ", EN: "Behind"},
		{VI: "Chưa có lộ trình", EN: "No path"}, {VI: "Khó đạt", EN: "Hard to reach"},
	}[s].In(lang)
}

// Judge compares a value with a band at the end of the target's period: Vượt beyond the better
// end (above for higher-is-better), Đạt inside, Chưa đạt outside on the worse side. A band open
// on the better side is exceeded by any value strictly beyond its bound.
func Judge(v float64, b Band, lowerIsBetter bool) Status {
	switch {
	case v < b.Low:
		if lowerIsBetter {
			return Exceeded
		}
		return NotMet
	case v > b.High:
		if lowerIsBetter {
			return NotMet
		}
		return Exceeded
	}
	// Inside the band: a one-sided target ("từ 14,6%") is exceeded by going past its value.
	if !lowerIsBetter && math.IsInf(b.High, 1) && v > b.Low {
		return Exceeded
	}
	if lowerIsBetter && math.IsInf(b.Low, -1) && v < b.High {
		return Exceeded
	}
	return Met
}

// Progress says, before the end of a target's period, whether the value so far keeps the target
// in reach: Đúng tiến độ when it is not on the worse side of the band, Chậm tiến độ otherwise.
func Progress(v float64, b Band, lowerIsBetter bool) Status {
	if (!lowerIsBetter && v < b.Low) || (lowerIsBetter && v > b.High) {
		return Behind
	}
	return OnTrack
}
