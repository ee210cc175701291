package validate

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"chitieu/finding"
	"chitieu/internal/wine"
	"chitieu/schema"
	"chitieu/xlsx"
)

// Hostile files: properly filled forms with one attack applied, as the attack run of issue 14
// made them. The heavy ones are written by TestWriteHostile for measuring the built binary with
// GNU time (go test ./validate -run TestWriteHostile -hostile.dir DIR); the tests use them, or
// smaller ones of the same class, to check behaviour.

var hostileDir = flag.String("hostile.dir", "", "write the heavy hostile files into this folder (TestWriteHostile)")

// rezip copies the workbook at src to dst entry by entry, streaming: edit may replace an
// entry's content (returning true once it wrote it to w) and add writes further entries.
func rezip(t testing.TB, src, dst string, edit func(name string, r io.Reader, w io.Writer) bool, add func(zw *zip.Writer)) {
	t.Helper()
	zr, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	bw := bufio.NewWriterSize(out, 1<<20)
	zw := zip.NewWriter(bw)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestCompression) })
	for _, zf := range zr.File {
		r, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		if edit == nil || !edit(zf.Name, r, w) {
			if _, err := io.Copy(w, r); err != nil {
				t.Fatal(err)
			}
		}
		r.Close()
	}
	if add != nil {
		add(zw)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
}

// replacePart returns an edit replacing one entry by what write writes.
func replacePart(name string, write func(old []byte, w io.Writer)) func(string, io.Reader, io.Writer) bool {
	return func(n string, r io.Reader, w io.Writer) bool {
		if n != name {
			return false
		}
		old, _ := io.ReadAll(r)
		bw := bufio.NewWriterSize(w, 1<<20)
		write(old, bw)
		bw.Flush()
		return true
	}
}

// splice writes old with what fill writes put just before the first occurrence of marker.
func splice(old []byte, w io.Writer, marker string, fill func(w io.Writer)) {
	i := strings.Index(string(old), marker)
	if i < 0 {
		panic("no " + marker)
	}
	w.Write(old[:i])
	fill(w)
	w.Write(old[i:])
}

// withSheets adds n sheet entries before the workbook's own, all naming the part target through
// one relationship, and that part (written by sheet) unless it is already in the package.
func withSheets(t testing.TB, src, dst string, n int, target string, sheet func(w io.Writer)) {
	t.Helper()
	edit := func(name string, r io.Reader, w io.Writer) bool {
		switch name {
		case "xl/workbook.xml":
			old, _ := io.ReadAll(r)
			bw := bufio.NewWriterSize(w, 1<<20)
			i := strings.Index(string(old), "<sheets>") + len("<sheets>")
			bw.Write(old[:i])
			for i := range n {
				fmt.Fprintf(bw, `<sheet name="%d" sheetId="%d" r:id="rIdX"/>`, i, 100+i)
			}
			bw.Write(old[i:])
			bw.Flush()
			return true
		case "xl/_rels/workbook.xml.rels":
			old, _ := io.ReadAll(r)
			splice(old, w, "</Relationships>", func(w io.Writer) {
				fmt.Fprintf(w, `<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="%s"/>`, target)
			})
			return true
		}
		return false
	}
	rezip(t, src, dst, edit, func(zw *zip.Writer) {
		if sheet == nil {
			return
		}
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: "xl/" + target, Method: zip.Deflate})
		bw := bufio.NewWriterSize(w, 1<<20)
		sheet(bw)
		bw.Flush()
	})
}

