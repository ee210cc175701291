package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"chitieu/finding"
	"chitieu/intake"
	"chitieu/mail"
	"chitieu/schema"
	"chitieu/store"
	"chitieu/validate"
)

// receiveOptions are the flags of chitieu receive.
type receiveOptions struct {
	plan     string
	store    storeOption
	limits   limitOptions
	format   string
	annotate string
	force    bool
	date     string
}

func receiveCommand() *command {
	var o receiveOptions
	return &command{
		name:  "receive",
		args:  "[--plan NAME|FILE] [--store DIR] [--format text|json] [--annotate DIR [--force]] FILE|DIR...",
		short: finding.Text{VI: "Nhận báo cáo vào kho: kiểm tra, lưu nguyên tệp và ghi chỉ mục", EN: "Receive reports into the store: check them, keep each file as is, index it"},
		long: finding.Text{
			VI: "Kiểm tra từng tệp như lệnh validate, thêm đối chiếu với các kỳ trước trong kho (lũy kế liên tục, số\nbất thường), rồi lưu mọi tệp vào kho — hợp lệ hay không, vì tệp bị từ chối cũng là bằng chứng. Mỗi tệp\nmột dòng: biểu, đơn vị, kỳ, đã nhận hay bị từ chối và vì sao, thay cho tệp nào. Nhận lại đúng tệp cũ\nkhông ghi gì thêm; bản sửa của cùng biểu, đơn vị, kỳ thay cho bản trước, cả hai đều được giữ.\nTrạng thái thoát: 0 mọi tệp được nhận, 1 có tệp bị từ chối, 2 lỗi cú pháp hoặc đọc ghi.",
			EN: "Checks each file as validate does, and against the earlier periods in the store (year-to-date\ncontinuity, unusual figures), then keeps every file in the store — valid or not, as a rejected file\nis evidence too. One line a file: form, unit, period, accepted or rejected and why, what it replaces.\nThe same bytes again record nothing; a corrected file for the same form, unit and period supersedes\nthe earlier one, and both are kept. Exit status: 0 every file accepted, 1 some rejected, 2 usage or\nI/O failure.",
		},
		flags: func(fs *pflag.FlagSet, l finding.Lang) {
			planFlag(fs, l, &o.plan)
			storeFlag(fs, l, &o.store)
			formatFlag(fs, l, &o.format)
			fs.StringVar(&o.annotate, "annotate", "", finding.Text{VI: "thư mục ghi bản sao có đánh dấu lỗi của các tệp có lỗi", EN: "folder to write annotated copies of the files with findings to"}.In(l))
			fs.BoolVar(&o.force, "force", false, finding.Text{VI: "ghi đè bản sao đã có trong thư mục --annotate", EN: "overwrite existing copies in the --annotate folder"}.In(l))
			fs.StringVar(&o.date, "date", "", finding.Text{VI: "ngày đã nhận các tệp, YYYY-MM-DD, khi vào sổ muộn (mặc định: bây giờ)", EN: "the day the files were received, YYYY-MM-DD, when filing them later (default: now)"}.In(l))
			limitFlags(fs, l, &o.limits)
		},
		run: func(e *env, args []string) int { return runReceive(e, &o, args) },
	}
}

// received is what receiving one file came to, as receive tells it: intake's account, the name
// the person knows the file by (its path, or the message and the attachment's name) and the
// message it came in (nil for a file from a folder).
type received struct {
	intake.Received
	label string
	msg   *mail.Message
}

// receiver hands checked files to the one receiver (intake) and prints what it did with each, as
// it is filed, holding of each only what the output needs, so that receiving twenty thousand
// files costs what a hundred do.
type receiver struct {
	e          *env
	path       string
	plan       *schema.Plan
	st         *store.Store
	receivedAt time.Time // zero: now
	// annotate is the folder for annotated copies ("" for none); inputs are every file of the
	// run, which no copy may overwrite.
	annotate string
	force    bool
	inputs   []string
	// status is exitFound once a file was rejected, exitUsage once one could not be read or an
	// annotated copy not written.
	status          int
	accepted, again int
	rejected        int
	annotated       []string
	out             io.Writer // the text output, written as files are filed; nil for JSON
	json            []receiveFileJSON
	// mailed are the files that came in messages, by path; filed, when set, is told of each
	// file once it is filed (mail fetch answers each message with its files' verdicts).
	mailed map[string]*mailedFile
	filed  func(received)
	// replyDue records each new message with its reply due (mail fetch --reply): a run stopped
	// before it answered leaves the reply for the next run to send, not lost.
	replyDue bool
	in       *intake.Receiver
}

// intake is the receiver the files go through, made at the first file.
func (r *receiver) intake() *intake.Receiver {
	if r.in == nil {
		r.in = intake.New(r.plan, r.st)
		r.in.ReceivedAt, r.in.Filed, r.in.Checked = r.receivedAt, r.filedOne, r.relabel
	}
	return r.in
}

