package validate

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"chitieu/finding"
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

// TestOnlyRegularFiles: a FIFO, a device or a link to one, in a folder or given by name, is
// skipped or refused at once; a folder given as a link is walked; a sub-folder that cannot be
// read is reported and the others are checked.
func TestOnlyRegularFiles(t *testing.T) {
	p := defaultPlan(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.MkdirAll(in, 0o755)
	good := newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid().save(in, "good.xlsx")
	if err := syscall.Mkfifo(filepath.Join(in, "x.xlsx"), 0o644); err != nil {
		t.Skip(err)
	}
	os.Symlink("/dev/zero", filepath.Join(in, "zero.xlsx"))
	os.Symlink(in, filepath.Join(dir, "link"))
	// A folder too deep to open: its path is longer than the system allows (as root, no
	// permission stops a read).
	t.Chdir(in)
	seg := strings.Repeat("d", 200)
	for range 25 {
		os.Mkdir(seg, 0o755)
		os.Chdir(seg)
	}
	os.WriteFile("deep.xlsx", []byte("x"), 0o644)
	t.Chdir(dir)

	done := make(chan *Report, 1)
	go func() {
		rep, err := Run(context.Background(), Options{Plan: p}, []string{filepath.Join(dir, "link"), "/dev/urandom"})
		if err != nil {
			t.Error(err)
		}
		done <- rep
	}()
	var rep *Report
	select {
	case rep = <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("still reading after a minute")
	}
	if rep == nil {
		return
	}
	if len(rep.Files) != 2 || rep.Files[0].Path != filepath.Join(dir, "link", "good.xlsx") || !rep.Files[0].Valid() || rep.Files[1].Path != "/dev/urandom" {
		t.Fatalf("files %+v", rep.Files)
	}
	hasFinding(t, rep.Files[1], want{"not-a-workbook", finding.Error, ""})
	reasons := map[string]string{}
	for _, s := range rep.Skipped {
		reasons[filepath.Base(s.Path)] = s.Reason.In(finding.VI)
	}
	if !strings.Contains(reasons["x.xlsx"], "không phải tệp thường") || !strings.Contains(reasons["zero.xlsx"], "không phải tệp thường") {
		t.Errorf("skipped %v", reasons)
	}
	deep := false
	for name, why := range reasons {
		deep = deep || strings.HasPrefix(name, "ddd") && strings.Contains(why, "không đọc được thư mục")
	}
	if !deep {
		t.Errorf("the folder too deep to read is not reported: %v", reasons)
	}
	_ = good
}
