// Package store keeps the office's store: every file received, unchanged, and
// an index of every submission, finding and figure in SQLite. It is the only
// package that imports the SQLite driver (modernc.org/sqlite, pure Go, so the
// program builds for Windows without cgo). It speaks the domain's vocabulary
// only — schema's Report and Figure, finding's Finding — and imports no stage
// of the pipeline: intake files what validate checked (Receive, ReceiveBatch),
// consolidation reads the index (History, Figures), Reports gives a unit's
// earlier reports and Status says who has reported. A finding is kept as data
// (code, position, message pattern and raw arguments, finding.MarshalText),
// never as a sentence, and printed in the reader's language.
//
// # Layout
//
// A store is a folder (DefaultDir unless the caller names another):
//
//	chitieu-data/
//	  index.sqlite                  the index (WAL mode: also -wal and -shm)
//	  files/<sha256>/<name>         a received file, byte for byte
//	  files/<sha256>/received.json  its sidecar: name, stored name, size,
//	                                received_at (UTC), seq (receive order)
//	  receipts.seq                  the receive order of the last receipt
//	                                committed: an index restored from an
//	                                older backup knows fewer and is refused
//	  tmp/                          files being written; renamed into files/
//
// The files are the evidence and the index can be rebuilt from them alone
// (Rebuild). <name> is the name the file came with, reduced to its base name
// with the characters Windows forbids replaced by "_"; the name exactly as
// given (Vietnamese letters as they came, composed or not) is in the sidecar
// and the index.
//
// # Durability
//
// Receive writes the file to tmp/, fsyncs it, renames it into
// files/<sha256>/ and fsyncs the folder; then, in one BEGIN IMMEDIATE
// transaction (synchronous=FULL), it writes the sidecar the same way and
// inserts the rows. A crash at any moment therefore leaves either the rows and
// their file, or a file without rows, which the next receipt of the same bytes
// records. A row never exists without its file. Several processes may receive
// at once: SQLite serialises the writers (busy_timeout 10 s, then a few
// retries), and as the file is copied outside the transaction the write lock
// is held briefly.
//
// # Schema
//
// The schema is a numbered list of steps (migrations in schema.go); PRAGMA
// user_version records how many a database has had, and Open applies the
// rest. A store newer than the program is refused. The plan's name is
// recorded when a store is created, and a store is opened only for that plan.
//
// # Example
//
//	st, err := store.Open(ctx, "chitieu-data", "thanh-hoa")
//	if err != nil {
//		return err
//	}
//	defer st.Close()
//	res, err := st.Receive(ctx, "Biểu 01 - Sở Công Thương.xlsx", store.Submission{
//		SHA256:  sum,
//		Report:  schema.Report{Form: "01/CT-TK", FormVersion: "1", Unit: "SCT", Period: "2024-03", Valid: true},
//		Figures: []schema.Figure{{Indicator: "IIP", Column: "this_period", Value: schema.MustNumber("8.2"), Sheet: "Biểu 01", Cell: "D12"}},
//	})
//	if err != nil {
//		return err
//	}
//	if !res.New {
//		fmt.Println("đã nhận tệp này trước đó")
//	}
//	err = st.Figures(ctx, store.FigureQuery{Periods: []string{"2024-03"}}, func(r store.FigureRow) error {
//		fmt.Println(r.Unit, r.Indicator, r.Value, r.File, r.Cell)
//		return nil
//	})
//
// # Supersession
//
// Submissions are keyed by form, unit and period and ordered by receive
// sequence. A valid submission supersedes every current one of its key; an
// invalid one supersedes only current invalid ones, so that the office's valid
// report stays current while the later failed attempt is still listed. Files
// that could not be identified are never superseded. Nothing is deleted.
package store
