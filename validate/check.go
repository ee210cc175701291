package validate

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"chitieu/finding"
	"chitieu/schema"
	"chitieu/templates"
	"chitieu/xlsx"

	"github.com/shopspring/decimal"
	"golang.org/x/text/unicode/norm"
)

// Checked is what checking a submission found: the findings, and the values that could be read,
// by indicator and column, in the indicator's unit.
type Checked struct {
	// Plan is the plan the submission was checked against.
	Plan     *schema.Plan
	Form     *schema.Form
	Unit     *schema.Unit
	Period   schema.Period
	Findings finding.Findings
	Values   map[schema.CellKey]schema.Number
	Notes    map[schema.CellKey]string
}

// Check checks a submission against the plan p: that it is a form of this plan, of the current
// version, for a unit that fills it and (when want is not nil) for the wanted period; that its
// rows, columns and labels are the form's; that every value reads as a number of the indicator
// and respects its constraints; and the form's cross-cell rules. Each finding names the cell.
func Check(p *schema.Plan, sub *Submission, want *schema.Period) *Checked {
	k := &checker{p: p, sub: sub, out: &Checked{Plan: p, Values: map[schema.CellKey]schema.Number{}, Notes: map[schema.CellKey]string{}}, relabelled: map[string]bool{}}
	if k.identify(want) && k.structure() {
		k.values()
		k.rules()
	}
	k.extra()
	k.out.Findings.Sort()
	return k.out
}

type checker struct {
	p   *schema.Plan
	sub *Submission
	out *Checked
	// relabelled rows carry another label than the form's: their figures are not used.
	relabelled map[string]bool
}

func (k *checker) file(sev finding.Severity, code string, msg finding.Text) {
	k.out.Findings.Add(finding.Finding{Severity: sev, Code: code, Detail: msg, Cell: finding.Cell{File: k.sub.File}})
}

func (k *checker) at(sev finding.Severity, code string, c Cell, key schema.CellKey, msg finding.Text) {
	value := c.Raw
	if c.Formula != "" && c.Raw == "" {
		value = "=" + c.Formula
	}
	k.out.Findings.Add(finding.Finding{Severity: sev, Code: code, Detail: msg, Indicator: key.Indicator, Column: key.Column, Value: value,
		Cell: finding.Cell{File: k.sub.File, Sheet: k.sub.Sheet, Row: c.Row, Col: c.Col}})
}

