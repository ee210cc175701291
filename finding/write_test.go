package finding

import (
	"strings"
	"testing"
)

// TestPrintable: nothing from a file reaches the terminal as a control: no newline to forge a
// line, no escape sequence, no right-to-left override or line separator to disguise one.
func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"báo cáo.xlsx":                   "báo cáo.xlsx",
		"a.xlsx\nFAKE.xlsx: lỗi: forged": `a.xlsx\nFAKE.xlsx: lỗi: forged`,
		"\x1b[2Jred":                     `\x1b[2Jred`,
		"bao-cao\u202Exslx.exe":          `bao-cao\u202exslx.exe`,
		"một\u2028hai":                   `một\u2028hai`,
		"zero\u200bwidth":                `zero\u200bwidth`,
		"tab\there":                      `tab\there`,
	} {
		if got := Printable(in); got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
	}
	var b strings.Builder
	WriteText(&b, Findings{{Severity: Error, Code: "rule", Cell: Cell{File: "x.xlsx\nFAKE"}, Detail: Text{VI: "a\rb"}}}, VI)
	if strings.Count(b.String(), "\n") != 1 || strings.ContainsRune(b.String(), '\r') {
		t.Errorf("WriteText: %q", b.String())
	}
}

// TestTally: English counts in the singular and the plural.
func TestTally(t *testing.T) {
	fs := Findings{{Severity: Error}, {Severity: Warning}, {Severity: Warning}}
	if got := fs.Tally(EN); got != "1 error, 2 warnings" {
		t.Errorf("Tally(EN) = %q", got)
	}
	if got := fs.Tally(VI); got != "1 lỗi, 2 cảnh báo" {
		t.Errorf("Tally(VI) = %q", got)
	}
}
