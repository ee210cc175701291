package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestPeriodHintEverywhere: a --period written as the office writes it gets the period likely
// meant from every command that takes one, as template and consolidate give it (issue 24).
func TestPeriodHintEverywhere(t *testing.T) {
	store := t.TempDir()
	for _, args := range [][]string{
		{"status", "--store", store, "--period", "03/2025"},
		{"export", "--store", store, "--period", "03/2025"},
		{"template", "--period", "03/2025", "-o", t.TempDir()},
	} {
		t.Run(args[0], func(t *testing.T) {
			code, _, errs := chitieu(t, args...)
			if code != exitUsage || !strings.Contains(errs, "Có phải --period 2025-03?") {
				t.Errorf("exit %d, stderr:\n%s", code, errs)
			}
		})
	}
}

// TestInterruptedInVietnamese: a run stopped by Ctrl-C says so in the user's language only —
// no Go "context canceled" or "interrupt signal received" beside it (issue 24).
func TestInterruptedInVietnamese(t *testing.T) {
	for _, args := range [][]string{
		{"demo", "-o", filepath.Join(t.TempDir(), "demo")},
		{"template", "-o", t.TempDir()},
	} {
		t.Run(args[0], func(t *testing.T) {
			ctx, cancel := context.WithCancelCause(context.Background())
			cancel(errInterrupted(os.Interrupt))
			var out, errs bytes.Buffer
			code := run(ctx, args, strings.NewReader(""), &out, &errs)
			if code != exitUsage || strings.Contains(errs.String(), "context canceled") || strings.Contains(errs.String(), "signal received") {
				t.Errorf("exit %d, stderr:\n%s", code, errs.String())
			}
		})
	}
}

