package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"chitieu/consolidate"
	"chitieu/demo"
	"chitieu/export"
	"chitieu/finding"
	"chitieu/intake"
	"chitieu/outfile"
	"chitieu/schema"
	"chitieu/seeds"
	"chitieu/store"
	"chitieu/templates"
	"chitieu/validate"
	"chitieu/xlsx"
)

// demoOptions are the flags of chitieu demo.
type demoOptions struct {
	output string
	date   string
	force  bool
}

func demoCommand() *command {
	var o demoOptions
	return &command{
		name:  "demo",
		args:  "[-o DIR] [--date YYYY-MM-DD] [--force]",
		short: finding.Text{VI: "Chạy toàn bộ chu trình hai năm trên kế hoạch Thanh Hóa có sẵn: lập biểu, điền, nhận vào kho, theo dõi, tổng hợp, xuất", EN: "Run two years of the whole cycle on the embedded Thanh Hóa plan: forms, filling, the store, status, consolidation, export"},
		long: finding.Text{
			VI: "Lập các biểu mẫu năm 2023, điền như các đơn vị báo cáo (mở từng tệp và gõ vào ô nhập liệu) bằng số liệu\ncủa văn bản nguồn — số minh họa khi văn bản không có, ghi rõ ở cột Ghi chú — và nhận vào kho DIR/3 Kho dữ liệu.\nRồi lập biểu năm 2024 (cột cùng kỳ điền sẵn từ kho), điền bằng số minh họa, nhận vào kho, in tình hình nộp,\ntổng hợp từng năm từ kho (năm 2024 so với cùng kỳ 2023) và xuất bảng số liệu. In vị trí các tệp và tóm tắt\nmức độ hoàn thành năm 2024.",
			EN: "Writes the 2023 forms, fills them as the reporting units would (opening each file and typing into\nits input cells) with the source documents' figures — illustrative ones where the documents have\nnone, marked in the Note column — and receives them into the store DIR/3 Kho dữ liệu. Then writes the\n2024 forms (the same-period column pre-filled from the store), fills them with illustrative figures,\nreceives them, prints who has reported, consolidates each year from the store (2024 against 2023) and\nexports the figures. Prints where the files are and a summary of 2024's achievement table.",
		},
		flags: func(fs *pflag.FlagSet, l finding.Lang) {
			fs.StringVarP(&o.output, "output", "o", "chitieu-demo", finding.Text{VI: "thư mục ghi kết quả", EN: "folder to write to"}.In(l))
			fs.StringVar(&o.date, "date", "", finding.Text{VI: "ngày ghi trên bảng tổng hợp (mặc định hôm nay)", EN: "the date on the workbook (default today)"}.In(l))
			fs.BoolVar(&o.force, "force", false, finding.Text{VI: "ghi đè kết quả của lần chạy trước", EN: "overwrite the results of an earlier run"}.In(l))
		},
		run: func(e *env, args []string) int { return runDemo(e, &o, args) },
	}
}

// The demo's folders, numbered in the order an office meets them.
const (
	demoBlank  = "1 Biểu mẫu"
	demoFilled = "2 Báo cáo đã điền"
	demoStore  = "3 Kho dữ liệu"
	demoExport = "4 Số liệu đã nhận.csv"
)

// demoLate is the unit whose 2024 report the demo files a week after it was due, so that the
// status shows what lateness looks like.
const demoLate = "407"

func runDemo(e *env, o *demoOptions, args []string) int {
	out := o.output
	date := o.date
	force := o.force
	const path = "chitieu demo"
	if !e.noArgs(path, args) {
		return exitUsage
	}
	day, ok := parseDay(e, path, date)
	if !ok {
		return exitUsage
	}
	p, code := loadPlan(e, path, seeds.Default)
	if p == nil {
		return code
	}
	years := []schema.Period{demo.Period, {Year: demo.Period.Year + 1, Freq: schema.Yearly}}
	storeDir := filepath.Join(out, demoStore)
	if outfile.Exists(storeDir) || outfile.Exists(filepath.Join(out, demoFilled)) {
		if !force {
			fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.Textf("%s đã có kết quả của lần chạy trước; dùng --force để chạy lại.",
				"%s holds the results of an earlier run; use --force to run again.", out).In(e.lang))
			return exitUsage
		}
		for _, d := range []string{demoBlank, demoFilled, demoStore, demoExport} {
			os.RemoveAll(filepath.Join(out, d))
		}
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
		return exitUsage
	}
	st, err := store.Open(e.ctx, storeDir, p.ID)
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
		return exitUsage
	}
	defer st.Close()
	tr := func(vi, en string) string { return finding.Text{VI: vi, EN: en}.In(e.lang) }
	var last *demoYear
	for _, per := range years {
		y, code := demoOneYear(e, p, st, per, out, day)
		if y == nil {
			return code
		}
		last = y
	}
	status, err := st.Status(e.ctx, p, last.period, last.period.End().AddDate(0, 0, 20))
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
		return exitUsage
	}
	s := status.Summary
	fmt.Fprintf(e.stdout, "%s: %s\n", tr("Tình hình nộp", "Status"), finding.Textf("%s — %s phải nộp: %d hợp lệ, %d không hợp lệ, %d chưa nộp; %d trễ hạn (xem: chitieu status --store %q --period %s)",
		"%s — %s expected: %d valid, %d invalid, %d missing; %d late (see: chitieu status --store %q --period %s)", last.period.Label(e.lang), finding.Count(s.Expected, "báo cáo", "report", "reports"), s.Valid, s.Invalid, s.Missing, s.Late, storeDir, last.period.String()).In(e.lang))
	exported := filepath.Join(out, demoExport)
	rows := 0
	err = outfile.Write(e.ctx, exported, func(w io.Writer) (err error) {
		rows, err = export.Table{Plan: p, Store: st, Lang: e.lang}.Write(e.ctx, w, export.CSV, time.Time{})
		return err
	})
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
		return exitUsage
	}
	fmt.Fprintf(e.stdout, "%s: %s\n", tr("Xuất số liệu", "Export"), finding.Textf("%s (%d dòng)", "%s (%d rows)", exported, rows).In(e.lang))
	fmt.Fprintf(e.stdout, "\n%s\n", finding.Textf("MỨC ĐỘ HOÀN THÀNH — %s", "ACHIEVEMENT — %s", strings.ToUpper(last.period.Label(e.lang))).In(e.lang))
	fmt.Fprintf(e.stdout, "  %s\n", last.model.Tally().In(e.lang))
	for _, a := range last.model.Assessments {
		fmt.Fprintf(e.stdout, "  %-15s %-42s %8s  %s\n", a.Target.ID, clip(a.Indicator.NameText().In(e.lang), 42), a.AchievementIn(e.lang), a.StatusText(e.lang))
	}
	return exitOK
}

