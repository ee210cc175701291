package finding

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
)

// WriteText prints one line per finding, "where: lỗi: detail [code]", the form compilers use so
// that editors can jump to the position.
func WriteText(w io.Writer, fs Findings, lang Lang) error {
	for _, f := range fs {
		if _, err := fmt.Fprintf(w, "%s: %s: %s [%s]\n", Printable(f.Where()), f.Severity.Word(lang), Printable(f.Detail.In(lang)), f.Code); err != nil {
			return err
		}
	}
	return nil
}

// Tally returns "N lỗi, M cảnh báo" for the findings ("1 error, 2 warnings" in English).
func (fs Findings) Tally(lang Lang) string {
	e, w := fs.Count(Error), fs.Count(Warning)
	return Text{VI: fmt.Sprintf("%d lỗi, %d cảnh báo", e, w), EN: Plural(e, "error", "errors") + ", " + Plural(w, "warning", "warnings")}.In(lang)
}

// Plural is "1 form" or "3 forms": English has plurals, Vietnamese does not.
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// unprintable reports whether a character may not reach a terminal as it is: a control
// character (newline, escape, …), a line or paragraph separator, or an invisible format
// character (bidirectional overrides, zero-width spaces) that can make a line read otherwise.
func unprintable(r rune) bool {
	return unicode.IsControl(r) || unicode.In(r, unicode.Zl, unicode.Zp, unicode.Cf)
}

// Printable returns s with every unprintable character (newline, escape, a right-to-left
// override, …) shown as a Go escape, so that text from a file can never forge a line of output,
// disguise one, or drive a terminal.
func Printable(s string) string {
	if strings.IndexFunc(s, unprintable) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unprintable(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// JSON is a finding as the JSON documents carry it (DESIGN.md, validate --format json).
type JSON struct {
	Severity  string `json:"severity"`
	Code      string `json:"code"`
	Sheet     string `json:"sheet"`
	Cell      string `json:"cell"`
	Indicator string `json:"indicator"`
	Column    string `json:"column"`
	Value     string `json:"value"`
	Message   string `json:"message"`
}

// JSON returns the finding as the JSON documents carry it, its message in lang.
func (f Finding) JSON(lang Lang) JSON {
	return JSON{Severity: f.Severity.String(), Code: f.Code, Sheet: f.Cell.Sheet, Cell: f.Cell.Ref(),
		Indicator: f.Indicator, Column: f.Column, Value: f.Value, Message: f.Detail.In(lang)}
}

// JSONList returns the findings as the JSON documents carry them; never nil, so that an empty
// list prints as [].
func (fs Findings) JSONList(lang Lang) []JSON {
	out := make([]JSON, 0, len(fs))
	for _, f := range fs {
		out = append(out, f.JSON(lang))
	}
	return out
}

// WriteJSON writes v as indented JSON, the one encoding of every JSON document chitieu prints.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// Count is a number of things for a message, in both languages: "3 tệp", and "1 file" or "3
// files" (Plural).
func Count(n int, vi, one, many string) Text {
	return Text{VI: strconv.Itoa(n) + " " + vi, EN: Plural(n, one, many)}
}
