package consolidate

import (
	"archive/zip"
	"encoding/xml"
	"io"
	"math"
	"os"
	"os/exec"
	"path"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"chitieu/internal/wine"
)

// The printed province workbook (issue 13): what can be checked in the file of how it prints on
// A4. Widths follow Excel's rule for a workbook whose default font has digits 7 pixels wide
// (Calibri 11, and Carlito in LibreOffice): a column w characters wide is about 7w pixels.

const (
	a4Short, a4Long = 595.3, 841.9 // points
	pxPerPt         = 96.0 / 72
)

type xSheet struct {
	SheetPr struct {
		PageSetUpPr struct {
			FitToPage string `xml:"fitToPage,attr"`
		} `xml:"pageSetUpPr"`
	} `xml:"sheetPr"`
	Format struct {
		DefaultRowHeight float64 `xml:"defaultRowHeight,attr"`
	} `xml:"sheetFormatPr"`
	Cols []struct {
		Min    int     `xml:"min,attr"`
		Max    int     `xml:"max,attr"`
		Width  float64 `xml:"width,attr"`
		Hidden bool    `xml:"hidden,attr"`
	} `xml:"cols>col"`
	Rows []struct {
		R     int     `xml:"r,attr"`
		Ht    float64 `xml:"ht,attr"`
		Cells []struct {
			R string `xml:"r,attr"`
			S int    `xml:"s,attr"`
			T string `xml:"t,attr"`
			V string `xml:"v"`
			F string `xml:"f"`
			I string `xml:"is>t"`
		} `xml:"c"`
	} `xml:"sheetData>row"`
	Merges []struct {
		Ref string `xml:"ref,attr"`
	} `xml:"mergeCells>mergeCell"`
	Margins struct {
		Left   float64 `xml:"left,attr"`
		Right  float64 `xml:"right,attr"`
		Top    float64 `xml:"top,attr"`
		Bottom float64 `xml:"bottom,attr"`
	} `xml:"pageMargins"`
	Page struct {
		PaperSize   string `xml:"paperSize,attr"`
		Orientation string `xml:"orientation,attr"`
		Scale       string `xml:"scale,attr"`
		FitToWidth  string `xml:"fitToWidth,attr"`
		FitToHeight string `xml:"fitToHeight,attr"`
	} `xml:"pageSetup"`
	Breaks []struct {
		ID int `xml:"id,attr"`
	} `xml:"rowBreaks>brk"`
	Drawing struct {
		ID string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
	} `xml:"drawing"`
}

type xStyles struct {
	Fonts []struct {
		Sz struct {
			Val float64 `xml:"val,attr"`
		} `xml:"sz"`
	} `xml:"fonts>font"`
	Fills []struct {
		Fg struct {
			RGB string `xml:"rgb,attr"`
		} `xml:"patternFill>fgColor"`
	} `xml:"fills>fill"`
	Xfs []struct {
		FontID    int `xml:"fontId,attr"`
		FillID    int `xml:"fillId,attr"`
		Alignment struct {
			WrapText string `xml:"wrapText,attr"`
		} `xml:"alignment"`
	} `xml:"cellXfs>xf"`
}

type xRels struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

type printed struct {
	files  map[string][]byte
	styles xStyles
	sheets map[string]*xSheet // by name
	order  []string
	paths  map[string]string // sheet name → part
	titles map[string]string // sheet name → print titles
	shared []string
}

