package outfile

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
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
	cases := map[string]bool{
		filepath.Join(dir, "link", "x.xlsx"):             true,
		filepath.Join(dir, "hard.xlsx"):                  true,
		filepath.Join(in, ".", "x.xlsx"):                 true,
		filepath.Join(dir, "link", "..", "in", "x.xlsx"): true,
		filepath.Join(dir, "link", "y.xlsx"):             false,
		filepath.Join(dir, "new", "x.xlsx"):              false,
	}
	if _, err := os.Stat(filepath.Join(dir, "link")); err != nil {
		// A link to a folder needs a privilege on Windows, and Wine's cannot be followed.
		t.Logf("no symbolic link to follow: %v", err)
		for out := range cases {
			if strings.Contains(out, "link") {
				delete(cases, out)
			}
		}
	}
	for out, want := range cases {
		if got, clash := Clash(out, []string{filepath.Join(dir, "other.xlsx"), input}); clash != want || clash && got != input {
			t.Errorf("Clash(%s) = %q, %v", out, got, clash)
		}
	}
}

// TestDeepFolder writes and creates outputs with Vietnamese names and spaces in a folder past
// Windows' old 260-character limit, by absolute and relative path. On Windows, Create's
// MoveFile was given the path as it was and failed there ("The system cannot find the path").
func TestDeepFolder(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	for len(dir) < 240 {
		dir = filepath.Join(dir, "Báo cáo tỉnh Thanh Hóa năm 2025")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(filepath.Dir(dir))
	for _, path := range []string{
		filepath.Join(dir, "Tổng hợp chỉ tiêu kinh tế - xã hội tỉnh Thanh Hóa.xlsx"),
		filepath.Join(filepath.Base(dir), "Danh sách đơn vị chưa nộp báo cáo.xlsx"),
	} {
		if err := Create(ctx, path, writeText("một")); err != nil {
			t.Fatalf("Create %s (%d characters): %v", path, len(path), err)
		}
		if err := Create(ctx, path, writeText("hai")); !errors.Is(err, ErrExists) {
			t.Errorf("Create over %s: %v", path, err)
		}
		if err := Write(ctx, path, writeText("ba")); err != nil {
			t.Errorf("Write %s: %v", path, err)
		}
		if got, err := os.ReadFile(path); err != nil || string(got) != "ba" {
			t.Errorf("%s holds %q: %v", path, got, err)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".chitieu-*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestStaleTemps: the temporary files a killed run left in an output's folder are removed by
// the next run's Write; those of a run still going are kept.
func TestStaleTemps(t *testing.T) {
	if os.Getenv("CHITIEU_OUTFILE_CHILD") == "1" {
		io.Copy(io.Discard, os.Stdin) // runs until the parent closes its input
		return
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	child := func() (*exec.Cmd, io.WriteCloser) {
		cmd := exec.Command(exe, "-test.run=^TestStaleTemps$")
		cmd.Env = append(os.Environ(), "CHITIEU_OUTFILE_CHILD=1")
		in, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd, in
	}
	gone, in := child()
	in.Close()
	if err := gone.Wait(); err != nil {
		t.Fatal(err)
	}
	running, in := child()
	defer func() { in.Close(); running.Wait() }()

	dir := filepath.Join(t.TempDir(), "Kết quả tổng hợp")
	os.Mkdir(dir, 0o755)
	dead := filepath.Join(dir, TempFileName(gone.Process.Pid, 1))
	alive := filepath.Join(dir, TempFileName(running.Process.Pid, 2))
	for _, p := range []string{dead, alive} {
		if err := os.WriteFile(p, []byte("nửa tệp"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := Write(context.Background(), filepath.Join(dir, "Tổng hợp.xlsx"), writeText("x")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dead); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a killed run's temporary file is still there: %v", err)
	}
	if _, err := os.Stat(alive); err != nil {
		t.Errorf("a running process's temporary file was removed: %v", err)
	}
}
