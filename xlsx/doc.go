// Package xlsx is chitieu's only user of excelize. It builds workbooks from plain values (text,
// numbers, formulas with their computed values, styles, validations, protection, print setup)
// and saves them byte for byte the same for the same content; and it opens workbooks safely and
// reads cells with their raw values and types.
//
// Building a sheet:
//
//	b := xlsx.NewBook()
//	s := b.Sheet("Biểu")
//	s.Text(1, 1, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", xlsx.Style{Bold: true, Align: xlsx.Center})
//	s.Number(5, 4, "16.4", xlsx.Style{Border: true})
//	s.Validate(5, 4, xlsx.Validation{Kind: xlsx.Decimal, Min: "0"})
//	s.FormulaValue(5, 6, "IF(N(E5)=0,\"\",D5/E5*100)", "100", xlsx.Style{})
//	err := b.Save(w, time.Date(2024, 3, 14, 0, 0, 0, 0, time.UTC))
//
// Reading a submission, in one streaming pass within limits:
//
//	wb, err := xlsx.Open("bao-cao.xlsx", xlsx.DefaultLimits)
//	v, err := wb.Cell("Biểu 01-CT-TK", 20, 5) // v.Kind, v.Raw, v.Digits, v.Formula, v.Percent()
//
// Reading a unit's workbook never goes through excelize: Open streams the parts the package's
// relationships reach, each within a limit of its kind, and Walk and Find read a sheet keeping
// nothing. WriteAnnotated makes a unit's annotated copy the same way, part by part:
//
//	err := xlsx.WriteAnnotated(ctx, "bao-cao.xlsx", xlsx.DefaultLimits, xlsx.Annotation{
//		Author: "chitieu",
//		Marks:  []xlsx.Mark{{Sheet: "Biểu 01-CT-TK", Row: 20, Col: 5, Fill: "FFC7CE", Comment: "…"}},
//		Sheet:  xlsx.AnnexSheet{Name: "Kết quả kiểm tra", Rows: rows},
//	}, w)
//
// Rows and columns are 1-based throughout, as in a spreadsheet.
package xlsx
