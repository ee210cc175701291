package main

import (
	"fmt"
	"io"

	"chitieu/schema"
)

// writeFindings prints one line per finding, "file:line:col: lỗi: message [code]", the form
// compilers use so that editors can jump to the position.
func writeFindings(w io.Writer, fs schema.Findings, lang schema.Lang) {
	for _, f := range fs {
		fmt.Fprintf(w, "%s: %s: %s [%s]\n", where(f), f.Severity.Word(lang), f.Message.In(lang), f.Code)
	}
}

func where(f schema.Finding) string {
	if f.Cell.File != "" {
		c := f.Cell
		switch {
		case c.Sheet == "":
			return c.File
		case c.Row == 0:
			return fmt.Sprintf("%s:%s", c.File, c.Sheet)
		}
		return fmt.Sprintf("%s:%s!%s%d", c.File, c.Sheet, columnName(c.Col), c.Row)
	}
	return f.Plan.String()
}

// columnName turns a 1-based column number into its letters (1 → A, 27 → AA).
func columnName(col int) string {
	s := ""
	for col > 0 {
		col--
		s = string(rune('A'+col%26)) + s
		col /= 26
	}
	return s
}

// summary prints "N lỗi, M cảnh báo".
func summary(fs schema.Findings, lang schema.Lang) string {
	return schema.Textf("%d lỗi, %d cảnh báo", "%d errors, %d warnings", fs.Count(schema.Error), fs.Count(schema.Warning)).In(lang)
}
