package schema

import (
	"chitieu/finding"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"
)

// LoadBook reads a plan from the sheets of a plan workbook and lints it as Load does a YAML
// plan. Findings name the sheet and cell (Finding.Cell, File set to file); the plan is nil when
// the workbook holds no plan sheet at all, and must not be used when the findings have errors.
func LoadBook(file string, tables []Table) (*Plan, finding.Findings) {
	p, fs := ParseBook(file, tables)
	if p != nil && !fs.HasErrors() {
		fs = append(fs, p.Lint()...)
	}
	return p, p.Locate(fs)
}

// ParseBook decodes the sheets of a plan workbook without linting: unknown sheets and columns,
// merged cells, formulas, values of the wrong form and missing required fields are reported.
func ParseBook(file string, tables []Table) (*Plan, finding.Findings) {
	r := &bookReader{file: file, p: &Plan{}, at: map[string]finding.Cell{}}
	r.p.book = &bookSource{file: file, at: r.at}
	r.at["$"] = finding.Cell{File: file, Sheet: BookPlan}
	byName := map[string]*Table{}
	names := []string{BookGuide}
	for _, sh := range BookSheets {
		names = append(names, sh.Name)
	}
	for i := range tables {
		t := &tables[i]
		name := norm.NFC.String(strings.TrimSpace(t.Sheet))
		if !slices.Contains(names, name) {
			if len(t.Cells) > 0 {
				r.unknownSheet(t.Sheet, names)
			}
			continue
		}
		if byName[name] == nil {
			byName[name] = t
		}
	}
	if len(byName) == 0 {
		r.add(finding.Error, "missing-sheet", finding.Cell{File: file}, "", finding.Text{VI: "Tệp này không phải là sổ kế hoạch: không có trang nào của kế hoạch (Kế hoạch, Đơn vị, Chỉ tiêu, …). Tạo sổ mẫu bằng lệnh chitieu plan export -o ke-hoach.xlsx.", EN: "This file is not a plan workbook: it has none of a plan's sheets (Kế hoạch, Đơn vị, Chỉ tiêu, …). Make one with chitieu plan export -o ke-hoach.xlsx."})
		return nil, r.fs
	}
	for _, sh := range BookSheets {
		t := byName[sh.Name]
		list := "$"
		if sh.list != "" && !sh.part {
			list = "$." + sh.list
		}
		if _, ok := r.at[list]; !ok {
			r.at[list] = finding.Cell{File: file, Sheet: sh.Name}
		}
		if t == nil {
			if sh.keyed || sh.list == "units" || sh.list == "indicators" {
				r.add(finding.Error, "missing-sheet", finding.Cell{File: file, Sheet: sh.Name}, "", finding.Textf(
					"Thiếu trang %q; sổ kế hoạch cần trang này. Lấy lại trang từ sổ mẫu (chitieu plan export).",
					"Sheet %q is missing; a plan workbook needs it. Take it from a fresh workbook (chitieu plan export).", sh.Name))
			}
			continue
		}
		r.sheet(sh, t)
	}
	for _, f := range r.p.lintTags() {
		if !r.missingColumn(f.Path) {
			r.fs = append(r.fs, f)
		}
	}
	return r.p, r.fs
}

// bookSource is where a plan read from a workbook came from: the cell of every field, by YAML
// path, so that lint findings are placed at sheet and cell.
type bookSource struct {
	file string
	at   map[string]finding.Cell
}

// cell returns the cell of the field at path, or of its nearest ancestor that has one.
func (b *bookSource) cell(path string) finding.Cell {
	for {
		if c, ok := b.at[path]; ok {
			return c
		}
		i := strings.LastIndexAny(path, ".[")
		if i <= 0 {
			return finding.Cell{File: b.file}
		}
		path = path[:i]
	}
}

// bookPos is Plan.pos for a plan read from a workbook: the row of the field in Line, for the
// messages that name the row of an earlier entry.
func (p *Plan) bookPos(path string) finding.Pos {
	if p.book == nil {
		return finding.Pos{}
	}
	return finding.Pos{Line: p.book.cell(path).Row}
}

