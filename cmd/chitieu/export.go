package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"chitieu/finding"
	"chitieu/outfile"
	"chitieu/schema"
	"chitieu/store"
	"chitieu/templates"
)

func exportCommand() *command {
	return &command{
		name:  "export",
		args:  "[--plan NAME|FILE] [--store DIR] [--period P]... [--format csv|xlsx] [-o FILE [--force]]",
		short: finding.Text{VI: "Xuất bảng dài mọi số liệu trong kho (CSV hoặc Excel) cho PivotTable, Power BI", EN: "Export the long table of every figure in the store (CSV or Excel) for pivot tables and Power BI"},
		long: finding.Text{
			VI: "Mỗi số liệu của mỗi báo cáo hợp lệ hiện hành trong kho là một dòng: kế hoạch, kỳ, biểu, đơn vị,\nchỉ tiêu, cột, giá trị, đơn vị tính, loại số liệu, ghi chú (của đơn vị, trên dòng số liệu), tệp, SHA-256,\ntrang, ô. Tệp .xlsx: dòng tiêu đề ở dòng 1, là một bảng Excel có nút lọc, giá trị là số — mở bằng Excel,\nPivotTable, Power BI. CSV: UTF-8 có BOM, số viết kiểu máy (8.2, dấu chấm thập phân) cho Power BI và\nchương trình; Excel đặt tiếng Việt đọc \"8.2\" là chữ, nên mở tệp .xlsx. Không có -o thì CSV in ra màn hình.",
			EN: "Every figure of every current valid report in the store is a row: plan, period, form, unit,\nindicator, column, value, unit of measure, status, note (the unit's, on the figure's row), file, SHA-256,\nsheet, cell. The .xlsx: the header on row 1 of an Excel table with filters, values as numbers — for Excel,\nPivotTable, Power BI. The CSV: UTF-8 with a BOM, numbers the machine's way (8.2, a decimal point) for\nPower BI and scripts; a spreadsheet set to Vietnamese reads \"8.2\" as text, so open the .xlsx there.\nWithout -o the CSV goes to standard output.",
		},
		flags: func(fs *pflag.FlagSet, l finding.Lang) {
			planFlag(fs, l)
			storeFlag(fs, l)
			fs.StringArray("period", nil, finding.Text{VI: "chỉ xuất kỳ này (lặp lại được); mặc định mọi kỳ", EN: "only this period (repeatable); default every period"}.In(l))
			fs.String("format", "", finding.Text{VI: "csv hoặc xlsx (mặc định theo đuôi tệp -o, không thì csv)", EN: "csv or xlsx (default from -o's extension, else csv)"}.In(l))
			fs.StringP("output", "o", "", finding.Text{VI: "tệp ghi ra", EN: "the file to write"}.In(l))
			fs.Bool("force", false, finding.Text{VI: "ghi đè tệp đã có", EN: "overwrite an existing file"}.In(l))
		},
		run: runExport,
	}
}

