package finding

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
)

// Severity says how bad a finding is. The zero value is invalid so that a finding built without
// one is caught by tests rather than printed as an error or a warning by accident.
type Severity int

// Severities, most severe first.
const (
	SeverityInvalid Severity = iota
	Error
	Warning
)

// Word returns the severity as it is printed: "lỗi"/"cảnh báo" or "error"/"warning".
func (s Severity) Word(lang Lang) string {
	switch s {
	case Error:
		return Text{VI: "lỗi", EN: "error"}.In(lang)
	case Warning:
		return Text{VI: "cảnh báo", EN: "warning"}.In(lang)
	}
	return "?"
}

// String returns the severity's stable English name, as used in JSON.
func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return "invalid"
}

// Pos is a position in a plan file. Line and Col are 1-based; a zero Line means the position is
// not known (the plan was built in memory, or the node could not be found).
type Pos struct {
	File string
	Line int
	Col  int
}

// String formats the position as file:line:col, leaving out what is not known.
func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.File == "":
		return fmt.Sprintf("%d:%d", p.Line, p.Col)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Cell is a position in a workbook. Row and Col are 1-based; zero means the whole sheet (Row and
// Col zero) or the whole file (Sheet empty as well).
type Cell struct {
	File  string
	Sheet string
	Row   int
	Col   int
}

// String formats the position as file, file:Sheet, or file:Sheet!E12.
func (c Cell) String() string {
	switch {
	case c.Sheet == "":
		return c.File
	}
	return c.File + ":" + c.InFile()
}

// InFile returns the position inside the file: "Sheet!E12", "Sheet", or "" for the whole file.
func (c Cell) InFile() string {
	if c.Row == 0 {
		return c.Sheet
	}
	return c.Sheet + "!" + c.Ref()
}

// Ref returns the cell's A1 reference ("E12"), or "" for a whole sheet or file.
func (c Cell) Ref() string {
	if c.Row == 0 {
		return ""
	}
	return Ref(c.Row, c.Col)
}

// Ref returns the A1 reference of a 1-based row and column: Ref(12, 5) is "E12".
func Ref(row, col int) string { return ColumnName(col) + strconv.Itoa(row) }

// ColumnName turns a 1-based column number into its letters: 1 → A, 27 → AA.
func ColumnName(col int) string {
	s := ""
	for col > 0 {
		col--
		s = string(rune('A'+col%26)) + s
		col /= 26
	}
	return s
}

// Finding is one problem found in a plan or a submission, in the shape of hcl's Diagnostic.
// Detection code appends findings and never prints; the writers of this package print them.
type Finding struct {
	Severity Severity
	// Code is stable and documented (DESIGN.md, "Finding codes"); scripts match on it.
	Code string
	// Summary says in a few words what is wrong; when left empty, Add fills it from the code.
	Summary Text
	// Detail says what is wrong and what to do, in full sentences.
	Detail Text
	// Plan is the position in the plan file the finding is about, if any.
	Plan Pos
	// Path is the YAML path of the node the finding is about, e.g. $.targets[3].indicator.
	Path string
	// Cell is the position in a workbook the finding is about, if any.
	Cell Cell
	// Indicator, Column and Value describe the cell a finding is about; Value is as found.
	Indicator string
	Column    string
	Value     string
}

// Where returns where the finding is: the workbook cell when there is one, else the plan position.
func (f Finding) Where() string {
	if f.Cell.File != "" {
		return f.Cell.String()
	}
	return f.Plan.String()
}

// Findings is a list of findings with the operations every writer needs.
type Findings []Finding

// Add appends a finding, giving it the summary of its code when it has none.
func (fs *Findings) Add(f Finding) {
	if f.Summary.IsZero() {
		f.Summary = SummaryOf(f.Code)
	}
	*fs = append(*fs, f)
}

// HasErrors reports whether any finding is an error.
func (fs Findings) HasErrors() bool {
	return slices.ContainsFunc(fs, func(f Finding) bool { return f.Severity == Error })
}

// Has reports whether any finding has the code.
func (fs Findings) Has(code string) bool {
	return slices.ContainsFunc(fs, func(f Finding) bool { return f.Code == code })
}

// Count returns the number of findings of severity s.
func (fs Findings) Count(s Severity) int {
	n := 0
	for _, f := range fs {
		if f.Severity == s {
			n++
		}
	}
	return n
}

// Sort orders findings by file, position, severity and code, and drops exact repeats, so that the
// output does not depend on the order in which checks ran.
func (fs *Findings) Sort() {
	slices.SortStableFunc(*fs, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(a.Plan.File, b.Plan.File),
			cmp.Compare(a.Plan.Line, b.Plan.Line),
			cmp.Compare(a.Plan.Col, b.Plan.Col),
			cmp.Compare(a.Cell.File, b.Cell.File),
			cmp.Compare(a.Cell.Sheet, b.Cell.Sheet),
			cmp.Compare(a.Cell.Row, b.Cell.Row),
			cmp.Compare(a.Cell.Col, b.Cell.Col),
			cmp.Compare(a.Severity, b.Severity),
			cmp.Compare(a.Code, b.Code),
			cmp.Compare(a.Detail.In(VI), b.Detail.In(VI)),
		)
	})
	*fs = slices.CompactFunc(*fs, func(a, b Finding) bool { return same(a, b) })
}

// same reports whether two findings say the same thing at the same place.
func same(a, b Finding) bool {
	return a.Severity == b.Severity && a.Code == b.Code && a.Plan == b.Plan && a.Path == b.Path && a.Cell == b.Cell &&
		a.Indicator == b.Indicator && a.Column == b.Column && a.Value == b.Value &&
		a.Detail.In(VI) == b.Detail.In(VI) && a.Detail.In(EN) == b.Detail.In(EN)
}
