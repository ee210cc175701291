package schema

import (
	"strings"

	"chitieu/finding"
)

// The domain's words as arguments of a message (finding.Localized): a finding keeps them as they
// are and they are printed in the reader's language — a number the Vietnamese way or the English
// way, a period, a name from the plan in English where the plan gives one.

// In writes the number in lang's way: "1.234,5" in Vietnamese, "1,234.5" in English.
func (n Number) In(lang finding.Lang) string {
	if !n.set {
		return ""
	}
	if lang == finding.VI {
		return n.VN()
	}
	return finding.Num(n.String()).In(lang)
}

// In names the period in lang ("Tháng 3 năm 2024", "March 2024").
func (p Period) In(lang finding.Lang) string { return p.Label(lang) }

// LabelText is the row's label as the form shows it, and in English the indicator's English name.
func (p *Plan) LabelText(r *Row) finding.Text {
	t := finding.Text{VI: p.Label(r)}
	if ind := p.Indicator(r.Indicator); ind != nil {
		t.EN = ind.NameEN
	}
	return t
}

// NameText is the indicator's name in both languages.
func (ind *Indicator) NameText() finding.Text { return finding.Text{VI: ind.Name, EN: ind.NameEN} }

// NameText is the column's name in both languages.
func (c *Column) NameText() finding.Text { return finding.Text{VI: c.Name, EN: c.NameEN} }

// NameText is the unit's name in both languages.
func (u *Unit) NameText() finding.Text { return finding.Text{VI: u.Name, EN: u.NameEN} }

// unitsEN are the English of the units of measure plans use; a unit not listed is printed as the
// plan gives it.
var unitsEN = map[string]string{
	"tỷ đồng": "billion dong", "triệu đồng": "million dong", "triệu USD": "million USD", "tỷ USD": "billion USD",
	"nghìn tấn": "thousand tonnes", "triệu tấn": "million tonnes", "tấn": "tonnes", "triệu kWh": "million kWh",
	"dự án": "projects", "sản phẩm": "products", "thôn, bản": "villages", "hạng": "rank", "người": "people",
	"doanh nghiệp": "enterprises", "lần": "times",
}

// UnitText is a unit of measure in both languages.
func UnitText(unit string) finding.Text {
	return finding.Text{VI: unit, EN: unitsEN[strings.TrimSpace(unit)]}
}

// WithUnitText is a figure with its unit of measure ("15 nghìn tấn", "15 thousand tonnes",
// "8,2%"), for a message.
func WithUnitText(n Number, unit string) finding.Text {
	if strings.HasPrefix(unit, "%") || unit == "" {
		return finding.Textf("%s"+escapePct(unit), "%s"+escapePct(unit), n)
	}
	return finding.Textf("%s %s", "%s %s", n, UnitText(unit))
}

func escapePct(s string) string { return strings.ReplaceAll(s, "%", "%%") }

// NameText is the plan's name (the province) in both languages.
func (p *Plan) NameText() finding.Text { return finding.Text{VI: p.Name, EN: p.NameEN} }

// TitleText is the form's title in both languages.
func (f *Form) TitleText() finding.Text { return finding.Text{VI: f.Title, EN: f.TitleEN} }
