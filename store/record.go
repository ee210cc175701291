package store

import (
	"context"
	"path/filepath"
	"slices"

	"chitieu/consolidate"
	"chitieu/finding"
	"chitieu/schema"
	"chitieu/validate"
)

// Record files a checked file into the store: the bytes unchanged under their SHA-256 and the
// submission as validate found it — identity, validity, every finding, every figure and note
// with the cell it stands in. It is Receive for a file validate has read; the rest of the store
// takes plain data.
func (s *Store) Record(ctx context.Context, f *validate.File) (Result, error) {
	return s.Receive(ctx, f.Path, SubmissionOf(f))
}

// SubmissionOf turns a checked file into the store's plain record. A figure's status is read as
// consolidation reads it (consolidate.StatusOf): the unit's own word in its note ("ước tính",
// "sơ bộ"), or an estimate column; else official.
func SubmissionOf(f *validate.File) Submission {
	sub := Submission{SHA256: f.SHA256, Name: filepath.Base(f.Path), Valid: f.Valid()}
	if f.Sub != nil && f.Sub.Identified {
		id := f.Sub.Identity
		sub.Form, sub.FormVersion, sub.Unit, sub.Period = id.Form, id.FormVersion, id.Unit, id.Period
	}
	for _, x := range f.Findings {
		sub.Findings = append(sub.Findings, Finding{Severity: x.Severity.String(), Code: x.Code, Sheet: x.Cell.Sheet, Cell: x.Cell.Ref(),
			Indicator: x.Indicator, Column: x.Column, Value: x.Value, MessageVI: x.Detail.In(finding.VI), MessageEN: x.Detail.In(finding.EN)})
	}
	if f.Checked == nil || f.Checked.Form == nil || f.Sub == nil {
		return sub
	}
	at := func(k schema.CellKey) string {
		row, col := f.Sub.Rows[k.Indicator], f.Sub.Cols[k.Column]
		if row == 0 || col == 0 {
			return ""
		}
		return finding.Ref(row, col)
	}
	noteOf := map[string]string{} // indicator → the row's note
	for k, n := range f.Checked.Notes {
		noteOf[k.Indicator] = n
	}
	keys := make([]schema.CellKey, 0, len(f.Checked.Values)+len(f.Checked.Notes))
	for k := range f.Checked.Values {
		keys = append(keys, k)
	}
	for k := range f.Checked.Notes {
		keys = append(keys, k)
	}
	// In the form's order, so that the store and the export list a file as it reads.
	order := map[schema.CellKey]int{}
	form := f.Checked.Form
	for i, r := range form.Rows {
		for j, c := range form.Columns {
			order[schema.CellKey{Indicator: r.Indicator, Column: c.Code}] = i*len(form.Columns) + j
		}
	}
	slices.SortFunc(keys, func(a, b schema.CellKey) int { return order[a] - order[b] })
	for _, k := range keys {
		var basis schema.ColumnBasis
		status := noteOf[k.Indicator]
		if c := form.Column(k.Column); c != nil {
			basis, status = c.Basis, schema.NoteOn(status, c) // "ước tính" of one column is not another's
		}
		fig := Figure{Indicator: k.Indicator, Column: k.Column, Sheet: f.Sub.Sheet, Cell: at(k), Note: noteOf[k.Indicator], Status: string(consolidate.StatusOf(status, basis))}
		if v, ok := f.Checked.Values[k]; ok {
			fig.Value = v.String()
		} else {
			fig.Note = f.Checked.Notes[k] // a note cell of its own: the note is the figure
		}
		sub.Figures = append(sub.Figures, fig)
	}
	return sub
}
