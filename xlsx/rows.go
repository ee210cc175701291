package xlsx

import (
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Rows is a worksheet written from top to bottom, a row at a time, through excelize's stream
// writer: the sheet is never held in memory as cells, so a sheet with a row per submitted figure
// costs the same memory for fifty files as for fifty thousand. Its set-up (column widths, frozen
// panes, print titles) is given when it is made; rows are then written in increasing order.
//
// The rows themselves are written here as the worksheet XML excelize's stream writer makes (the
// same bytes: TestRowsAsExcelize), into a spool of their own, and put between the sheet's
// <sheetData> tags when the book is saved; excelize writes the rest of the sheet (set-up,
// merged cells, page breaks, table). Its stream writer turned each cell into an interface value,
// a cell name and an XML element, and held the whole sheet in a buffer that was copied again
// into the zip: half the time of a province workbook went there.
type Rows struct {
	b    *Book
	name string
	sw   *excelize.StreamWriter
	last int    // the last row written
	data *spool // the rows' XML
	buf  []byte // one row's XML, reused
	head int    // the table's heading row (RowsSetup.TableHead), also given to excelize
	// merges and breaks are the merged rectangles and page breaks, given to excelize when the
	// book is saved.
	merges [][4]int
	breaks []int
	// A detached sheet (Book.Detach) is written on a goroutine of its own: it touches nothing
	// of the book's, taking its styles from frozen (the book's, as they were when it was
	// detached) and keeping its first error in err until the book joins it.
	frozen map[Style]int
	recent recentStyles // the frozen styles last looked up
	err    error
	done   chan struct{}
	// packed, for a sheet detached before its first row, takes the rows in place of data,
	// deflating them on the sheet's goroutine.
	packed *packed
}

// style is the book's style entry for st.
func (r *Rows) style(st Style) int {
	if r.frozen == nil {
		return r.b.style(st)
	}
	if id, ok := r.recent.find(st); ok {
		return id
	}
	if id, ok := r.frozen[st]; ok {
		r.recent.put(st, id)
		return id
	}
	r.fail(fmt.Errorf("xlsx: sheet %s: a style not prepared when its rows were detached: %+v", r.name, st))
	return 0
}

func (r *Rows) fail(err error) {
	if r.frozen == nil {
		r.b.fail(err)
	} else if r.err == nil {
		r.err = err
	}
}

// failed reports whether writing the sheet has failed: the book, or a detached sheet itself.
func (r *Rows) failed() bool {
	if r.frozen == nil {
		return r.b.err != nil
	}
	return r.err != nil
}

// Detach writes r's rows on a goroutine of its own, by calling write, while the book's other
// sheets are written; Save waits for it. The styles the rows use are numbered first, in the
// order given, so that the file's bytes do not depend on which goroutine came first; a style
// not given is an error of the save. Write must touch nothing of the book but r. A sheet is
// detached before its first row (its rows are then deflated as they are written, and the save
// takes them when it comes to them); detaching it later is an error of the save.
func (b *Book) Detach(r *Rows, styles []Style, write func()) {
	if r.last != 0 {
		b.fail(fmt.Errorf("xlsx: sheet %s: detached after row %d was written", r.name, r.last))
		return
	}
	for _, st := range styles {
		b.style(st)
	}
	r.frozen = maps.Clone(b.styles)
	r.packed = newPacked()
	r.done = make(chan struct{})
	b.detached = append(b.detached, r)
	go func() {
		defer close(r.done)
		write()
		if r.packed != nil && r.err == nil {
			r.fail(r.packed.finish(r.merges))
		}
	}()
}

// join waits for the detached sheets and takes their errors.
func (b *Book) join() {
	for _, r := range b.detached {
		<-r.done
		b.fail(r.err)
		r.frozen, r.sw = nil, nil
	}
	b.detached = nil
}

// RowsSetup is how a streamed sheet is laid out.
type RowsSetup struct {
	// Widths are column widths in characters, in order: {From, To, Width}.
	Widths []ColsWidth
	// FreezeRow and FreezeCol keep the rows above and the columns left of them in view; 0 is
	// no frozen pane.
	FreezeRow, FreezeCol int
	// TitleFrom and TitleTo are the rows printed at the top of every page (A4 landscape, one
	// page wide); 0 is no print set-up.
	TitleFrom, TitleTo int
	// Page, when set, is the print set-up instead of TitleFrom and TitleTo.
	Page *Page
	// TableHead is the row of column headings of the sheet's table (Table), 0 for none: its
	// texts name the table's columns.
	TableHead int
}

// ColsWidth is the width of the columns From..To.
type ColsWidth struct {
	From, To int
	Width    float64
}

// Rows adds a streamed worksheet.
func (b *Book) Rows(name string, setup RowsSetup) *Rows {
	s := b.Sheet(name)
	r := &Rows{b: b, name: name, data: &spool{}, head: setup.TableHead}
	switch {
	case setup.Page != nil:
		s.PrintPage(*setup.Page) // before the stream: it writes sheetPr first
	case setup.TitleTo > 0:
		s.PrintSetup(setup.TitleFrom, setup.TitleTo)
	}
	sw, err := b.f.NewStreamWriter(name)
	if err != nil {
		b.fail(err)
		return r
	}
	r.sw = sw
	// excelize's stream writer puts each range it is given before those it holds: given last
	// to first, the columns come out in order, as spreadsheets expect them.
	for _, w := range slices.Backward(setup.Widths) {
		b.fail(sw.SetColWidth(w.From, w.To, w.Width))
	}
	if setup.FreezeRow > 0 {
		row, col := setup.FreezeRow, max(setup.FreezeCol, 1)
		pane := "bottomRight"
		if col == 1 {
			pane = "bottomLeft"
		}
		b.fail(sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: col - 1, YSplit: row - 1, TopLeftCell: Cell(row, col), ActivePane: pane,
			Selection: []excelize.Selection{{SQRef: Cell(row, col), ActiveCell: Cell(row, col), Pane: pane}}}))
	}
	b.streams = append(b.streams, r)
	return r
}

