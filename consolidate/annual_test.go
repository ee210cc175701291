package consolidate

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"chitieu/schema"
	"chitieu/templates"
	"chitieu/validate"
	"chitieu/xlsx"
)

// TestYearFigureFromPeriodColumn consolidates a year's 01/CT-TK, which asks for "this period"
// and not again for "year to date": the province's figures and the assessment of a target for
// the year come from the period column, and the year is judged as a year, not tạm tính.
func TestYearFigureFromPeriodColumn(t *testing.T) {
	p := plan(t)
	year := schema.Period{Year: 2024, Freq: schema.Yearly}
	ls, err := templates.Plan(p, templates.Selection{Period: year, Forms: []string{"01/CT-TK"}})
	if err != nil || len(ls) != 1 {
		t.Fatal(err, len(ls))
	}
	l := ls[0]
	var buf bytes.Buffer
	if err := l.Write(&buf); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, l.FileName())
	os.WriteFile(path, buf.Bytes(), 0o644)
	b, err := xlsx.OpenBook(path, xlsx.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	s := b.Existing(l.Sheet)
	for _, ic := range l.Inputs() {
		switch {
		case ic.Column != "TH":
		case ic.Type == "integer":
			s.PutNumber(ic.Row, ic.Col, "3")
		case ic.Type == "decimal":
			s.PutNumber(ic.Row, ic.Col, "9.1")
		}
	}
	buf.Reset()
	if err := b.Save(&buf, testDate); err != nil {
		t.Fatal(err)
	}
	b.Close()
	os.WriteFile(path, buf.Bytes(), 0o644)

	rep, err := validate.Run(context.Background(), validate.Options{Plan: p, Period: &year}, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	m := Build(p, year, rep, testDate)
	var ft *FormTotals
	for _, x := range m.Forms {
		if x.Form.ID == "01/CT-TK" {
			ft = x
		}
	}
	if ft == nil || len(ft.ByUnit) != 1 {
		t.Fatalf("01/CT-TK was not consolidated: %+v", rep.Files[0].Findings)
	}
	if ft.Form.Column("LK") != nil {
		t.Error("the year's 01/CT-TK is consolidated with a year-to-date column")
	}
	if v := ft.Province[schema.CellKey{Indicator: "IIP", Column: "TH"}]; v.String() != "9.1" {
		t.Errorf("province IIP for the year = %q, want 9.1", v)
	}
	// IIP ≥ 8% in 2024: the year's 9,1% decides it, not the documents' first two months.
	a := find(t, m, "TH-IIP-2024")
	if a.Achieved != 9.1 || a.Provisional || a.Status != Exceeded {
		t.Errorf("TH-IIP-2024: achieved %v provisional %v %v; want 9,1 from the year's form", a.Achieved, a.Provisional, a.Status)
	}
}
