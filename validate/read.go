package validate

import (
	"strings"

	"chitieu/schema"
	"chitieu/templates"
	"chitieu/xlsx"
)

// Read reads a filled-in form from an opened workbook: what it says it is, where its rows and
// columns stand, the raw cells of the plan's form, the labels, and the cells that are no part of
// the form. Bad data never fails it; only a failure to read the file does. A workbook holding no
// form made by chitieu (no hidden key row) gives a submission without a sheet.
func Read(wb *xlsx.Workbook, file string, p *schema.Plan) (*Submission, error) {
	sub := &Submission{File: file, Rows: map[string]int{}, Cols: map[string]int{},
		Cells: map[schema.CellKey]Cell{}, Labels: map[string]Cell{}, Units: map[string]Cell{}}
	sub.Identity, sub.Identified = readIdentity(wb)
	grid, err := sub.locate(wb)
	if err != nil || grid == nil {
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
	read := func(row, col int) (Cell, error) {
		v, err := wb.Cell(sub.Sheet, row, col)
		return Cell{Row: row, Col: col, Value: v}, err
	}
	for i := range f.Rows {
		r := &f.Rows[i]
		row := sub.Rows[r.Indicator]
		if r.Heading != "" || row == 0 {
			continue
		}
		if sub.Labels[r.Indicator], err = read(row, labelCol); err != nil {
			return nil, err
		}
		if sub.Units[r.Indicator], err = read(row, labelCol+1); err != nil {
			return nil, err
		}
		for _, c := range f.Columns {
			if col := sub.Cols[c.Code]; col > 0 {
				if sub.Cells[schema.CellKey{Indicator: r.Indicator, Column: c.Code}], err = read(row, col); err != nil {
					return nil, err
				}
			}
		}
	}
	sub.Extra = sub.extra(grid, f, labelCol)
	return sub, nil
}

// locate finds the form's sheet — the one whose hidden key row carries templates.MarkerColumns —
// and where its columns and rows stand now. It returns the sheet's text, or nil when no sheet
// holds a form.
func (sub *Submission) locate(wb *xlsx.Workbook) ([][]string, error) {
	for _, name := range wb.Sheets() {
		if name == templates.MetaSheet {
			continue
		}
		grid, err := wb.Grid(name)
		if err != nil {
			return nil, err
		}
		r, c := find(grid, templates.MarkerColumns)
		if r == 0 {
			continue
		}
		sub.Sheet, sub.KeyRow, sub.KeyCol = name, r, c
		for c, code := range grid[r-1] {
			if code = strings.TrimSpace(code); code != "" && c+1 != sub.KeyCol {
				sub.Cols[code] = c + 1
			}
		}
		for r := sub.KeyRow; r < len(grid); r++ {
			if row := grid[r]; sub.KeyCol-1 < len(row) {
				if key := strings.TrimSpace(row[sub.KeyCol-1]); key != "" && key != templates.KeyHeading {
					if _, dup := sub.Rows[key]; !dup {
						sub.Rows[key] = r + 1
					}
				}
			}
		}
		return grid, nil
	}
	return nil, nil
}

// find returns the 1-based position of the first cell holding text, or 0, 0.
func find(grid [][]string, text string) (row, col int) {
	for r, cells := range grid {
		for c, v := range cells {
			if v == text {
				return r + 1, c + 1
			}
		}
	}
	return 0, 0
}

// readIdentity reads the identity from the very hidden sheet, or else from the custom document
// properties.
func readIdentity(wb *xlsx.Workbook) (schema.Identity, bool) {
	vals := map[string]string{}
	if grid, err := wb.Grid(templates.MetaSheet); err == nil {
		for _, row := range grid {
			if len(row) >= 2 {
				vals[row[0]] = row[1]
			}
		}
	}
	if vals["form"] == "" {
		for k, v := range wb.Properties() {
			if key, ok := strings.CutPrefix(k, "chitieu."); ok {
				vals[key] = v
			}
		}
	}
	id := schema.Identity{Plan: vals["plan"], PlanVersion: vals["plan_version"], Form: vals["form"], FormVersion: vals["form_version"],
		Fingerprint: vals["fingerprint"], Unit: vals["unit"], Period: vals["period"]}
	return id, id.Form != ""
}

func firstCol(cols map[string]int) int {
	first := 0
	for _, c := range cols {
		if first == 0 || c < first {
			first = c
		}
	}
	return first
}

// extra finds the non-empty cells in and beside the table that are no part of the form: in a
// keyed row, a cell right of the table or in a column without a key, or a value typed over a
// "x"; in a row inserted inside the table, any cell. Rows above the table (the heading block) and
// below it (the signatures) are the unit's to fill.
func (sub *Submission) extra(grid [][]string, f *schema.Form, labelCol int) []Cell {
	keyOfRow := map[int]string{}
	first, last := 0, 0
	for r := sub.KeyRow; r < len(grid); r++ {
		if row := grid[r]; sub.KeyCol-1 < len(row) {
			if key := strings.TrimSpace(row[sub.KeyCol-1]); key != "" {
				keyOfRow[r+1] = key
				if first == 0 {
					first = r + 1
				}
				last = r + 1
			}
		}
	}
	codeOfCol := map[int]string{}
	for code, c := range sub.Cols {
		codeOfCol[c] = code
	}
	var out []Cell
	for r := first; r > 0 && r <= last; r++ {
		key := keyOfRow[r]
		row := f.Row(key)
		for c, v := range grid[r-1] {
			col := c + 1
			if strings.TrimSpace(v) == "" || col == sub.KeyCol {
				continue
			}
			code, isFormCol := codeOfCol[col]
			switch {
			case key == "":
				// A row the user inserted into the table.
			case col <= labelCol+1:
				continue // number, label, unit: checked as labels
			case key == templates.KeyHeading:
				// Heading rows have no figures.
			case row == nil:
				continue // a row of another version: missing-row and wrong-version say so
			case isFormCol && !row.Applies(code) && v == "x":
				continue
			case isFormCol && row.Applies(code):
				continue // the form's own cell: checked as a value
			}
			out = append(out, Cell{Row: r, Col: col, Value: xlsx.Value{Kind: xlsx.Text, Raw: v}})
		}
	}
	return out
}
