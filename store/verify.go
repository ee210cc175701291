package store

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Dump writes every row of the index in a canonical text — the schema version, the plan, the
// files in receive order, the submissions, their findings and figures — so that two stores can
// be compared line by line (a rebuild against the original, a run killed and resumed against a
// clean one). Without times, the moments of receipt are left out.
func (s *Store) Dump(ctx context.Context, w io.Writer, times bool) (err error) {
	defer s.explain(&err)
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
		`SELECT s.id, s.sha256, form, form_version, unit, period, valid, superseded_by, sender, refused,
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

// Verify checks the store as a crash or a hand may have left it and returns the problems it
// finds, none when the store is sound: SQLite's own integrity and foreign-key checks, every file
// row's archived file present with the bytes of its receipt (the SHA-256 it is named by, and its
// size), and every submission with its file row. (A folder the index does not know is a receipt
// killed before its commit, which the next receipt of those bytes records.) It reads every archived file, so it takes as long as reading the store. Each problem names the
// file it is about; Code is "sha256-mismatch" for a file whose bytes differ from its receipt.
func (s *Store) Verify(ctx context.Context) (_ []*Error, err error) {
	defer s.explain(&err)
	var problems []*Error
	rows, err := s.db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			rows.Close()
			return nil, err
		}
		if msg != "ok" {
			problems = append(problems, newError("integrity", nil, "chỉ mục hỏng (integrity_check): %s", "the index is damaged (integrity_check): %s", msg))
		}
	}
	rows.Close()
	var orphans int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM submissions s
		WHERE NOT EXISTS (SELECT 1 FROM files f WHERE f.sha256 = s.sha256)`).Scan(&orphans); err != nil {
		return nil, err
	}
	if orphans > 0 {
		problems = append(problems, newError("integrity", nil, "%d bài nộp không có dòng tệp", "%d submissions without a file row", orphans))
	}
	fk, err := s.db.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return nil, err
	}
	for fk.Next() {
		problems = append(problems, newError("integrity", nil, "foreign_key_check: một dòng trỏ tới dòng không có", "foreign_key_check: a row refers to a missing one"))
	}
	fk.Close()
	files, err := s.db.QueryContext(ctx, "SELECT sha256, stored, size FROM files ORDER BY seq")
	if err != nil {
		return nil, err
	}
	type row struct {
		sum, stored string
		size        int64
	}
	var all []row
	for files.Next() {
		var r row
		if err := files.Scan(&r.sum, &r.stored, &r.size); err != nil {
			files.Close()
			return nil, err
		}
		all = append(all, r)
	}
	files.Close()
	for _, r := range all {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		path := filepath.Join(s.dir, filesDir, r.sum, r.stored)
		got, size, err := HashFile(path)
		switch {
		case os.IsNotExist(err):
			problems = append(problems, newError("missing", nil, "tệp %s không còn trong kho", "file %s is missing", path))
		case err != nil:
			problems = append(problems, newError("io", err, "không đọc được tệp %s", "cannot read file %s", path))
		case got != r.sum || size != r.size:
			problems = append(problems, newError("sha256-mismatch", nil,
				"tệp %s đã bị thay đổi: SHA-256 %s, %d byte, không khớp biên nhận (SHA-256 %s, %d byte)",
				"file %s has been changed: SHA-256 %s, %d bytes, not those of its receipt (SHA-256 %s, %d bytes)",
				path, got, size, r.sum, r.size))
		}
	}
	// An archived file the index does not record: archived by a receipt that
	// never committed, its bytes whole (the next receipt of them takes it up:
	// nothing is wrong), or left out by store rebuild --leave-out-damaged, its
	// bytes changed.
	known := make(map[string]bool, len(all))
	for _, r := range all {
		known[r.sum] = true
	}
	dirs, err := os.ReadDir(filepath.Join(s.dir, filesDir))
	if err != nil {
		return nil, err
	}
	for _, d := range dirs {
		if !d.IsDir() || !validSHA256(d.Name()) || known[d.Name()] {
			continue
		}
		folder := filepath.Join(s.dir, filesDir, d.Name())
		stored, _, ok := loneFile(folder)
		if !ok {
			continue // an empty folder: a receipt that stopped before its file
		}
		path := filepath.Join(folder, stored)
		if got, _, err := HashFile(path); err == nil && got == d.Name() {
			continue
		}
		problems = append(problems, newError("sha256-mismatch", nil,
			"tệp %s đã bị thay đổi, không còn khớp SHA-256 của nó, và không có trong chỉ mục (để ngoài khi dựng lại chỉ mục); chép lại từ bản sao lưu rồi dựng lại chỉ mục",
			"file %s has been changed, no longer matches its SHA-256, and is not in the index (left out of a rebuild); restore it from a backup and rebuild the index", path))
	}
	return problems, nil
}
