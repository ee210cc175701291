package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"chitieu/consolidate"
	"chitieu/intake"
	"chitieu/outfile"
	"chitieu/schema"
	"chitieu/seeds"
	"chitieu/store"
	"chitieu/validate"
	"chitieu/xlsx"
)

// dumpStore is the canonical text of a store's index.
func dumpStore(t *testing.T, dir string, times bool) string {
	t.Helper()
	st, err := store.Open(context.Background(), dir, seeds.Default)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var b strings.Builder
	if err := st.Dump(context.Background(), &b, times); err != nil {
		t.Fatal(err)
	}
	if problems, err := st.Verify(context.Background()); err != nil || len(problems) > 0 {
		t.Error(problems, err)
	}
	return b.String()
}

// TestStoreCycle follows an office through the demo's store: receiving the same files again
// records nothing; a corrected file supersedes the earlier one and both stay; the export holds
// every figure of every current file; a rebuild from the files alone gives the same rows; a store
// is refused for another plan; status lists every expected report.
func TestStoreCycle(t *testing.T) {
	dir := t.TempDir()
	if code, out, errs := chitieu(t, "demo", "-o", dir, "--date", "2025-01-15"); code != exitOK {
		t.Fatalf("demo: %d\n%s\n%s", code, out, errs)
	}
	kho := filepath.Join(dir, "3 Kho dữ liệu")
	filled := filepath.Join(dir, "2 Báo cáo đã điền")
	before := dumpStore(t, kho, true)

	t.Run("same bytes twice", func(t *testing.T) {
		code, out, errs := chitieu(t, "receive", "--store", kho, filepath.Join(filled, "2023"))
		if code != exitOK || !strings.Contains(out, "31 tệp: 31 đã nhận, 0 bị từ chối (vẫn được lưu làm bằng chứng), 31 đã có từ trước") {
			t.Fatalf("%d\n%s\n%s", code, out, errs)
		}
		if after := dumpStore(t, kho, true); after != before {
			t.Error("receiving the same files again changed the store")
		}
	})

	t.Run("export has every figure", func(t *testing.T) {
		csvPath := filepath.Join(dir, "xuat.csv")
		if code, _, errs := chitieu(t, "export", "--store", kho, "-o", csvPath); code != exitOK {
			t.Fatal(errs)
		}
		got := exportSet(t, csvPath)
		p, _, _ := seeds.Load(seeds.Default)
		rep, err := validate.Run(context.Background(), validate.Options{Plan: p}, []string{filled})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]bool{}
		for _, f := range rep.Files {
			sub := intake.Submission(f)
			valued := map[string]bool{} // the indicators of the file with a figure
			for _, g := range sub.Figures {
				valued[g.Indicator] = valued[g.Indicator] || g.Value.IsSet()
			}
			for _, g := range sub.Figures {
				if c := p.Form(sub.Form).Column(g.Column); c != nil && c.Basis == schema.BasisNote && !g.Value.IsSet() && g.Note != "" && valued[g.Indicator] {
					continue // the note of the row's figures, on their rows (issue 24)
				}
				want[strings.Join([]string{sub.Period, sub.Form, sub.Unit, g.Indicator, g.Column, g.Value.String(), g.Note, filepath.Base(f.Path), sub.SHA256, g.Sheet, g.Cell}, "|")] = true
			}
		}
		if len(want) < 400 {
			t.Fatalf("only %d figures in the demo's files", len(want))
		}
		for k := range want {
			if !got[k] {
				t.Errorf("export lacks %s", k)
			}
		}
		for k := range got {
			if !want[k] {
				t.Errorf("export has %s, which no file holds", k)
			}
		}
		b, _ := os.ReadFile(csvPath)
		if !strings.HasPrefix(string(b), "\ufeffKế hoạch,Kỳ,Biểu,Đơn vị,Chỉ tiêu,Cột,Giá trị,Đơn vị tính,Loại số liệu,Ghi chú,Tệp,SHA-256,Trang tính,Ô\r\n") {
			t.Errorf("CSV header: %q", b[:min(len(b), 120)])
		}
		xl := filepath.Join(dir, "xuat.xlsx")
		if code, out, errs := chitieu(t, "export", "--store", kho, "--period", "2024", "-o", xl); code != exitOK || !strings.Contains(out, "Đã ghi") {
			t.Fatal(out, errs)
		}
		wb, err := xlsx.Open(xl, xlsx.DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		defer wb.Close()
		grid, _ := wb.Grid("Số liệu")
		n := 0
		for k := range want {
			if strings.HasPrefix(k, "2024|") {
				n++
			}
		}
		if rows := len(grid) - 1; rows != n || grid[0][0] != "Kế hoạch" {
			t.Errorf("xlsx export of 2024: %d rows, want %d", rows, n)
		}
	})

	t.Run("supersede", func(t *testing.T) {
		src, _ := filepath.Glob(filepath.Join(filled, "2024", "*380*"))
		fixed := filepath.Join(dir, "sửa", "380 bản sửa.xlsx")
		retype(t, src[0], fixed, "Bản sửa: số liệu đã được rà soát lại.")
		code, out, errs := chitieu(t, "receive", "--store", kho, "--format", "json", fixed)
		var doc struct {
			Files []struct {
				File, Form, Unit, Period string
				Valid, Accepted, New     bool
				Superseded               []string
			}
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil || code != exitOK || len(doc.Files) != 1 {
			t.Fatalf("%d %v\n%s\n%s", code, err, out, errs)
		}
		f := doc.Files[0]
		if !f.Valid || !f.Accepted || !f.New || f.Unit != "380" || len(f.Superseded) != 1 || !strings.Contains(f.Superseded[0], "380") {
			t.Errorf("%+v", f)
		}
		st, _ := store.Open(context.Background(), kho, seeds.Default)
		defer st.Close()
		subs, _ := st.Submissions(context.Background(), store.Filter{Form: "03/CT-H", Unit: "380", Period: "2024"})
		if len(subs) != 2 || subs[0].SupersededBy != subs[1].ID || subs[1].SupersededBy != 0 {
			t.Errorf("both kept, the later current: %+v", subs)
		}
		notes := 0
		st.Figures(context.Background(), store.FigureQuery{Periods: []string{"2024"}, Unit: "380"}, func(r store.FigureRow) error {
			if r.File != "380 bản sửa.xlsx" {
				t.Errorf("a figure of the superseded file is current: %+v", r)
			}
			if strings.Contains(r.Note, "Bản sửa") {
				notes++
			}
			return nil
		})
		if notes == 0 {
			t.Error("the corrected file's note is not in the store")
		}
	})

	t.Run("rebuild gives the same rows", func(t *testing.T) {
		want := dumpStore(t, kho, true)
		code, out, errs := chitieu(t, "store", "rebuild", "--store", kho)
		if code != exitOK || !strings.Contains(out, "63 tệp") {
			t.Fatalf("%d %s %s", code, out, errs)
		}
		if got := dumpStore(t, kho, true); got != want {
			t.Errorf("rebuilt index differs:\n%s", firstDiff(want, got))
		}
	})

	t.Run("another plan is refused", func(t *testing.T) {
		code, _, errs := chitieu(t, "receive", "--plan", "quang-nam", "--store", kho, filepath.Join(filled, "2023"))
		if code != exitUsage || !strings.Contains(errs, "thanh-hoa") || !strings.Contains(errs, "quang-nam") {
			t.Errorf("%d %q", code, errs)
		}
		if code, _, errs := chitieu(t, "status", "--store", filepath.Join(dir, "không có"), "--period", "2024"); code != exitUsage || !strings.Contains(errs, "không có kho") {
			t.Errorf("a store that does not exist: %d %q", code, errs)
		}
	})

	t.Run("status", func(t *testing.T) {
		code, out, _ := chitieu(t, "status", "--store", kho, "--period", "2024", "--format", "json", "--date", "2025-01-15")
		var doc store.StatusReport
		if err := json.Unmarshal([]byte(out), &doc); err != nil || code != exitOK {
			t.Fatalf("%d %v %s", code, err, out)
		}
		// Late: the demo's late unit only; 380's correction came now, but its first valid
		// report came on time, and lateness is measured on that one.
		if doc.Period != "2024" || doc.Summary != (store.StatusSummary{Expected: 31, Valid: 31, Late: 1}) {
			t.Errorf("%+v", doc.Summary)
		}
		code, out, _ = chitieu(t, "status", "--store", kho, "--period", "2025", "--date", "2025-12-31")
		if code != exitFound || !strings.Contains(out, "chưa nộp") || !strings.Contains(out, "Cần nhắc:") {
			t.Errorf("2025, nothing received: %d\n%s", code, out)
		}
		xl := filepath.Join(dir, "nhac.xlsx")
		if code, _, errs := chitieu(t, "status", "--store", kho, "--period", "2024", "-o", xl); code != exitOK {
			t.Fatal(errs)
		}
		wb, err := xlsx.Open(xl, xlsx.DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		defer wb.Close()
		if grid, _ := wb.Grid("Tình trạng nộp"); len(grid) != 3+31 {
			t.Errorf("status list: %d rows", len(grid))
		}
	})
}

// retype copies a filled form with a note typed into its first note cell: the same report,
// corrected.
func retype(t *testing.T, src, dst, note string) {
	t.Helper()
	b, err := xlsx.OpenBook(src, xlsx.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	p, _, _ := seeds.Load(seeds.Default)
	rep, _ := validate.Run(context.Background(), validate.Options{Plan: p}, []string{src})
	f := rep.Files[0]
	s := b.Existing(f.Sub.Sheet)
	row := 0
	for _, r := range f.Checked.Form.Rows {
		if r.Indicator != "" && f.Sub.Rows[r.Indicator] > 0 {
			row = f.Sub.Rows[r.Indicator]
			break
		}
	}
	s.Put(row, f.Sub.Cols["GC"], note)
	os.MkdirAll(filepath.Dir(dst), 0o755)
	if err := outfile.Write(context.Background(), dst, func(w io.Writer) error { return b.Save(w, time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)) }); err != nil {
		t.Fatal(err)
	}
}

// exportSet reads an exported CSV into one key a row.
func exportSet(t *testing.T, path string) map[string]bool {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, r := range rows[1:] {
		// period form unit indicator column value note file sha256 sheet cell
		out[strings.Join([]string{r[1], r[2], r[3], r[4], r[5], r[6], r[9], r[10], r[11], r[12], r[13]}, "|")] = true
	}
	return out
}

// TestYearToDate receives January and a February whose year to date is not January's plus
// February's: February is rejected with a rule naming January's file.
func TestYearToDate(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "nhận")
	kho := filepath.Join(dir, "kho")
	jan := map[string]string{}
	feb := map[string]string{}
	for _, ind := range []string{"SL_DIEN", "SL_DIESEL", "SL_XANG", "SL_XIMANG", "SL_DUONG"} {
		jan[ind+"/TH"], jan[ind+"/LK"] = "100", "100"
		feb[ind+"/TH"], feb[ind+"/LK"] = "100", "200"
	}
	feb["SL_XANG/LK"] = "250"
	fillForm(t, in, "CTK tháng 1.xlsx", "2024-01", jan)
	fillForm(t, in, "CTK tháng 2.xlsx", "2024-02", feb)
	code, out, errs := chitieu(t, "receive", "--store", kho, in)
	if code != exitFound {
		t.Fatalf("%d\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{
		"CTK tháng 1.xlsx: 01/CT-TK · CTK · 2024-01: đã nhận",
		"CTK tháng 2.xlsx: 01/CT-TK · CTK · 2024-02: bị từ chối (1 lỗi",
		"Xăng — Lũy kế từ đầu năm: 250, nhưng lũy kế kỳ trước (2024-01, tệp CTK tháng 1.xlsx) là 100 cộng 100 kỳ này là 200",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "[rule]") != 1 {
		t.Errorf("one rule finding expected:\n%s", out)
	}
}

// receiveChild runs chitieu receive as a process of its own.
func receiveChild(kho string, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], append([]string{"receive", "--store", kho}, args...)...)
	cmd.Env = append(os.Environ(), "CHITIEU_MAIN=1")
	return cmd
}

