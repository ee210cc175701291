package export

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"

	"chitieu/finding"
	"chitieu/schema"
	"chitieu/store"
	"chitieu/templates"
)

// Format is how the table is written.
type Format string

// The formats of the long table.
const (
	CSV  Format = "csv"
	XLSX Format = "xlsx"
)

// Table is the long table of the current valid figures that Query selects from Store, with the
// names of Plan, headed and worded in Lang.
type Table struct {
	Plan  *schema.Plan
	Store *store.Store
	Query store.FigureQuery
	Lang  finding.Lang
}

// Columns are the long table's columns, headed in the reader's language: Vietnamese by default,
// the English names (plan, period, …) with finding.EN.
func Columns(l finding.Lang) []templates.TableColumn {
	cols := []templates.TableColumn{
		{Head: "plan", Width: 11}, {Head: "period", Width: 9}, {Head: "form", Width: 10}, {Head: "unit", Width: 8},
		{Head: "indicator", Width: 14}, {Head: "column", Width: 7}, {Head: "value", Width: 12, Numeric: true}, {Head: "unit_of_measure", Width: 12},
		{Head: "status", Width: 11}, {Head: "note", Width: 40}, {Head: "file", Width: 40}, {Head: "sha256", Width: 20},
		{Head: "sheet", Width: 14}, {Head: "cell", Width: 6},
	}
	if l == finding.VI {
		for i, h := range []string{"Kế hoạch", "Kỳ", "Biểu", "Đơn vị", "Chỉ tiêu", "Cột", "Giá trị", "Đơn vị tính", "Loại số liệu", "Ghi chú", "Tệp", "SHA-256", "Trang tính", "Ô"} {
			cols[i].Head = h
		}
	}
	return cols
}

// Rows calls fn with each row of the table: one row per figure, the unit's note on the row in
// the note column. A form's note column is no row of its own when it qualifies a figure of the
// same row of the same file (it is then that figure's note already); a note on a row without
// figures stays, as the only trace of it.
func (t Table) Rows(ctx context.Context, fn func(row []string) error) error {
	var last string // file and indicator of the last figure written
	return t.Store.Figures(ctx, t.Query, func(r store.FigureRow) error {
		key := r.SHA256 + "\x00" + r.Indicator
		if !r.Value.IsSet() {
			if f := t.Plan.Form(r.Form); f != nil {
				if c := f.Column(r.Column); c != nil && c.Basis == schema.BasisNote && key == last && r.Note != "" {
					return nil
				}
			}
		} else {
			last = key
		}
		return fn(t.row(r))
	})
}

// row is one figure as a row of the table; its status in the reader's language.
func (t Table) row(r store.FigureRow) []string {
	unit := ""
	if ind := t.Plan.Indicator(r.Indicator); ind != nil {
		unit = ind.Unit
	}
	return []string{t.Plan.ID, r.Period.String(), r.Form, r.Unit, r.Indicator, r.Column, r.Value.String(), unit,
		r.Status.Text().In(t.Lang), r.Note, r.File, r.SHA256, r.Sheet, r.Cell}
}

// Write writes the table to w in format and returns how many rows it wrote (the header not
// counted). The .xlsx is dated date (its document properties); the CSV carries no date.
func (t Table) Write(ctx context.Context, w io.Writer, format Format, date time.Time) (rows int, err error) {
	count := func(fn func([]string) error) error {
		return t.Rows(ctx, func(row []string) error { rows++; return fn(row) })
	}
	switch format {
	case CSV:
		err = writeCSV(w, Columns(t.Lang), count)
	case XLSX:
		x := &templates.Table{Sheet: finding.Text{VI: "Số liệu", EN: "Figures"}.In(t.Lang), Columns: Columns(t.Lang), Each: count, Data: true}
		err = x.Write(w, date)
	default:
		err = fmt.Errorf("export: no format %q", format)
	}
	return rows, err
}

// writeCSV writes a table as CSV: UTF-8 with a BOM, so that Excel reads Vietnamese right, CRLF
// line ends, a header row, and every text cell neutralised (Cell). Numbers are written the
// machine's way (a point before the decimals, no thousands separator: 8.2, 2300.5), for BI tools
// and scripts, whatever the language: a spreadsheet set to Vietnamese reads "8.2" as text, so it
// opens the .xlsx export (numbers as numbers) or imports the CSV saying the decimal separator is
// a point (README).
func writeCSV(w io.Writer, cols []templates.TableColumn, each func(func([]string) error) error) error {
	cw, err := NewCSV(w, cols)
	if err != nil {
		return err
	}
	if err := each(cw.Write); err != nil {
		return err
	}
	return cw.Flush()
}

// CSVWriter writes the rows of a table as CSV, each text cell through Cell.
type CSVWriter struct {
	w    *csv.Writer
	cols []templates.TableColumn
}

// NewCSV starts a CSV table on w: the byte-order mark, then the header row of cols' heads.
// Columns marked Numeric hold checked decimals only (which may begin with a minus and stay
// numbers); every other cell is text and goes through Cell.
func NewCSV(w io.Writer, cols []templates.TableColumn) (*CSVWriter, error) {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return nil, err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	head := make([]string, len(cols))
	for i, c := range cols {
		head[i] = c.Head
	}
	if err := cw.Write(head); err != nil {
		return nil, err
	}
	return &CSVWriter{w: cw, cols: cols}, nil
}

// Write writes one row.
func (c *CSVWriter) Write(row []string) error {
	out := make([]string, len(row))
	for i, v := range row {
		if i < len(c.cols) && c.cols[i].Numeric {
			out[i] = v
		} else {
			out[i] = Cell(v)
		}
	}
	return c.w.Write(out)
}

// Flush writes what is buffered and returns the first error of the table.
func (c *CSVWriter) Flush() error {
	c.w.Flush()
	return c.w.Error()
}

// Cell keeps a spreadsheet from reading text as a formula: text that begins with =, +, -, @, a
// tab or a carriage return gets a leading apostrophe (OWASP's advice against CSV injection).
func Cell(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}
