package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/pflag"

	"chitieu/consolidate"
	"chitieu/finding"
	"chitieu/outfile"
	"chitieu/schema"
	"chitieu/validate"
)

func consolidateCommand() *command {
	return &command{
		name:  "consolidate",
		args:  "[--plan NAME|FILE] --period P [--store DIR | FILE|DIR...] [-o FILE] [--date YYYY-MM-DD] [--force]",
		short: finding.Text{VI: "Tổng hợp các báo cáo hợp lệ thành bảng tổng hợp của tỉnh, kèm chênh lệch và mức độ hoàn thành", EN: "Consolidate the valid reports into the province workbook, with gap and achievement"},
		long: finding.Text{
			VI: "Kiểm tra mọi tệp như lệnh validate (với --period), dùng các báo cáo hợp lệ (nộp nhiều bản: bản hợp lệ\nlưu sau cùng) và ghi bảng tổng hợp: Bìa, Tổng hợp, Theo đơn vị, Chênh lệch, Mức độ hoàn thành, Tình trạng\nnộp, Nguồn dữ liệu, Lỗi. Cùng đầu vào và cùng --date cho cùng một tệp. Trạng thái thoát: 0 mọi báo cáo\nphải nộp đều hợp lệ; 1 có báo cáo bị loại hoặc chưa nộp (bảng vẫn được ghi); 2 lỗi cú pháp hoặc đọc ghi.",
			EN: "Checks every file as validate does (with --period), uses the valid reports (of several copies, the\nvalid one saved last) and writes the province workbook: cover, summary, by unit, gap, achievement,\nsubmission status, provenance, findings. The same inputs and --date give the same file. Exit\nstatus: 0 every expected report was valid; 1 some were excluded or missing (the workbook is\nstill written); 2 usage or I/O failure.",
		},
		flags: func(fs *pflag.FlagSet, l finding.Lang) {
			planFlag(fs, l)
			storeFlag(fs, l)
			fs.String("period", "", finding.Text{VI: "kỳ tổng hợp (bắt buộc), ví dụ 2024-03", EN: "the period (required), e.g. 2024-03"}.In(l))
			fs.StringP("output", "o", "", finding.Text{VI: "tệp ghi bảng tổng hợp (mặc định \"Tổng hợp - KẾ HOẠCH - KỲ.xlsx\"); cho một thư mục đã có thì ghi tệp tên mặc định vào trong đó", EN: "the workbook to write (default \"Tổng hợp - PLAN - PERIOD.xlsx\"); an existing folder gets the workbook of the default name inside it"}.In(l))
			fs.String("date", "", finding.Text{VI: "ngày ghi trên bảng tổng hợp, YYYY-MM-DD (mặc định hôm nay)", EN: "the date on the workbook, YYYY-MM-DD (default today)"}.In(l))
			fs.Bool("force", false, finding.Text{VI: "ghi đè tệp đã có", EN: "overwrite an existing file"}.In(l))
			limitFlags(fs, l)
		},
		run: func(e *env, fs *pflag.FlagSet, args []string) int {
			plan, _ := fs.GetString("plan")
			period, _ := fs.GetString("period")
			out, _ := fs.GetString("output")
			date, _ := fs.GetString("date")
			force, _ := fs.GetBool("force")
			const path = "chitieu consolidate"
			fromStore := fs.Changed("store") || (len(args) == 0 && os.Getenv(storeEnv) != "")
			switch {
			case fromStore && len(args) > 0:
				e.usageError(path, finding.Text{VI: "cho --store hoặc các tệp báo cáo, không cả hai.", EN: "give --store or report files, not both."}, "")
				return exitUsage
			case !fromStore && len(args) == 0:
				e.usageError(path, finding.Text{VI: "cần --store DIR hoặc ít nhất một tệp hoặc thư mục báo cáo.", EN: "give --store DIR or at least one report file or folder."}, "")
				return exitUsage
			}
			per, err := schema.ParsePeriod(period)
			switch {
			case period == "":
				e.usageError(path, finding.Text{VI: "cần --period, ví dụ --period 2024-03.", EN: "--period is required, e.g. --period 2024-03."}, "")
				return exitUsage
			case err != nil:
				e.usageError(path, periodError(period), "")
				return exitUsage
			}
			day, ok := parseDay(e, path, date)
			if !ok {
				return exitUsage
			}
			p, code := loadPlan(e, path, plan)
			if p == nil {
				return code
			}
			if pastPlanEnd(e, path, p, per) {
				return exitUsage
			}
			// -o names the workbook; a folder given there is where the workbook of the usual
			// name goes.
			dst, name := out, fmt.Sprintf("Tổng hợp - %s - %s.xlsx", p.ID, per)
			if st, err := os.Stat(out); dst == "" || err == nil && st.IsDir() {
				dst = filepath.Join(out, name)
			}
			lim, maxFiles := limitsOf(fs)
			var hist consolidate.History // the store's earlier periods; none for files alone
			if fromStore {
				st, code := openStore(e, path, fs, p, false)
				if st == nil {
					return code
				}
				defer st.Close()
				if args, err = st.PeriodFiles(e.ctx, per.String()); err != nil {
					fmt.Fprintf(e.stderr, "%s: %s\n", path, storeError(err, e.lang))
					return exitUsage
				}
				if len(args) == 0 {
					fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.Textf("kho %s chưa có báo cáo nào của %s.", "store %s holds no report for %s yet.", storeDir(fs), per.Label(e.lang)).In(e.lang))
					return exitFound
				}
				if hist, err = st.History(e.ctx, p, per); err != nil {
					fmt.Fprintf(e.stderr, "%s: %s\n", path, storeError(err, e.lang))
					return exitUsage
				}
			}
			_, status := runConsolidate(e, p, per, day, dst, force, args, validate.Options{Limits: lim, MaxFiles: maxFiles}, hist)
			return status
		},
	}
}