// manyForms writes n distinct filled forms: 01/CT-TK for every month of several years, as a
// statistics office would send over years (distinct keys, so none supersedes another).
func manyForms(t *testing.T, dir string, n int) []string {
	t.Helper()
	var out []string
	for i := 0; len(out) < n; i++ {
		year, month := 2012+i/12, 1+i%12
		if year > 2024 {
			t.Fatalf("asked for %d forms; the plan's CTK reports until 2025", n)
		}
		vals := map[string]string{}
		for _, ind := range []string{"SL_DIEN", "SL_DIESEL", "SL_XANG", "SL_XIMANG", "SL_DUONG"} {
			vals[ind+"/TH"], vals[ind+"/LK"] = "100", fmt.Sprint(100*month)
		}
		out = append(out, fillForm(t, dir, fmt.Sprintf("CTK %d-%02d.xlsx", year, month), fmt.Sprintf("%d-%02d", year, month), vals))
	}
	return out
}

// TestReceiveKilled kills receive at several moments while it files dozens of reports, then
// receives them all again: the store is whole after every kill, and the end is the same as a
// clean run's.
func TestReceiveKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("runs chitieu many times")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "nhận")
	manyForms(t, in, 150)
	clean := filepath.Join(dir, "sạch")
	if out, err := receiveChild(clean, in).CombinedOutput(); err != nil {
		t.Fatalf("clean run: %v\n%s", err, out)
	}
	want := dumpStore(t, clean, false)
	kho := filepath.Join(dir, "kho")
	for i, delay := range []time.Duration{30, 250, 500, 800, 1200, 1700} {
		cmd := receiveChild(kho, in)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		recorded := 0
		if _, err := os.Stat(filepath.Join(kho, "index.sqlite")); err == nil {
			recorded = strings.Count(dumpStore(t, kho, false), "|01/CT-TK|") // Verify: whole after the kill
		}
		t.Logf("kill %d after %v: %v; %d of 150 recorded", i, delay*time.Millisecond, cmd.ProcessState, recorded)
	}
	if out, err := receiveChild(kho, in).CombinedOutput(); err != nil {
		t.Fatalf("after the kills: %v\n%s", err, out)
	}
	if got := dumpStore(t, kho, false); got != want {
		t.Errorf("killed and resumed store differs from a clean run:\n%s", firstDiff(want, got))
	}
}

