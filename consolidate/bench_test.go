package consolidate

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"chitieu/demo"
	"chitieu/schema"
	"chitieu/templates"
	"chitieu/xlsx"
)

// bigPlan is the default plan with form 03/CT-H filled by n territorial units instead of 27, so
// that one period has n submissions to consolidate.
func bigPlan(b *testing.B, n int) *schema.Plan {
	p := plan(b)
	f := p.Form("03/CT-H")
	f.Units = nil
	for i := range n {
		code := fmt.Sprintf("T%04d", i+1)
		p.Units = append(p.Units, schema.Unit{Code: code, Name: "Xã thử " + code, Kind: schema.UnitTerritory})
		f.Units = append(f.Units, code)
	}
	return p
}

var benchDirs = map[int]string{}

// corpus writes n filled 03/CT-H submissions for 2023, once per size.
func corpus(b *testing.B, p *schema.Plan, n int) string {
	if d, ok := benchDirs[n]; ok {
		return d
	}
	dir, err := os.MkdirTemp("", fmt.Sprintf("chitieu-consolidate-%d-", n))
	if err != nil {
		b.Fatal(err)
	}
	ls, err := templates.Plan(p, templates.Selection{Period: demo.Period, Forms: []string{"03/CT-H"}})
	if err != nil || len(ls) != n {
		b.Fatal(err, len(ls))
	}
	for i, l := range ls {
		var tpl bytes.Buffer
		if err := l.Write(&tpl); err != nil {
			b.Fatal(err)
		}
		src := filepath.Join(dir, "tpl.xlsx")
		os.WriteFile(src, tpl.Bytes(), 0o644)
		bk, err := xlsx.OpenBook(src, xlsx.DefaultLimits)
		if err != nil {
			b.Fatal(err)
		}
		s := bk.Existing(l.Sheet)
		for j, ic := range l.Inputs() {
			if ic.Type != "text" {
				s.PutNumber(ic.Row, ic.Col, fmt.Sprint(100+(i*7+j*13)%900))
			}
		}
		// Parts below their totals: the "Trong đó" rows get small figures.
		for _, ind := range []string{"GTSX_CBCT", "TMDT_B2C"} {
			for _, col := range []string{"KH", "TH", "CK"} {
				s.PutNumber(l.RowOf(ind), l.ColOf(col), "10")
			}
		}
		var out bytes.Buffer
		if err := bk.Save(&out, demo.Period.End()); err != nil {
			b.Fatal(err)
		}
		bk.Close()
		os.WriteFile(filepath.Join(dir, l.FileName()), out.Bytes(), 0o644)
	}
	os.Remove(filepath.Join(dir, "tpl.xlsx"))
	benchDirs[n] = dir
	return dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, d := range benchDirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

// peakHeap samples the heap in use while f runs and returns the most seen, in bytes.
func peakHeap(f func()) uint64 {
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	f()
	close(done)
	return peak.Load()
}

func benchConsolidate(b *testing.B, n int) {
	p := bigPlan(b, n)
	dir := corpus(b, p, n)
	period := demo.Period
	b.ReportAllocs()
	b.ResetTimer()
	var peak uint64
	for b.Loop() {
		peak = max(peak, peakHeap(func() {
			m := Build(p, period, received(b, p, period, dir), testDate, nil)
			used := 0
			for _, e := range m.Expected {
				if e.Form.ID == "03/CT-H" && e.Used != nil {
					used++
				}
			}
			if used != n {
				b.Fatalf("%d of %d submissions used", used, n)
			}
			if err := m.Write(io.Discard); err != nil {
				b.Fatal(err)
			}
		}))
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "files/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

// BenchmarkConsolidate50 and BenchmarkConsolidate500 validate and consolidate n submissions of
// 03/CT-H and write the province workbook.
func BenchmarkConsolidate50(b *testing.B)   { benchConsolidate(b, 50) }
func BenchmarkConsolidate500(b *testing.B)  { benchConsolidate(b, 500) }
func BenchmarkConsolidate5000(b *testing.B) { benchConsolidate(b, 5000) }

// BenchmarkBound50, 500 and 5000 are the floor for the same files: unzip each and scan its
// sheets' and shared strings' XML into tokens, interpreting nothing, one file after another.
func BenchmarkBound50(b *testing.B)   { benchBound(b, 50) }
func BenchmarkBound500(b *testing.B)  { benchBound(b, 500) }
func BenchmarkBound5000(b *testing.B) { benchBound(b, 5000) }

func benchBound(b *testing.B, n int) {
	scanBound(b, corpus(b, bigPlan(b, n), n))
}

// scanBound unzips every workbook of dir and scans its sheets' and shared strings' XML into
// tokens, interpreting nothing, one file after another.
func scanBound(b *testing.B, dir string) {
	paths, _ := filepath.Glob(filepath.Join(dir, "*.xlsx"))
	b.ResetTimer()
	for b.Loop() {
		for _, path := range paths {
			zr, err := zip.OpenReader(path)
			if err != nil {
				b.Fatal(err)
			}
			for _, f := range zr.File {
				if !strings.HasPrefix(f.Name, "xl/worksheets/") && f.Name != "xl/sharedStrings.xml" {
					continue
				}
				r, _ := f.Open()
				d := xml.NewDecoder(r)
				for {
					if _, err := d.RawToken(); err != nil {
						break
					}
				}
				r.Close()
			}
			zr.Close()
		}
	}
	b.ReportMetric(float64(len(paths))*float64(b.N)/b.Elapsed().Seconds(), "files/s")
}
