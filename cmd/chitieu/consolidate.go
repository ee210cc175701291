package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/pflag"

	"chitieu/consolidate"
	"chitieu/finding"
	"chitieu/intake"
	"chitieu/outfile"
	"chitieu/schema"
	"chitieu/store"
	"chitieu/validate"
)

// consolidateOptions are the flags of chitieu consolidate.
type consolidateOptions struct {
	plan         string
	store        storeOption
	limits       limitOptions
	period       string
	output       string
	date         string
	force        bool
	approvedOnly bool
	format       string
}

func consolidateCommand() *command {
	var o consolidateOptions
	return &command{
		name:  "consolidate",
		args:  "[--plan NAME|FILE] --period P [--store DIR | FILE|DIR...] [-o FILE] [--date YYYY-MM-DD] [--approved-only] [--force] [--format text|json]",
		short: finding.Text{VI: "Tổng hợp các báo cáo hợp lệ thành bảng tổng hợp của tỉnh, kèm chênh lệch và mức độ hoàn thành", EN: "Consolidate the valid reports into the province workbook, with gap and achievement"},
		long: finding.Text{
			VI: "Với --store: đọc số liệu đã nhận từ chỉ mục của kho (không mở lại tệp lưu trữ). Với các tệp: nhận chúng như\nlệnh receive vào một kho tạm, theo thứ tự đã cho (thư mục: theo tên). Nộp nhiều bản: dùng bản hợp lệ nhận\nsau cùng; trong một lần nhận, hai bản khác nhau thì bản sau bị lỗi duplicate-submission. Ghi bảng tổng hợp: Bìa, Tổng hợp, Theo đơn vị, Chênh lệch, Mức độ hoàn thành, Tình trạng\nnộp, Nguồn dữ liệu, Lỗi. Cùng đầu vào và cùng --date cho cùng một tệp. Với --format json:\nin kết quả và đánh giá từng mục tiêu (mỗi ghi chú kèm mã của nó) dạng JSON. Trạng thái thoát: 0 mọi báo cáo\nphải nộp đều hợp lệ; 1 có báo cáo bị loại hoặc chưa nộp, hoặc (với các tệp) có tệp bị từ chối (bảng vẫn được ghi);\n2 lỗi cú pháp hoặc đọc ghi.",
			EN: "With --store: reads the figures received from the store's index (no archived file is reopened). With\nfiles: receives them as receive does into a scratch store, in the order given (a folder's by name). Of\nseveral copies the valid one received last counts; two different copies in one run make the later a\nduplicate-submission error. Writes the province workbook: cover, summary, by unit, gap, achievement,\nsubmission status, provenance, findings. The same inputs and --date give the same file. With\n--format json it prints the run and each target's verdict, each note with its code, as JSON. Exit\nstatus: 0 every expected report was valid; 1 some were excluded or missing, or (files given) a\nfile was rejected (the workbook is still written); 2 usage or I/O failure.",
		},
		flags: func(fs *pflag.FlagSet, l finding.Lang) {
			planFlag(fs, l, &o.plan)
			storeFlag(fs, l, &o.store)
			fs.StringVar(&o.period, "period", "", finding.Text{VI: "kỳ tổng hợp (bắt buộc), ví dụ 2024-03", EN: "the period (required), e.g. 2024-03"}.In(l))
			fs.StringVarP(&o.output, "output", "o", "", finding.Text{VI: "tệp ghi bảng tổng hợp (mặc định \"Tổng hợp - KẾ HOẠCH - KỲ.xlsx\", với --approved-only \"… - KỲ - đã duyệt.xlsx\"); cho một thư mục đã có thì ghi tệp tên mặc định vào trong đó", EN: "the workbook to write (default \"Tổng hợp - PLAN - PERIOD.xlsx\", with --approved-only \"… - PERIOD - đã duyệt.xlsx\"); an existing folder gets the workbook of the default name inside it"}.In(l))
			fs.StringVar(&o.date, "date", "", finding.Text{VI: "ngày ghi trên bảng tổng hợp, YYYY-MM-DD (mặc định hôm nay)", EN: "the date on the workbook, YYYY-MM-DD (default today)"}.In(l))
			fs.BoolVar(&o.force, "force", false, finding.Text{VI: "ghi đè tệp đã có", EN: "overwrite an existing file"}.In(l))
			fs.BoolVar(&o.approvedOnly, "approved-only", false, finding.Text{VI: "chỉ tổng hợp các báo cáo văn phòng đã duyệt (chitieu review); cần --store", EN: "consolidate only the reports the office approved (chitieu review); needs --store"}.In(l))
			formatFlag(fs, l, &o.format)
			limitFlags(fs, l, &o.limits)
		},
		run: func(e *env, args []string) int {
			format := o.format
			plan := o.plan
			period := o.period
			out := o.output
			date := o.date
			force := o.force
			approvedOnly := o.approvedOnly
			const path = "chitieu consolidate"
			if !validFormat(e, path, format) {
				return exitUsage
			}
			// Without files, the store: --store, $CHITIEU_STORE or ./chitieu-data, as for every
			// other command (openStore says so when there is none).
			fromStore := o.store.given || len(args) == 0
			if o.store.given && len(args) > 0 {
				e.usageError(path, finding.Text{VI: "cho --store hoặc các tệp báo cáo, không cả hai.", EN: "give --store or report files, not both."}, "")
				return exitUsage
			}
			if approvedOnly && !fromStore {
				e.usageError(path, finding.Text{VI: "--approved-only cần --store: việc duyệt được lưu trong kho.", EN: "--approved-only needs --store: the reviews are kept in the store."}, "")
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
			// The province workbook of 200 reports from a store of ten years: 116 ms at 400 against
			// 125 ms at 200 (the whole command, ten paired runs; peak 69 MiB against 61), which
			// was 101 ms against 112 at the default (six paired runs, an earlier build). Given
			// files are received first, as receive does, where 400 was no faster than 200 and
			// took more memory (the 166 communes' files: peak 72–76 MB against 64).
			pace := 200
			if fromStore {
				pace = 400
			}
			defer gcPace(pace)()
			var early *earlyRead
			if fromStore && store.Exists(o.store.dir()) {
				early = readEarly(e.ctx, o.store.dir(), per)
				defer early.close()
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
			if approvedOnly { // beside the workbook of every valid report, not over it
				name = fmt.Sprintf("Tổng hợp - %s - %s - đã duyệt.xlsx", p.ID, per)
			}
			if st, err := os.Stat(out); dst == "" || err == nil && st.IsDir() {
				dst = filepath.Join(out, name)
			}
			if folder := filepath.Dir(dst); folder != "" {
				if st, err := os.Stat(folder); err != nil || !st.IsDir() {
					fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.Textf("thư mục %s không có: hãy tạo thư mục trước, hoặc chọn thư mục khác cho -o.",
						"the folder %s does not exist: make it first, or give -o another folder.", folder).In(e.lang))
					return exitUsage
				}
			}
			var m *consolidate.Model
			var in *givenFiles // the files given instead of a store
			if fromStore {
				if !writableOutput(e, path, dst, force) {
					return exitUsage
				}
				if st, subs, hist := early.result(e.ctx, p, per); st != nil {
					m, err = consolidate.FromRead(e.ctx, st, p, per, day, approvedOnly, subs, hist)
				} else if st, code := openStore(e, path, o.store.dir(), p, false); st == nil {
					return code
				} else {
					defer st.Close()
					m, err = consolidate.FromStore(e.ctx, st, p, per, day, approvedOnly)
				}
				if err != nil {
					fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
					return exitUsage
				}
				if len(m.Files) == 0 {
					fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.Textf("kho %s chưa có báo cáo nào của %s.", "store %s holds no report for %s yet.", o.store.dir(), per.Label(e.lang)).In(e.lang))
					return exitFound
				}
			} else {
				lim, maxFiles := o.limits.limits()
				opts := validate.Options{Plan: p, Period: &per, Limits: lim, MaxFiles: maxFiles}
				var subs []store.Submission
				var code int
				if subs, in, code = receiveScratch(e, path, p, day, dst, force, args, opts); code != exitOK {
					return code
				}
				m = consolidate.Build(p, per, subs, day, nil) // files alone: no earlier periods, no review
			}
			return writeConsolidated(e, m, dst, force, in, format)
		},
	}
}

