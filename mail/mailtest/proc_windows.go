package mailtest

import "os/exec"

// The servers run on Linux only (Start skips elsewhere); these let the package build for Windows.
func ownGroup(cmd *exec.Cmd) {}

func stop(cmd *exec.Cmd, kill bool) { cmd.Process.Kill() }
