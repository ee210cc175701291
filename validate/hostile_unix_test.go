//go:build unix

package validate

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"chitieu/finding"
)

// TestOnlyRegularFiles: a FIFO, a device or a link to one, in a folder or given by name, is
// skipped or refused at once; a folder given as a link is walked; a sub-folder that cannot be
// read is reported and the others are checked.
func TestOnlyRegularFiles(t *testing.T) {
	p := defaultPlan(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.MkdirAll(in, 0o755)
	good := newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid().save(in, "good.xlsx")
	if err := syscall.Mkfifo(filepath.Join(in, "x.xlsx"), 0o644); err != nil {
		t.Skip(err)
	}
	os.Symlink("/dev/zero", filepath.Join(in, "zero.xlsx"))
	os.Symlink(in, filepath.Join(dir, "link"))
	// A folder too deep to open: its path is longer than the system allows (as root, no
	// permission stops a read).
	t.Chdir(in)
	seg := strings.Repeat("d", 200)
	for range 25 {
		os.Mkdir(seg, 0o755)
		os.Chdir(seg)
	}
	os.WriteFile("deep.xlsx", []byte("x"), 0o644)
	t.Chdir(dir)

	done := make(chan *Report, 1)
	go func() {
		rep, err := Run(context.Background(), Options{Plan: p}, []string{filepath.Join(dir, "link"), "/dev/urandom"})
		if err != nil {
			t.Error(err)
		}
		done <- rep
	}()
	var rep *Report
	select {
	case rep = <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("still reading after a minute")
	}
	if rep == nil {
		return
	}
	if len(rep.Files) != 2 || rep.Files[0].Path != filepath.Join(dir, "link", "good.xlsx") || !rep.Files[0].Valid() || rep.Files[1].Path != "/dev/urandom" {
		t.Fatalf("files %+v", rep.Files)
	}
	hasFinding(t, rep.Files[1], want{"not-a-workbook", finding.Error, ""})
	reasons := map[string]string{}
	for _, s := range rep.Skipped {
		reasons[filepath.Base(s.Path)] = s.Reason.In(finding.VI)
	}
	if !strings.Contains(reasons["x.xlsx"], "không phải tệp thường") || !strings.Contains(reasons["zero.xlsx"], "không phải tệp thường") {
		t.Errorf("skipped %v", reasons)
	}
	deep := false
	for name, why := range reasons {
		deep = deep || strings.HasPrefix(name, "ddd") && strings.Contains(why, "không đọc được thư mục")
	}
	if !deep {
		t.Errorf("the folder too deep to read is not reported: %v", reasons)
	}
	_ = good
}
