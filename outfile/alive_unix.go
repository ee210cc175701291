//go:build unix

package outfile

import (
	"errors"
	"syscall"
)

// processAlive reports whether a process with the ID runs (or may: when in doubt, yes).
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return !errors.Is(err, syscall.ESRCH)
}
