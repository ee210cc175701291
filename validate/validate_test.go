package validate

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"chitieu/finding"
	"chitieu/outfile"
	"chitieu/schema"
	"chitieu/xlsx"
)

type want struct {
	code string
	sev  finding.Severity
	cell string // "E18"; "" for a finding about the file or the sheet
}

func hasFinding(t *testing.T, f *File, w want) {
	t.Helper()
	for _, x := range f.Findings {
		if x.Code != w.code {
			continue
		}
		cell := ""
		if x.Cell.Row > 0 {
			cell = xlsx.Cell(x.Cell.Row, x.Cell.Col)
		}
		if x.Severity != w.sev || cell != w.cell || x.Cell.File != f.Path {
			t.Errorf("%s at %q (%v), want %q (%v): %s", x.Code, cell, x.Severity, w.cell, w.sev, x.Detail.In(finding.VI))
		}
		if x.Detail.In(finding.VI) == "" || x.Detail.In(finding.EN) == "" {
			t.Errorf("%s: a message is missing: %+v", x.Code, x.Detail)
		}
		return
	}
	t.Errorf("no %s finding; got:\n%s", w.code, dump(f))
}

func dump(f *File) string {
	var b strings.Builder
	for _, x := range f.Findings {
		b.WriteString("  " + x.Where() + ": " + x.Code + ": " + x.Detail.In(finding.VI) + "\n")
	}
	return b.String()
}

func TestValidSubmission(t *testing.T) {
	p := defaultPlan(t)
	dir := t.TempDir()
	for _, c := range [][3]string{{"01/CT-TK", "CTK", "2024-02"}, {"02/CT-DT", "BQLKKT", "2024-Q1"}, {"03/CT-H", "380", "2024"}, {"04/CT-TK", "CTK", "2024"},
		{"03/CT-X", "14797", "2026"}, {"05/CT-TMDT", "SCT", "2026-6M"}} {
		f := check(t, p, newForm(t, p, c[0], c[1], c[2]).fillValid().save(dir, strings.ReplaceAll(c[0], "/", "-")+".xlsx"), nil)
		if len(f.Findings) != 0 || !f.Valid() {
			t.Errorf("%s: a correctly filled form has findings:\n%s", c[0], dump(f))
		}
	}
}

