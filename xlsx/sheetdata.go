package xlsx

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
)

// Reading one worksheet in a single streaming pass, keeping only the cells that hold something.

// sheetData holds the cells of one worksheet that hold a value or a formula: rows[r-1] holds
// the cells of row r in column order. Only cells holding something take room, so what a sheet
// costs follows its XML and not how far apart its cells stand.
type sheetData struct {
	name   string
	rows   [][]cell
	shared []sharedFormula
}

// formula is a cell's formula text, a shared formula moved to the cell.
func (sd *sheetData) formula(row int, c *cell) string {
	if c.shared == 0 {
		return c.formula
	}
	m := sd.shared[c.shared-1]
	return shiftRefs(m.formula, row-m.row, c.col-m.col)
}

// at returns the cell at a 1-based row and column, or nil.
func (sd *sheetData) at(row, col int) *cell {
	if row < 1 || row > len(sd.rows) {
		return nil
	}
	cells := sd.rows[row-1]
	i, ok := slices.BinarySearchFunc(cells, col, func(c cell, col int) int { return c.col - col })
	if !ok {
		return nil
	}
	return &cells[i]
}

// cell is a cell as stored in the sheet's XML.
type cell struct {
	col     int
	v       string // <v>, or an inline string's text
	formula string
	// shared is 1 + the index in sheetData.shared of the shared formula the cell uses, whose
	// text is made only when the cell is read (a sheet can have a million cells sharing one
	// long formula); 0 for none.
	shared int
	typ    cellType
	style  int
}

type cellType uint8

const (
	typeNumber cellType = iota // t="n", no t, or a t no program writes
	typeShared                 // t="s": v is an index into the shared strings
	typeInline                 // t="inlineStr"
	typeString                 // t="str": a formula's text result
	typeBool                   // t="b"
	typeError                  // t="e"
	typeDate                   // t="d": an ISO 8601 date as text
)

var cellTypes = map[string]cellType{"n": typeNumber, "s": typeShared, "inlineStr": typeInline, "str": typeString,
	"b": typeBool, "e": typeError, "d": typeDate}

// ErrNoSheet is returned for a sheet name the workbook does not have.
var ErrNoSheet = errors.New("no such sheet")

// sheet reads a worksheet, or returns it if it was the last one read.
func (wb *Workbook) sheet(name string) (*sheetData, error) {
	if wb.last != nil && wb.last.name == name {
		return wb.last, nil
	}
	for _, s := range wb.sheets {
		if s.name == name {
			sd, err := wb.readSheet(s)
			if err != nil {
				return nil, err
			}
			wb.last = sd
			return sd, nil
		}
	}
	return nil, fmt.Errorf("%q: %w", name, ErrNoSheet)
}

