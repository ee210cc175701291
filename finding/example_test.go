package finding_test

import (
	"os"

	"chitieu/finding"
)

func ExampleWriteText() {
	var fs finding.Findings
	fs.Add(finding.Finding{Severity: finding.Error, Code: "not-a-number",
		Detail: finding.Textf("%q không phải là số.", "%q is not a number.", "abc"),
		Cell:   finding.Cell{File: "bc.xlsx", Sheet: "Biểu 01", Row: 12, Col: 5}})
	fs.Add(finding.Finding{Severity: finding.Warning, Code: "extra-data",
		Detail: finding.Text{VI: "Ô có chữ\nFAKE.xlsx: lỗi: giả [rule]", EN: "forged"},
		Cell:   finding.Cell{File: "bc.xlsx", Sheet: "Biểu 01", Row: 30, Col: 2}})
	fs.Sort()
	finding.WriteText(os.Stdout, fs, finding.VI)
	finding.WriteText(os.Stdout, fs[:1], finding.EN)
	// Output:
	// bc.xlsx:Biểu 01!E12: lỗi: "abc" không phải là số. [not-a-number]
	// bc.xlsx:Biểu 01!B30: cảnh báo: Ô có chữ\nFAKE.xlsx: lỗi: giả [rule] [extra-data]
	// bc.xlsx:Biểu 01!E12: error: "abc" is not a number. [not-a-number]
}