// bigSheet writes a worksheet of rows × cols numbers: 8 400 × 500 is 63 MB of XML.
func bigSheet(rows, cols int) func(w io.Writer) {
	return func(w io.Writer) {
		io.WriteString(w, `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
		for r := 1; r <= rows; r++ {
			fmt.Fprintf(w, `<row r="%d">`, r)
			for c := 1; c <= cols; c++ {
				fmt.Fprintf(w, `<c><v>%d</v></c>`, (r+c)%10)
			}
			io.WriteString(w, `</row>`)
		}
		io.WriteString(w, `</sheetData></worksheet>`)
	}
}

// heavyCases writes the heavy attacks of issue 14 on a filled form into dir; the names say what
// each is.
func heavyCases(t testing.TB, dir string) []string {
	t.Helper()
	p := defaultPlan(t)
	// Each has one warning, so that --annotate writes a copy of it.
	src := newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid().text("SL_DIEN", "LK", "744,5").save(t.TempDir(), "good.xlsx")
	var out []string
	file := func(name string) string {
		path := filepath.Join(dir, name)
		out = append(out, path)
		return path
	}
	repeat := func(s string, n int) func(w io.Writer) {
		return func(w io.Writer) {
			for range n {
				io.WriteString(w, s)
			}
		}
	}
	// Tens of millions of cell formats in a small file.
	rezip(t, src, file("styles-40M-xf.xlsx"), replacePart("xl/styles.xml", func(old []byte, w io.Writer) {
		splice(old, w, "</cellXfs>", repeat("<xf/>", 40_000_000))
	}), nil)
	// Millions of number formats.
	rezip(t, src, file("styles-3M-numfmt.xlsx"), replacePart("xl/styles.xml", func(old []byte, w io.Writer) {
		splice(old, w, "<fonts", func(w io.Writer) {
			io.WriteString(w, "<numFmts>")
			for i := range 3_000_000 {
				fmt.Fprintf(w, `<numFmt numFmtId="%d" formatCode="0.0"/>`, 1000+i)
			}
			io.WriteString(w, "</numFmts>")
		})
	}), nil)
	// 999 000 shared strings, under the count cap.
	rezip(t, src, file("sst-999k.xlsx"), replacePart("xl/sharedStrings.xml", func(old []byte, w io.Writer) {
		splice(old, w, "</sst>", func(w io.Writer) {
			for i := range 999_000 {
				fmt.Fprintf(w, "<si><t>s%d</t></si>", i)
			}
		})
	}), nil)
	// An extra sheet of 8 400 × 500 numbers (63 MB of XML); three of them in one folder.
	withSheets(t, src, file("extra-sheet-8400x500.xlsx"), 1, "worksheets/extra.xml", bigSheet(8400, 500))
	three := filepath.Join(dir, "three")
	os.MkdirAll(three, 0o755)
	for i := range 3 {
		data, _ := os.ReadFile(out[len(out)-1])
		os.WriteFile(filepath.Join(three, fmt.Sprintf("extra-%d.xlsx", i)), data, 0o644)
	}
	// The form's own sheet carrying 8 400 × 500 numbers far right and below the table.
	rezip(t, src, file("form-sheet-flooded.xlsx"), replacePart("xl/worksheets/sheet1.xml", func(old []byte, w io.Writer) {
		splice(old, w, "</sheetData>", func(w io.Writer) {
			for r := 100; r < 8500; r++ {
				fmt.Fprintf(w, `<row r="%d">`, r)
				for c := 1; c <= 500; c++ {
					fmt.Fprintf(w, `<c><v>%d</v></c>`, c%10)
				}
				io.WriteString(w, `</row>`)
			}
		})
	}), nil)
	// 50 000 and 5 million sheet entries; 300 entries naming one 63 MB part.
	withSheets(t, src, file("sheets-50k.xlsx"), 50_000, "worksheets/sheet2.xml", nil)
	withSheets(t, src, file("sheets-5M.xlsx"), 5_000_000, "worksheets/sheet2.xml", nil)
	withSheets(t, src, file("sheets-300-one-part.xlsx"), 300, "worksheets/big.xml", bigSheet(8400, 500))
	return out
}

// TestWriteHostile writes the heavy hostile files for measuring the binary (see BENCHMARKS.md).
func TestWriteHostile(t *testing.T) {
	if *hostileDir == "" {
		t.Skip("give -hostile.dir DIR to write the heavy hostile files")
	}
	os.MkdirAll(*hostileDir, 0o755)
	for _, f := range heavyCases(t, *hostileDir) {
		st, _ := os.Stat(f)
		t.Logf("%s: %d bytes", f, st.Size())
	}
}

// TestCaseTwinEntries: a second entry Sheet1.xml beside sheet1.xml with other figures — one a
// viewer never shows — is refused, not read.
func TestCaseTwinEntries(t *testing.T) {
	p := defaultPlan(t)
	dir := t.TempDir()
	src := newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid().save(dir, "src.xlsx")
	dst := filepath.Join(dir, "twins.xlsx")
	var sheet []byte
	rezip(t, src, dst, func(name string, r io.Reader, w io.Writer) bool {
		if name == "xl/worksheets/sheet1.xml" {
			sheet, _ = io.ReadAll(r)
			w.Write(sheet)
			return true
		}
		return false
	}, func(zw *zip.Writer) {
		w, _ := zw.Create("xl/worksheets/Sheet1.xml")
		w.Write([]byte(strings.ReplaceAll(string(sheet), "<v>100</v>", "<v>200</v>")))
	})
	f := check(t, p, dst, nil)
	hasFinding(t, f, want{"not-a-workbook", finding.Error, ""})
	if f.Checked != nil || !strings.Contains(f.Findings[0].Detail.In(finding.VI), "hai phần cùng tên") {
		t.Errorf("read: %s", dump(f))
	}
}

// TestStoredNotNumbers: a number cell holds what a viewer shows, or gets a finding: <v>0x1p4</v>
// is no 16, a date typed into a figure cell is no 45366, a time no 0,5.
func TestStoredNotNumbers(t *testing.T) {
	p := defaultPlan(t)
	for _, c := range []struct {
		name, xml, msg string
	}{
		{"hexadecimal", `<c r="F18" s="%s"><v>0x1p4</v></c>`, `"0x1p4"`},
		{"underscores", `<c r="F18" s="%s"><v>1_000</v></c>`, `"1_000"`},
		{"infinity", `<c r="F18" s="%s"><v>INF</v></c>`, `"INF"`},
		{"comma", `<c r="F18" s="%s"><v>744,5</v></c>`, `"744,5"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid().save(t.TempDir(), "f.xlsx")
			replaceCell(t, path, "F18", strings.ReplaceAll(c.xml, ` s="%s"`, ""))
			f := check(t, p, path, nil)
			hasFinding(t, f, want{"not-a-number", finding.Error, "F18"})
			if v, ok := f.Checked.Values[schema.CellKey{Indicator: "SL_DIEN", Column: "LK"}]; ok {
				t.Errorf("read as %s", v)
			}
			if !strings.Contains(dump(f), c.msg) {
				t.Errorf("the message does not quote %s:\n%s", c.msg, dump(f))
			}
		})
	}
	for _, c := range []struct{ name, digits, format, shows string }{
		{"date", "45366", "dd/mm/yyyy", "15/03/2024"},
		{"date, built-in format", "45366", "m/d/yy", "15/03/2024"},
		{"time", "0.5", "h:mm", "12:00"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid().num("SL_DIEN", "LK", c.digits)
			r, col := f.pos("SL_DIEN", "LK")
			f.sheet.Format(r, col, c.format)
			got := check(t, p, f.save(t.TempDir(), "f.xlsx"), nil)
			hasFinding(t, got, want{"not-a-number", finding.Error, "F18"})
			if _, ok := got.Checked.Values[schema.CellKey{Indicator: "SL_DIEN", Column: "LK"}]; ok || !strings.Contains(dump(got), c.shows) {
				t.Errorf("a %s in a figure cell:\n%s", c.name, dump(got))
			}
		})
	}
}

