package validate

import (
	"slices"

	"chitieu/finding"
	"chitieu/schema"
	"chitieu/templates"
)

// formByKeys names the form of a workbook whose identity is lost — its identity sheet deleted
// after a program made it visible (Gnumeric) or only hidden (LibreOffice), its custom document
// properties dropped (openpyxl, ExcelJS) — from what survives: the hidden key row and column of
// the form's sheet. The forms of the plan whose columns are those of the key row and whose
// indicator rows are those of the key column match; the sheet's name decides between them.
func formByKeys(p *schema.Plan, sub *Submission) []*schema.Form {
	if sub.Sheet == "" || len(sub.Cols) == 0 || len(sub.Rows) == 0 {
		return nil
	}
	var out []*schema.Form
	for i := range p.Forms {
		f := &p.Forms[i]
		cols := 0
		for _, c := range f.Columns {
			if sub.Cols[c.Code] > 0 {
				cols++
			}
		}
		rows := 0
		for _, r := range f.Rows {
			if r.Heading == "" {
				if sub.Rows[r.Indicator] == 0 {
					rows = -1
					break
				}
				rows++
			}
		}
		if cols == len(f.Columns) && cols == len(sub.Cols) && rows == len(sub.Rows) {
			out = append(out, f)
		}
	}
	if len(out) > 1 {
		if i := slices.IndexFunc(out, func(f *schema.Form) bool { return templates.SheetName(f) == sub.Sheet }); i >= 0 {
			out = out[i : i+1]
		}
	}
	return out
}

// identityLost is the finding for a form whose identity is gone but whose keys name it.
func identityLost(forms []*schema.Form) finding.Text {
	if len(forms) == 1 {
		f := forms[0]
		return finding.Textf("Tệp là biểu %s (phiên bản %s) do chitieu lập — hàng và cột khóa ẩn của trang biểu còn nguyên — nhưng trang nhận dạng ẩn «%s» đã bị xóa và thuộc tính tài liệu của chitieu không còn, nên không biết đơn vị và kỳ của báo cáo. Điều này xảy ra khi tệp được lưu bằng một chương trình làm hiện trang nhận dạng (Gnumeric, LibreOffice) rồi trang đó bị xóa, hoặc bỏ thuộc tính tài liệu (openpyxl, ExcelJS). Hãy chép số liệu vào tệp biểu mẫu gốc đã được gửi (hoặc tải lại biểu mẫu) và gửi lại; đừng xóa trang «%s».",
			"The file is form %s (version %s) made by chitieu — the hidden key row and column of the form's sheet are intact — but the hidden identity sheet %q was deleted and chitieu's document properties are gone, so the report's unit and period are unknown. This happens when the file is saved by a program that shows the identity sheet (Gnumeric, LibreOffice) and the sheet is then deleted, or that drops document properties (openpyxl, ExcelJS). Copy the figures into the form file that was sent (or fetch the form again) and send it again; do not delete the sheet %q.",
			f.ID, f.Version, templates.MetaSheet, templates.MetaSheet)
	}
	var ids []string
	for _, f := range forms {
		ids = append(ids, f.ID+" ("+f.Version+")")
	}
	return finding.Textf("Tệp là một biểu mẫu do chitieu lập (hàng và cột khóa ẩn còn nguyên; khớp các biểu %v) nhưng trang nhận dạng ẩn «%s» đã bị xóa và thuộc tính tài liệu không còn, nên không biết biểu, đơn vị và kỳ. Hãy chép số liệu vào tệp biểu mẫu gốc đã được gửi và gửi lại; đừng xóa trang «%s».",
		"The file is a form made by chitieu (its hidden key row and column are intact; they match forms %v) but the hidden identity sheet %q was deleted and its document properties are gone, so form, unit and period are unknown. Copy the figures into the form file that was sent and send it again; do not delete the sheet %q.",
		ids, templates.MetaSheet, templates.MetaSheet)
}
