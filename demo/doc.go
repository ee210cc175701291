// Package demo runs chitieu's whole pipeline on the embedded Thanh Hóa plan: it writes the
// period's templates, fills them as the reporting units would — opening each workbook and typing
// into its input cells — from the plan's own figures, and leaves validation and consolidation to
// the same code that reads any unit's file.
//
// Where the source documents give no figure for a cell the form requires, the demo types an
// illustrative one and says so in the row's Note cell ("Số liệu minh họa"), so that nobody takes
// it for a reported figure; where they call a figure an estimate or qualify it ("dự kiến vẫn
// tăng trên 8%"), the note says that too.
package demo