// runConsolidate validates the inputs, consolidates and writes the workbook; demo uses it too.
// The model is nil when nothing could be written.
func runConsolidate(e *env, p *schema.Plan, per schema.Period, day time.Time, dst string, force bool, args []string, opts validate.Options, hist consolidate.History) (*consolidate.Model, int) {
	const path = "chitieu consolidate"
	opts.Plan, opts.Period = p, &per
	// What would stop the run from saving its result is found before any file is read.
	inputs, _, err := validate.Collect(args, opts.MaxFiles)
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
		return nil, exitUsage
	}
	if in, same := outfile.Clash(dst, inputs); same {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.Textf("không ghi đè tệp đầu vào %s (tệp ghi ra %s là chính tệp đó).", "will not write over the input %s (the output %s is that very file).",
			finding.Printable(in), finding.Printable(dst)).In(e.lang))
		return nil, exitUsage
	}
	if len(inputs) == 0 {
		nothingFound(e, path, args)
		return nil, exitUsage
	}
	if outfile.Exists(dst) && !force {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.Textf("%s đã có; dùng --force để ghi đè.", "%s exists; use --force to overwrite it.", dst).In(e.lang))
		return nil, exitUsage
	}
	if err := outfile.Writable(filepath.Dir(dst)); err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
		return nil, exitUsage
	}
	rep, err := validate.Run(e.ctx, opts, args)
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
		return nil, exitUsage
	}
	m := consolidate.Build(p, per, rep, day, hist)
	write := outfile.Create
	if force {
		write = outfile.Write
	}
	if err := write(e.ctx, dst, func(w io.Writer) error { return m.Write(w) }); err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
		return nil, exitUsage
	}
	status := exitOK
	valid, excluded, missing := 0, 0, 0
	for _, x := range m.Expected {
		switch {
		case len(x.Received) == 0:
			missing++
		case x.Used == nil:
			excluded++
		default:
			valid++
		}
	}
	for _, f := range rep.Files {
		if f.Err != nil {
			fmt.Fprintf(e.stderr, "%s: %s: %s\n", path, finding.Printable(f.Path), finding.Printable(finding.ErrorText(f.Err, e.lang)))
			status = exitUsage
		}
	}
	if status == exitOK && (excluded > 0 || missing > 0 || len(rep.Unread()) > 0) {
		status = exitFound // a folder that could not be read: its files went unread
	}
	fmt.Fprintf(e.stdout, "%s\n", finding.Printable(dst))
	fmt.Fprintf(e.stdout, "%s\n", finding.Text{
		VI: fmt.Sprintf("%s: %d báo cáo phải nộp — %d hợp lệ, %d bị loại, %d chưa nộp; %d tệp đã nhận.",
			per.Label(finding.VI), len(m.Expected), valid, excluded, missing, len(rep.Files)),
		EN: fmt.Sprintf("%s: %s expected — %d valid, %d excluded, %d missing; %s received.",
			per.Label(finding.EN), finding.Plural(len(m.Expected), "report", "reports"), valid, excluded, missing, finding.Plural(len(rep.Files), "file", "files")),
	}.In(e.lang))
	writeExcluded(e, m, rep)
	for _, s := range rep.Unread() {
		fmt.Fprintf(e.stdout, "%s: %s\n", finding.Printable(s.Path), s.Reason.In(e.lang))
	}
	return m, status
}

