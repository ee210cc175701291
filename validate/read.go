package validate

import (
	"errors"
	"slices"
	"strings"

	"chitieu/schema"
	"chitieu/templates"
	"chitieu/xlsx"
)

// Read reads a filled-in form from an opened workbook: what it says it is, where its rows and
// columns stand, the raw cells of the plan's form, the labels, and the cells that are no part of
// the form. Bad data never fails it; only a failure to read the file does. A workbook holding no
// form made by chitieu (no hidden key row) gives a submission without a sheet.
//
// Reading costs no memory that grows with the file: the sheets that are not the form's are only
// searched for the key row (each part once), and of the form's sheet — held in memory when small,
// as a form's is, else streamed twice — only the form's own cells and the first maxExtra cells
// outside them are kept.
func Read(wb *xlsx.Workbook, file string, p *schema.Plan) (*Submission, error) {
	sub := &Submission{File: file, Rows: map[string]int{}, Cols: map[string]int{},
		Cells: map[schema.CellKey]Cell{}, Labels: map[string]Cell{}, Units: map[string]Cell{}}
	var err error
	if sub.Identity, sub.Identified, sub.Made, err = readIdentity(wb); err != nil {
		return sub, err
	}
	sub.IdentityShown = sub.Identified && wb.Visible(templates.MetaSheet)
	keys, cells, err := sub.locate(wb)
	if err != nil || sub.Sheet == "" {
		return sub, err
	}
	f := p.Form(sub.Identity.Form)
	if f == nil {
		return sub, nil
	}
	if period, err := schema.ParsePeriod(sub.Identity.Period); err == nil {
		f = f.ForPeriod(period) // the form as it was laid out for its period
	}
	labelCol := templates.ColLabel
	if first := firstCol(sub.Cols); first > 0 {
		labelCol = first - (templates.ColFirst - templates.ColLabel)
	}
	// Where each of the form's cells stands now; every one is there, empty until read.
	type slot struct {
		m   map[string]Cell
		key string
		k   map[schema.CellKey]Cell
		ck  schema.CellKey
	}
	slots := map[[2]int]slot{}
	for i := range f.Rows {
		r := &f.Rows[i]
		row := sub.Rows[r.Indicator]
		if r.Heading != "" || row == 0 {
			continue
		}
		slots[[2]int{row, labelCol}] = slot{m: sub.Labels, key: r.Indicator}
		slots[[2]int{row, labelCol + 1}] = slot{m: sub.Units, key: r.Indicator}
		sub.Labels[r.Indicator] = Cell{Row: row, Col: labelCol}
		sub.Units[r.Indicator] = Cell{Row: row, Col: labelCol + 1}
		for _, c := range f.Columns {
			if col := sub.Cols[c.Code]; col > 0 && r.Applies(c.Code) {
				ck := schema.CellKey{Indicator: r.Indicator, Column: c.Code}
				slots[[2]int{row, col}] = slot{k: sub.Cells, ck: ck}
				sub.Cells[ck] = Cell{Row: row, Col: col}
			}
		}
	}
	ex := sub.newExtras(keys, f, labelCol)
	seen := map[[2]int]bool{}
	err = cells.Each(func(row, col int, v xlsx.Value) error {
		c := Cell{Row: row, Col: col, Value: v}
		if s, ok := slots[[2]int{row, col}]; ok {
			if s.m != nil {
				s.m[s.key] = c
			} else {
				s.k[s.ck] = c
			}
			return nil
		}
		if ex.outside(c) && !seen[[2]int{row, col}] {
			if len(sub.Extra) < maxExtra {
				seen[[2]int{row, col}] = true
				sub.Extra = append(sub.Extra, c)
			} else {
				sub.ExtraMore++
			}
		}
		return nil
	})
	slices.SortFunc(sub.Extra, func(a, b Cell) int { return cmpPos(a.Row, a.Col, b.Row, b.Col) })
	return sub, err
}

// maxExtra is how many cells outside the form a submission lists one by one; the rest are
// counted. A unit that pasted a table beside the form needs to hear it once, not a million times.
const maxExtra = 50