func readPrinted(t *testing.T, file string) *printed {
	t.Helper()
	z, err := zip.OpenReader(file)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	pr := &printed{files: map[string][]byte{}, sheets: map[string]*xSheet{}, paths: map[string]string{}, titles: map[string]string{}}
	for _, f := range z.File {
		r, _ := f.Open()
		pr.files[f.Name], _ = io.ReadAll(r)
		r.Close()
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
		Names []struct {
			Name  string `xml:"name,attr"`
			Local int    `xml:"localSheetId,attr"`
			Ref   string `xml:",chardata"`
		} `xml:"definedNames>definedName"`
	}
	must(t, xml.Unmarshal(pr.files["xl/workbook.xml"], &wb))
	var rels xRels
	must(t, xml.Unmarshal(pr.files["xl/_rels/workbook.xml.rels"], &rels))
	for _, s := range wb.Sheets {
		for _, r := range rels.Rels {
			if r.ID == s.ID {
				pr.paths[s.Name] = path.Join("xl", strings.TrimPrefix(r.Target, "/xl/"))
			}
		}
		var x xSheet
		must(t, xml.Unmarshal(pr.files[pr.paths[s.Name]], &x))
		pr.sheets[s.Name] = &x
		pr.order = append(pr.order, s.Name)
	}
	for _, n := range wb.Names {
		if n.Name == "_xlnm.Print_Titles" {
			pr.titles[wb.Sheets[n.Local].Name] = n.Ref
		}
	}
	must(t, xml.Unmarshal(pr.files["xl/styles.xml"], &pr.styles))
	var sst struct {
		SI []struct {
			T string `xml:"t"`
			R []struct {
				T string `xml:"t"`
			} `xml:"r"`
		} `xml:"si"`
	}
	xml.Unmarshal(pr.files["xl/sharedStrings.xml"], &sst)
	for _, si := range sst.SI {
		s := si.T
		for _, r := range si.R {
			s += r.T
		}
		pr.shared = append(pr.shared, s)
	}
	return pr
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// colWidthPt is the printed width of a column, in points.
func (x *xSheet) colWidthPt(col int) float64 {
	w := 9.140625 // Excel's default column, 64 pixels
	for _, c := range x.Cols {
		if col >= c.Min && col <= c.Max {
			w = c.Width
			if c.Hidden { // a hidden column does not print
				w = 0
			}
		}
	}
	return math.Trunc(w*7+0.5) / pxPerPt
}

func (x *xSheet) rowHeightPt(row int) float64 {
	for _, r := range x.Rows {
		if r.R == row && r.Ht > 0 {
			return r.Ht
		}
	}
	if x.Format.DefaultRowHeight > 0 {
		return x.Format.DefaultRowHeight
	}
	return 15
}

var cellRef = regexp.MustCompile(`^([A-Z]+)(\d+)$`)

func colOf(ref string) (col, row int) {
	m := cellRef.FindStringSubmatch(ref)
	if m == nil {
		return 0, 0
	}
	for _, ch := range m[1] {
		col = col*26 + int(ch-'A'+1)
	}
	row, _ = strconv.Atoi(m[2])
	return col, row
}

// printable is the width and height of the page inside its margins, in points.
func (x *xSheet) printable() (w, h float64) {
	w, h = a4Long, a4Short
	if x.Page.Orientation == "portrait" {
		w, h = a4Short, a4Long
	}
	return w - 72*(x.Margins.Left+x.Margins.Right), h - 72*(x.Margins.Top+x.Margins.Bottom)
}

// usedWidth is the width of the columns from A to the last one with something written, in
// points; a print area's last column bounds it.
func (x *xSheet) usedWidth(lastCol int) float64 {
	w := 0.0
	for c := 1; c <= lastCol; c++ {
		w += x.colWidthPt(c)
	}
	return w
}

func (x *xSheet) lastCol() int {
	last := 0
	for _, r := range x.Rows {
		for _, c := range r.Cells {
			if c.V != "" || c.F != "" || c.I != "" {
				col, _ := colOf(c.R)
				last = max(last, col)
			}
		}
	}
	return last
}

// TestPrintsOnA4 checks every sheet of the demo's province workbook: A4, fit to width only (or
// a fixed scale for the working sheets too wide for one page), no text printed below 8 pt, the
// header rows repeated, wrapped text given room, the chart on one page with its colours by
// status, valid colours, and that openpyxl opens the file.
func TestPrintsOnA4(t *testing.T) {
	p := plan(t)
	dir, _, _, _, _ := inputs(t, p)
	_, out := consolidateDir(t, p, dir)
	pr := readPrinted(t, out)
	printArea := map[string]int{} // sheet → last printed column, from the print area
	var wbNames struct {
		Names []struct {
			Name  string `xml:"name,attr"`
			Local int    `xml:"localSheetId,attr"`
			Ref   string `xml:",chardata"`
		} `xml:"definedNames>definedName"`
	}
	xml.Unmarshal(pr.files["xl/workbook.xml"], &wbNames)
	for _, n := range wbNames.Names {
		if n.Name == "_xlnm.Print_Area" {
			ref := n.Ref[strings.LastIndex(n.Ref, ":")+1:]
			col, _ := colOf(strings.ReplaceAll(ref, "$", ""))
			printArea[pr.order[n.Local]] = col
		}
	}
	for _, name := range pr.order {
		x := pr.sheets[name]
		t.Run(name, func(t *testing.T) {
			if x.Page.PaperSize != "9" || x.Page.Orientation == "" {
				t.Errorf("paper %q orientation %q, want A4 (9)", x.Page.PaperSize, x.Page.Orientation)
			}
			pw, ph := x.printable()
			last := x.lastCol()
			if pa := printArea[name]; pa > 0 {
				last = pa
			}
			var scale float64
			switch fit := x.SheetPr.PageSetUpPr.FitToPage; {
			case fit == "true" || fit == "1":
				if x.Page.FitToWidth != "1" || x.Page.FitToHeight != "0" {
					t.Errorf("fit to page %sx%s: fit to width only (1x0)", x.Page.FitToWidth, x.Page.FitToHeight)
				}
				scale = min(1, pw/x.usedWidth(last))
			default:
				s, _ := strconv.ParseFloat(x.Page.Scale, 64)
				if s == 0 {
					s = 100
				}
				scale = s / 100
			}
			smallest, where := 99.0, ""
			for _, r := range x.Rows {
				for _, c := range r.Cells {
					col, _ := colOf(c.R)
					if (c.V == "" && c.F == "" && c.I == "") || col > last {
						continue
					}
					sz := pr.styles.Fonts[pr.styles.Xfs[c.S].FontID].Sz.Val
					if sz < smallest {
						smallest, where = sz, c.R
					}
				}
			}
			if got := smallest * scale; got < 8 {
				t.Errorf("prints at %.1f pt (%s: %.0f pt at %.0f%%): under 8 pt", got, where, smallest, scale*100)
			}
			// The achievement sheet repeats its headings only when its table runs over a page:
			// the chart's page has none.
			if name != SheetCover && name != SheetAchievement && pr.titles[name] == "" {
				t.Error("no header rows repeated on each page (print titles)")
			}
			// Wrapped text has the height it needs.
			for _, r := range x.Rows {
				for _, c := range r.Cells {
					xf := pr.styles.Xfs[c.S]
					if xf.Alignment.WrapText != "1" && xf.Alignment.WrapText != "true" {
						continue
					}
					text := c.I
					if c.T == "s" {
						i, _ := strconv.Atoi(c.V)
						text = pr.shared[i]
					}
					if text == "" {
						continue
					}
					col, row := colOf(c.R)
					width := x.colWidthPt(col)
					for _, m := range x.Merges {
						a, b, _ := strings.Cut(m.Ref, ":")
						if a == c.R {
							c2, _ := colOf(b)
							width = 0
							for k := col; k <= c2; k++ {
								width += x.colWidthPt(k)
							}
						}
					}
					sz := pr.styles.Fonts[xf.FontID].Sz.Val
					// The lines the text takes in Times New Roman's widths, wrapped
					// at spaces in the width LibreOffice gives the column, less its padding.
					lines := float64(wrapLines(text, width-3, sz))
					if need := lines * sz * 1.1; x.rowHeightPt(row) < need {
						t.Errorf("%s: %.0f pt high, its %.0f lines of %.0f pt need %.0f: %.40q", c.R, x.rowHeightPt(row), lines, sz, need, text)
					}
				}
			}
			if x.Drawing.ID != "" {
				checkChart(t, pr, name, x, scale, ph, pw)
			}
		})
	}
	if _, ok := pr.sheets[SheetAchievement]; !ok || pr.sheets[SheetAchievement].Drawing.ID == "" {
		t.Errorf("no chart on %s", SheetAchievement)
	}
	bad := regexp.MustCompile(`rgb="([^"]*)"`)
	for name, data := range pr.files {
		for _, m := range bad.FindAllStringSubmatch(string(data), -1) {
			if !regexp.MustCompile(`^[0-9A-Fa-f]{8}$`).MatchString(m[1]) {
				t.Errorf("%s: colour rgb=%q is not ARGB", name, m[1])
			}
		}
	}
	if wine.Running() {
		return // openpyxl is not run under Wine; CI runs this on Linux
	}
	if err := exec.Command("/usr/bin/python3", "-c", "import openpyxl").Run(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("openpyxl is required in CI: %v", err)
		}
		t.Logf("openpyxl: %v", err)
		return
	}
	if b, err := exec.Command("/usr/bin/python3", "-c", "import sys, openpyxl; openpyxl.load_workbook(sys.argv[1])", out).CombinedOutput(); err != nil {
		t.Errorf("openpyxl cannot open the workbook: %v\n%s", err, b)
	}
}

