package schema

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// Number is an exact decimal value in a plan, kept as the digits were written so that sums and
// conversions never pick up binary floating-point error. The zero Number is "not given".
type Number struct {
	d   decimal.Decimal
	set bool
}

// NewNumber returns the exact value of s ("16.4", "-3", "15000").
func NewNumber(s string) (Number, error) {
	d, err := decimal.NewFromString(strings.TrimSpace(s))
	if err != nil || strings.ContainsAny(s, "eE") {
		return Number{}, fmt.Errorf("%q is not a number", s)
	}
	return Number{d: d, set: true}, nil
}

// MustNumber is NewNumber for constants in code and tests; it panics on a malformed literal.
func MustNumber(s string) Number {
	n, err := NewNumber(s)
	if err != nil {
		panic(err)
	}
	return n
}

// NumberOf wraps a decimal.
func NumberOf(d decimal.Decimal) Number { return Number{d: d, set: true} }

// IsSet reports whether the number was given.
func (n Number) IsSet() bool { return n.set }

// Decimal returns the exact value.
func (n Number) Decimal() decimal.Decimal { return n.d }

// Float returns the value as a float64, for arithmetic that is not a sum (growth rates, roots).
func (n Number) Float() float64 { return n.d.InexactFloat64() }

// String writes the number with a dot as the decimal separator and no exponent, or "" if unset.
func (n Number) String() string {
	if !n.set {
		return ""
	}
	return n.d.String()
}

// VN writes the number the Vietnamese way: a comma before the decimals and dots between
// thousands ("195.000", "16,4").
func (n Number) VN() string {
	if !n.set {
		return ""
	}
	return vnDigits(n.d.String())
}

// VNFixed writes the number the Vietnamese way with exactly places decimals, rounded: 5100 with
// one is "5.100,0"; a number that rounds to zero has no minus sign.
func (n Number) VNFixed(places int) string {
	if !n.set {
		return ""
	}
	s := n.d.StringFixed(int32(places))
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-") // no "-0,0"
	}
	return vnDigits(s)
}

// vnDigits turns decimal digits ("-5100.25") into the Vietnamese way of writing them ("-5.100,25").
func vnDigits(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
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

// Cmp compares two set numbers.
func (n Number) Cmp(o Number) int { return n.d.Cmp(o.d) }

// Equal reports whether both are unset, or both set to the same value (16.4 equals 16.40).
func (n Number) Equal(o Number) bool {
	return n.set == o.set && (!n.set || n.d.Equal(o.d))
}

// MarshalJSON writes the number as a JSON number with its exact digits, or null when unset.
func (n Number) MarshalJSON() ([]byte, error) {
	if !n.set {
		return []byte("null"), nil
	}
	return []byte(n.d.String()), nil
}

// UnmarshalJSON reads what MarshalJSON writes: null, or a number with its exact digits.
func (n *Number) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*n = Number{}
		return nil
	}
	d, err := decimal.NewFromString(string(b))
	if err != nil || strings.ContainsAny(string(b), "eE") {
		return fmt.Errorf("%s is not a number written with its digits", b)
	}
	*n = Number{d: d, set: true}
	return nil
}

// WithUnit writes a value with its unit of measure: "16,4%", "195.000 tỷ đồng".
func WithUnit(value, unit string) string {
	if strings.HasPrefix(unit, "%") || unit == "" {
		return value + unit
	}
	return value + " " + unit
}
