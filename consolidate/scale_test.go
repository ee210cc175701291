package consolidate

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"chitieu/finding"
	"chitieu/schema"
	"chitieu/seeds"
	"chitieu/store"
	"chitieu/templates"
	"chitieu/xlsx"
)

// communePeriod is a period of 03/CT-X, the form Thanh Hóa's 166 communes and wards fill since
// July 2025.
const communePeriod = "2025"

// communeNote is the note a commune writes on a row: 300 characters, named for the unit and
// the row so that each can be found whole in the province workbook.
func communeNote(unit, indicator string) string {
	head := "Ghi chú của " + unit + " về " + indicator + ": số ước tính theo báo cáo nhanh của các thôn, tổ dân phố; "
	filler := strings.Repeat("chưa gồm cơ sở mới đăng ký trong kỳ, sẽ cập nhật khi có số chính thức. ", 8)
	return string([]rune(head + filler)[:300])
}

// communeReports writes the 03/CT-X report of every commune and ward for communePeriod, every
// figure filled and a 300-character note on every row (noted false: no note).
func communeReports(t testing.TB, p *schema.Plan, dir string, noted bool) []*templates.Layout {
	t.Helper()
	per, _ := schema.ParsePeriod(communePeriod)
	ls, err := templates.Plan(p, templates.Selection{Period: per, Forms: []string{"03/CT-X"}})
	if err != nil || len(ls) != 166 {
		t.Fatal(err, len(ls))
	}
	for i, l := range ls {
		var tpl bytes.Buffer
		if err := l.Write(&tpl); err != nil {
			t.Fatal(err)
		}
		src := filepath.Join(dir, "tpl.xlsx")
		os.WriteFile(src, tpl.Bytes(), 0o644)
		bk, err := xlsx.OpenBook(src, xlsx.DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		s := bk.Existing(l.Sheet)
		part := map[string]bool{} // the "Trong đó" rows, kept below their totals
		for _, r := range l.Rows {
			part[r.Indicator] = r.PartOf != ""
		}
		for j, ic := range l.Inputs() {
			switch {
			case ic.Type != "text" && part[ic.Indicator]:
				s.PutNumber(ic.Row, ic.Col, "10")
			case ic.Type == "text" && noted:
				s.Put(ic.Row, ic.Col, communeNote(l.Unit.Code, ic.Indicator))
			case ic.Type == "integer":
				s.PutNumber(ic.Row, ic.Col, fmt.Sprint(1+(i+j)%9))
			case ic.Type != "text":
				s.PutNumber(ic.Row, ic.Col, fmt.Sprint(100+(i*7+j*13)%900))
			}
		}
		var out bytes.Buffer
		if err := bk.Save(&out, per.End()); err != nil {
			t.Fatal(err)
		}
		bk.Close()
		os.WriteFile(filepath.Join(dir, l.FileName()), out.Bytes(), 0o644)
	}
	os.Remove(filepath.Join(dir, "tpl.xlsx"))
	return ls
}

// consolidatePeriod validates dir for period and writes the province workbook.
func consolidatePeriod(t testing.TB, p *schema.Plan, period, dir string) (*Model, string) {
	t.Helper()
	per, _ := schema.ParsePeriod(period)
	m := Build(p, per, received(t, p, per, dir), testDate, nil)
	var buf bytes.Buffer
	if err := m.Write(&buf); err != nil {
		t.Fatalf("writing the province workbook: %v", err)
	}
	out := filepath.Join(t.TempDir(), "tổng hợp.xlsx")
	os.WriteFile(out, buf.Bytes(), 0o644)
	return m, out
}

// allText is every cell of every sheet of a workbook, joined, each run of spaces and line
// breaks made one space; the annex's pieces of one text are joined again.
func allText(t testing.TB, path string) string {
	t.Helper()
	wb, err := xlsx.Open(path, xlsx.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	var sb strings.Builder
	for _, name := range wb.Sheets() {
		g, err := wb.Grid(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range g {
			for i, c := range row {
				sb.WriteString(c)
				if name != SheetAnnex || i != 2 {
					sb.WriteByte('\n')
				} else {
					sb.WriteByte(' ')
				}
			}
		}
	}
	return strings.Join(strings.Fields(sb.String()), " ")
}

// TestCommunesWithNotes consolidates the 166 communes' 03/CT-X reports with a 300-character note
// on every row: the summary collects 166 notes on one row. The workbook is written (it failed:
// "the height of the row must be less than or equal to 409 points"), and every note is in it.
func TestCommunesWithNotes(t *testing.T) {
	p, fs, err := seeds.Load(seeds.Default)
	if err != nil || fs.HasErrors() {
		t.Fatal(err, fs)
	}
	dir := t.TempDir()
	ls := communeReports(t, p, dir, true)
	m, out := consolidatePeriod(t, p, communePeriod, dir)
	used := 0
	for _, e := range m.Expected {
		if e.Form.ID == "03/CT-X" && e.Used != nil {
			used++
		}
	}
	if used != 166 {
		dumpFindings(t, m)
		t.Fatalf("%d of 166 reports used", used)
	}
	text := allText(t, out)
	for _, l := range ls {
		for _, ic := range l.Inputs() {
			if ic.Type == "text" && !strings.Contains(text, strings.Join(strings.Fields(communeNote(l.Unit.Code, ic.Indicator)), " ")) {
				t.Fatalf("the note of %s on %s is not in the province workbook whole", l.Unit.Code, ic.Indicator)
			}
		}
	}
	checkRowHeights(t, out)
	// The sheet by unit, a block of a commune's 17 figures wide, prints at a scale where its
	// 10-point type is 8 points or more (it printed at 45 %, fitted to the width).
	pr := readPrinted(t, out)
	if x := pr.sheets[SheetByUnit]; x.SheetPr.PageSetUpPr.FitToPage == "1" || x.SheetPr.PageSetUpPr.FitToPage == "true" || x.Page.Scale == "" {
		t.Errorf("the sheet by unit fits to the page: %+v", x.Page)
	} else if scale, _ := strconv.Atoi(x.Page.Scale); scale < legibleScale {
		t.Errorf("the sheet by unit prints at %d%%", scale)
	}
	// The summary stays a table: its rows are a third of a page at most, the notes going on in
	// the annex of long texts (their whole text is found above).
	for _, r := range pr.sheets[SheetSummary].Rows {
		if r.Ht > summaryNoteHeight {
			t.Errorf("%s row %d is %.0f pt high", SheetSummary, r.R, r.Ht)
		}
	}
}

// TestSixtyCopies consolidates one report sent 60 times: the status sheet lists every copy
// (about 35 copies already made its row higher than a spreadsheet allows).
func TestSixtyCopies(t *testing.T) {
	p, fs, err := seeds.Load(seeds.Default)
	if err != nil || fs.HasErrors() {
		t.Fatal(err, fs)
	}
	src := t.TempDir()
	ls := communeReports(t, p, src, false)
	one := filepath.Join(src, ls[0].FileName())
	b, err := os.ReadFile(one)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var names []string
	if len(b) < 22 || b[len(b)-2] != 0 || b[len(b)-1] != 0 {
		t.Fatal("the report's zip ends with a comment already")
	}
	for i := range 60 {
		name := fmt.Sprintf("%s lần gửi %02d.xlsx", strings.TrimSuffix(ls[0].FileName(), ".xlsx"), i+1)
		// Each copy is saved again, as a mail program or a re-save does: other bytes (here the
		// zip's comment), the same figures. Byte-identical copies would be one file in the store.
		c := fmt.Sprintf("lan gui %02d", i+1)
		copyBytes := append(append(append([]byte{}, b[:len(b)-2]...), byte(len(c)), 0), c...)
		os.WriteFile(filepath.Join(dir, name), copyBytes, 0o644)
		names = append(names, name)
	}
	m, out := consolidatePeriod(t, p, communePeriod, dir)
	var e *Expected
	for _, x := range m.Expected {
		if x.Form.ID == "03/CT-X" && x.Unit.Code == ls[0].Unit.Code {
			e = x
		}
	}
	if e == nil || e.Used == nil || len(e.Received) != 60 {
		t.Fatalf("the report of %s: %+v", ls[0].Unit.Code, e)
	}
	status := allText(t, out)
	for _, n := range names {
		if !strings.Contains(status, n) {
			t.Fatalf("%q is not on the status sheet", n)
		}
	}
	checkRowHeights(t, out)
}

// checkRowHeights fails if a row of the workbook is higher than a spreadsheet allows.
func checkRowHeights(t *testing.T, path string) {
	t.Helper()
	pr := readPrinted(t, path)
	for name, x := range pr.sheets {
		for _, r := range x.Rows {
			if r.Ht > xlsx.MaxRowHeight {
				t.Errorf("%s row %d is %.0f pt high", name, r.R, r.Ht)
			}
		}
	}
}

func dumpFindings(t testing.TB, m *Model) {
	for _, e := range m.Expected { // the first report received: what went wrong with it
		if len(e.Received) > 0 {
			f := e.Received[0]
			for _, x := range f.Findings {
				t.Log(f.Name, x.Code, x.Cell.InFile(), x.Detail.In(finding.EN))
			}
			return
		}
	}
}

// unfilled finds a message pattern's verb left in printed text: %s, %d, %v, %q, %[1]s….
var unfilled = regexp.MustCompile(`%(\[\d+\])?[-+#0]*\d*(\.\d+)?[sdvq]`)

// TestNoUnfilledPattern writes the province workbook of a period with every kind of report (a
// resubmission, a broken file, a form with an error) and looks for a message pattern printed
// unfilled on any sheet ("Dùng %s: bản hợp lệ được lưu sau cùng (%s) trong %d bản đã nộp.").
func TestNoUnfilledPattern(t *testing.T) {
	p := plan(t)
	dir, _, _, _, _ := inputs(t, p)
	_, out := consolidateDir(t, p, dir)
	wb, err := xlsx.Open(out, xlsx.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	for _, name := range wb.Sheets() {
		g, err := wb.Grid(name)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range g {
			for c, v := range row {
				if m := unfilled.FindString(v); m != "" {
					t.Errorf("%s!%s holds the unfilled pattern %q: %s", name, xlsx.Cell(r+1, c+1), m, v)
				}
			}
		}
	}
}

// TestAnnexNumbersInSheetOrder: the long texts moved to the annex are numbered in the order the
// workbook's sheets are written — the summary's notes before the reports sheet's list of copies
// — whatever goroutine writes a sheet's rows; the same model gives the same numbers every time.
func TestAnnexNumbersInSheetOrder(t *testing.T) {
	p, _, err := seeds.Load(seeds.Default)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	communeReports(t, p, dir, true)
	m, _ := consolidatePeriod(t, p, communePeriod, dir)
	for _, e := range m.Expected {
		if e.Used != nil { // a report sent 80 times: its list of copies is too long for its cell
			for k := range 80 {
				e.Replaced = append(e.Replaced, &store.Submission{Name: fmt.Sprintf("Bản cũ số %d của báo cáo gửi lại nhiều lần.xlsx", k), Seq: int64(k - 100)})
			}
			break
		}
	}
	var first []byte
	for range 3 {
		var buf bytes.Buffer
		if err := m.Write(&buf); err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = buf.Bytes()
		} else if !bytes.Equal(first, buf.Bytes()) {
			t.Fatal("the same model gave another workbook")
		}
	}
	out := filepath.Join(t.TempDir(), "tổng hợp.xlsx")
	os.WriteFile(out, first, 0o644)
	wb, err := xlsx.Open(out, xlsx.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	g, err := wb.Grid(SheetAnnex)
	if err != nil {
		t.Fatal(err)
	}
	var sheets []string // the sheet of each numbered item, in number order
	for _, row := range g {
		if len(row) > 1 && row[0] == strconv.Itoa(len(sheets)+1) {
			sheets = append(sheets, regexp.MustCompile(`«([^»]+)»`).FindStringSubmatch(row[1])[1])
		}
	}
	last := slices.Index(sheets, SheetStatus)
	if last < 0 || slices.Index(sheets, SheetSummary) < 0 || last < len(sheets)-1 || slices.Index(sheets, SheetSummary) > last {
		t.Errorf("annex items by sheet, in number order: %v; want the summary's before the reports sheet's, which comes last", sheets)
	}
}