// identify checks what the workbook says it is. It reports whether checking can go on.
func (k *checker) identify(want *schema.Period) bool {
	id, p := k.sub.Identity, k.p
	var byKeys []*schema.Form // the forms whose hidden keys the sheet carries, for a file without identity
	if !k.sub.Identified {
		byKeys = formByKeys(p, k.sub)
	}
	switch {
	case !k.sub.Identified && k.sub.Made == MadeProvince:
		var period any = id.Period
		if per, err := schema.ParsePeriod(id.Period); err == nil {
			period = per
		}
		k.file(finding.Error, "unknown-form", finding.Textf("Tệp là bảng tổng hợp của tỉnh do chitieu lập (kế hoạch %s, %s), không phải báo cáo của một đơn vị: không kiểm tra và không tổng hợp. Hãy để bảng tổng hợp ngoài thư mục báo cáo.",
			"The file is the province workbook chitieu made (plan %s, %s), not a unit's report: it is neither checked nor consolidated. Keep the province workbook out of the reports' folder.", id.Plan, period))
		return false
	case !k.sub.Identified && k.sub.Made == MadePlan:
		k.file(finding.Error, "unknown-form", finding.Textf("Tệp là sổ kế hoạch %s do chitieu lập (plan export), không phải báo cáo của một đơn vị.",
			"The file is the plan workbook of %s chitieu made (plan export), not a unit's report.", id.Plan))
		return false
	case !k.sub.Identified && len(byKeys) > 0:
		k.file(finding.Error, "missing-sheet", identityLost(byKeys))
		return false
	case !k.sub.Identified:
		k.file(finding.Error, "unknown-form", finding.Text{VI: "Tệp không có thông tin nhận dạng biểu mẫu (biểu số, đơn vị, kỳ): đây không phải biểu mẫu do chitieu lập, hoặc số liệu đã được chép sang một tệp khác. Hãy điền vào đúng tệp biểu mẫu đã được gửi.", EN: "The file carries no form identity (form, unit, period): it is not a form made by chitieu, or the figures were copied into another file. Fill in the form file that was sent."})
		return false
	}
	if k.sub.IdentityShown {
		k.file(finding.Warning, "identity-shown", finding.Textf("Trang nhận dạng «%s» của biểu (vốn được ẩn) đang hiện ra: tệp đã được lưu bằng một chương trình làm hiện trang này (như Gnumeric). Báo cáo vẫn đọc được; đừng sửa hay xóa trang «%s» — mất trang này, tệp sẽ không còn cho biết đơn vị và kỳ báo cáo.",
			"The form's identity sheet %q (hidden when made) is shown: the file was saved by a program that shows it (Gnumeric does). The report is still read; do not edit or delete sheet %q — without it the file no longer says its unit and period.", templates.MetaSheet, templates.MetaSheet))
	}
	if id.Plan != p.ID {
		k.file(finding.Error, "unknown-form", finding.Textf("Tệp là biểu %s của kế hoạch %q, không phải của kế hoạch %q đang kiểm tra. Hãy kiểm tra bằng đúng kế hoạch (--plan), hoặc để đơn vị điền biểu mẫu của kế hoạch này.",
			"The file is form %s of plan %q, not of plan %q being checked. Check it with its own plan (--plan), or have the unit fill in this plan's form.", id.Form, id.Plan, p.ID))
		return false
	}
	f := p.Form(id.Form)
	if f == nil {
		msg := finding.Textf("Biểu %q không có trong kế hoạch %s.", "Form %q is not in plan %s.", id.Form, p.ID)
		if c := schema.Closest(id.Form, p.FormIDs()); c != "" {
			msg = msg.Plus(finding.Textf(" Có phải biểu %q?", " Did you mean %q?", c))
		}
		k.file(finding.Error, "unknown-form", msg.Plus(finding.Text{VI: " Hãy điền vào biểu mẫu do văn phòng gửi cho kỳ này (chitieu template lập).",
			EN: " Fill in the form the office sent for this period (made by chitieu template)."}))
		return false
	}
	if period, err := schema.ParsePeriod(id.Period); err == nil {
		f = f.ForPeriod(period) // the form as it was laid out for its period; its layout is checked
	}
	k.out.Form = f
	ok := true
	switch {
	case id.FormVersion != f.Version:
		k.file(finding.Error, "wrong-version", finding.Textf("Tệp là biểu %s phiên bản %s; phiên bản hiện hành là %s. Hãy chép số liệu sang biểu mẫu mới (chitieu template) rồi gửi lại.",
			"The file is form %s version %s; the current version is %s. Copy the figures into the new form (chitieu template) and send it again.", f.ID, id.FormVersion, f.Version))
		ok = false
	case id.Fingerprint != p.Fingerprint(f):
		k.file(finding.Error, "wrong-version", finding.Textf("Bố cục của biểu %s trong tệp khác với biểu mẫu hiện hành (mã kiểm tra %s, đúng ra là %s): tệp được lập từ mẫu cũ hoặc đã bị sửa cấu trúc. Hãy dùng biểu mẫu mới.",
			"The layout of form %s in the file differs from the current form (fingerprint %s, expected %s): the file was made from an older form or its structure was changed. Use the new form.", f.ID, id.Fingerprint, p.Fingerprint(f)))
		ok = false
	}
	period, err := schema.ParsePeriod(id.Period)
	if err != nil {
		k.file(finding.Error, "wrong-period", finding.Textf("Kỳ báo cáo ghi trong tệp (%q) không hợp lệ.", "The period recorded in the file (%q) is not valid.", id.Period))
		return false
	}
	k.out.Period = period
	if want != nil && period != *want {
		k.file(finding.Error, "wrong-period", finding.Textf("Tệp là báo cáo %s, không phải %s đang tổng hợp. Có thể đơn vị đã gửi nhầm tệp kỳ trước.",
			"The file reports %s, not %s being consolidated. The unit may have sent last period's file.", period, *want))
		ok = false
	}
	if !f.HasFrequency(period.Freq) {
		k.file(finding.Error, "wrong-period", finding.Textf("Biểu %s không lập cho kỳ %s.", "Form %s is not filled for %s.", f.ID, period))
		ok = false
	}
	if !f.InForce(period) {
		msg := finding.Textf("Biểu %s không áp dụng cho kỳ %s.", "Form %s is not in force for %s.", f.ID, period)
		if f.SucceededBy != "" {
			msg = msg.Plus(finding.Textf(" Kỳ này lập theo biểu %s.", " That period is reported on form %s.", f.SucceededBy))
		}
		k.file(finding.Error, "wrong-period", msg)
		ok = false
	}
	u := p.Unit(id.Unit)
	switch {
	case u == nil:
		k.file(finding.Error, "unknown-unit", finding.Textf("Đơn vị %q ghi trong tệp không có trong kế hoạch %s. Hãy dùng biểu mẫu văn phòng gửi riêng cho đơn vị mình; nếu đơn vị mới được lập hay đổi mã, báo văn phòng để bổ sung vào kế hoạch.",
			"Unit %q recorded in the file is not in plan %s. Use the form the office sent for your own unit; if the unit is new or its code changed, tell the office so that the plan lists it.", id.Unit, p.ID))
		return false
	case !slices.Contains(f.Units, u.Code):
		k.file(finding.Error, "unknown-unit", finding.Textf("%s (%s) không phải đơn vị lập biểu %s. Chỉ gửi các biểu văn phòng giao cho đơn vị mình (chitieu template lập cho đơn vị).", "%s (%s) is not a unit that fills form %s. Send only the forms the office gave your unit (chitieu template makes them).", u.NameText(), u.Code, f.ID))
		ok = false
	case !p.Fills(f, u, period):
		k.file(finding.Error, "unknown-unit", finding.Textf("%s (%s) không còn (hoặc chưa) là đơn vị báo cáo vào cuối kỳ %s. Số liệu kỳ này do đơn vị kế thừa hoặc đơn vị mới báo cáo, trên biểu mẫu của đơn vị đó.", "%s (%s) is not a reporting unit at the end of %s. This period's figures are reported by its successor or the new unit, on that unit's form.", u.NameText(), u.Code, period))
		ok = false
	}
	k.out.Unit = u
	k.fileName(u)
	return ok || k.sub.Sheet != "" // findings about values still help the unit fix its file
}