// earlyRead is the store's part of consolidate --store begun while the plan is read, on a
// second core: opening the store and reading the period's submissions need no plan; the earlier
// periods' figures (consolidate.ReadEarlier) are read once the plan is known, while they are
// still being read.
// Whatever it meets (no store, a damaged index, another plan) is left to the ordinary way, which
// says so once the plan is known.
type earlyRead struct {
	opened, done chan struct{}
	st           *store.Store
	openErr      error // set before opened is closed
	subs         []store.Submission
	err          error // set before done is closed
}

func readEarly(ctx context.Context, dir string, per schema.Period) *earlyRead {
	r := &earlyRead{opened: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(r.done)
		r.st, r.openErr = store.OpenAny(ctx, dir)
		close(r.opened)
		if r.openErr == nil {
			r.subs, r.err = consolidate.Current(ctx, r.st, per)
		}
	}()
	return r
}

// result is the open store, the period's submissions and the earlier periods' figures for p, for
// a store that holds p; a nil store when the early read failed or the store holds another plan.
func (r *earlyRead) result(ctx context.Context, p *schema.Plan, per schema.Period) (*store.Store, []store.Submission, consolidate.History) {
	if r == nil {
		return nil, nil, nil
	}
	<-r.opened
	if r.openErr != nil {
		return nil, nil, nil
	}
	err := r.st.Holds(p.ID)
	var hist consolidate.History
	if err == nil {
		hist, err = consolidate.ReadEarlier(ctx, r.st, p, per)
	}
	<-r.done
	if r.err != nil || err != nil {
		return nil, nil, nil
	}
	return r.st, r.subs, hist
}

