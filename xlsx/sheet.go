package xlsx

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// Font is the font of every cell: official documents are set in Times New Roman.
const Font = "Times New Roman"

// Align is a horizontal alignment.
type Align uint8

// Alignments.
const (
	General Align = iota
	Left
	Center
	Right
)

// Style is how a cell looks and whether a user may type in it. It is a value: equal styles share
// one entry of the workbook's style sheet.
type Style struct {
	Bold, Italic bool
	Size         float64 // points; 0 means 12
	Color        string  // font colour, RRGGBB; empty is black
	Align        Align
	Top          bool // align to the top instead of the middle
	Wrap         bool
	Indent       int
	Border       bool   // a thin border on every side
	Fill         string // background, RRGGBB; empty is none
	Input        bool   // unlocked: the user may type here when the sheet is protected
	NumFmt       string // number format code, e.g. "#,##0.0"; empty is General
}

// Sheet is a worksheet of a Book.
type Sheet struct {
	b    *Book
	name string
}

func (s *Sheet) style(st Style) int { return s.b.style(st) }

// style returns the workbook's style entry for st, adding it on first use.
func (b *Book) style(st Style) int {
	if id, ok := b.recent.find(st); ok {
		return id
	}
	id, ok := b.styles[st]
	if !ok {
		id = b.newStyle(st)
	}
	b.recent.put(st, id)
	return id
}

// recentStyles are the styles last looked up, compared before a map of styles is hashed: a
// streamed sheet's rows use the same few styles over and over.
type recentStyles struct {
	last [8]styleID
	next int
	hit  int // where the last one found was: a row's cells take their styles in the same order
}

type styleID struct {
	st Style
	id int
	ok bool
}

func (r *recentStyles) find(st Style) (int, bool) {
	for i := range len(r.last) {
		j := (r.hit + 1 + i) % len(r.last)
		if x := &r.last[j]; x.ok && x.st == st {
			r.hit = j
			return x.id, true
		}
	}
	return 0, false
}

func (r *recentStyles) put(st Style, id int) {
	r.last[r.next] = styleID{st, id, true}
	r.next = (r.next + 1) % len(r.last)
}

// newStyle adds the workbook's style entry for st.
func (b *Book) newStyle(st Style) int {
	size := st.Size
	if size == 0 {
		size = 12
	}
	es := &excelize.Style{
		Font:       &excelize.Font{Family: Font, Size: size, Bold: st.Bold, Italic: st.Italic, Color: st.Color},
		Alignment:  &excelize.Alignment{Vertical: "center", WrapText: st.Wrap, Indent: st.Indent},
		Protection: &excelize.Protection{Locked: !st.Input},
	}
	if st.Top {
		es.Alignment.Vertical = "top"
	}
	es.Alignment.Horizontal = [...]string{"", "left", "center", "right"}[st.Align]
	if st.Border {
		for _, side := range []string{"left", "right", "top", "bottom"} {
			es.Border = append(es.Border, excelize.Border{Type: side, Color: "000000", Style: 1})
		}
	}
	if st.Fill != "" {
		es.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{st.Fill}}
	}
	if st.NumFmt != "" {
		code := st.NumFmt
		es.CustomNumFmt = &code
	}
	id, err := b.f.NewStyle(es)
	b.fail(err)
	b.styles[st] = id
	return id
}

// Style sets the style of a cell without touching its value.
func (s *Sheet) Style(row, col int, st Style) {
	c := Cell(row, col)
	s.b.fail(s.b.f.SetCellStyle(s.name, c, c, s.style(st)))
}

// StyleRange sets the style of every cell of a rectangle.
func (s *Sheet) StyleRange(r1, c1, r2, c2 int, st Style) {
	s.b.fail(s.b.f.SetCellStyle(s.name, Cell(r1, c1), Cell(r2, c2), s.style(st)))
}

// Text writes a string; it is stored as text whatever it looks like, so "=1+1" stays text.
func (s *Sheet) Text(row, col int, text string, st Style) {
	c := Cell(row, col)
	s.b.fail(s.b.f.SetCellStr(s.name, c, XMLSafe(text)))
	s.Style(row, col, st)
}

