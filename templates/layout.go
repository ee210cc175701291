package templates

import (
	"strings"

	"chitieu/schema"
	"chitieu/xlsx"
)

// Fixed columns of every form's table, left of the figure columns; the reader finds the label
// and the unit of a row at the same distance left of the first figure column.
const (
	colNo    = 1 // STT
	ColLabel = 2 // Chỉ tiêu
	colUnit  = 3 // Đơn vị tính
	ColFirst = 4 // the first figure column
)

// Rows of the sheet above the table.
const (
	rowAgency   = 1 // the agency block: up to schema.MaxParentLines, the unit, a rule
	rowFormNo   = 4 // the form's number, under the national motto
	rowTitle    = 5
	rowPeriod   = 6
	rowWindow   = 7
	rowParties  = 8
	rowBasis    = 9
	rowKeys     = 10 // hidden: the column codes and the key column's marker
	rowHeader   = 11
	rowNumbers  = 12
	rowFirstRow = 13
)

// Markers the reader looks for. A key row carries MarkerColumns in the key column and the column
// codes above the figure columns; every table row carries its key in the key column: the
// indicator code, or KeyHeading.
const (
	MarkerColumns = "#chitieu-columns"
	KeyHeading    = "#heading"
	MetaSheet     = "chitieu"
)

// Layout is where everything of one form for one unit and period stands in the sheet.
type Layout struct {
	Plan *schema.Plan
	// Form is the form as laid out for the period (schema.Form.ForPeriod).
	Form   *schema.Form
	Unit   *schema.Unit
	Period schema.Period
	Sheet  string
	// Columns are the figure columns, in order; Columns[i] stands in sheet column ColFirst+i.
	Columns []*schema.Column
	// Rows are the table rows, in order; Rows[i] stands in sheet row rowFirstRow+i.
	Rows []*schema.Row
	// KeyCol is the hidden column holding the row keys.
	KeyCol int
	// Fingerprint is the form layout's (schema.Plan.Fingerprint).
	Fingerprint string
	// Known are figures the office already has, written into their input cells for the unit to
	// check and correct: the plan for the year, the same period last year.
	Known map[schema.CellKey]schema.Number
}

// NewLayout lays out a form for a unit and a period: the form as it stands for the period
// (schema.Form.ForPeriod), so a year's form asks for "this period" and not again for "year to
// date".
func NewLayout(p *schema.Plan, f *schema.Form, u *schema.Unit, period schema.Period) *Layout {
	f = f.ForPeriod(period)
	l := &Layout{Plan: p, Form: f, Unit: u, Period: period, Sheet: SheetName(f), Fingerprint: p.Fingerprint(f)}
	for i := range f.Columns {
		l.Columns = append(l.Columns, &f.Columns[i])
	}
	for i := range f.Rows {
		l.Rows = append(l.Rows, &f.Rows[i])
	}
	l.KeyCol = ColFirst + len(l.Columns)
	return l
}

// SheetName is the name of a form's sheet: "Biểu 01-CT-TK" (a sheet name cannot hold "/").
func SheetName(f *schema.Form) string {
	r := strings.NewReplacer("/", "-", `\`, "-", "?", "", "*", "", "[", "(", "]", ")", ":", "-")
	name := "Biểu " + r.Replace(f.ID)
	if n := []rune(name); len(n) > 31 {
		name = string(n[:31])
	}
	return name
}

// ColOf returns the sheet column of a figure column code, or 0.
func (l *Layout) ColOf(code string) int {
	for i, c := range l.Columns {
		if c.Code == code {
			return ColFirst + i
		}
	}
	return 0
}

// RowOf returns the sheet row of an indicator, or 0.
func (l *Layout) RowOf(indicator string) int {
	for i, r := range l.Rows {
		if r.Heading == "" && r.Indicator == indicator {
			return rowFirstRow + i
		}
	}
	return 0
}

// LastRow is the last row of the table.
func (l *Layout) LastRow() int { return rowFirstRow + len(l.Rows) - 1 }

// LastCol is the last visible column of the table.
func (l *Layout) LastCol() int { return ColFirst + len(l.Columns) - 1 }

// InputCell is a cell a unit fills, as the manifest describes it.
type InputCell struct {
	Sheet     string         `json:"sheet"`
	Cell      string         `json:"cell"`
	Row       int            `json:"row"`
	Col       int            `json:"col"`
	Indicator string         `json:"indicator"`
	Label     string         `json:"label"`
	Column    string         `json:"column"`
	Type      string         `json:"type"` // decimal, integer or text
	Required  bool           `json:"required"`
	Min       *schema.Number `json:"min"`
	Max       *schema.Number `json:"max"`
	Unit      string         `json:"unit"`
}

// Inputs lists the cells the unit fills, row by row.
func (l *Layout) Inputs() []InputCell {
	var out []InputCell
	for i, r := range l.Rows {
		if r.Heading != "" {
			continue
		}
		ind := l.Plan.Indicator(r.Indicator)
		for j, c := range l.Columns {
			kind := l.Plan.CellKind(r, c)
			if kind != schema.CellInput && kind != schema.CellNote {
				continue
			}
			row, col := rowFirstRow+i, ColFirst+j
			ic := InputCell{Sheet: l.Sheet, Cell: xlsx.Cell(row, col), Row: row, Col: col, Indicator: r.Indicator,
				Label: l.Plan.Label(r), Column: c.Code, Type: "decimal", Required: c.Required, Unit: ind.Unit}
			switch {
			case kind == schema.CellNote:
				ic.Type, ic.Unit, ic.Required = "text", "", false
			case ind.Integer:
				ic.Type = "integer"
			}
			if kind == schema.CellInput {
				ic.Min, ic.Max = numberPtr(ind.Min), numberPtr(ind.Max)
			}
			out = append(out, ic)
		}
	}
	return out
}

func numberPtr(n schema.Number) *schema.Number {
	if !n.IsSet() {
		return nil
	}
	return &n
}