// TestExtraDataAnywhere: what is typed outside the input cells is extra data wherever it
// stands — below the table, far to the right — except the unit's own lines of the signature
// block; a sheet flooded with values is said in a bounded number of findings.
func TestExtraDataAnywhere(t *testing.T) {
	p := defaultPlan(t)
	f := newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid()
	last := f.l.LastRow()
	f.sheet.PutNumber(last+8, 5, "123")        // a figure below the table
	f.sheet.PutNumber(3, 30, "77")             // far right, beside the heading
	f.sheet.Put(last+12, 4, "số liệu bổ sung") // text below the table, between the signatures
	f.sheet.PutFormula(last+9, 2, "SUM(E13:E20)")
	f.sheet.Put(last+7, 2, "Nguyễn Văn A") // the preparer's name, under "(Ký, ghi rõ họ tên)"
	f.sheet.Put(last+7, 8, "Lê Thị B")     // the head's name
	f.sheet.Put(last+2, 7, "Thanh Hóa, ngày 5 tháng 3 năm 2024")
	got := check(t, p, f.save(t.TempDir(), "f.xlsx"), nil)
	var cells []string
	for _, x := range got.Findings {
		if x.Code == "extra-data" {
			cells = append(cells, x.Cell.Ref())
		}
	}
	wantCells := []string{"AD3", xlsx.Cell(last+8, 5), xlsx.Cell(last+9, 2), xlsx.Cell(last+12, 4)}
	if strings.Join(cells, " ") != strings.Join(wantCells, " ") || len(got.Findings) != len(wantCells) {
		t.Errorf("extra data at %v, want %v:\n%s", cells, wantCells, dump(got))
	}

	// A flood: 40 000 values right of the table.
	path := newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid().save(t.TempDir(), "flood.xlsx")
	patchZip(t, path, func(name string, data []byte) []byte {
		if name != "xl/worksheets/sheet1.xml" {
			return data
		}
		var b strings.Builder
		for r := 100; r < 500; r++ {
			fmt.Fprintf(&b, `<row r="%d">`, r)
			for c := 11; c <= 110; c++ {
				fmt.Fprintf(&b, `<c r="%s"><v>1</v></c>`, xlsx.Cell(r, c))
			}
			b.WriteString("</row>")
		}
		return []byte(strings.Replace(string(data), "</sheetData>", b.String()+"</sheetData>", 1))
	})
	got = check(t, p, path, nil)
	n := got.Findings.Count(finding.Warning)
	if n != maxExtra+1 || !strings.Contains(dump(got), fmt.Sprintf("còn %d ô khác", 40000-maxExtra)) {
		t.Errorf("a flood of 40 000 cells gives %d warnings:\n%.2000s", n, dump(got))
	}
}

