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

// Tally returns "N lỗi, M cảnh báo" for the findings.
func (fs Findings) Tally(lang Lang) string {
	return Textf("%d lỗi, %d cảnh báo", "%d errors, %d warnings", fs.Count(Error), fs.Count(Warning)).In(lang)
}

// Printable returns s with every control character (newline, escape, …) shown as a Go escape,
// so that text from a file can never forge a line of output or drive a terminal.
func Printable(s string) string {
	if strings.IndexFunc(s, unicode.IsControl) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsControl(r) {
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
