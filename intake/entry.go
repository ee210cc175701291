package intake

import (
	"chitieu/finding"
	"chitieu/validate"
)

// Entry is a file's entry in the JSON documents of validate, receive and the upload API
// (DESIGN.md): what the file says it is, whether it is valid, its digest and findings; and, once
// received, the Receipt. One type for the three, so that the API answers with receive's entry
// field for field.
type Entry struct {
	File     string         `json:"file"`
	Form     string         `json:"form"`
	Unit     string         `json:"unit"`
	Period   string         `json:"period"`
	Valid    bool           `json:"valid"`
	SHA256   string         `json:"sha256"`
	Findings []finding.JSON `json:"findings"`
	// Receipt is nil for validate, whose entries have none of its fields.
	*Receipt
}

// Receipt is what receiving a file did: whether it was accepted as the report's valid copy,
// whether its bytes were new to the store, and the names of the files it superseded.
type Receipt struct {
	Accepted   bool     `json:"accepted"`
	New        bool     `json:"new"`
	Superseded []string `json:"superseded"`
}

// EntryOf is a checked file's entry, its findings in lang; name is the file as the entry names
// it (its path, or the name an upload gave).
func EntryOf(f *validate.File, name string, lang finding.Lang) Entry {
	e := Entry{File: name, Valid: f.Valid(), SHA256: f.SHA256, Findings: f.Findings.JSONList(lang)}
	if f.Sub != nil && f.Sub.Identified {
		e.Form, e.Unit, e.Period = f.Sub.Identity.Form, f.Sub.Identity.Unit, f.Sub.Identity.Period
	}
	return e
}

// Entry is a received file's entry, naming the file as name.
func (r Received) Entry(name string, lang finding.Lang) Entry {
	e := EntryOf(r.File, name, lang)
	if s := r.Result.Submission; e.Form == "" && s.Form != "" { // an unreadable file, filed as the report its name gives
		e.Form, e.Unit, e.Period = s.Form, s.Unit, s.Period
	}
	sup := r.Superseded
	if sup == nil {
		sup = []string{}
	}
	e.Receipt = &Receipt{Accepted: r.Accepted(), New: r.Result.New, Superseded: sup}
	return e
}
