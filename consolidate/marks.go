package consolidate

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"chitieu/finding"
	"chitieu/xlsx"
)

// A verdict resting on a figure its unit or document noted, or on an estimate, carries a
// numbered mark to the note, on the gap and achievement rows and on the cover (DESIGN.md,
// "Workbooks": every unit's note stands beside its figure).

// FigureNote is a note on figures some verdicts rest on, numbered for the marks beside them.
type FigureNote struct {
	Mark    int
	Text    string
	Targets []string // the targets whose verdict rests on it, in the order of the assessments
}

// estimateNote is the note every verdict resting on an estimate shares.
const estimateNote = "Dựa trên số liệu ước tính (ước tính, sơ bộ hoặc dự kiến); xem loại số liệu từng năm ở trang " + SheetHistory + "."

// restsOn lists the figures a verdict rests on: the years of a growth target's average (and the
// part-year figure), the latest figure of a level or share, both figures of each year compared.
func (a *Assessment) restsOn() []Point {
	switch {
	case len(a.Compared) > 0:
		var pts []Point
		for _, c := range a.Compared {
			pts = append(pts, c.A, c.B)
		}
		return pts
	case math.IsNaN(a.Achieved):
		return nil
	case a.Latest.Year > 0:
		return []Point{a.Latest}
	}
	return a.Points
}

// figureNotes numbers the notes the verdicts rest on, each text once, in the order of the
// assessments, and gives each assessment its marks.
func figureNotes(as []*Assessment) []FigureNote {
	var out []FigureNote
	at := map[string]int{}
	for _, a := range as {
		a.Marks = nil
		var texts []string
		for _, pt := range a.restsOn() {
			if !pt.Note.IsZero() {
				texts = append(texts, pt.Note.In(finding.VI))
			}
			if pt.Estimate {
				texts = append(texts, estimateNote)
			}
		}
		for _, text := range texts {
			i, ok := at[text]
			if !ok {
				i = len(out)
				at[text] = i
				out = append(out, FigureNote{Mark: i + 1, Text: text})
			}
			if !slices.Contains(a.Marks, i+1) {
				a.Marks = append(a.Marks, i+1)
				out[i].Targets = append(out[i].Targets, a.Target.ID)
			}
		}
	}
	return out
}

// MarkText is the marks of a verdict as written after it: " [1][3]"; empty without one.
func (a *Assessment) MarkText() string {
	var b strings.Builder
	for _, m := range a.Marks {
		fmt.Fprintf(&b, "[%d]", m)
	}
	if b.Len() == 0 {
		return ""
	}
	return " " + b.String()
}

// Line is a note as listed under a table and on the cover: "[1] text (TH-IIP-2125, …)".
func (n FigureNote) Line() string {
	return fmt.Sprintf("[%d] %s — đánh giá dựa trên số liệu này: %s.", n.Mark, n.Text, strings.Join(n.Targets, ", "))
}

// figureNoteRows lists the numbered notes from row, each merged across columns 1 to last of a
// sheet total wide, and returns the row after them.
func (wr *writer) figureNoteRows(s *xlsx.Sheet, row, last int, total float64, pg *pager) int {
	if len(wr.m.FigureNotes) == 0 {
		return row
	}
	st := xlsx.Style{Size: 10, Italic: true, Align: xlsx.Left, Wrap: true}
	// The notes stay together, on the table's last page when they fit there.
	pg.gap(15)
	pg.place(row+1, wr.figureNotesHeight(total))
	row++
	for _, n := range wr.m.FigureNotes {
		s.Text(row, 1, n.Line(), st)
		s.Merge(row, 1, row, last)
		s.RowHeight(row, fit(wrapped{n.Line(), total, 10}))
		row++
	}
	return row
}

// figureNotesHeight is the height of the rows figureNoteRows writes below the row before them.
func (wr *writer) figureNotesHeight(total float64) float64 {
	h := 0.0
	for _, n := range wr.m.FigureNotes {
		h += fit(wrapped{n.Line(), total, 10})
	}
	return h
}

// lastOf is the last assessment the gap table lists: the last reference if any, else the last.
func lastOf(as []*Assessment) *Assessment {
	var last *Assessment
	for _, ref := range []bool{false, true} {
		for _, a := range as {
			if a.Reference == ref {
				last = a
			}
		}
	}
	return last
}