// TestTwoReceivers runs two receive processes on one store at once, on overlapping folders:
// both succeed and every file is recorded exactly once.
func TestTwoReceivers(t *testing.T) {
	if testing.Short() {
		t.Skip("runs chitieu as processes")
	}
	dir := t.TempDir()
	files := manyForms(t, filepath.Join(dir, "tất cả"), 48)
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	for i, f := range files {
		data, _ := os.ReadFile(f)
		for _, d := range [][]string{{a}, {b}, {a, b}}[i%3] {
			os.MkdirAll(d, 0o755)
			os.WriteFile(filepath.Join(d, filepath.Base(f)), data, 0o644)
		}
	}
	kho := filepath.Join(dir, "kho")
	var wg sync.WaitGroup
	outs := make([][]byte, 2)
	errs := make([]error, 2)
	for i, d := range []string{a, b} {
		wg.Go(func() { outs[i], errs[i] = receiveChild(kho, d).CombinedOutput() })
	}
	wg.Wait()
	for i := range 2 {
		if errs[i] != nil {
			t.Errorf("receiver %d: %v\n%s", i, errs[i], outs[i])
		}
	}
	st, err := store.Open(context.Background(), kho, seeds.Default)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if problems, err := st.Verify(context.Background()); err != nil || len(problems) > 0 {
		t.Error(problems, err)
	}
	subs, _ := st.Submissions(context.Background(), store.Filter{})
	var names []string
	for _, s := range subs {
		names = append(names, s.Name)
	}
	slices.Sort(names)
	if len(names) != len(files) || len(slices.Compact(names)) != len(files) {
		t.Errorf("%d submissions for %d files", len(subs), len(files))
	}
}

