package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/spf13/pflag"

	"chitieu/finding"
	"chitieu/intake"
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

// receiver files checked files into the store one at a time, holding of each only what the
// output needs, so that receiving twenty thousand files costs what a hundred do.
type receiver struct {
	e          *env
	path       string
	plan       *schema.Plan
	st         *store.Store
	receivedAt time.Time // zero: now
	batch      validate.Batch
	// annotate is the folder for annotated copies ("" for none); inputs are every file of the
	// run, which no copy may overwrite.
	annotate string
	force    bool
	inputs   []string
	// status is exitFound once a file was rejected, exitUsage once one could not be read or an
	// annotated copy not written.
	status                 int
	files, accepted, again int
	rejected               int
	annotated              []string
	out                    io.Writer // the text output, written as files are filed; nil for JSON
	json                   []receiveFileJSON
	// pending are the checked files of the batch being gathered; a batch is filed while the next
	// is gathered (written is the previous filing's outcome). hist holds the figures of pending
	// and inflight those of the batch being filed: with the store, the history the next files are
	// checked against.
	pending        []*validate.File
	written        chan error
	mu             sync.Mutex // guards hist and inflight
	hist, inflight memoryHistory
}

// Reports is the history a file is checked against: the store's, and the batch's files not yet
// filed, a valid one of the batch standing for its period.
func (r *receiver) Reports(ctx context.Context, form, unit string, period schema.Period) ([]validate.Reported, error) {
	reps, err := intake.History{Store: r.st}.Reports(ctx, form, unit, period)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, h := range []memoryHistory{r.inflight, r.hist} {
		mine, _ := h.Reports(ctx, form, unit, period)
		for _, m := range mine {
			reps = slices.DeleteFunc(reps, func(x validate.Reported) bool { return x.Period == m.Period })
			reps = append(reps, m)
		}
	}
	return reps, nil
}

// file checks f against the batch and the history and adds it to the batch, which is filed once
// it holds store.MaxBatch files. A failure of the store stops the run.
func (r *receiver) file(f *validate.File) error {
	e := r.e
	r.files++
	if f.Err != nil { // reported in its turn by fileBatch, which alone writes the output
		r.pending = append(r.pending, f)
		return nil
	}
	r.batch.Add(f)
	if err := validate.CheckHistory(e.ctx, r.plan, f, r); err != nil {
		return err
	}
	r.mu.Lock()
	if r.hist == nil {
		r.hist = memoryHistory{}
	}
	r.hist.add(f)
	r.mu.Unlock()
	r.pending = append(r.pending, f)
	if len(r.pending) >= store.MaxBatch {
		return r.startFiling()
	}
	return nil
}

// startFiling waits for the batch being filed and starts filing the gathered one, so that
// checking the next files goes on while the disk syncs.
func (r *receiver) startFiling() error {
	if err := r.wait(); err != nil {
		return err
	}
	if len(r.pending) == 0 {
		return nil
	}
	batch := r.pending
	r.pending = nil
	r.mu.Lock()
	r.inflight, r.hist = r.hist, nil
	r.mu.Unlock()
	r.written = make(chan error, 1)
	go func() { r.written <- r.fileBatch(batch) }()
	return nil
}

// wait waits for the batch being filed, if any.
func (r *receiver) wait() error {
	if r.written == nil {
		return nil
	}
	err := <-r.written
	r.written = nil
	return err
}

// flush files what is gathered and waits until every batch is filed.
func (r *receiver) flush() error {
	if err := r.startFiling(); err != nil {
		return err
	}
	return r.wait()
}