// Out is one cell of a streamed row: made by T, N, F or Blank.
type Out struct {
	text, digits, formula string
	kind                  outKind
	st                    Style
}

type outKind uint8

const (
	outBlank outKind = iota
	outText
	outNumber
	outFormula
	outNone
)

// T is a text cell; it stays text whatever it looks like, so "=1+1" is not a formula.
func T(text string, st Style) Out { return Out{kind: outText, text: XMLSafe(text), st: st} }

// N is a number from its decimal digits ("16.4", "-3").
func N(digits string, st Style) Out { return Out{kind: outNumber, digits: digits, st: st} }

// F is a formula (without "=") with its computed result, a number's digits or "" for none.
func F(formula, result string, st Style) Out {
	return Out{kind: outFormula, formula: formula, digits: result, st: st}
}

// Blank is an empty cell with a style.
func Blank(st Style) Out { return Out{st: st} }

// None is no cell at all: the column is skipped.
func None() Out { return Out{kind: outNone} }

// Write writes a row from column 1; height is in points, 0 for the default. Rows must come in
// increasing order.
func (r *Rows) Write(row int, height float64, cells ...Out) {
	if r.sw == nil || r.failed() {
		return
	}
	if row <= r.last {
		r.fail(fmt.Errorf("xlsx: sheet %s: row %d written after row %d", r.name, row, r.last))
		return
	}
	if len(cells) > excelize.MaxColumns {
		r.fail(fmt.Errorf("xlsx: sheet %s: row %d has %d cells, more than a sheet's %d columns", r.name, row, len(cells), excelize.MaxColumns))
		return
	}
	r.last = row
	b := append(r.buf[:0], `<row r="`...)
	b = strconv.AppendInt(b, int64(row), 10)
	b = append(b, '"')
	if height > 0 {
		b = append(b, ` ht="`...)
		b = strconv.AppendFloat(b, min(height, MaxRowHeight), 'f', -1, 64)
		b = append(b, `" customHeight="1"`...)
	}
	b = append(b, '>')
	for i, c := range cells {
		if c.kind == outNone {
			continue
		}
		b = append(b, `<c r="`...)
		b = appendColumn(b, i+1)
		b = strconv.AppendInt(b, int64(row), 10)
		b = append(b, '"')
		if s := r.style(c.st); s != 0 {
			b = append(b, ` s="`...)
			b = strconv.AppendInt(b, int64(s), 10)
			b = append(b, '"')
		}
		switch c.kind {
		case outText:
			b = appendInlineString(b, c.text)
		case outNumber, outFormula:
			var value []byte
			if c.digits != "" {
				f, err := strconv.ParseFloat(c.digits, 64)
				if err != nil {
					r.fail(fmt.Errorf("xlsx: sheet %s: %s: %q is not a number", r.name, Cell(row, i+1), c.digits))
					return
				}
				value = strconv.AppendFloat(nil, f, 'f', -1, 64)
			}
			switch {
			case c.formula != "" && value == nil:
				b = append(b, ` t="str"><f>`...)
				b = appendEscaped(b, c.formula)
				b = append(b, `</f>`...)
			case c.formula != "":
				b = append(b, `><f>`...)
				b = appendEscaped(b, c.formula)
				b = append(b, `</f><v>`...)
				b = append(b, value...)
				b = append(b, `</v>`...)
			case value != nil:
				b = append(b, `><v>`...)
				b = append(b, value...)
				b = append(b, `</v>`...)
			default:
				b = append(b, '>')
			}
		default:
			b = append(b, '>')
		}
		b = append(b, `</c>`...)
	}
	b = append(b, `</row>`...)
	r.buf = b
	var out io.Writer = r.data
	if r.packed != nil {
		out = r.packed
	}
	if _, err := out.Write(b); err != nil {
		r.fail(err)
		return
	}
	if row == r.head && r.frozen == nil {
		// The table's column names are read by excelize from the rows it holds: this one row is
		// given to it too, and what it holds between the sheetData tags is replaced on saving.
		r.b.fail(r.sw.SetRow(Cell(row, 1), r.excelizeCells(row, cells)))
	}
}

