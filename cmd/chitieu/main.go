package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"

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
	ctx, stop := signal.NotifyContext(context.Background(), sigs...)
	context.AfterFunc(ctx, stop)
	defer outfile.Cleanup()
	return run(ctx, args, stdin, stdout, stderr)
}
