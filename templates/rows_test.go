package templates

import (
	"archive/zip"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"chitieu/xlsx"
)

// sheetXML returns the XML of the form's sheet (the workbook's first) of a written form.
func sheetXML(t *testing.T, path string) string {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	for _, f := range z.File {
		if f.Name == "xl/worksheets/sheet1.xml" {
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			b, err := io.ReadAll(r)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatal("no xl/worksheets/sheet1.xml")
	return ""
}

// TestTableRowsStayAutomatic checks that no row of a form's table has a fixed height
// (customHeight), which Excel and LibreOffice keep as it is, clipping a long note to one line: a
// row of a one-line label stores no height (the sheet's default, 20 pt, is for it), a longer
// label's row opens taller.
func TestTableRowsStayAutomatic(t *testing.T) {
	for _, c := range goldenCases {
		t.Run(c.golden, func(t *testing.T) {
			l := layout(t, c.plan, c.form, c.unit, c.period)
			x := sheetXML(t, write(t, l, t.TempDir()))
			if !strings.Contains(x, `defaultRowHeight="20"`) {
				t.Errorf("the sheet's default row height is not 20 pt: %s", regexp.MustCompile(`<sheetFormatPr[^>]*>`).FindString(x))
			}
			rows := regexp.MustCompile(`<row r="(\d+)"([^>]*)>`).FindAllStringSubmatch(x, -1)
			seen, tall := 0, 0
			for _, m := range rows {
				r, _ := strconv.Atoi(m[1])
				switch {
				case r == rowHeader && !strings.Contains(m[2], `customHeight="true"`):
					t.Errorf("the column header row lost its fixed height: <row r=%q%s>", m[1], m[2])
				case r < rowFirstRow || r > l.LastRow():
				case strings.Contains(m[2], "customHeight"):
					t.Errorf("table row %d has a fixed height: <row r=%q%s>", r, m[1], m[2])
				default:
					seen++
					if strings.Contains(m[2], ` ht="`) {
						tall++
					}
				}
			}
			if seen != len(l.Rows) {
				t.Errorf("found %d of the %d table rows in the sheet", seen, len(l.Rows))
			}
			if c.golden == "03-CT-H.golden" && tall != 3 {
				t.Errorf("%d rows open taller than one line, want the 3 of two- and three-line labels", tall)
			}
		})
	}
}

// TestLongNoteGrowsItsRow opens a form in LibreOffice, types a long note as a unit does, and
// checks that the note's row grew to show it while the other rows kept their height.
func TestLongNoteGrowsItsRow(t *testing.T) {
	need(t, pythonWith("uno"), "python3-uno")
	need(t, soffice, "LibreOffice")
	l := layout(t, "thanh-hoa", "03/CT-H", "399", "2024")
	src := write(t, l, t.TempDir())
	row, col := l.RowOf("GTSX_CN"), l.ColOf("GC")
	note := strings.Repeat("Số ước tính theo báo cáo của các doanh nghiệp trên địa bàn; ", 4)
	cmd := exec.Command(debianPython, filepath.Join("testdata", "note_heights.py"), src, l.Sheet, xlsx.Cell(row, col), note)
	cmd.Env = append(os.Environ(), "PYTHONPATH="+officePath(t))
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("note_heights.py: %v", err)
	}
	var h struct{ Before, After map[string]int } // 1/100 mm
	if err := json.Unmarshal(out, &h); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	key := strconv.Itoa(row)
	// The note is about 240 characters in a column 22 wide: ten lines or more, each about
	// 5 mm in 12 pt Times New Roman.
	if h.Before[key] == 0 || h.After[key] < 4*h.Before[key] {
		t.Errorf("row %d was %d/100 mm high and is %d/100 mm with the long note: it did not grow to show it", row, h.Before[key], h.After[key])
	}
	for r, before := range h.Before {
		if r != key && h.After[r] != before {
			t.Errorf("row %s changed height from %d to %d when row %d's note was typed", r, before, h.After[r], row)
		}
	}
}

// TestOpenpyxlLeavesOneLineRowsAutomatic saves a form with openpyxl, as a program pre-filling
// forms does: openpyxl fixes every stored row height, so only the rows that store none — those of
// one-line labels — are still free to grow with a note typed afterwards.
func TestOpenpyxlLeavesOneLineRowsAutomatic(t *testing.T) {
	need(t, pythonWith("openpyxl"), "python3-openpyxl")
	l := layout(t, "thanh-hoa", "03/CT-H", "399", "2024")
	dir := t.TempDir()
	src, dst := write(t, l, dir), filepath.Join(dir, "openpyxl.xlsx")
	script := "import openpyxl, sys; wb = openpyxl.load_workbook(sys.argv[1]); wb.save(sys.argv[2])"
	if out, err := exec.Command(debianPython, "-c", script, src, dst).CombinedOutput(); err != nil {
		t.Fatalf("openpyxl: %v\n%s", err, out)
	}
	x := sheetXML(t, dst)
	for _, ind := range []string{"GTSX_CN", "GTSX_CBCT", "THON_DIEN"} {
		row := l.RowOf(ind)
		m := regexp.MustCompile(`<row r="` + strconv.Itoa(row) + `"[^>]*>`).FindString(x)
		if strings.Contains(m, "customHeight") {
			t.Errorf("row %d (%s) is fixed after openpyxl's save: %s", row, ind, m)
		}
	}
}
