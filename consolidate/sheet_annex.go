package consolidate

import (
	"chitieu/xlsx"
	"strconv"
	"strings"
)

// SheetAnnex (an annex to the workbook, named apart from the provenance annex) holds, whole, the texts too long for their cell: a row of a spreadsheet is at most
// 409 points high, so a cell gathering the notes of 166 communes, or the names of 60 copies of a
// report, cannot show them all. The cell shows what fits and says where the rest is.
const SheetAnnex = "Toàn văn"

// annexWidth is the width of the annex's text column, in characters.
const annexWidth = 120.0

// annexEntry is one text moved to the annex: where it belongs and the text itself.
type annexEntry struct {
	sheet, cell, what string
	text              string
}

// long returns text if it fits a cell of width characters in size-point type within the
// tallest row; otherwise the beginning that fits, then where the whole text stands in the
// annex, which keeps it.
func (wr *writer) long(sheet string, row, col int, what, text string, width, size float64) string {
	return wr.longUpTo(sheet, row, col, what, text, width, size, xlsx.MaxRowHeight)
}

// longUpTo is long with the row kept under height points: a table row that prints a third of a
// page tall at most, where the rows are read one after another.
func (wr *writer) longUpTo(sheet string, row, col int, what, text string, width, size, height float64) string {
	if fit(wrapped{text, width, size}) < height && len(text) < maxCellText {
		return text
	}
	wr.annex = append(wr.annex, annexEntry{sheet: sheet, cell: xlsx.Cell(row, col), what: what, text: text})
	more := " … (xem toàn văn ở trang «" + SheetAnnex + "», mục " + strconv.Itoa(len(wr.annex)) + ")"
	// Halve the lines the cell may hold until the beginning and the pointer fit.
	rs := []rune(text)
	n := len(rs)
	for n > 0 && fit(wrapped{string(rs[:n]) + more, width, size}) >= height-20 {
		n = n * 3 / 4
	}
	return strings.TrimSpace(string(rs[:n])) + more
}

// maxCellText is well under the 32 767 characters a spreadsheet cell holds.
const maxCellText = 8000

// annexSheet writes the texts moved out of their cells, each split over as many rows as it
// needs; there is no annex when every text fitted.
func (wr *writer) annexSheet() {
	if len(wr.annex) == 0 {
		return
	}
	s := wr.b.Sheet(SheetAnnex)
	s.Text(1, 1, "TOÀN VĂN CÁC Ô DÀI", stTitle)
	s.Merge(1, 1, 1, 3)
	legend := "Những ô có nội dung dài hơn một dòng của bảng tính chứa được (409 điểm) chỉ hiện phần đầu; toàn văn ở đây, theo mục."
	s.Text(2, 1, legend, stSub)
	s.Merge(2, 1, 2, 3)
	s.RowHeight(2, fit(wrapped{legend, 8 + 24 + annexWidth, 10}))
	headings(s, 3, map[int]string{1: "Mục", 2: "Ô", 3: "Toàn văn"})
	s.RowHeight(3, 30)
	row := 4
	for i, e := range wr.annex {
		where := "«" + e.sheet + "» " + e.cell + "\n" + e.what
		for j, part := range pieces(e.text, annexWidth, 10) {
			if j == 0 {
				s.Number(row, 1, strconv.Itoa(i+1), stCenter)
				s.Text(row, 2, where, stNote)
			} else {
				s.Text(row, 1, "", stCenter)
				s.Text(row, 2, "", stNote)
			}
			s.Text(row, 3, part, stNote)
			s.RowHeight(row, fit(wrapped{where, 24, 10}, wrapped{part, annexWidth, 10}))
			row++
		}
	}
	widths(s, map[int]float64{1: 8, 2: 24, 3: annexWidth})
	s.Freeze(4, 1)
	s.PrintPage(xlsx.Page{FitWidth: true, TitleRows: [2]int{3, 3}, Footer: wr.pageFooter()})
}

// pieces splits text into parts that each fit a row of a cell width characters wide, breaking
// after a line, a "; " or a space where it can.
func pieces(text string, width, size float64) []string {
	var out []string
	rs := []rune(text)
	for len(rs) > 0 {
		n := len(rs)
		for n > 1 && fit(wrapped{string(rs[:n]), width, size}) >= xlsx.MaxRowHeight-20 {
			n = n * 3 / 4
		}
		if n < len(rs) {
			cut := string(rs[:n])
			for _, sep := range []string{"\n", "; ", " "} {
				if i := strings.LastIndex(cut, sep); i > len(cut)/2 {
					n = len([]rune(cut[:i+len(sep)]))
					break
				}
			}
		}
		out = append(out, strings.TrimSpace(string(rs[:n])))
		rs = rs[n:]
	}
	return out
}
