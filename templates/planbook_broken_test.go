package templates

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/finding"
	"chitieu/schema"
	"chitieu/seeds"
	"chitieu/xlsx"
)

// TestPlanBookBroken breaks a plan workbook the ways an official can, each one alone, and checks
// that reading it gives the finding at the sheet and cell of the damage.
func TestPlanBookBroken(t *testing.T) {
	p, _, err := seeds.Load(seeds.Default)
	if err != nil {
		t.Fatal(err)
	}
	clean := writeBook(t, p, t.TempDir())
	firstUnit := p.Units[0].Code
	cases := []struct {
		name        string
		edit        func(b *xlsx.Book)
		code, sheet string
		row, col    int
		says        string
	}{
		{"wrong code", func(b *xlsx.Book) { b.Existing(schema.BookTargets).Put(2, 2, p.Targets[0].Indicator+"X") },
			"unknown-indicator", schema.BookTargets, 2, 2, "Did you mean"},
		{"missing source", func(b *xlsx.Book) { b.Existing(schema.BookTargets).Put(2, 15, "") },
			"target-without-source", schema.BookTargets, 2, 15, "no source"},
		{"text in a number column", func(b *xlsx.Book) { b.Existing(schema.BookTargets).Put(2, 7, "16,4%/năm") },
			"not-a-number", schema.BookTargets, 2, 7, "type 16,4"},
		{"ambiguous number", func(b *xlsx.Book) { b.Existing(schema.BookTargets).Put(2, 7, "15.000") },
			"ambiguous-number", schema.BookTargets, 2, 7, "reads two ways"},
		{"duplicate unit", func(b *xlsx.Book) {
			s := b.Existing(schema.BookUnits)
			s.Put(len(p.Units)+2, 1, firstUnit)
			s.Put(len(p.Units)+2, 2, "Bản sao")
			s.Put(len(p.Units)+2, 4, "department")
		}, "duplicate-code", schema.BookUnits, len(p.Units) + 2, 1, firstUnit},
		{"deleted header", func(b *xlsx.Book) { b.Existing(schema.BookTargets).Put(1, 7, "") },
			"missing-column", schema.BookTargets, 1, 7, "no header"},
		{"extra sheet", func(b *xlsx.Book) { b.Sheet(schema.BookTargets+" (2)").Put(1, 1, "id") },
			"unknown-sheet", schema.BookTargets + " (2)", 0, 0, `Did you mean sheet "Mục tiêu"`},
		{"merged cells", func(b *xlsx.Book) { b.Existing(schema.BookUnits).Merge(2, 2, 2, 3) },
			"merged-cells", schema.BookUnits, 2, 2, "B2:C2"},
		{"formula", func(b *xlsx.Book) { b.Existing(schema.BookIndicators).PutFormula(2, 6, "1+1") },
			"formula", schema.BookIndicators, 2, 6, "=1+1"},
		{"empty required cell", func(b *xlsx.Book) { b.Existing(schema.BookUnits).Put(2, 2, "") },
			"missing-field", schema.BookUnits, 2, 2, `"name"`},
		{"unknown sheet", func(b *xlsx.Book) { b.Sheet("Sheet1").Put(3, 2, "ghi chép") },
			"unknown-sheet", "Sheet1", 0, 0, "not part of a plan workbook"},
		{"unknown header", func(b *xlsx.Book) { b.Existing(schema.BookUnits).Put(1, 4, "kimd") },
			"unknown-column", schema.BookUnits, 1, 4, `Did you mean "kind"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, err := xlsx.OpenBook(clean, xlsx.DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			c.edit(b)
			path := filepath.Join(t.TempDir(), "ke-hoach.xlsx")
			f, err := os.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := b.Save(f, bookStamp); err != nil {
				t.Fatal(err)
			}
			f.Close()
			b.Close()
			_, fs := readBook(t, path)
			errs := errorsOf(fs)
			if c.name == "unknown header" && len(errs) == 2 && errs[1].Code == "missing-column" {
				errs = errs[:1] // the column the header named is missing too, said once for the sheet
			}
			if len(errs) != 1 {
				t.Fatalf("want one error, got %d: %v", len(errs), errs)
			}
			got := errs[0]
			want := finding.Cell{File: "ke-hoach.xlsx", Sheet: c.sheet, Row: c.row, Col: c.col}
			if got.Code != c.code || got.Cell != want || !strings.Contains(got.Detail.In(finding.EN), c.says) {
				t.Errorf("got %s at %+v: %s\nwant %s at %+v saying %q", got.Code, got.Cell, got.Detail.In(finding.EN), c.code, want, c.says)
			}
		})
	}
}