// Locate gives findings about a plan read from a workbook the sheet and cell of the field they
// are about, and sorts them; findings about a YAML plan are returned sorted.
func (p *Plan) Locate(fs finding.Findings) finding.Findings {
	if p != nil && p.book != nil {
		for i := range fs {
			f := &fs[i]
			if f.Cell.File == "" && f.Path != "" {
				f.Cell = p.book.cell(f.Path)
			}
			if f.Cell.File == "" {
				f.Cell.File = p.book.file
			}
			f.Plan = finding.Pos{}
		}
	}
	fs.Sort()
	return fs
}

type bookReader struct {
	file string
	p    *Plan
	fs   finding.Findings
	at   map[string]finding.Cell
	// missing holds "list|key" of each required column missing from its sheet, reported once
	// for the sheet rather than once per row.
	missing map[string]bool
}

// missingColumn reports whether path ($.units[3].kind, $.forms[0].rows[2].indicator) is a
// field of a column already reported missing.
func (r *bookReader) missingColumn(path string) bool {
	i := strings.LastIndexByte(path, ']')
	j := strings.LastIndexByte(path[:max(i, 0)], '[')
	if i < 0 || j < 0 || !strings.HasPrefix(path[i:], "].") {
		return false
	}
	list := path[strings.LastIndexByte(path[:j], '.')+1 : j]
	return r.missing[list+"|"+path[i+2:]]
}

func (r *bookReader) add(sev finding.Severity, code string, c finding.Cell, path string, msg finding.Text) {
	c.File = r.file
	r.fs.Add(finding.Finding{Severity: sev, Code: code, Detail: msg, Cell: c, Path: path})
}

func (r *bookReader) unknownSheet(name string, names []string) {
	msg := finding.Textf("Trang %q không thuộc sổ kế hoạch; nội dung của nó không được đọc. Chuyển nội dung sang trang đúng rồi xóa trang này.",
		"Sheet %q is not part of a plan workbook; its contents are not read. Move them to the right sheet and delete this one.", name)
	s := Closest(name, names[1:])
	for _, n := range names[1:] {
		if s == "" && strings.HasPrefix(strings.ToLower(name), strings.ToLower(n)) {
			s = n
		}
	}
	if s != "" {
		msg.VI += fmt.Sprintf(" Có phải ý bạn là trang %q?", s)
		msg.EN += fmt.Sprintf(" Did you mean sheet %q?", s)
	}
	r.add(finding.Error, "unknown-sheet", finding.Cell{Sheet: name}, "", msg)
}

