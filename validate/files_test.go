package validate

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"chitieu/finding"
	"chitieu/internal/wine"
	"chitieu/schema"
	"chitieu/xlsx"
)

// ole builds the start of an OLE compound file holding streams with the given names: enough
// for the classification, which reads the directory entries' UTF-16 names.
func ole(names ...string) []byte {
	b := []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	b = append(b, make([]byte, 504)...)
	for _, n := range names {
		entry := make([]byte, 128)
		for i, u := range utf16.Encode([]rune(n)) {
			entry[2*i], entry[2*i+1] = byte(u), byte(u>>8)
		}
		b = append(b, entry...)
	}
	return b
}

func zipOf(t *testing.T, entries map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, data := range entries {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	zw.Close()
	return buf.Bytes()
}

// TestFileLevel checks that every kind of file that is not a readable workbook gives one clear
// finding about the file, and never a panic or an I/O error.
func TestFileLevel(t *testing.T) {
	p := defaultPlan(t)
	dir := t.TempDir()
	good := newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid().save(dir, "good.xlsx")
	goodBytes, _ := os.ReadFile(good)
	bomb := zipOf(t, map[string][]byte{"xl/workbook.xml": []byte("<workbook/>"), "xl/worksheets/sheet1.xml": bytes.Repeat([]byte("<row/>"), 4<<20)})
	tests := []struct {
		name, code string
		data       []byte
		msg        string
	}{
		{"bao-cao.xlsx", "not-a-workbook", []byte("this is not a spreadsheet at all"), "không phải bảng tính"},
		{"rong.xlsx", "not-a-workbook", nil, "rỗng"},
		{"tai-do.xlsx", "not-a-workbook", goodBytes[:len(goodBytes)/2], "cắt cụt"},
		{"trang-web.xls", "not-a-workbook", []byte("<html><body><table><tr><td>1</td></tr></table></body></html>"), "trang web"},
		{"van-ban.pdf.xlsx", "not-a-workbook", []byte("%PDF-1.7 ..."), "PDF"},
		{"word.xlsx", "not-a-workbook", zipOf(t, map[string][]byte{"word/document.xml": []byte("<w/>")}), "Word"},
		// LibreOffice's own format: the unit saved with LibreOffice, so the way out is Save As .xlsx.
		{"bang-tinh.ods", "not-a-workbook", zipOf(t, map[string][]byte{"mimetype": []byte("application/vnd.oasis.opendocument.spreadsheet"), "content.xml": []byte("<o/>")}), "Lưu thành (Save As) › kiểu tệp Excel 2007-365 (.xlsx)"},
		{"cu.xls", "legacy-xls", ole("Root Entry", "Workbook", "SummaryInformation"), "97–2003"},
		{"mat-khau.xlsx", "encrypted", ole("Root Entry", "EncryptionInfo", "EncryptedPackage"), "mật khẩu"},
		{"van-ban.doc", "not-a-workbook", ole("Root Entry", "WordDocument"), "Office 97–2003"},
		{"bom.xlsx", "too-large", bomb, "giới hạn"},
	}
	lim := xlsx.Limits{File: 64 << 20, Unzipped: 8 << 20, SheetXML: 4 << 20}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.name)
			os.WriteFile(path, tt.data, 0o644)
			f := CheckFile(Options{Plan: p, Limits: lim}, path)
			if f.Err != nil || len(f.Findings) != 1 {
				t.Fatalf("err %v, findings:\n%s", f.Err, dump(f))
			}
			x := f.Findings[0]
			if x.Code != tt.code || x.Severity != finding.Error || x.Cell.File != path || x.Cell.Sheet != "" || !strings.Contains(x.Detail.In(finding.VI), tt.msg) {
				t.Errorf("%s %v %+v: %s", x.Code, x.Severity, x.Cell, x.Detail.In(finding.VI))
			}
		})
	}
	// The file size limit.
	f := CheckFile(Options{Plan: p, Limits: xlsx.Limits{File: 1000, Unzipped: 1 << 20, SheetXML: 1 << 20}}, good)
	hasFinding(t, f, want{"too-large", finding.Error, ""})
}

