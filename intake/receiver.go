package intake

import (
	"context"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"chitieu/schema"
	"chitieu/store"
	"chitieu/validate"
)

// Receiver files checked files into the store, the one way every channel receives: each file is
// checked against the files of the same run (validate.Batch: the same report twice), against the
// sender's rights (From), and against the unit's history — the store's and the run's own files
// not yet filed — and then filed, valid or not, in batches of store.MaxBatch: one sync and one
// transaction for a batch, the next files checked while a batch is written.
//
// Which copy counts is the store's rule, told once: the latest valid one received. Files are
// received in the order they are added; of two different versions of one report in the same run,
// the later is an error (duplicate-submission), so the earlier stays the valid one until the
// correction is received on its own.
type Receiver struct {
	Plan  *schema.Plan
	Store *store.Store
	// History is what the files are checked against besides the run's own files; nil for none
	// (a rebuild, whose index is being written). New sets it to the store's.
	History validate.History
	// ReceivedAt is the time recorded for every file; zero means the time each batch is filed.
	ReceivedAt time.Time
	// Filed is told of each file, in the order the files were added, once its batch is filed.
	// It is called from the goroutine that files, one file at a time; an error it returns
	// stops the run.
	Filed func(Received) error
	// Checked, when set, is given each readable file once checked, before it is gathered for
	// filing: the channel's last word on it (mail names its files by the message they came in).
	Checked func(*validate.File)

	batch   validate.Batch
	pending []item
	written chan error
	// mu guards hist and inflight: hist holds the figures of the files gathered and inflight
	// those of the batch being filed, the history the next files are checked against.
	mu             sync.Mutex
	hist, inflight Memory
}

// New returns a receiver into st, checking files against what st holds.
func New(p *schema.Plan, st *store.Store) *Receiver {
	return &Receiver{Plan: p, Store: st, History: History{Store: st}}
}

// From is where a file came from, besides its bytes.
type From struct {
	// Name is the name the file came with; empty means the base of its path.
	Name string
	// Unit is the unit whose link or address the file came through; empty when it came from the
	// office itself (a folder). A file of another unit is then a wrong-unit error.
	Unit string
	// Again is set for a file read again only to answer its message (store.Item.Again): a
	// file rejected when it came stays rejected.
	Again bool
}

type item struct {
	f    *validate.File
	from From
}

// Received is what receiving one file came to. A file that could not be read (File.Err) is not
// filed: Result is zero and Recorded false.
type Received struct {
	File     *validate.File
	From     From
	Result   store.Result
	Recorded bool
	// Superseded are the names of the files this one replaced, in receive order.
	Superseded []string
}

// Accepted reports whether the file was filed as the report's valid copy.
func (r Received) Accepted() bool { return r.Recorded && r.File.Valid() }

// Add checks f and gathers it for filing; the batch is filed once it holds store.MaxBatch files.
// A failure of the store stops the run.
func (r *Receiver) Add(ctx context.Context, f *validate.File, from From) error {
	if f.Err == nil {
		r.batch.Add(f)
		if err := r.Check(ctx, f, from.Unit); err != nil {
			return err
		}
		if r.Checked != nil {
			r.Checked(f)
		}
	}
	r.pending = append(r.pending, item{f, from})
	if len(r.pending) >= store.MaxBatch {
		return r.startFiling(ctx)
	}
	return nil
}

// Check checks a file read from the store or sent to it, past its own check: the sender's right
// to send it (via is the unit whose link it came through, or ""), then against the unit's history
// (History and the run's files), and remembers its figures as history for the next files.
func (r *Receiver) Check(ctx context.Context, f *validate.File, via string) error {
	if via != "" {
		CheckSender(r.Plan, f, via)
	}
	if err := validate.CheckHistory(ctx, r.Plan, f, r); err != nil {
		return err
	}
	r.mu.Lock()
	if r.hist == nil {
		r.hist = Memory{}
	}
	r.hist.Add(f)
	r.mu.Unlock()
	return nil
}

