// Package intake is the one receiver of the office: every channel that brings a file — a folder
// (receive), an upload (serve), the store's own files (store rebuild) — hands it here. A file is
// checked (validate), then the sender's right to send it, then against the unit's history in the
// store and the batch, and filed into the store, valid or not.
//
// It is where validate and the store meet: Submission turns a checked file into what the store
// keeps (schema.Report, finding.Findings, the figures of validate's File.Figures), and History
// is the store as the history validate checks against.
//
//	st, _ := store.Open(ctx, "chitieu-data", p.ID)
//	f := validate.CheckFile(validate.Options{Plan: p}, "bao-cao.xlsx")
//	if err := validate.CheckHistory(ctx, p, f, intake.History{Store: st}); err != nil {
//		return err
//	}
//	res, err := st.Receive(ctx, f.Path, intake.Submission(f))
package intake
