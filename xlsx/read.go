package xlsx

import (
	"archive/zip"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

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
	// Time bounds how long reading one workbook may take, from Open on: reading is linear
	// within the other limits, so this only stops what is pathological.
	Time time.Duration
}

// DefaultLimits are generous for a report form (a few hundred kilobytes) and small for memory.
var DefaultLimits = Limits{File: 64 << 20, Unzipped: 256 << 20, SheetXML: 64 << 20, Rows: 10000, Cols: 500, Time: time.Minute}

// Workbook is an opened workbook, for reading. It reads the parts it needs straight from the zip
// with a streaming XML decoder: a sheet is read in one pass that keeps only the cells holding a
// value or a formula, and a cell beyond the row or column limit stops the reading with TooLarge,
// so what a sheet costs is bounded by the limits, whatever its XML says.
//
// A Workbook is not safe for concurrent use; open one per goroutine.
type Workbook struct {
	file  io.Closer
	parts map[string]*zip.File // by partName: part names are case-insensitive
	lim   Limits
	// budget is when reading must have ended.
	budget budget
	// sheets are the sheets in the workbook's order; byName finds one by name (the first of
	// that name).
	sheets []sheetRef
	byName map[string]int
	// bookPart, propsPart, stringsPart and stylesPart are where the workbook, the custom
	// properties, the shared strings and the styles are.
	bookPart, propsPart, stringsPart, stylesPart string
	// date1904 is the workbook's date system: day 0 is 1904-01-01 instead of 1899-12-31.
	date1904 bool
	// reads counts the times each part was opened.
	reads map[string]int
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

// Visible reports whether the workbook has a sheet of that name shown in the tab bar: neither
// hidden nor very hidden.
func (wb *Workbook) Visible(name string) bool {
	i, ok := wb.byName[name]
	return ok && wb.sheets[i].state != "hidden" && wb.sheets[i].state != "veryHidden"
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
	// Invalid is a value stored as a number or a logical value whose text is not one
	// (<v>0x1p4</v>, <v>1,5</v>, <v>INF</v>): what a spreadsheet shows as 0 or refuses to open.
	// Raw holds the text.
	Invalid
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
	// epoch1904 is the workbook's date system, for Time.
	epoch1904 bool
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

// builtinFormats are the number formats Excel does not write into the file (ECMA-376 part 1,
// §18.8.30), the dates and times among them; 27–36 and 50–58 are the dates of East Asian
// versions, given here by what they are.
var builtinFormats = map[int]string{1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00",
	12: "# ?/?", 13: "# ??/??", 14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM",
	19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm", 37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)",
	39: "#,##0.00;(#,##0.00)", 40: "#,##0.00;[Red](#,##0.00)", 45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
	27: "yyyy-mm-dd", 28: "yyyy-mm-dd", 29: "yyyy-mm-dd", 30: "mm-dd-yy", 31: "yyyy-mm-dd", 32: "h:mm:ss", 33: "h:mm:ss",
	34: "h:mm:ss", 35: "h:mm:ss", 36: "yyyy-mm-dd", 50: "yyyy-mm-dd", 51: "yyyy-mm-dd", 52: "yyyy-mm", 53: "yyyy-mm-dd",
	54: "yyyy-mm-dd", 55: "yyyy-mm-dd", 56: "yyyy-mm-dd", 57: "yyyy-mm", 58: "yyyy-mm-dd"}

// Date reports whether the cell is a number shown as a date or a time: 45366 formatted
// dd/mm/yyyy is 15/03/2024 on screen, and not a figure. A number format is a date's when, outside
// quoted text, escapes and [brackets] (colours, locales), it has a day, month, year, hour,
// minute or second code; an elapsed time [h] is one too.
func (v Value) Date() bool {
	if v.Kind != Number {
		return false
	}
	f := strings.ReplaceAll(strings.ToLower(v.NumFmt), "general", "")
	quoted := false
	for i := 0; i < len(f); i++ {
		switch ch := f[i]; {
		case ch == '"':
			quoted = !quoted
		case quoted:
		case ch == '\\' || ch == '_' || ch == '*':
			i++
		case ch == '[':
			end := strings.IndexByte(f[i:], ']')
			if end < 0 {
				return false
			}
			inner := f[i+1 : i+end]
			if inner != "" && strings.Trim(inner, "hms") == "" {
				return true // [h]:mm, [mm]:ss: elapsed time
			}
			i += end
		case ch == ';':
			return false // the first section decides: later ones are for negatives and text
		case ch == 'd' || ch == 'm' || ch == 'y' || ch == 'h' || ch == 's':
			return true
		}
	}
	return false
}

// epoch1900 is day 0 of the 1900 date system from 1 March 1900 on (Excel counts a 29 February
// 1900 that never was, so its day 1 is 1900-01-01 and day 61 is 1900-03-01).
var epoch1900 = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// DateSerial is the 1900-system serial number of a day from 1 March 1900 on: what a
// date-formatted cell stores for it.
func DateSerial(day time.Time) int {
	y, m, d := day.Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Sub(epoch1900).Hours() / 24)
}

// Time returns the date and time a date-formatted number stands for (Date), in the workbook's
// date system, counted as Excel counts (1900 taken as a leap year).
func (v Value) Time() (time.Time, bool) {
	f, err := strconv.ParseFloat(v.Digits, 64)
	if err != nil || f < 0 || f > 2958465 { // 9999-12-31
		return time.Time{}, false
	}
	epoch := epoch1900
	if v.epoch1904 {
		epoch = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	} else if f < 61 {
		epoch = epoch.AddDate(0, 0, 1) // before Excel's 29 February 1900, which never was
	}
	days := math.Floor(f)
	secs := math.Round((f - days) * 86400)
	return epoch.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second), true
}

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
	return wb.value(c, sd.formula(row, c))
}

