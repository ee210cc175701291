package templates

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/schema"
	"chitieu/seeds"
	"chitieu/xlsx"
)

var update = flag.Bool("update", false, "rewrite the .golden files")

func plan(t testing.TB, name string) *schema.Plan {
	t.Helper()
	p, fs, err := seeds.Load(name)
	if err != nil || fs.HasErrors() {
		t.Fatal(err, fs)
	}
	return p
}

func layout(t testing.TB, planName, form, unit, period string) *Layout {
	t.Helper()
	p := plan(t, planName)
	per, err := schema.ParsePeriod(period)
	if err != nil {
		t.Fatal(err)
	}
	ls, err := Plan(p, Selection{Period: per, Forms: []string{form}, Units: []string{unit}})
	if err != nil || len(ls) != 1 {
		t.Fatalf("%s %s %s %s: %v (%d layouts)", planName, form, unit, period, err, len(ls))
	}
	return ls[0]
}

func write(t testing.TB, l *Layout, dir string) string {
	t.Helper()
	path := filepath.Join(dir, l.FileName())
	var buf bytes.Buffer
	if err := l.Write(&buf); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// goldenCases are forms that between them have every kind of row and cell: growth rows with
// blocked columns, "Trong đó" rows, a ratio recomputed from its parts, derived columns, notes.
var goldenCases = []struct{ plan, form, unit, period, golden string }{
	{"thanh-hoa", "01/CT-TK", "CTK", "2024-02", "01-CT-TK.golden"},
	{"thanh-hoa", "03/CT-H", "380", "2024", "03-CT-H.golden"},
	{"thanh-hoa", "03/CT-X", "14797", "2026", "03-CT-X.golden"},
	{"quang-nam", "01/CT-QN", "CTK", "2024-6M", "01-CT-QN.golden"},
}

func TestGolden(t *testing.T) {
	dir := t.TempDir()
	for _, c := range goldenCases {
		t.Run(c.golden, func(t *testing.T) {
			path := write(t, layout(t, c.plan, c.form, c.unit, c.period), dir)
			got, err := xlsx.Dump(path)
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", c.golden)
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("dump differs from %s (go test ./templates -update rewrites it):\n%s", golden, diff(string(want), got))
			}
		})
	}
}

// diff shows the first lines that differ.
func diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	n := 0
	for i := 0; i < max(len(w), len(g)) && n < 10; i++ {
		var a, c string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			c = g[i]
		}
		if a != c {
			b.WriteString("- " + a + "\n+ " + c + "\n")
			n++
		}
	}
	return b.String()
}

func TestByteIdentical(t *testing.T) {
	p := plan(t, seeds.Default)
	for _, period := range []string{"2024-02", "2024", "2024-6M"} {
		per, _ := schema.ParsePeriod(period)
		ls, err := Plan(p, Selection{Period: per})
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range ls {
			var a, b bytes.Buffer
			if err := l.Write(&a); err != nil {
				t.Fatal(err)
			}
			if err := l.Write(&b); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Fatalf("%s: two writes differ", l.FileName())
			}
		}
	}
	// A second layout of the same inputs, made afresh, writes the same bytes too.
	var a, b bytes.Buffer
	layout(t, "thanh-hoa", "02/CT-DT", "BQLKKT", "2024-Q1").Write(&a)
	layout(t, "thanh-hoa", "02/CT-DT", "BQLKKT", "2024-Q1").Write(&b)
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two layouts of the same inputs differ")
	}
}

func TestPlanSelection(t *testing.T) {
	p := plan(t, seeds.Default)
	count := func(period string, forms, units []string) (int, error) {
		per, _ := schema.ParsePeriod(period)
		ls, err := Plan(p, Selection{Period: per, Forms: forms, Units: units})
		return len(ls), err
	}
	tests := []struct {
		period       string
		forms, units []string
		want         int
		err          string
	}{
		{"2024-02", nil, nil, 1, ""},                                    // 01/CT-TK by the statistics office
		{"2024-Q1", nil, nil, 3, ""},                                    // 01 by CTK; 02 by SKHDT and BQLKKT
		{"2024", nil, nil, 1 + 2 + 27 + 1, ""},                          // 01, 02, 03 (27 districts), 04
		{"2025-Q2", []string{"02/CT-DT"}, nil, 2, ""},                   // STC took over from SKHDT on 2025-03-01
		{"2025", []string{"03/CT-H"}, nil, 0, "Biểu thay thế: 03/CT-X"}, // districts ended on 2025-06-30
		{"2025-6M", []string{"03/CT-H"}, nil, 27, ""},
		{"2025-6M", []string{"03/CT-X"}, nil, 0, "áp dụng từ ngày 01/07/2025"},
		{"2025", []string{"03/CT-X"}, nil, 166, ""},                            // 147 xã and 19 phường
		{"2026", nil, nil, 1 + 2 + 166 + 1 + 1, ""},                            // 01, 02, 03/CT-X, 04, 05 by the Sở Công Thương
		{"2026-6M", nil, []string{"16654", "SCT", "TKT"}, 1 + 1 + 1, ""},       // 01 by TKT, 03/CT-X, 05/CT-TMDT
		{"2025-Q3", nil, nil, 3, ""},                                           // 01 by TKT; 02 by STC and BQLKKT
		{"2026", []string{"03/CT-X"}, []string{"399"}, 0, "không có biểu nào"}, // Hoằng Hóa district no longer exists
		{"2024-02", []string{"99/X"}, nil, 0, "không có biểu \"99/X\""},
		{"2024-02", []string{"02/CT-DT"}, nil, 0, "không lập cho kỳ"},
		{"2024", nil, []string{"380", "SCT"}, 1, ""},
		{"2024", nil, []string{"XYZ"}, 0, "không có đơn vị"},
	}
	for _, tt := range tests {
		n, err := count(tt.period, tt.forms, tt.units)
		if n != tt.want || (err == nil) != (tt.err == "") || (err != nil && !strings.Contains(err.Error(), tt.err)) {
			t.Errorf("%s %v %v: %d layouts, %v; want %d, %q", tt.period, tt.forms, tt.units, n, err, tt.want, tt.err)
		}
	}
}

func TestFileNames(t *testing.T) {
	l := layout(t, "thanh-hoa", "03/CT-H", "407", "2024")
	if got, want := l.FileName(), "Biểu 03-CT-H - 2024 - 407 Thị xã Nghi Sơn.xlsx"; got != want {
		t.Errorf("FileName = %q, want %q", got, want)
	}
	if got := SafeName("a/b\\c:d*e?f\"g<h>i|j\x01k. ", 100); got != "a-b-c-d-e-f-g-h-i-jk" {
		t.Errorf("SafeName = %q", got)
	}
	// Decomposed input (as macOS writes file names) comes out composed.
	if got := SafeName("Hoa\u0301", 10); got != "Hoá" {
		t.Errorf("SafeName NFC = %q", got)
	}
}