// TestCellFindings types what departments type and checks each finding's code, cell and
// severity, and the value read when there is one.
func TestCellFindings(t *testing.T) {
	p := defaultPlan(t)
	tests := []struct {
		name  string
		fill  func(f *form)
		want  want
		value string // the value read for SL_DIEN/LK (or IIP/TH), "" to skip
	}{
		{"text number with comma", func(f *form) { f.text("SL_DIEN", "LK", "744,5") }, want{"text-number", finding.Warning, "F18"}, "744.5"},
		{"text number with groups", func(f *form) { f.text("SL_DIEN", "LK", "1.234,5") }, want{"text-number", finding.Warning, "F18"}, "1234.5"},
		{"ambiguous fifteen thousand", func(f *form) { f.text("SL_DIEN", "LK", "15.000") }, want{"ambiguous-number", finding.Error, "F18"}, ""},
		{"ambiguous 13.370", func(f *form) { f.text("SL_DIEN", "LK", "13.370") }, want{"ambiguous-number", finding.Error, "F18"}, ""},
		{"not a number", func(f *form) { f.text("SL_DIEN", "LK", "abc") }, want{"not-a-number", finding.Error, "F18"}, ""},
		{"unit typed in", func(f *form) { f.text("SL_DIEN", "LK", "744 triệu kWh") }, want{"not-a-number", finding.Error, "F18"}, ""},
		{"percent in a tỷ đồng cell", func(f *form) { f.text("SL_DIEN", "LK", "16,4%") }, want{"not-a-number", finding.Error, "F18"}, ""},
		{"percent scaled", func(f *form) {
			f.num("IIP", "TH", "0.164")
			r, c := f.pos("IIP", "TH")
			f.sheet.Format(r, c, "0.0%")
		}, want{"percent-scaled", finding.Warning, "E14"}, "16.4"},
		{"required empty", func(f *form) { f.text("SL_DIEN", "LK", "") }, want{"required", finding.Error, "F18"}, ""},
		{"spaces only", func(f *form) { f.text("SL_DIEN", "LK", "   ") }, want{"required", finding.Error, "F18"}, ""},
		{"not integer", func(f *form) { f.num("SP_TANG", "LK", "14.5") }, want{"not-integer", finding.Error, "F23"}, ""},
		{"below min", func(f *form) { f.num("SL_DIEN", "CK", "-5") }, want{"below-min", finding.Error, "G18"}, ""},
		{"above max", func(f *form) { f.num("IIP", "TH", "600") }, want{"above-max", finding.Error, "E14"}, ""},
		{"year to date below the month", func(f *form) { f.num("SL_DIEN", "LK", "50") }, want{"rule", finding.Error, "F18"}, "50"},
		{"stated comparison does not match", func(f *form) { r, c := f.pos("SL_DIEN", "SS"); f.sheet.PutNumber(r, c, "150") }, want{"rule", finding.Error, "H18"}, ""},
		{"outlier: tonnes for thousand tonnes", func(f *form) { f.num("SL_XIMANG", "LK", "1270000").num("SL_XIMANG", "TH", "635000") }, want{"outlier", finding.Warning, "F21"}, ""},
		{"note beside the table", func(f *form) { r, _ := f.pos("SL_DIEN", "LK"); f.sheet.Put(r, 11, "số ước tính") }, want{"extra-data", finding.Warning, "K18"}, "200"},
		{"value typed over x", func(f *form) { r, _ := f.pos("IIP", "CK"); f.sheet.Put(r, 7, "5") }, want{"extra-data", finding.Warning, "G14"}, ""},
		{"label changed", func(f *form) { r, _ := f.pos("SL_XANG", "TH"); f.sheet.Put(r, 2, "Thép") }, want{"label-changed", finding.Error, "B20"}, ""},
		{"unit of measure changed", func(f *form) { r, _ := f.pos("SL_XANG", "TH"); f.sheet.Put(r, 3, "tấn") }, want{"label-changed", finding.Error, "C20"}, ""},
		{"row deleted", func(f *form) { r, _ := f.pos("SL_XANG", "TH"); f.sheet.RemoveRow(r) }, want{"missing-row", finding.Error, ""}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid()
			tt.fill(f)
			got := check(t, p, f.save(t.TempDir(), "f.xlsx"), nil)
			hasFinding(t, got, tt.want)
			if tt.value != "" {
				key := schema.CellKey{Indicator: "SL_DIEN", Column: "LK"}
				if tt.want.code == "percent-scaled" {
					key = schema.CellKey{Indicator: "IIP", Column: "TH"}
				}
				if v := got.Checked.Values[key]; v.String() != tt.value {
					t.Errorf("value read %v = %q, want %s", key, v.String(), tt.value)
				}
			}
		})
	}
}

func TestFormulaCells(t *testing.T) {
	p := defaultPlan(t)
	dir := t.TempDir()
	// A formula typed by the user, saved with its result by Excel: the result is used.
	path := newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid().save(dir, "formula.xlsx")
	replaceCell(t, path, "F18", `<c r="F18" s="20"><f>E18*2</f><v>200</v></c>`)
	f := check(t, p, path, nil)
	if len(f.Findings) != 0 || f.Checked.Values[schema.CellKey{Indicator: "SL_DIEN", Column: "LK"}].String() != "200" {
		t.Errorf("formula with a cached result:\n%s", dump(f))
	}
	// A formula written by a program that does not calculate (openpyxl, excelize): no result.
	path = newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid().save(dir, "novalue.xlsx")
	replaceCell(t, path, "F18", `<c r="F18" s="20"><f>E18*2</f></c>`)
	hasFinding(t, check(t, p, path, nil), want{"formula-no-value", finding.Error, "F18"})
	// #DIV/0! and friends.
	path = newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid().save(dir, "error.xlsx")
	replaceCell(t, path, "F18", `<c r="F18" s="20" t="e"><f>E18/0</f><v>#DIV/0!</v></c>`)
	hasFinding(t, check(t, p, path, nil), want{"formula-error", finding.Error, "F18"})
}