// value is what a stored cell holds, its formula given.
func (wb *Workbook) value(c *cell, formula string) (Value, error) {
	raw, err := wb.text(c)
	if err != nil {
		return Value{}, err
	}
	v := Value{Raw: raw, Formula: formula, epoch1904: wb.date1904}
	switch c.typ {
	case typeNumber:
		switch {
		case v.Raw == "":
		case !IsNumber(v.Raw):
			v.Kind = Invalid
		default:
			v.Kind = Number
			v.Digits = Digits(v.Raw)
		}
	case typeBool:
		v.Kind = Bool
		if r := strings.TrimSpace(v.Raw); r != "0" && r != "1" && r != "true" && r != "false" {
			v.Kind = Invalid
		}
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
		if int(c.style) < len(fmts) {
			v.NumFmt = fmts[c.style]
		}
	}
	return v, nil
}

// IsNumber reports whether s is a number as a spreadsheet stores one: the XML Schema double's
// lexical form (XSD 1.0 part 2, §3.2.5) with surrounding spaces, and finite. Go's own grammar is
// wider: it takes 0x1p4, 1_000, Inf and NaN, which no spreadsheet shows as a number.
func IsNumber(s string) bool {
	s = strings.TrimSpace(s)
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for ; i < len(s) && isDigit(s[i]); i++ {
		digits++
	}
	if i < len(s) && s[i] == '.' {
		for i++; i < len(s) && isDigit(s[i]); i++ {
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for ; i < len(s) && isDigit(s[i]); i++ {
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	if i != len(s) {
		return false
	}
	f, err := strconv.ParseFloat(s, 64)
	return err == nil && !math.IsInf(f, 0)
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
	if !IsNumber(raw) {
		return raw
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
	if err != nil {
		return raw
	}
	d, err := decimal.NewFromString(strconv.FormatFloat(f, 'g', 15, 64))
	if err != nil {
		return raw
	}
	return d.String()
}