// fileName warns when the file's name names a reporting unit — by its code as a word of the
// name, or by its full name — and not the unit the file says it is for: a unit's report sent
// under another's name, or last month's file of a neighbour renamed.
func (k *checker) fileName(u *schema.Unit) {
	base := filepath.Base(k.sub.File)
	name := fold(strings.TrimSuffix(base, filepath.Ext(base)))
	words := strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	folded := unitNamesOf(k.p)
	var named []*schema.Unit
	for i := range k.p.Units {
		x := &k.p.Units[i]
		code, full := folded.of(i, x)
		if namesUnit(name, words, code, full) {
			if x.Code == u.Code {
				return
			}
			named = append(named, x)
		}
	}
	if len(named) == 0 {
		return
	}
	k.file(finding.Warning, "name-mismatch", finding.Textf("Tên tệp %q nói đến %s (%s), nhưng nội dung tệp là báo cáo của %s (%s). Có thể đã gửi nhầm tệp của đơn vị khác hoặc tệp đã bị đổi tên: hãy kiểm tra lại trước khi dùng số liệu.",
		"The file's name %q names %s (%s), but the file is the report of %s (%s). Another unit's file may have been sent, or the file renamed: check it before using its figures.",
		base, named[0].NameText(), named[0].Code, u.NameText(), u.Code))
}

// addressedTo are the words before a unit's code or name in a file's name that make it the
// file's addressee, not its author: "… (gửi SCT)", "nộp Sở Công Thương".
var addressedTo = map[string]bool{"gửi": true, "gui": true, "nộp": true, "nop": true, "về": true, "ve": true, "cho": true, "to": true}

