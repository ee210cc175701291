//go:build !unix

package xlsx

import "os"

// openNoWait opens path for reading. On Windows opening a named pipe or a device does not wait
// for a writer as a FIFO does on Unix; OpenRegular refuses what is not a regular file.
func openNoWait(path string) (*os.File, error) {
	return os.Open(path)
}