// fileBatch files a batch — each file written and synced before the batch's rows, in one
// transaction — then writes the annotated copies and reports each file.
func (r *receiver) fileBatch(batch []*validate.File) error {
	e := r.e
	var items []store.Item
	for _, f := range batch {
		if f.Err == nil {
			sub := intake.Submission(f)
			sub.ReceivedAt = r.receivedAt
			items = append(items, store.Item{Path: f.Path, Sub: sub})
		}
	}
	results, err := r.st.ReceiveBatch(e.ctx, items)
	if err != nil {
		return err
	}
	for _, f := range batch {
		if f.Err != nil {
			fmt.Fprintf(e.stderr, "%s: %s: %s\n", r.path, finding.Printable(f.Path), finding.ErrorText(f.Err, e.lang))
			r.status = exitUsage
			continue
		}
		res := results[0]
		results = results[1:]
		rec := received{file: f, res: res, recorded: true}
		for _, s := range res.Superseded {
			rec.superseded = append(rec.superseded, s.Name)
		}
		switch {
		case !f.Valid():
			r.rejected++
			if r.status == exitOK {
				r.status = exitFound
			}
		default:
			r.accepted++
		}
		if !res.New {
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
			r.json = append(r.json, receiveEntry(rec, e.lang))
		}
	}
	return nil
}

// receiveEntry is a file's entry of receive --format json.
func receiveEntry(r received, lang finding.Lang) receiveFileJSON {
	f := r.file
	fj := fileJSON{File: f.Path, Valid: f.Valid(), SHA256: f.SHA256, Findings: f.Findings.JSONList(lang)}
	if f.Sub != nil && f.Sub.Identified {
		fj.Form, fj.Unit, fj.Period = f.Sub.Identity.Form, f.Sub.Identity.Unit, f.Sub.Identity.Period
	}
	sup := r.superseded
	if sup == nil {
		sup = []string{}
	}
	return receiveFileJSON{fileJSON: fj, Accepted: r.recorded && fj.Valid, New: r.res.New, Superseded: sup}
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
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
		return exitUsage
	}
	st, code := openStore(e, path, fs, p, true)
	if st == nil {
		return code
	}
	defer st.Close()
	r := &receiver{e: e, path: path, plan: p, st: st, receivedAt: receivedAt, annotate: annotate, force: force, inputs: paths}
	if format != "json" {
		r.out = e.stdout
		for _, s := range skipped {
			fmt.Fprintf(e.stdout, "%s: %s: %s\n", finding.Printable(s.Path), finding.Text{VI: "bỏ qua", EN: "skipped"}.In(e.lang), s.Reason.In(e.lang))
		}
	}
	err = validate.Each(e.ctx, opts, paths, r.file)
	if err == nil {
		err = r.flush()
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, storeError(err, e.lang))
		return exitUsage
	}
	if format == "json" {
		doc := receiveJSONDoc{Files: r.json, Skipped: []skipJSON{}, Annotated: r.annotated, Store: storeDir(fs)}
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
	fmt.Fprintln(e.stdout, finding.Textf("%d tệp: %d đã nhận, %d bị từ chối (vẫn được lưu làm bằng chứng), %d đã có từ trước; kho: %s",
		"%d files: %d accepted, %d rejected (kept as evidence), %d already in the store; store: %s", r.accepted+r.rejected, r.accepted, r.rejected, r.again, storeDir(fs)).In(e.lang))
	for _, a := range r.annotated {
		fmt.Fprintf(e.stdout, "%s: %s\n", finding.Text{VI: "Bản kiểm tra", EN: "Annotated copy"}.In(e.lang), a)
	}
	return r.status
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
		Files     []receiveFileJSON `json:"files"`
		Summary   validate.Summary  `json:"summary"`
		Skipped   []skipJSON        `json:"skipped"`
		Annotated []string          `json:"annotated"`
		Store     string            `json:"store"`
	}
)

// writeReceivedLine prints what a file was read as and whether it was accepted or why not, and
// what it replaces.
func writeReceivedLine(w io.Writer, r received, lang finding.Lang) {
	tr := func(vi, en string) string { return finding.Text{VI: vi, EN: en}.In(lang) }
	f := r.file
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
	if !r.res.New {
		verdict += tr(" — tệp này đã có trong kho, không ghi thêm", " — the store already had this file; nothing recorded")
	}
	if len(r.superseded) > 0 {
		verdict += finding.Textf(" — thay cho %s", " — supersedes %s", strings.Join(r.superseded, "; ")).In(lang)
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
