package store

import (
	"time"

	"chitieu/finding"
	"chitieu/schema"
)

// Submission is one received file and what its check found.
type Submission struct {
	ID     int64  // assigned by the store
	Seq    int64  // receive order, 1-based, assigned by the store
	SHA256 string // lower-case hex of the file's bytes
	Name   string // base name the file came with
	Size   int64  // bytes

	// Report is what the file says it is, when it came and its check's verdict.
	schema.Report

	SupersededBy int64 // ID of the submission that replaced this one; 0 when current

	// Sender is the unit whose link (or registered address) brought the file, "" when it came
	// from a folder. Refused is set for a file refused for its sender (its identity names
	// another unit, a wrong-unit finding): it is filed under the sender (Unit becomes Sender)
	// as evidence only — it supersedes nothing, is never superseded, and counts in no status,
	// history or figure. Only a lookup by SHA-256 returns it, or one by the sender's unit.
	Sender  string
	Refused bool

	// Findings are the check's findings as data (code, position, message pattern and raw
	// arguments), printed in the reader's language; their Cell.File is the name the file came
	// with.
	Findings finding.Findings
	// Figures are the figures the check read, in the file's order. The store fills in their
	// Period, Form, Unit, File and SHA256 from the submission when it returns them.
	Figures []schema.Figure
}

// counts reports whether the submission takes part in superseding and status: identified, and
// not refused for its sender.
func (s *Submission) counts() bool { return s.Identified() && !s.Refused }

// Result is what Receive did.
type Result struct {
	Submission Submission
	New        bool // false when the same bytes had been received before
	// Adopted is set when the bytes were in the store as a file refused for another sender and
	// this receipt, for the unit the file names, made them its report, or as a rejected file
	// that is valid now (received on its own after a duplicate-submission, say): the store's
	// check of the file is now this one.
	Adopted    bool
	Superseded []Submission // the submissions this one replaced, by receive order
}

// Filter selects submissions. Empty strings match anything.
type Filter struct {
	Period, Form, Unit string
	SHA256             string
	Current            bool // only those not superseded
	Superseded         bool // only those superseded
	WithFigures        bool // load Figures
	WithFindings       bool // load Findings
	// WithRefused includes files refused for their sender (filed under the sender's unit), as
	// the sender's own list of what it sent; a filter by SHA-256 always includes them.
	WithRefused bool
}

// FigureQuery selects the figures of current valid submissions. An empty
// Periods means every period; empty Form and Unit match anything.
type FigureQuery struct {
	Periods    []string
	Form, Unit string
}

// FigureRow is one figure with its provenance and the submission that carried it.
type FigureRow struct {
	schema.Figure
	FormVersion  string
	SubmissionID int64
	ReceivedAt   time.Time
}
