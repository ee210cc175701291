package schema

// Identity is what a workbook says it is: the plan, form, version, unit and period it was made
// for, and the fingerprint of the form's layout (Plan.Fingerprint).
type Identity struct {
	Plan        string `json:"plan"`
	PlanVersion string `json:"plan_version"`
	Form        string `json:"form"`
	FormVersion string `json:"form_version"`
	Fingerprint string `json:"fingerprint"`
	Unit        string `json:"unit"`
	Period      string `json:"period"`
}

// RawKind is the type a cell's value is stored with.
type RawKind uint8

// Kinds of stored value.
const (
	RawEmpty RawKind = iota
	RawNumber
	RawText
	RawBool
	RawError // #DIV/0!, #REF!, …
)

// RawCell is a cell of a submission as stored in the file, before any interpretation.
type RawCell struct {
	// Row and Col are where the cell stands in the file (1-based).
	Row, Col int
	Kind     RawKind
	// Raw is the stored text; Digits a number at the 15 significant digits a spreadsheet keeps.
	Raw, Digits string
	// Formula is the cell's formula without "=", if any; Raw is then its cached result.
	Formula string
	// Percent is true when the cell is formatted as a percentage (16,4% is stored 0.164).
	Percent bool
}

// IsEmpty reports whether the cell holds nothing at all.
func (c RawCell) IsEmpty() bool { return c.Kind == RawEmpty && c.Formula == "" }

// CellKey names a cell of a form by what it holds: an indicator's value in a column.
type CellKey struct{ Indicator, Column string }

// Submission is a filled-in form as read from a workbook: what it says it is, where its rows and
// columns stand now, and the raw cells. Reading it never fails on bad data: checking turns what
// is wrong into findings.
type Submission struct {
	File       string
	Identity   Identity
	Identified bool
	// Sheet is the sheet holding the form's table; empty when none was found.
	Sheet string
	// Rows maps an indicator to the row it stands in; Cols a column code to its column.
	Rows map[string]int
	Cols map[string]int
	// Cells holds the cell of every form row and column found in the sheet.
	Cells map[CellKey]RawCell
	// Labels and Units hold the label and unit-of-measure text of every row found.
	Labels map[string]RawCell
	Units  map[string]RawCell
	// Extra lists non-empty cells that are not part of the form: notes typed beside the table,
	// text in rows a user inserted into it, values typed over a "x".
	Extra []RawCell
}
