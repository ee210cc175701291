package validate

import (
	"chitieu/schema"
	"chitieu/xlsx"
)

// Cell is a cell of a submission as stored in the file, before any interpretation, and where it
// stands now. Row and Col are 1-based.
type Cell struct {
	Row, Col int
	xlsx.Value
}

// IsEmpty reports whether the cell holds nothing at all.
func (c Cell) IsEmpty() bool { return c.Kind == xlsx.Empty && c.Formula == "" }

// Submission is a filled-in form as read from a workbook, found by its keys and not by fixed
// positions, so that rows inserted by a user, notes typed beside the table or a changed column
// width move nothing: what it says it is, where its rows and columns stand now, and the raw cells.
// Reading it never fails on bad data: checking turns what is wrong into findings.
type Submission struct {
	File string
	// Identity is what the workbook says it is; Identified is false when it says nothing.
	Identity   schema.Identity
	Identified bool
	// IdentityShown is true when the identity sheet, very hidden as chitieu made it, is shown in
	// the tab bar: a program re-saved it visible (Gnumeric does), and a unit may delete it.
	IdentityShown bool
	// Made says what else chitieu made the workbook as when it is no form: MadeProvince,
	// MadePlan, or "".
	Made string
	// Sheet is the sheet holding the form's table; empty when none was found.
	Sheet string
	// KeyRow and KeyCol are where the column codes and the row keys stand now (1-based).
	KeyRow, KeyCol int
	// Rows maps an indicator to the row it stands in; Cols a column code to its column.
	Rows map[string]int
	Cols map[string]int
	// Cells holds the cell of every form row and column found in the sheet.
	Cells map[schema.CellKey]Cell
	// Labels and Units hold the label and unit-of-measure cell of every row found.
	Labels map[string]Cell
	Units  map[string]Cell
	// Extra lists non-empty cells that are not part of the form, anywhere on its sheet (notes
	// typed beside the table, text in rows a user inserted into it, values typed over a "x",
	// figures below the table or far to the right), in row order: the first maxExtra of them;
	// ExtraMore counts the others.
	Extra     []Cell
	ExtraMore int
}
