package main

import (
	"fmt"
	"runtime"

	"github.com/spf13/pflag"

	"chitieu/finding"
	"chitieu/seeds"
)

// version is the release; set with -ldflags "-X main.version=…" when building a release.
var version = "0.1.0-dev"

func versionCommand() *command {
	return &command{
		name:  "version",
		short: finding.Text{VI: "In phiên bản của chương trình và của các kế hoạch có sẵn", EN: "Print the program's version and the embedded plans'"},
		flags: func(fs *pflag.FlagSet, _ finding.Lang) {
		},
		run: func(e *env, args []string) int {
			if len(args) > 0 {
				e.usageError("chitieu version", finding.Text{VI: "lệnh không nhận tham số.", EN: "the command takes no arguments."}, "")
				return exitUsage
			}
			fmt.Fprintf(e.stdout, "chitieu %s (%s, %s/%s)\n", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
			for _, n := range seeds.Names() {
				p, _, err := seeds.Load(n)
				if err != nil || p == nil {
					continue
				}
				fmt.Fprintf(e.stdout, finding.Text{VI: "kế hoạch %s: phiên bản %s\n", EN: "plan %s: version %s\n"}.In(e.lang), n, p.Version)
			}
			return exitOK
		},
	}
}
