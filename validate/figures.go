package validate

import (
	"slices"
	"strings"

	"chitieu/finding"
	"chitieu/schema"
)

// Report is what the file says it is and the check's verdict, as the office files it.
func (f *File) Report() schema.Report {
	r := schema.Report{Valid: f.Valid()}
	if f.Sub != nil && f.Sub.Identified {
		id := f.Sub.Identity
		r.Form, r.FormVersion, r.Unit, r.Period = id.Form, id.FormVersion, id.Unit, id.Period
	}
	return r
}

// Figures are the figures of a checked file, in the form's order (row, then column): every value
// read, each with its row's note (trimmed) and the status that note and its column give, and every
// note cell of its own (a figure whose Value is unset and whose Note is the text). It is the one
// derivation of figures from a file: the store keeps these, consolidation totals these. A file
// whose form was not found has none.
func (f *File) Figures() []schema.Figure {
	c := f.Checked
	if c == nil || c.Form == nil || f.Sub == nil {
		return nil
	}
	unit := f.Sub.Identity.Unit
	if c.Unit != nil {
		unit = c.Unit.Code
	}
	noteOf := map[string]string{} // indicator → the row's note
	for k, n := range c.Notes {
		if n = strings.TrimSpace(n); n != "" {
			noteOf[k.Indicator] = n
		}
	}
	keys := make([]schema.CellKey, 0, len(c.Values)+len(c.Notes))
	for k := range c.Values {
		keys = append(keys, k)
	}
	for k, n := range c.Notes {
		if _, ok := c.Values[k]; !ok && strings.TrimSpace(n) != "" {
			keys = append(keys, k)
		}
	}
	order := map[schema.CellKey]int{}
	for i, r := range c.Form.Rows {
		for j, col := range c.Form.Columns {
			order[schema.CellKey{Indicator: r.Indicator, Column: col.Code}] = i*len(c.Form.Columns) + j
		}
	}
	slices.SortFunc(keys, func(a, b schema.CellKey) int { return order[a] - order[b] })
	out := make([]schema.Figure, 0, len(keys))
	for _, k := range keys {
		var basis schema.ColumnBasis
		var col *schema.Column
		if col = c.Form.Column(k.Column); col != nil {
			basis = col.Basis
		}
		x := schema.Figure{Period: c.Period, Form: c.Form.ID, Unit: unit, Indicator: k.Indicator, Column: k.Column,
			Note: noteOf[k.Indicator], File: f.Path, SHA256: f.SHA256, Sheet: f.Sub.Sheet}
		if row, col := f.Sub.Rows[k.Indicator], f.Sub.Cols[k.Column]; row > 0 && col > 0 {
			x.Cell = finding.Ref(row, col)
		}
		if v, ok := c.Values[k]; ok {
			x.Value = v
		} else {
			x.Note = strings.TrimSpace(c.Notes[k]) // a note cell of its own: the note is the figure
		}
		status := x.Note
		if col != nil {
			status = schema.NoteOn(status, col) // "ước tính" of one column is not another's
		}
		x.Status = schema.StatusOf(status, basis)
		out = append(out, x)
	}
	return out
}
