package mail

import (
	"strings"

	"chitieu/finding"
	"chitieu/schema"
	"chitieu/validate"
)

// CheckSender adds a sender-mismatch warning to a file that came in a message from an address
// that is not one of its unit's registered addresses (plan: units' email). A unit with no address
// in the plan is not checked: the plan does not say who may send for it. The From header is what
// the message claims; the office's mail server, not chitieu, checks it against SPF and DKIM, so
// a file from the right address is trusted no further than that.
func CheckSender(p *schema.Plan, f *validate.File, from string) {
	if f.Sub == nil || !f.Sub.Identified {
		return
	}
	u := p.Unit(f.Sub.Identity.Unit)
	if u == nil || len(u.Email) == 0 || u.HasEmail(from) {
		return
	}
	others := []string{}
	for _, o := range p.UnitsByEmail(from) {
		others = append(others, o.Code+" "+o.Name)
	}
	who := finding.Textf("Báo cáo của %s %s được gửi từ %s, một địa chỉ không có trong kế hoạch, ",
		"The report of %s %s was sent from %s, an address the plan does not list, ", u.Code, u.Name, from)
	if len(others) > 0 {
		who = finding.Textf("Báo cáo của %s %s được gửi từ %s, địa chỉ của %s, ",
			"The report of %s %s was sent from %s, the address of %s, ", u.Code, u.Name, from, strings.Join(others, ", "))
	}
	f.Findings.Add(finding.Finding{Severity: finding.Warning, Code: "sender-mismatch", Cell: finding.Cell{File: f.Path},
		Detail: who.Plus(finding.Textf("không phải địa chỉ đã đăng ký của đơn vị (%s). Hãy xác nhận với đơn vị rằng chính họ gửi báo cáo này; nếu đơn vị đổi địa chỉ, hãy sửa cột Thư điện tử của đơn vị trong kế hoạch.",
			"not from the unit's registered address (%s). Confirm with the unit that it sent this report; if the unit changed its address, correct its email in the plan.",
			strings.Join(u.Email, ", ")))})
	f.Findings.Sort()
}