// sheet reads one sheet into the plan.
func (r *bookReader) sheet(sh BookSheet, t *Table) {
	at := func(row, col int) finding.Cell { return finding.Cell{File: r.file, Sheet: sh.Name, Row: row, Col: col} }
	for _, m := range t.Merged {
		r.add(finding.Error, "merged-cells", at(m[0], m[1]), "", finding.Textf(
			"Các ô %s đã bị gộp (Merge); sổ kế hoạch không dùng ô gộp. Bỏ gộp ô (Unmerge) và ghi giá trị vào từng ô.",
			"Cells %s are merged; a plan workbook has no merged cells. Unmerge them and put the value in each cell.", rangeName(m)))
	}
	rows := map[int][]TableCell{}
	var order []int
	for _, c := range t.Cells {
		if c.Row < 1 || c.Col < 1 {
			continue
		}
		if c.Formula != "" {
			r.add(finding.Error, "formula", at(c.Row, c.Col), "", finding.Textf(
				"Ô có công thức =%s; sổ kế hoạch chỉ nhận giá trị. Gõ giá trị vào ô (hoặc Copy, Paste Special › Values).",
				"The cell holds the formula =%s; a plan workbook takes values only. Type the value (or Copy, Paste Special › Values).", clipText(c.Formula, 60)))
			continue
		}
		if strings.TrimSpace(c.Text) == "" {
			continue
		}
		if _, seen := rows[c.Row]; !seen {
			order = append(order, c.Row)
		}
		rows[c.Row] = append(rows[c.Row], c)
	}
	slices.Sort(order)
	cols := r.header(sh, rows[1], rows, at)
	colOf := map[string]int{}
	for col, c := range cols {
		colOf[c.Key] = col
	}
	firstCol := 1
	if len(cols) > 0 {
		firstCol = slices.Min(mapKeys(cols))
	}
	for _, row := range order {
		if row == 1 {
			continue
		}
		cells := rows[row]
		if sh.keyed {
			r.planRow(cells, cols, colOf, at(row, 0))
			continue
		}
		var list reflect.Value
		var path string
		if sh.part {
			col, ok := colOf["form"]
			if !ok {
				continue // reported with the header
			}
			id := cellText(cells, col)
			fi := slices.IndexFunc(r.p.Forms, func(f Form) bool { return f.ID == id })
			switch {
			case id == "":
				r.add(finding.Error, "missing-field", at(row, col), "", finding.Textf("Thiếu số biểu: dòng này thuộc biểu nào?", "The form is missing: which form does this row belong to?"))
				continue
			case fi < 0:
				msg := finding.Textf("Biểu %q không có ở trang %s.", "Form %q is not on sheet %s.", id, BookForms)
				suggest(&msg, id, codesOf(r.p.Forms, func(f Form) string { return f.ID }))
				r.add(finding.Error, "unknown-form", at(row, col), "", msg)
				continue
			}
			list = fieldByKey(reflect.ValueOf(r.p).Elem().FieldByName("Forms").Index(fi), sh.list)
			path = fmt.Sprintf("$.forms[%d].%s[%d]", fi, sh.list, list.Len())
		} else {
			list = fieldByKey(reflect.ValueOf(r.p).Elem(), sh.list)
			path = fmt.Sprintf("$.%s[%d]", sh.list, list.Len())
		}
		r.at[path] = at(row, firstCol)
		elem := reflect.New(list.Type().Elem()).Elem()
		for col, c := range cols {
			if c.Key == "form" && sh.part {
				continue
			}
			fp := path + "." + c.Key
			r.at[fp] = at(row, col)
			if head, _, nested := strings.Cut(c.Key, "."); nested {
				if prev, ok := r.at[path+"."+head]; !ok || prev.Col > col {
					r.at[path+"."+head] = at(row, col)
				}
			}
		}
		for _, c := range cells {
			bc, ok := cols[c.Col]
			if !ok || bc.Key == "form" && sh.part {
				continue
			}
			r.set(elem, bc, c, path+"."+bc.Key, at(c.Row, c.Col))
		}
		list.Set(reflect.Append(list, elem))
	}
}

