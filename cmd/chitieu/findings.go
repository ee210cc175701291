package main

import (
	"fmt"
	"io"

	"chitieu/schema"
	"chitieu/validate"
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
		return validate.Where(f)
	}
	return f.Plan.String()
}

// summary prints "N lỗi, M cảnh báo".
func summary(fs schema.Findings, lang schema.Lang) string {
	return schema.Textf("%d lỗi, %d cảnh báo", "%d errors, %d warnings", fs.Count(schema.Error), fs.Count(schema.Warning)).In(lang)
}
