// Command chitieu generates the report forms of a Vietnamese province, checks the workbooks its
// reporting units send back, and consolidates them against the province's plan targets.
package main

import (
	"context"
	"os"
)

func main() { os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }
