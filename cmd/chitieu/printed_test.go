package main

import (
	"cmp"
	"encoding/json"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The printed province workbook and chase list (issue 24), measured on the PDF LibreOffice
// makes of them, as the leadership gets them on paper: every page's type at 8 pt or more after
// the sheet's scaling, footers included. The fonts are the metric-compatible ones an office's
// Excel uses (Carlito for Calibri, the column widths' font; Liberation Serif 2 for Times New
// Roman, with the Vietnamese letters): with others the widths, and so the scale, differ.

// pdfText is pdftohtml's XML of a PDF: for every page, its text runs and the size of their type
// at zoom 3 (sizes are whole numbers, so a third of a point is the resolution).
type pdfText struct {
	Pages []struct {
		Number int `xml:"number,attr"`
		Height int `xml:"height,attr"`
		Fonts  []struct {
			ID   string `xml:"id,attr"`
			Size int    `xml:"size,attr"`
		} `xml:"fontspec"`
		Texts []struct {
			Top    int    `xml:"top,attr"`
			Height int    `xml:"height,attr"`
			Font   string `xml:"font,attr"`
			Text   string `xml:",innerxml"`
		} `xml:"text"`
	} `xml:"page"`
}

// printedPage is one printed page: the sheet its footer names, its smallest type in points, and
// its text.
type printedPage struct {
	sheet    string
	smallest float64
	where    string
	text     string
	// last is the text of the page's lowest line above the footer.
	last []string
	// head is the text in the top third of the page, where a continued table's column headings
	// are.
	head string
	// lines are the page's text runs above the footer, from the top, in points; height is the
	// page's.
	lines  []pdfLine
	height float64
}

// markup is pdftohtml's tags inside a run of text (<b> for bold).
var markup = regexp.MustCompile(`<[^>]*>`)

// pdfLine is a run of text on a printed page: its top and bottom in points from the page's top.
type pdfLine struct {
	top, bottom float64
	text        string
}

const pdfZoom = 3

func needPrinting(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("renders workbooks with LibreOffice")
	}
	if runtime.GOOS != "linux" || os.Getenv("WINEPREFIX") != "" {
		t.Skip("LibreOffice and poppler are tested on Linux")
	}
	var missing []string
	for _, tool := range []string{"soffice", "pdftohtml", "fc-list"} {
		if _, err := exec.LookPath(tool); err != nil {
			missing = append(missing, tool)
		}
	}
	if len(missing) == 0 {
		fonts, _ := exec.Command("fc-list").Output()
		for _, f := range []string{"Carlito", "LiberationSerif-Regular.ttf"} {
			if !strings.Contains(string(fonts), f) {
				missing = append(missing, "font "+f)
			}
		}
		if !strings.Contains(string(fonts), "liberation2") {
			missing = append(missing, "fonts-liberation2")
		}
	}
	if len(missing) > 0 {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI must have %v (fonts-crosextra-carlito, fonts-liberation2, poppler-utils, libreoffice-calc-nogui)", missing)
		}
		t.Skipf("needs %v", missing)
	}
}

