package outfile

import (
	"errors"
	"os"
	"syscall"
)

// processAlive reports whether a process with the ID runs (or may: when in doubt, yes). On
// Windows, finding a process opens it, which fails with ERROR_INVALID_PARAMETER when it is gone.
func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err == nil {
		p.Release()
		return true
	}
	var errno syscall.Errno
	return !(errors.As(err, &errno) && errno == 87)
}