// relabel makes the findings of a file name the files that messages brought as the person
// knows them — the message and the attachment — never the folder they were unpacked in: both
// where a finding stands and the files its message names.
func (r *receiver) relabel(f *validate.File) {
	if len(r.mailed) == 0 {
		return
	}
	for i := range f.Findings {
		x := &f.Findings[i]
		if m := r.mailed[x.Cell.File]; m != nil {
			x.Cell.File = m.label
		}
		for j, a := range x.Detail.Args {
			if s, ok := a.(string); ok && r.mailed[s] != nil {
				args := slices.Clone(x.Detail.Args)
				args[j] = r.mailed[s].label
				x.Detail.Args = args
			}
		}
	}
}

// label names a file to a person: a file a message brought by the message and its name.
func (r *receiver) label(f *validate.File) string {
	if m := r.mailed[f.Path]; m != nil {
		return m.label
	}
	return f.Path
}

// file hands a checked file to intake; a file a message brought is first checked against the
// unit's registered address (sender-mismatch). A failure of the store stops the run.
func (r *receiver) file(f *validate.File) error {
	var from intake.From
	if m := r.mailed[f.Path]; m != nil {
		if f.Err == nil {
			mail.CheckSender(r.plan, f, m.msg.From)
		}
		from.Again = m.again
	}
	return r.intake().Add(r.e.ctx, f, from)
}

// flush files what is gathered and waits until every batch is filed.
func (r *receiver) flush() error {
	if r.in == nil {
		return nil
	}
	return r.in.Flush(r.e.ctx)
}

