package schema

import (
	"chitieu/finding"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Frequency is how often a form is filled, and so the kind of a Period.
type Frequency string

// The frequencies of the reporting regime.
const (
	Monthly    Frequency = "month"
	Quarterly  Frequency = "quarter"
	HalfYearly Frequency = "6m" // the first six months of a year
	NineMonths Frequency = "9m" // the first nine months of a year
	Yearly     Frequency = "year"
)

// Frequencies lists the valid frequencies, shortest first.
var Frequencies = []Frequency{Monthly, Quarterly, HalfYearly, NineMonths, Yearly}

// Period is a reporting period: a year (2024), a month (2024-03), a quarter (2024-Q1), the first
// six months (2024-6M) or the first nine months (2024-9M) of a year.
type Period struct {
	Year int
	Freq Frequency
	// N is the month (1–12) or quarter (1–4); zero for the other frequencies.
	N int
}

// ParsePeriod reads a period as written on the command line and in plans.
func ParsePeriod(s string) (Period, error) {
	bad := func() (Period, error) {
		return Period{}, fmt.Errorf("%q is not a period: write 2024, 2024-03, 2024-Q1, 2024-6M or 2024-9M", s)
	}
	t := strings.ToUpper(strings.TrimSpace(s))
	if len(t) < 4 {
		return bad()
	}
	year, ok := parseYear(t[:4])
	if !ok {
		return bad()
	}
	rest := t[4:]
	switch {
	case rest == "":
		return Period{Year: year, Freq: Yearly}, nil
	case rest == "-6M":
		return Period{Year: year, Freq: HalfYearly}, nil
	case rest == "-9M":
		return Period{Year: year, Freq: NineMonths}, nil
	case len(rest) == 3 && rest[:2] == "-Q" && rest[2] >= '1' && rest[2] <= '4':
		return Period{Year: year, Freq: Quarterly, N: int(rest[2] - '0')}, nil
	case len(rest) == 3 && rest[0] == '-' && isDigits(rest[1:]):
		m, _ := strconv.Atoi(rest[1:])
		if m < 1 || m > 12 {
			return bad()
		}
		return Period{Year: year, Freq: Monthly, N: m}, nil
	}
	return bad()
}

func parseYear(s string) (int, bool) {
	if len(s) != 4 || !isDigits(s) {
		return 0, false
	}
	y, _ := strconv.Atoi(s)
	return y, y >= 1900 && y <= 2200
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// IsZero reports whether p was never set.
func (p Period) IsZero() bool { return p.Year == 0 }

// String writes the period in the form ParsePeriod reads.
func (p Period) String() string {
	switch p.Freq {
	case Monthly:
		return fmt.Sprintf("%04d-%02d", p.Year, p.N)
	case Quarterly:
		return fmt.Sprintf("%04d-Q%d", p.Year, p.N)
	case HalfYearly:
		return fmt.Sprintf("%04d-6M", p.Year)
	case NineMonths:
		return fmt.Sprintf("%04d-9M", p.Year)
	case Yearly:
		return fmt.Sprintf("%04d", p.Year)
	}
	return ""
}

// Label names the period as a Vietnamese or English report does: "Tháng 3 năm 2024",
// "Quý I năm 2024", "6 tháng đầu năm 2024", "Năm 2024".
func (p Period) Label(lang finding.Lang) string {
	roman := [...]string{"", "I", "II", "III", "IV"}
	switch p.Freq {
	case Monthly:
		return finding.Textf("Tháng %d năm %d", "%[2]d-%02[1]d", p.N, p.Year).In(lang)
	case Quarterly:
		return finding.Textf("Quý %[1]s năm %[2]d", "Q%[3]d %[2]d", roman[p.N], p.Year, p.N).In(lang)
	case HalfYearly:
		return finding.Textf("6 tháng đầu năm %d", "first six months of %d", p.Year).In(lang)
	case NineMonths:
		return finding.Textf("9 tháng đầu năm %d", "first nine months of %d", p.Year).In(lang)
	}
	return finding.Textf("Năm %d", "Year %d", p.Year).In(lang)
}

// EndMonth is the last month (1–12) the period covers.
func (p Period) EndMonth() int {
	switch p.Freq {
	case Monthly:
		return p.N
	case Quarterly:
		return 3 * p.N
	case HalfYearly:
		return 6
	case NineMonths:
		return 9
	}
	return 12
}

// StartMonth is the first month (1–12) the period covers.
func (p Period) StartMonth() int {
	switch p.Freq {
	case Monthly:
		return p.N
	case Quarterly:
		return 3*p.N - 2
	}
	return 1
}

// Window returns the first and last day of the data the period's report covers, following the
// cut-off convention of the reporting regime (Nghị định 09/2019/NĐ-CP, Điều 12): a monthly report
// runs from the 15th of the previous month to the 14th of the month; a quarterly one from the
// 15th of the month before the quarter to the 14th of its last month; the six-month, nine-month
// and yearly reports from 15 December of the previous year to the 14th of their last month.
func (p Period) Window() (from, to time.Time) {
	start := time.Date(p.Year, time.Month(p.StartMonth()), 15, 0, 0, 0, 0, time.UTC).AddDate(0, -1, 0)
	end := time.Date(p.Year, time.Month(p.EndMonth()), 14, 0, 0, 0, 0, time.UTC)
	return start, end
}

// Contains reports whether the period's calendar months include the day d.
func (p Period) Contains(d time.Time) bool {
	first := time.Date(p.Year, time.Month(p.StartMonth()), 1, 0, 0, 0, 0, time.UTC)
	next := time.Date(p.Year, time.Month(p.EndMonth())+1, 1, 0, 0, 0, 0, time.UTC)
	return !d.Before(first) && d.Before(next)
}

// Span is a range of whole years, From to To inclusive: "2021-2025", or a single year "2030".
// An average annual growth over the span 2021–2025 compounds five yearly growths, the first of
// them 2021 over 2020.
type Span struct {
	From int
	To   int
}

// ParseSpan reads "2021-2025", "2021–2025" (en dash) or "2030".
func ParseSpan(s string) (Span, error) {
	t := strings.ReplaceAll(strings.TrimSpace(s), "–", "-")
	a, b, found := strings.Cut(t, "-")
	from, ok1 := parseYear(strings.TrimSpace(a))
	to, ok2 := from, true
	if found {
		to, ok2 = parseYear(strings.TrimSpace(b))
	}
	if !ok1 || !ok2 || to < from {
		return Span{}, fmt.Errorf("%q is not a year or a span of years: write 2030 or 2021-2025", s)
	}
	return Span{From: from, To: to}, nil
}

// String writes the span as ParseSpan reads it.
func (s Span) String() string {
	if s.From == s.To {
		return strconv.Itoa(s.From)
	}
	return fmt.Sprintf("%d-%d", s.From, s.To)
}

// Years is the number of years in the span.
func (s Span) Years() int { return s.To - s.From + 1 }

// Overlaps reports whether the spans share a year.
func (s Span) Overlaps(o Span) bool { return s.From <= o.To && o.From <= s.To }

// Date is a calendar day in a plan (valid-from and valid-to dates of units).
type Date struct{ time.Time }

// ParseDate reads YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date: write YYYY-MM-DD, e.g. 2025-07-01", s)
	}
	return Date{t}, nil
}

// String writes the date as YYYY-MM-DD, or "" when it is not set.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format("2006-01-02")
}

// End returns the last day of the period's data window: the day its figures stand at.
func (p Period) End() time.Time {
	_, end := p.Window()
	return end
}

// Previous returns the period just before p within the same year — the month or quarter before —
// and false for a year, 6 or 9 months, or January and the first quarter: the periods whose
// year-to-date figure continues another's.
func (p Period) Previous() (Period, bool) {
	if (p.Freq != Monthly && p.Freq != Quarterly) || p.N <= 1 {
		return Period{}, false
	}
	return Period{Year: p.Year, Freq: p.Freq, N: p.N - 1}, true
}

// YearBefore returns the same period of the previous year: its "cùng kỳ".
func (p Period) YearBefore() Period { return Period{Year: p.Year - 1, Freq: p.Freq, N: p.N} }
