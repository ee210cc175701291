//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// unreadableFolder makes a folder under parent that a walk finds and cannot read: without
// permissions, or, for root (who reads every folder), so deep that its path is longer than the
// system takes (made one level at a time, relative to the level above).
func unreadableFolder(t *testing.T, parent string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		dir := filepath.Join(parent, "khóa")
		os.MkdirAll(dir, 0o755)
		os.Chmod(dir, 0)
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		return dir
	}
	name := strings.Repeat("thư mục sâu ", 18)[:200]
	fd, err := unix.Open(parent, unix.O_RDONLY|unix.O_DIRECTORY, 0)
	if err != nil {
		t.Fatal(err)
	}
	path := parent
	for len(path) <= unix.PathMax {
		if err := unix.Mkdirat(fd, name, 0o755); err != nil {
			t.Fatal(err)
		}
		next, err := unix.Openat(fd, name, unix.O_RDONLY|unix.O_DIRECTORY, 0)
		unix.Close(fd)
		if err != nil {
			t.Fatal(err)
		}
		fd, path = next, filepath.Join(path, name)
	}
	unix.Close(fd)
	t.Cleanup(func() { removeDeep(filepath.Join(parent, name)) })
	return path
}

// removeDeep removes a folder too deep for os.RemoveAll's paths, level by level.
func removeDeep(top string) {
	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	os.Chdir(top)
	for {
		es, _ := os.ReadDir(".")
		if len(es) == 0 {
			break
		}
		os.Chdir(es[0].Name())
	}
	for {
		here, _ := os.Getwd()
		os.Chdir("..")
		os.Remove(filepath.Base(here))
		if len(here) <= len(top) {
			return
		}
	}
}
