package consolidate

import (
	"chitieu/finding"
	"chitieu/store"
)

// Reports counts the expected reports by how they stand in the workbook.
type Reports struct {
	Valid      int // used
	Excluded   int // received, none valid
	Missing    int // nothing received
	Unapproved int // valid, left out for want of the office's approval (--approved-only)
}

// Reports counts the model's expected reports: valid, excluded, missing, unapproved.
func (m *Model) Reports() Reports {
	var n Reports
	for _, x := range m.Expected {
		switch {
		case len(x.Received) == 0:
			n.Missing++
		case x.Unapproved:
			n.Unapproved++
		case x.Used == nil:
			n.Excluded++
		default:
			n.Valid++
		}
	}
	return n
}

// Exclusion is a file received whose figures are not in the workbook, with the first reason.
type Exclusion struct {
	File *store.Submission
	// Why says why in full: its first error (with the code in brackets), the copy of the same
	// report used instead, a report left out for want of approval, or a file no report expects.
	Why finding.Text
}

// Exclusions lists, in the order received, every file whose figures are not in the workbook,
// with why: its first error that is not duplicate-submission; else, when another copy of the
// same report is used, that copy (named by name, the way the reader knows the file); else its
// duplicate-submission; else that no report of the period expects it.
func (m *Model) Exclusions(name func(*store.Submission) string) []Exclusion {
	used := map[*store.Submission]*Expected{}
	copyOf := map[*store.Submission]*Expected{}
	for _, x := range m.Expected {
		if x.Used != nil {
			used[x.Used] = x
		}
		for _, f := range x.Received {
			copyOf[f] = x
		}
	}
	var out []Exclusion
	for _, f := range m.Files {
		if used[f] != nil {
			continue
		}
		var why finding.Text
		switch x := copyOf[f]; {
		case x != nil && x.Unapproved:
			why = x.Why
		case f.Valid && x != nil && x.Used != nil:
			why = finding.Textf("một bản khác của cùng báo cáo được dùng: %s.", "another copy of the same report is used: %s.", name(x.Used))
		default:
			var dup *finding.Finding
			for i, y := range f.Findings {
				if y.Severity == finding.Error && y.Code == "duplicate-submission" && dup == nil {
					dup = &f.Findings[i]
				}
				if y.Severity == finding.Error && y.Code != "duplicate-submission" {
					why = y.Detail.Plus(finding.Text{VI: " [" + y.Code + "]", EN: " [" + y.Code + "]"})
					break
				}
			}
			switch {
			case !why.IsZero():
			case dup != nil && x != nil && x.Used != nil:
				// A copy whose figures differ from the copy used: superseded, not unexpected.
				why = finding.Textf("một bản khác của cùng báo cáo được dùng: %s; số liệu của bản này khác bản đó. [duplicate-submission]",
					"another copy of the same report is used: %s; this copy's figures differ from it. [duplicate-submission]", name(x.Used))
			case dup != nil:
				why = dup.Detail.Plus(finding.Text{VI: " [duplicate-submission]", EN: " [duplicate-submission]"})
			default:
				why = finding.Text{VI: "không phải báo cáo phải nộp của kỳ này.", EN: "not a report expected for the period."}
			}
		}
		out = append(out, Exclusion{File: f, Why: why})
	}
	return out
}
