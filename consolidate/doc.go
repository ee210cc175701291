// Package consolidate merges the valid submissions of a period into the province's figures,
// assesses every target of the plan against them and the plan's own figures, and writes the
// province workbook.
//
//	rep, _ := validate.Run(ctx, validate.Options{Plan: p, Period: &period}, []string{"nop/"})
//	m := consolidate.Build(p, period, rep, date, nil) // or the store's figures of earlier periods
//	err := m.Write(w)
package consolidate
