package main

import (
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
			Top  int    `xml:"top,attr"`
			Font string `xml:"font,attr"`
			Text string `xml:",innerxml"`
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
			got[f] = append(got[f], pg)
		}
	}
	return got
}

// orphanHeading matches a heading's first words: a page must not end on one.
var orphanHeading = regexp.MustCompile(`^(Số liệu tham chiếu|[ABC]\. (Văn bản|Số liệu)|Biểu số |Biểu [0-9]+/|[0-9]+\. [A-Z]+-|STT$|Chỉ tiêu$)`)

// continuedHeads are, for a sheet that prints on several pages, words of its column headings
// that every page of it shows (one of them).
var continuedHeads = map[string][]string{
	"Tổng hợp":      {"Đơn vị tính"},
	"Chênh lệch":    {"Giải thích"},
	"Nguồn dữ liệu": {"Cơ quan", "Phạm vi", "Ghi chú của đơn vị"},
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
			} else if words, ok := continuedHeads[pg.sheet]; ok && !slices.ContainsFunc(words, func(w string) bool { return strings.Contains(pg.text, w) }) {
				t.Errorf("%s: page %d continues %s without its column headings %q", name, i+1, pg.sheet, words)
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
