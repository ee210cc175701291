package xlsx

import (
	"encoding/xml"
	"strings"
)

// TableCell is one non-empty cell of a Table.
type TableCell struct {
	Row, Col int // 1-based
	// Text is the cell's content: a text cell as typed, a number's digits ("16.4", "45839"),
	// "1" or "0" for a logical value.
	Text   string
	Number bool // stored as a number
	Bool   bool // stored as a logical value
	// Percent is set on a number formatted as a percentage: 16,4% is stored 0.164.
	Percent bool
	// Formula is the cell's formula, without "=", if it holds one.
	Formula string
}

// Table is one worksheet read whole, as the plan loader takes it (schema.Table has the same
// fields, so a TableCell converts to a schema.TableCell).
type Table struct {
	Sheet string
	// Cells are the sheet's non-empty cells, by row and then column.
	Cells []TableCell
	// Merged are the sheet's merged ranges, as 1-based [top, left, bottom, right].
	Merged [][4]int
}

// Tables returns every worksheet as a Table: its non-empty cells with their positions,
// whether each is a number, a logical value or a percentage and its formula, and the sheet's
// merged ranges. It is how a plan workbook reaches the plan loader. A sheet over the limits
// gives an *OpenError (TooLarge).
func (wb *Workbook) Tables() ([]Table, error) {
	out := make([]Table, 0, len(wb.sheets))
	for _, s := range wb.sheets {
		sd, err := wb.sheet(s.name)
		if err != nil {
			return nil, err
		}
		t := Table{Sheet: s.name}
		for r, cells := range sd.rows {
			for _, c := range cells {
				v, err := wb.Cell(s.name, r+1, c.col)
				if err != nil {
					return nil, err
				}
				if v.Kind == Empty {
					continue
				}
				tc := TableCell{Row: r + 1, Col: c.col, Text: v.Raw, Formula: v.Formula}
				switch v.Kind {
				case Number:
					tc.Text, tc.Number, tc.Percent = v.Digits, true, v.Percent()
				case Bool:
					tc.Bool = true
				}
				t.Cells = append(t.Cells, tc)
			}
		}
		if t.Merged, err = wb.merged(s.part); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// merged reads the merged ranges of a worksheet part: <mergeCell ref="A1:C1"/>.
func (wb *Workbook) merged(part string) ([][4]int, error) {
	var out [][4]int
	err := wb.scan(part, wb.lim.SheetXML, func(_ *tokens, se xml.StartElement) error {
		if se.Name.Local != "mergeCell" {
			return nil
		}
		a, b, _ := strings.Cut(attr(se, "ref"), ":")
		r1, c1, ok1 := parseRef(a)
		r2, c2, ok2 := r1, c1, true
		if b != "" {
			r2, c2, ok2 = parseRef(b)
		}
		if ok1 && ok2 && len(out) < 10000 {
			out = append(out, [4]int{r1, c1, r2, c2})
		}
		return nil
	})
	return out, err
}