// TestServeHintQuotesPath: the command serve prints for making the units' links, and the one it
// suggests when there is no store, keep a folder with spaces as one argument (issue 24).
func TestServeHintQuotesPath(t *testing.T) {
	kho := filepath.Join(t.TempDir(), "Kho dữ liệu 2025")
	quoted := "'" + kho + "'"
	if runtime.GOOS == "windows" {
		quoted = `"` + kho + `"`
	}
	if code, _, errs := chitieu(t, "serve", "--store", kho); code != exitUsage || !strings.Contains(errs, "links --store "+quoted+" ") {
		t.Errorf("serve without a store: %d %s", code, errs)
	}
	if code, _, errs := chitieu(t, "links", "--store", kho); code != exitOK {
		t.Fatal(errs)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errs syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--store", kho}, strings.NewReader(""), &out, &errs)
	}()
	for i := 0; i < 500 && !strings.Contains(out.String(), "Dừng: Ctrl-C."); i++ {
		select {
		case code := <-done:
			t.Fatalf("serve ended with %d: %s", code, errs.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	cancel()
	<-done
	if !strings.Contains(out.String(), "chitieu links --store "+quoted+" --base-url") {
		t.Errorf("serve's hint does not quote the store's folder:\n%s", out.String())
	}
}

// TestTemplateSaysWhatIsNotPrefilled: the forms whose "Cùng kỳ năm trước" column the store could
// not fill are named, with why — a successor unit named with the unit it succeeded (issue 24).
func TestTemplateSaysWhatIsNotPrefilled(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := chitieu(t, "demo", "-o", dir); code != exitOK {
		t.Fatalf("demo: %s", errs)
	}
	code, _, errs := chitieu(t, "template", "--store", filepath.Join(dir, "3 Kho dữ liệu"), "--period", "2025-03", "-o", t.TempDir())
	if code != exitOK || !strings.Contains(errs, "biểu 01/CT-TK của TKT") || !strings.Contains(errs, "của CTK (Cục Thống kê tỉnh Thanh Hóa), đơn vị mà TKT kế thừa") {
		t.Errorf("exit %d, stderr:\n%s", code, errs)
	}
	code, _, errs = chitieu(t, "template", "--period", "2025-03", "-o", t.TempDir())
	if code != exitOK || !strings.Contains(errs, "không có kho (--store)") {
		t.Errorf("without a store: exit %d, stderr:\n%s", code, errs)
	}
}

// TestExportLongTable: the long table as a BI tool and a Vietnamese office read it — the .xlsx
// header on row 1 of an Excel table with its filter, values as numbers, Vietnamese headings and
// statuses (English with --lang en), a unit's note on the figures' rows, not rows of its own
// without a value (issue 24).
func TestExportLongTable(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := chitieu(t, "demo", "-o", dir); code != exitOK {
		t.Fatalf("demo: %s", errs)
	}
	kho := filepath.Join(dir, "3 Kho dữ liệu")
	xl := filepath.Join(dir, "dài.xlsx")
	if code, _, errs := chitieu(t, "export", "--store", kho, "--period", "2024", "-o", xl); code != exitOK {
		t.Fatal(errs)
	}
	parts := zipParts(t, xl)
	var table string
	for name, data := range parts {
		if strings.HasPrefix(name, "xl/tables/") {
			table = data
		}
	}
	if !strings.Contains(table, `ref="A1:N`) || !strings.Contains(table, "autoFilter") || !strings.Contains(table, `name="Kế hoạch"`) {
		t.Errorf("no Excel table from row 1 with its filter:\n%.400s", table)
	}
	sheet := parts["xl/worksheets/sheet1.xml"]
	if !regexp.MustCompile(`<c r="G2"[^>]*><v>[0-9.]+</v></c>`).MatchString(sheet) {
		t.Errorf("the value of row 2 is not a number:\n%.600s", sheet[strings.Index(sheet, `<row r="2"`):])
	}
	for _, lang := range []string{"vi", "en"} {
		code, out, errs := chitieu(t, "export", "--store", kho, "--period", "2024", "--lang", lang)
		if code != exitOK {
			t.Fatal(errs)
		}
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
		if err != nil || len(rows) < 100 {
			t.Fatalf("%s: %v, %d rows", lang, err, len(rows))
		}
		head, status := "Kế hoạch", "chính thức"
		if lang == "en" {
			head, status = "plan", "official"
		}
		if rows[0][0] != head {
			t.Errorf("%s: header %q", lang, rows[0])
		}
		statuses, noted, empty := map[string]bool{}, 0, 0
		for _, r := range rows[1:] {
			statuses[r[8]] = true
			if r[9] != "" && r[6] != "" {
				noted++
			}
			if r[6] == "" && r[9] != "" {
				empty++
			}
		}
		if !statuses[status] || noted == 0 || empty > 0 {
			t.Errorf("%s: statuses %v; %d figures with a note, %d note rows without a value", lang, statuses, noted, empty)
		}
	}
}

// zipParts returns the entries of a zip and their content.
func zipParts(t *testing.T, path string) map[string]string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		out[f.Name] = string(b)
	}
	return out
}

// TestReadmeDemoRecipe: the README's "see it with the demo" commands work on what demo makes,
// without making a second store: the store they name is the demo's (issue 24).
func TestReadmeDemoRecipe(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(readme), "To see it with the demo's reports:")
	if i < 0 {
		t.Fatal("README has no demo recipe")
	}
	recipe := string(readme[i:])
	recipe = recipe[:strings.Index(recipe, "\n\n")]
	stores := regexp.MustCompile(`--store (?:"chitieu-demo/([^"]+)"|chitieu-demo/([^\s\x60]+))`).FindAllStringSubmatch(recipe, -1)
	for _, m := range stores {
		m[1] += m[2]
	}
	if len(stores) == 0 || strings.Contains(recipe, "chitieu receive") {
		t.Fatalf("recipe:\n%s", recipe)
	}
	dir := t.TempDir()
	if code, _, errs := chitieu(t, "demo", "-o", dir); code != exitOK {
		t.Fatalf("demo: %s", errs)
	}
	for _, m := range stores {
		if _, err := os.Stat(filepath.Join(dir, m[1], "index.sqlite")); err != nil {
			t.Errorf("the recipe's store %q is not the demo's: %v", m[1], err)
		}
	}
	if code, _, errs := chitieu(t, "links", "--store", filepath.Join(dir, stores[0][1]), "-o", filepath.Join(dir, "links.csv")); code != exitOK {
		t.Errorf("links: %s", errs)
	}
}
