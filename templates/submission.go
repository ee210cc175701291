package templates

import (
	"errors"
	"strings"

	"chitieu/schema"
	"chitieu/xlsx"
)

// ReadSubmission reads a filled-in form from an opened workbook: what it says it is, where its
// rows and columns stand, the raw cells of the plan's form, the labels, and the cells that are no
// part of the form. Bad data never fails it; only a failure to read the file does.
func ReadSubmission(wb *xlsx.Workbook, file string, p *schema.Plan) (*schema.Submission, error) {
	sub := &schema.Submission{File: file, Rows: map[string]int{}, Cols: map[string]int{},
		Cells: map[schema.CellKey]schema.RawCell{}, Labels: map[string]schema.RawCell{}, Units: map[string]schema.RawCell{}}
	fl, err := Read(wb)
	if errors.Is(err, ErrNoForm) {
		sub.Identity, sub.Identified = readIdentity(wb)
		return sub, nil
	}
	if err != nil {
		return nil, err
	}
	sub.Identity, sub.Identified, sub.Sheet = fl.Identity, fl.Identified, fl.Sheet
	sub.Rows, sub.Cols = fl.Rows, fl.Cols
	f := p.Form(fl.Identity.Form)
	if f == nil {
		return sub, nil
	}
	labelCol := colLabel
	if first := firstCol(fl.Cols); first > 0 {
		labelCol = first - (colFirst - colLabel)
	}
	read := func(row, col int) (schema.RawCell, error) {
		v, err := wb.Cell(fl.Sheet, row, col)
		return raw(v, row, col), err
	}
	for i := range f.Rows {
		r := &f.Rows[i]
		row := fl.Rows[r.Indicator]
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
			if col := fl.Cols[c.Code]; col > 0 {
				if sub.Cells[schema.CellKey{Indicator: r.Indicator, Column: c.Code}], err = read(row, col); err != nil {
					return nil, err
				}
			}
		}
	}
	sub.Extra = extra(fl, f, labelCol)
	return sub, nil
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

func raw(v xlsx.Value, row, col int) schema.RawCell {
	c := schema.RawCell{Row: row, Col: col, Raw: v.Raw, Digits: v.Digits, Formula: v.Formula, Percent: v.Percent()}
	switch v.Kind {
	case xlsx.Number:
		c.Kind = schema.RawNumber
	case xlsx.Text:
		c.Kind = schema.RawText
	case xlsx.Bool:
		c.Kind = schema.RawBool
	case xlsx.ErrorValue:
		c.Kind = schema.RawError
	}
	return c
}

// extra finds the non-empty cells in and beside the table that are no part of the form: in a
// keyed row, a cell right of the table or in a column without a key, or a value typed over a
// "x"; in a row inserted inside the table, any cell. Rows above the table (the heading block) and
// below it (the signatures) are the unit's to fill.
func extra(fl *Filled, f *schema.Form, labelCol int) []schema.RawCell {
	keyOfRow := map[int]string{}
	first, last := 0, 0
	for r := fl.KeyRow; r < len(fl.Grid); r++ {
		if row := fl.Grid[r]; fl.KeyCol-1 < len(row) {
			if key := strings.TrimSpace(row[fl.KeyCol-1]); key != "" {
				keyOfRow[r+1] = key
				if first == 0 {
					first = r + 1
				}
				last = r + 1
			}
		}
	}
	codeOfCol := map[int]string{}
	for code, c := range fl.Cols {
		codeOfCol[c] = code
	}
	var out []schema.RawCell
	for r := first; r > 0 && r <= last; r++ {
		key := keyOfRow[r]
		row := f.Row(key)
		for c, v := range fl.Grid[r-1] {
			col := c + 1
			if strings.TrimSpace(v) == "" || col == fl.KeyCol {
				continue
			}
			code, isFormCol := codeOfCol[col]
			switch {
			case key == "":
				// A row the user inserted into the table.
			case col <= labelCol+1:
				continue // number, label, unit: checked as labels
			case key == KeyHeading:
				// Heading rows have no figures.
			case row == nil:
				continue // a row of another version: missing-row and wrong-version say so
			case isFormCol && !row.Applies(code) && v == "x":
				continue
			case isFormCol && row.Applies(code):
				continue // the form's own cell: checked as a value
			}
			out = append(out, schema.RawCell{Row: r, Col: col, Kind: schema.RawText, Raw: v})
		}
	}
	return out
}
