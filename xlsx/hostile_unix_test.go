//go:build unix

package xlsx_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"chitieu/xlsx"
)

// TestNotRegular: only regular files are read; a FIFO, a device or a link to one is refused at
// once instead of read forever.
func TestNotRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "x.xlsx")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	link := filepath.Join(dir, "zero.xlsx")
	os.Symlink("/dev/zero", link)
	for _, path := range []string{fifo, link, "/dev/zero", "/dev/urandom", dir} {
		done := make(chan error, 1)
		go func() { _, err := xlsx.Open(path, xlsx.DefaultLimits); done <- err }()
		select {
		case err := <-done:
			openErr(t, err, xlsx.NotWorkbook, xlsx.DetailIrregular)
		case <-time.After(30 * time.Second):
			t.Fatalf("%s: still reading after 30 s", path)
		}
	}
}