// TestBlankTemplate: a blank form is one finding, and lying beside the filled report of the same
// unit and period it makes no duplicate of it.
func TestBlankTemplate(t *testing.T) {
	p := defaultPlan(t)
	dir := t.TempDir()
	blank := newForm(t, p, "01/CT-TK", "CTK", "2024-02").save(dir, "Biểu 01-CT-TK - 2024-02 - CTK (mẫu trống).xlsx")
	filled := newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid().save(dir, "Biểu 01-CT-TK - 2024-02 - CTK.xlsx")
	rep, err := Run(context.Background(), Options{Plan: p}, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Files {
		switch f.Path {
		case blank:
			if len(f.Findings) != 1 || f.Findings[0].Code != "empty-form" || f.Findings[0].Severity != finding.Error || !strings.Contains(f.Findings[0].Detail.In(finding.VI), "chưa điền") {
				t.Errorf("the blank form:\n%s", dump(f))
			}
		case filled:
			if len(f.Findings) != 0 {
				t.Errorf("the filled report beside a blank form:\n%s", dump(f))
			}
		}
	}
	// Half filled: every empty required cell is named.
	f := newForm(t, p, "01/CT-TK", "CTK", "2024-02").num("SL_DIEN", "TH", "5")
	if got := check(t, p, f.save(dir, "half.xlsx"), nil); got.Findings.Has("empty-form") || !got.Findings.Has("required") {
		t.Errorf("half filled:\n%s", dump(got))
	}
}

// TestNameNamesAnotherUnit: a file named for another unit than the one it is for is a warning.
func TestNameNamesAnotherUnit(t *testing.T) {
	p := defaultPlan(t)
	dir := t.TempDir()
	for name, clean := range map[string]bool{
		"Biểu 01-CT-TK - 2024-02 - SCT Sở Công Thương.xlsx":              false,
		"Biểu 01-CT-TK - 2024-02 - CTK Cục Thống kê tỉnh Thanh Hóa.xlsx": true,
		"bao cao sct thang 2.xlsx":      false,
		"Huyện Hoằng Hóa tháng 2.xlsx":  false,
		"báo cáo tháng 2 năm 2024.xlsx": true,
		"Biểu 01-CT-TK - 2024-02 - CTK Cục Thống kê (bản sửa SCT góp ý).xlsx": true,
	} {
		f := check(t, p, newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid().save(dir, name), nil)
		if got := !f.Findings.Has("name-mismatch"); got != clean {
			t.Errorf("%s: %s", name, dump(f))
		}
		if !clean {
			hasFinding(t, f, want{"name-mismatch", finding.Warning, ""})
		}
	}
}

// copyParts returns the entries of a zip and their content.
func copyParts(t *testing.T, path string) map[string]string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out := map[string]string{}
	for _, zf := range zr.File {
		r, _ := zf.Open()
		b, _ := io.ReadAll(r)
		r.Close()
		out[zf.Name] = string(b)
	}
	return out
}