// namesUnit tells whether a file's folded name (and its words, in order) names a unit as the one
// the report is of: by its code (lower-cased) as a word or its full name (folded; "" for a name
// too short to tell), not after a word that makes the unit the addressee.
func namesUnit(name string, words []string, code, full string) bool {
	for i, w := range words {
		if w == code && (i == 0 || !addressedTo[words[i-1]]) {
			return true
		}
	}
	if full == "" {
		return false
	}
	for rest := name; ; {
		at := strings.Index(rest, full)
		if at < 0 {
			return false
		}
		before := strings.FieldsFunc(rest[:at], func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if len(before) == 0 || !addressedTo[before[len(before)-1]] {
			return true
		}
		rest = rest[at+len(full):]
	}
}

// fold makes labels comparable: Unicode composition, case and spacing do not count.
func fold(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(norm.NFC.String(s)), " "))
}

// unitNames is a plan's units as a file's name is compared with them: every file's name is
// compared with every unit, and folding the units' names again for each file was a tenth of
// checking a file against a plan of 200 communes. It is kept for the last plan checked against
// (lastUnitNames), and each unit's code and name are those it was folded from: a unit changed
// since is folded again.
type unitNames struct {
	plan        *schema.Plan
	codes, full []string // strings.ToLower(code); fold(name), "" when shorter than 6 letters
	rawCodes    []string // the codes and names they were made from
	rawNames    []string
}

var lastUnitNames atomic.Pointer[unitNames]

// unitNamesOf returns p's units folded, once for a run of files checked against p.
func unitNamesOf(p *schema.Plan) *unitNames {
	if n := lastUnitNames.Load(); n != nil && n.plan == p {
		return n
	}
	n := &unitNames{plan: p}
	for i := range p.Units {
		x := &p.Units[i]
		code, full := foldUnit(x)
		n.codes, n.full = append(n.codes, code), append(n.full, full)
		n.rawCodes, n.rawNames = append(n.rawCodes, x.Code), append(n.rawNames, x.Name)
	}
	lastUnitNames.Store(n)
	return n
}

// of returns the folded code and name of x, the plan's i-th unit.
func (n *unitNames) of(i int, x *schema.Unit) (code, full string) {
	if i < len(n.codes) && n.rawCodes[i] == x.Code && n.rawNames[i] == x.Name {
		return n.codes[i], n.full[i]
	}
	return foldUnit(x)
}

func foldUnit(x *schema.Unit) (code, full string) {
	code = strings.ToLower(x.Code)
	if utf8.RuneCountInString(x.Name) >= 6 {
		full = fold(x.Name)
	}
	return code, full
}

// structure checks that the form's sheet, columns, rows and labels are there. It reports whether
// values can be read.
func (k *checker) structure() bool {
	f, sub := k.out.Form, k.sub
	if sub.Sheet == "" {
		k.file(finding.Error, "missing-sheet", finding.Textf("Không tìm thấy bảng số liệu của biểu %s trong tệp (trang tính đã bị xóa, đổi hoặc hàng khóa ẩn đã bị xóa). Hãy điền lại vào biểu mẫu gốc.",
			"The table of form %s is not in the file (the sheet was deleted or replaced, or its hidden key row deleted). Fill in the original form again.", f.ID))
		return false
	}
	for _, c := range f.Columns {
		if sub.Cols[c.Code] == 0 {
			k.out.Findings.Add(finding.Finding{Severity: finding.Error, Code: "missing-column", Column: c.Code, Cell: finding.Cell{File: sub.File, Sheet: sub.Sheet},
				Detail: finding.Textf("Cột \"%s\" (%s) của biểu đã bị xóa. Hãy điền lại vào biểu mẫu gốc.", "Column \"%s\" (%s) of the form was deleted. Fill in the original form again.", c.NameText(), c.Code)})
		}
	}
	for i := range f.Rows {
		r := &f.Rows[i]
		if r.Heading != "" {
			continue
		}
		label := k.p.Label(r)
		if sub.Rows[r.Indicator] == 0 {
			k.out.Findings.Add(finding.Finding{Severity: finding.Error, Code: "missing-row", Indicator: r.Indicator, Cell: finding.Cell{File: sub.File, Sheet: sub.Sheet},
				Detail: finding.Textf("Dòng \"%s\" của biểu đã bị xóa. Hãy chèn lại dòng này (hoặc điền lại vào biểu mẫu gốc).", "Row \"%s\" of the form was deleted. Put it back (or fill in the original form again).", k.p.LabelText(r))})
			continue
		}
		want := label
		if r.PartOf != "" {
			want = "Trong đó: " + label
		}
		key := schema.CellKey{Indicator: r.Indicator}
		if got := sub.Labels[r.Indicator]; fold(got.Raw) != fold(want) {
			k.relabelled[r.Indicator] = true
			k.at(finding.Error, "label-changed", got, key, finding.Textf("Tên chỉ tiêu đã bị sửa thành %q; biểu mẫu ghi %q. Số liệu của dòng này không được dùng cho đến khi tên được trả lại đúng như biểu mẫu.",
				"The indicator's name was changed to %q; the form says %q. The row's figures are not used until the name is put back as on the form.", got.Raw, want))
		}
		if ind := k.p.Indicator(r.Indicator); ind != nil {
			if got := sub.Units[r.Indicator]; fold(got.Raw) != fold(ind.Unit) {
				k.relabelled[r.Indicator] = true
				k.at(finding.Error, "label-changed", got, key, finding.Textf("Đơn vị tính của \"%s\" đã bị sửa thành %q; biểu mẫu ghi %q. Hãy quy đổi số liệu về %s và trả lại đơn vị tính.",
					"The unit of \"%s\" was changed to %q; the form says %q. Convert the figures to %s and put the unit back.", k.p.LabelText(r), got.Raw, ind.Unit, schema.UnitText(ind.Unit)))
			}
		}
	}
	return true
}

