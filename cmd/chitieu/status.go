package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"chitieu/finding"
	"chitieu/outfile"
	"chitieu/schema"
	"chitieu/store"
	"chitieu/templates"
)

// statusOptions are the flags of chitieu status.
type statusOptions struct {
	plan   string
	store  storeOption
	format string
	period string
	date   string
	output string
	force  bool
}

func statusCommand() *command {
	var o statusOptions
	return &command{
		name:  "status",
		args:  "[--plan NAME|FILE] [--store DIR] --period P [--format text|json] [--date YYYY-MM-DD] [-o FILE.xlsx [--force]]",
		short: finding.Text{VI: "Đơn vị nào đã nộp, nộp sai, chưa nộp báo cáo của một kỳ; danh sách cần nhắc", EN: "Who has reported for a period, who sent an invalid report, who has not; the list to chase"},
		long: finding.Text{
			VI: "Với mỗi biểu của kỳ và mỗi đơn vị phải lập: hợp lệ, không hợp lệ (kèm lỗi đầu tiên) hay chưa nộp; hạn\nnộp và số ngày trễ tính đến --date (mặc định hôm nay). Với -o, ghi thêm danh sách ra tệp .xlsx để in hoặc\ntrộn thư. Trạng thái thoát: 0 mọi báo cáo đều hợp lệ, 1 còn báo cáo thiếu hoặc sai, 2 lỗi cú pháp.",
			EN: "For every form of the period and every unit that must fill it: valid, invalid (with the first error)\nor missing; the due date and the days late as of --date (default today). With -o, also writes the list\nto an .xlsx file to print or mail-merge. Exit status: 0 every report valid, 1 some missing or invalid,\n2 usage error.",
		},
		flags: func(fs *pflag.FlagSet, l finding.Lang) {
			planFlag(fs, l, &o.plan)
			storeFlag(fs, l, &o.store)
			formatFlag(fs, l, &o.format)
			fs.StringVar(&o.period, "period", "", finding.Text{VI: "kỳ báo cáo (bắt buộc), ví dụ 2024-03", EN: "the period (required), e.g. 2024-03"}.In(l))
			fs.StringVar(&o.date, "date", "", finding.Text{VI: "ngày tính số ngày trễ, YYYY-MM-DD (mặc định hôm nay)", EN: "the day to count days late to, YYYY-MM-DD (default today)"}.In(l))
			fs.StringVarP(&o.output, "output", "o", "", finding.Text{VI: "ghi thêm danh sách ra tệp .xlsx", EN: "also write the list to an .xlsx file"}.In(l))
			fs.BoolVar(&o.force, "force", false, finding.Text{VI: "ghi đè tệp đã có", EN: "overwrite an existing file"}.In(l))
		},
		run: func(e *env, args []string) int { return runStatus(e, &o, args) },
	}
}

func runStatus(e *env, o *statusOptions, args []string) int {
	const path = "chitieu status"
	plan := o.plan
	format := o.format
	period := o.period
	date := o.date
	out := o.output
	force := o.force
	if !e.noArgs(path, args) {
		return exitUsage
	}
	if !validFormat(e, path, format) {
		return exitUsage
	}
	per, ok := parsePeriodFlag(e, path, period)
	if !ok {
		return exitUsage
	}
	day, ok := parseDay(e, path, date)
	if !ok {
		return exitUsage
	}
	if out != "" && outfile.Exists(out) && !force {
		e.usageError(path, finding.Textf("%s đã có; thêm --force để ghi đè.", "%s exists; add --force to overwrite it.", out), "")
		return exitUsage
	}
	p, code := loadPlan(e, path, plan)
	if p == nil {
		return code
	}
	if pastPlanEnd(e, path, p, per) {
		return exitUsage
	}
	st, rep, code := periodStatus(e, path, o.store.dir(), p, per, day)
	if st == nil {
		return code
	}
	defer st.Close()
	if out != "" {
		t := statusTable(p, per, rep, day, e.lang)
		write := outfile.Create // two runs at once do not both write the list
		if force {
			write = outfile.Write
		}
		if err := write(e.ctx, out, func(w io.Writer) error { return t.Write(w, day) }); err != nil {
			fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
			return exitUsage
		}
	}
	if format == "json" {
		rep.In(e.lang)
		if code := writeJSON(e, rep); code != exitOK {
			return code
		}
	} else {
		writeStatusText(e.stdout, p, per, rep, e.lang)
		if out != "" {
			fmt.Fprintf(e.stdout, "%s: %s\n", finding.Text{VI: "Danh sách", EN: "List"}.In(e.lang), out)
		}
	}
	if rep.Summary.Valid < rep.Summary.Expected {
		return exitFound
	}
	return exitOK
}

// parsePeriodFlag reads a required --period.
func parsePeriodFlag(e *env, path, period string) (schema.Period, bool) {
	if period == "" {
		e.usageError(path, finding.Text{VI: "cần --period, ví dụ --period 2024-03.", EN: "--period is required, e.g. --period 2024-03."}, "")
		return schema.Period{}, false
	}
	per, err := schema.ParsePeriod(period)
	if err != nil {
		e.usageError(path, periodError(period), "")
		return schema.Period{}, false
	}
	return per, true
}

// stateWord is a state as the office says it.
func stateWord(state string, lang finding.Lang) string {
	return map[string]finding.Text{
		store.StateValid:   {VI: "hợp lệ", EN: "valid"},
		store.StateInvalid: {VI: "không hợp lệ", EN: "invalid"},
		store.StateMissing: {VI: "chưa nộp", EN: "missing"},
	}[state].In(lang)
}