// TestSamePeriodFromStore: the 2024 workbook consolidated from the store compares each province
// figure with the same period last year as the store holds it — the 2023 reports' sums — not with
// what the 2024 forms say of 2023.
func TestSamePeriodFromStore(t *testing.T) {
	dir := t.TempDir()
	if code, out, errs := chitieu(t, "demo", "-o", dir, "--date", "2025-01-15"); code != exitOK {
		t.Fatalf("demo: %d\n%s\n%s", code, out, errs)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(dir, "3 Kho dữ liệu"), seeds.Default)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p, _, _ := seeds.Load(seeds.Default)
	model := func(year int) *consolidate.Model {
		per := schema.Period{Year: year, Freq: schema.Yearly}
		subs, hist, err := consolidate.Load(ctx, st, p, per)
		if err != nil {
			t.Fatal(err)
		}
		return consolidate.Build(p, per, subs, time.Date(2025, 1, 15, 0, 0, 0, 0, time.UTC), hist)
	}
	m23, m24 := model(2023), model(2024)
	compared := 0
	for _, ft := range m24.Forms {
		var last *consolidate.FormTotals
		for _, f := range m23.Forms {
			if f.Form.ID == ft.Form.ID {
				last = f
			}
		}
		if last == nil {
			continue
		}
		for i := range ft.Form.Rows {
			r := &ft.Form.Rows[i]
			if r.Heading != "" {
				continue
			}
			prior := m24.Prior(ft, r)
			want, ok := last.Province[schema.CellKey{Indicator: r.Indicator, Column: "TH"}]
			if !ok {
				continue
			}
			compared++
			if !prior.OK || !prior.Value.Equal(want) || prior.Column != nil {
				t.Errorf("%s %s: cùng kỳ %v (%+v), want the 2023 sum %v from the store", ft.Form.ID, r.Indicator, prior.Value, prior, want)
			}
		}
	}
	if compared < 20 {
		t.Errorf("only %d rows compared", compared)
	}
}

