package main

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"chitieu/finding"
	"chitieu/schema"
	"chitieu/store"
	"chitieu/validate"
)

func receiveCommand() *command {
	return &command{
		name:  "receive",
		args:  "[--plan NAME|FILE] [--store DIR] [--format text|json] [--annotate DIR [--force]] FILE|DIR...",
		short: finding.Text{VI: "Nhận báo cáo vào kho: kiểm tra, lưu nguyên tệp và ghi chỉ mục", EN: "Receive reports into the store: check them, keep each file as is, index it"},
		long: finding.Text{
			VI: "Kiểm tra từng tệp như lệnh validate, thêm đối chiếu với các kỳ trước trong kho (lũy kế liên tục, số\nbất thường), rồi lưu mọi tệp vào kho — hợp lệ hay không, vì tệp bị từ chối cũng là bằng chứng. Mỗi tệp\nmột dòng: biểu, đơn vị, kỳ, đã nhận hay bị từ chối và vì sao, thay cho tệp nào. Nhận lại đúng tệp cũ\nkhông ghi gì thêm; bản sửa của cùng biểu, đơn vị, kỳ thay cho bản trước, cả hai đều được giữ.\nTrạng thái thoát: 0 mọi tệp được nhận, 1 có tệp bị từ chối, 2 lỗi cú pháp hoặc đọc ghi.",
			EN: "Checks each file as validate does, and against the earlier periods in the store (year-to-date\ncontinuity, unusual figures), then keeps every file in the store — valid or not, as a rejected file\nis evidence too. One line a file: form, unit, period, accepted or rejected and why, what it replaces.\nThe same bytes again record nothing; a corrected file for the same form, unit and period supersedes\nthe earlier one, and both are kept. Exit status: 0 every file accepted, 1 some rejected, 2 usage or\nI/O failure.",
		},
		flags: func(fs *pflag.FlagSet, l finding.Lang) {
			planFlag(fs, l)
			storeFlag(fs, l)
			formatFlag(fs, l)
			fs.String("annotate", "", finding.Text{VI: "thư mục ghi bản sao có đánh dấu lỗi của các tệp có lỗi", EN: "folder to write annotated copies of the files with findings to"}.In(l))
			fs.Bool("force", false, finding.Text{VI: "ghi đè bản sao đã có trong thư mục --annotate", EN: "overwrite existing copies in the --annotate folder"}.In(l))
			fs.String("date", "", finding.Text{VI: "ngày đã nhận các tệp, YYYY-MM-DD, khi vào sổ muộn (mặc định: bây giờ)", EN: "the day the files were received, YYYY-MM-DD, when filing them later (default: now)"}.In(l))
			limitFlags(fs, l)
		},
		run: runReceive,
	}
}

// received is what receiving one file came to.
type received struct {
	file       *validate.File
	res        store.Result
	recorded   bool
	superseded []string
}

func runReceive(e *env, fs *pflag.FlagSet, args []string) int {
	const path = "chitieu receive"
	plan, _ := fs.GetString("plan")
	format, _ := fs.GetString("format")
	annotate, _ := fs.GetString("annotate")
	force, _ := fs.GetBool("force")
	date, _ := fs.GetString("date")
	var receivedAt time.Time
	if date != "" {
		day, ok := parseDay(e, "chitieu receive", date)
		if !ok {
			return exitUsage
		}
		receivedAt = day.Add(5 * time.Hour) // noon in Vietnam (UTC+7) on that day
	}
	if len(args) == 0 {
		e.usageError(path, finding.Text{VI: "cần ít nhất một tệp hoặc thư mục.", EN: "give at least one file or folder."}, "")
		return exitUsage
	}
	if !validFormat(e, path, format) {
		return exitUsage
	}
	p, code := loadPlan(e, path, plan)
	if p == nil {
		return code
	}
	opts := validate.Options{Plan: p}
	opts.Limits, opts.MaxFiles = limitsOf(fs)
	st, code := openStore(e, path, fs, p, true)
	if st == nil {
		return code
	}
	defer st.Close()
	rep, err := validate.Run(e.ctx, opts, args)
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
		return exitUsage
	}
	results, status := fileInto(e, path, p, st, rep, receivedAt)
	if status == exitUsage && results == nil {
		return status
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
				fmt.Fprintf(e.stderr, "%s: %s: %s\n", path, finding.Printable(f.Path), finding.ErrorText(err, e.lang))
				status = exitUsage
			} else if out != "" {
				annotated = append(annotated, out)
			}
		}
	}
	if format == "json" {
		doc := reportJSON(rep, annotated, e.lang)
		out := receiveJSONDoc{reportJSONDoc: doc, Files: make([]receiveFileJSON, len(doc.Files)), Store: storeDir(fs)}
		for i, fj := range doc.Files {
			sup := results[i].superseded
			if sup == nil {
				sup = []string{}
			}
			out.Files[i] = receiveFileJSON{fileJSON: fj, Accepted: results[i].recorded && fj.Valid, New: results[i].res.New, Superseded: sup}
		}
		if code := writeJSON(e, out); code != exitOK {
			return code
		}
		return status
	}
	writeReceiveText(e.stdout, rep, results, annotated, storeDir(fs), e.lang)
	return status
}

