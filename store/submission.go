package store

import "time"

// Finding is one thing a check found in a submission, as plain text. Severity
// and Code are the caller's (the finding package's words); Sheet and Cell
// locate it ("Biểu 01", "D12").
type Finding struct {
	Severity, Code, Sheet, Cell, Indicator, Column, Value, MessageVI, MessageEN string
}

// Figure is one value a submission reports. Value is the exact decimal as the
// file gave it (digits, optional sign and "." point), never a float; Status is
// the unit's word for it (official, preliminary, estimate); Sheet and Cell are
// its provenance.
type Figure struct {
	Indicator, Column, Value, Status, Note, Sheet, Cell string
}

// Submission is one received file and what its check found.
type Submission struct {
	ID         int64  // assigned by the store
	Seq        int64  // receive order, 1-based, assigned by the store
	SHA256     string // lower-case hex of the file's bytes
	Name       string // base name the file came with
	Size       int64  // bytes
	ReceivedAt time.Time

	// Form, FormVersion, Unit and Period are empty when the file could not be
	// identified.
	Form, FormVersion, Unit, Period string

	Valid        bool
	SupersededBy int64 // ID of the submission that replaced this one; 0 when current

	// Sender is the unit whose link (or registered address) brought the file, "" when it came
	// from a folder. Refused is set for a file refused for its sender (its identity names
	// another unit, a wrong-unit finding): it is filed under the sender (Unit becomes Sender)
	// as evidence only — it supersedes nothing, is never superseded, and counts in no status,
	// history or figure. Only a lookup by SHA-256 returns it, or one by the sender's unit.
	Sender  string
	Refused bool

	Findings []Finding
	Figures  []Figure
}

// identified reports whether the submission has a full key, and so can
// supersede and be superseded.
func (s *Submission) identified() bool {
	return s.Form != "" && s.Unit != "" && s.Period != ""
}

// counts reports whether the submission takes part in superseding and status: identified, and
// not refused for its sender.
func (s *Submission) counts() bool { return s.identified() && !s.Refused }

// Result is what Receive did.
type Result struct {
	Submission Submission
	New        bool // false when the same bytes had been received before
	// Adopted is set when the bytes were in the store as a file refused for another sender and
	// this receipt, for the unit the file names, made them its report: the store's check of the
	// file is now this one.
	Adopted    bool
	Superseded []Submission // the submissions this one replaced, by receive order
}

// Filter selects submissions. Empty strings match anything.
type Filter struct {
	Period, Form, Unit string
	SHA256             string
	Current            bool // only those not superseded
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

// FigureRow is one figure with its provenance.
type FigureRow struct {
	Period, Form, FormVersion, Unit string
	Indicator, Column, Value        string
	Status, Note                    string
	File, SHA256, Sheet, Cell       string // file is the name it came with
	SubmissionID                    int64
	ReceivedAt                      time.Time
}
