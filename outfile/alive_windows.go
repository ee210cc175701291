package outfile

import (
	"errors"

	"golang.org/x/sys/windows"
)

// processAlive reports whether a process with the ID runs (or may: when in doubt, yes). On
// Windows a process that has ended can still be opened while any program holds a handle to it
// (its parent, a shell): it runs only if it has no exit code yet.
func processAlive(pid int) bool {
	h, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION, false, uint32(pid))
	if err != nil {
		return !errors.Is(err, windows.ERROR_INVALID_PARAMETER) // no such process
	}
	defer windows.CloseHandle(h)
	var code uint32
	if err := windows.GetExitCodeProcess(h, &code); err != nil {
		return true
	}
	const stillActive = 259
	return code == stillActive
}
