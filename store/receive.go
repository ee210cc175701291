package store

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"

	"chitieu/finding"
	"chitieu/schema"
)

// Receive archives the file at path and records sub, its check's result, in
// one transaction. sub.SHA256 must be the SHA-256 of the file's bytes (it is
// filled in when empty); sub.Name is the name the file came with (the base of
// path when empty); a zero sub.ReceivedAt means now. ID, Seq, Size and
// SupersededBy are the store's to set.
//
// The same bytes received again record nothing: Receive returns the existing
// submission with New false. A file archived by a receipt that never committed
// (the process was killed) is recorded now, under the name it first came with.
//
// A valid submission supersedes every current submission of its form, unit
// and period; an invalid one supersedes only current invalid ones, so that a
// valid report stays current. Unidentified submissions neither supersede nor
// are superseded.
func (s *Store) Receive(ctx context.Context, path string, sub Submission) (Result, error) {
	sub, err := s.prepare(path, sub)
	if err != nil {
		return Result{}, err
	}
	sum := sub.SHA256

	// Most duplicates are found without taking the write lock.
	if old, ok, err := loadBySHA(ctx, s.db, sum); err != nil || ok {
		return Result{Submission: old}, err
	}

	// The file is archived before the transaction, so that the write lock
	// is held only for the sidecar and the rows: a waiting writer in another
	// process then finds the lock free often enough. Archiving is
	// idempotent, the path being named by the content.
	var stored string
	created := false
	if sc, ok := s.orphan(sum); ok {
		sub.Name, stored = sc.Name, sc.Stored
	} else {
		stored = storedName(sub.Name)
		if err := s.archive(path, sum, stored, true); err != nil {
			return Result{}, newError("io", err, "không lưu được tệp %q vào kho", "cannot archive file %q", path)
		}
		created = true
	}

	var res Result
	err = s.withWrite(ctx, func(tx *sql.Tx) error {
		old, ok, err := loadBySHA(ctx, tx, sum)
		if err != nil || ok {
			res = Result{Submission: old}
			if ok && created {
				s.removeDuplicate(sum, stored)
			}
			return err
		}
		rec := sub
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(seq), 0) + 1 FROM files").Scan(&rec.Seq); err != nil {
			return err
		}
		sc := sidecar{Name: rec.Name, Stored: stored, Size: rec.Size, ReceivedAt: formatTime(rec.ReceivedAt), Seq: rec.Seq}
		if err := s.writeSidecar(sum, sc, true); err != nil {
			return err
		}
		superseded, err := insert(ctx, tx, &rec, stored)
		if err != nil {
			return err
		}
		res = Result{Submission: rec, New: true, Superseded: superseded}
		return nil
	})
	if err != nil {
		return Result{}, err
	}
	return res, nil
}

// orphan reports whether files/<sum>/ already holds the file and its sidecar
// although the index has no row for it: a receipt killed before its commit.
// It returns the sidecar, whose name and stored name the new row keeps.
func (s *Store) orphan(sum string) (sidecar, bool) {
	sc, err := readSidecar(filepath.Join(s.dir, filesDir, sum, sidecarName))
	if err != nil || sc.Name == "" || sc.Stored == "" || sc.Stored != storedName(sc.Stored) {
		return sidecar{}, false
	}
	got, _, err := hashFile(filepath.Join(s.dir, filesDir, sum, sc.Stored))
	if err != nil || got != sum {
		return sidecar{}, false
	}
	return sc, true
}

// removeDuplicate removes files/<sum>/<stored> if the index records the file
// under another name: another process received the same bytes, under another
// name, at the same moment, and committed first. Once a row exists no receipt
// writes the sidecar again, so nothing will name the copy.
func (s *Store) removeDuplicate(sum, stored string) {
	sc, err := readSidecar(filepath.Join(s.dir, filesDir, sum, sidecarName))
	if err == nil && sc.Stored != "" && sc.Stored != stored {
		os.Remove(filepath.Join(s.dir, filesDir, sum, stored))
	}
}

