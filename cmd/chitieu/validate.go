package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"

	"chitieu/finding"
	"chitieu/intake"
	"chitieu/schema"
	"chitieu/validate"
)

// validateOptions are the flags of chitieu validate.
type validateOptions struct {
	plan     string
	limits   limitOptions
	format   string
	period   string
	annotate string
	force    bool
}

func validateCommand() *command {
	var o validateOptions
	return &command{
		name:  "validate",
		args:  "[--plan NAME|FILE] [--period P] [--format text|json] [--annotate DIR [--force]] FILE|DIR...",
		short: finding.Text{VI: "Kiểm tra các báo cáo đơn vị gửi về và chỉ ra từng lỗi tại ô của nó", EN: "Check the reports units send back and point at each mistake in its cell"},
		long: finding.Text{
			VI: "Kiểm tra từng tệp (thư mục được duyệt cả thư mục con, bỏ qua tệp khóa ~$ và tệp không phải bảng tính):\nbiểu nào, phiên bản, đơn vị, kỳ; các dòng, cột, tên chỉ tiêu; từng ô số liệu (số gõ dạng chữ, số\nđọc hai cách, phần trăm, công thức, giới hạn); các quy tắc của biểu; báo cáo gửi trùng. Với --period,\nbáo cáo của kỳ khác bị báo lỗi. Với --annotate, ghi vào DIR bản sao của mỗi tệp có lỗi, tô màu các ô\nlỗi, kèm ghi chú và trang \"Kết quả kiểm tra\" để gửi lại đơn vị. Trạng thái thoát: 0 không có lỗi,\n1 có tệp có lỗi, 2 lỗi cú pháp lệnh hoặc lỗi đọc ghi.",
			EN: "Checks each file (folders are walked, skipping ~$ lock files and non-spreadsheets): which form,\nversion, unit and period; the rows, columns and labels; every figure (numbers typed as text, numbers\nwith two readings, percentages, formulas, bounds); the form's rules; reports sent twice. With\n--period a report of another period is an error. With --annotate, writes into DIR a copy of every\nfile with findings, its cells coloured and commented, with a sheet \"Kết quả kiểm tra\" to send back\nto the unit. Exit status: 0 no errors, 1 some file has errors, 2 usage or I/O failure.",
		},
		flags: func(fs *pflag.FlagSet, l finding.Lang) {
			planFlag(fs, l, &o.plan)
			formatFlag(fs, l, &o.format)
			fs.StringVar(&o.period, "period", "", finding.Text{VI: "kỳ mọi báo cáo phải thuộc về, ví dụ 2024-03", EN: "the period every report must be for, e.g. 2024-03"}.In(l))
			fs.StringVar(&o.annotate, "annotate", "", finding.Text{VI: "thư mục ghi bản sao có đánh dấu lỗi của các tệp có lỗi", EN: "folder to write annotated copies of the files with findings to"}.In(l))
			fs.BoolVar(&o.force, "force", false, finding.Text{VI: "ghi đè bản sao đã có trong thư mục --annotate", EN: "overwrite existing copies in the --annotate folder"}.In(l))
			limitFlags(fs, l, &o.limits)
		},
		run: func(e *env, args []string) int {
			plan := o.plan
			format := o.format
			period := o.period
			annotate := o.annotate
			force := o.force
			const path = "chitieu validate"
			if len(args) == 0 {
				e.usageError(path, finding.Text{VI: "cần ít nhất một tệp hoặc thư mục.", EN: "give at least one file or folder."}, "")
				return exitUsage
			}
			if !validFormat(e, path, format) {
				return exitUsage
			}
			opts := validate.Options{}
			opts.Limits, opts.MaxFiles = o.limits.limits()
			if period != "" {
				per, err := schema.ParsePeriod(period)
				if err != nil {
					e.usageError(path, periodError(period), "")
					return exitUsage
				}
				opts.Period = &per
			}
			p, code := loadPlan(e, path, plan)
			if p == nil {
				return code
			}
			if opts.Period != nil && pastPlanEnd(e, path, p, *opts.Period) {
				return exitUsage
			}
			opts.Plan = p
			rep, err := validate.Run(e.ctx, opts, args)
			if err != nil {
				fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
				return exitUsage
			}
			if len(rep.Files) == 0 {
				writeSkipped(e.stdout, rep, e.lang)
				nothingFound(e, path, args)
				return exitUsage
			}
			status := exitOK
			if rep.Summary().Errors > 0 {
				status = exitFound
			}
			var annotated []string
			if annotate != "" {
				var inputs []string
				for _, f := range rep.Files {
					inputs = append(inputs, f.Path)
				}
				for _, f := range rep.Files {
					out, err := validate.Annotate(e.ctx, f, annotate, e.lang, force, inputs)
					if err != nil {
						fmt.Fprintf(e.stderr, "%s: %s: %s\n", path, finding.Printable(f.Path), finding.Printable(finding.ErrorText(err, e.lang)))
						status = exitUsage
					} else if out != "" {
						annotated = append(annotated, out)
					}
				}
			}
			for _, f := range rep.Files {
				if f.Err != nil {
					fmt.Fprintf(e.stderr, "%s: %s: %s\n", path, finding.Printable(f.Path), finding.Printable(finding.ErrorText(f.Err, e.lang)))
					status = exitUsage
				}
			}
			if format == "json" {
				if code := writeJSON(e, reportJSON(rep, annotated, e.lang)); code != exitOK {
					return code
				}
			} else {
				writeReportText(e.stdout, rep, annotated, e.lang)
			}
			return status
		},
	}
}

