package validate

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// copies lets a run read each distinct content once: a unit that sends the same report 60
// times, or an inbox saved into a folder again and again, gives files whose bytes are the same.
// Each is still checked as itself — under its own name, so that a name naming another unit, the
// copies and every finding's file are its own — but from the submission read for the first.
// Only contents that occur more than once are kept, each until its last copy is checked, so a
// run of distinct files holds no more than before.
type copies struct {
	digest []string // by path index; "" when the file could not be hashed
	mu     sync.Mutex
	groups map[string]*copyGroup
}

type copyGroup struct {
	mu   sync.Mutex
	left int         // copies not yet checked
	read *Submission // the first copy's submission, raw cells and all; nil until read
	// values and notes are the first copy's: every copy reads the same, so the copies share
	// them (read only) instead of holding 5 000 maps of the same figures.
	values *Checked
	done   bool // the first copy was checked (read may still be nil: it could not be read)
}

// newCopies hashes every file, on a worker per core (the bound on reading a folder is reading
// its files side by side, and the checking waits for this), and notes the contents that occur
// more than once. Once ctx is done it hashes no more: the files left are checked (and stop at
// once) as contents of their own.
func newCopies(ctx context.Context, paths []string) *copies {
	c := &copies{digest: make([]string, len(paths)), groups: map[string]*copyGroup{}}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(paths)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(paths) && ctx.Err() == nil; i = int(next.Add(1) - 1) {
				if sum, err := hashFile(ctx, paths[i]); err == nil {
					c.digest[i] = sum
				}
			}
		})
	}
	wg.Wait()
	count := map[string]int{}
	for _, sum := range c.digest {
		if sum != "" {
			count[sum]++
		}
	}
	for sum, n := range count {
		if n > 1 {
			c.groups[sum] = &copyGroup{left: n}
		}
	}
	return c
}

// check checks the i-th file: read, or from the submission read for an earlier copy.
func (c *copies) check(ctx context.Context, opts Options, i int, path string) *File {
	c.mu.Lock()
	g := c.groups[c.digest[i]]
	c.mu.Unlock()
	if g == nil {
		f, _ := checkFile(ctx, opts, path, c.digest[i], false)
		return f
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.left--
	var f *File
	switch {
	case !g.done:
		f, g.read = checkFile(ctx, opts, path, c.digest[i], true)
		g.done, g.values = true, f.Checked
	case g.read == nil:
		f, _ = checkFile(ctx, opts, path, c.digest[i], false)
	default:
		f = &File{Path: path, SHA256: c.digest[i], lim: orDefault(opts.Limits)}
		sub := *g.read
		sub.File = path
		finish(opts, f, &sub)
		if g.values != nil {
			f.Checked.Values, f.Checked.Notes = g.values.Values, g.values.Notes
		}
	}
	if g.left == 0 {
		g.read, g.values = nil, nil
		c.mu.Lock()
		delete(c.groups, c.digest[i])
		c.mu.Unlock()
	}
	return f
}
