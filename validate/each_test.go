package validate

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
)

func TestEach(t *testing.T) {
	p := defaultPlan(t)
	dir := t.TempDir()
	var paths []string
	for i := range 9 {
		paths = append(paths, newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid().save(dir, "f"+itoa(i)+".xlsx"))
	}
	paths = append(paths, filepath.Join(dir, "missing.xlsx"))
	var got []string
	err := Each(context.Background(), Options{Plan: p}, paths, func(f *File) error {
		got = append(got, f.Path)
		return nil
	})
	if err != nil || len(got) != len(paths) {
		t.Fatalf("%v, %d files", err, len(got))
	}
	for i := range paths {
		if got[i] != paths[i] {
			t.Errorf("file %d is %s, want %s: the order of the paths is kept", i, got[i], paths[i])
		}
	}
	stop := errors.New("stop")
	n := 0
	if err := Each(context.Background(), Options{Plan: p}, paths, func(*File) error { n++; return stop }); err != stop || n != 1 {
		t.Errorf("fn's error: %v after %d files", err, n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Each(ctx, Options{Plan: p}, paths, func(*File) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// TestEachStopsMidRun: Ctrl-C in the middle of a run (here, the parent context cancelled while
// the third file is handed over) ends the run with ctx's error, and no file is handed over
// after: the files still being checked stop, those not begun never are.
func TestEachStopsMidRun(t *testing.T) {
	p := defaultPlan(t)
	dir := t.TempDir()
	var paths []string
	for i := range 30 {
		paths = append(paths, newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid().num("SL_XANG", "TH", itoa(100+i)).save(dir, "f"+itoa(i)+".xlsx"))
	}
	for round := range 5 { // the handing over is concurrent with the checks: a few rounds
		ctx, cancel := context.WithCancel(context.Background())
		n := 0
		err := Each(ctx, Options{Plan: p}, paths, func(f *File) error {
			n++
			if n == 3 {
				cancel()
			}
			return nil
		})
		cancel()
		if !errors.Is(err, context.Canceled) || n != 3 {
			t.Fatalf("round %d: %v after %d of %d files; want context.Canceled after 3", round, err, n, len(paths))
		}
	}
}

// countdown is a context that is done once it has been asked Err a given number of times: a
// cancellation at a fixed point of a file's reading, with no clock.
type countdown struct {
	context.Context
	mu    sync.Mutex
	left  int
	asked int
	done  chan struct{}
}

func newCountdown(n int) *countdown {
	return &countdown{Context: context.Background(), left: n, done: make(chan struct{})}
}

func (c *countdown) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.asked++
	if c.left > 0 {
		c.left--
		if c.left == 0 {
			close(c.done)
		}
	}
	if c.left == 0 {
		return context.Canceled
	}
	return nil
}

func (c *countdown) Done() <-chan struct{} { return c.done }

// TestCheckStopsMidFile: the check of one file watches ctx while it hashes and reads the file,
// so that Ctrl-C does not wait for a large file to be read to its end.
func TestCheckStopsMidFile(t *testing.T) {
	p := defaultPlan(t)
	path := newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid().save(t.TempDir(), "f.xlsx")
	whole := newCountdown(-1) // never done: counts how often a whole check asks
	if f := CheckFileContext(whole, Options{Plan: p}, path); f.Err != nil || !f.Valid() {
		t.Fatalf("the whole check: %v %v", f.Err, f.Findings)
	}
	if whole.asked < 4 {
		t.Fatalf("the check asked ctx %d times: it does not watch it while reading", whole.asked)
	}
	for _, at := range []int{1, whole.asked / 2, whole.asked - 1} {
		f := CheckFileContext(newCountdown(at), Options{Plan: p}, path)
		if !errors.Is(f.Err, context.Canceled) || f.Checked != nil {
			t.Errorf("cancelled at the %d-th of %d asks: %v, checked %v", at, whole.asked, f.Err, f.Checked != nil)
		}
	}
}
