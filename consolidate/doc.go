// Package consolidate merges the valid submissions of a period into the province's figures,
// assesses every target of the plan against them and the plan's own figures, and writes the
// province workbook. It reads the store's index only — the submissions of the period with their
// figures and findings, and the figures of the earlier periods — and opens no archived file.
//
//	subs, hist, _ := consolidate.Load(ctx, st, p, period) // store.Submissions and store.History
//	m := consolidate.Build(p, period, subs, date, hist)
//	err := m.Write(w)
//
// Files given instead of a store are received first into a scratch store (intake.Scratch), so
// that the same rules decide which copy counts.
package consolidate
