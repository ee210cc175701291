package consolidate

import (
	"math"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"chitieu/finding"
	"chitieu/schema"
)

// fnum writes a number the Vietnamese way with exactly d decimals: fnum(5100, 1) is "5.100,0",
// fnum(13.8146, 2) is "13,81". Every number put into text goes through it, with the decimals of
// its indicator (schema.Indicator.DecimalPlaces), so that text and cells agree.
func fnum(v float64, d int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	s := decimal.NewFromFloat(v).StringFixed(int32(d))
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-") // no "-0,0"
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteByte(',')
		b.WriteString(frac)
	}
	return b.String()
}

// numOf writes an indicator's value in text with the indicator's decimals.
func numOf(ind *schema.Indicator, v float64) string { return fnum(v, ind.DecimalPlaces()) }

// growthWords says a growth rate: "tăng 24,46%", "giảm 2,00%".
func growthWords(v float64, d int) string {
	if v < 0 {
		return "giảm " + fnum(-v, d) + "%"
	}
	return "tăng " + fnum(v, d) + "%"
}

// withUnit writes a value with its unit of measure.
func withUnit(v, unit string) string { return schema.WithUnit(v, unit) }

// lowerFirst puts the first letter in lower case, for a label inside a sentence: "năm 2023".
func lowerFirst(s string) string {
	for i, r := range s {
		return strings.ToLower(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// spanWords writes a span of years: "2021–2025".
func spanWords(s schema.Span) string {
	if s.From == s.To {
		return strconv.Itoa(s.From)
	}
	return strconv.Itoa(s.From) + "–" + strconv.Itoa(s.To)
}

// StatusText is a status as written: the word, "(tạm tính)" for a part-year figure, the missing
// years of the span, and "tham chiếu" for a target of another scope.
func (a *Assessment) StatusText(lang finding.Lang) string {
	s := a.Status.Word(lang)
	if a.Provisional && a.Status != NoData {
		s += finding.Text{VI: " (tạm tính)", EN: " (provisional)"}.In(lang)
	}
	if len(a.Missing) > 0 && a.Status != NoData {
		s += finding.Textf(" — thiếu năm %s", " — %s missing", years(a.Missing)).In(lang)
	}
	if a.Secured {
		s += finding.Text{VI: " (đã bảo đảm)", EN: " (secured)"}.In(lang)
	}
	if a.Reference {
		s = finding.Text{VI: "Tham chiếu: ", EN: "Reference: "}.In(lang) + s
	}
	return s
}
