package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"

	"chitieu/finding"
	"chitieu/outfile"
)

func main() { os.Exit(start(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

// start runs the program as a process: Ctrl-C or a termination signal cancels the context every
// command works under, so that no output is put in place, the temporary files are removed, and
// the exit status is 2. A second Ctrl-C stops the program at once.
func start(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	sigs := []os.Signal{syscall.SIGTERM}
	if !signal.Ignored(os.Interrupt) { // a run started in the background by a script ignores Ctrl-C
		sigs = append(sigs, os.Interrupt)
	}
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	got := make(chan os.Signal, 1)
	signal.Notify(got, sigs...)
	go func() {
		if sig, ok := <-got; ok {
			signal.Stop(got) // a second Ctrl-C stops the program at once
			cancel(errInterrupted(sig))
		}
	}()
	defer outfile.Cleanup()
	return run(ctx, args, stdin, stdout, stderr)
}

// errInterrupted is why a run stopped on a signal, in the user's words: every message that
// reports the cancelled context says it this way rather than Go's "interrupt signal received".
func errInterrupted(sig os.Signal) error {
	if sig == syscall.SIGTERM {
		return finding.Errorf("đã dừng (chương trình được yêu cầu kết thúc).", "stopped (the program was asked to end).")
	}
	return finding.Errorf("đã dừng theo yêu cầu (Ctrl-C).", "stopped on request (Ctrl-C).")
}
