package intake

import (
	"path/filepath"
	"regexp"
	"strings"

	"golang.org/x/text/unicode/norm"

	"chitieu/finding"
	"chitieu/schema"
	"chitieu/validate"
)

// formName is how chitieu names a form it makes ("Biểu 03-CT-X - 2025 - 14953 Xã Quý Lương.xlsx":
// the form's ID with "-" for "/", the period, the unit's code), and how the name reads after a
// unit saved the file again (.xls, .ods, "… (1)", "… - Copy").
var formName = regexp.MustCompile(`^Biểu\s+(\S+)\s+-\s+(\S+)\s+-\s+(\S+)`)

// named fills in the report an unreadable file was meant to be, which the file cannot say itself
// (an .xls, an .ods, a download cut short): the form and period its name gives as chitieu names a
// form, and the unit whose link it came through, else the unit its name gives. The file is then
// that report's rejected copy — the unit sent something, and status, the board and the province
// workbook say why it was refused — instead of a file of no report, the unit shown as not having
// sent anything. A file that could be read is never named so; nor one whose name does not give a
// report of the plan, due from that unit.
// It returns the report's form, unit and period, and adds a finding to f saying so.
func named(p *schema.Plan, f *validate.File, from From) (form, unit, period string, ok bool) {
	if p == nil || f.Sub != nil || f.Valid() {
		return "", "", "", false
	}
	name := from.Name
	if name == "" {
		name = filepath.Base(f.Path)
	}
	// The name alone, as a rebuild knows it: no folder (a browser may send C:\fakepath\…), no
	// extension ("… - 14953.xls").
	name = name[strings.LastIndexAny(name, `/\`)+1:]
	name = strings.TrimSuffix(name, filepath.Ext(name))
	m := formName.FindStringSubmatch(norm.NFC.String(name))
	if m == nil {
		return "", "", "", false
	}
	var fm *schema.Form
	for i := range p.Forms {
		if strings.ReplaceAll(p.Forms[i].ID, "/", "-") == m[1] || p.Forms[i].ID == m[1] {
			fm = &p.Forms[i]
		}
	}
	per, err := schema.ParsePeriod(m[2])
	code := m[3]
	if from.Unit != "" {
		code = from.Unit
	}
	u := p.Unit(code)
	if fm == nil || err != nil || u == nil || !p.Fills(fm, u, per) {
		return "", "", "", false
	}
	f.Findings.Add(finding.Finding{Severity: finding.Warning, Code: "named-by-file-name", Cell: finding.Cell{File: f.Path},
		Detail: finding.Textf("Vì không đọc được tệp, tệp được ghi là báo cáo biểu %s của %s kỳ %s theo tên tệp%s; báo cáo này vẫn cần một tệp .xlsx hợp lệ.",
			"As the file cannot be read, it is filed as the report on form %s of %s for %s by its name%s; the report still needs a valid .xlsx file.",
			fm.ID, u.NameText(), per.String(), viaLink(from))})
	f.Findings.Sort()
	return fm.ID, u.Code, per.String(), true
}

func viaLink(from From) finding.Text {
	if from.Unit == "" {
		return finding.Text{}
	}
	return finding.Text{VI: " và đường dẫn của đơn vị", EN: " and the unit's link"}
}