func (k *checker) values() {
	f := k.out.Form
	// A blank form gets one finding, not one per empty cell: its required cells are collected
	// and said one by one only when some of them, or any other input, holds something.
	var required []func()
	filled := false
	for i := range f.Rows {
		r := &f.Rows[i]
		ind := k.p.Indicator(r.Indicator)
		if r.Heading != "" || ind == nil || k.sub.Rows[r.Indicator] == 0 {
			continue
		}
		label := k.p.LabelText(r)
		for ci := range f.Columns {
			c := &f.Columns[ci]
			key := schema.CellKey{Indicator: r.Indicator, Column: c.Code}
			cell, found := k.sub.Cells[key]
			if !found || !r.Applies(c.Code) {
				continue
			}
			if c.Basis == schema.BasisNote {
				if cell.Kind == xlsx.Text || cell.Kind == xlsx.Number {
					k.out.Notes[key] = cell.Raw
				}
				continue
			}
			if k.p.CellKind(r, c) != schema.CellInput {
				continue
			}
			what := finding.Textf("%s — %s", "%s — %s", label, c.NameText())
			v, ok := k.read(cell, key, ind, what)
			if !ok {
				filled = true
				continue
			}
			if !v.IsSet() {
				if c.Required {
					required = append(required, func() {
						k.at(finding.Error, "required", cell, key, what.Plus(finding.Text{VI: ": ô bắt buộc đang để trống. Hãy nhập số liệu (gõ 0 nếu không phát sinh).", EN: ": this cell is required and empty. Enter the figure (0 if there was none)."}))
					})
				}
				continue
			}
			filled = filled || c.Required
			if k.constrain(cell, key, ind, v, what) && !k.relabelled[r.Indicator] {
				k.out.Values[key] = v
			}
		}
	}
	if !filled && len(required) > 0 {
		k.out.Findings.Add(finding.Finding{Severity: finding.Error, Code: "empty-form", Cell: finding.Cell{File: k.sub.File, Sheet: k.sub.Sheet},
			Detail: finding.Textf("Biểu %s chưa điền: không ô bắt buộc nào có số liệu (%d ô). Đây là biểu mẫu trống; hãy điền số liệu rồi gửi lại.",
				"Form %s is not filled in: none of its %d required cells holds a figure. This is the blank form; fill it in and send it again.", k.out.Form.ID, len(required))})
		return
	}
	for _, add := range required {
		add()
	}
}

