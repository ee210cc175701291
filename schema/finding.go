package schema

import (
	"cmp"
	"fmt"
	"slices"
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
		return Text{"lỗi", "error"}.In(lang)
	case Warning:
		return Text{"cảnh báo", "warning"}.In(lang)
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

// Finding is one problem found in a plan or a submission. Detection code appends findings and
// never prints; printing is done by the writers in cmd/chitieu.
type Finding struct {
	Severity Severity
	// Code is stable and documented (DESIGN.md, "Finding codes"); scripts match on it.
	Code string
	// Message says what is wrong and what to do, in full sentences.
	Message Text
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

// Findings is a list of findings with the operations every writer needs.
type Findings []Finding

// Add appends a finding.
func (fs *Findings) Add(f Finding) { *fs = append(*fs, f) }

// HasErrors reports whether any finding is an error.
func (fs Findings) HasErrors() bool {
	return slices.ContainsFunc(fs, func(f Finding) bool { return f.Severity == Error })
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
			cmp.Compare(a.Message.VI, b.Message.VI),
		)
	})
	*fs = slices.CompactFunc(*fs, func(a, b Finding) bool { return a == b })
}
