package store

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"strings"

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
// valid report stays current. Unidentified submissions, and files refused for
// their sender, neither supersede nor are superseded.
//
// Bytes the store holds only as a file refused for another sender are taken
// up when they come for the unit they name (adopt): the same bytes are that
// unit's report, and its check replaces the refusal; so are bytes rejected as
// a second version of a report in one run, received again on their own
// (takesUp).
func (s *Store) Receive(ctx context.Context, path string, sub Submission) (_ Result, err error) {
	defer s.explain(&err)
	sub, err = s.prepare(path, sub)
	if err != nil {
		return Result{}, err
	}
	sum := sub.SHA256

	// Most duplicates are found without taking the write lock.
	known, ok, err := loadBySHA(ctx, s.reads, sum)
	if err != nil {
		return Result{}, err
	} else if ok {
		if err := verify(path, sum); err != nil {
			return Result{}, err
		}
		if !adopts(known, sub, false) {
			return Result{Submission: known}, nil
		}
	}

	// The file is archived before the transaction, so that the write lock
	// is held only for the sidecar and the rows: a waiting writer in another
	// process then finds the lock free often enough. Archiving is
	// idempotent, the path being named by the content. A file refused for its
	// sender and taken up now is archived already.
	p := pending{path: path, sub: sub}
	if !ok {
		if err := s.place(&p, true); err != nil {
			return Result{}, err
		}
	}

	var res Result
	err = s.withWrite(ctx, func(sqlTx *sql.Tx) error {
		tx := cached(sqlTx)
		old, ok, err := loadBySHA(ctx, tx, sum)
		if ok && err == nil {
			var take bool
			if take, err = takesUp(ctx, tx, old, p.sub, false); take && err == nil {
				res, err = s.adopt(ctx, tx, old, p.sub, true)
				return err
			}
		}
		if err != nil || ok {
			res = Result{Submission: old}
			if ok && p.created {
				s.removeDuplicate(sum, p.stored)
			}
			return err
		}
		if p.stored == "" { // its row was there without the lock and is not now (a rebuild ran)
			if err := s.place(&p, true); err != nil {
				return err
			}
		}
		rec := p.sub
		stored := p.stored
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(seq), 0) + 1 FROM files").Scan(&rec.Seq); err != nil {
			return err
		}
		sc := sidecar{Name: rec.Name, Stored: stored, Size: rec.Size, ReceivedAt: formatTime(rec.ReceivedAt), Seq: rec.Seq, Sender: rec.Sender}
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
	if res.New {
		s.mark(res.Submission.Seq)
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
	got, _, err := HashFile(filepath.Join(s.dir, filesDir, sum, sc.Stored))
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

// adopts reports whether a receipt of sub may take up the bytes the store holds
// as old: old was refused for its sender and sub is not refused (adopt), or
// old was rejected, sub — its check now — is valid, and the receipt is not a
// reading again (again: a message read only to send its reply) (retakes, which
// the index then decides: takesUp).
func adopts(old, sub Submission, again bool) bool {
	return old.Refused && !sub.Refused || !again && retakes(old, sub)
}

// retakes reports whether the same bytes, rejected when they were received, are
// valid now.
func retakes(old, sub Submission) bool {
	return !old.Refused && !sub.Refused && !old.Valid && sub.Valid && sub.Identified()
}

// takesUp reports whether the receipt of sub, the same bytes as old, takes them
// up (adopts). A rejected file is taken up only as the correction a
// duplicate-submission error told the office to receive again on its own: it
// was rejected for that alone; no other file of the report came after it (a
// later copy stands, as it would after a rebuild); and the report is not
// approved (an approved report takes no file until it is reopened). It keeps
// its place in the receive order and its time, so that a rebuild, which checks
// each file after those received before it and without the run it came in,
// gives the same index.
func takesUp(ctx context.Context, tx *stmtTx, old, sub Submission, again bool) (bool, error) {
	if !adopts(old, sub, again) {
		return false, nil
	}
	if old.Refused {
		return true, nil
	}
	dup := false
	for _, x := range old.Findings {
		if x.Severity == finding.Error {
			if x.Code != "duplicate-submission" {
				return false, nil
			}
			dup = true
		}
	}
	if !dup {
		return false, nil
	}
	var later int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM submissions s JOIN files f ON f.sha256 = s.sha256
		WHERE s.form = ? AND s.unit = ? AND s.period = ? AND s.refused = 0 AND f.seq > ?`, sub.Form, sub.Unit, sub.Period, old.Seq).Scan(&later); err != nil {
		return false, err
	}
	if later > 0 {
		return false, nil
	}
	last, err := lastReview(ctx, tx, sub.Form, sub.Unit, sub.Period, 0)
	if err != nil {
		return false, err
	}
	return last == nil || last.State != ReviewApproved, nil
}

// adopt replaces the check the store holds of old, the same bytes as sub, by
// sub's, and applies the supersede rule (takesUp said it may). The file keeps
// its row: name, receive order and time. A file refused for its sender has its
// sidecar name the new sender, so that a rebuild checks it as it now stands.
func (s *Store) adopt(ctx context.Context, tx *stmtTx, old, sub Submission, sync bool) (Result, error) {
	for _, q := range []string{"DELETE FROM findings WHERE submission_id = ?", "DELETE FROM figures WHERE submission_id = ?"} {
		if _, err := tx.ExecContext(ctx, q, old.ID); err != nil {
			return Result{}, err
		}
	}
	rec := sub
	rec.ID, rec.Seq, rec.Name, rec.Size, rec.ReceivedAt = old.ID, old.Seq, old.Name, old.Size, old.ReceivedAt
	if old.Refused {
		path := filepath.Join(s.dir, filesDir, old.SHA256, sidecarName)
		sc, err := readSidecar(path)
		if err != nil {
			return Result{}, err
		}
		sc.Sender = rec.Sender
		if err := s.writeSidecar(old.SHA256, sc, sync); err != nil {
			return Result{}, err
		}
	}
	// What the file superseded before, as a rejected copy, is not news of this receipt.
	before := map[int64]bool{}
	if prev, err := loadSubmissions(ctx, tx, "s.superseded_by = ?", []any{old.ID}, false, false); err != nil {
		return Result{}, err
	} else {
		for _, x := range prev {
			before[x.ID] = true
		}
	}
	// The row keeps its ID, so that the index reads as a rebuild would write it.
	if _, err := tx.ExecContext(ctx, `UPDATE submissions SET form = ?, form_version = ?, unit = ?, period = ?, valid = ?,
		sender = ?, refused = 0, superseded_by = NULL WHERE id = ?`, rec.Form, rec.FormVersion, rec.Unit, rec.Period, rec.Valid, rec.Sender, rec.ID); err != nil {
		return Result{}, err
	}
	superseded, err := insertDetails(ctx, tx, &rec)
	if err != nil {
		return Result{}, err
	}
	superseded = slices.DeleteFunc(superseded, func(x Submission) bool { return before[x.ID] })
	return Result{Submission: rec, Adopted: true, Superseded: superseded}, nil
}

// insert writes the rows of sub, whose file is already archived as stored,
// and applies the supersede rule. It sets sub.ID and returns the submissions
// sub superseded.
func insert(ctx context.Context, tx *stmtTx, sub *Submission, stored string) ([]Submission, error) {
	if _, err := tx.ExecContext(ctx,
		"INSERT INTO files(sha256, name, stored, size, received_at, seq) VALUES (?, ?, ?, ?, ?, ?)",
		sub.SHA256, sub.Name, stored, sub.Size, formatTime(sub.ReceivedAt), sub.Seq); err != nil {
		return nil, err
	}
	return insertSubmission(ctx, tx, sub)
}

// insertSubmission writes the submission row of sub, whose file row exists,
// with its findings and figures, and applies the supersede rule. A file
// refused for its sender is filed under the sender's unit.
func insertSubmission(ctx context.Context, tx *stmtTx, sub *Submission) ([]Submission, error) {
	at := formatTime(sub.ReceivedAt)
	if sub.Refused {
		sub.Unit = sub.Sender
	}
	r, err := tx.ExecContext(ctx,
		`INSERT INTO submissions(sha256, form, form_version, unit, period, valid, received_at, sender, refused)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		sub.SHA256, sub.Form, sub.FormVersion, sub.Unit, sub.Period, sub.Valid, at, sub.Sender, sub.Refused)
	if err != nil {
		return nil, err
	}
	if sub.ID, err = r.LastInsertId(); err != nil {
		return nil, err
	}
	return insertDetails(ctx, tx, sub)
}

// insertDetails writes the findings and figures of sub, whose row exists with its ID, and
// applies the supersede rule.
func insertDetails(ctx context.Context, tx *stmtTx, sub *Submission) ([]Submission, error) {
	sub.settle()
	sub.SupersededBy = 0
	rows := make([][]any, len(sub.Findings))
	for i, f := range sub.Findings {
		detail, err := finding.MarshalText(f.Detail)
		if err != nil {
			return nil, err
		}
		rows[i] = []any{sub.ID, i, f.Severity.String(), f.Code, f.Cell.Sheet, f.Cell.Ref(), f.Indicator, f.Column, f.Value, string(detail)}
	}
	if err := insertRows(ctx, tx, "findings(submission_id, ord, severity, code, sheet, cell, indicator, col, value, detail)", rows); err != nil {
		return nil, err
	}
	rows = make([][]any, len(sub.Figures))
	for i, f := range sub.Figures {
		rows[i] = []any{sub.ID, i, f.Indicator, f.Column, f.Value.String(), string(f.Status), f.Note, f.Sheet, f.Cell}
	}
	if err := insertRows(ctx, tx, "figures(submission_id, ord, indicator, col, value, status, note, sheet, cell)", rows); err != nil {
		return nil, err
	}
	if !sub.counts() {
		return nil, nil
	}
	if held, err := holdIfApproved(ctx, tx, sub); err != nil || held {
		return nil, err // a file for an approved report supersedes nothing until it is reopened
	}
	q := `UPDATE submissions SET superseded_by = ?
		WHERE form = ? AND unit = ? AND period = ? AND superseded_by IS NULL AND refused = 0 AND id <> ?`
	if !sub.Valid {
		q += " AND valid = 0"
	}
	if _, err := tx.ExecContext(ctx, q, sub.ID, sub.Form, sub.Unit, sub.Period, sub.ID); err != nil {
		return nil, err
	}
	return loadSubmissions(ctx, tx, "s.superseded_by = ?", []any{sub.ID}, false, false)
}

// insertRows inserts rows into table (its name and columns, as in an INSERT), up to
// maxInsertRows in one statement: a figure at a time was most of the statements a receipt ran.
func insertRows(ctx context.Context, tx *stmtTx, table string, rows [][]any) error {
	for len(rows) > 0 {
		n := min(len(rows), maxInsertRows)
		q := "INSERT INTO " + table + " VALUES " + strings.Repeat(",("+placeholders(len(rows[0]))+")", n)[1:]
		var args []any
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// maxInsertRows keeps a statement's parameters (ten a row at most) well under SQLite's limit.
const maxInsertRows = 100

func placeholders(n int) string { return "?" + strings.Repeat(", ?", n-1) }

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
