//go:build !windows

package mailtest

import (
	"os/exec"
	"syscall"
)

// ownGroup starts cmd in a process group of its own, so that stop reaches the processes the
// server forks too.
func ownGroup(cmd *exec.Cmd) { cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} }

// stop ends the server's process group: politely, or at once with kill.
func stop(cmd *exec.Cmd, kill bool) {
	sig := syscall.SIGTERM
	if kill {
		sig = syscall.SIGKILL
	}
	syscall.Kill(-cmd.Process.Pid, sig)
}