// TestAnnotateHostile: the annotated copy is made of every file validate read, and carries
// nothing it should not: no part the relationships do not reach, no unclean name, no macro, no
// document type declaration, only valid ARGB colours.
func TestAnnotateHostile(t *testing.T) {
	p := defaultPlan(t)
	dir := t.TempDir()
	base := func(name string) string {
		return newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid().text("SL_DIEN", "LK", "744,5").save(dir, name)
	}
	long := strings.Repeat("Rất dài ", 250) // 2 000 characters
	cases := []struct {
		name string
		make func() string
		test func(t *testing.T, parts map[string]string)
	}{
		{"2000-character text in a cell", func() string {
			f := newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid().text("SL_DIEN", "LK", long)
			return f.save(dir, "long.xlsx")
		}, nil},
		{"billion laughs in core.xml", func() string {
			path := base("laughs.xlsx")
			patchZip(t, path, func(name string, data []byte) []byte {
				if name != "docProps/core.xml" {
					return data
				}
				var b strings.Builder
				b.WriteString(`<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">`)
				for i := 1; i <= 9; i++ {
					fmt.Fprintf(&b, `<!ENTITY lol%d "%s">`, i, strings.Repeat(fmt.Sprintf("&lol%s;", map[bool]string{true: "", false: fmt.Sprint(i - 1)}[i == 1]), 10))
				}
				b.WriteString(`]><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>&lol9;</dc:title></cp:coreProperties>`)
				return []byte(b.String())
			})
			return path
		}, func(t *testing.T, parts map[string]string) {
			for name, data := range parts {
				if strings.Contains(data, "<!DOCTYPE") || strings.Contains(data, "<!ENTITY") {
					t.Errorf("%s carries a document type declaration", name)
				}
			}
		}},
		{"sheet under an absolute part name", func() string {
			src := base("abs-src.xlsx")
			dst := filepath.Join(dir, "absolute.xlsx")
			rezip(t, src, dst, func(name string, r io.Reader, w io.Writer) bool { return false }, nil)
			patchZipNames(t, dst, map[string]string{"xl/worksheets/sheet1.xml": "/xl/worksheets/sheet1.xml"})
			return dst
		}, nil},
		{"249-byte file name", func() string {
			name := strings.Repeat("á", 122) + ".xlsx" // 244 + 5 bytes
			return base(name)
		}, nil},
		{"unclean names, unreached parts, macros", func() string {
			src := base("macro-src.xlsx")
			dst := filepath.Join(dir, "macro.xlsm")
			rezip(t, src, dst, func(name string, r io.Reader, w io.Writer) bool {
				old, _ := io.ReadAll(r)
				switch name {
				case "[Content_Types].xml":
					s := strings.Replace(string(old), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "application/vnd.ms-excel.sheet.macroEnabled.main+xml", 1)
					s = strings.Replace(s, "</Types>", `<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>`, 1)
					w.Write([]byte(s))
				case "xl/_rels/workbook.xml.rels":
					w.Write([]byte(strings.Replace(string(old), "</Relationships>",
						`<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>`+
							`<Relationship Id="rIdEvil" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml" Target="../../evil.xml"/></Relationships>`, 1)))
				default:
					w.Write(old)
				}
				return true
			}, func(zw *zip.Writer) {
				for _, name := range []string{"xl/vbaProject.bin", "../evil.xml", "/etc/passwd", "C:/autoexec.bat", "xl/unreached.xml"} {
					w, _ := zw.Create(name)
					w.Write([]byte("<x/>"))
				}
			})
			return dst
		}, func(t *testing.T, parts map[string]string) {
			for name := range parts {
				if strings.Contains(name, "..") || strings.HasPrefix(name, "/") || strings.Contains(name, ":") || strings.Contains(name, "vba") || strings.Contains(name, "unreached") || strings.Contains(name, "evil") {
					t.Errorf("the copy holds %s", name)
				}
			}
			if ct := parts["[Content_Types].xml"]; strings.Contains(ct, "macroEnabled") || strings.Contains(ct, "vbaProject") || !strings.Contains(ct, "spreadsheetml.sheet.main+xml") {
				t.Errorf("content types: %s", ct)
			}
		}},
		{"colours no program agrees on", func() string {
			path := base("colours.xlsx")
			patchZip(t, path, func(name string, data []byte) []byte {
				if name != "xl/styles.xml" {
					return data
				}
				s := strings.Replace(string(data), "<fills", `<colors><mruColors><color rgb="FF"/></mruColors></colors><fills`, 1)
				s = strings.Replace(s, `rgb="FFFFF2CC"`, `rgb="FF00000000"`, 1)
				return []byte(s)
			})
			return path
		}, func(t *testing.T, parts map[string]string) {
			for name, data := range parts {
				for _, m := range rgbAttr.FindAllStringSubmatch(data, -1) {
					if !argb.MatchString(m[1]) {
						t.Errorf("%s: rgb=%q", name, m[1])
					}
				}
			}
		}},
	}
	out := filepath.Join(dir, "out")
	var copies []string
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := c.make()
			f := check(t, p, path, nil)
			if f.Checked == nil {
				t.Fatalf("not read:\n%s", dump(f))
			}
			dst, err := Annotate(context.Background(), f, out, finding.VI, false, []string{path})
			if err != nil || dst == "" {
				t.Fatalf("no annotated copy: %v", err)
			}
			if n := len(filepath.Base(dst)); n > 255 {
				t.Errorf("the copy's name is %d bytes", n)
			}
			copies = append(copies, dst)
			if c.test != nil {
				c.test(t, copyParts(t, dst))
			}
			if _, err := xlsx.Dump(dst); err != nil {
				t.Errorf("excelize cannot read the copy: %v", err)
			}
			if g := check(t, p, dst, nil); summarize(g) != summarize(f) {
				t.Errorf("the copy checks differently:\n%s\n%s", dump(g), dump(f))
			}
		})
	}
	// openpyxl, which refuses invalid colours, opens every copy.
	if wine.Running() {
		// openpyxl is not run under Wine; CI runs this on Linux
	} else if err := exec.Command("/usr/bin/python3", "-c", "import openpyxl").Run(); err == nil {
		script := "import sys, openpyxl\nfor p in sys.argv[1:]:\n    wb = openpyxl.load_workbook(p)\n    assert wb.sheetnames[0] == 'Kết quả kiểm tra', wb.sheetnames\n"
		if b, err := exec.Command("/usr/bin/python3", append([]string{"-c", script}, copies...)...).CombinedOutput(); err != nil {
			t.Errorf("openpyxl: %v\n%s", err, b)
		}
	} else if os.Getenv("CI") != "" {
		t.Error("openpyxl is required in CI")
	}
}