// printPDF converts workbooks to PDF with LibreOffice and reads every page back.
func printPDF(t *testing.T, files ...string) map[string][]printedPage {
	t.Helper()
	out := t.TempDir()
	args := []string{"--headless", "--norestore", "-env:UserInstallation=file://" + filepath.Join(out, "profile"), "--convert-to", "pdf", "--outdir", out}
	if b, err := exec.Command("soffice", append(args, files...)...).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	got := map[string][]printedPage{}
	for _, f := range files {
		pdf := filepath.Join(out, strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))+".pdf")
		b, err := exec.Command("pdftohtml", "-xml", "-i", "-zoom", strconv.Itoa(pdfZoom), "-stdout", pdf).Output()
		if err != nil {
			t.Fatalf("pdftohtml %s: %v", pdf, err)
		}
		var doc pdfText
		if err := xml.Unmarshal(b, &doc); err != nil {
			t.Fatalf("%s: %v", pdf, err)
		}
		size := map[string]int{} // font specs are numbered across the document
		for _, p := range doc.Pages {
			for _, fs := range p.Fonts {
				size[fs.ID] = fs.Size
			}
			pg := printedPage{smallest: 99}
			var text []string
			lowest := -1
			for _, tx := range p.Texts {
				if s := strings.TrimSpace(tx.Text); s != "" && tx.Top <= p.Height*19/20 {
					lowest = max(lowest, tx.Top)
				}
			}
			for _, tx := range p.Texts {
				if s := strings.TrimSpace(tx.Text); s != "" && tx.Top <= p.Height*19/20 && tx.Top >= lowest-3*pdfZoom {
					pg.last = append(pg.last, s)
				}
			}
			for _, tx := range p.Texts {
				s := strings.TrimSpace(tx.Text)
				if s == "" {
					continue
				}
				text = append(text, s)
				if pt := float64(size[tx.Font]) / pdfZoom; pt < pg.smallest {
					pg.smallest, pg.where = pt, s
				}
				if tx.Top > p.Height*19/20 && strings.Contains(s, " — ") {
					// The footer: "Tỉnh Thanh Hóa — Năm 2024 — Tổng hợp".
					pg.sheet = s[strings.LastIndex(s, " — ")+len(" — "):]
				}
			}
			pg.text = strings.Join(text, "\n")
			pg.height = float64(p.Height) / pdfZoom
			var head []string
			for _, tx := range p.Texts {
				s := strings.TrimSpace(tx.Text)
				if s == "" || tx.Top > p.Height*19/20 {
					continue
				}
				if tx.Top <= p.Height/3 {
					head = append(head, s)
				}
				pg.lines = append(pg.lines, pdfLine{float64(tx.Top) / pdfZoom, float64(tx.Top+tx.Height) / pdfZoom, markup.ReplaceAllString(s, "")})
			}
			pg.head = strings.Join(head, "\n")
			slices.SortStableFunc(pg.lines, func(a, b pdfLine) int { return cmp.Compare(a.top, b.top) })
			got[f] = append(got[f], pg)
		}
	}
	return got
}

// orphanHeading matches a heading's first words: a page must not end on one.
var orphanHeading = regexp.MustCompile(`^(Số liệu tham chiếu|[ABC]\. (Văn bản|Số liệu)|Biểu số |Biểu [0-9]+/|[0-9]+\. [A-Z]+-|STT$|Chỉ tiêu$)`)

// continuedHeads are, for each sheet that may print on several pages, words of its column
// headings (one of them) that every page of it shows in its top third: a table that continues
// starts the page with its headings again.
var continuedHeads = map[string][]string{
	"Tổng hợp":            {"Đơn vị tính"},
	"Chênh lệch":          {"Giải thích"},
	"Diễn biến":           {"Loại số liệu"},
	"Chênh lệch chi tiết": {"Chỉ tiêu", "Đánh giá"},
	"Theo đơn vị":         {"Đơn vị báo cáo"},
	"Tình trạng nộp":      {"Tệp được dùng"},
	"Lỗi":                 {"Nội dung"},
	"Nguồn dữ liệu":       {"Cơ quan", "Phạm vi", "Ghi chú của đơn vị"},
	"Toàn văn":            {"Toàn văn"},
	// The chase list prints no footer naming its sheet.
	"": {"Tình trạng"},
}

// onePageSheets are the sheets that are not a table continued over pages: the cover's pages
// and the achievement table with its chart on a page of its own.
var onePageSheets = map[string]bool{"Bìa": true, "Mức độ hoàn thành": true}

// blockTitle is the first line of a Diễn biến block: "3. TH-VADV-2125 — …".
var blockTitle = regexp.MustCompile(`^[0-9]+\. [A-Z]+-`)

