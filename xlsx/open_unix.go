//go:build unix

package xlsx

import (
	"os"
	"syscall"
)

// openNoWait opens path for reading without blocking: opening a FIFO for reading otherwise waits
// for a writer, forever if none comes. O_NONBLOCK changes nothing for a regular file.
func openNoWait(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
