package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"chitieu/finding"
	"chitieu/schema"
	"chitieu/seeds"
)

func planCommand() *command {
	return &command{
		name:  "plan",
		short: finding.Text{VI: "Xem và kiểm tra kế hoạch (đơn vị, chỉ tiêu, biểu mẫu, mục tiêu, số liệu đã có)", EN: "Inspect and lint plans (units, indicators, forms, targets, reported figures)"},
		sub:   []*command{planListCommand(), planShowCommand(), planCheckCommand(), planExportCommand()},
	}
}

func planListCommand() *command {
	return &command{
		name:  "list",
		short: finding.Text{VI: "Liệt kê các kế hoạch có sẵn trong chương trình", EN: "List the plans embedded in the program"},
		flags: func(fs *pflag.FlagSet, _ finding.Lang) {
		},
		run: func(e *env, args []string) int {
			if len(args) > 0 {
				e.usageError("chitieu plan list", finding.Text{VI: "lệnh không nhận tham số.", EN: "the command takes no arguments."}, "")
				return exitUsage
			}
			for _, n := range seeds.Names() {
				p, _, err := seeds.Load(n)
				if err != nil || p == nil {
					fmt.Fprintf(e.stderr, "chitieu plan list: %s: %v\n", n, err)
					return exitUsage
				}
				mark := ""
				if n == seeds.Default {
					mark = finding.Text{VI: " (mặc định)", EN: " (default)"}.In(e.lang)
				}
				fmt.Fprintf(e.stdout, "%-10s %s%s — %s\n", n, p.Name, mark, finding.Textf(
					"phiên bản %s: %d đơn vị, %d chỉ tiêu, %d biểu, %d mục tiêu, %d số liệu",
					"version %s: %d units, %d indicators, %d forms, %d targets, %d figures",
					p.Version, len(p.Units), len(p.Indicators), len(p.Forms), len(p.Targets), len(p.Actuals)).In(e.lang))
			}
			return exitOK
		},
	}
}

// planShowOptions are the flags of chitieu plan show.
type planShowOptions struct {
	plan   string
	format string
}

func planShowCommand() *command {
	var o planShowOptions
	return &command{
		name:  "show",
		args:  "[--plan NAME|FILE] [--format text|json]",
		short: finding.Text{VI: "In các mục tiêu và số liệu đã có của kế hoạch, kèm nguồn", EN: "Print the plan's targets and reported figures with their sources"},
		long: finding.Text{
			VI: "Mỗi mục tiêu và số liệu được in cùng chỉ tiêu, kỳ, phép so sánh, giá trị, đơn vị tính và nguồn\n(số văn bản, tệp nguồn, câu trích nguyên văn). Định dạng json là giao kèo ổn định cho các chương trình khác.",
			EN: "Each target and figure is printed with its indicator, period, comparator, value, unit and source\n(document number, source file, verbatim quote). The json format is a stable contract for other programs.",
		},
		flags: func(fs *pflag.FlagSet, l finding.Lang) {
			planFlag(fs, l, &o.plan)
			formatFlag(fs, l, &o.format)
		},
		run: func(e *env, args []string) int {
			plan := o.plan
			format := o.format
			if !e.noArgs("chitieu plan show", args) {
				return exitUsage
			}
			if !validFormat(e, "chitieu plan show", format) {
				return exitUsage
			}
			p, code := loadPlan(e, "chitieu plan show", plan)
			if p == nil {
				return code
			}
			view := viewPlan(p)
			if format == "json" {
				return writeJSON(e, view)
			}
			writePlanText(e.stdout, view, e.lang)
			return exitOK
		},
	}
}

// planCheckOptions are the flags of chitieu plan check.
type planCheckOptions struct {
	docs    string
	against string
}

