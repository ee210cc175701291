package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"chitieu/schema"
	"chitieu/seeds"
	"chitieu/store"
	"chitieu/templates"
	"chitieu/xlsx"

	"github.com/xuri/excelize/v2"
)

// The receive benchmarks file n distinct 03/CT-H reports — 200 communes of a copy of the default
// plan whose 03/CT-H is filled by 200 communes (T00001…), for as many years back from 2024 as
// make n — into a new store each time. The plan is the same whatever n, so that what grows with n
// is the receiving alone. The corpus is written once into the system's temporary folder and kept
// for later runs (and for measuring the command with GNU time: see TestWriteReceiveCorpus).

// benchUnits is how many communes fill 03/CT-H in the benchmarks' plan.
const benchUnits = 200

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
	// The communes fill 03/CT-H (yearly) and 01/CT-TK (monthly) in place of the plan's own units.
	h, m := p.Form("03/CT-H"), p.Form("01/CT-TK")
	h.Units, m.Units = nil, nil
	for i := range n {
		code := fmt.Sprintf("T%05d", i+1)
		p.Units = append(p.Units, schema.Unit{Code: code, Name: "Xã thử " + code, Kind: schema.UnitTerritory})
		h.Units = append(h.Units, code)
		m.Units = append(m.Units, code)
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
	plan = benchPlan(tb, dir, benchUnits)
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
	for y := 0; y*benchUnits < n; y++ {
		period := schema.Period{Year: 2024 - y, Freq: schema.Yearly}
		writeBenchForms(tb, p, "03/CT-H", period, dir, files, min(benchUnits, n-y*benchUnits))
	}
	return plan, files
}

