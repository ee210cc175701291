// Command chitieu generates the report forms of a Vietnamese province, checks the workbooks its
// reporting units send back, and consolidates them against the province's plan targets.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"chitieu/xlsx"
)

func main() {
	stopOnSignal(os.Stderr)
	code := run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	xlsx.Cleanup()
	os.Exit(code)
}

// stopOnSignal makes Ctrl-C and a termination signal stop the program cleanly: the temporary
// files of the run are removed, no output is left half written, and the exit status is 2.
func stopOnSignal(stderr io.Writer) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM)
	if !signal.Ignored(os.Interrupt) { // a run started in the background by a script ignores Ctrl-C
		signal.Notify(sigs, os.Interrupt)
	}
	go func() {
		<-sigs
		xlsx.Abandon()
		fmt.Fprintln(stderr, "chitieu: đã dừng theo yêu cầu; không tệp kết quả nào bị ghi dở (stopped; no output was left half written).")
		os.Exit(exitUsage)
	}()
}
