package consolidate

import (
	"math"
	"strings"
	"unicode/utf8"
)

// Type is set in Times New Roman; a row is sized to its wrapped text from the font's widths
// (serifWidths) and the column's width, so that it neither clips its text nor leaves lines of
// space under it. Excel and LibreOffice draw a column a little differently wide (LibreOffice
// 5,55 points a character of width, Excel 5,25 and a pixel of rounding): the width a line has is
// taken between the two, less the cell's padding; bold type is measured as regular type a
// little larger (boldSize).
const (
	pointsOfChar = 5.25 // points of a column's width per character of width
	cellPadding  = 4.0  // points of a cell's width not given to its text
	lineSpacing  = 1.16 // a line's height, in type sizes (Times New Roman's ascent and descent, with Excel's rounding)
	rowPadding   = 3.0  // points of a row's height above and below its lines
)

// textWidth is the width of s set in size points, in points.
func textWidth(s string, size float64) float64 {
	w := 0
	for _, r := range s {
		w += charWidth(r)
	}
	return float64(w) * size / 1000
}

// charWidth is a character's width in thousandths of the type size, in regular type; a
// character the table does not hold counts as a capital M.
func charWidth(r rune) int {
	if r >= 0 && r < flatRunes {
		return int(flatWidths[r])
	}
	return tableWidth(r)
}

func tableWidth(r rune) int {
	reg, ok := serifWidths[0][r]
	if !ok {
		if r < ' ' || (r >= 0x300 && r < 0x370) {
			return 0 // control characters and combining marks take no room of their own
		}
		return 944
	}
	return int(reg)
}

// flatWidths is charWidth of every character below flatRunes (Latin, Vietnamese's letters with
// their marks, general punctuation), looked up by index instead of in the map: a province
// workbook sizes a row for every submitted figure.
const flatRunes = 0x2100

var flatWidths = func() (t [flatRunes]uint16) {
	for r := range rune(flatRunes) {
		t[r] = uint16(tableWidth(r))
	}
	return t
}()

// boldSize is the size at which regular type is as wide as bold type of size points: Times New
// Roman's bold Vietnamese words are 5 to 7 % wider than its regular ones (the table's bold
// widths; headings measured at 4,8 %, 5,1 % and 6,7 %).
func boldSize(size float64) float64 { return size * 1.07 }

// wrapLines is how many lines text takes set in size points in a line width points wide,
// wrapped at spaces as spreadsheets wrap, a word longer than a line broken where it fills one.
func wrapLines(text string, width, size float64) int {
	space := textWidth(" ", size)
	lines := 0
	for {
		para, rest, more := strings.Cut(text, "\n")
		lines++
		used := 0.0
		for word := range strings.FieldsSeq(para) {
			w := textWidth(word, size)
			switch {
			case used == 0:
			case used+space+w <= width:
				used += space + w
				continue
			default:
				lines++
			}
			used = w
			for used > width && utf8.RuneCountInString(word) > 1 {
				// A word wider than the line: what fills the line stays, the rest goes on.
				n, cut := 0.0, 0
				for i, r := range word {
					if n+float64(charWidth(r))*size/1000 > width && i > 0 {
						cut = i
						break
					}
					n += float64(charWidth(r)) * size / 1000
				}
				if cut == 0 {
					break
				}
				word = word[cut:]
				used = textWidth(word, size)
				lines++
			}
		}
		if !more {
			return lines
		}
		text = rest
	}
}

// textHeight is the height, in points, of a row whose cell width characters wide holds text
// set in size points.
func textHeight(text string, width, size float64) float64 {
	line := (width*pointsOfChar - cellPadding) * 0.97 // spreadsheets break lines a little sooner than a greedy fill
	return math.Ceil(float64(wrapLines(text, line, size))*size*lineSpacing + rowPadding)
}