// exportColumns are the long table's columns (DESIGN.md, export), headed in the user's language:
// Vietnamese by default, the English names with --lang en.
func exportColumns(l finding.Lang) []templates.TableColumn {
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

// exportRows gives the long table's rows of the figures st.Figures yields for q: one row per
// figure, the unit's note on the row in the note column. A form's note column is no row of its
// own when it qualifies a figure of the same row of the same file (it is then that figure's
// note already); a note on a row without figures stays, as the only trace of it.
func exportRows(ctx context.Context, st *store.Store, p *schema.Plan, q store.FigureQuery, l finding.Lang, fn func([]string) error) error {
	var last string // file and indicator of the last figure written
	return st.Figures(ctx, q, func(r store.FigureRow) error {
		key := r.SHA256 + "\x00" + r.Indicator
		if !r.Value.IsSet() {
			if f := p.Form(r.Form); f != nil {
				if c := f.Column(r.Column); c != nil && c.Basis == schema.BasisNote && key == last && r.Note != "" {
					return nil
				}
			}
		} else {
			last = key
		}
		return fn(exportRow(p, r, l))
	})
}

func runExport(e *env, fs *pflag.FlagSet, args []string) int {
	const path = "chitieu export"
	plan, _ := fs.GetString("plan")
	periods, _ := fs.GetStringArray("period")
	format, _ := fs.GetString("format")
	out, _ := fs.GetString("output")
	force, _ := fs.GetBool("force")
	if !e.noArgs(path, args) {
		return exitUsage
	}
	if format == "" {
		format = "csv"
		if strings.EqualFold(filepath.Ext(out), ".xlsx") {
			format = "xlsx"
		}
	}
	if format != "csv" && format != "xlsx" {
		e.usageError(path, finding.Textf("--format %q: chỉ nhận csv hoặc xlsx.", "--format %q: use csv or xlsx.", format), "")
		return exitUsage
	}
	if format == "xlsx" && out == "" {
		e.usageError(path, finding.Text{VI: "--format xlsx cần -o TỆP.xlsx.", EN: "--format xlsx needs -o FILE.xlsx."}, "")
		return exitUsage
	}
	var want []string
	for _, s := range periods {
		per, ok := parsePeriodFlag(e, path, s)
		if !ok {
			return exitUsage
		}
		want = append(want, per.String())
	}
	if out != "" && outfile.Exists(out) && !force {
		e.usageError(path, finding.Textf("%s đã có; thêm --force để ghi đè.", "%s exists; add --force to overwrite it.", out), "")
		return exitUsage
	}
	p, code := loadPlan(e, path, plan)
	if p == nil {
		return code
	}
	st, code := openStore(e, path, fs, p, false)
	if st == nil {
		return code
	}
	defer st.Close()
	rows := 0
	each := func(fn func([]string) error) error {
		return exportRows(e.ctx, st, p, store.FigureQuery{Periods: want}, e.lang, func(row []string) error {
			rows++
			return fn(row)
		})
	}
	write := func(w io.Writer) error {
		if format == "xlsx" {
			t := &templates.Table{Sheet: finding.Text{VI: "Số liệu", EN: "Figures"}.In(e.lang), Columns: exportColumns(e.lang), Each: each, Data: true}
			return t.Write(w, time.Now())
		}
		return writeExportCSV(w, e.lang, each)
	}
	var err error
	if out == "" {
		err = write(e.stdout)
	} else {
		if force {
			err = outfile.Write(e.ctx, out, write)
		} else {
			err = outfile.Create(e.ctx, out, write) // two runs at once do not both write it
		}
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, storeError(err, e.lang))
		return exitUsage
	}
	if out != "" {
		fmt.Fprintln(e.stdout, finding.Textf("Đã ghi %d dòng vào %s.", "Wrote %d rows to %s.", rows, out).In(e.lang))
	}
	return exitOK
}

// exportRow is one figure as a row of the long table; its status in the user's language.
func exportRow(p *schema.Plan, r store.FigureRow, l finding.Lang) []string {
	unit := ""
	if ind := p.Indicator(r.Indicator); ind != nil {
		unit = ind.Unit
	}
	status := string(r.Status)
	if w, ok := statusWords[status]; ok { // the plan view's words for a figure's status
		status = w.In(l)
	}
	return []string{p.ID, r.Period.String(), r.Form, r.Unit, r.Indicator, r.Column, r.Value.String(), unit, status, r.Note, r.File, r.SHA256, r.Sheet, r.Cell}
}

// csvSafe keeps a spreadsheet from reading text as a formula: a cell that starts with =, +, -, @,
// a tab or a carriage return gets a leading apostrophe (OWASP's advice for CSV injection). The
// value column holds only checked decimals, which may start with a minus and stay numbers.
func csvSafe(row []string) []string {
	out := make([]string, len(row))
	for i, v := range row {
		if i != 6 && v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
			v = "'" + v
		}
		out[i] = v
	}
	return out
}

// writeExportCSV writes the long table as CSV: UTF-8 with a BOM, so that Excel reads Vietnamese
// right, CRLF line ends, and a header row. Numbers are written the machine's way (a point before
// the decimals, no thousands separator: 8.2, 2300.5), for BI tools and scripts, whatever the
// language: a spreadsheet set to Vietnamese reads "8.2" as text, so it opens the .xlsx export
// (numbers as numbers) or imports the CSV saying the decimal separator is a point (README).
func writeExportCSV(w io.Writer, l finding.Lang, each func(func([]string) error) error) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	cols := exportColumns(l)
	head := make([]string, len(cols))
	for i, c := range cols {
		head[i] = c.Head
	}
	cw.Write(head)
	if err := each(func(row []string) error { return cw.Write(csvSafe(row)) }); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}
