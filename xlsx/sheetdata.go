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

// maxStoredCells bounds the cells holding something that reading a whole sheet into memory
// (Grid, Cell, Tables) keeps; Walk and Find keep none and have no such bound.
const maxStoredCells = 1_000_000

// DetailCells is the detail of an *OpenError for a sheet read whole that holds more cells than
// maxStoredCells.
const DetailCells = "cells"

// ref returns the sheet with the name.
func (wb *Workbook) ref(name string) (sheetRef, error) {
	i, ok := wb.byName[name]
	if !ok {
		return sheetRef{}, fmt.Errorf("%q: %w", name, ErrNoSheet)
	}
	return wb.sheets[i], nil
}

// sheet reads a worksheet, or returns it if it was the last one read.
func (wb *Workbook) sheet(name string) (*sheetData, error) {
	if wb.last != nil && wb.last.name == name {
		return wb.last, nil
	}
	s, err := wb.ref(name)
	if err != nil {
		return nil, err
	}
	sd, err := wb.readSheet(s)
	if err != nil {
		return nil, err
	}
	wb.last = sd
	return sd, nil
}

// readSheet reads a worksheet's cells in one pass. Cells that hold neither a value nor a formula
// are not kept. A cell holding something beyond the limits stops it with TooLarge.
func (wb *Workbook) readSheet(s sheetRef) (*sheetData, error) {
	sd := &sheetData{name: s.name}
	n := 0
	err := wb.stream(s, sd, func(row int, c cell) error {
		if n++; n > maxStoredCells {
			return &OpenError{TooLarge, DetailCells}
		}
		sd.put(row, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for len(sd.rows) > 0 && len(sd.rows[len(sd.rows)-1]) == 0 {
		sd.rows = sd.rows[:len(sd.rows)-1]
	}
	return sd, nil
}

// Walk calls visit with every cell of a sheet that holds a value or a formula (1-based row and
// column), in the order the sheet's XML lists them, keeping none: walking a sheet costs the same
// memory however many cells it has. A cell the XML lists twice is visited twice, the one that
// counts last. An error from visit stops the walk and is returned.
func (wb *Workbook) Walk(sheet string, visit func(row, col int, v Value) error) error {
	return wb.walk(sheet, nil, visit)
}

// walk is Walk visiting only the cells keep accepts (nil: all), which cost no more than being
// read past.
func (wb *Workbook) walk(sheet string, keep func(row, col int) bool, visit func(row, col int, v Value) error) error {
	s, err := wb.ref(sheet)
	if err != nil {
		return err
	}
	sd := &sheetData{name: s.name}
	return wb.stream(s, sd, func(row int, c cell) error {
		if keep != nil && !keep(row, c.col) {
			return nil
		}
		v, err := wb.value(&c, sd.formula(row, &c))
		if err != nil {
			return err
		}
		return visit(row, c.col, v)
	})
}

// smallSheet is the largest sheet part, in unzipped bytes, that Find and Cells hold in memory: a
// form's is some tens of kilobytes, and a sheet this size costs some tens of megabytes at most.
// A larger one is streamed, once per pass.
const smallSheet = 4 << 20

// small reports whether a sheet's part is small enough to hold in memory.
func (wb *Workbook) small(s sheetRef) bool {
	zf := wb.parts[partName(s.part)]
	return zf != nil && zf.UncompressedSize64 <= smallSheet
}

// Cells is a sheet's cells, to be read more than once.
type Cells struct {
	wb    *Workbook
	sheet string
	sd    *sheetData // nil when streamed
}

// Cells returns a sheet's cells for reading in several passes: held in memory when the sheet's
// part is small (a form's is), read again from the file on each pass otherwise, so that memory
// stays bounded whatever the sheet holds.
func (wb *Workbook) Cells(sheet string) (*Cells, error) {
	s, err := wb.ref(sheet)
	if err != nil {
		return nil, err
	}
	c := &Cells{wb: wb, sheet: sheet}
	if wb.small(s) {
		if c.sd, err = wb.sheet(sheet); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Each calls visit with every cell that holds a value or a formula, as Walk does; held in
// memory, a cell listed twice is visited once, as it counts.
func (c *Cells) Each(visit func(row, col int, v Value) error) error { return c.EachWhere(nil, visit) }

// EachWhere is Each visiting only the cells keep accepts (nil: all).
func (c *Cells) EachWhere(keep func(row, col int) bool, visit func(row, col int, v Value) error) error {
	if c.sd == nil {
		return c.wb.walk(c.sheet, keep, visit)
	}
	for r, cells := range c.sd.rows {
		for i := range cells {
			if keep != nil && !keep(r+1, cells[i].col) {
				continue
			}
			v, err := c.wb.value(&cells[i], c.sd.formula(r+1, &cells[i]))
			if err != nil {
				return err
			}
			if err := visit(r+1, cells[i].col, v); err != nil {
				return err
			}
		}
	}
	return nil
}

var errFound = errors.New("found")

// Find returns the first worksheet, in the workbook's order, with a cell whose text is text, and
// that cell's 1-based row and column; sheet is "" when none has one. Each part is read once
// however many sheets name it, and only up to that cell, keeping nothing: the sheets that are not
// the one looked for cost a streaming pass and no memory.
func (wb *Workbook) Find(text string) (sheet string, row, col int, err error) {
	seen := map[string]bool{}
	for _, s := range wb.sheets {
		if s.kind != "worksheet" && s.kind != "" || seen[s.part] {
			continue
		}
		seen[s.part] = true
		if wb.small(s) {
			// Read whole, and kept for the passes over the form's sheet that follow.
			sd, err := wb.sheet(s.name)
			if err != nil {
				return "", 0, 0, err
			}
			for r, cells := range sd.rows {
				for i := range cells {
					if t := cells[i].typ; t == typeNumber || t == typeBool || t == typeError {
						continue
					}
					if t, err := wb.text(&cells[i]); err != nil {
						return "", 0, 0, err
					} else if t == text {
						return s.name, r + 1, cells[i].col, nil
					}
				}
			}
			continue
		}
		err := wb.stream(s, &sheetData{name: s.name}, func(r int, c cell) error {
			if c.typ == typeNumber || c.typ == typeBool || c.typ == typeError {
				return nil
			}
			t, err := wb.text(&c)
			if err != nil {
				return err
			}
			if t == text {
				row, col = r, c.col
				return errFound
			}
			return nil
		})
		switch {
		case errors.Is(err, errFound):
			return s.name, row, col, nil
		case err != nil:
			return "", 0, 0, err
		}
	}
	return "", 0, 0, nil
}

// stream reads a worksheet's XML in one pass and gives visit each cell that holds a value or a
// formula, with its row; sd collects the shared formulas' masters, which the cells sharing them
// need. A cell holding something beyond the limits stops it with TooLarge.
func (wb *Workbook) stream(s sheetRef, sd *sheetData, visit func(row int, c cell) error) error {
	r, err := wb.open(s.part, wb.lim.SheetXML)
	var oe *OpenError
	switch {
	case errors.Is(err, errNoPart):
		return &OpenError{NotWorkbook, "sheet " + s.name + " has no part"}
	case errors.As(err, &oe) && oe.Detail == DetailPart:
		return &OpenError{TooLarge, DetailSheetSize}
	case err != nil:
		return err
	}
	defer r.Close()
	ts := newTokens(r, &wb.budget)
	var (
		row, col int
		c        cell
		has      bool // c has a value, an inline string or a formula
		inData   bool
		shared   = map[string]int{} // si → 1 + index in sd.shared
	)
	fail := func(err error) error {
		var oe *OpenError
		if errors.As(err, &oe) || errors.Is(err, errFound) {
			return err
		}
		return fmt.Errorf("%s: %w", s.part, err)
	}
	for {
		tok, err := ts.next()
		if err == io.EOF {
			return nil
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
				if col > maxCols {
					return fail(fmt.Errorf("a cell beyond column %d in row %d", maxCols, row))
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
					return &OpenError{TooLarge, DetailRows}
				}
				if wb.lim.Cols > 0 && col > wb.lim.Cols {
					return &OpenError{TooLarge, DetailCols}
				}
				c.col = col
				if err := visit(row, c); err != nil {
					return fail(err)
				}
			}
		}
	}
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
