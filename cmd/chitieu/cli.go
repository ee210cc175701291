package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"

	"chitieu/finding"
	"chitieu/schema"
)

// Exit statuses (DESIGN.md, "The three commands").
const (
	exitOK    = 0 // success, nothing wrong
	exitFound = 1 // the inputs have errors
	exitUsage = 2 // usage error, unreadable plan, or I/O failure
)

// env is what a command runs with: the streams and the language of its messages.
type env struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	lang   finding.Lang
}

// command is one entry of the command table; help is generated from the table.
type command struct {
	name  string
	args  string // the synopsis after the name
	short finding.Text
	long  finding.Text
	// flags defines the command's own flags on fs, with their help in lang.
	flags func(fs *pflag.FlagSet, lang finding.Lang)
	// run runs the command once its flags are parsed into the variables flags bound them to;
	// args are the arguments left after the flags.
	run func(e *env, args []string) int
	// sub lists subcommands; a command has either flags or sub.
	sub []*command
}

// commands is the table of chitieu's commands, in the order help lists them.
func commands() []*command {
	return []*command{templateCommand(), validateCommand(), receiveCommand(), statusCommand(), consolidateCommand(), exportCommand(), serveCommand(), linksCommand(), mailCommand(), reviewCommand(), officeCommand(), storeCommand(), demoCommand(), planCommand(), versionCommand()}
}

// run is the whole program: parse args, run the command, return the exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr, lang: langOf(args)}
	root := &command{name: "chitieu", sub: commands(), short: finding.Text{
		VI: "Lập biểu mẫu báo cáo, kiểm tra báo cáo của các đơn vị và tổng hợp so với chỉ tiêu kế hoạch của tỉnh.",
		EN: "Generate report forms, check the units' reports, and consolidate them against the province's plan targets.",
	}}
	code := e.dispatch(root, "chitieu", args)
	if ctx.Err() != nil {
		fmt.Fprintln(stderr, "chitieu: đã dừng theo yêu cầu; không tệp kết quả nào bị ghi dở (stopped; no output was left half written).")
		return exitUsage
	}
	return code
}

// langOf finds --lang before any flag set is built, so that help and flag texts are in it.
func langOf(args []string) finding.Lang {
	for i, a := range args {
		if a == "--" {
			break
		}
		v, ok := strings.CutPrefix(a, "--lang=")
		if !ok && a == "--lang" && i+1 < len(args) {
			v, ok = args[i+1], true
		}
		if ok {
			if l, err := finding.ParseLang(v); err == nil {
				return l
			}
		}
	}
	return finding.VI
}

func (e *env) dispatch(c *command, path string, args []string) int {
	if c.sub == nil {
		return e.runLeaf(c, path, args)
	}
	fs, common := e.flagSet(path)
	fs.SetInterspersed(false)
	if code, done := e.parse(fs, common, path, args, func() { e.help(c, path, e.stdout) }); done {
		return code
	}
	rest := fs.Args()
	if len(rest) == 0 {
		e.help(c, path, e.stderr)
		return exitUsage
	}
	name := rest[0]
	if name == "help" {
		return e.helpTopic(c, path, rest[1:])
	}
	for _, s := range c.sub {
		if s.name == name {
			return e.dispatch(s, path+" "+name, rest[1:])
		}
	}
	e.usageError(path, finding.Textf("không có lệnh %q.", "there is no command %q.", name), suggestion(name, c.sub))
	return exitUsage
}

func (e *env) runLeaf(c *command, path string, args []string) int {
	fs, common := e.flagSet(path)
	if c.flags != nil {
		c.flags(fs, e.lang)
	}
	if code, done := e.parse(fs, common, path, args, func() { e.help(c, path, e.stdout) }); done {
		return code
	}
	return c.run(e, fs.Args())
}

// commonOptions are the flags every command takes.
type commonOptions struct {
	lang string
	help bool
}

