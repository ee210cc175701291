package store

import (
	"os"

	"golang.org/x/sys/unix"
)

// syncFS flushes everything written to the file system holding dir to the disk, in one call.
func syncFS(dir string) (bool, error) {
	d, err := os.Open(dir)
	if err != nil {
		return true, err
	}
	defer d.Close()
	return true, unix.Syncfs(int(d.Fd()))
}
