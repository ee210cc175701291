package xlsx

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"path/filepath"
	"testing"
)

type nopCloser struct{}

func (nopCloser) Close() error { return nil }

// FuzzReadSheet feeds arbitrary sheet and shared-strings XML to the reader, in an otherwise
// sound workbook. Nothing may panic or hang; a sheet is either read within the limits or refused
// with an error; and every cell of the grid reads back the same through Cell.
// Seeds: the sheets and shared strings of the files LibreOffice, openpyxl and excelize saved.
func FuzzReadSheet(f *testing.F) {
	files, _ := filepath.Glob("testdata/office/*.xlsx")
	seeds, _ := filepath.Glob("../validate/testdata/seed/*.xlsx")
	for _, path := range append(files, seeds...) {
		zr, err := zip.OpenReader(path)
		if err != nil {
			f.Fatal(err)
		}
		parts := map[string][]byte{}
		for _, zf := range zr.File {
			r, _ := zf.Open()
			parts[zf.Name], _ = io.ReadAll(r)
			r.Close()
		}
		zr.Close()
		f.Add(parts["xl/worksheets/sheet1.xml"], parts["xl/sharedStrings.xml"])
	}
	f.Add([]byte(`<worksheet><sheetData><row><c t="s"><v>0</v></c><c><f t="shared" si="0" ref="B1:B2">A1</f></c></row><row><c/><c><f t="shared" si="0"/></c></row></sheetData></worksheet>`), []byte(`<sst><si><t>a_x000D_</t></si></sst>`))
	// Go minimizes each new interesting input before fuzzing on, for up to 60 s by default; a
	// workbook of some kilobytes (O(n²) candidates at about a millisecond each) always takes all
	// of it, and the fuzzer shows "execs: N (0/sec)" for minutes. Bound minimizing by count
	// unless -fuzzminimizetime was given.
	given := false
	flag.Visit(func(fl *flag.Flag) { given = given || fl.Name == "test.fuzzminimizetime" })
	if !given {
		flag.Set("test.fuzzminimizetime", "200x")
	}
	lim := Limits{Rows: 200, Cols: 50}
	f.Fuzz(func(t *testing.T, sheet, strs []byte) {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for name, data := range map[string]string{
			"xl/workbook.xml": `<workbook xmlns:r="r"><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>`,
			"xl/_rels/workbook.xml.rels": `<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/>` +
				`<Relationship Id="rId2" Type="x/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
			"xl/worksheets/sheet1.xml": string(sheet),
			"xl/sharedStrings.xml":     string(strs),
		} {
			w, _ := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
			w.Write([]byte(data))
		}
		zw.Close()
		zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		wb, err := newWorkbook(context.Background(), nopCloser{}, zr, lim)
		if err != nil {
			t.Fatal(err)
		}
		grid, err := wb.Grid("S")
		var oe *OpenError
		if errors.As(err, &oe) && oe.Problem != TooLarge {
			t.Fatalf("open error %v from a sheet", oe)
		}
		if err != nil {
			return
		}
		if len(grid) > lim.Rows {
			t.Fatalf("%d rows read, limit %d", len(grid), lim.Rows)
		}
		for r, row := range grid {
			if len(row) > lim.Cols {
				t.Fatalf("row %d: %d cells read, limit %d", r+1, len(row), lim.Cols)
			}
			for c, text := range row {
				v, err := wb.Cell("S", r+1, c+1)
				if err != nil {
					t.Fatalf("%s: %v", Cell(r+1, c+1), err)
				}
				if v.Raw != text {
					t.Fatalf("%s: Cell gives %q, Grid %q", Cell(r+1, c+1), v.Raw, text)
				}
				if v.Kind == Number && v.Digits == "" {
					t.Fatalf("%s: a number without digits: %+v", Cell(r+1, c+1), v)
				}
			}
		}
	})
}
