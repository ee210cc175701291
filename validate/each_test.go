package validate

import (
	"context"
	"errors"
	"path/filepath"
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
