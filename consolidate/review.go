package consolidate

import "chitieu/finding"

// Approval is the office's review of a period's reports, as the store keeps it: the SHA-256 of
// the approved file of each (form, unit), and whether only approved reports are used (what the
// leadership signs).
type Approval struct {
	Approved map[[2]string]string // {form, unit} → SHA-256 of the approved file
	Only     bool
}

// apply marks a report approved when the file chosen is the one the office approved; with Only,
// a report not approved is left out, saying why.
func (ap *Approval) apply(e *Expected) {
	if ap == nil || e.Used == nil {
		return
	}
	sha := ap.Approved[[2]string{e.Form.ID, e.Unit.Code}]
	e.Approved = sha != "" && sha == e.Used.SHA256
	if ap.Only && !e.Approved {
		e.Used, e.Unapproved = nil, true
		e.Why = finding.Text{VI: "Chưa được văn phòng duyệt: không dùng khi tổng hợp chỉ báo cáo đã duyệt.",
			EN: "Not approved by the office: left out of a consolidation of approved reports only."}
	}
}

// ApprovedCount counts the reports used whose file the office approved.
func (m *Model) ApprovedCount() int {
	n := 0
	for _, e := range m.Expected {
		if e.Approved {
			n++
		}
	}
	return n
}
