package xlsx_test

import (
	"archive/zip"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"chitieu/xlsx"
)

// Hostile packages (issue 14): every one is read within bounds, gives the value a viewer shows,
// or is refused with an *OpenError saying why.

// writeEntries writes zip entries in the order given, duplicates allowed.
func writeEntries(t *testing.T, path string, entries [][2]string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, e := range entries {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e[0], Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(e[1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

func entriesOf(parts map[string]string) [][2]string {
	var out [][2]string
	for name, data := range parts {
		out = append(out, [2]string{name, data})
	}
	return out
}

func openErr(t *testing.T, err error, problem xlsx.Problem, detail string) {
	t.Helper()
	var oe *xlsx.OpenError
	if !errors.As(err, &oe) || oe.Problem != problem || oe.Detail != detail {
		t.Errorf("got %v, want an OpenError %d (%s)", err, problem, detail)
	}
}

// TestCaseTwins: two entries naming one part, which viewers and readers resolve differently,
// are refused: a sheet1.xml beside a Sheet1.xml, the same name twice, a backslash spelling.
func TestCaseTwins(t *testing.T) {
	dir := t.TempDir()
	for name, twin := range map[string]string{
		"case":      "xl/worksheets/Sheet1.xml",
		"same":      "xl/worksheets/sheet1.xml",
		"slash":     "/xl/worksheets/sheet1.xml",
		"backslash": `xl\worksheets\sheet1.xml`,
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name+".xlsx")
			entries := entriesOf(handmade(sheet1, sheet2))
			entries = append(entries, [2]string{twin, `<worksheet ` + ns + `><sheetData><row r="1"><c r="B1"><v>20</v></c></row></sheetData></worksheet>`})
			writeEntries(t, path, entries)
			_, err := xlsx.Open(path, xlsx.DefaultLimits)
			openErr(t, err, xlsx.NotWorkbook, xlsx.DetailTwins)
		})
	}
}

// TestPartsByRelationships: the workbook is where _rels/.rels says, its sheets where its
// relationships say, matched case-insensitively; a part stored under an absolute name is found.
func TestPartsByRelationships(t *testing.T) {
	parts := handmade(sheet1, sheet2)
	parts["_rels/.rels"] = strings.Replace(parts["_rels/.rels"], `Target="xl/workbook.xml"`, `Target="XL/Book.XML"`, 1)
	parts["xl/book.xml"] = parts["xl/workbook.xml"]
	delete(parts, "xl/workbook.xml")
	parts["xl/_rels/book.xml.rels"] = strings.Replace(parts["xl/_rels/workbook.xml.rels"], `Target="worksheets/data2.xml"`, `Target="Worksheets/DATA2.xml"`, 1)
	delete(parts, "xl/_rels/workbook.xml.rels")
	parts["/xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"]
	delete(parts, "xl/worksheets/sheet1.xml")
	path := filepath.Join(t.TempDir(), "rels.xlsx")
	writeZip(t, path, parts)
	wb, err := xlsx.Open(path, xlsx.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	if v, err := wb.Cell("Khác", 1, 2); err != nil || v.Raw != "42" {
		t.Errorf("Khác!B1: %+v %v", v, err)
	}
	if v, err := wb.Cell("Biểu & số", 2, 1); err != nil || v.Digits != "570.31" {
		t.Errorf("Biểu & số!A2: %+v %v", v, err)
	}
}

// TestPartLimits: every part has a size and a count limit, not only the sheets.
func TestPartLimits(t *testing.T) {
	dir := t.TempDir()
	styled := `<worksheet ` + ns + `><sheetData><row r="1"><c r="A1" s="1"><v>1</v></c></row></sheetData></worksheet>`
	cases := []struct {
		name, part, marker, fill string
		n                        int
		detail                   string
	}{
		{"cell formats", "xl/styles.xml", "</cellXfs>", "<xf/>", 70_000, xlsx.DetailStyles},
		{"number formats", "xl/styles.xml", "</numFmts>", `<numFmt numFmtId="%d" formatCode="0.0"/>`, 70_000, xlsx.DetailStyles},
		{"styles part", "xl/styles.xml", "</cellStyleXfs>", "<xf/><!-- a comment to make the part large -->", 500_000, xlsx.DetailPart},
		{"sheets", "xl/workbook.xml", "</sheets>", `<sheet name="S%d" sheetId="9" r:id="rId2"/>`, xlsx.MaxSheets, xlsx.DetailSheets},
		{"relationships", "xl/_rels/workbook.xml.rels", "</Relationships>", `<Relationship Id="x%d" Type="t/worksheet" Target="worksheets/data2.xml"/>`, xlsx.MaxEntries, xlsx.DetailEntries},
		{"custom properties", "docProps/custom.xml", "</Properties>", `<property name="p%d"><vt:lpwstr>x</vt:lpwstr></property>`, 100_000, xlsx.DetailPart},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			parts := handmade(styled, sheet2)
			parts["docProps/custom.xml"] = `<Properties xmlns:vt="v"></Properties>`
			var b strings.Builder
			for i := range c.n {
				if strings.Contains(c.fill, "%d") {
					fmt.Fprintf(&b, c.fill, i)
				} else {
					b.WriteString(c.fill)
				}
			}
			parts[c.part] = strings.Replace(parts[c.part], c.marker, b.String()+c.marker, 1)
			path := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-")+".xlsx")
			writeZip(t, path, parts)
			wb, err := xlsx.Open(path, xlsx.DefaultLimits)
			if err == nil {
				defer wb.Close()
				_, err = wb.Cell("Biểu & số", 1, 1)
				if err == nil && c.part == "docProps/custom.xml" {
					if props := wb.Properties(); len(props) > 0 {
						err = fmt.Errorf("%d properties read", len(props))
					} else {
						err = &xlsx.OpenError{Problem: xlsx.TooLarge, Detail: xlsx.DetailPart}
					}
				}
			}
			openErr(t, err, xlsx.TooLarge, c.detail)
		})
	}
}