// TestConsolidateFromIndex edits an archived workbook on disk after it was received: consolidate
// --store reads the index, not the archive, so the province workbook still shows the value that
// was received (and checked), never the edited one; store verify names the edited file. (Re-opening the archive, as it did before,
// gave 197.)
func TestConsolidateFromIndex(t *testing.T) {
	dir := t.TempDir()
	storeDir := filepath.Join(dir, "kho")
	in := filepath.Join(dir, "in")
	sent := fillTemplate(t, in, map[string]string{"SL_XANG/TH": "161"})
	if code, out, errs := chitieu(t, "receive", "--store", storeDir, sent); code != exitOK {
		t.Fatalf("receive: %d\n%s\n%s", code, out, errs)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, storeDir, seeds.Default)
	if err != nil {
		t.Fatal(err)
	}
	subs, err := st.Submissions(ctx, store.Filter{})
	if err != nil || len(subs) != 1 {
		t.Fatalf("%+v %v", subs, err)
	}
	archived, err := st.Path(subs[0].SHA256)
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	edited := fillForm(t, t.TempDir(), "sửa.xlsx", "2024-02", map[string]string{"SL_XANG/TH": "197"})
	data, err := os.ReadFile(edited)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(archived, data, 0o644); err != nil {
		t.Fatal(err)
	}
	book := filepath.Join(dir, "tổng hợp.xlsx")
	code, out, errs := chitieu(t, "consolidate", "--store", storeDir, "--period", "2024-02", "--date", "2024-03-20", "-o", book)
	if code == exitUsage {
		t.Fatalf("consolidate --store: %d\n%s\n%s", code, out, errs)
	}
	wb, err := xlsx.Open(book, xlsx.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	g, err := wb.Grid(consolidate.SheetByUnit)
	if err != nil {
		t.Fatal(err)
	}
	has := func(v string) bool {
		return slices.ContainsFunc(g, func(r []string) bool { return slices.Contains(r, v) })
	}
	if !has("161") || has("197") {
		t.Errorf("the province workbook does not show the received 161 (or shows the edited 197): %q", g)
	}
	// store verify names the edited file.
	code, out, errs = chitieu(t, "store", "verify", "--store", storeDir)
	if code != exitFound || !strings.Contains(out+errs, "CTK tháng 2.xlsx") {
		t.Errorf("store verify after the edit: %d\n%s\n%s", code, out, errs)
	}
	// The index lost as well, a rebuild refuses the damaged evidence and says what can be done
	// without a backup; --leave-out-damaged then rebuilds from the rest, the edited file named,
	// left where it is and out of the index.
	other := fillForm(t, filepath.Join(dir, "khác"), "CTK tháng 1 năm 2025.xlsx", "2025-01", nil)
	if code, out, errs := chitieu(t, "receive", "--store", storeDir, other); code != exitOK {
		t.Fatalf("receive January: %d\n%s\n%s", code, out, errs)
	}
	os.Remove(filepath.Join(storeDir, "index.sqlite"))
	code, out, errs = chitieu(t, "store", "rebuild", "--store", storeDir, "--lang", "en")
	if code != exitFound || !strings.Contains(errs, "--leave-out-damaged") {
		t.Fatalf("rebuild with a damaged file: %d\n%s\n%s", code, out, errs)
	}
	code, out, errs = chitieu(t, "store", "rebuild", "--store", storeDir, "--leave-out-damaged", "--lang", "en")
	if code != exitFound || !strings.Contains(out, "from 1 file.") || !strings.Contains(errs, archived) || !strings.Contains(errs, "left out of the index") {
		t.Fatalf("rebuild --leave-out-damaged: %d\n%s\n%s", code, out, errs)
	}
	if _, err := os.Stat(archived); err != nil {
		t.Errorf("the damaged file is gone: %v", err)
	}
	if code, out, errs := chitieu(t, "status", "--store", storeDir, "--period", "2025-01"); code == exitUsage || !strings.Contains(out, "CTK") {
		t.Errorf("status after the rebuild: %d\n%s\n%s", code, out, errs)
	}
	// verify still names it: a file of the store the index does not record.
	code, out, errs = chitieu(t, "store", "verify", "--store", storeDir, "--lang", "en")
	if code != exitFound || !strings.Contains(out+errs, archived+" has been changed, no longer matches its SHA-256, and is not in the index") {
		t.Errorf("verify after the rebuild: %d\n%s\n%s", code, out, errs)
	}
}

// TestConsolidateStoreOfAnotherPlan: consolidate --store reads the store while it reads the
// plan; a store of another plan is still refused, naming both plans, with nothing written, and
// a folder holding no store is still told so.
func TestConsolidateStoreOfAnotherPlan(t *testing.T) {
	dir := t.TempDir()
	storeDir := filepath.Join(dir, "kho")
	sent := fillTemplate(t, filepath.Join(dir, "in"), map[string]string{"SL_XANG/TH": "161"})
	if code, out, errs := chitieu(t, "receive", "--store", storeDir, sent); code != exitOK {
		t.Fatalf("receive: %d\n%s\n%s", code, out, errs)
	}
	book := filepath.Join(dir, "tổng hợp.xlsx")
	code, out, errs := chitieu(t, "consolidate", "--plan", "quang-nam", "--store", storeDir, "--period", "2024-02", "--date", "2024-03-20", "-o", book)
	if code != exitUsage || !strings.Contains(errs, `"thanh-hoa"`) || !strings.Contains(errs, `"quang-nam"`) {
		t.Errorf("consolidate of a thanh-hoa store with quang-nam: %d\n%s\n%s", code, out, errs)
	}
	if _, err := os.Stat(book); !os.IsNotExist(err) {
		t.Errorf("a workbook was written: %v", err)
	}
	// The store is as it was: the right plan still consolidates it.
	if code, out, errs := chitieu(t, "consolidate", "--store", storeDir, "--period", "2024-02", "--date", "2024-03-20", "-o", book); code == exitUsage {
		t.Errorf("consolidate with its own plan: %d\n%s\n%s", code, out, errs)
	}
	none := filepath.Join(dir, "không có")
	code, out, errs = chitieu(t, "consolidate", "--store", none, "--period", "2024-02", "-o", filepath.Join(dir, "x.xlsx"))
	if code != exitUsage || !strings.Contains(errs, "không có kho lưu trữ") {
		t.Errorf("consolidate of no store: %d\n%s\n%s", code, out, errs)
	}
	if _, err := os.Stat(none); !os.IsNotExist(err) {
		t.Errorf("consolidate made a store at %s: %v", none, err)
	}
}
