package validate

import (
	"archive/zip"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/xlsx"
)

// corpus writes n distinct, correctly filled 01/CT-TK submissions (one per month, from 1980-01)
// into a temporary folder, once per benchmark binary and size.
var corpora = map[int]string{}

func corpus(b *testing.B, n int) string {
	b.Helper()
	if dir, ok := corpora[n]; ok {
		return dir
	}
	p := defaultPlan(b)
	dir, err := os.MkdirTemp("", fmt.Sprintf("chitieu-bench-%d-", n))
	if err != nil {
		b.Fatal(err)
	}
	for i := range n {
		period := fmt.Sprintf("%04d-%02d", 1980+i/12, i%12+1)
		newForm(b, p, "01/CT-TK", "CTK", period).fillValid().save(dir, period+".xlsx")
	}
	corpora[n] = dir
	return dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, dir := range corpora {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

// BenchmarkValidate500 validates 500 filled submissions: open, read by key, check, duplicates.
func BenchmarkValidate500(b *testing.B) {
	dir := corpus(b, 500)
	p := defaultPlan(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rep, err := Run(context.Background(), Options{Plan: p, Limits: xlsx.DefaultLimits}, []string{dir})
		if err != nil || rep.Summary().Valid != 500 {
			b.Fatalf("%v %+v", err, rep.Summary())
		}
	}
	b.ReportMetric(500*float64(b.N)/b.Elapsed().Seconds(), "files/s")
}

// BenchmarkLowerBound500 is the floor any validation of the same files stands on: unzip each
// file and scan its sheets' and shared strings' XML into tokens, interpreting nothing.
func BenchmarkLowerBound500(b *testing.B) {
	dir := corpus(b, 500)
	paths, _ := filepath.Glob(filepath.Join(dir, "*.xlsx"))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, path := range paths {
			if err := scan(path); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(paths))*float64(b.N)/b.Elapsed().Seconds(), "files/s")
}

func scan(path string) error {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return err
	}
	defer zr.Close()
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, "xl/worksheets/") && f.Name != "xl/sharedStrings.xml" {
			continue
		}
		r, err := f.Open()
		if err != nil {
			return err
		}
		d := xml.NewDecoder(r)
		for {
			if _, err := d.RawToken(); err == io.EOF {
				break
			} else if err != nil {
				r.Close()
				return err
			}
		}
		r.Close()
	}
	return nil
}
