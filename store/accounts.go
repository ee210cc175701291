package store

import (
	"context"
	"database/sql"
	"strings"
	"time"
	"unicode/utf8"
)

// Account is an office specialist's account on serve: a name and the SHA-256 of their token
// (lower-case hex), never the token itself, which is shown once when it is made.
type Account struct {
	Name        string
	TokenSHA256 string
	CreatedAt   time.Time
}

// MaxAccountName bounds an account's name, in bytes.
const MaxAccountName = 64

func checkAccount(name, tokenSHA256 string) error {
	if strings.TrimSpace(name) != name || name == "" || len(name) > MaxAccountName || !utf8.ValidString(name) ||
		strings.ContainsAny(name, "\x00\r\n\t:") {
		return newError("bad-account", nil, "tên tài khoản %q không dùng được (1–%d byte, không khoảng trắng ở đầu/cuối, không dấu hai chấm)",
			"account name %q cannot be used (1–%d bytes, no leading or trailing space, no colon)", name, MaxAccountName)
	}
	if !validSHA256(tokenSHA256) {
		return newError("bad-account", nil, "tài khoản %s: %q không phải là SHA-256", "account %s: %q is not a SHA-256", name, tokenSHA256)
	}
	return nil
}

// AddAccount records a new office account; a name already taken is refused (code
// "account-exists").
func (s *Store) AddAccount(ctx context.Context, name, tokenSHA256 string) (err error) {
	defer s.explain(&err)
	if err := checkAccount(name, tokenSHA256); err != nil {
		return err
	}
	return s.withWrite(ctx, func(tx *sql.Tx) error {
		r, err := tx.ExecContext(ctx, `INSERT INTO office_accounts(name, token_sha256, created_at) VALUES (?, ?, ?)
			ON CONFLICT(name) DO NOTHING`, name, tokenSHA256, formatTime(time.Now()))
		if err != nil {
			return err
		}
		if n, err := r.RowsAffected(); err != nil || n == 1 {
			return err
		}
		return newError("account-exists", nil, "đã có tài khoản %q", "account %q exists already", name)
	})
}

// RotateAccount gives an account a new token: the old one stops working at once, in every
// process using the store. An unknown name is refused (code "no-account").
func (s *Store) RotateAccount(ctx context.Context, name, tokenSHA256 string) (err error) {
	defer s.explain(&err)
	if err := checkAccount(name, tokenSHA256); err != nil {
		return err
	}
	return s.withWrite(ctx, func(tx *sql.Tx) error {
		r, err := tx.ExecContext(ctx, "UPDATE office_accounts SET token_sha256 = ?, created_at = ? WHERE name = ?",
			tokenSHA256, formatTime(time.Now()), name)
		if err != nil {
			return err
		}
		if n, err := r.RowsAffected(); err != nil || n == 1 {
			return err
		}
		return newError("no-account", nil, "không có tài khoản %q (xem: chitieu office list)", "no account %q (see: chitieu office list)", name)
	})
}

// Accounts returns the office's accounts, by name.
func (s *Store) Accounts(ctx context.Context) (_ []Account, err error) {
	defer s.explain(&err)
	rows, err := s.db.QueryContext(ctx, "SELECT name, token_sha256, created_at FROM office_accounts ORDER BY name")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Account
	for rows.Next() {
		var a Account
		var at string
		if err := rows.Scan(&a.Name, &a.TokenSHA256, &at); err != nil {
			return nil, err
		}
		if a.CreatedAt, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
