package xlsx

import (
	"fmt"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// Rows is a worksheet written from top to bottom, a row at a time, through excelize's stream
// writer: the sheet is never held in memory as cells, so a sheet with a row per submitted figure
// costs the same memory for fifty files as for fifty thousand. Its set-up (column widths, frozen
// panes, print titles) is given when it is made; rows are then written in increasing order.
type Rows struct {
	b    *Book
	name string
	sw   *excelize.StreamWriter
	last int // the last row written
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
}

// ColsWidth is the width of the columns From..To.
type ColsWidth struct {
	From, To int
	Width    float64
}

// Rows adds a streamed worksheet.
func (b *Book) Rows(name string, setup RowsSetup) *Rows {
	s := b.Sheet(name)
	r := &Rows{b: b, name: name}
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
	for _, w := range setup.Widths {
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

// Write writes a row from column 1; height is in points, 0 for the default. Rows must come in
// increasing order.
func (r *Rows) Write(row int, height float64, cells ...Out) {
	if r.sw == nil || r.b.err != nil {
		return
	}
	if row <= r.last {
		r.b.fail(fmt.Errorf("xlsx: sheet %s: row %d written after row %d", r.name, row, r.last))
		return
	}
	r.last = row
	vals := make([]any, len(cells))
	for i, c := range cells {
		ec := excelize.Cell{StyleID: r.b.style(c.st)}
		switch c.kind {
		case outText:
			ec.Value = c.text
		case outNumber, outFormula:
			ec.Formula = c.formula
			if c.digits != "" {
				f, err := strconv.ParseFloat(c.digits, 64)
				if err != nil {
					r.b.fail(fmt.Errorf("xlsx: sheet %s: %s: %q is not a number", r.name, Cell(row, i+1), c.digits))
					return
				}
				ec.Value = f
			}
		}
		vals[i] = ec
	}
	var opts []excelize.RowOpts
	if height > 0 {
		opts = append(opts, excelize.RowOpts{Height: min(height, MaxRowHeight)})
	}
	r.b.fail(r.sw.SetRow(Cell(row, 1), vals, opts...))
}

// Merge merges a rectangle of cells of a streamed sheet; the top-left cell's value and style
// show.
func (r *Rows) Merge(r1, c1, r2, c2 int) {
	if r.sw == nil {
		return
	}
	r.b.fail(r.sw.MergeCell(Cell(r1, c1), Cell(r2, c2)))
}

// PageBreak starts a new printed page at row, which may be a row already written.
func (r *Rows) PageBreak(row int) {
	if r.sw == nil {
		return
	}
	r.b.fail(r.sw.InsertPageBreak(Cell(row, 1)))
}

// Table makes rows first..last (1-based; first the header) of columns 1..cols an Excel table
// named name, with filter buttons on its header: what PivotTable and Power BI look for. It is
// called once, after the rows are written.
func (r *Rows) Table(name string, first, last, cols int) {
	if r.sw == nil {
		return
	}
	off := false
	r.b.fail(r.sw.AddTable(&excelize.Table{Range: Cell(first, 1) + ":" + Cell(last, cols), Name: name, StyleName: "TableStyleLight1", ShowRowStripes: &off}))
}
