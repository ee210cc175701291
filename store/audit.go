package store

import (
	"context"
	"database/sql"
	"math"
	"strings"
	"time"
)

// AuditEntry is one line of the audit log: who did what, when, from where. Actor is "office",
// "unit:CODE", "cli" or "anonymous"; Action a stable word ("upload", "download", "login",
// "bad-token", …); Target what it was done to (a SHA-256, a period, a unit); Remote the peer's
// address and Forwarded the X-Forwarded-For header a proxy gave, kept as given.
type AuditEntry struct {
	ID                            int64
	At                            time.Time
	Actor, Action, Target, Detail string
	Remote, Forwarded             string
}

// Upload is a file that came through a unit's link, whatever it turned out to be.
type Upload struct {
	SHA256 string
	Unit   string // the unit whose link was used
	Name   string // the file name the browser gave
	// New is whether the bytes were new to the store, so that this upload's check is the one
	// the store recorded (a rebuild checks the file again as it came through this link).
	New bool
	At  time.Time
}

// Audit appends an entry to the audit log; a zero At means now.
func (s *Store) Audit(ctx context.Context, e AuditEntry) (err error) {
	defer s.explain(&err)
	return s.withWrite(ctx, func(tx *sql.Tx) error { return insertAudit(ctx, tx, e) })
}

// RecordUpload records that a file came through a unit's link, with its audit entry, in one
// transaction. The file is received first (Receive); a crash between the two leaves the file and
// its submission without this row, never a row without its file.
func (s *Store) RecordUpload(ctx context.Context, u Upload, e AuditEntry) (err error) {
	defer s.explain(&err)
	if u.At.IsZero() {
		u.At = time.Now()
	}
	if e.At.IsZero() {
		e.At = u.At
	}
	return s.withWrite(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "INSERT INTO uploads(sha256, unit, name, new, uploaded_at) VALUES (?, ?, ?, ?, ?)",
			u.SHA256, u.Unit, baseName(u.Name), u.New, formatTime(u.At)); err != nil {
			return err
		}
		return insertAudit(ctx, tx, e)
	})
}

// MaxAuditField bounds each text of an audit entry, in bytes: what a caller gives longer (a path
// or a name a request made up) is cut, so that no request can grow the log by more than a few
// kilobytes.
const MaxAuditField = 512

func insertAudit(ctx context.Context, tx *sql.Tx, e AuditEntry) error {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	for _, f := range []*string{&e.Actor, &e.Action, &e.Target, &e.Detail, &e.Remote, &e.Forwarded} {
		*f = CutName(strings.ToValidUTF8(*f, "\uFFFD"), MaxAuditField)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO audit(at, actor, action, target, detail, remote, forwarded)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, formatTime(e.At), e.Actor, e.Action, e.Target, e.Detail, e.Remote, e.Forwarded)
	return err
}

// AuditLog returns the latest entries of the audit log, newest first, at most limit of them.
func (s *Store) AuditLog(ctx context.Context, limit int) (_ []AuditEntry, err error) {
	defer s.explain(&err)
	return s.AuditBefore(ctx, 0, limit)
}

// AuditBefore returns the entries older than the one with ID before (every entry when before is
// 0), newest first, at most limit of them: a page of the log. Each text is cut to
// MaxAuditField bytes as it is read, so that a page stays small even over entries written
// before the log bounded them.
func (s *Store) AuditBefore(ctx context.Context, before int64, limit int) (_ []AuditEntry, err error) {
	defer s.explain(&err)
	if before <= 0 {
		before = math.MaxInt64
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, at, substr(actor, 1, ?1), substr(action, 1, ?1), substr(target, 1, ?1),
		substr(detail, 1, ?1), substr(remote, 1, ?1), substr(forwarded, 1, ?1)
		FROM audit WHERE id < ?2 ORDER BY id DESC LIMIT ?3`, MaxAuditField, before, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at string
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Target, &e.Detail, &e.Remote, &e.Forwarded); err != nil {
			return nil, err
		}
		for _, f := range []*string{&e.Actor, &e.Action, &e.Target, &e.Detail, &e.Remote, &e.Forwarded} {
			*f = strings.ToValidUTF8(*f, "\uFFFD") // substr may cut a letter of an old, long entry
		}
		if e.At, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Uploads returns the files that came through unit's link, in the order they came.
func (s *Store) Uploads(ctx context.Context, unit string) (_ []Upload, err error) {
	defer s.explain(&err)
	return s.uploads(ctx, "unit = ?", unit)
}

// UploadsOf returns every upload of the file with the given SHA-256, in the order they came: the
// links it came through.
func (s *Store) UploadsOf(ctx context.Context, sha256 string) (_ []Upload, err error) {
	defer s.explain(&err)
	return s.uploads(ctx, "sha256 = ?", sha256)
}

func (s *Store) uploads(ctx context.Context, where string, arg string) ([]Upload, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT sha256, unit, name, new, uploaded_at FROM uploads WHERE "+where+" ORDER BY id", arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Upload
	for rows.Next() {
		var u Upload
		var at string
		if err := rows.Scan(&u.SHA256, &u.Unit, &u.Name, &u.New, &at); err != nil {
			return nil, err
		}
		if u.At, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// FirstLink returns the unit whose link brought the file with the given SHA-256 when it was new
// to the store, or "" when it came otherwise (the receive command): the link its recorded check
// was made for.
func (s *Store) FirstLink(ctx context.Context, sha256 string) (_ string, err error) {
	defer s.explain(&err)
	var unit string
	err = s.db.QueryRowContext(ctx, "SELECT unit FROM uploads WHERE sha256 = ? AND new = 1 ORDER BY id LIMIT 1", sha256).Scan(&unit)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return unit, err
}