var (
	rgbAttr = regexp.MustCompile(`\brgb="([^"]*)"`)
	argb    = regexp.MustCompile(`^[0-9A-F]{8}$`)
)

// patchZipNames renames entries of a zip.
func patchZipNames(t *testing.T, path string, names map[string]string) {
	t.Helper()
	parts := copyParts(t, path)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, data := range parts {
		if n, ok := names[name]; ok {
			name = n
		}
		w, _ := zw.Create(name)
		w.Write([]byte(data))
	}
	zw.Close()
	os.WriteFile(path, buf.Bytes(), 0o644)
}

// TestAnnotateAgain: an annotated copy sent back is annotated again — its comments replaced,
// not added to, its results sheet replaced — and the unit's own comments are kept; a second
// --annotate into the same folder with --force replaces the copy.
func TestAnnotateAgain(t *testing.T) {
	p := defaultPlan(t)
	dir := t.TempDir()
	path := newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid().text("SL_XANG", "TH", "15.000").text("SL_DIEN", "LK", "744,5").save(dir, "báo cáo.xlsx")
	f := check(t, p, path, nil)
	first, err := Annotate(context.Background(), f, filepath.Join(dir, "1"), finding.VI, false, []string{path})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Annotate(context.Background(), f, filepath.Join(dir, "1"), finding.VI, true, []string{path}); err != nil {
		t.Fatalf("a second --annotate with --force: %v", err)
	}
	// The unit adds comments of its own, on the cell with the error and on another, to the
	// copy's comments (as Excel does), and sends the copy back.
	back := filepath.Join(dir, "gửi lại.xlsx")
	data, _ := os.ReadFile(first)
	os.WriteFile(back, data, 0o644)
	patchZip(t, back, func(name string, data []byte) []byte {
		if !strings.Contains(name, "comments") {
			return data
		}
		s := strings.Replace(string(data), "</authors>", "<author>Phòng Kinh tế</author></authors>", 1)
		return []byte(strings.Replace(s, "</commentList>", `<comment ref="E21" authorId="1"><text><t>đã sửa</t></text></comment>`+
			`<comment ref="F18" authorId="1"><text><t>số ước tính</t></text></comment></commentList>`, 1))
	})
	g := check(t, p, back, nil)
	second, err := Annotate(context.Background(), g, filepath.Join(dir, "2"), finding.VI, false, []string{back})
	if err != nil {
		t.Fatalf("annotating an annotated copy: %v", err)
	}
	d, err := xlsx.Dump(second)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(d, `== sheet "Kết quả kiểm tra`); n != 1 {
		t.Errorf("%d results sheets", n)
	}
	parts := copyParts(t, second)
	comments := ""
	for name, data := range parts {
		if strings.Contains(name, "comments") {
			comments += data
		}
	}
	if strings.Count(comments, `ref="E20"`) != 1 || strings.Count(comments, "Lỗi — Số đọc được hai cách") != 1 || strings.Count(comments, `ref="F18"`) != 1 ||
		!strings.Contains(comments, "Phòng Kinh tế: số ước tính") || !strings.Contains(comments, "đã sửa") || !strings.Contains(comments, `ref="E21"`) {
		t.Errorf("comments of the copy of a copy:\n%s", comments)
	}
	if summarize(check(t, p, second, nil)) != summarize(f) {
		t.Error("the copy of a copy checks differently")
	}
}