func TestCollect(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"b.xlsx", "a.xlsx", "~$a.xlsx", "ghi chú.txt", ".DS_Store", "sub/c.XLSX", ".git/d.xlsx"} {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
		os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644)
	}
	files, skipped, err := Collect([]string{dir, filepath.Join(dir, "ghi chú.txt")}, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range files {
		got = append(got, filepath.ToSlash(strings.TrimPrefix(f, dir+string(filepath.Separator))))
	}
	if strings.Join(got, ",") != "a.xlsx,b.xlsx,sub/c.XLSX,ghi chú.txt" {
		t.Errorf("files %v", got)
	}
	if len(skipped) != 3 {
		t.Errorf("skipped %v", skipped)
	}
	// A folder and a folder inside it, or a file twice: each file once.
	if files, _, _ := Collect([]string{dir, filepath.Join(dir, "sub"), filepath.Join(dir, "a.xlsx"), filepath.Join(dir, "sub", "..", "a.xlsx")}, 0); len(files) != 3 {
		t.Errorf("files named twice: %v", files)
	}
	if _, _, err := Collect([]string{filepath.Join(dir, "missing.xlsx")}, 0); err == nil {
		t.Error("a missing argument is not an error")
	}
	if _, _, err := Collect([]string{dir}, 2); err == nil || !strings.Contains(err.Error(), "hơn 2") {
		t.Errorf("three files under a limit of two: %v", err)
	}
}

// need skips a test when a program it drives is missing, except in CI, which installs them.
func need(t *testing.T, name string, args ...string) {
	t.Helper()
	wine.Skip(t, name)
	if err := exec.Command(name, args...).Run(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is required in CI: %v", name, err)
		}
		t.Skipf("%s is not available: %v", name, err)
	}
}

// TestResavedElsewhere checks that a filled form re-saved by LibreOffice, or converted by it to
// .xls, validates as a department's file would: the same findings after a re-save, and the
// legacy-xls finding for .xls.
func TestResavedElsewhere(t *testing.T) {
	need(t, "soffice", "--version")
	p := defaultPlan(t)
	dir := t.TempDir()
	f := newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid()
	f.text("SL_DIEN", "LK", "744,5").text("SL_XANG", "TH", "15.000")
	orig := f.save(dir, "goc.xlsx")
	out := filepath.Join(dir, "lo")
	for _, format := range []string{"xlsx", "xls"} {
		cmd := exec.Command("soffice", "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--convert-to", format, "--outdir", out, orig)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("soffice: %v\n%s", err, b)
		}
	}
	a := check(t, p, orig, nil)
	b := check(t, p, filepath.Join(out, "goc.xlsx"), nil)
	if len(a.Findings) != 2 || summarize(a) != summarize(b) {
		t.Errorf("original:\n%s\nre-saved by LibreOffice:\n%s", dump(a), dump(b))
	}
	hasFinding(t, check(t, p, filepath.Join(out, "goc.xls"), nil), want{"legacy-xls", finding.Error, ""})
}

// summarize lists a file's findings without the file name.
func summarize(f *File) string {
	var b strings.Builder
	for _, x := range f.Findings {
		b.WriteString(x.Code + " " + x.Cell.Sheet + " " + xlsx.Cell(x.Cell.Row, x.Cell.Col) + " " + x.Detail.In(finding.VI) + "\n")
	}
	return b.String()
}