// read interprets a cell as a number of the indicator. ok is false when a finding with an error
// was added; an unset number with ok true means the cell is empty.
func (k *checker) read(cell Cell, key schema.CellKey, ind *schema.Indicator, what finding.Text) (v schema.Number, ok bool) {
	if cell.Formula != "" {
		switch {
		case cell.Kind == xlsx.ErrorValue:
			k.at(finding.Error, "formula-error", cell, key, what.Plus(finding.Textf(": công thức =%s cho lỗi %s. Hãy sửa công thức hoặc gõ thẳng số liệu.", ": the formula =%s gives the error %s. Fix the formula or type the figure.", cell.Formula, cell.Raw)))
			return schema.Number{}, false
		case cell.Raw == "":
			k.at(finding.Error, "formula-no-value", cell, key, what.Plus(finding.Textf(": ô có công thức =%s nhưng tệp không lưu kết quả (tệp được tạo bởi một chương trình không tính công thức). Hãy mở tệp bằng Excel hoặc LibreOffice và lưu lại, hoặc gõ thẳng số liệu.", ": the cell holds the formula =%s but the file stores no result (it was written by a program that does not calculate). Open and save the file in Excel or LibreOffice, or type the figure.", cell.Formula)))
			return schema.Number{}, false
		}
	}
	switch cell.Kind {
	case xlsx.Empty:
		return schema.Number{}, true
	case xlsx.ErrorValue:
		k.at(finding.Error, "formula-error", cell, key, what.Plus(finding.Textf(": ô chứa lỗi %s. Hãy gõ số liệu.", ": the cell holds the error %s. Type the figure.", cell.Raw)))
		return schema.Number{}, false
	case xlsx.Bool:
		k.notNumber(cell, key, what)
		return schema.Number{}, false
	case xlsx.Invalid:
		k.at(finding.Error, "not-a-number", cell, key, what.Plus(finding.Textf(": ô lưu %q, không phải một số mà Excel hay LibreOffice hiển thị (tệp được tạo hoặc sửa bằng một chương trình khác). Hãy gõ lại số liệu vào ô bằng Excel hoặc LibreOffice.",
			": the cell stores %q, which is no number Excel or LibreOffice shows (the file was made or edited by another program). Type the figure into the cell again in Excel or LibreOffice.", cell.Raw)))
		return schema.Number{}, false
	case xlsx.Number:
		if cell.Date() {
			when, _ := cell.Time()
			shown, shownEN := "ngày "+when.Format("02/01/2006"), "the date "+when.Format("2006-01-02")
			if n, err := schema.NewNumber(cell.Digits); err == nil && n.Decimal().Abs().LessThan(decimal.NewFromInt(1)) {
				shown, shownEN = "giờ "+when.Format("15:04"), "the time "+when.Format("15:04")
			}
			k.at(finding.Error, "not-a-number", cell, key, what.Plus(finding.Textf(": ô được định dạng ngày giờ nên hiện %s (Excel lưu là %s), không phải số liệu. Hãy chọn ô, đặt định dạng Số (Number) rồi gõ lại số liệu.",
				": the cell is formatted as a date or time and shows %[3]s (Excel stores %[2]s), not a figure. Select the cell, give it the Number format and type the figure again.", shown, cell.Digits, shownEN)))
			return schema.Number{}, false
		}
		n, err := schema.NewNumber(cell.Digits)
		if err != nil {
			k.notNumber(cell, key, what)
			return schema.Number{}, false
		}
		if cell.Percent() && ind.Unit == "%" {
			n = schema.NumberOf(n.Decimal().Mul(decimal.NewFromInt(100)))
			k.at(finding.Warning, "percent-scaled", cell, key, what.Plus(finding.Textf(": ô được định dạng phần trăm nên lưu %s; đã đọc là %s%%. Nếu đúng thì không cần sửa; lần sau hãy gõ %s vào ô không định dạng %%.", ": the cell is formatted as a percentage and stores %s; it was read as %s%%. If that is right nothing needs fixing; next time type %s into a cell without %% format.", cell.Raw, n, n)))
		}
		return n, true
	}
	// Text: a number typed as text, or not a number at all.
	n, alt, kind, pct := schema.ParseTextNumber(cell.Raw)
	switch {
	case kind == schema.TextEmpty:
		return schema.Number{}, true
	case kind == schema.TextNotNumber || (pct && ind.Unit != "%"):
		k.notNumber(cell, key, what)
		return schema.Number{}, false
	case kind == schema.TextAmbiguous:
		k.at(finding.Error, "ambiguous-number", cell, key, what.Plus(finding.Textf(": %q đọc được hai cách — %s (dấu chấm/phẩy là dấu thập phân) hoặc %s (dấu chấm/phẩy ngăn cách hàng nghìn). Hãy gõ lại số dưới dạng số, không dùng dấu ngăn cách hàng nghìn.", ": %q reads two ways — %s (the separator is a decimal point) or %s (it separates thousands). Type the number again as a number, without a thousands separator.", cell.Raw, n, alt)))
		return schema.Number{}, false
	}
	k.at(finding.Warning, "text-number", cell, key, what.Plus(finding.Textf(": số được gõ dưới dạng chữ (%q); đã đọc là %s. Nên gõ lại dưới dạng số để Excel tính được.", ": the number was typed as text (%q); it was read as %s. Type it as a number so that Excel can calculate with it.", cell.Raw, n)))
	return n, true
}

