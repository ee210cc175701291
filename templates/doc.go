// Package templates lays a plan's forms out as official Vietnamese report workbooks — agency block,
// national motto, form number, title, period with its data window and due date, the table with its
// hidden keys, signature block — and writes each with its manifest of input cells. It only writes:
// reading a filled form back is validate's job, by the keys this package lays down (MarkerColumns,
// KeyHeading, MetaSheet and the fixed columns ColLabel and ColFirst).
//
//	layouts, err := templates.Plan(p, templates.Selection{Period: period, Forms: []string{"01/CT-TK"}})
//	for _, l := range layouts {
//		err = outfile.Write(ctx, filepath.Join(dir, l.FileName()), l.Write)
//	}
//
// The plan itself can be written as a workbook an official edits in Excel (WritePlanBook).
package templates