// TestPartReadOnce: however many sheets name one part, finding the form's sheet reads it once.
func TestPartReadOnce(t *testing.T) {
	parts := handmade(sheet1, sheet2)
	var b strings.Builder
	for i := range 300 {
		fmt.Fprintf(&b, `<sheet name="E%d" sheetId="%d" r:id="rId2"/>`, i, 10+i)
	}
	parts["xl/workbook.xml"] = strings.Replace(parts["xl/workbook.xml"], "<sheets>", "<sheets>"+b.String(), 1)
	path := filepath.Join(t.TempDir(), "300.xlsx")
	writeZip(t, path, parts)
	wb, err := xlsx.Open(path, xlsx.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	sheet, row, col, err := wb.Find("nội dung")
	if err != nil || sheet != "Biểu & số" || row != 3 || col != 1 {
		t.Errorf("Find: %q %d %d %v", sheet, row, col, err)
	}
	if n := xlsx.PartReads(wb)["xl/worksheets/data2.xml"]; n != 1 {
		t.Errorf("the part 300 sheets name was read %d times", n)
	}
}

// TestNumberGrammar: a number cell's <v> is a number only in the XML Schema double's grammar;
// Go's wider one (hexadecimal, underscores, Inf, NaN) gives no figure a viewer does not show.
func TestNumberGrammar(t *testing.T) {
	valid := map[string]string{"16": "16", " 16 ": "16", "+1.5E3": "1500", ".5": "0.5", "5.": "5", "-0": "0", "1e-7": "0.0000001"}
	invalid := []string{"0x1p4", "0X10", "1_000", "Inf", "+INF", "NaN", "1,5", "1e", "e5", "--1", "1.2.3", "1e400", "٣"}
	var cells strings.Builder
	col := 1
	for raw := range valid {
		fmt.Fprintf(&cells, `<c r="%s"><v>%s</v></c>`, xlsx.Cell(1, col), raw)
		col++
	}
	for _, raw := range invalid {
		fmt.Fprintf(&cells, `<c r="%s"><v>%s</v></c>`, xlsx.Cell(1, col), raw)
		col++
	}
	cells.WriteString(`<c r="` + xlsx.Cell(1, col) + `" t="b"><v>2</v></c>`)
	path := filepath.Join(t.TempDir(), "numbers.xlsx")
	writeZip(t, path, handmade(`<worksheet `+ns+`><sheetData><row r="1">`+cells.String()+`</row></sheetData></worksheet>`, sheet2))
	wb, err := xlsx.Open(path, xlsx.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	for c := 1; c <= col; c++ {
		v, err := wb.Cell("Biểu & số", 1, c)
		if err != nil {
			t.Fatal(err)
		}
		if digits, ok := valid[v.Raw]; ok {
			if v.Kind != xlsx.Number || v.Digits != digits {
				t.Errorf("%q: %+v, want the number %s", v.Raw, v, digits)
			}
		} else if v.Kind != xlsx.Invalid {
			t.Errorf("%q: %+v, want Invalid", v.Raw, v)
		}
	}
}

// TestDates: a number formatted as a date or a time is a date, told apart from the formats of
// figures; its serial number reads as the day a spreadsheet shows.
func TestDates(t *testing.T) {
	for f, want := range map[string]bool{
		"mm-dd-yy": true, "dd/mm/yyyy": true, "h:mm": true, "[h]:mm:ss": true, `[$-42A]d mmmm yyyy`: true, "yyyy-mm-dd;@": true,
		"": false, "General": false, "0.0%": false, "#,##0.00": false, `#,##0 "đ"`: false, `0.0 "ngày"`: false, "[Red]#,##0": false,
		"0.00E+00": false, `#,##0\d`: false, `#,##0;[Red]-#,##0`: false, "@": false, `[$-42A]#,##0`: false,
	} {
		if got := (xlsx.Value{Kind: xlsx.Number, Raw: "45366", Digits: "45366", NumFmt: f}).Date(); got != want {
			t.Errorf("Date() of %q = %v", f, got)
		}
	}
	for digits, want := range map[string]string{"45366": "2024-03-15 00:00", "45366.5": "2024-03-15 12:00", "0.5": "1899-12-31 12:00", "1": "1900-01-01 00:00", "61": "1900-03-01 00:00"} {
		tm, ok := (xlsx.Value{Kind: xlsx.Number, Digits: digits, NumFmt: "dd/mm/yyyy"}).Time()
		if got := tm.Format("2006-01-02 15:04"); !ok || got != want {
			t.Errorf("Time() of %s = %s, want %s", digits, got, want)
		}
	}
}

// TestTimeBudget: reading stops once the time budget is spent.
func TestTimeBudget(t *testing.T) {
	var rows strings.Builder
	for r := 1; r <= 20000; r++ {
		fmt.Fprintf(&rows, `<row r="%d"><c r="A%d"><v>1</v></c></row>`, r, r)
	}
	path := filepath.Join(t.TempDir(), "slow.xlsx")
	writeZip(t, path, handmade(`<worksheet `+ns+`><sheetData>`+rows.String()+`</sheetData></worksheet>`, sheet2))
	lim := xlsx.DefaultLimits
	lim.Rows, lim.Time = 0, time.Nanosecond
	wb, err := xlsx.Open(path, lim)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	_, err = wb.Grid("Biểu & số")
	openErr(t, err, xlsx.TooLarge, xlsx.DetailTime)
}

// TestWalk: walking a sheet visits what Grid holds, keeping nothing.
func TestWalk(t *testing.T) {
	path := filepath.Join(t.TempDir(), "handmade.xlsx")
	writeZip(t, path, handmade(sheet1, sheet2))
	wb, err := xlsx.Open(path, xlsx.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	n := 0
	err = wb.Walk("Biểu & số", func(row, col int, v xlsx.Value) error {
		n++
		want, err := wb.Cell("Biểu & số", row, col)
		if err != nil || want != v {
			t.Errorf("%s: Walk %+v, Cell %+v %v", xlsx.Cell(row, col), v, want, err)
		}
		return nil
	})
	if err != nil || n != 40 {
		t.Errorf("walked %d cells: %v", n, err)
	}
}
