package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"chitieu/finding"
	"chitieu/intake"
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

// receiveOutput prints what intake did with each file, as it is filed, holding of each only what
// the output needs, so that receiving twenty thousand files costs what a hundred do.
type receiveOutput struct {
	e    *env
	path string
	// annotate is the folder for annotated copies ("" for none); inputs are every file of the
	// run, which no copy may overwrite.
	annotate string
	force    bool
	inputs   []string
	// status is exitFound once a file was rejected, exitUsage once one could not be read or an
	// annotated copy not written.
	status             int
	accepted, rejected int
	again              int
	annotated          []string
	out                io.Writer // the text output, written as files are filed; nil for JSON
	json               []intake.Entry
}

// filed reports one file intake has filed (or could not read).
func (r *receiveOutput) filed(rec intake.Received) error {
	e, f := r.e, rec.File
	if f.Err != nil {
		fmt.Fprintf(e.stderr, "%s: %s: %s\n", r.path, finding.Printable(f.Path), finding.ErrorText(f.Err, e.lang))
		r.status = exitUsage
		return nil
	}
	if f.Valid() {
		r.accepted++
	} else {
		r.rejected++
		if r.status == exitOK {
			r.status = exitFound
		}
	}
	if !rec.Result.New {
		r.again++
	}
	if r.annotate != "" {
		out, err := validate.Annotate(e.ctx, f, r.annotate, e.lang, r.force, r.inputs)
		if err != nil {
			fmt.Fprintf(e.stderr, "%s: %s: %s\n", r.path, finding.Printable(f.Path), finding.ErrorText(err, e.lang))
			r.status = exitUsage
		} else if out != "" {
			r.annotated = append(r.annotated, out)
		}
	}
	if r.out != nil {
		writeReceivedLine(r.out, rec, e.lang)
		finding.WriteText(r.out, f.Findings, e.lang)
	} else {
		r.json = append(r.json, rec.Entry(f.Path, e.lang))
	}
	return nil
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
		day, ok := parseDay(e, path, date)
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
	paths, skipped, err := validate.Collect(args, opts.MaxFiles)
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, storeError(err, e.lang))
		return exitUsage
	}
	st, code := openStore(e, path, fs, p, true)
	if st == nil {
		return code
	}
	defer st.Close()
	r := &receiveOutput{e: e, path: path, annotate: annotate, force: force, inputs: paths}
	in := intake.New(p, st)
	in.ReceivedAt, in.Filed = receivedAt, r.filed
	if format != "json" {
		r.out = e.stdout
		for _, s := range skipped {
			fmt.Fprintf(e.stdout, "%s: %s: %s\n", finding.Printable(s.Path), finding.Text{VI: "bỏ qua", EN: "skipped"}.In(e.lang), s.Reason.In(e.lang))
		}
	}
	if err := in.Files(e.ctx, opts, paths); err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, storeError(err, e.lang))
		return exitUsage
	}
	if format == "json" {
		doc := receiveJSONDoc{Files: r.json, Skipped: []skipJSON{}, Annotated: r.annotated, Store: storeDir(fs)}
		if doc.Files == nil {
			doc.Files = []intake.Entry{}
		}
		if doc.Annotated == nil {
			doc.Annotated = []string{}
		}
		for _, s := range skipped {
			doc.Skipped = append(doc.Skipped, skipJSON{s.Path, s.Reason.In(e.lang)})
		}
		for _, f := range r.json {
			doc.Summary.Files++
			if f.Valid {
				doc.Summary.Valid++
			}
			for _, x := range f.Findings {
				switch x.Severity {
				case "error":
					doc.Summary.Errors++
				case "warning":
					doc.Summary.Warnings++
				}
			}
		}
		if code := writeJSON(e, doc); code != exitOK {
			return code
		}
		return r.status
	}
	fmt.Fprintln(e.stdout, finding.Textf("%d tệp: %d đã nhận, %d bị từ chối (vẫn được lưu làm bằng chứng), %d đã có từ trước; kho: %s",
		"%d files: %d accepted, %d rejected (kept as evidence), %d already in the store; store: %s", r.accepted+r.rejected, r.accepted, r.rejected, r.again, storeDir(fs)).In(e.lang))
	for _, a := range r.annotated {
		fmt.Fprintf(e.stdout, "%s: %s\n", finding.Text{VI: "Bản kiểm tra", EN: "Annotated copy"}.In(e.lang), a)
	}
	return r.status
}

// The JSON of receive --format json: validate's document with, on each file, whether it was
// accepted, whether its bytes were new to the store, and the names of the files it superseded.
type receiveJSONDoc struct {
	Files     []intake.Entry   `json:"files"`
	Summary   validate.Summary `json:"summary"`
	Skipped   []skipJSON       `json:"skipped"`
	Annotated []string         `json:"annotated"`
	Store     string           `json:"store"`
}

// writeReceivedLine prints what a file was read as and whether it was accepted or why not, and
// what it replaces.
func writeReceivedLine(w io.Writer, r intake.Received, lang finding.Lang) {
	tr := func(vi, en string) string { return finding.Text{VI: vi, EN: en}.In(lang) }
	f := r.File
	what := tr("không nhận ra biểu", "form not recognised")
	if f.Sub != nil && f.Sub.Identified {
		id := f.Sub.Identity
		what = fmt.Sprintf("%s · %s · %s", id.Form, id.Unit, id.Period)
	}
	verdict := tr("đã nhận", "accepted")
	if !f.Valid() {
		verdict = finding.Textf("bị từ chối (%s)", "rejected (%s)", f.Findings.Tally(lang)).In(lang)
		if reason := firstError(f.Findings, lang); reason != "" {
			verdict += ": " + reason
		}
	}
	if !r.Result.New {
		verdict += tr(" — tệp này đã có trong kho, không ghi thêm", " — the store already had this file; nothing recorded")
	}
	if len(r.Superseded) > 0 {
		verdict += finding.Textf(" — thay cho %s", " — supersedes %s", strings.Join(r.Superseded, "; ")).In(lang)
	}
	fmt.Fprintf(w, "%s: %s: %s\n", finding.Printable(f.Path), finding.Printable(what), finding.Printable(verdict))
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
