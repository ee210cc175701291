package main

import (
	"fmt"

	"chitieu/finding"
	"chitieu/schema"
)

// pastPlanEnd refuses a period the plan does not cover because its province no longer existed
// (Quảng Nam after 2025-06-30): it says so on stderr, naming the successor, and reports true.
// Nothing is then written: a form or province workbook headed by a province that no longer
// exists, with no unit to fill it, would be a document that cannot exist. The exit status is
// exitUsage, as for a form or unit the plan does not have: the request is outside the plan.
func pastPlanEnd(e *env, path string, p *schema.Plan, per schema.Period) bool {
	if p.Covers(per) {
		return false
	}
	_, end := per.Window()
	msg := finding.Textf("kế hoạch %s (%s) chỉ áp dụng đến ngày %s; kỳ %s có số liệu đến ngày %s, sau ngày đó, nên không lập tệp nào.",
		"plan %s (%s) ends on %s; %s has figures to %s, after that day, so nothing is written.",
		p.ID, p.Name, p.ValidTo.Format("02/01/2006"), per, end.Format("02/01/2006"))
	if p.SucceededBy != "" {
		msg = msg.Plus(finding.Textf(" Địa bàn này nay thuộc %s: hãy dùng kế hoạch của đơn vị đó cho kỳ %s.",
			" Its territory now belongs to %s: use that unit's plan for %s.", p.SucceededBy, per))
	}
	fmt.Fprintf(e.stderr, "%s: %s\n", path, msg.In(e.lang))
	return true
}
