// Package finding is what every stage of chitieu reports about bad data: a Finding (severity,
// stable code, terse summary, detail that says what to do, and where — a cell of a workbook or a
// position in a plan file), the Findings list that sorts and dedupes them, and the two writers, text
// and JSON. Messages are kept as patterns and arguments in both languages until printed.
//
// It imports nothing of chitieu, so that every package may use it.
//
//	var fs finding.Findings
//	fs.Add(finding.Finding{Severity: finding.Error, Code: "not-a-number",
//		Detail: finding.Textf("%q không phải là số.", "%q is not a number.", "abc"),
//		Cell:   finding.Cell{File: "bc.xlsx", Sheet: "Biểu 01", Row: 12, Col: 5}})
//	fs.Sort()
//	finding.WriteText(os.Stdout, fs, finding.VI)
//	// bc.xlsx:Biểu 01!E12: lỗi: "abc" không phải là số. [not-a-number]
package finding
