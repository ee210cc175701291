package serve

import (
	"chitieu/finding"
	"chitieu/schema"
	"chitieu/validate"
)

// CheckSender adds a wrong-unit error to a file that came through the link of unit via but
// names another unit: a link submits for its own unit only. The file is still recorded, as
// invalid, being evidence like any rejected file. A file that names no unit is left as it is:
// it is invalid already.
func CheckSender(p *schema.Plan, f *validate.File, via string) {
	if f.Sub == nil || !f.Sub.Identified || f.Sub.Identity.Unit == via {
		return
	}
	f.Findings.Add(finding.Finding{Severity: finding.Error, Code: "wrong-unit", Cell: finding.Cell{File: f.Path},
		Detail: wrongUnit(p, f.Sub.Identity.Unit, via)})
	f.Findings.Sort()
}

// Refused reports whether a checked file is refused for its sender: a wrong-unit finding.
func Refused(f *validate.File) bool {
	for _, x := range f.Findings {
		if x.Code == "wrong-unit" {
			return true
		}
	}
	return false
}

// wrongUnit says that a file naming unit named came through the link of unit via.
func wrongUnit(p *schema.Plan, named, via string) finding.Text {
	sender := via
	if u := p.Unit(named); u != nil {
		named = u.Code + " " + u.Name
	}
	if u := p.Unit(via); u != nil {
		sender = u.Code + " " + u.Name
	}
	return finding.Textf("Tệp này là báo cáo của %s nhưng được gửi qua đường dẫn của %s. Mỗi đường dẫn chỉ nhận báo cáo của chính đơn vị mình: hãy gửi biểu mẫu của đơn vị mình (tải ở trang này); nếu gửi nhầm tệp của đơn vị khác, hãy báo văn phòng. Tệp vẫn được lưu làm bằng chứng nhưng không được tính.",
		"This file is the report of %s but came through the link of %s. A link takes its own unit's reports only: send your unit's form (download it on this page); if another unit's file was sent by mistake, tell the office. The file is kept as evidence but does not count.",
		named, sender)
}
