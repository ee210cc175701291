package xlsx

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
	"time"
)

// parts saves a book and returns its zip entries.
func parts(t *testing.T, b *Book) map[string]string {
	t.Helper()
	var buf bytes.Buffer
	if err := b.Save(&buf, time.Time{}); err != nil {
		t.Fatal(err)
	}
	b.Close()
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range z.File {
		r, _ := f.Open()
		data, _ := io.ReadAll(r)
		r.Close()
		out[f.Name] = string(data)
	}
	return out
}

func has(t *testing.T, what, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %s", what, w)
		}
	}
}

// TestPrintPage: fit to width only, or a fixed scale; repeated rows and columns, print area,
// page breaks and footer, on ordinary and streamed sheets.
func TestPrintPage(t *testing.T) {
	b := NewBook()
	a := b.Sheet("Rộng")
	a.Text(1, 1, "x", Style{})
	a.PrintPage(Page{Scale: 90, TitleRows: [2]int{4, 4}, TitleCols: [2]int{1, 3}, Footer: "&CTrang &P/&N"})
	a.PageBreak(30)
	c := b.Sheet("Hẹp")
	c.Text(1, 1, "y", Style{})
	c.PrintPage(Page{Portrait: true, FitWidth: true, TitleRows: [2]int{2, 3}, Area: "A1:F40"})
	r := b.Rows("Dòng", RowsSetup{Page: &Page{FitWidth: true, TitleRows: [2]int{3, 3}}})
	r.Write(1, 0, T("z", Style{}))
	p := parts(t, b)
	has(t, "wide sheet", p["xl/worksheets/sheet1.xml"], `scale="90"`, `orientation="landscape"`, `paperSize="9"`, `<brk id="29"`, `<oddFooter>&amp;CTrang &amp;P/&amp;N</oddFooter>`)
	if strings.Contains(p["xl/worksheets/sheet1.xml"], `fitToPage="true"`) {
		t.Error("a sheet at a fixed scale must not fit to the page")
	}
	has(t, "narrow sheet", p["xl/worksheets/sheet2.xml"], `fitToPage="true"`, `fitToWidth="1"`, `fitToHeight="0"`, `orientation="portrait"`)
	has(t, "streamed sheet", p["xl/worksheets/sheet3.xml"], `fitToPage="true"`, `fitToHeight="0"`)
	has(t, "names", strings.ReplaceAll(p["xl/workbook.xml"], "&#39;", "'"), `'Rộng'!$A:$C,'Rộng'!$4:$4`, `'Hẹp'!$2:$3`, `'Hẹp'!$A$1:$F$40`, `'Dòng'!$3:$3`)
}

// TestBars: one series per group, each its own colour, no varying colours, fully overlapped;
// the bars grow from 0 and the reference value is the value axis's major unit, its gridline red.
func TestBars(t *testing.T) {
	b := NewBook()
	s := b.Sheet("A")
	for i, v := range []string{"99.3", "34", "115"} {
		s.Text(2+i, 1, "chỉ tiêu", Style{})
		s.Number(2+i, 2+i, v, Style{})
	}
	s.BarChart(6, 1, Bars{Title: "Mức độ hoàn thành", Categories: "'A'!$A$2:$A$4", Reference: 100, NumFmt: "#,##0.0", Width: 600, Height: 300,
		Groups: []BarGroup{{"'A'!$B$1", "'A'!$B$2:$B$4", "70AD47"}, {"'A'!$C$1", "'A'!$C$2:$C$4", "FFC000"}, {"'A'!$D$1", "'A'!$D$2:$D$4", "5B9BD5"}}})
	chart := parts(t, b)["xl/charts/chart1.xml"]
	has(t, "chart", chart, `<varyColors val="0">`, `<majorUnit val="100">`, `<crosses val="autoZero">`, `<overlap val="100">`, `srgbClr val="70AD47"`, `srgbClr val="FFC000"`, `srgbClr val="5B9BD5"`, `<tickLblPos val="low">`)
	if strings.Contains(chart, `<varyColors val="1">`) {
		t.Error("colours vary per bar")
	}
	if strings.Contains(chart, `<crossesAt`) {
		t.Error("the bars grow from the reference value, not from 0")
	}
}
