package main

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"chitieu/schema"
	"chitieu/seeds"
	"chitieu/templates"
	"chitieu/xlsx"
)

// The receive benchmarks file n distinct 03/CT-H reports for 2023, one per commune of a copy of
// the default plan whose 03/CT-H is filled by n communes (T00001…), into a new store each time.
// The corpus is written once into the system's temporary folder and kept for later runs (and for
// measuring the command with GNU time: see TestWriteReceiveCorpus).

// benchPlan writes the plan with n communes filling 03/CT-H, and returns its file.
func benchPlan(tb testing.TB, dir string, n int) string {
	tb.Helper()
	path := filepath.Join(dir, "plan.yaml")
	if _, err := os.Stat(path); err == nil {
		return path
	}
	p, _, err := seeds.Load(seeds.Default)
	if err != nil {
		tb.Fatal(err)
	}
	f := p.Form("03/CT-H")
	f.Units = nil
	for i := range n {
		code := fmt.Sprintf("T%05d", i+1)
		p.Units = append(p.Units, schema.Unit{Code: code, Name: "Xã thử " + code, Kind: schema.UnitTerritory})
		f.Units = append(f.Units, code)
	}
	b, err := p.YAML()
	if err != nil {
		tb.Fatal(err)
	}
	os.MkdirAll(dir, 0o755)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

// receiveCorpus writes (once) n filled reports into dir/files and the plan into dir/plan.yaml.
// One report is filled by opening its template and typing, as a unit would; the others are that
// report with the unit's code put in its place in the XML (the codes have one length), which is
// what a template made for the unit and filled with the same figures holds.
func receiveCorpus(tb testing.TB, n int) (plan, files string) {
	tb.Helper()
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("chitieu-bench-receive-%d", n))
	plan = benchPlan(tb, dir, n)
	files = filepath.Join(dir, "files")
	if m, _ := filepath.Glob(filepath.Join(files, "*.xlsx")); len(m) == n {
		return plan, files
	}
	os.RemoveAll(files)
	os.MkdirAll(files, 0o755)
	p, fs := schema.Load(plan, must(os.ReadFile(plan)))
	if fs.HasErrors() {
		tb.Fatal(fs)
	}
	period := schema.Period{Year: 2023, Freq: schema.Yearly}
	ls, err := templates.Plan(p, templates.Selection{Period: period, Forms: []string{"03/CT-H"}, Units: []string{"T00001"}})
	if err != nil || len(ls) != 1 {
		tb.Fatal(err)
	}
	l := ls[0]
	var tpl bytes.Buffer
	if err := l.Write(&tpl); err != nil {
		tb.Fatal(err)
	}
	src := filepath.Join(dir, "tpl.xlsx")
	os.WriteFile(src, tpl.Bytes(), 0o644)
	bk, err := xlsx.OpenBook(src, xlsx.DefaultLimits)
	if err != nil {
		tb.Fatal(err)
	}
	s := bk.Existing(l.Sheet)
	for j, ic := range l.Inputs() {
		if ic.Type != "text" {
			s.PutNumber(ic.Row, ic.Col, strconv.Itoa(100+j*13%900))
		}
	}
	for _, ind := range []string{"GTSX_CBCT", "TMDT_B2C"} {
		for _, col := range []string{"KH", "TH", "CK"} {
			s.PutNumber(l.RowOf(ind), l.ColOf(col), "10")
		}
	}
	var filled bytes.Buffer
	if err := bk.Save(&filled, period.End()); err != nil {
		tb.Fatal(err)
	}
	bk.Close()
	zr, err := zip.NewReader(bytes.NewReader(filled.Bytes()), int64(filled.Len()))
	if err != nil {
		tb.Fatal(err)
	}
	parts := map[string][]byte{}
	for _, zf := range zr.File {
		r, _ := zf.Open()
		parts[zf.Name], _ = io.ReadAll(r)
		r.Close()
	}
	work := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range work {
				code := fmt.Sprintf("T%05d", i+1)
				var out bytes.Buffer
				zw := zip.NewWriter(&out)
				for _, zf := range zr.File {
					w, _ := zw.Create(zf.Name)
					w.Write(bytes.ReplaceAll(parts[zf.Name], []byte("T00001"), []byte(code)))
				}
				zw.Close()
				name := strings.ReplaceAll(l.FileName(), "T00001", code)
				if err := os.WriteFile(filepath.Join(files, name), out.Bytes(), 0o644); err != nil {
					tb.Error(err)
				}
			}
		})
	}
	for i := range n {
		work <- i
	}
	close(work)
	wg.Wait()
	return plan, files
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

func benchReceive(b *testing.B, n int) {
	plan, files := receiveCorpus(b, n)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		kho := b.TempDir()
		code, out, errs := chitieu(b, "receive", "--plan", plan, "--store", kho, "--format", "json", files)
		if code != exitOK {
			b.Fatalf("%d %s %s", code, out[:min(len(out), 2000)], errs)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "files/s")
}

// benchBound is the floor any receiving of the same files stands on, on the same cores: unzip
// each file and scan its XML into tokens, interpreting nothing.
func benchBound(b *testing.B, n int) {
	_, files := receiveCorpus(b, n)
	paths, _ := filepath.Glob(filepath.Join(files, "*.xlsx"))
	b.ResetTimer()
	for b.Loop() {
		work := make(chan string)
		var wg sync.WaitGroup
		for range runtime.GOMAXPROCS(0) {
			wg.Go(func() {
				for p := range work {
					if err := scanXML(p); err != nil {
						b.Error(err)
					}
				}
			})
		}
		for _, p := range paths {
			work <- p
		}
		close(work)
		wg.Wait()
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "files/s")
}

func scanXML(path string) error {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return err
	}
	defer zr.Close()
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".xml") {
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

func BenchmarkReceive1000(b *testing.B)  { benchReceive(b, 1000) }
func BenchmarkBound1000(b *testing.B)    { benchBound(b, 1000) }
func BenchmarkReceive5000(b *testing.B)  { benchReceive(b, 5000) }
func BenchmarkBound5000(b *testing.B)    { benchBound(b, 5000) }
func BenchmarkReceive20000(b *testing.B) { benchReceive(b, 20000) }
func BenchmarkBound20000(b *testing.B)   { benchBound(b, 20000) }

// TestWriteReceiveCorpus writes the benchmark's corpus for measuring the command from outside
// (GNU time): CHITIEU_BENCH_CORPUS=5000 go test ./cmd/chitieu -run TestWriteReceiveCorpus -v
func TestWriteReceiveCorpus(t *testing.T) {
	n, err := strconv.Atoi(os.Getenv("CHITIEU_BENCH_CORPUS"))
	if err != nil {
		t.Skip("CHITIEU_BENCH_CORPUS=N writes the corpus of N reports")
	}
	plan, files := receiveCorpus(t, n)
	t.Logf("plan %s, files %s", plan, files)

}