func TestPartsRule(t *testing.T) {
	p := defaultPlan(t)
	f := newForm(t, p, "02/CT-DT", "SKHDT", "2024-Q1").fillValid().num("DA_FDI", "TH", "15")
	got := check(t, p, f.save(t.TempDir(), "f.xlsx"), nil)
	hasFinding(t, got, want{"rule", finding.Error, "D14"})
}

func TestRowsInsertedAboveAndInside(t *testing.T) {
	p := defaultPlan(t)
	f := newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid()
	f.sheet.InsertRows(4, 2)
	f.offset = 2
	f.num("SL_DIEN", "LK", "321")
	got := check(t, p, f.save(t.TempDir(), "f.xlsx"), nil)
	if len(got.Findings) != 0 || got.Checked.Values[schema.CellKey{Indicator: "SL_DIEN", Column: "LK"}].String() != "321" {
		t.Errorf("rows inserted above the table:\n%s", dump(got))
	}
	// A row inserted inside the table with a value typed in it is extra data.
	f = newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid()
	r, _ := f.pos("SL_XANG", "TH")
	f.sheet.InsertRows(r, 1)
	f.sheet.Put(r, 5, "12")
	got = check(t, p, f.save(t.TempDir(), "f.xlsx"), nil)
	hasFinding(t, got, want{"extra-data", finding.Warning, "E20"})
	if v := got.Checked.Values[schema.CellKey{Indicator: "SL_XANG", Column: "TH"}]; v.String() != "100" {
		t.Errorf("the row below the inserted one reads %s", v)
	}
}

func TestIdentity(t *testing.T) {
	p := defaultPlan(t)
	dir := t.TempDir()
	valid := func(name string) string {
		return newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid().save(dir, name)
	}
	// The identity sits in the very hidden sheet (shared strings) and in the custom properties.
	both := func(path, old, new string) {
		patchZip(t, path, func(name string, data []byte) []byte {
			if name == "xl/sharedStrings.xml" || name == "docProps/custom.xml" {
				return []byte(strings.ReplaceAll(string(data), ">"+old+"<", ">"+new+"<"))
			}
			return data
		})
	}
	path := valid("version.xlsx")
	both(path, "ff9b3e25f703f570", "0000000000000000")
	hasFinding(t, check(t, p, path, nil), want{"wrong-version", finding.Error, ""})

	// Each says what to do, not only what is wrong.
	says := func(f *File, code, what string) {
		t.Helper()
		for _, x := range f.Findings {
			if x.Code == code && !strings.Contains(x.Detail.In(finding.EN), what) {
				t.Errorf("%s: %q does not say %q", code, x.Detail.In(finding.EN), what)
			}
		}
	}
	path = valid("unit.xlsx")
	both(path, "CTK", "XYZ")
	got := check(t, p, path, nil)
	hasFinding(t, got, want{"unknown-unit", finding.Error, ""})
	says(got, "unknown-unit", "Use the form the office sent for your own unit")

	path = valid("form.xlsx")
	both(path, "01/CT-TK", "01/CT-TX")
	got = check(t, p, path, nil)
	hasFinding(t, got, want{"unknown-form", finding.Error, ""})
	says(got, "unknown-form", "Fill in the form the office sent for this period")

	path = valid("period.xlsx")
	feb, mar := mustPeriod("2024-02"), mustPeriod("2024-03")
	if f := check(t, p, path, &feb); len(f.Findings) != 0 {
		t.Errorf("the right period: %s", dump(f))
	}
	hasFinding(t, check(t, p, path, &mar), want{"wrong-period", finding.Error, ""})

	// The key row deleted: the table cannot be found, the identity can.
	f := newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid()
	f.sheet.RemoveRow(10)
	hasFinding(t, check(t, p, f.save(dir, "keys.xlsx"), nil), want{"missing-sheet", finding.Error, ""})

	// A workbook chitieu did not make.
	b := xlsx.NewBook()
	b.Sheet("Sheet1").Text(1, 1, "Báo cáo tự lập", xlsx.Style{})
	other := filepath.Join(dir, "other.xlsx")
	if err := outfile.Write(context.Background(), other, func(w io.Writer) error { return b.Save(w, time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)) }); err != nil {
		t.Fatal(err)
	}
	hasFinding(t, check(t, p, other, nil), want{"unknown-form", finding.Error, ""})
}

