package seeds

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"chitieu/finding"
	"chitieu/schema"
)

// Default is the plan used when --plan is not given.
const Default = "thanh-hoa"

//go:embed *.yaml docs/*.txt
var files embed.FS

// Docs returns the source documents the plans quote, by file name.
func Docs() fs.FS {
	sub, err := fs.Sub(files, "docs")
	if err != nil {
		panic(err) // the folder is embedded: this cannot fail
	}
	return sub
}

// Names lists the embedded plans, default first.
func Names() []string {
	entries, _ := fs.Glob(files, "*.yaml")
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e, ".yaml"))
	}
	slices.SortFunc(names, func(a, b string) int {
		switch {
		case a == Default:
			return -1
		case b == Default:
			return 1
		}
		return strings.Compare(a, b)
	})
	return names
}

// Source returns the YAML of an embedded plan.
func Source(name string) ([]byte, error) {
	b, err := files.ReadFile(name + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("no embedded plan %q (embedded: %s)", name, strings.Join(Names(), ", "))
	}
	return b, nil
}

// Load reads and lints an embedded plan; positions in findings name the embedded file
// (seeds/NAME.yaml).
func Load(name string) (*schema.Plan, finding.Findings, error) {
	b, err := Source(name)
	if err != nil {
		return nil, nil, err
	}
	p, fs := schema.Load(path.Join("seeds", name+".yaml"), b)
	return p, fs, nil
}