// TestHostileBounds: the classes of the heavy attacks, at sizes a test can afford (the full ones
// are measured on the binary: TestWriteHostile, BENCHMARKS.md). Styles and sheet lists beyond
// their limits are too-large; a large extra sheet, many shared strings and many sheet entries
// naming one part are read, and annotated, with the extra sheet copied whole.
func TestHostileBounds(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("writes files of some megabytes: too slow under -short or -race (.ci/run runs it without -race)")
	}
	p := defaultPlan(t)
	dir := t.TempDir()
	src := newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid().text("SL_DIEN", "LK", "744,5").save(dir, "src.xlsx")
	file := func(name string) string { return filepath.Join(dir, name) }
	rezip(t, src, file("styles.xlsx"), replacePart("xl/styles.xml", func(old []byte, w io.Writer) {
		splice(old, w, "</cellXfs>", func(w io.Writer) { io.WriteString(w, strings.Repeat("<xf/>", 70_000)) })
	}), nil)
	withSheets(t, src, file("sheets.xlsx"), 2000, "worksheets/sheet2.xml", nil)
	for _, name := range []string{"styles.xlsx", "sheets.xlsx"} {
		f := check(t, p, file(name), nil)
		if len(f.Findings) != 1 || f.Findings[0].Code != "too-large" {
			t.Errorf("%s:\n%s", name, dump(f))
		}
	}
	rezip(t, src, file("strings.xlsx"), replacePart("xl/sharedStrings.xml", func(old []byte, w io.Writer) {
		splice(old, w, "</sst>", func(w io.Writer) {
			for i := range 999_000 {
				fmt.Fprintf(w, "<si><t>s%d</t></si>", i)
			}
		})
	}), nil)
	withSheets(t, src, file("extra.xlsx"), 1, "worksheets/extra.xml", bigSheet(1000, 500))
	withSheets(t, src, file("300.xlsx"), 300, "worksheets/big.xml", bigSheet(1000, 100))
	for _, name := range []string{"strings.xlsx", "extra.xlsx", "300.xlsx"} {
		f := check(t, p, file(name), nil)
		if len(f.Findings) != 1 || f.Findings[0].Code != "text-number" {
			t.Errorf("%s:\n%s", name, dump(f))
			continue
		}
		dst, err := Annotate(context.Background(), f, file("out"), finding.VI, false, []string{file(name)})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if name == "extra.xlsx" {
			wb, err := xlsx.Open(dst, xlsx.DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			wb.Walk("0", func(int, int, xlsx.Value) error { n++; return nil })
			wb.Close()
			if n != 1000*500 {
				t.Errorf("the extra sheet's copy holds %d cells", n)
			}
		}
	}
}
