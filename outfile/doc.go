// Package outfile writes chitieu's outputs so that nobody ever sees half of one: each goes
// through a temporary file in the same folder, synced and renamed into place once whole, and
// not at all once the run's context is cancelled (Ctrl-C). It also keeps the run's temporary
// files (large zip entries, excelize's stream files) in a folder of the run's own, and removes
// what a killed run left behind the next time a run writes to that folder.
//
//	err := outfile.Write(ctx, "Tổng hợp - thanh-hoa - 2023.xlsx", func(w io.Writer) error {
//		return m.Write(w)
//	})
//	defer outfile.Cleanup() // in main: the run's temporary folder
package outfile
