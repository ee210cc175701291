package xlsx

import (
	"bytes"
	"chitieu/outfile"
	"context"
	"io"
	"testing"
	"time"
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
