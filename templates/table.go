package templates

import (
	"io"
	"strconv"
	"time"

	"chitieu/xlsx"
)

// Table is a plain list to print or mail-merge — the status of a period, the long table of
// figures — written as one sheet: a title, a header row repeated on every printed page, and the
// rows. Cells whose column is numeric are written as numbers, every other cell as text (never a
// formula, whatever it starts with).
type Table struct {
	Sheet, Title, Subtitle string
	Columns                []TableColumn
	Rows                   [][]string
	// Each, when set, gives the rows instead of Rows, one at a time, so that a long table is
	// never held whole.
	Each func(yield func(row []string) error) error
	// Data makes the sheet a data table for PivotTable and Power BI: the header on row 1, no
	// title rows (Title and Subtitle unused), the rows an Excel table with its filter buttons.
	Data bool
}

// TableColumn is a column of a Table: its heading, its width in characters, and whether it holds
// numbers (decimal digits, "" for none) or dates (YYYY-MM-DD, written as dates shown dd/mm/yyyy,
// so that they sort and compute as dates).
type TableColumn struct {
	Head    string
	Width   float64
	Numeric bool
	Date    bool
}

var (
	stTableTitle = xlsx.Style{Bold: true, Size: 13, Align: xlsx.Left}
	stTableSub   = xlsx.Style{Italic: true, Align: xlsx.Left}
	stTableHead  = xlsx.Style{Bold: true, Align: xlsx.Center, Wrap: true, Border: true, Fill: "D9E1F2"}
	stTableText  = xlsx.Style{Align: xlsx.Left, Wrap: true, Border: true}
	stTableNum   = xlsx.Style{Align: xlsx.Right, Border: true}
	stTableDate  = xlsx.Style{Align: xlsx.Center, Border: true, NumFmt: "dd/mm/yyyy"}
)

// Write writes the table as a workbook, streamed row by row, stamped with date.
func (t *Table) Write(w io.Writer, date time.Time) error {
	b := xlsx.NewBook()
	defer b.Close()
	headRow := 3
	if t.Data {
		headRow = 1
	}
	setup := xlsx.RowsSetup{FreezeRow: headRow + 1, TitleFrom: headRow, TitleTo: headRow}
	for i, c := range t.Columns {
		setup.Widths = append(setup.Widths, xlsx.ColsWidth{From: i + 1, To: i + 1, Width: c.Width})
	}
	rows := b.Rows(t.Sheet, setup)
	if !t.Data {
		rows.Write(1, 0, xlsx.T(t.Title, stTableTitle))
		rows.Write(2, 0, xlsx.T(t.Subtitle, stTableSub))
	}
	head := make([]xlsx.Out, len(t.Columns))
	for i, c := range t.Columns {
		head[i] = xlsx.T(c.Head, stTableHead)
	}
	rows.Write(headRow, 30, head...)
	r := 0
	write := func(row []string) error {
		cells := make([]xlsx.Out, len(t.Columns))
		height := 0.0
		for i, c := range t.Columns {
			v := ""
			if i < len(row) {
				v = row[i]
			}
			day, err := time.Parse("2006-01-02", v)
			switch {
			case c.Date && err == nil:
				cells[i] = xlsx.N(strconv.Itoa(xlsx.DateSerial(day)), stTableDate)
			case c.Numeric && v != "":
				cells[i] = xlsx.N(v, stTableNum)
			default:
				cells[i] = xlsx.T(v, stTableText)
				height = min(max(height, xlsx.FitHeight(v, c.Width)), 409) // a spreadsheet row is at most 409 pt
			}
		}
		rows.Write(headRow+1+r, height, cells...)
		r++
		return nil
	}
	if t.Each != nil {
		if err := t.Each(write); err != nil {
			return err
		}
	}
	for _, row := range t.Rows {
		write(row)
	}
	if t.Data {
		rows.Table("SoLieu", headRow, headRow+max(r, 1), len(t.Columns))
	}
	return b.Save(w, date)
}