// readSheet reads a worksheet's cells in one pass. Cells that hold neither a value nor a formula
// are not kept. A cell holding something beyond the limits stops it with TooLarge.
func (wb *Workbook) readSheet(s sheetRef) (*sheetData, error) {
	sd := &sheetData{name: s.name}
	r, err := wb.open(s.part)
	if errors.Is(err, errNoPart) {
		return nil, &OpenError{NotWorkbook, "sheet " + s.name + " has no part"}
	}
	if err != nil {
		return nil, err
	}
	defer r.Close()
	ts := newTokens(r)
	var (
		row, col int
		c        cell
		has      bool // c has a value, an inline string or a formula
		inData   bool
		shared   = map[string]int{} // si → 1 + index in sd.shared
	)
	fail := func(err error) (*sheetData, error) {
		var oe *OpenError
		if errors.As(err, &oe) {
			return nil, err
		}
		return nil, fmt.Errorf("%s: %w", s.part, err)
	}
	for {
		tok, err := ts.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fail(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "sheetData":
				inData = true
			case "row":
				if !inData {
					continue
				}
				row++
				if ref := attr(t, "r"); ref != "" {
					if row, err = strconv.Atoi(ref); err != nil || row < 1 || row > maxRows {
						return fail(fmt.Errorf("row number %q", ref))
					}
				}
				col = 0
			case "c":
				if !inData {
					continue
				}
				col++
				if ref := attr(t, "r"); ref != "" {
					cr, cc, ok := parseRef(ref)
					if !ok {
						return fail(fmt.Errorf("cell reference %q", ref))
					}
					if row == 0 {
						row = cr
					}
					if cr != row {
						return fail(fmt.Errorf("cell %q in row %d", ref, row))
					}
					col = cc
				}
				if row == 0 {
					return fail(errors.New("a cell outside any row"))
				}
				c, has = cell{typ: cellTypes[attr(t, "t")]}, false
				if s := attr(t, "s"); s != "" {
					c.style, _ = strconv.Atoi(s)
				}
			case "v":
				if !inData {
					continue
				}
				if c.v, err = text(ts); err != nil {
					return fail(err)
				}
				has = true
			case "is":
				if !inData {
					continue
				}
				if c.v, err = stringItem(ts); err != nil {
					return fail(err)
				}
				has = true
			case "f":
				if !inData {
					continue
				}
				kind, si, ref := attr(t, "t"), attr(t, "si"), attr(t, "ref")
				if c.formula, err = text(ts); err != nil {
					return fail(err)
				}
				if kind == "shared" && si != "" {
					if c.formula != "" && ref != "" {
						sd.shared = append(sd.shared, sharedFormula{c.formula, row, col})
						shared[si] = len(sd.shared)
					} else if i, ok := shared[si]; ok && c.formula == "" {
						c.shared = i
					}
				}
				has = has || c.formula != "" || c.shared > 0
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "sheetData":
				inData = false
			case "c":
				if !inData || !has {
					continue
				}
				if wb.lim.Rows > 0 && row > wb.lim.Rows {
					return nil, &OpenError{TooLarge, DetailRows}
				}
				if wb.lim.Cols > 0 && col > wb.lim.Cols {
					return nil, &OpenError{TooLarge, DetailCols}
				}
				c.col = col
				sd.put(row, c)
			}
		}
	}
	for len(sd.rows) > 0 && len(sd.rows[len(sd.rows)-1]) == 0 {
		sd.rows = sd.rows[:len(sd.rows)-1]
	}
	return sd, nil
}

// put adds a cell to its row. Writers list cells in order; one out of order is put in its place,
// and a cell listed twice keeps what was listed last.
func (sd *sheetData) put(row int, c cell) {
	for len(sd.rows) < row {
		sd.rows = append(sd.rows, nil)
	}
	cells := sd.rows[row-1]
	i, found := slices.BinarySearchFunc(cells, c.col, func(x cell, col int) int { return x.col - col })
	if found {
		cells[i] = c
		return
	}
	sd.rows[row-1] = slices.Insert(cells, i, c)
}

// The largest sheet a spreadsheet has.
const (
	maxRows = 1048576
	maxCols = 16384
)

// parseRef reads a cell reference such as "AB12".
func parseRef(ref string) (row, col int, ok bool) {
	i := 0
	for i < len(ref) && i < 3 {
		ch := ref[i] | 0x20 // lower case
		if ch < 'a' || ch > 'z' {
			break
		}
		col = col*26 + int(ch-'a'+1)
		i++
	}
	if i == 0 || i == len(ref) {
		return 0, 0, false
	}
	row, err := strconv.Atoi(ref[i:])
	if err != nil || ref[i] == '+' || ref[i] == '-' || row < 1 || row > maxRows || col > maxCols {
		return 0, 0, false
	}
	return row, col, true
}

// sharedFormula is the master of a shared formula (<f t="shared" ref="…" si="…">): the cells that
// share it hold only si, and their formula is the master's moved by their distance from it.
type sharedFormula struct {
	formula  string
	row, col int
}
