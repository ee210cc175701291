package xlsx

import (
	"archive/zip"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Limits bound what opening a workbook may cost, against zip bombs and giant sheets.
type Limits struct {
	// File is the most bytes the file itself may have.
	File int64
	// Unzipped is the most bytes the whole workbook may unzip to.
	Unzipped int64
	// SheetXML is the most bytes one worksheet may unzip to.
	SheetXML int64
	// Rows and Cols bound where a cell holding something may stand: its row number and its
	// column number.
	Rows, Cols int
}

// DefaultLimits are generous for a report form (a few hundred kilobytes) and small for memory.
var DefaultLimits = Limits{File: 64 << 20, Unzipped: 256 << 20, SheetXML: 64 << 20, Rows: 10000, Cols: 500}

// Workbook is an opened workbook, for reading. It reads the parts it needs straight from the zip
// with a streaming XML decoder: a sheet is read in one pass that keeps only the cells holding a
// value or a formula, and a cell beyond the row or column limit stops the reading with TooLarge,
// so what a sheet costs is bounded by the limits, whatever its XML says.
//
// A Workbook is not safe for concurrent use; open one per goroutine.
type Workbook struct {
	file  io.Closer
	parts map[string]*zip.File // by lower-case name: part names are case-insensitive
	lim   Limits
	// sheets are the worksheets in the workbook's order.
	sheets []sheetRef
	// stringsPart and stylesPart are where the shared strings and the styles are.
	stringsPart, stylesPart string
	// strs are the shared strings, fmts the number format of each cell style; both are read on
	// first need.
	strs, fmts         []string
	strsRead, fmtsRead bool
	// last is the sheet read last: reading goes sheet by sheet.
	last *sheetData
}

// Close releases the file.
func (wb *Workbook) Close() error { return wb.file.Close() }

// Sheets returns the names of the worksheets, in order.
func (wb *Workbook) Sheets() []string {
	names := make([]string, len(wb.sheets))
	for i, s := range wb.sheets {
		names[i] = s.name
	}
	return names
}

// Properties returns the document's custom properties that hold text.
func (wb *Workbook) Properties() map[string]string {
	props, err := wb.customProperties()
	if err != nil {
		return map[string]string{}
	}
	return props
}

// Grid returns the raw text of every cell of a sheet, by row: numbers as stored ("0.164"),
// strings as written, formulas as their cached result. Rows and cells past the last non-empty
// one are absent.
// A cell holding something beyond the row or column limit gives an *OpenError (TooLarge).
func (wb *Workbook) Grid(sheet string) ([][]string, error) {
	sd, err := wb.sheet(sheet)
	if err != nil {
		return nil, err
	}
	grid := make([][]string, len(sd.rows))
	for r, cells := range sd.rows {
		if len(cells) == 0 {
			continue
		}
		row := make([]string, cells[len(cells)-1].col)
		for i := range cells {
			if row[cells[i].col-1], err = wb.text(&cells[i]); err != nil {
				return nil, err
			}
		}
		grid[r] = row
	}
	return grid, nil
}

// ValueKind is the type a cell's value is stored with.
type ValueKind uint8

// Kinds of stored value.
const (
	Empty ValueKind = iota
	Number
	Text
	Bool
	ErrorValue // #DIV/0!, #REF!, …
)

// Value is a cell as stored: its kind, its raw text, its formula if any, and its number format.
type Value struct {
	Kind ValueKind
	Raw  string // the stored text: "0.164", "16,4", "#DIV/0!"; a formula's cached result
	// Digits is a number as a spreadsheet shows it at full precision: rounded to the 15
	// significant digits Excel keeps, without exponent. Programs that write a typed 570.31 as
	// 570.3099999999999 (openpyxl) give back 570.31. Empty unless Kind is Number.
	Digits  string
	Formula string // without "="; empty when the cell holds no formula
	NumFmt  string // the number format code, e.g. "0.0%"; empty for General
}

// Percent reports whether the cell is formatted as a percentage, so that 16.4% is stored 0.164:
// its number format has a % that is not literal text ("%" in quotes or \% shows a percent sign
// without scaling).
func (v Value) Percent() bool {
	quoted := false
	for i := 0; i < len(v.NumFmt); i++ {
		switch ch := v.NumFmt[i]; {
		case ch == '"':
			quoted = !quoted
		case quoted:
		case ch == '\\' || ch == '_' || ch == '*':
			i++ // the next character is shown (or padded with) as is
		case ch == '%':
			return true
		}
	}
	return false
}

// builtinFormats are the number formats Excel does not write into the file.
var builtinFormats = map[int]string{9: "0%", 10: "0.00%", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 49: "@"}

// Cell reads one cell (1-based row and column).
func (wb *Workbook) Cell(sheet string, row, col int) (Value, error) {
	sd, err := wb.sheet(sheet)
	if err != nil {
		return Value{}, err
	}
	c := sd.at(row, col)
	if c == nil {
		return Value{}, nil
	}
	raw, err := wb.text(c)
	if err != nil {
		return Value{}, err
	}
	v := Value{Raw: raw, Formula: sd.formula(row, c)}
	switch c.typ {
	case typeNumber:
		if v.Raw != "" {
			v.Kind = Number
			v.Digits = Digits(v.Raw)
		}
	case typeBool:
		v.Kind = Bool
	case typeError:
		v.Kind = ErrorValue
	default:
		v.Kind = Text
	}
	if v.Kind == Text && v.Raw == "" && v.Formula == "" {
		v.Kind = Empty
	}
	if c.style > 0 {
		fmts, err := wb.numFmts()
		if err != nil {
			return Value{}, err
		}
		if c.style < len(fmts) {
			v.NumFmt = fmts[c.style]
		}
	}
	return v, nil
}

// text is a cell's raw text: a shared string looked up, anything else as stored.
// A reference to a shared string the file does not have is an error: the file is damaged.
func (wb *Workbook) text(c *cell) (string, error) {
	if c.typ != typeShared {
		return c.v, nil
	}
	idx := strings.TrimSpace(c.v)
	if idx == "" {
		return "", nil // <c t="s"><v></v></c>: no string
	}
	strs, err := wb.sharedStrings()
	if err != nil {
		return "", err
	}
	i, err := strconv.Atoi(idx)
	if err != nil || i < 0 || i >= len(strs) {
		return "", fmt.Errorf("a cell refers to shared string %q, which the file does not have", c.v)
	}
	return strs[i], nil
}

// Digits rounds a stored number to the 15 significant digits a spreadsheet keeps and writes it
// without exponent ("570.3099999999999" → "570.31", "1E-3" → "0.001"). Text that is not a number
// comes back unchanged.
func Digits(raw string) string {
	f, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return raw
	}
	d, err := decimal.NewFromString(strconv.FormatFloat(f, 'g', 15, 64))
	if err != nil {
		return raw
	}
	return d.String()
}
