package store

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strings"
)

// Dump writes every row of the index in a canonical text — the schema version, the plan, the
// files in receive order, the submissions, their findings and figures — so that two stores can
// be compared line by line (a rebuild against the original, a run killed and resumed against a
// clean one). Without times, the moments of receipt are left out.
func (s *Store) Dump(ctx context.Context, w io.Writer, times bool) error {
	q := func(query string) error {
		rows, err := s.db.QueryContext(ctx, query)
		if err != nil {
			return err
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		fmt.Fprintln(w, strings.Join(cols, "|"))
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				return err
			}
			line := make([]string, len(vals))
			for i, v := range vals {
				line[i] = "NULL"
				if v.Valid {
					line[i] = v.String
				}
			}
			if _, err := fmt.Fprintln(w, strings.Join(line, "|")); err != nil {
				return err
			}
		}
		return rows.Err()
	}
	at := "received_at"
	if !times {
		at = "'-'"
	}
	for _, query := range []string{
		"PRAGMA user_version",
		"SELECT key, value FROM meta ORDER BY key",
		"SELECT seq, sha256, name, stored, size, " + at + " FROM files ORDER BY seq",
		`SELECT s.id, s.sha256, form, form_version, unit, period, valid, superseded_by,
		(SELECT sha256 FROM submissions o WHERE o.id = s.superseded_by), ` + at + ` FROM submissions s ORDER BY id`,
		"SELECT * FROM findings ORDER BY submission_id, ord",
		"SELECT * FROM figures ORDER BY submission_id, ord",
	} {
		if err := q(query); err != nil {
			return err
		}
	}
	return nil
}

// Verify checks that the store is whole: SQLite's integrity and foreign-key checks pass, and
// every submission's file is in place with the bytes its SHA-256 names.
func (s *Store) Verify(ctx context.Context) error {
	var ok string
	if err := s.db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&ok); err != nil {
		return err
	}
	if ok != "ok" {
		return newError("corrupt", nil, "chỉ mục của kho bị hỏng: %s", "the store's index is damaged: %s", ok)
	}
	rows, err := s.db.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return err
	}
	broken := rows.Next()
	rows.Close()
	if broken {
		return newError("corrupt", nil, "chỉ mục của kho có dòng trỏ tới bản ghi không tồn tại", "the store's index has rows pointing at records that do not exist")
	}
	subs, err := s.Submissions(ctx, Filter{})
	if err != nil {
		return err
	}
	for _, sub := range subs {
		p, err := s.Path(sub.SHA256)
		if err != nil {
			return err
		}
		got, size, err := hashFile(p)
		if err != nil || got != sub.SHA256 || size != sub.Size {
			return newError("corrupt", err, "tệp của bài nộp %d (%s) không còn nguyên vẹn", "the file of submission %d (%s) is not intact", sub.ID, sub.Name)
		}
	}
	return nil
}
