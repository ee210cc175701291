package consolidate

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"chitieu/schema"
	"chitieu/templates"
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

	subs := received(t, p, year, dir)
	m := Build(p, year, subs, testDate, nil)
	var ft *FormTotals
	for _, x := range m.Forms {
		if x.Form.ID == "01/CT-TK" {
			ft = x
		}
	}
	if ft == nil || len(ft.ByUnit) != 1 {
		t.Fatalf("01/CT-TK was not consolidated: %+v", subs[0].Findings)
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

// TestFormsInForce consolidates the year 2026: the communes' 03/CT-X and the Sở Công Thương's
// 05/CT-TMDT are expected, and the districts' 03/CT-H, no longer in force, is not listed.
func TestFormsInForce(t *testing.T) {
	m := seedModel(t, "thanh-hoa", "2026")
	units := map[string]int{}
	for _, ft := range m.Forms {
		units[ft.Form.ID] = len(ft.Units)
	}
	want := map[string]int{"01/CT-TK": 1, "02/CT-DT": 2, "03/CT-X": 166, "04/CT-TK": 1, "05/CT-TMDT": 1}
	if !reflect.DeepEqual(units, want) {
		t.Errorf("forms and their units for 2026: %v, want %v", units, want)
	}
	if got := len(m.Expected); got != 171 {
		t.Errorf("%d reports expected for 2026, want 171", got)
	}
	m = seedModel(t, "thanh-hoa", "2025-6M")
	for _, ft := range m.Forms {
		if ft.Form.ID == "03/CT-X" || ft.Form.ID == "05/CT-TMDT" {
			t.Errorf("%s is listed for the first half of 2025, before it is in force", ft.Form.ID)
		}
		if ft.Form.ID == "03/CT-H" && len(ft.Units) != 27 {
			t.Errorf("03/CT-H has %d units in 2025-6M, want the 27 districts", len(ft.Units))
		}
	}
}
