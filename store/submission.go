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

	// Findings are the check's findings as data (code, position, message pattern and raw
	// arguments), printed in the reader's language; their Cell.File is the name the file came
	// with.
	Findings finding.Findings
	// Figures are the figures the check read, in the file's order. The store fills in their
	// Period, Form, Unit, File and SHA256 from the submission when it returns them.
	Figures []schema.Figure
}

// Result is what Receive did.
type Result struct {
	Submission Submission
	New        bool         // false when the same bytes had been received before
	Superseded []Submission // the submissions this one replaced, by receive order
}

// Filter selects submissions. Empty strings match anything.
type Filter struct {
	Period, Form, Unit string
	SHA256             string
	Current            bool // only those not superseded
	WithFigures        bool // load Figures
	WithFindings       bool // load Findings
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
