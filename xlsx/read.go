package xlsx

import (
	"math"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/xuri/excelize/v2"
)

// Limits bound what opening a workbook may cost, against zip bombs and giant sheets.
type Limits struct {
	// File is the most bytes the file itself may have.
	File int64
	// Unzipped is the most bytes the whole workbook may unzip to.
	Unzipped int64
	// SheetXML is the most bytes one worksheet may unzip to.
	SheetXML int64
	// Rows and Cols bound the rows read from a sheet and the cells read from a row.
	Rows, Cols int
}

// DefaultLimits are generous for a report form (a few hundred kilobytes) and small for memory.
var DefaultLimits = Limits{File: 64 << 20, Unzipped: 256 << 20, SheetXML: 64 << 20, Rows: 10000, Cols: 500}

// Workbook is an opened workbook, for reading.
type Workbook struct {
	f   *excelize.File
	lim Limits
}

// Close releases the workbook's temporary files.
func (wb *Workbook) Close() error { return wb.f.Close() }

// Sheets returns the names of the worksheets, in order.
func (wb *Workbook) Sheets() []string { return wb.f.GetSheetList() }

// Properties returns the document's custom properties as text.
func (wb *Workbook) Properties() map[string]string {
	out := map[string]string{}
	props, err := wb.f.GetCustomProps()
	if err != nil {
		return out
	}
	for _, p := range props {
		if s, ok := p.Value.(string); ok {
			out[p.Name] = s
		}
	}
	return out
}

// Grid returns the raw text of every cell of a sheet, by row: numbers as stored ("0.164"),
// strings as written, formulas as their cached result. Rows and cells past the last non-empty
// one are absent.
// A sheet with more rows or wider rows than the limits gives an *OpenError (TooLarge): it is
// streamed from the file, so the limit is reached before the sheet is held in memory.
func (wb *Workbook) Grid(sheet string) ([][]string, error) {
	rows, err := wb.f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var grid [][]string
	for rows.Next() {
		if wb.lim.Rows > 0 && len(grid) >= wb.lim.Rows {
			return nil, &OpenError{TooLarge, DetailRows}
		}
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, err
		}
		if wb.lim.Cols > 0 && len(cols) > wb.lim.Cols {
			return nil, &OpenError{TooLarge, DetailCols}
		}
		grid = append(grid, cols)
	}
	// Trailing empty rows are not part of the grid, as GetRows has it.
	for len(grid) > 0 && len(grid[len(grid)-1]) == 0 {
		grid = grid[:len(grid)-1]
	}
	return grid, rows.Error()
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

// Percent reports whether the cell is formatted as a percentage, so that 16.4% is stored 0.164.
func (v Value) Percent() bool { return strings.Contains(v.NumFmt, "%") }

// builtinFormats are the number formats Excel does not write into the file.
var builtinFormats = map[int]string{9: "0%", 10: "0.00%", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 49: "@"}

// Cell reads one cell (1-based row and column).
func (wb *Workbook) Cell(sheet string, row, col int) (Value, error) {
	ref := Cell(row, col)
	raw, err := wb.f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		return Value{}, err
	}
	typ, err := wb.f.GetCellType(sheet, ref)
	if err != nil {
		return Value{}, err
	}
	formula, err := wb.f.GetCellFormula(sheet, ref)
	if err != nil {
		return Value{}, err
	}
	v := Value{Raw: raw, Formula: formula}
	switch typ {
	case excelize.CellTypeSharedString, excelize.CellTypeInlineString, excelize.CellTypeFormula, excelize.CellTypeDate:
		v.Kind = Text
	case excelize.CellTypeBool:
		v.Kind = Bool
	case excelize.CellTypeError:
		v.Kind = ErrorValue
	default:
		if raw != "" {
			v.Kind = Number
		}
	}
	if v.Kind == Number {
		v.Digits = Digits(raw)
	}
	if v.Kind == Text && raw == "" && formula == "" {
		v.Kind = Empty
	}
	if idx, err := wb.f.GetCellStyle(sheet, ref); err == nil && idx > 0 {
		if st, err := wb.f.GetStyle(idx); err == nil {
			switch {
			case st.CustomNumFmt != nil:
				v.NumFmt = *st.CustomNumFmt
			default:
				v.NumFmt = builtinFormats[st.NumFmt]
			}
		}
	}
	return v, nil
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
