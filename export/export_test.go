package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"chitieu/finding"
	"chitieu/schema"
	"chitieu/seeds"
	"chitieu/store"
	"chitieu/templates"
	"chitieu/xlsx"
)

func TestCell(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"=1+1", "'=1+1"},
		{"+84 912", "'+84 912"},
		{"-5 so với kế hoạch", "'-5 so với kế hoạch"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=cmd", "'\t=cmd"},
		{"\r=cmd", "'\r=cmd"},
		{"Ước tính", "Ước tính"},
		{"8-3", "8-3"},
		{"", ""},
	} {
		if got := Cell(c.in); got != c.want {
			t.Errorf("Cell(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestCSVWriter checks the guard where the CSV is written: every text column goes through Cell,
// a numeric column keeps its minus (a checked decimal stays a number).
func TestCSVWriter(t *testing.T) {
	var b bytes.Buffer
	cw, err := NewCSV(&b, []templates.TableColumn{{Head: "note"}, {Head: "value", Numeric: true}, {Head: "file"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := cw.Write([]string{"=HYPERLINK(\"http://x\")", "-5.2", "@a.xlsx"}); err != nil {
		t.Fatal(err)
	}
	if err := cw.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "\ufeffnote,value,file\r\n\"'=HYPERLINK(\"\"http://x\"\")\",-5.2,'@a.xlsx\r\n"
	if b.String() != want {
		t.Errorf("got %q\nwant %q", b.String(), want)
	}
}

// TestTable writes the long table of a store holding one report: a row per figure, the note
// column's own figure folded into the note of its row's figure, a note that reads as a formula
// neutralised in the CSV and kept as text in the .xlsx, the status in the reader's language.
func TestTable(t *testing.T) {
	ctx := context.Background()
	p, _, err := seeds.Load(seeds.Default)
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, t.TempDir(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	file := filepath.Join(t.TempDir(), "bao-cao.xlsx")
	if err := os.WriteFile(file, []byte("the report's bytes"), 0o644); err != nil {
		t.Fatal(err)
	}
	sub := store.Submission{Name: "bao-cao.xlsx",
		Report: schema.Report{Form: "01/CT-TK", FormVersion: "1", Unit: "CTK", Period: "2024-03", Valid: true},
		Figures: []schema.Figure{
			{Indicator: "SL_XANG", Column: "TH", Value: schema.MustNumber("-1.5"), Status: schema.StatusEstimate, Note: "=1+2", Sheet: "Biểu 01", Cell: "D12"},
			{Indicator: "SL_XANG", Column: "GC", Note: "=1+2", Sheet: "Biểu 01", Cell: "H12"},
			{Indicator: "SL_DIEN", Column: "GC", Note: "chỉ ghi chú", Sheet: "Biểu 01", Cell: "H11"},
		}}
	if _, err := st.Receive(ctx, file, sub); err != nil {
		t.Fatal(err)
	}
	tab := Table{Plan: p, Store: st, Query: store.FigureQuery{Periods: []string{"2024-03"}}, Lang: finding.EN}
	var b bytes.Buffer
	rows, err := tab.Write(ctx, &b, CSV, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if rows != 2 || len(recs) != 3 {
		t.Fatalf("%d rows, %d records:\n%s", rows, len(recs), b.String())
	}
	if h := strings.Join(recs[0], ","); h != "plan,period,form,unit,indicator,column,value,unit_of_measure,status,note,file,sha256,sheet,cell" {
		t.Errorf("header: %s", h)
	}
	byIndicator := map[string][]string{}
	for _, r := range recs[1:] {
		byIndicator[r[4]] = r
	}
	if r := byIndicator["SL_XANG"]; r == nil || r[6] != "-1.5" || r[7] != "nghìn tấn" || r[8] != "estimate" || r[9] != "'=1+2" || r[13] != "D12" {
		t.Errorf("the figure's row: %q", r)
	}
	if r := byIndicator["SL_DIEN"]; r == nil || r[5] != "GC" || r[9] != "chỉ ghi chú" {
		t.Errorf("a note on a row without figures stays: %q", r)
	}
	// The .xlsx keeps the note as the text it is: no apostrophe, no formula.
	dir := t.TempDir()
	path := filepath.Join(dir, "so-lieu.xlsx")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tab.Write(ctx, f, XLSX, time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	f.Close()
	wb, err := xlsx.Open(path, xlsx.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	sheet := wb.Sheets()[0]
	grid, err := wb.Grid(sheet)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for r, row := range grid {
		for c, v := range row {
			if !strings.Contains(v, "1+2") {
				continue
			}
			found = true
			cell, err := wb.Cell(sheet, r+1, c+1)
			if err != nil || cell.Raw != "=1+2" || cell.Formula != "" {
				t.Errorf("the .xlsx note at row %d, column %d: %+v %v", r+1, c+1, cell, err)
			}
		}
	}
	if !found {
		t.Errorf("the .xlsx has no note: %q", grid)
	}
}