func planCheckCommand() *command {
	var o planCheckOptions
	return &command{
		name:  "check",
		args:  "FILE|NAME [--docs DIR] [--against NAME|FILE]",
		short: finding.Text{VI: "Kiểm tra một tệp kế hoạch và chỉ ra dòng, cột của từng lỗi", EN: "Lint a plan file and point at the line and column of each problem"},
		long: finding.Text{
			VI: "Kiểm tra cú pháp YAML, các trường, mã trùng, chỉ tiêu và đơn vị không có trong danh mục, biểu mẫu,\nnguồn của từng mục tiêu và số liệu, và các mục tiêu mâu thuẫn nhau (cảnh báo). Với --docs, mỗi câu trích\ndẫn được đối chiếu nguyên văn với tệp nguồn trong thư mục DIR. Trạng thái thoát 1 khi có lỗi.",
			EN: "Checks the YAML syntax, the fields, duplicate codes, unknown indicators and units, the forms, the source\nof every target and figure, and conflicting targets (a warning). With --docs every quote is checked\nverbatim against its source file in DIR. Exit status 1 when there are errors.",
		},
		flags: func(fs *pflag.FlagSet, l finding.Lang) {
			fs.StringVar(&o.docs, "docs", "", finding.Text{VI: "thư mục chứa các tệp nguồn để đối chiếu trích dẫn", EN: "folder holding the source files, to check the quotes"}.In(l))
			fs.StringVar(&o.against, "against", "", finding.Text{VI: "kế hoạch đang dùng, để báo các biểu có phiên bản mới (mặc định: kế hoạch có sẵn cùng mã)", EN: "the plan in use, to tell which forms have a new version (default: the embedded plan of the same id)"}.In(l))
		},
		run: func(e *env, args []string) int {
			docs := o.docs
			against := o.against
			if len(args) != 1 {
				e.usageError("chitieu plan check", finding.Text{VI: "cần đúng một tệp kế hoạch.", EN: "give exactly one plan file."}, "")
				return exitUsage
			}
			return checkPlan(e, args[0], docs, against)
		},
	}
}

func checkPlan(e *env, spec, docs, against string) int {
	file, data, docsFS, err := readPlanSpec(spec)
	if err != nil {
		fmt.Fprintf(e.stderr, "chitieu plan check: %s\n", finding.ErrorText(err, e.lang))
		return exitUsage
	}
	if docs != "" {
		if st, err := os.Stat(docs); err != nil || !st.IsDir() {
			fmt.Fprintf(e.stderr, "chitieu plan check: --docs %s: %s\n", docs, finding.Text{VI: "không phải thư mục đọc được", EN: "not a readable folder"}.In(e.lang))
			return exitUsage
		}
		docsFS = os.DirFS(docs)
	}
	p, findings, err := loadPlanFile(file, data)
	if err != nil {
		fmt.Fprintf(e.stderr, "chitieu plan check: %s\n", finding.ErrorText(err, e.lang))
		return exitUsage
	}
	if p != nil && docsFS != nil && !findings.HasErrors() {
		findings = append(findings, p.Locate(p.CheckQuotes(docsFS))...)
		findings.Sort()
	}
	if p != nil && !findings.HasErrors() {
		changes, err := planChanges(p, file, against)
		if err != nil {
			fmt.Fprintf(e.stderr, "chitieu plan check: --against: %s\n", finding.ErrorText(err, e.lang))
			return exitUsage
		}
		findings = append(findings, changes...)
		findings.Sort()
	}
	finding.WriteText(e.stdout, findings, e.lang)
	fmt.Fprintf(e.stdout, "%s: %s\n", file, findings.Tally(e.lang))
	if findings.HasErrors() {
		return exitFound
	}
	return exitOK
}

// planFlag binds --plan to dst.
func planFlag(fs *pflag.FlagSet, l finding.Lang, dst *string) {
	fs.StringVar(dst, "plan", seeds.Default, finding.Textf("kế hoạch: tên kế hoạch có sẵn (%s) hoặc đường dẫn tệp YAML hay sổ Excel (.xlsx)",
		"the plan: an embedded plan's name (%s) or the path of a YAML file or a plan workbook (.xlsx)", strings.Join(seeds.Names(), ", ")).In(l))
}