// demoYear is what one year of the demo made.
type demoYear struct {
	period schema.Period
	model  *consolidate.Model
}

// demoOneYear runs one year of the cycle: forms (pre-filled from the store), filled as the units
// would, received into the store a day before they are due (one unit late), consolidated from
// the store.
func demoOneYear(e *env, p *schema.Plan, st *store.Store, per schema.Period, out string, day time.Time) (*demoYear, int) {
	const path = "chitieu demo"
	tr := func(vi, en string) string { return finding.Text{VI: vi, EN: en}.In(e.lang) }
	year := fmt.Sprint(per.Year)
	blank, filled := filepath.Join(out, demoBlank, year), filepath.Join(out, demoFilled, year)
	res, err := demo.FillYear(e.ctx, p, per, blank, filled, func(l *templates.Layout) (map[schema.CellKey]schema.Number, error) {
		return templates.Known(e.ctx, p, l, intake.History{Store: st})
	})
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
		return nil, exitUsage
	}
	fmt.Fprintf(e.stdout, "%s\n", strings.ToUpper(per.Label(e.lang)))
	fmt.Fprintf(e.stdout, "  %s: %s\n", tr("Biểu mẫu", "Templates"), blank)
	fmt.Fprintf(e.stdout, "  %s: %s\n    %s\n", tr("Báo cáo đã điền", "Filled reports"), filled, res.Describe().In(e.lang))
	rep, err := validate.Run(e.ctx, validate.Options{Plan: p, Period: &per, Limits: xlsx.DefaultLimits}, []string{filled})
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
		return nil, exitUsage
	}
	// Every unit files a day before its form's due date (which follows the form's regime); one
	// files its last report a week late.
	type batch struct {
		rep *validate.Report
		at  time.Time
	}
	var batches []batch
	at := map[time.Time]*validate.Report{}
	add := func(f *validate.File, when time.Time) {
		if at[when] == nil {
			at[when] = &validate.Report{}
			batches = append(batches, batch{at[when], when})
		}
		at[when].Files = append(at[when].Files, f)
	}
	for _, f := range rep.Files {
		due := p.Forms[0].Due(per)
		if f.Sub != nil {
			if form := p.Form(f.Sub.Identity.Form); form != nil {
				due = form.Due(per)
			}
		}
		if per.Year > demo.Period.Year && f.Sub != nil && f.Sub.Identity.Unit == demoLate {
			add(f, due.AddDate(0, 0, 7))
		} else {
			add(f, due.AddDate(0, 0, -1))
		}
	}
	slices.SortStableFunc(batches, func(a, b batch) int { return a.at.Compare(b.at) })
	accepted := 0
	for _, batch := range batches {
		in := intake.New(p, st)
		in.ReceivedAt = batch.at.Add(5 * time.Hour)
		in.Filed = func(r intake.Received) error {
			if r.Accepted() {
				accepted++
			}
			return nil
		}
		for _, f := range batch.rep.Files {
			if err := in.Add(e.ctx, f, intake.From{}); err != nil {
				fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
				return nil, exitUsage
			}
		}
		if err := in.Flush(e.ctx); err != nil {
			fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
			return nil, exitUsage
		}
	}
	fmt.Fprintf(e.stdout, "  %s: %s\n", tr("Nhận vào kho", "Received"), finding.Textf("%s, %d hợp lệ, %s — %s", "%s, %d valid, %s — %s",
		finding.Count(len(rep.Files), "tệp", "file", "files"), accepted, finding.Count(rep.Summary().Warnings, "cảnh báo", "warning", "warnings"), st.Dir()).In(e.lang))
	book := filepath.Join(out, fmt.Sprintf("Tổng hợp - %s - %s.xlsx", p.ID, per))
	fmt.Fprintf(e.stdout, "  %s: ", tr("Bảng tổng hợp", "Province workbook"))
	m, err := consolidate.FromStore(e.ctx, st, p, per, day, false)
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
		return nil, exitUsage
	}
	if code := writeConsolidated(e, m, book, true, nil, "text"); code == exitUsage {
		return nil, code
	}
	return &demoYear{period: per, model: m}, exitOK
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s + strings.Repeat(" ", n-len(r))
	}
	return string(r[:n-1]) + "…"
}
