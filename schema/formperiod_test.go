package schema

import (
	"reflect"
	"testing"
)

func TestForPeriod(t *testing.T) {
	f := &Form{ID: "01/X", Version: "1", Title: "X", Frequency: []Frequency{Monthly, Quarterly, HalfYearly, NineMonths, Yearly},
		Columns: []Column{
			{Code: "KH", Basis: BasisPlan},
			{Code: "TH", Basis: BasisPeriod, Required: true},
			{Code: "LK", Basis: BasisYTD, Required: true},
			{Code: "CK", Basis: BasisPrior},
			{Code: "SS", Basis: BasisDerived, Formula: "LK / CK * 100"},
			{Code: "GC", Basis: BasisNote},
		},
		Rows: []Row{
			{Heading: "I. A"},
			{Indicator: "A"},
			{Indicator: "B", Columns: []string{"TH", "LK", "GC"}},
			{Indicator: "C", Columns: []string{"LK", "GC"}},
		},
		Rules: []Rule{
			{Kind: RuleCompare, Left: "LK", Op: ">=", Right: "TH"},
			{Kind: RuleCompare, Left: "LK", Op: "<=", Right: "KH"},
			{Kind: RuleParts, Total: "A", Parts: []string{"B"}, Columns: []string{"TH", "LK"}},
		},
	}
	orig := *f
	tests := []struct {
		period string
		same   bool // the form itself, unchanged
	}{
		{"2024-03", true}, {"2024-01", true}, {"2024-Q1", true}, {"2024-Q3", true},
		{"2024-6M", false}, {"2024-9M", false}, {"2024", false},
	}
	for _, tt := range tests {
		t.Run(tt.period, func(t *testing.T) {
			p, _ := ParsePeriod(tt.period)
			g := f.ForPeriod(p)
			if tt.same {
				if g != f {
					t.Errorf("ForPeriod(%s) changed the form", tt.period)
				}
				return
			}
			var codes []string
			for _, c := range g.Columns {
				codes = append(codes, c.Code)
			}
			if want := []string{"KH", "TH", "CK", "SS", "GC"}; !reflect.DeepEqual(codes, want) {
				t.Errorf("columns %v, want %v", codes, want)
			}
			if got := g.Column("SS").Formula; got != "TH/CK*100" {
				t.Errorf("SS formula %q, want TH/CK*100", got)
			}
			if got := g.Row("B").Columns; !reflect.DeepEqual(got, []string{"TH", "GC"}) {
				t.Errorf("row B columns %v", got)
			}
			if got := g.Row("C").Columns; !reflect.DeepEqual(got, []string{"TH", "GC"}) {
				t.Errorf("row C columns %v: the year-to-date cell becomes the period's", got)
			}
			if g.Row("A").Columns != nil {
				t.Errorf("row A (all columns) now limited to %v", g.Row("A").Columns)
			}
			want := []Rule{
				{Kind: RuleCompare, Left: "TH", Op: "<=", Right: "KH"},
				{Kind: RuleParts, Total: "A", Parts: []string{"B"}, Columns: []string{"TH"}},
			}
			if !reflect.DeepEqual(g.Rules, want) {
				t.Errorf("rules %+v, want %+v (TH >= TH dropped)", g.Rules, want)
			}
			if !reflect.DeepEqual(*f, orig) {
				t.Error("ForPeriod changed the plan's form")
			}
		})
	}

	// A form without a year-to-date column, or without a period column, is the same every period.
	for _, cols := range [][]Column{
		{{Code: "TH", Basis: BasisPeriod}, {Code: "CK", Basis: BasisPrior}},
		{{Code: "LK", Basis: BasisYTD}, {Code: "CK", Basis: BasisPrior}},
	} {
		g := &Form{ID: "02/X", Columns: cols, Rows: []Row{{Indicator: "A"}}}
		if g.ForPeriod(Period{Year: 2024, Freq: Yearly}) != g {
			t.Errorf("form with columns %+v changed for a year", cols)
		}
	}
}

// TestNoteOn: a row's note belongs to the columns it names; a line naming none, to the row.
func TestNoteOn(t *testing.T) {
	kh := &Column{Code: "KH", Name: "Kế hoạch năm"}
	th := &Column{Code: "TH", Name: "Thực hiện kỳ báo cáo"}
	note := ColumnNote([]string{"Kế hoạch năm"}, "Số liệu minh họa (văn bản nguồn không có số này)") + "\n" +
		ColumnNote([]string{"Thực hiện kỳ báo cáo"}, "Số năm 2023 là ước tính; văn bản nguồn ghi “trên 8%”") + "\nĐã đối chiếu với Cục Thống kê"
	for _, tt := range []struct {
		c    *Column
		want string
	}{
		{kh, "Số liệu minh họa (văn bản nguồn không có số này)\nĐã đối chiếu với Cục Thống kê"},
		{th, "Số năm 2023 là ước tính; văn bản nguồn ghi “trên 8%”\nĐã đối chiếu với Cục Thống kê"},
	} {
		if got := NoteOn(note, tt.c); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.c.Code, got, tt.want)
		}
	}
	if got := NoteOn("Cột TH, KH: ước tính", kh); got != "ước tính" {
		t.Errorf("by code: %q", got)
	}
	if got := NoteOn("Số liệu minh họa", th); got != "Số liệu minh họa" {
		t.Errorf("a note naming no column: %q", got)
	}
}
