package schema

import (
	"strings"

	"github.com/shopspring/decimal"
)

// A measurement unit is a scale of a base quantity: "triệu USD" is 10⁶ USD. Units of the same
// base convert exactly, so a plan may quote a document's "15 tỷ USD" against an indicator kept in
// "triệu USD".
type measure struct {
	base  string
	power int32 // the unit is 10^power base units
}

var measures = map[string]measure{}

func init() {
	scales := []struct {
		prefix string
		power  int32
	}{{"", 0}, {"nghìn ", 3}, {"triệu ", 6}, {"tỷ ", 9}, {"nghìn tỷ ", 12}}
	for _, base := range []string{"USD", "đồng", "tấn", "kWh", "người", "m³", "lít"} {
		for _, s := range scales {
			measures[s.prefix+base] = measure{base: base, power: s.power}
		}
	}
	// Spellings officials use interchangeably.
	for alias, canonical := range map[string]string{"ngàn tấn": "nghìn tấn", "ngàn USD": "nghìn USD", "đ": "đồng"} {
		measures[alias] = measures[canonical]
	}
}

// normUnit folds spacing so that "triệu  USD" and " triệu USD" name the same unit.
func normUnit(u string) string { return strings.Join(strings.Fields(u), " ") }

// ConvertUnit converts v stated in unit from into unit to. It reports false when the units are
// of different quantities (or unknown and not identical).
func ConvertUnit(v Number, from, to string) (Number, bool) {
	from, to = normUnit(from), normUnit(to)
	if from == to || from == "" {
		return v, true
	}
	a, ok1 := measures[from]
	b, ok2 := measures[to]
	if !ok1 || !ok2 || a.base != b.base {
		return Number{}, false
	}
	return NumberOf(v.d.Mul(decimal.New(1, a.power-b.power))), true
}