// packed checks that a sheet of blocks starts a page only before a block that would not fit on
// the page before: the first block of each continued page is taller, title to verdict
// ("Đánh giá"), than the room the page before leaves under its last line. The room is measured
// to the lowest line any landscape page of the workbook prints above its footer.
func packed(t *testing.T, book, sheet string, pages []printedPage) {
	t.Helper()
	bottom, height := 0.0, 0.0
	for _, pg := range pages {
		if pg.sheet == sheet {
			height = pg.height
		}
	}
	for _, pg := range pages {
		if pg.height != height {
			continue // a page of another size (the cover, portrait)
		}
		for _, l := range pg.lines {
			bottom = max(bottom, l.bottom)
		}
	}
	for i := 1; i < len(pages); i++ {
		prev, pg := pages[i-1], pages[i]
		if prev.sheet != sheet || pg.sheet != sheet || len(prev.lines) == 0 {
			continue
		}
		room := bottom - prev.lines[len(prev.lines)-1].bottom
		top, end := -1.0, -1.0
		for _, l := range pg.lines {
			if top < 0 && blockTitle.MatchString(l.text) {
				top = l.top
			} else if top >= 0 && strings.HasPrefix(l.text, "Đánh giá") {
				end = l.bottom
				break
			}
		}
		if top < 0 || end < 0 {
			continue // the page continues a block taller than a page
		}
		// A few points for the row's padding above its title and below its verdict, and 12
		// for the pager's safety: it keeps the room of Excel's footer, which LibreOffice
		// prints in the margin.
		if h := end - top + 6; h+12 < room {
			t.Errorf("%s: page %d (%s) leaves %.0f pt under its last line, and the first block of page %d, %.0f pt tall, would fit there", book, i, sheet, room, i+1, h)
		}
	}
}

// TestPrintedWorkbook prints the demo's 2023 and 2024 province workbooks and the chase list of
// 2024 and checks every page: type of 8 pt or more, no empty page, no page ending on a heading
// whose rows are on the next, the column headings on every page of a table that continues, the
// words the leadership does not use kept out, the chase list's dates as dates.
func TestPrintedWorkbook(t *testing.T) {
	needPrinting(t)
	dir := t.TempDir()
	if code, _, stderr := chitieu(t, "demo", "-o", dir); code != 0 {
		t.Fatalf("demo: exit %d\n%s", code, stderr)
	}
	chase := filepath.Join(dir, "Cần nhắc 2024.xlsx")
	store := filepath.Join(dir, "3 Kho dữ liệu")
	if code, _, stderr := chitieu(t, "status", "--store", store, "--period", "2024", "--date", "2025-03-20", "-o", chase); code > 1 {
		t.Fatalf("status: exit %d\n%s", code, stderr)
	}
	books := []string{filepath.Join(dir, "Tổng hợp - thanh-hoa - 2023.xlsx"), filepath.Join(dir, "Tổng hợp - thanh-hoa - 2024.xlsx"), chase}
	pages := printPDF(t, books...)
	for _, book := range books {
		name := filepath.Base(book)
		smallest := map[string]float64{}
		var order []string
		for i, pg := range pages[book] {
			if pg.text == "" {
				t.Errorf("%s: page %d is empty", name, i+1)
				continue
			}
			for _, l := range pg.last {
				if orphanHeading.MatchString(l) {
					t.Errorf("%s: page %d (%s) ends on the heading %q, its rows on the next page", name, i+1, pg.sheet, l)
				}
			}
			if _, ok := smallest[pg.sheet]; !ok {
				order = append(order, pg.sheet)
				smallest[pg.sheet] = 99
			} else if words, ok := continuedHeads[pg.sheet]; ok && !slices.ContainsFunc(words, func(w string) bool { return strings.Contains(pg.head, w) }) {
				t.Errorf("%s: page %d continues %s without its column headings %q", name, i+1, pg.sheet, words)
			} else if !ok && !onePageSheets[pg.sheet] {
				t.Errorf("%s: page %d continues %s, whose column headings the test does not know", name, i+1, pg.sheet)
			}
			smallest[pg.sheet] = min(smallest[pg.sheet], pg.smallest)
			// pdftohtml gives sizes in thirds of a point, rounded: 24 is 8 pt.
			if pg.smallest*pdfZoom < 8*pdfZoom-0.01 {
				t.Errorf("%s: page %d (%s) prints %q at %.2f pt: under 8 pt", name, i+1, pg.sheet, pg.where, pg.smallest)
			}
			for _, word := range []string{"GitHub", "Markdown", "Wikipedia", "API", "(parent)", "phiên bản"} {
				if strings.Contains(pg.text, word) {
					t.Errorf("%s: page %d (%s) prints %q", name, i+1, pg.sheet, word)
				}
			}
		}
		packed(t, name, "Diễn biến", pages[book])
		var line []string
		for _, s := range order {
			line = append(line, s+" "+strconv.FormatFloat(smallest[s], 'f', 2, 64))
		}
		t.Logf("%s: %d pages; smallest type by sheet: %s", name, len(pages[book]), strings.Join(line, "; "))
	}
	// The chase list's due dates print as dates, dd/mm/yyyy.
	var text []string
	for _, pg := range pages[chase] {
		text = append(text, pg.text)
	}
	all := strings.Join(text, "\n")
	if strings.Contains(all, "2024-12-") || strings.Contains(all, "2025-0") {
		t.Errorf("the chase list prints ISO dates:\n%s", all)
	}
	if !strings.Contains(all, "/2025") && !strings.Contains(all, "/2024") {
		t.Errorf("the chase list prints no date dd/mm/yyyy:\n%s", all)
	}
}