func writeReportText(w io.Writer, rep *validate.Report, annotated []string, lang finding.Lang) {
	writeSkipped(w, rep, lang)
	for _, f := range rep.Files {
		if line := readAs(f, lang); line != "" {
			fmt.Fprintln(w, line)
		}
		finding.WriteText(w, f.Findings, lang)
	}
	s := rep.Summary()
	fmt.Fprintf(w, "%s\n", finding.Text{
		VI: fmt.Sprintf("%d tệp: %d hợp lệ, %d có lỗi; %d lỗi, %d cảnh báo.", s.Files, s.Valid, s.Files-s.Valid, s.Errors, s.Warnings),
		EN: fmt.Sprintf("%s: %d valid, %d with errors; %s, %s.", finding.Plural(s.Files, "file", "files"), s.Valid, s.Files-s.Valid,
			finding.Plural(s.Errors, "error", "errors"), finding.Plural(s.Warnings, "warning", "warnings")),
	}.In(lang))
	for _, a := range annotated {
		fmt.Fprintf(w, "%s: %s\n", finding.Text{VI: "Bản kiểm tra", EN: "Annotated copy"}.In(lang), finding.Printable(a))
	}
}

// writeSkipped lists the files a walk passed over, with why.
func writeSkipped(w io.Writer, rep *validate.Report, lang finding.Lang) {
	for _, s := range rep.Skipped {
		fmt.Fprintf(w, "%s: %s: %s\n", finding.Printable(s.Path), finding.Text{VI: "bỏ qua", EN: "skipped"}.In(lang), s.Reason.In(lang))
	}
}

// readAs is the line saying what a valid file was read as: form, version, unit and period, so
// that a file filed under the wrong name or period is seen at a glance. "" for other files.
func readAs(f *validate.File, lang finding.Lang) string {
	c := f.Checked
	if !f.Valid() || c == nil || c.Form == nil || c.Unit == nil {
		return ""
	}
	return finding.Printable(f.Path) + ": " + finding.Textf("hợp lệ — biểu %s (phiên bản %s), %s (%s), %s.", "valid — form %s (version %s), %s (%s), %s.",
		c.Form.ID, c.Form.Version, c.Unit.Name, c.Unit.Code, c.Period.Label(lang)).In(lang)
}

// nothingFound says that the arguments held no file to check.
func nothingFound(e *env, path string, args []string) {
	var quoted []string
	for _, a := range args {
		quoted = append(quoted, finding.Printable(a))
	}
	fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.Textf("không tìm thấy tệp bảng tính nào (.xlsx) trong %s. Kiểm tra lại đường dẫn, hoặc chép các báo cáo vào thư mục đó.",
		"no spreadsheet (.xlsx) found in %s. Check the path, or copy the reports into that folder.", strings.Join(quoted, ", ")).In(e.lang))
}

// The JSON of validate --format json (DESIGN.md): one document on stdout.
type (
	skipJSON struct {
		File   string `json:"file"`
		Reason string `json:"reason"`
	}
	reportJSONDoc struct {
		Files     []intake.Entry   `json:"files"`
		Summary   validate.Summary `json:"summary"`
		Skipped   []skipJSON       `json:"skipped"`
		Annotated []string         `json:"annotated"`
	}
)

func reportJSON(rep *validate.Report, annotated []string, lang finding.Lang) reportJSONDoc {
	doc := reportJSONDoc{Files: []intake.Entry{}, Summary: rep.Summary(), Skipped: []skipJSON{}, Annotated: annotated}
	if doc.Annotated == nil {
		doc.Annotated = []string{}
	}
	for _, s := range rep.Skipped {
		doc.Skipped = append(doc.Skipped, skipJSON{s.Path, s.Reason.In(lang)})
	}
	for _, f := range rep.Files {
		doc.Files = append(doc.Files, intake.EntryOf(f, f.Path, lang))
	}
	return doc
}
