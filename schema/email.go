package schema

import (
	"fmt"
	"net/mail"
	"strings"
)

// emails checks a unit's e-mail addresses: each a plain address (no name, no angle brackets),
// none twice.
func (l *linter) emails(path string, u Unit) {
	seen := map[string]bool{}
	for j, e := range u.Email {
		at := fmt.Sprintf("%s.email[%d]", path, j)
		a, err := mail.ParseAddress(e)
		switch {
		case err != nil || a.Name != "" || a.Address != strings.TrimSpace(e):
			l.errorf("invalid-value", at, "Đơn vị %s: %q không phải một địa chỉ thư điện tử (dạng ten@coquan.gov.vn).",
				"Unit %s: %q is not an e-mail address (name@agency.gov.vn).", u.Code, e)
		case seen[strings.ToLower(a.Address)]:
			l.errorf("duplicate-code", at, "Đơn vị %s: địa chỉ %s ghi hai lần.", "Unit %s: address %s is listed twice.", u.Code, e)
		}
		seen[strings.ToLower(strings.TrimSpace(e))] = true
	}
}

// HasEmail reports whether addr is one of the unit's addresses (letter case aside).
func (u *Unit) HasEmail(addr string) bool {
	for _, e := range u.Email {
		if strings.EqualFold(strings.TrimSpace(e), strings.TrimSpace(addr)) {
			return true
		}
	}
	return false
}

// UnitsByEmail returns the units that send from addr (letter case aside), in the plan's order.
func (p *Plan) UnitsByEmail(addr string) []*Unit {
	var out []*Unit
	for i := range p.Units {
		if p.Units[i].HasEmail(addr) {
			out = append(out, &p.Units[i])
		}
	}
	return out
}
