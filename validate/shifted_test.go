package validate

import (
	"fmt"
	"strings"
	"testing"

	"chitieu/finding"
	"chitieu/schema"
	"chitieu/xlsx"
)

// TestFormulaShiftedByInsertedRow: openpyxl and ExcelJS insert a row without moving the formulas
// below it, so a comparison cell's formula takes the row above's figures, and a file that stores
// its result disagrees with its own row. It was told "Delete the typed number" (there is none)
// with the result quoted to 12 decimals; it is told the formula refers to another row, with
// values as the cell displays them.
func TestFormulaShiftedByInsertedRow(t *testing.T) {
	p := defaultPlan(t)
	f := newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid()
	// Two consecutive rows with the comparison column SS (LK / CK * 100).
	var above, below string
	for i := 1; i < len(f.l.Form.Rows); i++ {
		a, b := f.l.Form.Rows[i-1], f.l.Form.Rows[i]
		if a.Heading == "" && b.Heading == "" && a.Applies("SS") && b.Applies("SS") && f.l.RowOf(b.Indicator) == f.l.RowOf(a.Indicator)+1 &&
			p.Indicator(a.Indicator).Kind == schema.KindLevel && p.Indicator(b.Indicator).Kind == schema.KindLevel {
			above, below = a.Indicator, b.Indicator
			break
		}
	}
	if below == "" {
		t.Fatal("no two consecutive level rows with SS")
	}
	f.num(above, "LK", "100").num(above, "CK", "30")
	path := f.save(t.TempDir(), "chèn dòng.xlsx")
	row, ss := f.pos(below, "SS")
	lk, ck := f.l.ColOf("LK"), f.l.ColOf("CK")
	formula := fmt.Sprintf("%s/%s*100", xlsx.Cell(row-1, lk), xlsx.Cell(row-1, ck))
	replaceCell(t, path, xlsx.Cell(row, ss), fmt.Sprintf(`<c r="%s"><f>%s</f><v>333.333333333333</v></c>`, xlsx.Cell(row, ss), formula))
	got := check(t, p, path, nil)
	var detail string
	for _, x := range got.Findings {
		if x.Indicator == below && x.Column == "SS" {
			detail = x.Detail.In(finding.EN)
		}
	}
	for _, want := range []string{fmt.Sprintf("takes the figures of row %d, not of its own row (%d)", row-1, row), "333.33", "=" + formula} {
		if !strings.Contains(detail, want) {
			t.Errorf("the finding on %s/SS lacks %q: %q", below, want, detail)
		}
	}
	for _, bad := range []string{"Delete the typed number", "333,333333", "333.333333"} {
		if strings.Contains(detail, bad) {
			t.Errorf("the finding on %s/SS says %q: %q", below, bad, detail)
		}
	}
}
