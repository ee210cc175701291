package xlsx

import (
	"bytes"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// AutoRowHeight gives a row the height it opens with and leaves the row automatic: Excel fits
// it to its text again on opening, LibreOffice as soon as a cell of it is edited, and both as
// text is typed into it. RowHeight instead fixes the height (customHeight), and neither
// application then grows the row, however long the text typed into it.
func (s *Sheet) AutoRowHeight(row int, height float64) {
	s.RowHeight(row, height)
	if s.b.auto == nil {
		s.b.auto = map[string]map[int]bool{}
	}
	if s.b.auto[s.name] == nil {
		s.b.auto[s.name] = map[int]bool{}
	}
	s.b.auto[s.name][row] = true
}

// withAutoHeights drops customHeight from the <row> elements of the rows listed: excelize writes
// it with every height it is given.
func withAutoHeights(sheet []byte, rows map[int]bool) []byte {
	const open, custom = `<row r="`, ` customHeight="true"`
	var out bytes.Buffer
	out.Grow(len(sheet))
	rest := sheet
	for {
		i := bytes.Index(rest, []byte(open))
		if i < 0 {
			out.Write(rest)
			return out.Bytes()
		}
		gt := bytes.IndexByte(rest[i:], '>')
		q := bytes.IndexByte(rest[i+len(open):], '"')
		if gt < 0 || q < 0 {
			out.Write(rest)
			return out.Bytes()
		}
		tag := rest[i : i+gt+1]
		if n, err := strconv.Atoi(string(rest[i+len(open) : i+len(open)+q])); err == nil && rows[n] {
			tag = bytes.Replace(tag, []byte(custom), nil, 1)
		}
		out.Write(rest[:i])
		out.Write(tag)
		rest = rest[i+gt+1:]
	}
}

// DefaultRowHeight sets the height, in points, of the rows given none: LibreOffice opens them at
// it; Excel fits them to their text. They stay automatic, and a program that rewrites the file
// (openpyxl turns every stored row height into a fixed one) leaves them so.
func (s *Sheet) DefaultRowHeight(height float64) {
	s.b.fail(s.b.f.SetSheetProps(s.name, &excelize.SheetPropsOptions{DefaultRowHeight: &height}))
}