// header reads row 1: which column holds which field. A header is known by its key (the last
// line of the cell) or its Vietnamese label.
func (r *bookReader) header(sh BookSheet, head []TableCell, rows map[int][]TableCell, at func(row, col int) finding.Cell) map[int]BookColumn {
	cols := map[int]BookColumn{}
	seen := map[string]int{}
	var keys []string
	for _, c := range sh.Columns {
		keys = append(keys, c.Key)
	}
	for _, h := range head {
		bc, ok := matchHeader(sh, h.Text)
		if !ok {
			msg := finding.Textf("Tiêu đề cột %q không có trong trang %s.", "Column header %q is not a column of sheet %s.", strings.ReplaceAll(h.Text, "\n", " "), sh.Name)
			suggest(&msg, lastLine(h.Text), keys)
			r.add(finding.Error, "unknown-column", at(1, h.Col), "", msg)
			continue
		}
		if prev, dup := seen[bc.Key]; dup {
			r.add(finding.Error, "duplicate-column", at(1, h.Col), "", finding.Textf("Cột %s đã có ở ô %s; xóa một trong hai cột.", "Column %s is already at %s; delete one of the two.", bc.Key, finding.Ref(1, prev)))
			continue
		}
		seen[bc.Key] = h.Col
		cols[h.Col] = bc
	}
	// A value under a column without a header would be lost: the header was deleted.
	reported := map[int]bool{}
	for row, cells := range rows {
		if row == 1 {
			continue
		}
		for _, c := range cells {
			if _, ok := cols[c.Col]; ok || reported[c.Col] || slices.ContainsFunc(head, func(h TableCell) bool { return h.Col == c.Col }) {
				continue
			}
			reported[c.Col] = true
			r.add(finding.Error, "missing-column", at(1, c.Col), "", finding.Textf(
				"Cột %s có giá trị (ô %s) nhưng không có tiêu đề, nên không đọc được. Ghi lại tiêu đề cột (xem sổ mẫu) hoặc xóa các giá trị.",
				"Column %s has values (cell %s) but no header, so it cannot be read. Put the header back (see a fresh workbook) or delete the values.",
				strings.TrimRight(finding.Ref(1, c.Col), "1"), finding.Ref(c.Row, c.Col)))
		}
	}
	next := 1
	for col := range cols {
		next = max(next, col+1)
	}
	for _, c := range sh.Columns {
		if _, ok := seen[c.Key]; !ok && c.Required {
			if r.missing == nil {
				r.missing = map[string]bool{}
			}
			r.missing[sh.list+"|"+c.Key] = true
			r.add(finding.Error, "missing-column", at(1, next), "", finding.Textf(
				"Trang %s thiếu cột %q (%s); thêm lại cột với tiêu đề này.",
				"Sheet %s has no column %q (%s); add the column back with this header.", sh.Name, c.Key, c.Label))
		}
	}
	return cols
}

func matchHeader(sh BookSheet, h string) (BookColumn, bool) {
	fold := func(s string) string { return strings.ToLower(norm.NFC.String(strings.Join(strings.Fields(s), " "))) }
	key, whole := fold(lastLine(h)), fold(h)
	for _, c := range sh.Columns {
		k := strings.ToLower(c.Key)
		if key == k || whole == k || whole == fold(c.Label) || whole == fold(c.Header()) {
			return c, true
		}
	}
	return BookColumn{}, false
}

// planRow reads a row of the Kế hoạch sheet: a field of the plan and its value.
func (r *bookReader) planRow(cells []TableCell, cols map[int]BookColumn, colOf map[string]int, row finding.Cell) {
	fc, ok1 := colOf["field"]
	vc, ok2 := colOf["value"]
	if !ok1 || !ok2 {
		return // reported with the header
	}
	key := cellText(cells, fc)
	var val *TableCell
	for i := range cells {
		if cells[i].Col == vc {
			val = &cells[i]
		}
	}
	at := func(col int) finding.Cell { c := row; c.Col = col; return c }
	var keys []string
	for _, f := range planFields {
		keys = append(keys, f.key)
	}
	switch {
	case key == "" && val == nil:
		return
	case key == "":
		r.add(finding.Error, "missing-field", at(fc), "", finding.Textf("Dòng có giá trị nhưng không ghi trường (id, name, version, …).", "The row has a value but names no field (id, name, version, …)."))
		return
	case !slices.Contains(keys, key):
		msg := finding.Textf("Trường %q không có trong định dạng kế hoạch.", "Field %q is not part of the plan format.", key)
		suggest(&msg, key, keys)
		r.add(finding.Error, "unknown-field", at(fc), "", msg)
		return
	}
	path := "$." + key
	if key == "notes" {
		if val == nil {
			return
		}
		path = fmt.Sprintf("$.notes[%d]", len(r.p.Notes))
		r.at[path] = at(vc)
		r.p.Notes = append(r.p.Notes, strings.TrimSpace(val.Text))
		return
	}
	if prev, dup := r.at[path]; dup {
		r.add(finding.Error, "duplicate-code", at(fc), path, finding.Textf("Trường %s đã ghi ở dòng %d; mỗi trường một dòng.", "Field %s is already given on row %d; one row per field.", key, prev.Row))
		return
	}
	r.at[path] = at(vc)
	if val != nil {
		r.set(reflect.ValueOf(r.p).Elem(), BookColumn{Key: key}, *val, path, at(vc))
	}
}

