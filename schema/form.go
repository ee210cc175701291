package schema

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"
)

// HasFrequency reports whether the form is filled for periods of frequency f.
func (f *Form) HasFrequency(freq Frequency) bool { return slices.Contains(f.Frequency, freq) }

// InForce reports whether the form is in force for the period: on the last day of its data
// window, as units are.
func (f *Form) InForce(period Period) bool {
	_, end := period.Window()
	d := Date{end}
	return (f.ValidFrom.IsZero() || !d.Before(f.ValidFrom.Time)) && (f.ValidTo.IsZero() || !d.After(f.ValidTo.Time))
}

// UnitsFor returns the units that fill the form for the period: none when the form is not in
// force then, else those listed on the form and existing on the last day of the period's data
// window.
func (p *Plan) UnitsFor(f *Form, period Period) []*Unit {
	_, end := period.Window()
	if !f.InForce(period) {
		return nil
	}
	var out []*Unit
	for _, code := range f.Units {
		if u := p.Unit(code); u != nil && u.ValidOn(Date{end}) {
			out = append(out, u)
		}
	}
	return out
}

// Fills reports whether the unit fills the form for the period: it is one of the form's units
// and exists on the last day of the period's data window. Whether the form itself is in force
// then is InForce.
func (p *Plan) Fills(f *Form, u *Unit, period Period) bool {
	_, end := period.Window()
	return u.ValidOn(Date{end}) && slices.Contains(f.Units, u.Code)
}

// Due returns the day a report of the form for the period is due: DueDays after the end of its
// data window.
func (f *Form) Due(period Period) time.Time {
	_, end := f.Window(period)
	return end.AddDate(0, 0, f.DueDays)
}

// Window returns the first and last day of the data a report of the form for the period covers,
// following the form's regime: the administrative cut-off of Period.Window, or for a report of
// the statistics system the calendar months of the period.
func (f *Form) Window(period Period) (from, to time.Time) {
	if f.Regime != RegimeStatistical {
		return period.Window()
	}
	from = time.Date(period.Year, time.Month(period.StartMonth()), 1, 0, 0, 0, 0, time.UTC)
	to = time.Date(period.Year, time.Month(period.EndMonth())+1, 0, 0, 0, 0, 0, time.UTC)
	return from, to
}

// Label returns the text of an indicator row as the form prints it.
func (p *Plan) Label(r *Row) string {
	if r.Label != "" {
		return r.Label
	}
	if ind := p.Indicator(r.Indicator); ind != nil {
		return ind.Name
	}
	return r.Indicator
}

// Fingerprint identifies the layout of a form: its id and version, its columns, its rows with
// their labels and units, and the constraints of their indicators. A workbook carrying another
// fingerprint was made from another layout, or changed since. It is 16 hexadecimal digits.
func (p *Plan) Fingerprint(f *Form) string {
	var b strings.Builder
	fmt.Fprintf(&b, "form\t%s\t%s\n", f.ID, f.Version)
	for _, c := range f.Columns {
		fmt.Fprintf(&b, "col\t%s\t%s\t%s\t%s\t%s\t%v\n", c.Code, c.Name, c.Basis, c.Formula, c.Unit, c.Required)
	}
	for i := range f.Rows {
		r := &f.Rows[i]
		if r.Heading != "" {
			fmt.Fprintf(&b, "heading\t%s\n", r.Heading)
			continue
		}
		fmt.Fprintf(&b, "row\t%s\t%s\t%s\t%s", r.Indicator, p.Label(r), r.PartOf, strings.Join(r.Columns, ","))
		if ind := p.Indicator(r.Indicator); ind != nil {
			fmt.Fprintf(&b, "\t%s\t%s\t%s\t%s\t%v\t%s", ind.Unit, ind.Kind, ind.Min, ind.Max, ind.Integer, ind.Combine)
		}
		b.WriteByte('\n')
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:8])
}

// CellKind is what a cell of a form's table holds.
type CellKind uint8

// Kinds of table cell.
const (
	CellBlocked  CellKind = iota // the column does not apply to the row: "x", locked
	CellInput                    // a figure the unit types
	CellNote                     // free text the unit types
	CellComputed                 // a formula: a derived column, or a ratio recomputed from its parts
)

// CellKind says what the cell of row r in column c holds. Templates lay cells out by it and
// checking reads the input cells by it, so the two never disagree.
func (p *Plan) CellKind(r *Row, c *Column) CellKind {
	switch {
	case !r.Applies(c.Code):
		return CellBlocked
	case c.Basis == BasisNote:
		return CellNote
	case c.Basis == BasisDerived:
		return CellComputed
	}
	if ind := p.Indicator(r.Indicator); ind != nil && ind.Combine == CombineRatio {
		return CellComputed
	}
	return CellInput
}

// Covers reports whether the plan's province still exists for the period: it has no ValidTo, or
// the period's data window ends on or before it (as units are valid on the window's last day).
func (p *Plan) Covers(period Period) bool {
	_, end := period.Window()
	return p.ValidTo.IsZero() || !end.After(p.ValidTo.Time)
}

// ColumnNote writes a note on some columns of a row, as a line of the row's one note cell:
// "Cột «Kế hoạch năm», «Thực hiện kỳ báo cáo»: text". A note cell holds one such line per
// note (Alt+Enter between them); NoteOn reads back what concerns one column.
func ColumnNote(names []string, text string) string {
	if len(names) == 0 {
		return text
	}
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = "«" + n + "»"
	}
	return "Cột " + strings.Join(quoted, ", ") + ": " + text
}

// NoteOn is the part of a row's note that concerns column c: the lines naming it (by name or
// code, «quoted» or not) after "Cột …:", and the lines naming no column, which concern the whole
// row. A note written without column names concerns every column.
func NoteOn(note string, c *Column) string {
	if !strings.Contains(note, "Cột ") && !strings.Contains(note, "cột ") {
		return note
	}
	var keep []string
	for _, line := range strings.Split(note, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		cols, text, ok := columnsOf(line)
		if !ok {
			keep = append(keep, line)
			continue
		}
		for _, n := range cols {
			if strings.EqualFold(n, c.Name) || strings.EqualFold(n, c.Code) {
				keep = append(keep, text)
				break
			}
		}
	}
	return strings.Join(keep, "\n")
}

// columnsOf splits "Cột «A», B: text" into the columns named and the text.
func columnsOf(line string) (cols []string, text string, ok bool) {
	rest, found := strings.CutPrefix(line, "Cột ")
	if !found {
		if rest, found = strings.CutPrefix(line, "cột "); !found {
			return nil, "", false
		}
	}
	head, text, found := strings.Cut(rest, ": ")
	if !found {
		return nil, "", false
	}
	for _, n := range strings.Split(head, ",") {
		n = strings.Trim(strings.TrimSpace(n), "«»\"“”")
		if n == "" {
			return nil, "", false
		}
		cols = append(cols, n)
	}
	return cols, strings.TrimSpace(text), true
}
