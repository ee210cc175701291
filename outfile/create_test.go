package outfile

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func writeText(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

// TestCreateExclusive: of many runs creating one output at once, exactly one writes it and the
// others are refused; an existing file is never replaced; no temporary file is left.
func TestCreateExclusive(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "Tổng hợp.xlsx")
	var wg sync.WaitGroup
	errs := make([]error, 16)
	for i := range errs {
		wg.Go(func() {
			errs[i] = Create(context.Background(), path, writeText(strings.Repeat("x", 1<<16)+string(rune('a'+i))))
		})
	}
	wg.Wait()
	wrote := 0
	for _, err := range errs {
		switch {
		case err == nil:
			wrote++
		case !errors.Is(err, ErrExists):
			t.Errorf("refused with %v", err)
		}
	}
	if wrote != 1 {
		t.Errorf("%d runs wrote the file", wrote)
	}
	before, _ := os.ReadFile(path)
	if err := Create(context.Background(), path, writeText("again")); !errors.Is(err, ErrExists) || !strings.Contains(err.Error(), "--force") {
		t.Errorf("over an existing file: %v", err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("an existing file was replaced")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".chitieu-*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	// The last resort, for file systems without links: claim the name, then rename.
	tmp := filepath.Join(dir, "tmp")
	os.WriteFile(tmp, []byte("new"), 0o644)
	if err := claimThenRename(tmp, path); !errors.Is(err, os.ErrExist) {
		t.Errorf("claim over an existing file: %v", err)
	}
	if err := claimThenRename(tmp, filepath.Join(dir, "other.xlsx")); err != nil {
		t.Error(err)
	}
}

// TestWriteOverFolder: writing over a folder says so, not the system's rename error.
func TestWriteOverFolder(t *testing.T) {
	dir := t.TempDir()
	err := Write(context.Background(), dir, writeText("x"))
	if err == nil || !strings.Contains(err.Error(), "thư mục") {
		t.Errorf("over a folder: %v", err)
	}
}

// TestClash: an output is the input it would write over when the paths resolve to one file
// (a link to the input's folder) or the files are one (a hard link).
func TestClash(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.MkdirAll(in, 0o755)
	input := filepath.Join(in, "x.xlsx")
	os.WriteFile(input, []byte("input"), 0o644)
	os.Symlink(in, filepath.Join(dir, "link"))
	os.Link(input, filepath.Join(dir, "hard.xlsx"))
	for out, want := range map[string]bool{
		filepath.Join(dir, "link", "x.xlsx"):             true,
		filepath.Join(dir, "hard.xlsx"):                  true,
		filepath.Join(in, ".", "x.xlsx"):                 true,
		filepath.Join(dir, "link", "..", "in", "x.xlsx"): true,
		filepath.Join(dir, "link", "y.xlsx"):             false,
		filepath.Join(dir, "new", "x.xlsx"):              false,
	} {
		if got, clash := Clash(out, []string{filepath.Join(dir, "other.xlsx"), input}); clash != want || clash && got != input {
			t.Errorf("Clash(%s) = %q, %v", out, got, clash)
		}
	}
}