// insert writes the rows of sub, whose file is already archived as stored,
// and applies the supersede rule. It sets sub.ID and returns the submissions
// sub superseded.
func insert(ctx context.Context, tx *sql.Tx, sub *Submission, stored string) ([]Submission, error) {
	sub.settle()
	at := formatTime(sub.ReceivedAt)
	if _, err := tx.ExecContext(ctx,
		"INSERT INTO files(sha256, name, stored, size, received_at, seq) VALUES (?, ?, ?, ?, ?, ?)",
		sub.SHA256, sub.Name, stored, sub.Size, at, sub.Seq); err != nil {
		return nil, err
	}
	r, err := tx.ExecContext(ctx,
		`INSERT INTO submissions(sha256, form, form_version, unit, period, valid, received_at)
		 VALUES (?, ?, ?, ?, ?, ?, ?)`,
		sub.SHA256, sub.Form, sub.FormVersion, sub.Unit, sub.Period, sub.Valid, at)
	if err != nil {
		return nil, err
	}
	if sub.ID, err = r.LastInsertId(); err != nil {
		return nil, err
	}
	sub.SupersededBy = 0
	if len(sub.Findings) > 0 {
		st, err := tx.PrepareContext(ctx, `INSERT INTO findings(submission_id, ord, severity, code, sheet, cell,
			indicator, col, value, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return nil, err
		}
		defer st.Close()
		for i, f := range sub.Findings {
			detail, err := finding.MarshalText(f.Detail)
			if err != nil {
				return nil, err
			}
			if _, err := st.ExecContext(ctx, sub.ID, i, f.Severity.String(), f.Code, f.Cell.Sheet, f.Cell.Ref(),
				f.Indicator, f.Column, f.Value, string(detail)); err != nil {
				return nil, err
			}
		}
	}
	if len(sub.Figures) > 0 {
		st, err := tx.PrepareContext(ctx, `INSERT INTO figures(submission_id, ord, indicator, col, value,
			status, note, sheet, cell) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return nil, err
		}
		defer st.Close()
		for i, f := range sub.Figures {
			if _, err := st.ExecContext(ctx, sub.ID, i, f.Indicator, f.Column, f.Value.String(),
				string(f.Status), f.Note, f.Sheet, f.Cell); err != nil {
				return nil, err
			}
		}
	}
	if !sub.Identified() {
		return nil, nil
	}
	q := `UPDATE submissions SET superseded_by = ?
		WHERE form = ? AND unit = ? AND period = ? AND superseded_by IS NULL AND id <> ?`
	if !sub.Valid {
		q += " AND valid = 0"
	}
	if _, err := tx.ExecContext(ctx, q, sub.ID, sub.Form, sub.Unit, sub.Period, sub.ID); err != nil {
		return nil, err
	}
	return loadSubmissions(ctx, tx, "s.superseded_by = ?", []any{sub.ID}, false, false)
}

// settle makes sub what the index returns of it once recorded: each figure carries the
// submission's identity and file and its value's canonical digits; each finding is positioned in
// the file by the name it came with (the store keeps no plan position) and has its code's summary.
func (sub *Submission) settle() {
	per, _ := schema.ParsePeriod(sub.Period)
	for i := range sub.Figures {
		x := &sub.Figures[i]
		x.Period, x.Form, x.Unit, x.File, x.SHA256 = per, sub.Form, sub.Unit, sub.Name, sub.SHA256
		if x.Value.IsSet() {
			x.Value = schema.MustNumber(x.Value.String())
		}
	}
	for i := range sub.Findings {
		x := &sub.Findings[i]
		x.Cell.File, x.Plan, x.Path, x.Summary = sub.Name, finding.Pos{}, "", finding.SummaryOf(x.Code)
	}
}