// set stores a cell's value in the field of v named by the column's key, or reports why it
// cannot.
func (r *bookReader) set(v reflect.Value, bc BookColumn, c TableCell, path string, at finding.Cell) {
	parts := strings.Split(bc.Key, ".")
	for i, name := range parts {
		idx, ok := yamlField(v.Type(), name)
		if !ok {
			return
		}
		v = v.Field(idx)
		if i == len(parts)-1 {
			break
		}
		if v.Kind() == reflect.Pointer {
			if v.IsNil() {
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
	}
	s := strings.TrimSpace(c.Text)
	bad := func(code string, msg finding.Text) { r.add(finding.Error, code, at, path, msg) }
	switch v.Interface().(type) {
	case Number:
		if n, ok := r.number(c, bad); ok {
			v.Set(reflect.ValueOf(n))
		}
		return
	case Date:
		if d, ok := readDate(c); ok {
			v.Set(reflect.ValueOf(d))
			return
		}
		bad("invalid-value", finding.Textf("%q không phải là ngày: gõ YYYY-MM-DD, ví dụ 2025-07-01.", "%q is not a date: type YYYY-MM-DD, e.g. 2025-07-01.", s))
		return
	case Period:
		if p, err := ParsePeriod(s); err == nil {
			v.Set(reflect.ValueOf(p))
			return
		}
		msg := finding.Textf("%q không phải là kỳ báo cáo: gõ 2024, 2024-03, 2024-Q1, 2024-6M hoặc 2024-9M.", "%q is not a period: type 2024, 2024-03, 2024-Q1, 2024-6M or 2024-9M.", s)
		if c.Number {
			msg.VI += " Ô đang chứa một số hoặc một ngày; định dạng ô là Text (@) rồi gõ lại."
			msg.EN += " The cell holds a number or a date; format it as Text (@) and type it again."
		}
		bad("invalid-value", msg)
		return
	case Span:
		if sp, err := ParseSpan(s); err == nil {
			v.Set(reflect.ValueOf(sp))
			return
		}
		bad("invalid-value", finding.Textf("%q không phải là năm hay giai đoạn: gõ 2030 hoặc 2021-2025.", "%q is not a year or a span of years: type 2030 or 2021-2025.", s))
		return
	case bool:
		if b, ok := readBool(c); ok {
			v.SetBool(b)
			return
		}
		bad("invalid-value", finding.Textf("%q: ghi \"có\" hoặc để trống.", "%q: write \"có\" (yes) or leave it empty.", s))
		return
	case int, *int:
		n, ok := r.number(c, bad)
		if !ok {
			return
		}
		if !n.Decimal().IsInteger() || n.Decimal().Abs().GreaterThanOrEqual(MustNumber("1000000000").Decimal()) {
			bad("not-integer", finding.Textf("%q phải là số nguyên.", "%q must be a whole number.", s))
			return
		}
		i := int(n.Decimal().IntPart())
		if v.Kind() == reflect.Pointer {
			v.Set(reflect.ValueOf(&i))
		} else {
			v.SetInt(int64(i))
		}
		return
	}
	switch v.Kind() {
	case reflect.String:
		if c.Bool {
			s = map[string]string{"1": "TRUE", "0": "FALSE"}[s]
		}
		v.SetString(s)
	case reflect.Slice:
		out := reflect.MakeSlice(v.Type(), 0, 4)
		for _, item := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
			if item = strings.TrimSpace(item); item != "" {
				out = reflect.Append(out, reflect.ValueOf(item).Convert(v.Type().Elem()))
			}
		}
		if out.Len() > 0 {
			v.Set(out)
		}
	}
}

// excelEpoch is day 0 of spreadsheet dates (in the 1900 system, after Excel's leap-year bug).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
