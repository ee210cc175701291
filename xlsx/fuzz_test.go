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

// FuzzReadPackage feeds arbitrary styles, workbook and relationships parts to the reader, around
// a sound sheet: nothing may panic or hang, the limits hold (sheets, formats), and a sheet is
// either read or refused with an error, Walk visiting what Grid holds.
// Seeds: the parts of the files LibreOffice, openpyxl and excelize saved, and hand-made ones
// (prefixed namespaces, absolute and upper-case targets, strict namespaces, no relationships).
func FuzzReadPackage(f *testing.F) {
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
			parts[partName(zf.Name)], _ = io.ReadAll(r)
			r.Close()
		}
		zr.Close()
		f.Add(parts["xl/styles.xml"], parts["xl/workbook.xml"], parts["xl/_rels/workbook.xml.rels"])
	}
	f.Add([]byte(`<x:styleSheet xmlns:x="m"><x:numFmts><x:numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></x:numFmts><x:cellXfs><x:xf numFmtId="164"/><x:xf numFmtId="14"/></x:cellXfs></x:styleSheet>`),
		[]byte(`<workbook xmlns:r="r"><workbookPr date1904="1"/><sheets><sheet name="S" r:id="rId1"/><sheet name="S" r:id="rId1"/><sheet name="T" r:id="rId9"/></sheets></workbook>`),
		[]byte(`<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="/XL/Worksheets/Sheet1.xml"/><Relationship Id="rId2" Type="x/styles" Target="../xl/./styles.xml"/></Relationships>`))
	f.Add([]byte(`<styleSheet><cellXfs count="99999999"><xf numFmtId="-1" applyNumberFormat="x"/></cellXfs><dxfs><dxf><numFmt numFmtId="0" formatCode="@"/></dxf></dxfs></styleSheet>`),
		[]byte(`<?xml version="1.0" encoding="windows-1258"?><workbook xmlns:rr="http://purl.oclc.org/ooxml/officeDocument/relationships"><sheets><sheet name="S" rr:id="rId1"/></sheets></workbook>`),
		[]byte(`<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml" TargetMode="External"/><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>`))
	given := false
	flag.Visit(func(fl *flag.Flag) { given = given || fl.Name == "test.fuzzminimizetime" })
	if !given {
		flag.Set("test.fuzzminimizetime", "200x")
	}
	lim := Limits{Rows: 200, Cols: 50, SheetXML: 1 << 20}
	sheet := `<worksheet><sheetData><row r="1"><c r="A1" s="1"><v>45366</v></c><c r="B1" t="s"><v>0</v></c><c r="C1" s="2"><v>0x1p4</v></c></row></sheetData></worksheet>`
	f.Fuzz(func(t *testing.T, styles, book, rels []byte) {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for name, data := range map[string][]byte{
			"xl/workbook.xml":            book,
			"xl/_rels/workbook.xml.rels": rels,
			"xl/styles.xml":              styles,
			"xl/worksheets/sheet1.xml":   []byte(sheet),
			"xl/sharedStrings.xml":       []byte(`<sst><si><t>x</t></si></sst>`),
		} {
			w, _ := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
			w.Write(data)
		}
		zw.Close()
		zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		wb, err := newWorkbook(context.Background(), nopCloser{}, zr, lim)
		if err != nil {
			var oe *OpenError
			if !errors.As(err, &oe) {
				t.Fatalf("not an OpenError: %v", err)
			}
			return
		}
		if len(wb.Sheets()) > MaxSheets {
			t.Fatalf("%d sheets", len(wb.Sheets()))
		}
		if fmts, err := wb.numFmts(); err == nil && len(fmts) > maxCellFormats {
			t.Fatalf("%d cell formats", len(fmts))
		}
		for _, name := range wb.Sheets() {
			grid, err := wb.Grid(name)
			if err != nil {
				continue
			}
			n := 0
			for _, row := range grid {
				for _, c := range row {
					if c != "" {
						n++
					}
				}
			}
			visited := 0
			err = wb.Walk(name, func(row, col int, v Value) error {
				if v.Raw != "" {
					visited++
				}
				if v.Kind == Number && (v.Digits == "" || !IsNumber(v.Raw)) {
					t.Fatalf("%s: a number that is none: %+v", Cell(row, col), v)
				}
				if v.Date() {
					v.Time()
				}
				return nil
			})
			if err == nil && visited < n {
				t.Fatalf("%s: Walk visited %d cells holding text, Grid has %d", name, visited, n)
			}
		}
	})
}