// checkChart checks that a sheet's chart prints on one page: it starts a page (a manual break
// above it), fits the page below the repeated header rows, and its text is legible; its bars
// are coloured by series, not varied per bar.
func checkChart(t *testing.T, pr *printed, name string, x *xSheet, scale, ph, pw float64) {
	t.Helper()
	dir := path.Dir(pr.paths[name])
	var rels xRels
	must(t, xml.Unmarshal(pr.files[path.Join(dir, "_rels", path.Base(pr.paths[name])+".rels")], &rels))
	var drawingPart string
	for _, r := range rels.Rels {
		if r.ID == x.Drawing.ID {
			drawingPart = path.Clean(path.Join(dir, r.Target))
		}
	}
	var dr struct {
		Anchors []struct {
			From struct {
				Col int `xml:"col"`
				Row int `xml:"row"`
			} `xml:"from"`
			To struct {
				Col    int   `xml:"col"`
				Row    int   `xml:"row"`
				RowOff int64 `xml:"rowOff"`
			} `xml:"to"`
			Chart struct {
				ID string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
			} `xml:"graphicFrame>graphic>graphicData>chart"`
		} `xml:"twoCellAnchor"`
	}
	must(t, xml.Unmarshal(pr.files[drawingPart], &dr))
	if len(dr.Anchors) != 1 {
		t.Fatalf("%d charts, want 1", len(dr.Anchors))
	}
	a := dr.Anchors[0]
	top := a.From.Row + 1 // 1-based first row
	// The chart starts a page, or shares the page of the table's last rows when the two fit
	// on it: from the last page break above it to its foot.
	from := 1
	for _, b := range x.Breaks {
		if b.ID < top {
			from = max(from, b.ID+1)
		}
	}
	height := 0.0
	for r := from; r <= a.To.Row; r++ {
		height += x.rowHeightPt(r)
	}
	height += float64(a.To.RowOff) / 12700
	titles := 0.0
	if ref := pr.titles[name]; ref != "" {
		m := regexp.MustCompile(`\$(\d+):\$(\d+)`).FindStringSubmatch(ref)
		if m != nil {
			r1, _ := strconv.Atoi(m[1])
			r2, _ := strconv.Atoi(m[2])
			for r := r1; r <= r2; r++ {
				titles += x.rowHeightPt(r)
			}
		}
	}
	if from == 1 {
		titles = 0 // the rows above the chart include the repeated ones
	}
	if (height+titles)*scale > ph {
		t.Errorf("the chart, the rows above it on its page and the repeated header take %.0f pt of a %.0f pt page", (height+titles)*scale, ph)
	}
	width := 0.0
	for c := 1; c <= a.To.Col; c++ {
		width += x.colWidthPt(c)
	}
	if width*scale > pw {
		t.Errorf("the chart reaches %.0f pt across a %.0f pt page", width*scale, pw)
	}
	var crels xRels
	must(t, xml.Unmarshal(pr.files[path.Join(path.Dir(drawingPart), "_rels", path.Base(drawingPart)+".rels")], &crels))
	for _, r := range crels.Rels {
		if r.ID != a.Chart.ID {
			continue
		}
		chart := string(pr.files[path.Clean(path.Join(path.Dir(drawingPart), r.Target))])
		if strings.Contains(chart, `<varyColors val="1">`) {
			t.Error("bar colours vary per bar")
		}
		// The bars grow from 0 (a "Đạt" at 100% has a bar as long as the others), and 100% is a
		// red line: the value axis's major gridline.
		if strings.Contains(chart, `<crossesAt`) {
			t.Error("the bars grow from where the axes cross, not from 0")
		}
		if !strings.Contains(chart, `<majorUnit val="100">`) || !strings.Contains(chart, `<majorGridlines><spPr><a:ln w="28575"><a:solidFill><a:srgbClr val="C00000">`) {
			t.Error("no 100% reference line")
		}
		for _, m := range regexp.MustCompile(`sz="(\d+)"`).FindAllStringSubmatch(chart, -1) {
			if sz, _ := strconv.Atoi(m[1]); float64(sz)/100*scale < 8 {
				t.Errorf("chart text of %d pt prints under 8 pt", sz/100)
			}
		}
	}
}

// fill is the background colour of a cell (ARGB), or "" for none.
func (pr *printed) fill(sheet, ref string) string {
	for _, r := range pr.sheets[sheet].Rows {
		for _, c := range r.Cells {
			if c.R == ref {
				return pr.styles.Fills[pr.styles.Xfs[c.S].FillID].Fg.RGB
			}
		}
	}
	return ""
}
