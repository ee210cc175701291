package validate

import (
	"chitieu/finding"
	"context"
	"crypto/sha256"
	"runtime"
	"sync"
)

// window is how many checked files Each lets wait for fn beyond two per worker.
const window = 64

// Each checks the files at paths on a worker per core and hands each to fn in the order of
// paths, never holding more than a few files at once: a run over twenty thousand files costs what
// a run over a hundred does. It stops at the first error fn returns, or once ctx is done, and
// returns that error: fn is not called again after, a file being hashed or read when ctx is done
// stops there (CheckFileContext), and no further file is begun.
func Each(parent context.Context, opts Options, paths []string, fn func(*File) error) error {
	ctx, cancel := context.WithCancelCause(parent)
	defer cancel(nil)
	workers := min(runtime.GOMAXPROCS(0), max(len(paths), 1))
	// Each file gets a channel of its own; the window of slots bounds how far the workers may run
	// ahead of fn: far enough that they go on checking while fn files a batch into the store.
	slots := make(chan chan *File, 2*workers+window)
	work := make(chan struct {
		i    int
		path string
		out  chan *File
	})
	// Copies of one content (a report sent 60 times) are read once and checked each as itself.
	same := newCopies(ctx, paths)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for w := range work {
				w.out <- same.check(ctx, opts, w.i, w.path)
			}
		})
	}
	go func() {
		defer close(slots)
		defer close(work)
		for i, p := range paths {
			out := make(chan *File, 1)
			select {
			case slots <- out:
			case <-ctx.Done():
				return
			}
			select {
			case work <- struct {
				i    int
				path string
				out  chan *File
			}{i, p, out}:
			case <-ctx.Done():
				return
			}
		}
	}()
	var err error
	for out := range slots {
		var f *File
		select {
		case f = <-out:
		case <-ctx.Done():
		}
		if f == nil || ctx.Err() != nil { // a file that came with ctx done is not handed over
			break
		}
		if err = fn(f); err != nil {
			cancel(err)
			break
		}
	}
	cancel(nil)
	for range slots { // let the feeder finish
	}
	wg.Wait()
	if err != nil {
		return err
	}
	return context.Cause(parent)
}

// Batch notices, among files checked one after another, the same report sent twice: Duplicates
// for a stream, remembering of each file only its report and a digest of its figures. A copy
// with the same figures as an earlier one is a warning; a different version of a report already
// in the batch is an error on the later file, naming the earlier: which of the two counts is the
// office's to decide.
type Batch struct {
	seen map[reportKey]batchEntry
}

type reportKey struct{ form, unit, period string }

type batchEntry struct {
	path   string
	digest [32]byte
}

// Add records f and adds to its findings what it repeats of the files added before it.
func (b *Batch) Add(f *File) {
	if f.Checked == nil || f.Checked.Form == nil || f.Checked.Unit == nil || f.Checked.Period.IsZero() {
		return
	}
	if b.seen == nil {
		b.seen = map[reportKey]batchEntry{}
	}
	k := reportKey{f.Checked.Form.ID, f.Checked.Unit.Code, f.Checked.Period.String()}
	d := sha256.Sum256([]byte(signature(f)))
	first, dup := b.seen[k]
	if !dup {
		b.seen[k] = batchEntry{f.Path, d}
		return
	}
	x := finding.Finding{Code: "duplicate-submission", Cell: finding.Cell{File: f.Path}}
	if first.digest == d {
		x.Severity = finding.Warning
		x.Detail = finding.Textf("Báo cáo biểu %s của %s kỳ %s đã có trong lần nhận này với số liệu giống hệt: %s. Chỉ tính một lần.",
			"Form %s of %s for %s is already in this batch with the same figures: %s. It counts once.", k.form, k.unit, k.period, first.path)
	} else {
		x.Severity = finding.Error
		x.Detail = finding.Textf("Lần nhận này có hai bản khác nhau của cùng báo cáo biểu %s, đơn vị %s, kỳ %s; bản trước (%s) đã được nhận. Nếu bản này là bản sửa, hãy nhận riêng nó một lần nữa: nó sẽ thay cho bản trước.",
			"This batch holds two different versions of the same report, form %s, unit %s, %s; the earlier one (%s) was received. If this one is the correction, receive it again on its own: it will supersede the earlier one.", k.form, k.unit, k.period, first.path)
	}
	f.Findings.Add(x)
	f.Findings.Sort()
}
