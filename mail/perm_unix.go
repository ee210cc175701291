//go:build !windows

package mail

// windowsPerm reports whether file modes say nothing of who may read a file (Windows).
func windowsPerm() bool { return false }
