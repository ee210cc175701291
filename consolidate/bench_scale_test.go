package consolidate

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"chitieu/demo"
	"chitieu/schema"
	"chitieu/seeds"
	"chitieu/validate"
	"chitieu/xlsx"
)

// scaleDirs holds the corpora of the scale benchmarks, written once per run.
var scaleDirs = map[string]string{}

func scaleDir(b *testing.B, name string, write func(dir string)) string {
	if d, ok := scaleDirs[name]; ok {
		return d
	}
	dir, err := os.MkdirTemp("", "chitieu-"+name+"-")
	if err != nil {
		b.Fatal(err)
	}
	write(dir)
	scaleDirs[name] = dir
	benchDirs[-len(scaleDirs)] = dir // removed by TestMain
	return dir
}

// communeCorpus is the 166 communes' 03/CT-X reports for 2025, a 300-character note on every row.
func communeCorpus(b *testing.B, p *schema.Plan) string {
	return scaleDir(b, "communes", func(dir string) { communeReports(b, p, dir, true) })
}

// copiesCorpus is n files made of the demo's 31 filled reports for 2023, each sent again and
// again under another name (n/31 copies of each): a folder a province office's inbox fills.
func copiesCorpus(b *testing.B, p *schema.Plan, n int) string {
	return scaleDir(b, "copies-"+strconv.Itoa(n), func(dir string) {
		src := b.TempDir()
		res, err := demo.Fill(context.Background(), p, src)
		if err != nil {
			b.Fatal(err)
		}
		filled := res.Filled
		if len(filled) != 31 {
			b.Fatalf("%d filled reports for 2023", len(filled))
		}
		for i := range n {
			data, err := os.ReadFile(filled[i%31])
			if err != nil {
				b.Fatal(err)
			}
			name := fmt.Sprintf("%s - bản %04d.xlsx", filepath.Base(filled[i%31]), i/31+1)
			os.WriteFile(filepath.Join(dir, name), data, 0o644)
		}
	})
}

func benchScale(b *testing.B, p *schema.Plan, period, dir string, write bool) {
	per, _ := schema.ParsePeriod(period)
	paths, _ := filepath.Glob(filepath.Join(dir, "*.xlsx"))
	b.ReportAllocs()
	b.ResetTimer()
	var peak uint64
	for b.Loop() {
		peak = max(peak, peakHeap(func() {
			if !write {
				if _, err := validate.Run(context.Background(), validate.Options{Plan: p, Period: &per, Limits: xlsx.DefaultLimits}, []string{dir}); err != nil {
					b.Fatal(err)
				}
				return
			}
			// As consolidate does with files given instead of a store: received through the one
			// receiver into a scratch store, then built from its submissions.
			m := Build(p, per, received(b, p, per, dir), testDate, nil)
			if err := m.Write(io.Discard); err != nil {
				b.Fatal(err)
			}
		}))
	}
	b.ReportMetric(float64(len(paths))*float64(b.N)/b.Elapsed().Seconds(), "files/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

func seedPlan(b *testing.B) *schema.Plan {
	p, fs, err := seeds.Load(seeds.Default)
	if err != nil || fs.HasErrors() {
		b.Fatal(err, fs)
	}
	return p
}

// BenchmarkCommunes consolidates the 166 communes' reports with notes and writes the province
// workbook; BenchmarkCommunesRead only reads and checks them (validate), and BenchmarkCommunesBound
// unzips and tokenizes them: the bounds of the same run.
func BenchmarkCommunes(b *testing.B) {
	p := seedPlan(b)
	benchScale(b, p, communePeriod, communeCorpus(b, p), true)
}

func BenchmarkCommunesRead(b *testing.B) {
	p := seedPlan(b)
	benchScale(b, p, communePeriod, communeCorpus(b, p), false)
}

func BenchmarkCommunesBound(b *testing.B) {
	p := seedPlan(b)
	scanBound(b, communeCorpus(b, p))
}

// BenchmarkCopies5000 consolidates 5 000 files, 31 reports sent 161 times each; its bound
// unzips and tokenizes the same files.
func BenchmarkCopies5000(b *testing.B) {
	p := seedPlan(b)
	benchScale(b, p, "2023", copiesCorpus(b, p, 5000), true)
}

func BenchmarkCopies5000Bound(b *testing.B) {
	p := seedPlan(b)
	scanBound(b, copiesCorpus(b, p, 5000))
}

// TestWriteCopiesCorpus writes the 5 000-file corpus into $CHITIEU_BENCH_COPIES, for GNU time
// and the openpyxl comparison (BENCHMARKS.md).
func TestWriteCopiesCorpus(t *testing.T) {
	dir := os.Getenv("CHITIEU_BENCH_COPIES")
	if dir == "" {
		t.Skip("set CHITIEU_BENCH_COPIES to a folder")
	}
	testing.Benchmark(func(b *testing.B) {
		d := copiesCorpus(b, seedPlan(b), 5000)
		os.MkdirAll(dir, 0o755)
		es, _ := os.ReadDir(d)
		for _, e := range es {
			os.Rename(filepath.Join(d, e.Name()), filepath.Join(dir, e.Name()))
		}
	})
}