func mustPeriod(s string) schema.Period {
	p, err := schema.ParsePeriod(s)
	if err != nil {
		panic(err)
	}
	return p
}

func TestDuplicates(t *testing.T) {
	p := defaultPlan(t)
	dir := t.TempDir()
	a := newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid().save(dir, "a.xlsx")
	data, _ := os.ReadFile(a)
	os.WriteFile(filepath.Join(dir, "a (1).xlsx"), data, 0o644)
	rep, err := Run(context.Background(), Options{Plan: p}, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Files {
		hasFinding(t, f, want{"duplicate-submission", finding.Warning, ""})
	}
	newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid().num("SL_DIEN", "LK", "250").save(dir, "b.xlsx")
	rep, _ = Run(context.Background(), Options{Plan: p}, []string{dir})
	for _, f := range rep.Files {
		hasFinding(t, f, want{"duplicate-submission", finding.Error, ""})
		for _, x := range f.Findings {
			if x.Code == "duplicate-submission" && strings.Count(x.Detail.In(finding.VI), dir) != 2 {
				t.Errorf("%s: the message names %d other files: %s", f.Path, strings.Count(x.Detail.In(finding.VI), dir), x.Detail.In(finding.VI))
			}
		}
	}
}

// TestExtraNumberInReadersLanguage: a number typed outside the input cells is quoted in the
// reader's language — 2,472.35 in English, 2.472,35 in Vietnamese — and text as it was typed.
func TestExtraNumberInReadersLanguage(t *testing.T) {
	p := defaultPlan(t)
	f := newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid()
	r, _ := f.pos("SL_DIEN", "LK")
	f.sheet.PutNumber(r, 11, "2472.35")
	f.sheet.Put(r+1, 11, "1.234,5 tấn")
	got := check(t, p, f.save(t.TempDir(), "f.xlsx"), nil)
	var en, vi []string
	for _, x := range got.Findings {
		if x.Code == "extra-data" {
			en, vi = append(en, x.Detail.In(finding.EN)), append(vi, x.Detail.In(finding.VI))
		}
	}
	if len(en) != 2 || !strings.Contains(en[0], "holds 2,472.35;") || !strings.Contains(vi[0], "có nội dung 2.472,35;") ||
		!strings.Contains(en[1], `holds "1.234,5 tấn";`) {
		t.Errorf("extra data:\n%s\n%s", strings.Join(en, "\n"), strings.Join(vi, "\n"))
	}
}

// TestNotesBelowTable: text written below the table counts only where the signature block is —
// its first two and last three columns, two to ten rows down — and not as a note there ("Ghi chú:
// …"); a note right under the table, in the signature's columns but below it, or in its place
// but written as a note, is extra data, never dropped in silence. A signer's name is not.
func TestNotesBelowTable(t *testing.T) {
	p := defaultPlan(t)
	for _, c := range []struct {
		what      string
		down, col int
		text      string
		extra     bool
	}{
		{"a note right under the table", 1, 2, "Ghi chú: xã chưa có chợ đầu mối", true},
		{"a note in the signature block", 6, 2, "Ghi chú: xã chưa có chợ đầu mối", true},
		{"a note written as lưu ý", 6, 1, "Lưu ý số liệu sơ bộ", true},
		{"text below the signature block", 12, 1, "xã chưa có chợ đầu mối", true},
		{"the signer's name", 6, 1, "Nguyễn Văn An", false},
		{"a signer named like a note's first words", 7, 1, "Lưu Ý Nhi", false},
		{"a signer named Chu", 7, 2, "Chu Yến", false},
		{"the place and date", 2, 2, "Thanh Hóa, ngày 5 tháng 3 năm 2024", false},
	} {
		f := newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid()
		row := f.l.LastRow() + c.down
		f.sheet.Put(row, c.col, c.text)
		got := check(t, p, f.save(t.TempDir(), "f.xlsx"), nil)
		found := false
		for _, x := range got.Findings {
			found = found || x.Code == "extra-data"
		}
		if found != c.extra {
			t.Errorf("%s (row %d, column %d): extra-data %v, want %v\n%s", c.what, row, c.col, found, c.extra, dump(got))
		}
	}
}