func (k *checker) notNumber(cell Cell, key schema.CellKey, what finding.Text) {
	k.at(finding.Error, "not-a-number", cell, key, what.Plus(finding.Textf(": %q không phải là số. Chỉ gõ con số (không kèm đơn vị tính hay chữ); để trống nếu chưa có số liệu, gõ 0 nếu không phát sinh.", ": %q is not a number. Type only the figure (no unit, no words); leave it empty when there is no figure yet, type 0 when there was none.", cell.Raw)))
}

// constrain checks a value against its indicator's constraints.
func (k *checker) constrain(cell Cell, key schema.CellKey, ind *schema.Indicator, v schema.Number, what finding.Text) bool {
	switch {
	case ind.Integer && !v.Decimal().IsInteger():
		k.at(finding.Error, "not-integer", cell, key, what.Plus(finding.Textf(": %s không phải số nguyên; %s đếm bằng số nguyên.", ": %s is not a whole number; %s are counted in whole numbers.", v, schema.UnitText(ind.Unit))))
		return false
	case ind.Min.IsSet() && v.Cmp(ind.Min) < 0:
		k.at(finding.Error, "below-min", cell, key, what.Plus(finding.Textf(": %s nhỏ hơn mức tối thiểu %s.", ": %s is below the minimum %s.", v, schema.WithUnitText(ind.Min, ind.Unit))))
		return false
	case ind.Max.IsSet() && v.Cmp(ind.Max) > 0:
		k.at(finding.Error, "above-max", cell, key, what.Plus(finding.Textf(": %s lớn hơn mức tối đa %s. Kiểm tra đơn vị tính.", ": %s is above the maximum %s. Check the unit.", v, schema.WithUnitText(ind.Max, ind.Unit))))
		return false
	}
	return true
}

func (k *checker) extra() {
	for _, c := range k.sub.Extra {
		// A number is an argument, written in the reader's language; text is quoted as typed.
		var shown any = strconv.Quote(clipText(c.Raw, 200))
		if c.Kind == xlsx.Number {
			if n, err := schema.NewNumber(c.Digits); err == nil {
				shown = n
			}
		}
		k.at(finding.Warning, "extra-data", c, schema.CellKey{}, finding.Textf(
			"Ô %s nằm ngoài các ô nhập liệu của biểu và có nội dung %s; nội dung này không được tổng hợp. Nếu là số liệu, hãy nhập vào đúng ô của biểu; nếu là ghi chú, hãy ghi vào cột Ghi chú.",
			"Cell %s is outside the form's input cells and holds %s; it is not consolidated. A figure belongs in the form's own cell; a note in the Note column.", finding.Ref(c.Row, c.Col), shown))
	}
	if n := k.sub.ExtraMore; n > 0 {
		k.out.Findings.Add(finding.Finding{Severity: finding.Warning, Code: "extra-data", Cell: finding.Cell{File: k.sub.File, Sheet: k.sub.Sheet},
			Detail: finding.Textf("Ngoài %d ô kể trên, còn %d ô khác nằm ngoài các ô nhập liệu cũng có nội dung; không ô nào được tổng hợp. Hãy xóa các nội dung đã dán vào trang biểu mẫu.",
				"Besides the %d cells above, %d more cells outside the input cells hold something; none is consolidated. Remove what was pasted into the form's sheet.", len(k.sub.Extra), n)})
	}
}

// clipText shortens a text quoted in a message to n characters.
func clipText(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
