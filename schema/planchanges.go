package schema

import (
	"chitieu/finding"
	"fmt"
)

// FormChanges compares the forms of p, an edited plan, with those of old, the plan in use
// (warnings about p, at its forms): a form whose layout changed has a new fingerprint, and
// submissions made on the old form are rejected as wrong-version, so the units need the new
// form. A changed layout under an unchanged version is called out: the version should say it.
func (p *Plan) FormChanges(old *Plan) finding.Findings {
	var fs finding.Findings
	add := func(i int, code string, msg finding.Text) {
		path := fmt.Sprintf("$.forms[%d]", i)
		fs.Add(finding.Finding{Severity: finding.Warning, Code: code, Detail: msg, Plan: p.pos(path), Path: path})
	}
	for i := range p.Forms {
		f := &p.Forms[i]
		o := old.Form(f.ID)
		switch {
		case o == nil:
			add(i, "form-added", finding.Textf("Biểu %s là biểu mới so với kế hoạch %s phiên bản %s; lập biểu cho các đơn vị bằng chitieu template.",
				"Form %s is new since plan %s version %s; make it for the units with chitieu template.", f.ID, old.ID, old.Version))
		case p.Fingerprint(f) == old.Fingerprint(o):
		case f.Version == o.Version:
			add(i, "form-changed", finding.Textf("Bố cục biểu %s đã thay đổi (dấu vân tay %s → %s) nhưng phiên bản vẫn là %s: tăng phiên bản của biểu. Báo cáo lập theo biểu cũ sẽ bị báo wrong-version; gửi biểu mới cho các đơn vị.",
				"The layout of form %s changed (fingerprint %s → %s) but its version is still %s: raise the form's version. Reports made on the old form will be rejected as wrong-version; send the units the new form.",
				f.ID, old.Fingerprint(o), p.Fingerprint(f), f.Version))
		default:
			add(i, "form-changed", finding.Textf("Biểu %s có phiên bản mới %s (trước là %s; dấu vân tay %s → %s). Báo cáo lập theo phiên bản cũ sẽ bị báo wrong-version; gửi biểu mới cho các đơn vị (chitieu template).",
				"Form %s has a new version %s (was %s; fingerprint %s → %s). Reports made on the old version will be rejected as wrong-version; send the units the new form (chitieu template).",
				f.ID, f.Version, o.Version, old.Fingerprint(o), p.Fingerprint(f)))
		}
	}
	for _, o := range old.Forms {
		if p.Form(o.ID) == nil {
			fs.Add(finding.Finding{Severity: finding.Warning, Code: "form-removed", Path: "$.forms", Plan: p.pos("$.forms"), Detail: finding.Textf(
				"Biểu %s của kế hoạch %s phiên bản %s không còn trong kế hoạch này; báo cáo theo biểu đó sẽ bị báo unknown-form.",
				"Form %s of plan %s version %s is no longer in this plan; reports on it will be rejected as unknown-form.", o.ID, old.ID, old.Version)})
		}
	}
	return fs
}