// Reports is the history a file is checked against: History's, and the run's files not yet in
// it, a valid one of the run standing for its period.
func (r *Receiver) Reports(ctx context.Context, form, unit string, period schema.Period) ([]validate.Reported, error) {
	var reps []validate.Reported
	if r.History != nil {
		var err error
		if reps, err = r.History.Reports(ctx, form, unit, period); err != nil {
			return nil, err
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, h := range []Memory{r.inflight, r.hist} {
		mine, _ := h.Reports(ctx, form, unit, period)
		for _, m := range mine {
			reps = slices.DeleteFunc(reps, func(x validate.Reported) bool { return x.Period == m.Period })
			reps = append(reps, m)
		}
	}
	return reps, nil
}

// Flush files what is gathered and waits until every batch is filed.
func (r *Receiver) Flush(ctx context.Context) error {
	if err := r.startFiling(ctx); err != nil {
		return err
	}
	return r.wait()
}

// startFiling waits for the batch being filed and starts filing the gathered one, so that
// checking the next files goes on while the disk syncs.
func (r *Receiver) startFiling(ctx context.Context) error {
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
	go func() { r.written <- r.fileBatch(ctx, batch) }()
	return nil
}

// wait waits for the batch being filed, if any.
func (r *Receiver) wait() error {
	if r.written == nil {
		return nil
	}
	err := <-r.written
	r.written = nil
	return err
}

// fileBatch files a batch — each file written and synced before the batch's rows, in one
// transaction — and tells Filed of each file.
func (r *Receiver) fileBatch(ctx context.Context, batch []item) error {
	var items []store.Item
	for _, it := range batch {
		if it.f.Err == nil {
			sub := SubmissionFrom(r.Plan, it.f, it.from)
			sub.ReceivedAt = r.ReceivedAt
			items = append(items, store.Item{Path: it.f.Path, Sub: sub, Again: it.from.Again})
		}
	}
	results, err := r.Store.ReceiveBatch(ctx, items)
	if err != nil {
		return err
	}
	for _, it := range batch {
		rec := Received{File: it.f, From: it.from}
		if it.f.Err == nil {
			rec.Result, rec.Recorded = results[0], true
			results = results[1:]
			for _, s := range rec.Result.Superseded {
				rec.Superseded = append(rec.Superseded, s.Name)
			}
		}
		if r.Filed != nil {
			if err := r.Filed(rec); err != nil {
				return err
			}
		}
	}
	return nil
}

// Files checks the files at paths (validate.Each, a worker per core, in the order of paths) and
// receives each as Add does, then files what is left: receive's whole run.
func (r *Receiver) Files(ctx context.Context, opts validate.Options, paths []string) error {
	err := validate.Each(ctx, opts, paths, func(f *validate.File) error { return r.Add(ctx, f, From{}) })
	if err != nil {
		r.wait()
		return err
	}
	return r.Flush(ctx)
}

// Memory is a history held in memory: the valid reports of files checked in a run, by form and
// unit. A rebuild checks each file against it, a receiver the files not yet filed.
type Memory map[[2]string][]validate.Reported

// Reports returns the reports that bear on a report for period (validate.Bearing).
func (h Memory) Reports(_ context.Context, form, unit string, period schema.Period) ([]validate.Reported, error) {
	all := h[[2]string{form, unit}]
	periods := make([]schema.Period, len(all))
	for i, r := range all {
		periods[i] = r.Period
	}
	var out []validate.Reported
	for _, i := range validate.Bearing(periods, period) {
		out = append(out, all[i])
	}
	return out, nil
}

// Add records a valid checked file; a later valid report of the same period replaces an earlier.
func (h Memory) Add(f *validate.File) {
	if !f.Valid() || f.Checked == nil || f.Checked.Form == nil || f.Checked.Unit == nil {
		return
	}
	k := [2]string{f.Checked.Form.ID, f.Checked.Unit.Code}
	r := validate.Reported{Period: f.Checked.Period, Values: f.Checked.Values, File: filepath.Base(f.Path)}
	for i, old := range h[k] {
		if old.Period == r.Period {
			h[k][i] = r
			return
		}
	}
	h[k] = append(h[k], r)
}