// excelizeCells are cells as excelize's stream writer takes them.
func (r *Rows) excelizeCells(row int, cells []Out) []any {
	vals := make([]any, len(cells))
	for i, c := range cells {
		if c.kind == outNone {
			continue
		}
		ec := excelize.Cell{StyleID: r.b.style(c.st), Formula: c.formula}
		switch c.kind {
		case outText:
			ec.Value = c.text
		case outNumber, outFormula:
			if c.digits != "" {
				f, err := strconv.ParseFloat(c.digits, 64)
				if err != nil {
					r.b.fail(fmt.Errorf("xlsx: sheet %s: %s: %q is not a number", r.name, Cell(row, i+1), c.digits))
				}
				ec.Value = f
			}
		}
		vals[i] = ec
	}
	return vals
}

// appendColumn appends a 1-based column's letters: 1 → A, 27 → AA.
func appendColumn(b []byte, col int) []byte {
	var l [3]byte
	i := len(l)
	for col > 0 {
		col--
		i--
		l[i] = byte('A' + col%26)
		col /= 26
	}
	return append(b, l[i:]...)
}

// maxCellChars is how many UTF-16 code units a cell holds; excelize cuts a longer text there.
const maxCellChars = 32767

// appendInlineString appends a text cell's type and value, as excelize's stream writer writes
// it: the text cut to what a cell holds, xml:space="preserve" when it begins or ends with white
// space, escaped for XML but for its line feeds, and an _xHHHH_ in it escaped as _x005F_xHHHH_.
func appendInlineString(b []byte, text string) []byte {
	text = cutUTF16(text, maxCellChars)
	b = append(b, ` t="inlineStr"><is><t`...)
	if text != "" && (isXMLSpace(text[0]) || isXMLSpace(text[len(text)-1])) {
		b = append(b, ` xml:space="preserve"`...)
	}
	b = append(b, '>')
	if strings.Contains(text, "_x") {
		var esc []byte
		esc = appendEscapedText(esc, text, true)
		b = append(b, bstrMarshal(string(esc))...)
	} else {
		b = appendEscapedText(b, text, true)
	}
	return append(b, `</t></is>`...)
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// cutUTF16 cuts s to at most n UTF-16 code units.
func cutUTF16(s string, n int) string {
	if len(s) <= n {
		return s // a UTF-8 byte is at most one code unit
	}
	cnt := 0
	for i, c := range s {
		if cnt += utf16.RuneLen(c); cnt > n {
			return s[:i]
		}
	}
	return s
}

// appendEscaped appends s escaped as encoding/xml's EscapeText does.
func appendEscaped(b []byte, s string) []byte { return appendEscapedText(b, s, false) }

// appendEscapedText appends s escaped as encoding/xml's EscapeText does; with keepLF, a line
// feed is kept as it is (excelize's inline strings).
func appendEscapedText(b []byte, s string, keepLF bool) []byte {
	last := 0
	for i := 0; i < len(s); {
		c, width := rune(s[i]), 1
		if c >= utf8.RuneSelf {
			c, width = utf8.DecodeRuneInString(s[i:])
		}
		var esc string
		switch c {
		case '"':
			esc = "&#34;"
		case '\'':
			esc = "&#39;"
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '\t':
			esc = "&#x9;"
		case '\n':
			if keepLF {
				i += width
				continue
			}
			esc = "&#xA;"
		case '\r':
			esc = "&#xD;"
		default:
			if !inXMLRange(c) || c == utf8.RuneError && width == 1 {
				esc = "\uFFFD"
				break
			}
			i += width
			continue
		}
		b = append(b, s[last:i]...)
		b = append(b, esc...)
		i += width
		last = i
	}
	return append(b, s[last:]...)
}

// inXMLRange reports whether XML 1.0 allows the character (encoding/xml's isInCharacterRange).
func inXMLRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

var (
	bstrExp       = regexp.MustCompile(`_x[a-fA-F\d]{4}_`)
	bstrEscapeExp = regexp.MustCompile(`x[a-fA-F\d]{4}_`)
)

// bstrMarshal escapes what reads as an OOXML escape (_xHHHH_) in a text, as excelize does
// (its lib.go): "_x0001_" becomes "_x005F_x0001_".
func bstrMarshal(s string) (result string) {
	matches, l, cursor := bstrExp.FindAllStringSubmatchIndex(s, -1), len(s), 0
	for _, match := range matches {
		result += s[cursor:match[0]]
		subStr := s[match[0]:match[1]]
		if subStr == "_x005F_" {
			cursor = match[1]
			if match[1]+6 <= l && bstrEscapeExp.MatchString(s[match[1]:match[1]+6]) {
				_, err := strconv.Unquote(`"\u` + s[match[1]+1:match[1]+5] + `"`)
				if err == nil {
					result += subStr + "x005F" + subStr
					continue
				}
			}
			result += subStr + "x005F_"
			continue
		}
		if bstrExp.MatchString(subStr) {
			cursor = match[1]
			if _, err := strconv.Unquote(`"\u` + s[match[0]+2:match[1]-1] + `"`); err == nil {
				result += "_x005F" + subStr
				continue
			}
		}
	}
	if cursor < l {
		result += s[cursor:]
	}
	return result
}

// Merge merges a rectangle of cells of a streamed sheet; the top-left cell's value and style
// show.
func (r *Rows) Merge(r1, c1, r2, c2 int) {
	if min(r1, c1, r2, c2) < 1 || r2 > excelize.TotalRows || c2 > excelize.MaxColumns {
		r.fail(fmt.Errorf("xlsx: sheet %s: no such cells to merge: rows %d–%d, columns %d–%d", r.name, r1, r2, c1, c2))
		return
	}
	r.merges = append(r.merges, [4]int{r1, c1, r2, c2})
}

// PageBreak starts a new printed page at row, which may be a row already written.
func (r *Rows) PageBreak(row int) {
	r.breaks = append(r.breaks, row)
}

// flush gives excelize the page breaks, and the merges when it holds the rows (else they are
// written with the rows, spliceRows), and ends the stream.
func (r *Rows) flush() error {
	if r.frozen != nil {
		// Detached: its rows, merged cells and page breaks are its goroutine's, and go into the
		// zip with its rows (writePacked).
		return r.sw.Flush()
	}
	if r.data == nil {
		for _, m := range r.merges {
			if err := r.sw.MergeCell(Cell(m[0], m[1]), Cell(m[2], m[3])); err != nil {
				return err
			}
		}
	}
	for _, row := range r.breaks {
		if err := r.sw.InsertPageBreak(Cell(row, 1)); err != nil {
			return err
		}
	}
	r.breaks = nil
	return r.sw.Flush()
}

// Table makes rows first..last (1-based; first the header) of columns 1..cols an Excel table
// named name, with filter buttons on its header: what PivotTable and Power BI look for. It is
// called once, after the rows are written; first is the sheet's RowsSetup.TableHead.
func (r *Rows) Table(name string, first, last, cols int) {
	if r.sw == nil {
		return
	}
	if r.frozen != nil {
		r.fail(fmt.Errorf("xlsx: sheet %s: a table on a detached sheet", r.name))
		return
	}
	if first != r.head {
		r.b.fail(fmt.Errorf("xlsx: sheet %s: a table headed by row %d, but RowsSetup.TableHead is %d", r.name, first, r.head))
		return
	}
	off := false
	r.b.fail(r.sw.AddTable(&excelize.Table{Range: Cell(first, 1) + ":" + Cell(last, cols), Name: name, StyleName: "TableStyleLight1", ShowRowStripes: &off}))
}
