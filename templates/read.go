package templates

import (
	"strings"

	"chitieu/finding"
	"chitieu/schema"
	"chitieu/xlsx"
)

// Key names an input cell by what it holds: an indicator's value in a column.
type Key struct{ Indicator, Column string }

// Filled is what a filled-in form holds, found by its keys and not by fixed positions, so that
// rows inserted by a user, notes typed beside the table or a changed column width move nothing.
type Filled struct {
	// Identity is what the workbook says it is; Identified is false when it says nothing.
	Identity   schema.Identity
	Identified bool
	Sheet      string
	// KeyRow and KeyCol are where the column codes and the row keys stand now.
	KeyRow, KeyCol int
	// Rows maps an indicator to its sheet row now; Cols a column code to its sheet column.
	Rows map[string]int
	Cols map[string]int
	// Grid is the raw text of every cell of the form's sheet.
	Grid [][]string
}

// ErrNoForm means the workbook holds no chitieu form: it was not made by chitieu, or its
// hidden key row was deleted.
var ErrNoForm = finding.Errorf("tệp không chứa biểu mẫu do chitieu lập (không tìm thấy hàng khóa ẩn).",
	"the file holds no form made by chitieu (no hidden key row found).")

// Read finds the form in an opened workbook.
func Read(wb *xlsx.Workbook) (*Filled, error) {
	fl := &Filled{Rows: map[string]int{}, Cols: map[string]int{}}
	fl.Identity, fl.Identified = readIdentity(wb)
	for _, name := range wb.Sheets() {
		if name == MetaSheet {
			continue
		}
		grid, err := wb.Grid(name)
		if err != nil {
			return nil, err
		}
		if r, c := find(grid, MarkerColumns); r > 0 {
			fl.Sheet, fl.Grid, fl.KeyRow, fl.KeyCol = name, grid, r, c
			break
		}
	}
	if fl.Sheet == "" {
		return nil, ErrNoForm
	}
	for c, code := range fl.Grid[fl.KeyRow-1] {
		if code = strings.TrimSpace(code); code != "" && c+1 != fl.KeyCol {
			fl.Cols[code] = c + 1
		}
	}
	for r := fl.KeyRow; r < len(fl.Grid); r++ {
		if row := fl.Grid[r]; fl.KeyCol-1 < len(row) {
			if key := strings.TrimSpace(row[fl.KeyCol-1]); key != "" && key != KeyHeading {
				if _, dup := fl.Rows[key]; !dup {
					fl.Rows[key] = r + 1
				}
			}
		}
	}
	return fl, nil
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
	if grid, err := wb.Grid(MetaSheet); err == nil {
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

// Value returns the cell of an indicator's row in a column as stored, and where it stands now;
// ok is false when the row or the column is not in the sheet.
func (fl *Filled) Value(wb *xlsx.Workbook, k Key) (v xlsx.Value, row, col int, ok bool) {
	row, col = fl.Rows[k.Indicator], fl.Cols[k.Column]
	if row == 0 || col == 0 {
		return xlsx.Value{}, row, col, false
	}
	v, err := wb.Cell(fl.Sheet, row, col)
	return v, row, col, err == nil
}
