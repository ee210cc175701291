package xlsx

import (
	"chitieu/outfile"
	"context"
	"io"
	"testing"
	"time"
)

func TestDigits(t *testing.T) {
	for raw, want := range map[string]string{
		"570.3099999999999": "570.31", "844.9299999999999": "844.93", "0.164": "0.164", "13370": "13370",
		"1E-3": "0.001", "1.5E+20": "150000000000000000000", "-0": "0", "0.30000000000000004": "0.3",
		"123456789012345678": "123456789012346000", "abc": "abc", "": "",
	} {
		if got := Digits(raw); got != want {
			t.Errorf("Digits(%q) = %q, want %q", raw, got, want)
		}
	}
}

func TestFormulaResults(t *testing.T) {
	b := NewBook()
	s := b.Sheet("Tổng hợp")
	s.Number(1, 1, "0.1", Style{})
	s.Number(2, 1, "0.2", Style{})
	s.FormulaValue(3, 1, "A1+A2", "0.3", Style{})
	s.FormulaValue(4, 1, "A3*10", "3", Style{Bold: true})
	s.Formula(5, 1, "A4*2", Style{})
	path := t.TempDir() + "/f.xlsx"
	if err := outfile.Write(context.Background(), path, func(w io.Writer) error { return b.Save(w, time.Time{}) }); err != nil {
		t.Fatal(err)
	}
	wb, err := Open(path, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	for row, want := range map[int]string{3: "0.3", 4: "3", 5: ""} {
		v, err := wb.Cell("Tổng hợp", row, 1)
		if err != nil || v.Raw != want || v.Formula == "" {
			t.Errorf("row %d: %+v %v, want result %q", row, v, err, want)
		}
	}
}

// TestPercent: only a % that scales makes a percentage format.
func TestPercent(t *testing.T) {
	for code, want := range map[string]bool{
		"0%": true, "0.0%": true, "#,##0.00%;[Red]-#,##0.00%": true, `0.0"%"`: false, `0.0\%`: false,
		`"tăng "0.0%`: true, `"%"0.0`: false, "#,##0.0": false, "": false, `_%0.0`: false, `0.0 "pct" %`: true,
	} {
		if got := (Value{NumFmt: code}).Percent(); got != want {
			t.Errorf("Percent(%q) = %v, want %v", code, got, want)
		}
	}
}
