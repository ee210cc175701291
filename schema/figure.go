package schema

import (
	"path/filepath"
	"strings"
	"time"
)

// Figure is one figure a unit submitted: an indicator's value in a form's column for a unit and
// a period, with the unit's word on how final it is, its own note, and the cell it was read
// from. It is the one shape a submitted figure has from the check of a file to the store's
// index to the province workbook: validate derives it from a checked file (validate.File's
// Figures), the store keeps and returns it, consolidation totals it.
type Figure struct {
	Period    Period
	Form      string // the form's ID, "04/CT-TK"
	Unit      string // the reporting unit's code: the figure's scope
	Indicator string
	Column    string // the form column's code, "TH"
	// Value is the exact decimal as the file gave it; unset for a note cell of its own (Note is
	// then the figure).
	Value Number
	// Status is how final the unit says the figure is (StatusOf its note and column).
	Status ActualStatus
	// Note is the unit's note (Ghi chú) on the figure's row, trimmed.
	Note string
	// File is the name the file came with (a path for files given on the command line); SHA256
	// the lower-case hex digest of its bytes; Sheet and Cell where the figure stands ("E14").
	File, SHA256, Sheet, Cell string
}

// FileName is the name of the file a figure was read from, without its folder.
func (x Figure) FileName() string { return filepath.Base(x.File) }

// Key is the figure's cell key on its form.
func (x Figure) Key() CellKey { return CellKey{Indicator: x.Indicator, Column: x.Column} }

// StatusOf is how final a figure is, from the words of the unit's note ("ước tính", "dự kiến",
// "sơ bộ") and the basis of the column it stands in (an estimate for the year).
func StatusOf(note string, basis ColumnBasis) ActualStatus {
	n := strings.ToLower(note)
	switch {
	case basis == BasisEstimated || strings.Contains(n, "ước") || strings.Contains(n, "dự kiến") || strings.Contains(n, "dự báo"):
		return StatusEstimate
	case strings.Contains(n, "sơ bộ"):
		return StatusPreliminary
	}
	return StatusOfficial
}

// Report is one submission of a form by a unit for a period as the office holds it: what the
// file says it is, when it came and how it stands. Form, FormVersion, Unit and Period are as the
// file states them (Period as written, "2024-03"), empty when the file could not be identified.
type Report struct {
	Form, FormVersion, Unit, Period string
	ReceivedAt                      time.Time
	// Valid is the check's verdict: the file has no error.
	Valid bool
}

// Identified reports whether the report has a full key (form, unit and period), and so can
// supersede and be superseded.
func (r Report) Identified() bool { return r.Form != "" && r.Unit != "" && r.Period != "" }

// YearToDate is the form's column of row r whose figure for period per spans the start of the
// year to the end of per: the period column for a year, or for a period that starts the year (a
// January, Q1, 6M); else the year-to-date column; nil when the form has none for the row. It is
// the one definition of "last year's figure": the same period of the year before, read from this
// column, is what a "cùng kỳ" column (BasisPrior, the same span of the previous year) holds — for
// the template's pre-fill and for the province workbook's comparison alike.
func (f *Form) YearToDate(per Period, r *Row) *Column {
	first, second := BasisYTD, BasisPeriod
	if per.Freq == Yearly {
		first, second = BasisPeriod, BasisYTD
	}
	if c := f.ColumnOf(r, first); c != nil {
		return c
	}
	if c := f.ColumnOf(r, second); c != nil && (per.Freq == Yearly || per.StartMonth() == 1 || c.Basis == BasisYTD) {
		return c
	}
	return nil
}

// ColumnOf is the form's first column of a basis that applies to the row, or nil.
func (f *Form) ColumnOf(r *Row, basis ColumnBasis) *Column {
	for i := range f.Columns {
		if c := &f.Columns[i]; c.Basis == basis && r.Applies(c.Code) {
			return c
		}
	}
	return nil
}
