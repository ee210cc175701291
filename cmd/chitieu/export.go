package main

import (
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
			VI: "Mỗi số liệu của mỗi báo cáo hợp lệ hiện hành trong kho là một dòng: kế hoạch, kỳ, biểu, đơn vị,\nchỉ tiêu, cột, giá trị, đơn vị tính, tình trạng, ghi chú, tệp, SHA-256, trang, ô. CSV là UTF-8 có BOM để\nExcel đọc đúng tiếng Việt. Không có -o thì CSV in ra màn hình.",
			EN: "Every figure of every current valid report in the store is a row: plan, period, form, unit,\nindicator, column, value, unit of measure, status, note, file, SHA-256, sheet, cell. CSV is UTF-8 with a\nBOM so that Excel reads Vietnamese right. Without -o the CSV goes to standard output.",
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

// exportColumns are the long table's columns (DESIGN.md, export).
var exportColumns = []templates.TableColumn{
	{Head: "plan", Width: 11}, {Head: "period", Width: 9}, {Head: "form", Width: 10}, {Head: "unit", Width: 8},
	{Head: "indicator", Width: 14}, {Head: "column", Width: 7}, {Head: "value", Width: 12, Numeric: true}, {Head: "unit_of_measure", Width: 12},
	{Head: "status", Width: 10}, {Head: "note", Width: 40}, {Head: "file", Width: 40}, {Head: "sha256", Width: 20},
	{Head: "sheet", Width: 14}, {Head: "cell", Width: 6},
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
		return st.Figures(e.ctx, store.FigureQuery{Periods: want}, func(r store.FigureRow) error {
			rows++
			return fn(exportRow(p, r))
		})
	}
	write := func(w io.Writer) error {
		if format == "xlsx" {
			t := &templates.Table{Sheet: "Số liệu", Title: finding.Textf("SỐ LIỆU ĐÃ NHẬN — %s", "FIGURES RECEIVED — %s", p.Name).In(e.lang),
				Subtitle: finding.Textf("Mỗi dòng một số liệu của một báo cáo hợp lệ hiện hành trong kho %s.", "One row per figure of a current valid report in store %s.", storeDir(fs)).In(e.lang),
				Columns:  exportColumns, Each: each}
			return t.Write(w, time.Now())
		}
		return writeExportCSV(w, each)
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

// exportRow is one figure as a row of the long table.
func exportRow(p *schema.Plan, r store.FigureRow) []string {
	unit := ""
	if ind := p.Indicator(r.Indicator); ind != nil {
		unit = ind.Unit
	}
	return []string{p.ID, r.Period.String(), r.Form, r.Unit, r.Indicator, r.Column, r.Value.String(), unit, string(r.Status), r.Note, r.File, r.SHA256, r.Sheet, r.Cell}
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
// right, CRLF line ends, and a header row.
func writeExportCSV(w io.Writer, each func(func([]string) error) error) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	head := make([]string, len(exportColumns))
	for i, c := range exportColumns {
		head[i] = c.Head
	}
	cw.Write(head)
	if err := each(func(row []string) error { return cw.Write(csvSafe(row)) }); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}
