package store

import (
	"context"
	"database/sql"
	"time"
)

// Link is a unit's secret upload link as the store keeps it: the SHA-256 of its token (lower-case
// hex), never the token itself, which is shown once when it is made.
type Link struct {
	Unit        string
	TokenSHA256 string
	CreatedAt   time.Time
}

// AddLink records a link for unit unless the unit has one already, and reports whether it did.
// Two processes adding at once make one link, not two.
func (s *Store) AddLink(ctx context.Context, unit, tokenSHA256 string) (_ bool, err error) {
	defer s.explain(&err)
	if err := checkLink(unit, tokenSHA256); err != nil {
		return false, err
	}
	added := false
	err = s.withWrite(ctx, func(tx *sql.Tx) error {
		r, err := tx.ExecContext(ctx, `INSERT INTO links(unit, token_sha256, created_at) VALUES (?, ?, ?)
			ON CONFLICT(unit) DO NOTHING`, unit, tokenSHA256, formatTime(time.Now()))
		if err != nil {
			return err
		}
		n, err := r.RowsAffected()
		added = n == 1
		return err
	})
	return added, err
}

// ReplaceLink records the link for unit, replacing the one it had: the old link stops working at
// once, in every process using the store.
func (s *Store) ReplaceLink(ctx context.Context, unit, tokenSHA256 string) (err error) {
	defer s.explain(&err)
	if err := checkLink(unit, tokenSHA256); err != nil {
		return err
	}
	return s.withWrite(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO links(unit, token_sha256, created_at) VALUES (?, ?, ?)
			ON CONFLICT(unit) DO UPDATE SET token_sha256 = excluded.token_sha256, created_at = excluded.created_at`,
			unit, tokenSHA256, formatTime(time.Now()))
		return err
	})
}

// Links returns every unit's link, by unit code.
func (s *Store) Links(ctx context.Context) (_ []Link, err error) {
	defer s.explain(&err)
	rows, err := s.db.QueryContext(ctx, "SELECT unit, token_sha256, created_at FROM links ORDER BY unit")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Link
	for rows.Next() {
		var l Link
		var at string
		if err := rows.Scan(&l.Unit, &l.TokenSHA256, &at); err != nil {
			return nil, err
		}
		if l.CreatedAt, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

func checkLink(unit, tokenSHA256 string) error {
	if unit == "" {
		return newError("bad-link", nil, "liên kết không có mã đơn vị", "a link without a unit code")
	}
	if !validSHA256(tokenSHA256) {
		return newError("bad-link", nil, "liên kết của %s: %q không phải là SHA-256", "link of %s: %q is not a SHA-256", unit, tokenSHA256)
	}
	return nil
}

// SaveLinks records links in one transaction with its audit entry: all of them or, on any
// failure, none. With replace, each replaces its unit's link; without, a unit that has a link
// already (another process made one meanwhile) fails the whole call with a link-exists error, so
// that a list of links written before the call never holds one that does not open.
func (s *Store) SaveLinks(ctx context.Context, links []Link, replace bool, e AuditEntry) (err error) {
	defer s.explain(&err)
	for _, l := range links {
		if err := checkLink(l.Unit, l.TokenSHA256); err != nil {
			return err
		}
	}
	now := formatTime(time.Now())
	return s.withWrite(ctx, func(tx *sql.Tx) error {
		for _, l := range links {
			q := `INSERT INTO links(unit, token_sha256, created_at) VALUES (?, ?, ?) ON CONFLICT(unit) DO NOTHING`
			if replace {
				q = `INSERT INTO links(unit, token_sha256, created_at) VALUES (?, ?, ?)
					ON CONFLICT(unit) DO UPDATE SET token_sha256 = excluded.token_sha256, created_at = excluded.created_at`
			}
			r, err := tx.ExecContext(ctx, q, l.Unit, l.TokenSHA256, now)
			if err != nil {
				return err
			}
			if n, err := r.RowsAffected(); err != nil {
				return err
			} else if n != 1 {
				return newError("link-exists", nil, "đơn vị %s vừa có đường dẫn (một tiến trình khác tạo); không đường dẫn nào được ghi, hãy chạy lại",
					"unit %s has just had a link made (by another process); no link was recorded, run again", l.Unit)
			}
		}
		return insertAudit(ctx, tx, e)
	})
}