// writeExcluded lists every file received whose figures are not in the workbook, with the first
// reason: its first error, or the copy used instead.
func writeExcluded(e *env, m *consolidate.Model, rep *validate.Report) {
	used := map[*validate.File]*consolidate.Expected{}
	copyOf := map[*validate.File]*consolidate.Expected{}
	for _, x := range m.Expected {
		if x.Used != nil {
			used[x.Used] = x
		}
		for _, f := range x.Received {
			copyOf[f] = x
		}
	}
	for _, f := range rep.Files {
		if used[f] != nil {
			continue
		}
		var why string
		switch x := copyOf[f]; {
		case f.Err != nil:
			why = finding.ErrorText(f.Err, e.lang)
		case f.Valid() && x != nil && x.Used != nil:
			why = finding.Textf("một bản khác của cùng báo cáo được dùng: %s.", "another copy of the same report is used: %s.", x.Used.Path).In(e.lang)
		default:
			var dup *finding.Finding
			for i, y := range f.Findings {
				if y.Severity == finding.Error && y.Code == "duplicate-submission" && dup == nil {
					dup = &f.Findings[i]
				}
				if y.Severity == finding.Error && y.Code != "duplicate-submission" {
					why = y.Detail.In(e.lang) + " [" + y.Code + "]"
					break
				}
			}
			switch {
			case why != "":
			case dup != nil && x != nil && x.Used != nil:
				// A copy whose figures differ from the copy used: superseded, not unexpected.
				why = finding.Textf("một bản khác của cùng báo cáo được dùng: %s; số liệu của bản này khác bản đó.",
					"another copy of the same report is used: %s; this copy's figures differ from it.", x.Used.Path).In(e.lang) + " [duplicate-submission]"
			case dup != nil:
				why = dup.Detail.In(e.lang) + " [duplicate-submission]"
			default:
				why = finding.Text{VI: "không phải báo cáo phải nộp của kỳ này.", EN: "not a report expected for the period."}.In(e.lang)
			}
		}
		fmt.Fprintf(e.stdout, "%s: %s: %s\n", finding.Printable(f.Path), finding.Text{VI: "không tổng hợp", EN: "not consolidated"}.In(e.lang), finding.Printable(why))
	}
}

// parseDay reads --date, today when empty, as a UTC midnight: the date printed on and stored in
// a workbook, so that the same date gives the same file wherever it is run.
func parseDay(e *env, path, date string) (time.Time, bool) {
	day := time.Now()
	if date != "" {
		d, err := schema.ParseDate(date)
		if err != nil {
			e.usageError(path, finding.Textf("--date %q: viết YYYY-MM-DD.", "--date %q: write YYYY-MM-DD.", date), "")
			return time.Time{}, false
		}
		day = d.Time
	}
	return time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC), true
}