// TestPrintedRowHeights sizes the rows of the 2024 province workbook's text-heavy sheets against
// LibreOffice: each cell's text set alone in a cell of its width, font and size, in a row that
// LibreOffice sizes to it (testdata/row_needs.py). No row is shorter than its text needs (a
// clipped note), and no row of several lines is more than a line over what it needs, beyond the
// 15 % of its height kept for Excel, whose columns are 5 % narrower than LibreOffice's and whose
// lines are taller (issue 24: rows of Chênh lệch were 60 points, five lines, too tall).
func TestPrintedRowHeights(t *testing.T) {
	needPrinting(t)
	if exec.Command("/usr/bin/python3", "-c", "import uno").Run() != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must have python3-uno")
		}
		t.Skip("needs python3-uno")
	}
	dir := t.TempDir()
	if code, _, stderr := chitieu(t, "demo", "-o", dir); code != 0 {
		t.Fatalf("demo: exit %d\n%s", code, stderr)
	}
	book := filepath.Join(dir, "Tổng hợp - thanh-hoa - 2024.xlsx")
	sheets := []string{"Tổng hợp", "Chênh lệch", "Diễn biến", "Theo đơn vị", "Nguồn dữ liệu"}
	fill, err := filepath.Abs(filepath.Join("..", "..", "validate", "testdata", "fill"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("/usr/bin/python3", append([]string{filepath.Join("testdata", "row_needs.py"), book}, sheets...)...)
	cmd.Env = append(os.Environ(), "PYTHONPATH="+fill)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("row_needs.py: %v", err)
	}
	var rows map[string][][4]any
	if err := json.Unmarshal(out, &rows); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for _, sheet := range sheets {
		if len(rows[sheet]) == 0 {
			t.Errorf("%s: no rows measured", sheet)
		}
		for _, r := range rows[sheet] {
			row, has, need, cell := r[0].(float64), r[1].(float64), r[2].(float64), r[3].(string)
			line := 11 * 1.16 // a line of 11 pt type
			switch {
			case need == 0:
			case has < need-0.5:
				t.Errorf("%s row %.0f is %.1f pt tall; %s needs %.1f pt: its text is clipped", sheet, row, has, cell, need)
			case need > 2*line && has > need*1.15+line+1: // a row's height is whole points
				t.Errorf("%s row %.0f is %.1f pt tall; %s needs %.1f pt: more than a line too tall", sheet, row, has, cell, need)
			}
		}
	}
}