// close waits for the early read and closes its store.
func (r *earlyRead) close() {
	if r == nil {
		return
	}
	<-r.done
	if r.st != nil {
		r.st.Close()
	}
}

// writableOutput reports whether the workbook may be written at dst, saying why not: what would
// stop the run from saving its result is found before anything is read.
func writableOutput(e *env, path, dst string, force bool) bool {
	if outfile.Exists(dst) && !force {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.Textf("%s đã có; dùng --force để ghi đè.", "%s exists; use --force to overwrite it.", dst).In(e.lang))
		return false
	}
	if err := outfile.Writable(filepath.Dir(dst)); err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
		return false
	}
	return true
}

// receiveScratch receives the files args name into a scratch store, removed afterwards, through
// the one receiver (intake.Scratch): files given instead of a store are consolidated by the
// store's rules. The files are received in the order given, a folder's in name order, so that
// of two versions of one report the first received counts and the later is a
// duplicate-submission error (as receive does). It returns every submission and what the run
// found of the files given.
func receiveScratch(e *env, path string, p *schema.Plan, day time.Time, dst string, force bool, args []string, opts validate.Options) ([]store.Submission, *givenFiles, int) {
	inputs, skipped, err := validate.Collect(args, opts.MaxFiles)
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
		return nil, nil, exitUsage
	}
	if in, same := outfile.Clash(dst, inputs); same {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.Textf("không ghi đè tệp đầu vào %s (tệp ghi ra %s là chính tệp đó).", "will not write over the input %s (the output %s is that very file).",
			finding.Printable(in), finding.Printable(dst)).In(e.lang))
		return nil, nil, exitUsage
	}
	if len(inputs) == 0 {
		nothingFound(e, path, args)
		return nil, nil, exitUsage
	}
	if !writableOutput(e, path, dst, force) {
		return nil, nil, exitUsage
	}
	dir, err := os.MkdirTemp(outfile.TempDir(), "consolidate-*")
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
		return nil, nil, exitUsage
	}
	defer os.RemoveAll(dir)
	in := &givenFiles{paths: map[string]string{}}
	st, subs, err := intake.Scratch(e.ctx, p, opts, inputs, dir, day, func(r intake.Received) error {
		switch {
		case r.File.Err != nil:
			fmt.Fprintf(e.stderr, "%s: %s: %s\n", path, finding.Printable(r.File.Path), finding.Printable(finding.ErrorText(r.File.Err, e.lang)))
			in.unreadable++
			return nil
		case !r.File.Valid() && !otherPeriodOnly(r.File.Findings):
			in.rejected++ // a file of another period, in a folder of many, is no error of this run
		}
		if _, ok := in.paths[r.File.SHA256]; !ok {
			in.paths[r.File.SHA256] = r.File.Path
		}
		return nil
	})
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
		return nil, nil, exitUsage
	}
	st.Close()
	for _, s := range skipped {
		if s.Unread {
			in.unread = append(in.unread, s)
		}
	}
	return subs, in, exitOK
}

// givenFiles is what consolidating files given instead of a store found of them.
type givenFiles struct {
	paths      map[string]string // a file's path as given, by SHA-256
	unreadable int               // files that could not be read
	rejected   int               // files read and rejected (the report's other copy may be used)
	unread     []validate.Skip   // folders that could not be read: their files went unread
}

