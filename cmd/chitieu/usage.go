package main

import (
	"errors"
	"fmt"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"unicode"

	"github.com/spf13/pflag"

	"chitieu/finding"
	"chitieu/schema"
)

// What a person reads when a flag is mistyped, and the flags' help: in the language of the run,
// not pflag's English ("unknown flag: --bogus", "stringArray", (default "vi")).

// flagError explains an error of pflag's parsing.
func flagError(err error, fs *pflag.FlagSet) finding.Text {
	var (
		notExist *pflag.NotExistError
		needs    *pflag.ValueRequiredError
		invalid  *pflag.InvalidValueError
		syntax   *pflag.InvalidSyntaxError
	)
	switch {
	case errors.As(err, &notExist):
		name := notExist.GetSpecifiedName()
		if short := notExist.GetSpecifiedShortnames(); short != "" && short != name[:1] {
			return finding.Textf("không có tùy chọn -%s (trong -%s).", "there is no option -%s (in -%s).", name[:1], short)
		} else if short != "" {
			return finding.Textf("không có tùy chọn -%s.", "there is no option -%s.", short)
		}
		msg := finding.Textf("không có tùy chọn --%s.", "there is no option --%s.", name)
		var names []string
		fs.VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
		if best := schema.Closest(name, names); best != "" {
			msg = msg.Plus(finding.Textf(" Có phải --%s?", " Did you mean --%s?", best))
		}
		return msg
	case errors.As(err, &needs):
		f := needs.GetFlag()
		if f == nil {
			return finding.Textf("tùy chọn --%s cần một giá trị.", "the option --%s needs a value.", needs.GetSpecifiedName())
		}
		return finding.Text{VI: fmt.Sprintf("tùy chọn --%s cần một giá trị: --%s %s.", f.Name, f.Name, placeholder(f, finding.VI)),
			EN: fmt.Sprintf("the option --%s needs a value: --%s %s.", f.Name, f.Name, placeholder(f, finding.EN))}
	case errors.As(err, &invalid):
		f := invalid.GetFlag()
		return finding.Text{VI: fmt.Sprintf("--%s %q: cần %s.", f.Name, invalid.GetValue(), typeName(f, finding.VI)),
			EN: fmt.Sprintf("--%s %q: %s is needed.", f.Name, invalid.GetValue(), typeName(f, finding.EN))}
	case errors.As(err, &syntax):
		return finding.Textf("tùy chọn viết sai: %q (viết --tên giá-trị hoặc --tên=giá-trị).", "bad option syntax: %q (write --name value or --name=value).", syntax.GetSpecifiedFlag())
	}
	return finding.Text{VI: err.Error(), EN: err.Error()}
}

// typeName is what a flag's value is, in words.
func typeName(f *pflag.Flag, lang finding.Lang) string {
	words := map[string]finding.Text{
		"int": {VI: "một số nguyên", EN: "a whole number"}, "int64": {VI: "một số nguyên", EN: "a whole number"},
		"bool":   {VI: "true hoặc false", EN: "true or false"},
		"string": {VI: "một giá trị", EN: "a value"}, "stringArray": {VI: "một giá trị", EN: "a value"},
	}
	if w, ok := words[f.Value.Type()]; ok {
		return w.In(lang)
	}
	return f.Value.Type()
}

// placeholder is the word shown after a flag in the help: what to write there.
func placeholder(f *pflag.Flag, lang finding.Lang) string {
	by := map[string]finding.Text{
		"plan": {VI: "TÊN|TỆP", EN: "NAME|FILE"}, "period": {VI: "KỲ", EN: "PERIOD"}, "form": {VI: "BIỂU", EN: "FORM"},
		"unit": {VI: "MÃ", EN: "CODE"}, "format": {VI: "DẠNG", EN: "FORMAT"}, "lang": {VI: "vi|en", EN: "vi|en"},
		"annotate": {VI: "THƯ_MỤC", EN: "DIR"}, "docs": {VI: "THƯ_MỤC", EN: "DIR"}, "against": {VI: "TÊN|TỆP", EN: "NAME|FILE"},
		"date": {VI: "NGÀY", EN: "DATE"}, "store": {VI: "THƯ_MỤC", EN: "DIR"}, "addr": {VI: "ĐỊA_CHỈ", EN: "ADDRESS"},
	}
	if w, ok := by[f.Name]; ok {
		return w.In(lang)
	}
	switch f.Value.Type() {
	case "bool":
		return ""
	case "int", "int64":
		return finding.Text{VI: "SỐ", EN: "N"}.In(lang)
	}
	if f.Name == "output" {
		return finding.Text{VI: "ĐƯỜNG_DẪN", EN: "PATH"}.In(lang)
	}
	return finding.Text{VI: "GIÁ_TRỊ", EN: "VALUE"}.In(lang)
}

