package schema

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"chitieu/finding"
)

// The plan's codes as a person types them: a form's id spelt another way, a unit's code in
// another case.

// formKey is a form's id with its spelling set aside: "01/CT-TK", "01-CT-TK", "01_ct_tk" and the
// sheet's "Biểu 01-CT-TK" are one.
func formKey(id string) string {
	id = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(id)), "biểu")
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, id)
}

// ResolveForms returns the form ids as the plan spells them, each given one matched by formKey
// when exactly one form has its key.
func (p *Plan) ResolveForms(ids []string) []string {
	out := slices.Clone(ids)
	for i, id := range ids {
		if p.Form(id) != nil {
			continue
		}
		var match []string
		for _, f := range p.Forms {
			if formKey(f.ID) == formKey(id) {
				match = append(match, f.ID)
			}
		}
		if len(match) == 1 {
			out[i] = match[0]
		}
	}
	return out
}

// ResolveUnits returns the unit codes as the plan spells them (a code typed in another case is
// the plan's), or an error naming each unknown code with the codes closest to it first: those
// of the units filling the selected forms for the period, else all.
func (p *Plan) ResolveUnits(forms []string, per Period, codes []string) ([]string, error) {
	out := slices.Clone(codes)
	var all []string
	for _, u := range p.Units {
		all = append(all, u.Code)
	}
	for i, code := range codes {
		if p.Unit(code) != nil {
			continue
		}
		if j := slices.IndexFunc(all, func(c string) bool { return strings.EqualFold(c, strings.TrimSpace(code)) }); j >= 0 {
			out[i] = all[j]
			continue
		}
		candidates := map[string]bool{}
		var filling []string
		for _, f := range p.Forms {
			if len(forms) > 0 && !slices.Contains(forms, f.ID) || !f.HasFrequency(per.Freq) {
				continue
			}
			for _, u := range p.UnitsFor(&f, per) {
				if !candidates[u.Code] {
					candidates[u.Code] = true
					filling = append(filling, u.Code)
				}
			}
		}
		if len(filling) == 0 {
			filling = all
		}
		ranked := Ranked(code, filling)
		const shown = 8
		var list []string
		for _, c := range ranked[:min(shown, len(ranked))] {
			list = append(list, c+" ("+p.Unit(c).Name+")")
		}
		more := ""
		if len(ranked) > shown {
			more = fmt.Sprintf("; … (+%d)", len(ranked)-shown)
		}
		return nil, finding.Errorf("kế hoạch %s không có đơn vị %q. Các mã đơn vị lập biểu cho kỳ này, gần nhất trước: %s%s. Xem tất cả: chitieu plan show.",
			"plan %s has no unit %q. The codes of the units filling the forms for the period, closest first: %s%s. See them all: chitieu plan show.",
			p.ID, finding.Printable(code), strings.Join(list, ", "), more)
	}
	return out, nil
}

// ReportingUnits are the units that fill some form of the plan, in the plan's order: those that
// get a link.
func (p *Plan) ReportingUnits() []*Unit {
	var out []*Unit
	for i := range p.Units {
		u := &p.Units[i]
		for j := range p.Forms {
			if slices.Contains(p.Forms[j].Units, u.Code) {
				out = append(out, u)
				break
			}
		}
	}
	return out
}