// writeConsolidated writes the workbook of m and says what it holds; demo uses it too. in is
// what was found of the files given instead of a store (nil for a store). format "json" prints
// the run as one JSON document (consolidateJSON) instead of lines. The exit status is 1 when a
// report was excluded or missing, and, for files given, when one of them was rejected (its
// report may be covered by another copy: the inputs still have errors).
func writeConsolidated(e *env, m *consolidate.Model, dst string, force bool, in *givenFiles, format string) int {
	if in == nil {
		in = &givenFiles{}
	}
	given, unreadable, unread := in.paths, in.unreadable, in.unread
	const path = "chitieu consolidate"
	per, ap := m.Period, m.Approval
	write := outfile.Create
	if force {
		write = outfile.Write
	}
	if err := write(e.ctx, dst, func(w io.Writer) error { return m.Write(w) }); err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
		return exitUsage
	}
	status := exitOK
	n := m.Reports()
	valid, excluded, missing, unapproved := n.Valid, n.Excluded, n.Missing, n.Unapproved
	if unreadable > 0 {
		status = exitUsage
	}
	if status == exitOK && (excluded > 0 || missing > 0 || len(unread) > 0 || unapproved > 0 || in.rejected > 0) {
		status = exitFound // a folder that could not be read: its files went unread; or reports not approved were left out
	}
	files := m.FileCount() + unreadable
	if format == "json" {
		doc := consolidateDoc(m, dst, consolidateSummary{Expected: len(m.Expected), Valid: valid, Excluded: excluded, Missing: missing, Unapproved: unapproved, Files: files},
			excludedFiles(e, m, given), unread, ap, e.lang)
		if code := writeJSON(e, doc); code != exitOK {
			return code
		}
		return status
	}
	fmt.Fprintf(e.stdout, "%s\n", finding.Printable(dst))
	fmt.Fprintf(e.stdout, "%s\n", finding.Text{
		VI: fmt.Sprintf("%s: %d báo cáo phải nộp — %d hợp lệ, %d bị loại, %d chưa nộp; %d tệp đã nhận.",
			per.Label(finding.VI), len(m.Expected), valid, excluded, missing, files),
		EN: fmt.Sprintf("%s: %s expected — %d valid, %d excluded, %d missing; %s received.",
			per.Label(finding.EN), finding.Plural(len(m.Expected), "report", "reports"), valid, excluded, missing, finding.Plural(files, "file", "files")),
	}.In(e.lang))
	if ap != nil {
		fmt.Fprintln(e.stdout, finding.Textf("Đã duyệt: %d báo cáo được dùng.", "Approved: %d of the reports used.", m.ApprovedCount()).In(e.lang))
		if ap.Only {
			fmt.Fprintln(e.stdout, finding.Textf("Chỉ tổng hợp báo cáo đã duyệt: %d báo cáo hợp lệ chưa duyệt không được dùng.",
				"Approved reports only: %d valid reports not approved were left out.", unapproved).In(e.lang))
		}
	}
	for _, x := range excludedFiles(e, m, given) {
		fmt.Fprintf(e.stdout, "%s: %s: %s\n", finding.Printable(x.File), finding.Text{VI: "không tổng hợp", EN: "not consolidated"}.In(e.lang), finding.Printable(x.Reason))
	}
	for _, u := range unread {
		fmt.Fprintf(e.stdout, "%s: %s\n", finding.Printable(u.Path), u.Reason.In(e.lang))
	}
	return status
}

// excludedFiles lists every file received whose figures are not in the workbook, with the first
// reason (consolidate.Model.Exclusions), each file named as it was given.
func excludedFiles(e *env, m *consolidate.Model, given map[string]string) []excludedJSON {
	var out []excludedJSON
	for _, x := range m.Exclusions(func(f *store.Submission) string { return givenName(f, given) }) {
		out = append(out, excludedJSON{File: givenName(x.File, given), Reason: x.Why.In(e.lang)})
	}
	return out
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

// givenName is a file as the user named it: the path it was given as on the command line, else
// the name it came with.
func givenName(f *store.Submission, given map[string]string) string {
	if p, ok := given[f.SHA256]; ok {
		return p
	}
	return f.Name
}

// otherPeriodOnly reports whether a file's only errors say it is a report of another period.
func otherPeriodOnly(fs finding.Findings) bool {
	n := 0
	for _, x := range fs {
		if x.Severity == finding.Error {
			if x.Code != "wrong-period" {
				return false
			}
			n++
		}
	}
	return n > 0
}
