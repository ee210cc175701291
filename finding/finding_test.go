package finding

import "testing"

func TestText(t *testing.T) {
	for _, c := range []struct {
		name   string
		text   Text
		vi, en string
	}{
		{"plain, a literal percent", Text{VI: "100% đạt", EN: "100% met"}, "100% đạt", "100% met"},
		{"pattern and arguments", Textf("%s: %d", "%s = %d", "IIP", 8), "IIP: 8", "IIP = 8"},
		{"no English falls back", Text{VI: "chỉ tiếng Việt"}, "chỉ tiếng Việt", "chỉ tiếng Việt"},
		{"plus joins patterns and arguments", Textf("%d tệp", "%d files", 3).Plus(Text{VI: " (50%)", EN: " (50%)"}), "3 tệp (50%)", "3 files (50%)"},
		{"plus onto a literal", Text{VI: "Tỉ lệ 5%: ", EN: "Share 5%: "}.Plus(Textf("%q", "%q", "x%d")), `Tỉ lệ 5%: "x%d"`, `Share 5%: "x%d"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.text.In(VI); got != c.vi {
				t.Errorf("VI %q, want %q", got, c.vi)
			}
			if got := c.text.In(EN); got != c.en {
				t.Errorf("EN %q, want %q", got, c.en)
			}
		})
	}
}

func TestCell(t *testing.T) {
	for _, c := range []struct {
		cell Cell
		want string
	}{
		{Cell{File: "a.xlsx"}, "a.xlsx"},
		{Cell{File: "a.xlsx", Sheet: "Biểu"}, "a.xlsx:Biểu"},
		{Cell{File: "a.xlsx", Sheet: "Biểu", Row: 12, Col: 28}, "a.xlsx:Biểu!AB12"},
	} {
		if got := c.cell.String(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.cell, got, c.want)
		}
	}
	if ColumnName(16384) != "XFD" || ColumnName(1) != "A" || ColumnName(26) != "Z" || ColumnName(27) != "AA" {
		t.Error("column names")
	}
}

func TestSortDedupes(t *testing.T) {
	fs := Findings{}
	a := Finding{Severity: Error, Code: "x", Detail: Textf("%d", "%d", 1), Cell: Cell{File: "f", Sheet: "s", Row: 2, Col: 1}}
	b := a
	b.Detail = Textf("%d", "%d", 1) // a different slice, the same message
	c := a
	c.Cell.Row = 1
	fs.Add(a)
	fs.Add(b)
	fs.Add(c)
	fs.Sort()
	if len(fs) != 2 || fs[0].Cell.Row != 1 {
		t.Errorf("%+v", fs)
	}
	if fs[0].Summary.In(VI) != "x" || SummaryOf("not-a-number").In(EN) != "Not a number" {
		t.Errorf("summaries: %v", fs[0].Summary)
	}
}