// TestWrittenByOpenpyxl checks that a form filled by openpyxl (numbers stored with 17 digits,
// formulas without results) validates like one filled by a spreadsheet.
func TestWrittenByOpenpyxl(t *testing.T) {
	need(t, "/usr/bin/python3", "-c", "import openpyxl")
	p := defaultPlan(t)
	dir := t.TempDir()
	src := newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid().save(dir, "src.xlsx")
	dst := filepath.Join(dir, "openpyxl.xlsx")
	script := `
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Biểu 01-CT-TK"]
ws["F18"] = 570.31
ws["F19"] = "1.234,5"
ws["F20"] = "=E20*2"
wb.save(sys.argv[2])
`
	if b, err := exec.Command("/usr/bin/python3", "-c", script, src, dst).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	f := check(t, p, dst, nil)
	if v := f.Checked.Values[schema.CellKey{Indicator: "SL_DIEN", Column: "LK"}]; v.String() != "570.31" {
		t.Errorf("F18 read %s", v)
	}
	hasFinding(t, f, want{"text-number", finding.Warning, "F19"})
	hasFinding(t, f, want{"formula-no-value", finding.Error, "F20"})
	if len(f.Findings) != 2 {
		t.Errorf("findings:\n%s", dump(f))
	}
}

func TestColumnDeleted(t *testing.T) {
	p := defaultPlan(t)
	f := newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid()
	f.sheet.RemoveCol(7) // CK, "Cùng kỳ năm trước"
	got := check(t, p, f.save(t.TempDir(), "f.xlsx"), nil)
	hasFinding(t, got, want{"missing-column", finding.Error, ""})
	if v := got.Checked.Values[schema.CellKey{Indicator: "SL_DIEN", Column: "LK"}]; v.String() != "200" {
		t.Errorf("the columns left of the deleted one read %s", v)
	}
}

// bigZip writes a workbook-shaped zip whose sheet is size bytes of repeated text, compressed.
func bigZip(t testing.TB, path string, size int64, row func(i int) string) {
	t.Helper()
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	zw := zip.NewWriter(out)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	w, _ := zw.Create("xl/workbook.xml")
	w.Write([]byte(`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="S" sheetId="1" r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></sheets></workbook>`))
	w, _ = zw.Create("xl/_rels/workbook.xml.rels")
	w.Write([]byte(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`))
	w, _ = zw.Create("[Content_Types].xml")
	w.Write([]byte(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`))
	w, _ = zw.Create("xl/worksheets/sheet1.xml")
	w.Write([]byte(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`))
	var written int64
	for i := 1; written < size; i++ {
		n, _ := io.WriteString(w, row(i))
		written += int64(n)
	}
	w.Write([]byte(`</sheetData></worksheet>`))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestHugeInputs: a zip that unzips to 1 GB and a sheet of a million rows each give one
// too-large finding, within the limits' memory.
func TestHugeInputs(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("writes a 1 GB zip bomb: too slow under -short or -race (.ci/run runs it without -race)")
	}
	p := defaultPlan(t)
	dir := t.TempDir()
	bomb := filepath.Join(dir, "bom 1GB.xlsx")
	bigZip(t, bomb, 1<<30, func(int) string { return strings.Repeat("<row/>", 1000) })
	// A real form with a million rows appended to its sheet.
	rows := newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid().save(dir, "triệu dòng.xlsx")
	patchZip(t, rows, func(name string, data []byte) []byte {
		if name != "xl/worksheets/sheet1.xml" {
			return data
		}
		var b bytes.Buffer
		i := bytes.Index(data, []byte("</sheetData>"))
		b.Write(data[:i])
		for r := 100; r < 1_000_100; r++ {
			fmt.Fprintf(&b, `<row r="%d"><c r="K%d"><v>%d</v></c></row>`, r, r, r)
		}
		b.Write(data[i:])
		return b.Bytes()
	})
	for _, path := range []string{bomb, rows} {
		f := CheckFile(Options{Plan: p, Limits: xlsx.DefaultLimits}, path)
		if f.Err != nil || len(f.Findings) != 1 || f.Findings[0].Code != "too-large" {
			t.Errorf("%s: %v\n%s", filepath.Base(path), f.Err, dump(f))
		}
	}
	if st, _ := os.Stat(bomb); st.Size() > 8<<20 {
		t.Errorf("the bomb is %d bytes, not a bomb", st.Size())
	}
}