// flagUsages lists a flag set's flags for the help, in lang: name, what to write, what it does,
// and its default.
func flagUsages(fs *pflag.FlagSet, lang finding.Lang) string {
	type line struct{ left, right string }
	var lines []line
	width := 0
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		left := "      --" + f.Name
		if f.Shorthand != "" {
			left = "  -" + f.Shorthand + ", --" + f.Name
		}
		if p := placeholder(f, lang); p != "" {
			left += " " + p
		}
		right := f.Usage
		if d := f.DefValue; d != "" && d != "false" && d != "0" && d != "[]" {
			if f.Value.Type() == "string" {
				d = strconv.Quote(d)
			}
			right += finding.Textf(" (mặc định %s)", " (default %s)", d).In(lang)
		}
		lines = append(lines, line{left, right})
		width = max(width, len([]rune(left)))
	})
	var b strings.Builder
	for _, l := range lines {
		fmt.Fprintf(&b, "%s%s   %s\n", l.left, strings.Repeat(" ", width-len([]rune(l.left))), l.right)
	}
	return b.String()
}

// periodHint guesses the period meant by a spelling ParsePeriod does not take — 03/2024,
// 3-2024, 2024/3, tháng 3/2024, quý 1/2024, Q1 2024, 6 tháng 2024 — and returns it in the
// form it takes, or "".
func periodHint(s string) string {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.Join(strings.FieldsFunc(t, func(r rune) bool {
		return unicode.IsSpace(r) || r == '/' || r == '.' || r == '-' || r == '_' || r == ','
	}), " ")
	t = strings.TrimSpace(strings.NewReplacer("năm", " ", "tháng", "t ", "quý", "q ", "quy", "q ", "thang", "t ", "nam", " ").Replace(t))
	t = strings.Join(strings.Fields(t), " ")
	for _, m := range []struct {
		re     *regexp.Regexp
		format func(g []string) string
	}{
		{regexp.MustCompile(`^(?:t )?(\d{1,2}) (\d{4})$`), func(g []string) string { return month(g[2], g[1]) }},
		{regexp.MustCompile(`^(\d{4}) (?:t )?(\d{1,2})$`), func(g []string) string { return month(g[1], g[2]) }},
		{regexp.MustCompile(`^(\d{4})(\d{2})$`), func(g []string) string { return month(g[1], g[2]) }},
		{regexp.MustCompile(`^q ?([1-4]) (\d{4})$`), func(g []string) string { return g[2] + "-Q" + g[1] }},
		{regexp.MustCompile(`^(\d{4}) ?q ?([1-4])$`), func(g []string) string { return g[1] + "-Q" + g[2] }},
		{regexp.MustCompile(`^([69]) ?(?:t|m) (\d{4})$`), func(g []string) string { return g[2] + "-" + g[1] + "M" }},
		{regexp.MustCompile(`^(\d{4}) ([69]) ?(?:t|m)$`), func(g []string) string { return g[1] + "-" + g[2] + "M" }},
	} {
		if g := m.re.FindStringSubmatch(t); g != nil {
			if p := m.format(g); p != "" && p != s {
				if _, err := schema.ParsePeriod(p); err == nil {
					return p
				}
			}
		}
	}
	return ""
}

func month(year, m string) string {
	n, err := strconv.Atoi(m)
	if err != nil || n < 1 || n > 12 {
		return ""
	}
	return fmt.Sprintf("%s-%02d", year, n)
}

// periodError is the message for a --period that is not one, with the period likely meant.
func periodError(period string) finding.Text {
	msg := finding.Textf("--period %q không phải kỳ báo cáo: viết 2024, 2024-03, 2024-Q1, 2024-6M hoặc 2024-9M.",
		"--period %q is not a period: write 2024, 2024-03, 2024-Q1, 2024-6M or 2024-9M.", period)
	if h := periodHint(period); h != "" {
		msg = msg.Plus(finding.Textf(" Có phải --period %s?", " Did you mean --period %s?", h))
	}
	return msg
}

// shellArg is a path as it is typed in a command the user is told to run: as it is when it has
// only letters, digits and . _ - / \ :, else quoted — in double quotes on Windows (cmd and
// PowerShell), in single quotes elsewhere — so that a folder like "Báo cáo 2025" stays one
// argument.
func shellArg(s string) string {
	plain := s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("._-/\\:", r)
	}) < 0
	switch {
	case plain:
		return s
	case runtime.GOOS == "windows":
		return `"` + s + `"`
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