// reviewWord is a review state as the office says it; "" for none.
func reviewWord(state string, lang finding.Lang) string {
	return map[string]finding.Text{
		store.ReviewReceived: {VI: "chờ duyệt", EN: "to review"},
		store.ReviewReturned: {VI: "đã trả lại", EN: "returned"},
		store.ReviewApproved: {VI: "đã duyệt", EN: "approved"},
	}[state].In(lang)
}

func lateWord(days int, lang finding.Lang) string {
	if days == 0 {
		return ""
	}
	return finding.Textf("trễ %s", "%s late", finding.Count(days, "ngày", "day", "days")).In(lang)
}

func writeStatusText(w io.Writer, p *schema.Plan, per schema.Period, rep *store.StatusReport, lang finding.Lang) {
	fmt.Fprintln(w, finding.Textf("%s — %s", "%s — %s", p.NameText(), per).In(lang))
	var chase []string
	for _, f := range rep.Forms {
		title := f.Title
		if form := p.Form(f.Form); form != nil {
			title = form.TitleText().In(lang)
		}
		fmt.Fprintf(w, "\n%s %s\n", f.Form, title)
		for _, u := range f.Units {
			line := fmt.Sprintf("  %-8s %-40s %-13s %s: %s", u.Unit, shorten(u.Name, 40), stateWord(u.State, lang), finding.Text{VI: "hạn", EN: "due"}.In(lang), u.Due)
			if rw := reviewWord(u.Review, lang); rw != "" {
				line += " [" + rw + "]"
			}
			if late := lateWord(u.DaysLate, lang); late != "" {
				line += ", " + late
			}
			if !u.Reason.IsZero() {
				reason := u.Reason.In(lang)
				line += " — " + shorten(reason, 120)
			}
			fmt.Fprintln(w, finding.Printable(line))
			if u.State != store.StateValid {
				chase = append(chase, fmt.Sprintf("  %s %s — %s (%s)", u.Unit, u.Name, f.Form, stateWord(u.State, lang)))
			}
		}
	}
	s := rep.Summary
	fmt.Fprintln(w, "\n"+finding.Textf("%s phải nộp: %d hợp lệ, %d không hợp lệ, %d chưa nộp; %d trễ hạn.",
		"%s expected: %d valid, %d invalid, %d missing; %d late.", finding.Count(s.Expected, "báo cáo", "report", "reports"), s.Valid, s.Invalid, s.Missing, s.Late).In(lang))
	if s.Approved+s.Returned > 0 {
		fmt.Fprintln(w, finding.Textf("Đã duyệt %d, đang trả lại %d.", "%d approved, %d returned.", s.Approved, s.Returned).In(lang))
	}
	if len(chase) > 0 {
		fmt.Fprintln(w, finding.Text{VI: "Cần nhắc:", EN: "To chase:"}.In(lang))
		for _, c := range chase {
			fmt.Fprintln(w, finding.Printable(c))
		}
	}
}

// shorten cuts s to n characters, marking the cut with "…".
func shorten(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// statusTable is the status as a list to print or mail-merge: one row per expected report.
func statusTable(p *schema.Plan, per schema.Period, rep *store.StatusReport, day interface{ Format(string) string }, lang finding.Lang) *templates.Table {
	tr := func(vi, en string) string { return finding.Text{VI: vi, EN: en}.In(lang) }
	t := &templates.Table{
		Sheet:    tr("Tình trạng nộp", "Status"),
		Title:    finding.Textf("TÌNH HÌNH NỘP BÁO CÁO — %s", "REPORTS RECEIVED — %s", strings.ToUpper(per.Label(lang))).In(lang),
		Subtitle: finding.Textf("%s; tính đến ngày %s", "%s; as of %s", p.NameText(), day.Format("02/01/2006")).In(lang),
		Columns: []templates.TableColumn{
			// Widths that print one page wide at 12 pt on A4 landscape (the type stays over 8 pt
			// after fitting); the due date a date, shown dd/mm/yyyy.
			{Head: tr("Biểu", "Form"), Width: 11}, {Head: tr("Mã đơn vị", "Unit"), Width: 9}, {Head: tr("Đơn vị", "Unit name"), Width: 26},
			{Head: tr("Tình trạng", "State"), Width: 12}, {Head: tr("Hạn nộp", "Due"), Width: 12, Date: true}, {Head: tr("Số ngày trễ", "Days late"), Width: 8, Numeric: true},
			{Head: tr("Lỗi đầu tiên", "First error"), Width: 36}, {Head: tr("Tệp đã nhận", "Files received"), Width: 30},
		},
	}
	for _, f := range rep.Forms {
		for _, u := range f.Units {
			reason := u.Reason.In(lang)
			t.Rows = append(t.Rows, []string{f.Form, u.Unit, u.Name, stateWord(u.State, lang), u.Due, strconv.Itoa(u.DaysLate), reason, strings.Join(u.Files, "; ")})
		}
	}
	return t
}

// periodStatus opens the store and reads who has reported for the period, as of day; on failure
// it has said why and returns a nil store and the exit status. The caller closes the store.
func periodStatus(e *env, path, dir string, p *schema.Plan, per schema.Period, day time.Time) (*store.Store, *store.StatusReport, int) {
	st, code := openStore(e, path, dir, p, false)
	if st == nil {
		return nil, nil, code
	}
	rep, err := st.Status(e.ctx, p, per, day)
	if err != nil {
		st.Close()
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
		return nil, nil, exitUsage
	}
	return st, rep, exitOK
}
