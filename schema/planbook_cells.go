package schema

import (
	"chitieu/finding"
	"math"
	"strconv"
	"strings"
	"time"
)

// Reading the text of a plan workbook's cells: numbers, dates, yes/no, and names for messages.

func mapKeys(m map[int]BookColumn) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func rangeName(m [4]int) string {
	return finding.Ref(m[0], m[1]) + ":" + finding.Ref(m[2], m[3])
}

func clipText(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func cellText(cells []TableCell, col int) string {
	for _, c := range cells {
		if c.Col == col {
			return strings.TrimSpace(c.Text)
		}
	}
	return ""
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

// leadingNumber finds the number at the start of a text such as "16,4%/năm" or "15 tỷ USD", as
// the reader would take it.
func leadingNumber(s string) (string, bool) {
	end := strings.IndexFunc(s, func(r rune) bool { return !strings.ContainsRune("0123456789.,+- ", r) })
	if end <= 0 {
		return "", false
	}
	v, _, kind, _ := ParseTextNumber(s[:end])
	if kind != TextClear {
		return "", false
	}
	return v.VN(), true
}

func readDate(c TableCell) (Date, bool) {
	s := strings.TrimSpace(c.Text)
	if c.Number {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || f < 1 || f > 2958465 || math.IsNaN(f) {
			return Date{}, false
		}
		return Date{excelEpoch.AddDate(0, 0, int(f))}, true
	}
	if d, err := ParseDate(s); err == nil {
		return d, true
	}
	// 01/07/2025, as a Vietnamese official writes a date.
	if t, err := time.Parse("2/1/2006", s); err == nil {
		return Date{t}, true
	}
	return Date{}, false
}

func readBool(c TableCell) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(c.Text)) {
	case "có", "x", "true", "1", "yes", "đúng":
		return true, true
	case "", "không", "false", "0", "no", "sai":
		return false, true
	}
	return false, false
}

// suggest adds "Did you mean …?" with the candidate closest to s, if one is close.
func suggest(msg *finding.Text, s string, candidates []string) {
	if c := Closest(s, candidates); c != "" {
		*msg = msg.Plus(finding.Textf(" Có phải ý bạn là %q?", " Did you mean %q?", c))
	}
}

// number reads a number cell, or a number typed as text the way submissions are read: "16,4"
// and "1.234,5" are clear, "15.000" is refused as having two readings.
func (r *bookReader) number(c TableCell, bad func(string, finding.Text)) (Number, bool) {
	s := strings.TrimSpace(c.Text)
	if c.Number && !c.Bool {
		n, err := NewNumber(s)
		if err == nil {
			if c.Percent {
				n = NumberOf(n.Decimal().Shift(2))
			}
			return n, true
		}
	}
	v, alt, kind, _ := ParseTextNumber(s)
	switch {
	case c.Bool:
	case kind == TextClear:
		return v, true
	case kind == TextAmbiguous:
		bad("ambiguous-number", finding.Textf("%q có hai cách đọc: %s hoặc %s. Gõ %s nếu là số thập phân, %s nếu là số nguyên (không dùng dấu phân cách hàng nghìn).",
			"%q reads two ways: %s or %s. Type %s for the decimal, %s for the whole number (no thousands separator).", s, v.VN(), alt.String(), v.VN(), alt.String()))
		return Number{}, false
	}
	msg := finding.Textf("%q không phải là số.", "%q is not a number.", s)
	if fix, ok := leadingNumber(s); ok {
		msg.VI += " Gõ " + fix + "."
		msg.EN += "; type " + fix + "."
	} else {
		msg.VI += " Gõ một số, ví dụ 16,4."
		msg.EN += "; type a number, e.g. 16,4."
	}
	bad("not-a-number", msg)
	return Number{}, false
}