// Number writes a number from its exact decimal digits ("16.4", "-3").
func (s *Sheet) Number(row, col int, digits string, st Style) {
	c := Cell(row, col)
	s.b.fail(s.b.f.SetCellDefault(s.name, c, digits))
	s.Style(row, col, st)
}

// Formula writes a formula (without the leading "=").
func (s *Sheet) Formula(row, col int, formula string, st Style) {
	c := Cell(row, col)
	s.b.fail(s.b.f.SetCellFormula(s.name, c, formula))
	s.Style(row, col, st)
}

// FormulaValue writes a formula with its computed result (a number's digits), so that every
// viewer shows the number and a spreadsheet that recalculates finds the same.
func (s *Sheet) FormulaValue(row, col int, formula, result string, st Style) {
	s.Formula(row, col, formula, st)
	if result == "" {
		return
	}
	c := s.b.cached[s.name]
	if c == nil {
		c = map[string]string{}
		s.b.cached[s.name] = c
	}
	c[Cell(row, col)] = result
}

// Merge merges a rectangle of cells; the value and style of the top-left cell show.
func (s *Sheet) Merge(r1, c1, r2, c2 int) {
	s.b.fail(s.b.f.MergeCell(s.name, Cell(r1, c1), Cell(r2, c2)))
}

// ColWidth sets the width of a column, in characters.
func (s *Sheet) ColWidth(col int, width float64) {
	n := ColumnName(col)
	s.b.fail(s.b.f.SetColWidth(s.name, n, n, width))
}

// RowHeight sets the height of a row, in points, at most MaxRowHeight: a spreadsheet has no
// taller row, and a caller's estimate over it must not cost the whole workbook.
func (s *Sheet) RowHeight(row int, height float64) {
	s.b.fail(s.b.f.SetRowHeight(s.name, row, min(height, MaxRowHeight)))
}

// HideRow hides a row.
func (s *Sheet) HideRow(row int) { s.b.fail(s.b.f.SetRowVisible(s.name, row, false)) }

// HideCol hides a column.
func (s *Sheet) HideCol(col int) { s.b.fail(s.b.f.SetColVisible(s.name, ColumnName(col), false)) }

// Freeze keeps the rows above row and the columns left of col in view when scrolling.
func (s *Sheet) Freeze(row, col int) {
	pane := "bottomRight"
	if col == 1 {
		pane = "bottomLeft"
	}
	s.b.fail(s.b.f.SetPanes(s.name, &excelize.Panes{
		Freeze: true, XSplit: col - 1, YSplit: row - 1, TopLeftCell: Cell(row, col), ActivePane: pane,
		Selection: []excelize.Selection{{SQRef: Cell(row, col), ActiveCell: Cell(row, col), Pane: pane}},
	}))
}

// Protect locks every cell that is not an input. There is no password: protection guards
// against slips, and a unit that must change the form can unprotect it (validate then notices).
// Selecting cells, resizing rows and columns and inserting rows stay allowed.
func (s *Sheet) Protect() {
	s.b.fail(s.b.f.ProtectSheet(s.name, &excelize.SheetProtectionOptions{
		SelectLockedCells: true, SelectUnlockedCells: true, FormatColumns: true, FormatRows: true, InsertRows: true,
	}))
}

// PrintSetup prints the sheet on A4 landscape, one page wide, repeating rows r1..r2 at the top of
// every page.
func (s *Sheet) PrintSetup(r1, r2 int) {
	size, orient, one, zero, fit := 9, "landscape", 1, 0, true
	s.b.fail(s.b.f.SetPageLayout(s.name, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &zero}))
	s.b.fail(s.b.f.SetSheetProps(s.name, &excelize.SheetPropsOptions{FitToPage: &fit}))
	m, top := 0.4, 0.6
	s.b.fail(s.b.f.SetPageMargins(s.name, &excelize.PageLayoutMarginsOptions{Left: &m, Right: &m, Top: &top, Bottom: &top}))
	s.b.fail(s.b.f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Titles", Scope: s.name, RefersTo: fmt.Sprintf("'%s'!$%d:$%d", s.name, r1, r2),
	}))
}

// ValidationKind is what an input cell accepts.
type ValidationKind uint8

// Kinds of validation.
const (
	Decimal ValidationKind = iota + 1
	Whole
	TextLength
)

