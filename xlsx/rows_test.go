package xlsx

import (
	"archive/zip"
	"bytes"
	"chitieu/outfile"
	"context"
	"fmt"
	"hash/crc32"
	"io"
	"maps"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestRows: a streamed sheet holds what was written, text stays text whatever it starts with,
// formulas keep their results, and it sits beside ordinary sheets.
func TestRows(t *testing.T) {
	b := NewBook()
	b.Sheet("Bìa").Text(1, 1, "bìa", Style{})
	r := b.Rows("Nguồn dữ liệu", RowsSetup{Widths: []ColsWidth{{1, 2, 20}}, FreezeRow: 2, FreezeCol: 1, TitleFrom: 1, TitleTo: 1})
	r.Write(1, 30, T("=HYPERLINK(\"http://x\")", Style{Bold: true}), T("+1+1", Style{}), T("@SUM(A1)", Style{}), T(" <&> ", Style{}))
	r.Write(3, 0, N("16.4", Style{NumFmt: "0.0"}), N("-3", Style{}), F("A3*2", "32.8", Style{}), F(`IF(A9="","",1)`, "", Style{}), Blank(Style{Fill: "FFFF00"}))
	path := t.TempDir() + "/r.xlsx"
	if err := outfile.Write(context.Background(), path, func(w io.Writer) error { return b.Save(w, time.Time{}) }); err != nil {
		t.Fatal(err)
	}
	b.Close()
	wb, err := Open(path, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	for _, c := range []struct {
		row, col int
		want     Value
	}{
		{1, 1, Value{Kind: Text, Raw: `=HYPERLINK("http://x")`}},
		{1, 2, Value{Kind: Text, Raw: "+1+1"}},
		{1, 3, Value{Kind: Text, Raw: "@SUM(A1)"}},
		{1, 4, Value{Kind: Text, Raw: " <&> "}},
		{3, 1, Value{Kind: Number, Raw: "16.4", Digits: "16.4", NumFmt: "0.0"}},
		{3, 2, Value{Kind: Number, Raw: "-3", Digits: "-3"}},
		{3, 3, Value{Kind: Number, Raw: "32.8", Digits: "32.8", Formula: "A3*2"}},
		{3, 4, Value{Kind: Text, Formula: `IF(A9="","",1)`}}, // t="str" with no value: an empty text result
		{3, 5, Value{}},
	} {
		if got, err := wb.Cell("Nguồn dữ liệu", c.row, c.col); err != nil || got != c.want {
			t.Errorf("%s: %+v %v, want %+v", Cell(c.row, c.col), got, err, c.want)
		}
	}
	if got := wb.Sheets(); len(got) != 2 || got[1] != "Nguồn dữ liệu" {
		t.Errorf("sheets %q", got)
	}
	// Rows out of order are an error of the book, not a damaged file.
	b = NewBook()
	r = b.Rows("S", RowsSetup{})
	r.Write(2, 0, T("a", Style{}))
	r.Write(2, 0, T("b", Style{}))
	if err := b.Save(&bytes.Buffer{}, time.Time{}); err == nil {
		t.Error("row 2 written twice and saved")
	}
}

// TestRowsAsExcelize: a streamed sheet's rows are the bytes excelize's stream writer makes of the
// same cells (texts with white space at either end, line feeds, tabs, quotes, markup, what reads
// as an OOXML escape, a text longer than a cell holds, characters XML forbids; numbers;
// formulas with and without results; blanks; row heights over the limit), with merged cells,
// page breaks and a table, so that the workbook is the one it was when excelize wrote the rows.
func TestRowsAsExcelize(t *testing.T) {
	long := strings.Repeat("ạ", 40000)
	styles := []Style{{}, {Bold: true, Size: 10, Align: Center, Wrap: true, Border: true, Fill: "D9E1F2"}, {NumFmt: "#,##0.0", Border: true}}
	rows := [][]Out{
		{T("Chỉ tiêu", styles[1]), T("Cột", styles[1]), T("Giá trị", styles[1])},
		{T(" lề trái", styles[0]), T("lề phải\t", styles[2]), T("dòng\nmới\r\n", styles[0]), T(`"trích" 'dẫn' <b>&amp;</b>`, styles[1])},
		{T("1_x0001_0 _x005F_x0041_ _x005F_ _xD800_ _x12G4_", styles[0]), T(XMLSafe("điều\x01khiển\x1f"), styles[0]), T(long, styles[1]), T("", styles[2])},
		{N("16.4", styles[2]), N("-3", styles[0]), N("0.1", styles[2]), N("123456789012.125", styles[2]), N("", styles[2])},
		{F("A5*2", "32.8", styles[2]), F(`IF(A9="","",1)&"<x>"`, "", styles[1]), F("SUM(A1:A3)", "0", styles[0]), Blank(styles[1]), Blank(Style{})},
	}
	heights := []float64{30, 0, 17.25, 500, 12.5}
	write := func(direct bool) []byte {
		b := NewBook()
		defer b.Close()
		b.Sheet("Bìa").Text(1, 1, "bìa", Style{})
		r := b.Rows("Dòng", RowsSetup{Widths: []ColsWidth{{1, 2, 20}}, FreezeRow: 2, FreezeCol: 1, TableHead: 2, Page: &Page{FitWidth: true, TitleRows: [2]int{1, 1}}})
		if !direct {
			r.data = nil // excelize's stream writer holds the rows, as it did
		}
		for i, cells := range rows {
			row := i + 2
			if direct {
				r.Write(row, heights[i], cells...)
				continue
			}
			var opts []excelize.RowOpts
			if heights[i] > 0 {
				opts = append(opts, excelize.RowOpts{Height: min(heights[i], MaxRowHeight)})
			}
			b.fail(r.sw.SetRow(Cell(row, 1), r.excelizeCells(row, cells), opts...))
			r.last = row
		}
		r.Merge(3, 1, 3, 2)
		r.PageBreak(4)
		r.Table("Bang", 2, 6, 3)
		var buf bytes.Buffer
		if err := b.Save(&buf, time.Date(2025, 1, 10, 0, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	ours, theirs := write(true), write(false)
	if !bytes.Equal(ours, theirs) {
		zo, _ := zip.NewReader(bytes.NewReader(ours), int64(len(ours)))
		zt, _ := zip.NewReader(bytes.NewReader(theirs), int64(len(theirs)))
		for i, f := range zo.File {
			a, b := readEntry(f), readEntry(zt.File[i])
			if a != b {
				i := 0
				for i < len(a) && i < len(b) && a[i] == b[i] {
					i++
				}
				t.Errorf("%s differs at byte %d:\nours   %.1500s\ntheirs %.1500s", f.Name, i, a[max(i-200, 0):], b[max(i-200, 0):])
			}
		}
		t.Error("the workbook differs from excelize's")
	}
	if !bytes.Contains(ours, []byte("xl/tables/table1.xml")) {
		t.Error("no table")
	}
}

func readEntry(f *zip.File) string {
	r, err := f.Open()
	if err != nil {
		return err.Error()
	}
	defer r.Close()
	b, _ := io.ReadAll(r)
	return string(b)
}

// TestDetach: rows written on a goroutine of their own (Detach), while another sheet is written
// with styles of its own, give the parts the same rows give written in turn (deflated apart,
// each part read whole with its CRC-32 checked), and the same bytes every time; a style the
// detached rows use but were not given is the save's error, not a style numbered by whichever
// goroutine came first.
func TestDetach(t *testing.T) {
	bold, note, num := Style{Bold: true}, Style{Size: 10, Wrap: true, Border: true}, Style{Align: Right, NumFmt: "#,##0.0"}
	write := func(detach bool, styles []Style) ([]byte, error) {
		b := NewBook()
		defer b.Close()
		other := b.Sheet("Khác")
		r := b.Rows("Dòng", RowsSetup{Widths: []ColsWidth{{1, 3, 20}}, Page: &Page{FitWidth: true, TitleRows: [2]int{1, 1}}})
		rows := func() {
			r.Write(1, 20, T("Tiêu đề", bold))
			r.Merge(1, 1, 1, 3)
			r.PageBreak(1) // none: a page starts there
			for row := 2; row < 3000; row++ {
				r.Write(row, 0, T(fmt.Sprintf("dòng %d", row), note), N(strconv.Itoa(row*7), num), Blank(note))
				r.Merge(row, 2, row, 3)
				if row%50 == 0 {
					r.PageBreak(row)
				}
				if row == 120 {
					r.PageBreak(50) // again, and after later ones
				}
			}
		}
		if detach {
			b.Detach(r, styles, rows)
		} else {
			for _, st := range styles {
				b.style(st)
			}
			rows()
		}
		for i := range 200 {
			other.Text(i+1, 1, "khác", Style{Size: float64(8 + i%7), Italic: i%2 == 0})
		}
		var buf bytes.Buffer
		err := b.Save(&buf, time.Date(2025, 1, 10, 0, 0, 0, 0, time.UTC))
		return buf.Bytes(), err
	}
	all := []Style{bold, note, num}
	inTurn, err := write(false, all)
	if err != nil {
		t.Fatal(err)
	}
	parts := func(b []byte) map[string]string {
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		for _, f := range zr.File {
			if f.ModifiedDate != msDosDate(zipTime) || f.ModifiedTime != 0 {
				t.Errorf("%s: dated %d %d, not 1980-01-01 00:00", f.Name, f.ModifiedDate, f.ModifiedTime)
			}
			if f.CreatorVersion != 20 || f.ReaderVersion != 20 {
				t.Errorf("%s: made by version %d, needs %d, not 2.0 (deflate)", f.Name, f.CreatorVersion, f.ReaderVersion)
			}
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			data, err := io.ReadAll(r) // checks the CRC-32 at the end
			if err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
			m[f.Name] = string(data)
		}
		return m
	}
	want := parts(inTurn)
	var first []byte
	for i := range 5 {
		detached, err := write(true, all)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = detached
			if got := parts(detached); !maps.Equal(got, want) {
				t.Fatal("the detached rows give other parts than the same rows written in turn")
			}
			if f, err := excelize.OpenReader(bytes.NewReader(detached)); err != nil {
				t.Fatal(err)
			} else if v, _ := f.GetCellValue("Dòng", "B2999", excelize.Options{RawCellValue: true}); v != strconv.Itoa(2999*7) {
				t.Errorf("B2999 = %q", v)
			}
		} else if !bytes.Equal(detached, first) {
			t.Fatal("two detached writes give other bytes")
		}
	}
	if _, err := write(true, []Style{bold, note}); err == nil || !strings.Contains(err.Error(), "not prepared") {
		t.Errorf("a style not given to Detach: %v", err)
	}
	// Detached after its first row: the save says so (the rows written before would be read by
	// the save while the goroutine adds more).
	b := NewBook()
	defer b.Close()
	r := b.Rows("Dòng", RowsSetup{})
	r.Write(1, 0, T("đầu", note))
	b.Detach(r, all, func() { r.Write(2, 0, T("sau", note)) })
	if err := b.Save(io.Discard, time.Now()); err == nil || !strings.Contains(err.Error(), "detached after row 1") {
		t.Errorf("detached after its first row: %v", err)
	}
}

// TestCRC32Combine: the CRC-32 of two pieces joined is what hashing them joined gives.
func TestCRC32Combine(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		a, b := make([]byte, rng.IntN(3000)), make([]byte, rng.IntN(3000))
		for i := range a {
			a[i] = byte(rng.Uint32())
		}
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		if got, want := crc32Combine(crc32.ChecksumIEEE(a), crc32.ChecksumIEEE(b), int64(len(b))), crc32.ChecksumIEEE(append(a, b...)); got != want {
			t.Fatalf("%d+%d bytes: %08x, want %08x", len(a), len(b), got, want)
		}
	}
}
