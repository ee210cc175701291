package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"chitieu/export"
	"chitieu/finding"
	"chitieu/outfile"
	"chitieu/store"
)

// exportOptions are export's flags.
type exportOptions struct {
	plan    string
	store   storeOption
	periods []string
	format  string
	out     string
	force   bool
}

func exportCommand() *command {
	var o exportOptions
	return &command{
		name:  "export",
		args:  "[--plan NAME|FILE] [--store DIR] [--period P]... [--format csv|xlsx] [-o FILE [--force]]",
		short: finding.Text{VI: "Xuất bảng dài mọi số liệu trong kho (CSV hoặc Excel) cho PivotTable, Power BI", EN: "Export the long table of every figure in the store (CSV or Excel) for pivot tables and Power BI"},
		long: finding.Text{
			VI: "Mỗi số liệu của mỗi báo cáo hợp lệ hiện hành trong kho là một dòng: kế hoạch, kỳ, biểu, đơn vị,\nchỉ tiêu, cột, giá trị, đơn vị tính, loại số liệu, ghi chú (của đơn vị, trên dòng số liệu), tệp, SHA-256,\ntrang, ô. Tệp .xlsx: dòng tiêu đề ở dòng 1, là một bảng Excel có nút lọc, giá trị là số — mở bằng Excel,\nPivotTable, Power BI. CSV: UTF-8 có BOM, số viết kiểu máy (8.2, dấu chấm thập phân) cho Power BI và\nchương trình; Excel đặt tiếng Việt đọc \"8.2\" là chữ, nên mở tệp .xlsx. Không có -o thì CSV in ra màn hình.",
			EN: "Every figure of every current valid report in the store is a row: plan, period, form, unit,\nindicator, column, value, unit of measure, status, note (the unit's, on the figure's row), file, SHA-256,\nsheet, cell. The .xlsx: the header on row 1 of an Excel table with filters, values as numbers — for Excel,\nPivotTable, Power BI. The CSV: UTF-8 with a BOM, numbers the machine's way (8.2, a decimal point) for\nPower BI and scripts; a spreadsheet set to Vietnamese reads \"8.2\" as text, so open the .xlsx there.\nWithout -o the CSV goes to standard output.",
		},
		flags: func(fs *pflag.FlagSet, l finding.Lang) {
			planFlag(fs, l, &o.plan)
			storeFlag(fs, l, &o.store)
			fs.StringArrayVar(&o.periods, "period", nil, finding.Text{VI: "chỉ xuất kỳ này (lặp lại được); mặc định mọi kỳ", EN: "only this period (repeatable); default every period"}.In(l))
			fs.StringVar(&o.format, "format", "", finding.Text{VI: "csv hoặc xlsx (mặc định theo đuôi tệp -o, không thì csv)", EN: "csv or xlsx (default from -o's extension, else csv)"}.In(l))
			fs.StringVarP(&o.out, "output", "o", "", finding.Text{VI: "tệp ghi ra", EN: "the file to write"}.In(l))
			fs.BoolVar(&o.force, "force", false, finding.Text{VI: "ghi đè tệp đã có", EN: "overwrite an existing file"}.In(l))
		},
		run: func(e *env, args []string) int { return runExport(e, o, args) },
	}
}

func runExport(e *env, o exportOptions, args []string) int {
	const path = "chitieu export"
	format, out := o.format, o.out
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
	for _, s := range o.periods {
		per, ok := parsePeriodFlag(e, path, s)
		if !ok {
			return exitUsage
		}
		want = append(want, per.String())
	}
	if out != "" && outfile.Exists(out) && !o.force {
		e.usageError(path, finding.Textf("%s đã có; thêm --force để ghi đè.", "%s exists; add --force to overwrite it.", out), "")
		return exitUsage
	}
	p, code := loadPlan(e, path, o.plan)
	if p == nil {
		return code
	}
	st, code := openStore(e, path, o.store.dir(), p, false)
	if st == nil {
		return code
	}
	defer st.Close()
	t := export.Table{Plan: p, Store: st, Query: store.FigureQuery{Periods: want}, Lang: e.lang}
	rows := 0
	write := func(w io.Writer) (err error) {
		rows, err = t.Write(e.ctx, w, export.Format(format), time.Now())
		return err
	}
	var err error
	switch {
	case out == "":
		err = write(e.stdout)
	case o.force:
		err = outfile.Write(e.ctx, out, write)
	default:
		err = outfile.Create(e.ctx, out, write) // two runs at once do not both write it
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
		return exitUsage
	}
	if out != "" {
		fmt.Fprintln(e.stdout, finding.Textf("Đã ghi %d dòng vào %s.", "Wrote %d rows to %s.", rows, out).In(e.lang))
	}
	return exitOK
}
