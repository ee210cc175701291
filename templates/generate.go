package templates

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"chitieu/finding"
	"chitieu/schema"
)

// Selection says which forms and units to lay out for a period; empty lists mean all.
type Selection struct {
	Period schema.Period
	Forms  []string
	Units  []string
}

// Plan lays out every (form, unit) of the selection: each selected form filled for the period's
// frequency, for each selected unit that fills it and exists at the end of the period's data
// window. An error explains a selection that names an unknown form or unit or matches nothing.
func Plan(p *schema.Plan, sel Selection) ([]*Layout, error) {
	for _, id := range sel.Forms {
		if p.Form(id) == nil {
			return nil, finding.Errorf("kế hoạch %s không có biểu %q (các biểu: %s).", "plan %s has no form %q (forms: %s).", p.ID, id, strings.Join(formIDs(p), ", "))
		}
	}
	for _, code := range sel.Units {
		if p.Unit(code) == nil {
			return nil, finding.Errorf("kế hoạch %s không có đơn vị %q.", "plan %s has no unit %q.", p.ID, code)
		}
	}
	var out []*Layout
	for i := range p.Forms {
		f := &p.Forms[i]
		if len(sel.Forms) > 0 && !slices.Contains(sel.Forms, f.ID) {
			continue
		}
		if !f.InForce(sel.Period) {
			if len(sel.Forms) > 0 {
				return nil, notInForce(p, f, sel.Period)
			}
			continue
		}
		if !f.HasFrequency(sel.Period.Freq) {
			if len(sel.Forms) > 0 {
				return nil, finding.Errorf("biểu %s không lập cho kỳ như %s (biểu lập theo: %s).", "form %s is not filled for a period like %s (its periods: %s).", f.ID, sel.Period, joinFreq(f.Frequency))
			}
			continue
		}
		for _, u := range p.UnitsFor(f, sel.Period) {
			if len(sel.Units) > 0 && !slices.Contains(sel.Units, u.Code) {
				continue
			}
			out = append(out, NewLayout(p, f, u, sel.Period))
		}
	}
	if len(out) == 0 {
		return nil, finding.Errorf("không có biểu nào của kế hoạch %s được lập cho kỳ %s bởi các đơn vị đã chọn (mỗi biểu có kỳ lập riêng; đơn vị có thể đã hết hiệu lực vào cuối kỳ).",
			"no form of plan %s is filled for %s by the units selected (each form has its own periods; units may no longer exist at the end of the period).", p.ID, sel.Period)
	}
	return out, nil
}

// notInForce explains that a form is not in force for a period, naming its successor.
func notInForce(p *schema.Plan, f *schema.Form, period schema.Period) error {
	_, end := period.Window()
	var msg finding.Text
	if !f.ValidFrom.IsZero() && end.Before(f.ValidFrom.Time) {
		msg = finding.Textf("biểu %s áp dụng từ ngày %s; kỳ %s có số liệu đến ngày %s.",
			"form %s is in force from %s; %s has figures to %s.", f.ID, vnDate(f.ValidFrom.Time), period, vnDate(end))
	} else {
		msg = finding.Textf("biểu %s hết hiệu lực sau ngày %s; kỳ %s có số liệu đến ngày %s.",
			"form %s is no longer in force after %s; %s has figures to %s.", f.ID, vnDate(f.ValidTo.Time), period, vnDate(end))
	}
	if next := Successor(p, f.ID, period); next != nil {
		msg = msg.Plus(finding.Textf(" Biểu thay thế: %s (%s).", " Its successor: %s (%s).", next.ID, next.Title))
	}
	return &finding.LocalError{Msg: msg}
}

// Successor returns the form in force for the period that replaces the form with the id, by
// following succeeded_by; nil if there is none or the form itself is in force.
func Successor(p *schema.Plan, id string, period schema.Period) *schema.Form {
	f := p.Form(id)
	for seen := 0; f != nil && seen <= len(p.Forms); seen++ {
		if f.InForce(period) {
			if f.ID == id {
				return nil
			}
			return f
		}
		f = p.Form(f.SucceededBy)
	}
	return nil
}

func formIDs(p *schema.Plan) []string {
	var ids []string
	for _, f := range p.Forms {
		ids = append(ids, f.ID)
	}
	return ids
}

func joinFreq(fs []schema.Frequency) string {
	var s []string
	for _, f := range fs {
		s = append(s, string(f))
	}
	return strings.Join(s, ", ")
}

// FileName is the workbook's file name: form, period, unit code and name, so that a folder sorted
// by name groups a form's submissions by period. Vietnamese letters are kept (NFC); characters
// Windows forbids in a name are replaced.
func (l *Layout) FileName() string {
	name := fmt.Sprintf("Biểu %s - %s - %s %s", l.Form.ID, l.Period, l.Unit.Code, l.Unit.Name)
	return SafeName(name, 120) + ".xlsx"
}

// SafeName makes s usable as a file name on Windows, Linux and macOS: NFC, no control characters,
// none of \ / : * ? " < > |, no trailing dots or spaces, at most max characters.
func SafeName(s string, limit int) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsControl(r):
		case strings.ContainsRune(`\/:*?"<>|`, r):
			b.WriteRune('-')
		default:
			b.WriteRune(r)
		}
	}
	out := []rune(strings.Join(strings.Fields(b.String()), " "))
	if len(out) > limit {
		out = out[:limit]
	}
	return strings.TrimRight(string(out), ". ")
}

// Manifest describes every input cell of a workbook, for programs that pre-fill or read forms.
type Manifest struct {
	schema.Identity
	File     string      `json:"file"`
	UnitName string      `json:"unit_name"`
	Sheet    string      `json:"sheet"`
	Due      string      `json:"due"`
	Cells    []InputCell `json:"cells"`
}

// Manifest returns the layout's manifest.
func (l *Layout) Manifest() Manifest {
	return Manifest{Identity: l.Identity(), File: l.FileName(), UnitName: l.Unit.Name, Sheet: l.Sheet,
		Due: l.Form.Due(l.Period).Format("2006-01-02"), Cells: l.Inputs()}
}

// ManifestJSON is the manifest as indented JSON, ending in a newline.
func (l *Layout) ManifestJSON() ([]byte, error) {
	b, err := json.MarshalIndent(l.Manifest(), "", "  ")
	return append(b, '\n'), err
}
