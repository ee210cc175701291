// Package export writes the long table of the figures in the store, one row per figure (DESIGN.md,
// export): plan, period, form, unit, indicator, column, value, unit of measure, status, note,
// file, SHA-256, sheet, cell — as CSV for Power BI and scripts, or as an Excel data table for
// PivotTable. The command line and the office's page both write it through Table.
//
//	t := export.Table{Plan: p, Store: st, Query: store.FigureQuery{Periods: []string{"2024-03"}}, Lang: finding.EN}
//	rows, err := t.Write(ctx, w, export.CSV, time.Now())
//
// Text from submissions never becomes a formula: in the CSV every text cell that a spreadsheet
// would read as one (beginning with =, +, -, @, a tab or a carriage return) gets a leading
// apostrophe (Cell); the .xlsx holds text as text.
package export
