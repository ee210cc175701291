package xlsx

import (
	"github.com/xuri/excelize/v2"
)

// List is a drop-down data validation: the cell takes one of Choices, or one of the values of
// the range Source (an absolute reference such as "'Đơn vị'!$A$2:$A$500"). Strict refuses
// anything else; otherwise a value not in the list is warned about and may be kept (a code
// whose entry is still to be added).
type List struct {
	Choices    []string
	Source     string
	Strict     bool
	InputTitle string
	Input      string
	Error      string
}

// ValidateList adds a drop-down list to the cells of a rectangle.
func (s *Sheet) ValidateList(r1, c1, r2, c2 int, l List) {
	dv := excelize.NewDataValidation(true)
	dv.SetSqref(Cell(r1, c1) + ":" + Cell(r2, c2))
	if l.Source != "" {
		dv.SetSqrefDropList(l.Source)
	} else {
		s.b.fail(dv.SetDropList(l.Choices))
	}
	style := excelize.DataValidationErrorStyleWarning
	if l.Strict {
		style = excelize.DataValidationErrorStyleStop
	}
	if l.Input != "" {
		dv.SetInput(clip(l.InputTitle, 32), clip(l.Input, 255))
	}
	dv.SetError(style, clip(l.InputTitle, 32), clip(l.Error, 255))
	s.b.fail(s.b.f.AddDataValidation(s.name, dv))
}

// Prompt shows a message when a cell of the rectangle is selected, without restricting it.
func (s *Sheet) Prompt(r1, c1, r2, c2 int, title, msg string) {
	dv := excelize.NewDataValidation(true)
	dv.SetSqref(Cell(r1, c1) + ":" + Cell(r2, c2))
	dv.SetInput(clip(title, 32), clip(msg, 255))
	s.b.fail(s.b.f.AddDataValidation(s.name, dv))
}

// ProtectHeader locks the sheet's locked cells (the header, styled without Input) and leaves
// the rest of the sheet to edit: rows may be inserted, deleted, sorted and filtered, columns
// and rows resized.
func (s *Sheet) ProtectHeader() {
	s.b.fail(s.b.f.ProtectSheet(s.name, &excelize.SheetProtectionOptions{
		SelectLockedCells: true, SelectUnlockedCells: true, FormatColumns: true, FormatRows: true, FormatCells: true,
		InsertRows: true, DeleteRows: true, Sort: true, AutoFilter: true,
	}))
}

// ColsStyle gives the columns from..to a default style: the style of the cells not written
// yet, such as the rows a user adds at the bottom.
func (s *Sheet) ColsStyle(from, to int, st Style) {
	s.b.fail(s.b.f.SetColStyle(s.name, ColumnName(from)+":"+ColumnName(to), s.style(st)))
}
