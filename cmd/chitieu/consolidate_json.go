package main

import (
	"math"

	"chitieu/consolidate"
	"chitieu/finding"
	"chitieu/validate"
)

// consolidateJSON is what consolidate --format json prints: the workbook written, the reports
// counted, the files left out and why, and the verdict on every target with the notes that
// explain it — each note a stable code and its sentence in the reader's language (--lang).
type consolidateJSON struct {
	File     string             `json:"file"`
	Period   string             `json:"period"`
	Summary  consolidateSummary `json:"summary"`
	Approved *int               `json:"approved,omitempty"`
	Excluded []excludedJSON     `json:"excluded"`
	Unread   []excludedJSON     `json:"unread"`
	Tally    string             `json:"tally"`
	Targets  []targetJSON       `json:"targets"`
}

type consolidateSummary struct {
	Expected   int `json:"expected"`
	Valid      int `json:"valid"`
	Excluded   int `json:"excluded"`
	Missing    int `json:"missing"`
	Unapproved int `json:"unapproved"`
	Files      int `json:"files"`
}

// excludedJSON is a file whose figures are not in the workbook (or a folder that went unread),
// and why.
type excludedJSON struct {
	File   string `json:"file"`
	Reason string `json:"reason"`
}

// targetJSON is one target's verdict. Status is the stable name of the status; Verdict says it
// as the workbook does, in the reader's language; Achievement is the percentage of the target
// reached, null without a figure.
type targetJSON struct {
	Target      string     `json:"target"`
	Indicator   string     `json:"indicator"`
	Scope       string     `json:"scope,omitempty"`
	Status      string     `json:"status"`
	Verdict     string     `json:"verdict"`
	Achievement *float64   `json:"achievement"`
	Provisional bool       `json:"provisional"`
	Missing     []int      `json:"missing_years"`
	Reference   bool       `json:"reference,omitempty"`
	Primary     string     `json:"primary,omitempty"`
	Notes       []noteJSON `json:"notes"`
}

type noteJSON struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// consolidateDoc is the JSON document of a consolidation, its words in lang.
func consolidateDoc(m *consolidate.Model, dst string, sum consolidateSummary, excluded []excludedJSON, unread []validate.Skip, ap *consolidate.Approval, lang finding.Lang) consolidateJSON {
	doc := consolidateJSON{File: dst, Period: m.Period.String(), Summary: sum, Excluded: excluded, Unread: []excludedJSON{},
		Tally: m.Tally().In(lang), Targets: []targetJSON{}}
	if doc.Excluded == nil {
		doc.Excluded = []excludedJSON{}
	}
	if ap != nil {
		n := m.ApprovedCount()
		doc.Approved = &n
	}
	for _, u := range unread {
		doc.Unread = append(doc.Unread, excludedJSON{File: u.Path, Reason: u.Reason.In(lang)})
	}
	for _, a := range m.Assessments {
		t := targetJSON{Target: a.Target.ID, Indicator: a.Target.Indicator, Scope: a.Target.Scope, Status: a.Status.Code(),
			Verdict: a.StatusText(lang), Provisional: a.Provisional || a.Interim, Missing: append([]int{}, a.Missing...),
			Reference: a.Reference, Primary: a.Primary, Notes: []noteJSON{}}
		if !math.IsNaN(a.Achievement) {
			v := math.Round(a.Achievement*10) / 10
			t.Achievement = &v
		}
		for _, n := range a.Notes {
			t.Notes = append(t.Notes, noteJSON{Code: n.Code, Message: n.In(lang)})
		}
		doc.Targets = append(doc.Targets, t)
	}
	return doc
}