// formatFlag binds --format (text or json) to dst.
func formatFlag(fs *pflag.FlagSet, l finding.Lang, dst *string) {
	fs.StringVar(dst, "format", "text", finding.Text{VI: "định dạng đầu ra: text hoặc json", EN: "output format: text or json"}.In(l))
}

func validFormat(e *env, path, format string) bool {
	if format == "text" || format == "json" {
		return true
	}
	e.usageError(path, finding.Textf("--format %q: chỉ nhận text hoặc json.", "--format %q: use text or json.", format), "")
	return false
}

// readPlanSpec resolves --plan NAME|FILE: a path (with a separator or a .yaml/.yml ending, or an
// existing file) is read from disk; otherwise the name of an embedded plan. docs is the folder
// of source documents that goes with an embedded plan, nil for a file.
func readPlanSpec(spec string) (file string, data []byte, docs fs.FS, err error) {
	ext := strings.ToLower(filepath.Ext(spec))
	isPath := strings.ContainsAny(spec, `/\`) || ext == ".yaml" || ext == ".yml" || isPlanBook(spec)
	if !isPath && slices.Contains(seeds.Names(), spec) {
		data, err = seeds.Source(spec)
		return filepath.Join("seeds", spec+".yaml"), data, seeds.Docs(), err
	}
	st, statErr := os.Stat(spec)
	switch {
	case statErr == nil && st.IsDir():
		return "", nil, nil, finding.Errorf("%s là một thư mục, không phải tệp kế hoạch.", "%s is a folder, not a plan file.", spec)
	case statErr == nil && st.Size() > schema.MaxPlanSize:
		return "", nil, nil, finding.Errorf("%s quá lớn để là một tệp kế hoạch (%d byte).", "%s is too large to be a plan file (%d bytes).", spec, st.Size())
	case errors.Is(statErr, fs.ErrNotExist) && !isPath:
		return "", nil, nil, finding.Errorf("không có kế hoạch %q; các kế hoạch có sẵn: %s, hoặc đưa đường dẫn một tệp YAML.",
			"there is no plan %q; the embedded plans are %s, or give the path of a YAML file.", spec, strings.Join(seeds.Names(), ", "))
	case errors.Is(statErr, fs.ErrNotExist):
		return "", nil, nil, finding.Errorf("không có tệp %s.", "there is no file %s.", spec)
	}
	data, err = os.ReadFile(spec)
	if err != nil {
		return "", nil, nil, finding.Errorf("không đọc được tệp kế hoạch: %v", "cannot read the plan file: %v", err)
	}
	return spec, data, nil, nil
}

// loadPlan reads the plan named by --plan for a command that needs a usable plan. It prints the
// findings and returns nil with exit status 2 when the plan has errors; warnings are not printed
// (plan check shows them).
func loadPlan(e *env, path, spec string) (*schema.Plan, int) {
	file, data, _, err := readPlanSpec(spec)
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
		return nil, exitUsage
	}
	cache := !isPlanBook(file) // plancache.go: a workbook is read again from its file
	if cache {
		if p := cachedPlan(data); p != nil {
			return p, exitOK
		}
	}
	p, findings, err := loadPlanFile(file, data)
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
		return nil, exitUsage
	}
	if p == nil || findings.HasErrors() {
		var errs finding.Findings
		for _, f := range findings {
			if f.Severity == finding.Error {
				errs = append(errs, f)
			}
		}
		finding.WriteText(e.stderr, errs, e.lang)
		fmt.Fprintf(e.stderr, finding.Text{VI: "%s: kế hoạch %s có lỗi (%s); sửa rồi chạy lại, xem: chitieu plan check %s\n", EN: "%s: plan %s has errors (%s); fix them and run again, see: chitieu plan check %s\n"}.In(e.lang),
			path, file, findings.Tally(e.lang), spec)
		return nil, exitUsage
	}
	if cache {
		keepPlan(data, p)
	}
	return p, exitOK
}