// Validation is Excel's data validation of a cell, with the message shown when the cell is
// selected and the one shown when a value is refused.
type Validation struct {
	Kind       ValidationKind
	Min, Max   string // bounds as formulas ("0", "100"); empty is unbounded
	InputTitle string // at most 32 characters
	Input      string // at most 255 characters
	ErrorTitle string
	Error      string
}

// unbounded stands in for a missing bound: data validation needs both for "between".
const unbounded = "999999999999999"

// Validate adds data validation to a cell.
func (s *Sheet) Validate(row, col int, v Validation) {
	dv := excelize.NewDataValidation(true)
	dv.SetSqref(Cell(row, col))
	lo, hi := v.Min, v.Max
	if lo == "" {
		lo = "-" + unbounded
	}
	if hi == "" {
		hi = unbounded
	}
	var err error
	switch v.Kind {
	case Decimal:
		err = dv.SetRange(lo, hi, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween)
	case Whole:
		err = dv.SetRange(lo, hi, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween)
	case TextLength:
		err = dv.SetRange(0, 255, excelize.DataValidationTypeTextLength, excelize.DataValidationOperatorBetween)
	}
	s.b.fail(err)
	dv.SetInput(clip(v.InputTitle, 32), clip(v.Input, 255))
	dv.SetError(excelize.DataValidationErrorStyleStop, clip(v.ErrorTitle, 32), clip(v.Error, 255))
	s.b.fail(s.b.f.AddDataValidation(s.name, dv))
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// restyle changes a cell's style in place: the cell keeps all of its style but what change sets.
func (s *Sheet) restyle(row, col int, change func(*excelize.Style)) {
	ref := Cell(row, col)
	idx, err := s.b.f.GetCellStyle(s.name, ref)
	if err != nil {
		s.b.fail(err)
		return
	}
	st, err := s.b.f.GetStyle(idx)
	if err != nil {
		s.b.fail(err)
		return
	}
	change(st)
	id, err := s.b.f.NewStyle(st)
	s.b.fail(err)
	s.b.fail(s.b.f.SetCellStyle(s.name, ref, ref, id))
}

// Link makes a cell a link to a place in the workbook, such as "'Biểu 01-CT-TK'!E12".
func (s *Sheet) Link(row, col int, location string) {
	s.b.fail(s.b.f.SetCellHyperLink(s.name, Cell(row, col), location, "Location"))
}

// Put writes text into a cell, keeping its style: what typing into an existing form does.
func (s *Sheet) Put(row, col int, text string) {
	s.b.fail(s.b.f.SetCellStr(s.name, Cell(row, col), text))
}

// PutNumber writes a number into a cell from its decimal digits, keeping the cell's style.
func (s *Sheet) PutNumber(row, col int, digits string) {
	s.b.fail(s.b.f.SetCellDefault(s.name, Cell(row, col), digits))
}

// PutFormula writes a formula into a cell, keeping its style. No result is stored with it.
func (s *Sheet) PutFormula(row, col int, formula string) {
	s.b.fail(s.b.f.SetCellFormula(s.name, Cell(row, col), formula))
}

// Format gives a cell a number format, keeping the rest of its style.
func (s *Sheet) Format(row, col int, numFmt string) {
	s.restyle(row, col, func(st *excelize.Style) { st.NumFmt, st.CustomNumFmt = 0, &numFmt })
}

// InsertRows inserts n empty rows before row, as a user does with Insert › Rows.
func (s *Sheet) InsertRows(row, n int) { s.b.fail(s.b.f.InsertRows(s.name, row, n)) }

// RemoveRow deletes a row, moving the rows below it up.
func (s *Sheet) RemoveRow(row int) { s.b.fail(s.b.f.RemoveRow(s.name, row)) }

// RemoveCol deletes a column, moving the columns right of it left.
func (s *Sheet) RemoveCol(col int) { s.b.fail(s.b.f.RemoveCol(s.name, ColumnName(col))) }

// FitHeight is the height, in points, of a row whose text wraps in a column width characters
// wide: spreadsheets do not grow rows to their text when opening a file, so it is set ahead.
func FitHeight(text string, width float64) float64 {
	perLine := max(int(width*1.25), 1)
	lines := (len([]rune(text)) + perLine - 1) / perLine
	return max(18, 16*float64(lines)+4)
}
