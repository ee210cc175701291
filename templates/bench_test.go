package templates

import (
	"io"
	"testing"

	"chitieu/schema"
	"chitieu/seeds"
)

// BenchmarkDefaultPlanYear writes every template of the default plan for a year: every form
// filled yearly, for every unit (31 workbooks for 2024). Layout and writing are measured; the
// plan is loaded once.
func BenchmarkDefaultPlanYear(b *testing.B) {
	p := plan(b, seeds.Default)
	per, _ := schema.ParsePeriod("2024")
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		ls, err := Plan(p, Selection{Period: per})
		if err != nil {
			b.Fatal(err)
		}
		for _, l := range ls {
			if err := l.Write(io.Discard); err != nil {
				b.Fatal(err)
			}
		}
		n = len(ls)
	}
	b.ReportMetric(float64(n), "workbooks/op")
}

// BenchmarkOneWorkbook writes the largest form of the default plan once.
func BenchmarkOneWorkbook(b *testing.B) {
	l := layout(b, "thanh-hoa", "01/CT-TK", "CTK", "2024-02")
	b.ReportAllocs()
	for b.Loop() {
		if err := l.Write(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
