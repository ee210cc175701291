package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// DefaultDir is the store folder used when the caller names none.
const DefaultDir = "chitieu-data"

const (
	indexName = "index.sqlite"
	filesDir  = "files"
	tmpDir    = "tmp"
	// busyTimeout is how long SQLite itself waits for another writer before
	// answering SQLITE_BUSY; withWrite then retries a few times on top.
	busyTimeout = 10 * time.Second
	busyRetries = 5
)

// Store is an open store folder. A Store is safe for use by several goroutines,
// and several processes may open the same folder at once.
type Store struct {
	dir  string
	plan string
	db   *sql.DB
}

// Open opens the store in dir for plan, creating the folder and its index if
// they do not exist. A new store records plan; an existing store made for
// another plan is refused, as is one whose schema is newer than this program
// knows.
func Open(ctx context.Context, dir, plan string) (*Store, error) {
	if plan == "" {
		return nil, newError("no-plan", nil, "chưa nêu tên kế hoạch khi mở kho %q", "no plan named when opening store %q", dir)
	}
	for _, d := range []string{dir, filepath.Join(dir, filesDir), filepath.Join(dir, tmpDir)} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, newError("io", err, "không tạo được thư mục kho %q", "cannot create store folder %q", d)
		}
	}
	dsn, err := dataSource(filepath.Join(dir, indexName))
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	s := &Store{dir: dir, plan: plan, db: db}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	removeStaleTemps(filepath.Join(dir, tmpDir))
	return s, nil
}

// dataSource returns the driver's URI for the index at path. It is a file:
// URI with every path segment escaped, so that a folder name with "?", "#",
// "%" or Vietnamese letters reaches SQLite unchanged.
//
// synchronous=FULL rather than NORMAL: under WAL, NORMAL keeps the index
// consistent but may lose the last commits on power loss, and "accepted" must
// mean the receipt survives the power cut that follows it.
//
// _txlock=immediate makes every write transaction BEGIN IMMEDIATE, so a writer
// takes the write lock up front and waits for it under busy_timeout, instead
// of failing with SQLITE_BUSY when it upgrades a read lock.
func dataSource(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	segs := strings.Split(filepath.ToSlash(abs), "/")
	for i, s := range segs {
		if i == 0 && strings.HasSuffix(s, ":") { // a Windows drive, "C:"
			continue
		}
		segs[i] = url.PathEscape(s)
	}
	p := strings.Join(segs, "/")
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Set("_txlock", "immediate")
	return "file://" + p + "?" + q.Encode(), nil
}

// Close closes the index. Archived files need no closing.
func (s *Store) Close() error { return s.db.Close() }

// Dir returns the store folder.
func (s *Store) Dir() string { return s.dir }

// Plan returns the name of the plan the store holds.
func (s *Store) Plan() string { return s.plan }

// migrate brings the schema up to date and checks the plan, in one write
// transaction so that two processes opening a new store at once do not both
// create it.
func (s *Store) migrate(ctx context.Context) error {
	return s.withWrite(ctx, func(tx *sql.Tx) error {
		var version int
		if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
			return err
		}
		if version > len(migrations) {
			return newError("schema-too-new", nil,
				"kho %q có lược đồ phiên bản %d, mới hơn phiên bản %d mà chương trình này biết; hãy dùng bản chitieu mới hơn",
				"store %q has schema version %d, newer than version %d this program knows; use a newer chitieu",
				s.dir, version, len(migrations))
		}
		for v := version; v < len(migrations); v++ {
			if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
				return fmt.Errorf("store: migration %d: %w", v+1, err)
			}
			// PRAGMA takes no parameters; v+1 is an int we made.
			if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v+1)); err != nil {
				return err
			}
		}
		var plan string
		err := tx.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = 'plan'").Scan(&plan)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			_, err = tx.ExecContext(ctx, "INSERT INTO meta(key, value) VALUES ('plan', ?)", s.plan)
			return err
		case err != nil:
			return err
		case plan != s.plan:
			return newError("plan-mismatch", nil,
				"kho %q thuộc kế hoạch %q, không phải %q; mỗi kho chỉ giữ một kế hoạch",
				"store %q holds plan %q, not %q; a store holds one plan",
				s.dir, plan, s.plan)
		}
		return nil
	})
}

// withWrite runs fn in a BEGIN IMMEDIATE transaction and commits it. If SQLite
// is still busy after its own busy_timeout (another process holding the write
// lock for long), the whole transaction is retried a few times after a
// jittered pause; fn must therefore be safe to run again.
func (s *Store) withWrite(ctx context.Context, fn func(tx *sql.Tx) error) error {
	var err error
	for attempt := 0; attempt <= busyRetries; attempt++ {
		if attempt > 0 {
			pause := time.Duration(50+rand.IntN(200)) * time.Millisecond * time.Duration(attempt)
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(pause):
			}
		}
		err = s.tryWrite(ctx, fn)
		if !isBusy(err) {
			return err
		}
	}
	return newError("busy", err, "kho đang bận (tiến trình khác giữ quyền ghi quá lâu)",
		"store is busy (another process held the write lock too long)")
}

func (s *Store) tryWrite(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// isBusy reports whether err is SQLite's SQLITE_BUSY or SQLITE_LOCKED, in any
// of their extended forms.
func isBusy(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.Code() & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return true
	}
	return false
}

// removeStaleTemps deletes temporary files left in tmp/ by a process killed
// mid-write. Only old ones go: a young one may belong to a live writer.
func removeStaleTemps(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		info, err := e.Info()
		if err == nil && time.Since(info.ModTime()) > 24*time.Hour {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