// The JSON of receive --format json: validate's document with, on each file, whether it was
// accepted, whether its bytes were new to the store, and the names of the files it superseded.
type (
	receiveFileJSON struct {
		fileJSON
		Accepted   bool     `json:"accepted"`
		New        bool     `json:"new"`
		Superseded []string `json:"superseded"`
	}
	receiveJSONDoc struct {
		reportJSONDoc
		Files []receiveFileJSON `json:"files"`
		Store string            `json:"store"`
	}
)

// writeReceiveText prints one line a file — what it is, accepted or why not, what it replaces —
// then the findings of the files with any, and a summary.
func writeReceiveText(w io.Writer, rep *validate.Report, results []received, annotated []string, dir string, lang finding.Lang) {
	tr := func(vi, en string) string { return finding.Text{VI: vi, EN: en}.In(lang) }
	for _, s := range rep.Skipped {
		fmt.Fprintf(w, "%s: %s: %s\n", finding.Printable(s.Path), tr("bỏ qua", "skipped"), s.Reason.In(lang))
	}
	accepted, rejected, again := 0, 0, 0
	for _, r := range results {
		f := r.file
		if !r.recorded {
			continue
		}
		what := tr("không nhận ra biểu", "form not recognised")
		if f.Sub != nil && f.Sub.Identified {
			id := f.Sub.Identity
			what = fmt.Sprintf("%s · %s · %s", id.Form, id.Unit, id.Period)
		}
		var verdict string
		switch {
		case f.Valid():
			accepted++
			verdict = tr("đã nhận", "accepted")
		default:
			rejected++
			verdict = finding.Textf("bị từ chối (%s)", "rejected (%s)", f.Findings.Tally(lang)).In(lang)
			if reason := firstError(f.Findings, lang); reason != "" {
				verdict += ": " + reason
			}
		}
		if !r.res.New {
			again++
			verdict += tr(" — tệp này đã có trong kho, không ghi thêm", " — the store already had this file; nothing recorded")
		}
		if len(r.superseded) > 0 {
			verdict += finding.Textf(" — thay cho %s", " — supersedes %s", strings.Join(r.superseded, "; ")).In(lang)
		}
		fmt.Fprintf(w, "%s: %s: %s\n", finding.Printable(f.Path), finding.Printable(what), finding.Printable(verdict))
	}
	for _, f := range rep.Files {
		finding.WriteText(w, f.Findings, lang)
	}
	fmt.Fprintln(w, finding.Textf("%d tệp: %d đã nhận, %d bị từ chối (vẫn được lưu làm bằng chứng), %d đã có từ trước; kho: %s",
		"%d files: %d accepted, %d rejected (kept as evidence), %d already in the store; store: %s", len(results), accepted, rejected, again, dir).In(lang))
	for _, a := range annotated {
		fmt.Fprintf(w, "%s: %s\n", tr("Bản kiểm tra", "Annotated copy"), a)
	}
}

// firstError is the detail of the first error among the findings, cut to a line's length.
func firstError(fs finding.Findings, lang finding.Lang) string {
	for _, x := range fs {
		if x.Severity == finding.Error {
			s := shorten(x.Detail.In(lang), 160)
			if where := x.Cell.InFile(); where != "" {
				s = where + ": " + s
			}
			return s
		}
	}
	return ""
}

// fileInto checks each file of the report against the store's history and files it, valid or
// not, as received at receivedAt (now when zero). Files are filed period by period, so that a
// month's year to date is checked against the month before even when both arrive in one batch;
// the results keep the order found. The status is exitFound when a file was rejected, exitUsage
// on a failure (results nil when the store failed).
func fileInto(e *env, path string, p *schema.Plan, st *store.Store, rep *validate.Report, receivedAt time.Time) ([]received, int) {
	order := make([]int, len(rep.Files))
	for i := range order {
		order[i] = i
	}
	periodOf := func(f *validate.File) string {
		if f.Sub != nil && f.Sub.Identified {
			return f.Sub.Identity.Period
		}
		return ""
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(periodOf(rep.Files[a]), periodOf(rep.Files[b])) })
	results := make([]received, len(rep.Files))
	status := exitOK
	for _, i := range order {
		f := rep.Files[i]
		results[i].file = f
		if f.Err != nil {
			fmt.Fprintf(e.stderr, "%s: %s: %s\n", path, finding.Printable(f.Path), finding.ErrorText(f.Err, e.lang))
			status = exitUsage
			continue
		}
		if err := validate.CheckHistory(e.ctx, p, f, st); err != nil {
			fmt.Fprintf(e.stderr, "%s: %s: %s\n", path, finding.Printable(f.Path), storeError(err, e.lang))
			return nil, exitUsage
		}
		sub := store.SubmissionOf(f)
		sub.ReceivedAt = receivedAt
		res, err := st.Receive(e.ctx, f.Path, sub)
		if err != nil {
			fmt.Fprintf(e.stderr, "%s: %s: %s\n", path, finding.Printable(f.Path), storeError(err, e.lang))
			return nil, exitUsage
		}
		results[i].res, results[i].recorded = res, true
		for _, s := range res.Superseded {
			results[i].superseded = append(results[i].superseded, s.Name)
		}
		if !f.Valid() && status == exitOK {
			status = exitFound
		}
	}
	return results, status
}
