package schema

import (
	"chitieu/finding"
	"strconv"
	"strings"
	"testing"
)

// tablesText writes tables as text for the fuzzer: "# Sheet" starts a sheet, every other line is
// row<TAB>col<TAB>flags<TAB>text, flags n (number), b (logical), p (percent), f (formula).
func tablesText(ts []Table) string {
	var b strings.Builder
	for _, t := range ts {
		b.WriteString("# " + t.Sheet + "\n")
		for _, c := range t.Cells {
			flags := ""
			if c.Number {
				flags += "n"
			}
			b.WriteString(strconv.Itoa(c.Row) + "\t" + strconv.Itoa(c.Col) + "\t" + flags + "\t" + strings.ReplaceAll(c.Text, "\n", " ") + "\n")
		}
	}
	return b.String()
}

func parseTablesText(s string) []Table {
	var ts []Table
	for _, line := range strings.Split(s, "\n") {
		if name, ok := strings.CutPrefix(line, "# "); ok {
			ts = append(ts, Table{Sheet: name})
			continue
		}
		f := strings.SplitN(line, "\t", 4)
		if len(f) < 4 || len(ts) == 0 {
			continue
		}
		row, _ := strconv.Atoi(f[0])
		col, _ := strconv.Atoi(f[1])
		c := TableCell{Row: row, Col: col, Text: f[3], Number: strings.Contains(f[2], "n"), Bool: strings.Contains(f[2], "b"), Percent: strings.Contains(f[2], "p")}
		if strings.Contains(f[2], "f") {
			c.Formula = f[3]
		}
		if strings.Contains(f[2], "m") {
			ts[len(ts)-1].Merged = append(ts[len(ts)-1].Merged, [4]int{row, col, row + 1, col + 1})
		}
		ts[len(ts)-1].Cells = append(ts[len(ts)-1].Cells, c)
	}
	return ts
}

// FuzzLoadBook feeds the workbook plan loader sheets of any content: it must not panic, and a
// plan it reads without errors must lay out and read back without errors.
func FuzzLoadBook(f *testing.F) {
	f.Add(tablesText(loadSeed(f, "quang-nam").Tables()))
	f.Add("# Kế hoạch\n1\t2\t\tfield\n1\t3\t\tvalue\n2\t2\t\tid\n2\t3\t\tx\n# Đơn vị\n1\t1\t\tcode\n2\t1\tn\t15.000\n2\t5\tn\t45839\n")
	f.Add("# Mục tiêu\n1\t7\t\tvalue\n2\t7\t\t16,4%/năm\n3\t7\tf\t1+1\n4\t7\tm\t15.000\n")
	f.Fuzz(func(t *testing.T, s string) {
		p, fs := LoadBook("f.xlsx", parseTablesText(s))
		for _, x := range fs {
			if x.Severity == finding.SeverityInvalid || x.Cell.File != "f.xlsx" {
				t.Fatalf("finding without severity or file: %+v", x)
			}
		}
		if p == nil || fs.HasErrors() {
			return
		}
		q, fs2 := LoadBook("g.xlsx", p.Tables())
		if fs2.HasErrors() || q == nil {
			t.Fatalf("a plan read without errors does not read back: %v", fs2)
		}
	})
}