// flagSet makes a command's flag set with the flags every command takes, bound to common.
func (e *env) flagSet(path string) (fs *pflag.FlagSet, common *commonOptions) {
	fs = pflag.NewFlagSet(path, pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	common = &commonOptions{}
	fs.StringVar(&common.lang, "lang", string(e.lang), finding.Text{VI: "ngôn ngữ của thông báo: vi hoặc en", EN: "language of the messages: vi or en"}.In(e.lang))
	fs.BoolVarP(&common.help, "help", "h", false, finding.Text{VI: "in hướng dẫn của lệnh", EN: "print the command's help"}.In(e.lang))
	return fs, common
}

// parse parses flags; done is true when the command must stop with code.
func (e *env) parse(fs *pflag.FlagSet, common *commonOptions, path string, args []string, help func()) (code int, done bool) {
	err := fs.Parse(args)
	if err == nil {
		if common.help {
			help()
			return exitOK, true
		}
		if v := common.lang; v != "" {
			if _, err = finding.ParseLang(v); err != nil {
				e.usageError(path, finding.Textf("--lang %q: chỉ nhận vi hoặc en.", "--lang %q: use vi or en.", v), "")
				return exitUsage, true
			}
		}
		return 0, false
	}
	if errors.Is(err, pflag.ErrHelp) {
		help()
		return exitOK, true
	}
	e.usageError(path, flagError(err, fs), "")
	return exitUsage, true
}

// noArgs reports whether a command that takes no arguments was given none, saying so if it was.
func (e *env) noArgs(path string, args []string) bool {
	if len(args) == 0 {
		return true
	}
	e.usageError(path, finding.Textf("tham số thừa %q.", "unexpected argument %q.", args[0]), "")
	return false
}

// usageError prints a usage mistake and where to find help.
func (e *env) usageError(path string, msg finding.Text, hint string) {
	fmt.Fprintf(e.stderr, "%s: %s%s\n", path, msg.In(e.lang), hint)
	fmt.Fprintf(e.stderr, finding.Text{VI: "Xem hướng dẫn: %s --help\n", EN: "See: %s --help\n"}.In(e.lang), path)
}

func suggestion(name string, cmds []*command) string {
	var names []string
	for _, c := range cmds {
		names = append(names, c.name)
	}
	if best := schema.Closest(name, names); best != "" {
		return fmt.Sprintf(" (%s?)", best)
	}
	return ""
}

// help prints a command's help: synopsis, description, subcommands or flags.
func (e *env) help(c *command, path string, w io.Writer) {
	l := e.lang
	tr := func(vi, en string) string { return finding.Text{VI: vi, EN: en}.In(l) }
	if c.sub != nil {
		fmt.Fprintf(w, "%s\n\n%s:\n  %s %s\n\n%s:\n", c.short.In(l), tr("Cách dùng", "Usage"), path, tr("LỆNH [tham số]", "COMMAND [arguments]"), tr("Các lệnh", "Commands"))
		width := 0
		for _, s := range c.sub {
			width = max(width, len(s.name))
		}
		for _, s := range c.sub {
			fmt.Fprintf(w, "  %-*s  %s\n", width, s.name, s.short.In(l))
		}
		fmt.Fprintf(w, "\n%s:\n  --lang vi|en   %s\n", tr("Tùy chọn chung", "Common options"), tr("ngôn ngữ của thông báo (mặc định vi)", "language of the messages (default vi)"))
		fmt.Fprintf(w, "\n%s\n", fmt.Sprintf(tr("Xem hướng dẫn của từng lệnh: %s LỆNH --help", "Help on a command: %s COMMAND --help"), path))
		return
	}
	fs, _ := e.flagSet(path)
	if c.flags != nil {
		c.flags(fs, l)
	}
	fmt.Fprintf(w, "%s\n\n%s:\n  %s %s\n", c.short.In(l), tr("Cách dùng", "Usage"), path, c.args)
	if d := c.long.In(l); d != "" {
		fmt.Fprintf(w, "\n%s\n", strings.TrimRight(d, "\n"))
	}
	fmt.Fprintf(w, "\n%s:\n%s", tr("Tùy chọn", "Options"), flagUsages(fs, l))
}

// helpTopic answers "chitieu help [COMMAND...]".
func (e *env) helpTopic(c *command, path string, names []string) int {
	for _, n := range names {
		var next *command
		for _, s := range c.sub {
			if s.name == n {
				next = s
			}
		}
		if next == nil {
			e.usageError(path, finding.Textf("không có lệnh %q.", "there is no command %q.", n), suggestion(n, c.sub))
			return exitUsage
		}
		c, path = next, path+" "+n
		if c.sub == nil {
			break
		}
	}
	e.help(c, path, e.stdout)
	return exitOK
}