// writeBenchForms writes the reports of the first units communes on a form for one period.
func writeBenchForms(tb testing.TB, p *schema.Plan, form string, period schema.Period, dir, files string, units int) {
	ls, err := templates.Plan(p, templates.Selection{Period: period, Forms: []string{form}, Units: []string{"T00001"}})
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
		switch {
		case ic.Type == "text":
		case ic.Unit == "%":
			s.PutNumber(ic.Row, ic.Col, "8.5")
		case ic.Column == "LK":
			s.PutNumber(ic.Row, ic.Col, "5000") // the year to date above the month
		default:
			s.PutNumber(ic.Row, ic.Col, strconv.Itoa(100+j*13%900))
		}
	}
	if form == "03/CT-H" {
		for _, ind := range []string{"GTSX_CBCT", "TMDT_B2C"} {
			for _, col := range []string{"KH", "TH", "CK"} {
				s.PutNumber(l.RowOf(ind), l.ColOf(col), "10")
			}
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
	for i := range units {
		work <- i
	}
	close(work)
	wg.Wait()
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

func benchReceive(b *testing.B, n int) {
	plan, files := receiveCorpus(b, n)
	// Each op's store is made in a folder of its own block group: on ext4 without a journal the
	// kernel does not reuse an inode freed in the last minute or more, and scans every such
	// inode of a group at each file it creates. The stores of the ops before, removed from the
	// same folder a moment before, then made each file the store creates cost 0.5-0.9 ms of
	// kernel time instead of 25 us, doubling receive's time (BENCHMARKS.md): the benchmark's
	// own clean-up, not receiving. An office's store is made once.
	stores := b.TempDir()
	spreadFolders(stores)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		kho, err := os.MkdirTemp(stores, "kho")
		if err != nil {
			b.Fatal(err)
		}
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

// historyStore makes (once) a store holding ten years of monthly 01/CT-TK reports of the 200
// communes (2015-01 … 2024-11: 23 800 reports, ten figures each, filed through ReceiveBatch with
// small stand-in files), and the communes' real filled forms for 2024-12 received into it; with
// history false, a store with the 2024-12 forms alone. It returns the plan and the store.
func historyStore(b *testing.B, history bool) (plan, kho string) {
	b.Helper()
	dir := filepath.Join(os.TempDir(), "chitieu-bench-history")
	plan = benchPlan(b, dir, benchUnits)
	kho = filepath.Join(dir, map[bool]string{true: "kho", false: "kho-trống"}[history])
	if _, err := os.Stat(filepath.Join(kho, "done")); err == nil {
		return plan, kho
	}
	os.RemoveAll(kho)
	p, fs := schema.Load(plan, must(os.ReadFile(plan)))
	if fs.HasErrors() {
		b.Fatal(fs)
	}
	period := schema.Period{Year: 2024, Freq: schema.Monthly, N: 12}
	files := filepath.Join(dir, "files-2024-12")
	if m, _ := filepath.Glob(filepath.Join(files, "*.xlsx")); len(m) != benchUnits {
		os.MkdirAll(files, 0o755)
		writeBenchForms(b, p, "01/CT-TK", period, dir, files, benchUnits)
	}
	if history {
		ctx := context.Background()
		st, err := store.Open(ctx, kho, p.ID)
		if err != nil {
			b.Fatal(err)
		}
		stand := filepath.Join(dir, "stand-ins")
		os.MkdirAll(stand, 0o755)
		var items []store.Item
		flush := func() {
			if _, err := st.ReceiveBatch(ctx, items); err != nil {
				b.Fatal(err)
			}
			for _, it := range items {
				os.Remove(it.Path)
			}
			items = items[:0]
		}
		for y := 2015; y <= 2024; y++ {
			for mo := 1; mo <= 12 && !(y == 2024 && mo == 12); mo++ {
				per := schema.Period{Year: y, Freq: schema.Monthly, N: mo}
				for u := range benchUnits {
					code := fmt.Sprintf("T%05d", u+1)
					path := filepath.Join(stand, fmt.Sprintf("%s-%s.xlsx", per, code))
					os.WriteFile(path, []byte("stand-in for "+per.String()+" "+code), 0o644)
					sub := store.Submission{Report: schema.Report{Form: "01/CT-TK", FormVersion: "1", Unit: code, Period: per.String(), Valid: true}}
					for _, ind := range []string{"SL_DIEN", "SL_DIESEL", "SL_XANG", "SL_XIMANG", "SL_DUONG"} {
						sub.Figures = append(sub.Figures, schema.Figure{Indicator: ind, Column: "TH", Value: schema.MustNumber("100"), Status: schema.StatusOfficial, Sheet: "Biểu 01-CT-TK", Cell: "E18"})
						if per.N < 11 { // November's year to date is left out: December's forms carry their own
							sub.Figures = append(sub.Figures, schema.Figure{Indicator: ind, Column: "LK", Value: schema.MustNumber(strconv.Itoa(100 * mo)), Status: schema.StatusOfficial, Sheet: "Biểu 01-CT-TK", Cell: "F18"})
						}
					}
					items = append(items, store.Item{Path: path, Sub: sub})
					if len(items) == store.MaxBatch {
						flush()
					}
				}
			}
		}
		if len(items) > 0 {
			flush()
		}
		st.Close()
	}
	if code, _, errs := chitieu(b, "receive", "--plan", plan, "--store", kho, files); code != exitOK {
		b.Fatalf("receive 2024-12: %d %s", code, errs)
	}
	os.WriteFile(filepath.Join(kho, "done"), nil, 0o644)
	return plan, kho
}

func benchConsolidateStore(b *testing.B, history bool) {
	plan, kho := historyStore(b, history)
	out := filepath.Join(b.TempDir(), "tong.xlsx")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if code, _, errs := chitieu(b, "consolidate", "--plan", plan, "--store", kho, "--period", "2024-12", "--date", "2025-01-10", "-o", out, "--force"); code != exitOK && code != exitFound {
			b.Fatalf("%d %s", code, errs)
		}
	}
}

// BenchmarkConsolidateStoreHistory consolidates 2024-12 from a store holding ten years of months
// for 200 communes; BenchmarkConsolidateStoreAlone the same period's 200 reports with no history.
func BenchmarkConsolidateStoreHistory(b *testing.B) { benchConsolidateStore(b, true) }
func BenchmarkConsolidateStoreAlone(b *testing.B)   { benchConsolidateStore(b, false) }

// BenchmarkConsolidateStoreBound is the floor of consolidate --store over the store with history:
// open the index and read the 200 reports' figures of 2024-12 from SQLite, nothing else (no plan,
// no history, no workbook).
func BenchmarkConsolidateStoreBound(b *testing.B) {
	plan, kho := historyStore(b, true)
	p, _ := schema.Load(plan, must(os.ReadFile(plan)))
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		readBound(b, ctx, kho, p.ID)
	}
}

// readBound is the bound's work: open the index and read the 200 reports' figures of 2024-12.
func readBound(b *testing.B, ctx context.Context, kho, plan string) {
	st, err := store.Open(ctx, kho, plan)
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	err = st.Figures(ctx, store.FigureQuery{Periods: []string{"2024-12"}}, func(store.FigureRow) error { n++; return nil })
	st.Close()
	if err != nil || n == 0 {
		b.Fatal(n, err)
	}
}

// BenchmarkConsolidateStorePaired runs consolidate --store over the store with history and its
// bound (ConsolidateStoreBound) one after the other in each iteration, so that both meet the
// machine in the same state: on a shared machine whose speed drifts from second to second, the
// ratio of two benchmarks run a second apart varies by a third. It reports the mean of each and
// the median of the iterations' ratios (x-bound): the command uses both cores and the bound one,
// so an iteration during which another guest holds a core is the command's loss alone.
func BenchmarkConsolidateStorePaired(b *testing.B) {
	plan, kho := historyStore(b, true)
	p, _ := schema.Load(plan, must(os.ReadFile(plan)))
	ctx := context.Background()
	out := filepath.Join(b.TempDir(), "tong.xlsx")
	var whole, bound time.Duration
	var ratios []float64
	for b.Loop() {
		start := time.Now()
		if code, _, errs := chitieu(b, "consolidate", "--plan", plan, "--store", kho, "--period", "2024-12", "--date", "2025-01-10", "-o", out, "--force"); code != exitOK && code != exitFound {
			b.Fatalf("%d %s", code, errs)
		}
		mid := time.Now()
		readBound(b, ctx, kho, p.ID)
		w, bd := mid.Sub(start), time.Since(mid)
		whole += w
		bound += bd
		ratios = append(ratios, float64(w)/float64(bd))
	}
	slices.Sort(ratios)
	b.ReportMetric(float64(whole.Microseconds())/1000/float64(b.N), "ms/consolidate")
	b.ReportMetric(float64(bound.Microseconds())/1000/float64(b.N), "ms/bound")
	b.ReportMetric((ratios[(len(ratios)-1)/2]+ratios[len(ratios)/2])/2, "x-bound")
}

// BenchmarkConsolidateStoreWriteBound is a second, fairer floor of consolidate --store: a province
// workbook cannot be had without writing one, so this reads the 200 reports' figures of 2024-12
// as ConsolidateStoreBound does and writes each as a row of an xlsx file (form, unit, indicator,
// column, value, file, sheet, cell, note) with excelize's stream writer, no styles, no plan, no
// history, no arithmetic: the least any workbook holding every figure with its source costs.
func BenchmarkConsolidateStoreWriteBound(b *testing.B) {
	plan, kho := historyStore(b, true)
	p, _ := schema.Load(plan, must(os.ReadFile(plan)))
	ctx := context.Background()
	out := filepath.Join(b.TempDir(), "bound.xlsx")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		st, err := store.Open(ctx, kho, p.ID)
		if err != nil {
			b.Fatal(err)
		}
		f := excelize.NewFile()
		sw, err := f.NewStreamWriter("Sheet1")
		if err != nil {
			b.Fatal(err)
		}
		row := 0
		err = st.Figures(ctx, store.FigureQuery{Periods: []string{"2024-12"}}, func(r store.FigureRow) error {
			row++
			v, _ := strconv.ParseFloat(r.Value.String(), 64)
			return sw.SetRow("A"+strconv.Itoa(row), []any{r.Form, r.Unit, r.Indicator, r.Column, v, r.File, r.Sheet, r.Cell, r.Note})
		})
		st.Close()
		if err == nil {
			err = sw.Flush()
		}
		if err == nil {
			err = f.SaveAs(out)
		}
		f.Close()
		if err != nil || row == 0 {
			b.Fatal(row, err)
		}
	}
}

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
