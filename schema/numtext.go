package schema

import (
	"strings"
	"unicode"

	"github.com/shopspring/decimal"
)

// TextNumber is what a number typed as text says.
type TextNumber uint8

// The readings of a number typed as text.
const (
	TextEmpty     TextNumber = iota // nothing but spaces
	TextClear                       // one reading: "16,4", "1.234,5", "1,234.5", "1 234"
	TextAmbiguous                   // two readings: "15.000" is 15 or 15000
	TextNotNumber                   // "abc", "744 triệu kWh", "16,4,5"
)

// ParseTextNumber reads a number a person typed as text, the Vietnamese way (a comma before the
// decimals, dots or spaces between thousands) or the English way. When the text has a single
// separator followed by exactly three digits ("15.000", "13,370") it has two readings, both
// returned: the separator as a decimal point (first) and as a thousands separator (second).
// A percent sign at the end is dropped and reported; parentheses mean a negative number.
func ParseTextNumber(s string) (v, alt Number, kind TextNumber, percent bool) {
	t := strings.Map(func(r rune) rune {
		if r == '\u00a0' || r == '\u202f' || r == '\u2009' { // no-break and thin spaces used as group separators
			return ' '
		}
		if r == '\u2212' || r == '\u2013' { // minus sign, en dash
			return '-'
		}
		return r
	}, s)
	t = strings.TrimSpace(t)
	if t == "" {
		return Number{}, Number{}, TextEmpty, false
	}
	if p, ok := strings.CutSuffix(t, "%"); ok {
		t, percent = strings.TrimSpace(p), true
	}
	neg := false
	if len(t) >= 2 && t[0] == '(' && t[len(t)-1] == ')' {
		t, neg = strings.TrimSpace(t[1:len(t)-1]), true
	}
	if t != "" && (t[0] == '-' || t[0] == '+') {
		neg = neg != (t[0] == '-')
		t = strings.TrimSpace(t[1:])
	}
	bad := func() (Number, Number, TextNumber, bool) { return Number{}, Number{}, TextNotNumber, percent }
	if t == "" || len(t) > 64 {
		return bad()
	}
	for _, r := range t {
		if !unicode.IsDigit(r) && r != '.' && r != ',' && r != ' ' || r > unicode.MaxASCII {
			return bad()
		}
	}
	if t[0] == '.' || t[0] == ',' || t[0] == ' ' {
		// ",5" and ".5" are a decimal fraction either way.
		if (t[0] == '.' || t[0] == ',') && isDigits(t[1:]) {
			return mk("0."+t[1:], neg), Number{}, TextClear, percent
		}
		return bad()
	}
	groups := strings.FieldsFunc(t, func(r rune) bool { return r == '.' || r == ',' || r == ' ' })
	seps := strings.Map(func(r rune) rune {
		if r == '.' || r == ',' || r == ' ' {
			return r
		}
		return -1
	}, t)
	if len(groups) != len(seps)+1 { // two separators in a row, or one at the end
		return bad()
	}
	switch {
	case seps == "":
		return mk(t, neg), Number{}, TextClear, percent
	case len(seps) == 1 && seps != " ":
		// One separator: a decimal point, unless exactly three digits follow, when it may also
		// separate thousands.
		whole, frac := groups[0], groups[1]
		if len(frac) == 3 && len(whole) <= 3 && whole[0] != '0' {
			return mk(whole+"."+frac, neg), mk(whole+frac, neg), TextAmbiguous, percent
		}
		return mk(whole+"."+frac, neg), Number{}, TextClear, percent
	}
	// Several separators: every one but possibly the last separates thousands, so all of those
	// must be the same character and be followed by three digits; the last one, if it differs,
	// is the decimal point.
	last := seps[len(seps)-1]
	thousands := seps[0]
	decimalSep := byte(0)
	body := seps
	if last != thousands {
		decimalSep, body = last, seps[:len(seps)-1]
	}
	if strings.Count(body, string(thousands)) != len(body) || len(groups[0]) > 3 || groups[0] == "" {
		return bad()
	}
	n := len(body)
	for _, g := range groups[1 : n+1] {
		if len(g) != 3 {
			return bad()
		}
	}
	digits := strings.Join(groups[:n+1], "")
	if decimalSep != 0 {
		if decimalSep == ' ' {
			return bad()
		}
		digits += "." + groups[n+1]
	}
	return mk(digits, neg), Number{}, TextClear, percent
}

func mk(digits string, neg bool) Number {
	d, err := decimal.NewFromString(digits)
	if err != nil {
		return Number{}
	}
	if neg {
		d = d.Neg()
	}
	return Number{d: d, set: true}
}