// filedOne reports one file intake has filed (or could not read): the annotated copy, the line
// or the JSON entry.
func (r *receiver) filedOne(in intake.Received) error {
	e, f := r.e, in.File
	if f.Err != nil {
		fmt.Fprintf(e.stderr, "%s: %s: %s\n", r.path, finding.Printable(r.label(f)), finding.ErrorText(f.Err, e.lang))
		r.status = exitUsage
		return nil
	}
	rec := received{Received: in, label: r.label(f)}
	if m := r.mailed[f.Path]; m != nil {
		rec.msg = m.msg
		if m.again && !in.Result.New {
			// Received, counted and told of in the run its message came in; now only its
			// message's reply needs it.
			if r.filed != nil {
				r.filed(rec)
			}
			return nil
		}
	}
	if f.Valid() {
		r.accepted++
	} else {
		r.rejected++
		if r.status == exitOK {
			r.status = exitFound
		}
	}
	if !in.Result.New && !in.Result.Adopted {
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
	if r.filed != nil {
		r.filed(rec)
	}
	if r.out != nil {
		writeReceivedLine(r.out, rec, e.lang)
		finding.WriteText(r.out, f.Findings, e.lang)
	} else {
		r.json = append(r.json, receiveFileJSON{Entry: rec.Entry(rec.label, e.lang), Message: messageEntry(rec.msg)})
	}
	return nil
}

func runReceive(e *env, o *receiveOptions, args []string) int {
	const path = "chitieu receive"
	plan := o.plan
	format := o.format
	annotate := o.annotate
	force := o.force
	date := o.date
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
	opts.Limits, opts.MaxFiles = o.limits.limits()
	saved, args, err := savedMessages(args)
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
		return exitUsage
	}
	var paths []string
	var skipped []validate.Skip
	if len(args) > 0 {
		paths, skipped, err = validate.Collect(args, opts.MaxFiles)
		if err != nil {
			fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
			return exitUsage
		}
		skipped = slices.DeleteFunc(skipped, func(s validate.Skip) bool { return savedMessage(s.Path) })
	}
	st, code := openStore(e, path, o.store.dir(), p, true)
	if st == nil {
		return code
	}
	defer st.Close()
	r := &receiver{e: e, path: path, plan: p, st: st, receivedAt: receivedAt, annotate: annotate, force: force, inputs: append(paths, saved...)}
	if format != "json" {
		r.out = e.stdout
		for _, s := range skipped {
			fmt.Fprintf(e.stdout, "%s: %s: %s\n", finding.Printable(s.Path), finding.Text{VI: "bỏ qua", EN: "skipped"}.In(e.lang), s.Reason.In(e.lang))
		}
	}
	// A receipt holds a window of files at a time (a few megabytes live), so the collector's
	// default pace ran it after every few megabytes allocated: 65 collections and a tenth of the
	// CPU for 1 000 files. Twice the default pace is as fast as four times (5 000 files: 6.55 s
	// against 6.46 s, three runs each) at 77 MiB of peak memory instead of 105 (66 at the default
	// pace, 7.29 s).
	defer gcPace(200)()
	err = receiveFiles(r, opts, paths)
	var refused []refusedJSON
	if err == nil && len(saved) > 0 {
		refused, err = receiveSaved(r, opts, saved)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
		return exitUsage
	}
	if format == "json" {
		doc := receiveJSONDoc{Files: r.json, Skipped: []skipJSON{}, Refused: refused, Annotated: r.annotated, Store: o.store.dir()}
		if doc.Refused == nil {
			doc.Refused = []refusedJSON{}
		}
		if doc.Files == nil {
			doc.Files = []receiveFileJSON{}
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
	fmt.Fprintln(e.stdout, finding.Textf("%s: %d đã nhận, %d bị từ chối (vẫn được lưu làm bằng chứng), %d đã có từ trước; kho: %s",
		"%s: %d accepted, %d rejected (kept as evidence), %d already in the store; store: %s", finding.Count(r.accepted+r.rejected, "tệp", "file", "files"), r.accepted, r.rejected, r.again, o.store.dir()).In(e.lang))
	for _, a := range r.annotated {
		fmt.Fprintf(e.stdout, "%s: %s\n", finding.Text{VI: "Bản kiểm tra", EN: "Annotated copy"}.In(e.lang), a)
	}
	return r.status
}

// The JSON of receive --format json: validate's document with, on each file, whether it was
// accepted, whether its bytes were new to the store, and the names of the files it superseded.
type (
	receiveFileJSON struct {
		intake.Entry
		// Message is the message the file came in (DESIGN.md: receive of saved messages).
		Message *messageJSON `json:"message,omitempty"`
	}
	receiveJSONDoc struct {
		Files     []receiveFileJSON `json:"files"`
		Summary   validate.Summary  `json:"summary"`
		Skipped   []skipJSON        `json:"skipped"`
		Refused   []refusedJSON     `json:"refused"`
		Annotated []string          `json:"annotated"`
		Store     string            `json:"store"`
	}
)

// writeReceivedLine prints what a file was read as and whether it was accepted or why not, and
// what it replaces.
func writeReceivedLine(w io.Writer, r received, lang finding.Lang) {
	tr := func(vi, en string) string { return finding.Text{VI: vi, EN: en}.In(lang) }
	f := r.File
	what := tr("không nhận ra biểu", "form not recognised")
	if f.Sub != nil && f.Sub.Identified {
		id := f.Sub.Identity
		what = fmt.Sprintf("%s · %s · %s", id.Form, id.Unit, id.Period)
	} else if s := r.Result.Submission; s.Form != "" { // an unreadable file named by its name or link
		what = fmt.Sprintf("%s · %s · %s (%s)", s.Form, s.Unit, s.Period, tr("theo tên tệp", "by its name"))
	}
	verdict := tr("đã nhận", "accepted")
	if !f.Valid() {
		verdict = finding.Textf("bị từ chối (%s)", "rejected (%s)", f.Findings.Tally(lang)).In(lang)
		if reason := firstError(f.Findings, lang); reason != "" {
			verdict += ": " + reason
		}
	}
	switch {
	case r.Result.Adopted:
		verdict += tr(" — tệp này đã có trong kho nhưng bị từ chối, nay được nhận", " — the store had this file, refused or rejected; it is taken now")
	case !r.Result.New:
		verdict += tr(" — tệp này đã có trong kho, không ghi thêm", " — the store already had this file; nothing recorded")
	}
	held := f.Valid() && (r.Result.New || r.Result.Adopted) && r.Result.Submission.SupersededBy != 0
	switch {
	case held: // a valid file filed superseded: the report is approved, and locked
		verdict += tr(" — báo cáo đã được duyệt nên tệp này được giữ lại, chưa thay cho bản đã duyệt; văn phòng mở lại báo cáo (chitieu review --reopen) thì tệp gửi sau cùng được tính",
			" — held: the report is approved, so this file replaces nothing yet; once the office reopens it (chitieu review --reopen), the latest file counts")
	case len(r.Superseded) > 0 && f.Valid():
		verdict += finding.Textf(" — thay cho %s", " — supersedes %s", strings.Join(r.Superseded, "; ")).In(lang)
	case len(r.Superseded) > 0: // a rejected file stands for the report only until a valid one comes
		verdict += finding.Textf(" — thay bản bị từ chối trước đó: %s", " — in place of the copy rejected before: %s", strings.Join(r.Superseded, "; ")).In(lang)
	}
	fmt.Fprintf(w, "%s: %s: %s\n", finding.Printable(r.label), finding.Printable(what), finding.Printable(verdict))
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

// gcPace lets the heap grow percent per cent over what was live before the collector runs
// (GOGC; the default is 100), unless GOGC is set, and returns what puts it back. The commands
// that build much short-lived data from a live set of a few megabytes (receive, consolidate)
// spend a tenth or more of their CPU collecting at the default.
func gcPace(percent int) func() {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	old := debug.SetGCPercent(percent)
	return func() { debug.SetGCPercent(old) }
}