func cmpPos(r1, c1, r2, c2 int) int {
	if r1 != r2 {
		return r1 - r2
	}
	return c1 - c2
}

// locate finds the form's sheet — the one whose hidden key row carries templates.MarkerColumns —
// and where its columns and rows stand now. It returns the key of every keyed row below the key
// row (indicator codes and templates.KeyHeading) by row.
func (sub *Submission) locate(wb *xlsx.Workbook) (map[int]string, *xlsx.Cells, error) {
	sheet, keyRow, keyCol, err := wb.Find(templates.MarkerColumns)
	if err != nil || sheet == "" {
		return nil, nil, err
	}
	sub.Sheet, sub.KeyRow, sub.KeyCol = sheet, keyRow, keyCol
	cells, err := wb.Cells(sheet)
	if err != nil {
		return nil, nil, err
	}
	keys := map[int]string{}
	codes := map[int]string{}
	inKeys := func(row, col int) bool { return row == keyRow || col == keyCol && row > keyRow }
	err = cells.EachWhere(inKeys, func(row, col int, v xlsx.Value) error {
		text := strings.TrimSpace(v.Raw)
		switch {
		case row == keyRow && col != keyCol:
			codes[col] = text
		case col == keyCol && row > keyRow:
			keys[row] = text
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	// A cell listed twice counts as listed last; a code in two columns, in the right one.
	for _, col := range sortedKeys(codes) {
		if code := codes[col]; code != "" {
			sub.Cols[code] = col
		}
	}
	for _, row := range sortedKeys(keys) {
		key := keys[row]
		if key == "" {
			delete(keys, row)
			continue
		}
		if _, dup := sub.Rows[key]; !dup && key != templates.KeyHeading {
			sub.Rows[key] = row
		}
	}
	return keys, cells, nil
}

func sortedKeys[V any](m map[int]V) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// identityRows bounds the rows of the identity sheet read: it has eight.
const identityRows = 64

var errEnough = errors.New("enough")

// readIdentity reads the identity from the very hidden sheet, or else from the custom document
// properties. made says what else chitieu made the workbook as, when it is no form: MadeProvince
// or MadePlan.
func readIdentity(wb *xlsx.Workbook) (id schema.Identity, ok bool, made string, err error) {
	vals := map[string]string{}
	first := map[int]string{}
	err = wb.Walk(templates.MetaSheet, func(row, col int, v xlsx.Value) error {
		switch {
		case row > identityRows:
			return errEnough
		case col == 1:
			first[row] = v.Raw
		case col == 2 && first[row] != "":
			vals[first[row]] = v.Raw
		}
		return nil
	})
	switch {
	case errors.Is(err, errEnough), errors.Is(err, xlsx.ErrNoSheet):
		err = nil
	case err != nil:
		// A damaged identity sheet is a damaged file, as a damaged form sheet is: what was read
		// of it before the damage is no identity to trust.
		return id, false, "", err
	}
	props := wb.Properties()
	if vals["form"] == "" {
		for k, v := range props {
			if key, ok := strings.CutPrefix(k, "chitieu."); ok {
				vals[key] = v
			}
		}
	}
	id = schema.Identity{Plan: vals["plan"], PlanVersion: vals["plan_version"], Form: vals["form"], FormVersion: vals["form_version"],
		Fingerprint: vals["fingerprint"], Unit: vals["unit"], Period: vals["period"]}
	switch {
	case id.Form != "":
	case id.Plan != "" && id.Period != "":
		made = MadeProvince
	case props["chitieu_plan"] != "":
		made, id.Plan, id.PlanVersion = MadePlan, props["chitieu_plan"], props["chitieu_plan_version"]
	}
	return id, id.Form != "", made, nil
}

// What chitieu made a workbook as, when it is no form (Submission.Made).
const (
	MadeProvince = "province" // the province workbook of consolidate
	MadePlan     = "plan"     // a plan workbook of plan export
)

func firstCol(cols map[string]int) int {
	first := 0
	for _, c := range cols {
		if first == 0 || c < first {
			first = c
		}
	}
	return first
}

// signatureRows is how far below the table's last row the signature block reaches: the date
// line two rows down, the signers' titles, the space to sign and their names, with room for a
// second line of each. The row right under the table is empty in the form, as is all below.
const signatureRows = 10

// noteWord reports whether a text written in the signature block is a note, not a place, a date
// or a signer's name: it begins as a note does ("Ghi chú:", "Lưu ý", "Chú thích", "Note").
func noteWord(text string) bool {
	t := fold(strings.TrimSpace(text))
	for _, w := range []string{"ghi chú", "ghi chu", "chú thích", "chu thich", "lưu ý:", "luu y:", "chú ý:", "gc:", "note", "nb:", "ps:"} {
		if strings.HasPrefix(t, w) {
			return true
		}
	}
	// "Lưu ý", "Chú ý" without a colon begin a note of some words, or a signer's name ("Lưu Ý
	// Nhi", and without accents "Chu Yến"): a sentence of five words or more is the note.
	for _, w := range []string{"lưu ý ", "chú ý "} {
		if strings.HasPrefix(t, w) && len(strings.Fields(t)) >= 5 {
			return true
		}
	}
	return false
}

// extras tells the cells that are no part of the form, anywhere on its sheet:
//
//   - right of the hidden key column, in any row: the form has nothing there;
//   - in the table (its keyed rows): a cell right of the table or in a column without a key, a
//     value typed over a "x", a figure in a heading row, and any cell of a row inserted into it;
//   - below the table: a number, a logical value or a formula anywhere (a date is allowed in the
//     signature block), and text outside the signature block — its columns (the first two and
//     the last three of the table) and rows (signatureRows) — where the unit writes its place
//     and date and signs, or a note written in it (noteWord);
//   - above the table (the heading block) and in its header rows, the form's own text and the
//     unit's headings: nothing is extra.
type extras struct {
	sub               *Submission
	f                 *schema.Form
	keys              map[int]string
	codeOfCol         map[int]string
	labelCol          int
	first, last       int // the table's first and last keyed rows
	leftTo, rightFrom int // the signature block's columns: 1..leftTo and rightFrom..lastCol
	lastCol           int
}

func (sub *Submission) newExtras(keys map[int]string, f *schema.Form, labelCol int) *extras {
	ex := &extras{sub: sub, f: f, keys: keys, codeOfCol: map[int]string{}, labelCol: labelCol}
	for code, c := range sub.Cols {
		ex.codeOfCol[c] = code
		ex.lastCol = max(ex.lastCol, c)
	}
	for row := range keys {
		if ex.first == 0 || row < ex.first {
			ex.first = row
		}
		ex.last = max(ex.last, row)
	}
	ex.leftTo = labelCol
	ex.rightFrom = max(labelCol+2, ex.lastCol-2)
	return ex
}

// outside reports whether a cell holding something is no part of the form.
func (ex *extras) outside(c Cell) bool {
	sub := ex.sub
	if strings.TrimSpace(c.Raw) == "" && c.Formula == "" {
		return false
	}
	switch {
	case c.Col == sub.KeyCol:
		return false // the keys, read as keys
	case c.Col > sub.KeyCol:
		return true
	case c.Row <= sub.KeyRow || ex.first == 0 || c.Row < ex.first:
		return false // the heading block and the table's header rows
	case c.Row > ex.last:
		isText := c.Kind == xlsx.Text && c.Formula == ""
		inSignature := (c.Col <= ex.leftTo || c.Col >= ex.rightFrom) && c.Row >= ex.last+2 && c.Row <= ex.last+signatureRows
		return !(inSignature && (c.Date() || isText && !noteWord(c.Raw)))
	}
	key := ex.keys[c.Row]
	row := ex.f.Row(key)
	code, isFormCol := ex.codeOfCol[c.Col]
	switch {
	case key == "":
		return true // a row the user inserted into the table
	case c.Col <= ex.labelCol+1:
		return false // number, label, unit: checked as labels
	case key == templates.KeyHeading:
		return true // heading rows have no figures
	case row == nil:
		return false // a row of another version: missing-row and wrong-version say so
	case isFormCol && !row.Applies(code) && c.Raw == "x":
		return false
	case isFormCol && row.Applies(code):
		return false // the form's own cell: checked as a value
	}
	return true
}
