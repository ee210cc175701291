package xlsx

import (
	"fmt"
	"math"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Page is how a sheet prints on A4. A sheet prints either one page wide, as many pages tall as
// its rows need (FitWidth), or at a fixed Scale across as many pages as it needs both ways, with
// TitleCols repeated on the left of every page: a sheet too wide for legible type on one page
// prints that way rather than shrunk.
type Page struct {
	Portrait bool
	// FitWidth prints one page wide and as many pages tall as needed; Scale is then ignored.
	FitWidth bool
	// Scale is the print scale in percent when FitWidth is false; 0 means 100.
	Scale int
	// TitleRows and TitleCols are the first and last row (column) printed again at the top (left)
	// of every page; zero for none. Both are 1-based.
	TitleRows, TitleCols [2]int
	// Area is the print area ("A1:I40"); empty prints the used range.
	Area string
	// Footer is the text printed at the foot of every page, in Excel's header codes: &P is the
	// page number, &N the number of pages.
	Footer string
}

// Margins of every printed page, in inches.
const (
	MarginSide = 0.4
	MarginTop  = 0.6
)

// PrintPage sets how the sheet prints (A4, margins, scale, repeated titles, print area, footer).
func (s *Sheet) PrintPage(p Page) {
	size, orient := 9, "landscape"
	if p.Portrait {
		orient = "portrait"
	}
	opts := &excelize.PageLayoutOptions{Size: &size, Orientation: &orient}
	fit := p.FitWidth
	if fit {
		one, zero := 1, 0
		opts.FitToWidth, opts.FitToHeight = &one, &zero
	} else {
		scale := uint(100)
		if p.Scale > 0 {
			scale = uint(p.Scale)
		}
		opts.AdjustTo = &scale
	}
	s.b.fail(s.b.f.SetPageLayout(s.name, opts))
	s.b.fail(s.b.f.SetSheetProps(s.name, &excelize.SheetPropsOptions{FitToPage: &fit}))
	side, top := MarginSide, MarginTop
	s.b.fail(s.b.f.SetPageMargins(s.name, &excelize.PageLayoutMarginsOptions{Left: &side, Right: &side, Top: &top, Bottom: &top}))
	var titles []string
	if p.TitleCols[1] > 0 {
		titles = append(titles, fmt.Sprintf("'%s'!$%s:$%s", s.name, ColumnName(p.TitleCols[0]), ColumnName(p.TitleCols[1])))
	}
	if p.TitleRows[1] > 0 {
		titles = append(titles, fmt.Sprintf("'%s'!$%d:$%d", s.name, p.TitleRows[0], p.TitleRows[1]))
	}
	if len(titles) > 0 {
		s.b.fail(s.b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: s.name, RefersTo: strings.Join(titles, ",")}))
	}
	if p.Area != "" {
		from, to, _ := strings.Cut(p.Area, ":")
		abs := func(ref string) string {
			c, r, err := excelize.CellNameToCoordinates(ref)
			if err != nil {
				s.b.fail(err)
				return ref
			}
			return "$" + ColumnName(c) + "$" + fmt.Sprint(r)
		}
		s.b.fail(s.b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", Scope: s.name, RefersTo: fmt.Sprintf("'%s'!%s:%s", s.name, abs(from), abs(to))}))
	}
	if p.Footer != "" {
		s.b.fail(s.b.f.SetHeaderFooter(s.name, &excelize.HeaderFooterOptions{OddFooter: p.Footer}))
	}
}

// PageBreak starts a new printed page at row.
func (s *Sheet) PageBreak(row int) {
	s.b.fail(s.b.f.InsertPageBreak(s.name, Cell(row, 1)))
}

// The printed page as LibreOffice and Excel lay it out: A4, the margins above, the footer's
// line inside the bottom margin's band. A column of width w characters prints about w×5.6 to
// w×5.9 points wide at full size (LibreOffice with Carlito measures the wider end, Excel's own
// formula the narrower); the two ends are used each where it is the safe side.
const (
	a4Long, a4Short    = 841.9, 595.3 // points
	footerRoom         = 5.0          // Excel prints the footer in the bottom margin; LibreOffice's body is taller
	narrowPointsOfChar = 5.6
	widePointsOfChar   = 5.9
)

func printable(portrait bool) (width, height float64) {
	width, height = a4Long, a4Short
	if portrait {
		width, height = height, width
	}
	return width - 2*MarginSide*72, height - 2*MarginTop*72 - footerRoom
}

// PageRoom is the height, in the sheet's own points (before scaling), of the rows one printed
// page holds when a sheet whose columns are width characters wide in all prints one page wide
// (FitWidth). It errs on the short side, so that a block laid out to fit a page does.
func PageRoom(width float64, portrait bool) float64 {
	w, h := printable(portrait)
	scale := min(1, w/(width*narrowPointsOfChar))
	return h / scale
}

// PageRoomAt is PageRoom for a sheet printed at scale percent.
func PageRoomAt(scale int, portrait bool) float64 {
	_, h := printable(portrait)
	return h * 100 / float64(max(scale, 1))
}

// WidthAt is the width in characters of the columns that print one page wide at scale percent;
// it errs on the narrow side (FitScale of it is scale or more).
func WidthAt(scale int, portrait bool) float64 {
	w, _ := printable(portrait)
	return math.Floor(w*100/(float64(max(scale, 1))*widePointsOfChar)*10) / 10
}

// FitScale is the print scale in percent at which columns width characters wide in all print
// one page wide; it errs on the small side. A sheet can print at FitScale instead of FitWidth
// where fitting to the width misleads LibreOffice: with a chart and a page break, it prints an
// empty page after the chart.
func FitScale(width float64, portrait bool) int {
	w, _ := printable(portrait)
	return int(math.Floor(100 * min(1, w/(width*widePointsOfChar))))
}
