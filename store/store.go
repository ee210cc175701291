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
	// reads runs the queries each receipt makes outside a transaction (loadBySHA, Reports),
	// each prepared once.
	reads *stmtDB
}

// Open opens the store in dir for plan, creating the folder and its index if
// they do not exist. A new store records plan; an existing store made for
// another plan is refused, as is one whose schema is newer than this program
// knows. An index that is missing, empty or damaged beside archived files is
// refused with a needs-rebuild error (IsCode) naming `chitieu store rebuild`:
// the files are the evidence, and an empty index beside them is not a new store.
func Open(ctx context.Context, dir, plan string) (*Store, error) {
	if err := indexFault(dir); err != nil {
		return nil, err
	}
	st, err := openIndex(ctx, dir, plan)
	if err != nil {
		if IsDamaged(err) {
			return nil, needsRebuild(dir, err)
		}
		return nil, err
	}
	if err := st.probe(ctx); err != nil {
		st.Close()
		return nil, err
	}
	if err := st.inStep(ctx); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// OpenAny opens the store that exists in dir whatever plan it holds (Plan says which), for a
// command that starts reading the store while its plan is still being read: before it uses what
// it read, it checks the plan with Holds. A folder holding no store is refused (no-store), not
// made into one.
func OpenAny(ctx context.Context, dir string) (*Store, error) {
	if !Exists(dir) {
		return nil, newError("no-store", nil, "không có kho lưu trữ tại %q", "there is no store at %q", dir)
	}
	return Open(ctx, dir, anyPlan)
}

// anyPlan is the plan OpenAny opens a store for: the one it holds.
const anyPlan = "\x00any"

// Holds checks that the store holds plan, with the error Open gives a store of another plan.
func (s *Store) Holds(plan string) error {
	if s.plan != plan {
		return mismatch(s.dir, s.plan, plan)
	}
	return nil
}

func mismatch(dir, holds, plan string) error {
	return newError("plan-mismatch", nil,
		"kho %q thuộc kế hoạch %q, không phải %q; mỗi kho chỉ giữ một kế hoạch",
		"store %q holds plan %q, not %q; a store holds one plan",
		dir, holds, plan)
}

func openIndex(ctx context.Context, dir, plan string) (*Store, error) {
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
	s := &Store{dir: dir, plan: plan, db: db, reads: &stmtDB{DB: db, stmts: map[string]*sql.Stmt{}}}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	removeStaleTemps(filepath.Join(dir, tmpDir))
	return s, nil
}

// indexFault reports an index that cannot be the index of the archived files beside it: none, or
// an empty file (with no write-ahead log holding its pages), while files/ holds archived files.
func indexFault(dir string) error {
	info, err := os.Stat(filepath.Join(dir, indexName))
	switch {
	case err != nil && !os.IsNotExist(err):
		return newError("io", err, "không đọc được chỉ mục của kho %q", "cannot read the index of store %q", dir)
	case err == nil && (info.Size() > 0 || fileSize(filepath.Join(dir, indexName+"-wal")) > 0):
		return nil
	case !hasArchives(dir):
		return nil // a new store, or an empty one
	case err != nil:
		return needsRebuild(dir, nil)
	}
	return needsRebuild(dir, errors.New(indexName+": 0 bytes"))
}

func fileSize(path string) int64 {
	info, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return info.Size()
}

// Exists reports whether dir holds a store: its index, or archived files whose index must be
// rebuilt.
func Exists(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, indexName))
	return err == nil || hasArchives(dir)
}

// hasArchives reports whether files/ holds an archived file: a file's folder with its receipt.
func hasArchives(dir string) bool {
	dirs, err := os.ReadDir(filepath.Join(dir, filesDir))
	if err != nil {
		return false
	}
	for _, d := range dirs {
		if !d.IsDir() || !validSHA256(d.Name()) {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, filesDir, d.Name(), sidecarName)); err == nil {
			return true
		}
	}
	return false
}

// probe checks, cheaply, that the index is whole: its file no shorter than the pages its header
// counts (a truncated copy), and its files table readable.
func (s *Store) probe(ctx context.Context) error {
	var pages, size int64
	if err := s.db.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages); err != nil {
		return s.damaged(err)
	}
	if err := s.db.QueryRowContext(ctx, "PRAGMA page_size").Scan(&size); err != nil {
		return s.damaged(err)
	}
	path := filepath.Join(s.dir, indexName)
	if fileSize(path+"-wal") == 0 && fileSize(path) < pages*size {
		return needsRebuild(s.dir, fmt.Errorf("%s: %d bytes, its header counts %d", indexName, fileSize(path), pages*size))
	}
	var n int64
	if err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM files").Scan(&n); err != nil {
		return s.damaged(err)
	}
	return nil
}

func (s *Store) damaged(err error) error {
	if IsDamaged(err) {
		return needsRebuild(s.dir, err)
	}
	return err
}

// needsRebuild is the error of a store whose index must be rebuilt from its files.
func needsRebuild(dir string, cause error) *Error {
	if cause == nil {
		return newError("needs-rebuild", nil,
			"kho %q có các tệp đã nhận nhưng không có chỉ mục (%s): hãy dựng lại chỉ mục từ các tệp bằng chitieu store rebuild --store %s",
			"store %q holds received files but no index (%s): rebuild the index from the files with chitieu store rebuild --store %s",
			dir, indexName, dir)
	}
	return newError("needs-rebuild", cause,
		"chỉ mục của kho %q bị hỏng hoặc không khớp các tệp đã nhận: hãy dựng lại từ các tệp bằng chitieu store rebuild --store %s (chỉ mục hỏng được giữ lại bên cạnh)",
		"the index of store %q is damaged or out of step with the files received: rebuild it from the files with chitieu store rebuild --store %s (the damaged index is kept aside)",
		dir, dir)
}

// IsDamaged reports whether err is SQLite's word for a damaged index (SQLITE_CORRUPT,
// SQLITE_NOTADB) or a needs-rebuild error.
func IsDamaged(err error) bool {
	if IsCode(err, "needs-rebuild") {
		return true
	}
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.Code() & 0xff {
	case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		return true
	}
	return false
}

// OpenForRebuild opens the store in dir for a rebuild from its files. An index that is missing
// is made anew; one that is empty, truncated or otherwise damaged is first moved aside, kept
// under a name that says when (index.sqlite.damaged-YYYYMMDDTHHMMSSZ, with its -wal and -shm),
// and returned as moved. An index that opens is used as it is.
func OpenForRebuild(ctx context.Context, dir, plan string) (st *Store, moved string, err error) {
	path := filepath.Join(dir, indexName)
	info, statErr := os.Stat(path)
	if statErr == nil {
		if info.Size() > 0 || fileSize(path+"-wal") > 0 {
			st, err = openIndex(ctx, dir, plan)
			if err == nil {
				if err = st.probe(ctx); err == nil {
					return st, "", nil
				}
				st.Close()
			}
			if !IsDamaged(err) {
				return nil, "", err
			}
		}
		moved = path + ".damaged-" + time.Now().UTC().Format("20060102T150405Z")
		for _, ext := range []string{"", "-wal", "-shm"} {
			if err := os.Rename(path+ext, moved+ext); err != nil && !os.IsNotExist(err) {
				return nil, "", newError("io", err, "không chuyển được chỉ mục hỏng %q sang một bên", "cannot move the damaged index %q aside", path+ext)
			}
		}
	}
	st, err = openIndex(ctx, dir, plan)
	return st, moved, err
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
func (s *Store) Close() error {
	s.reads.close()
	return s.db.Close()
}

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
		case errors.Is(err, sql.ErrNoRows) && s.plan == anyPlan:
			return newError("no-plan", nil, "kho %q chưa ghi kế hoạch nào", "store %q records no plan yet", s.dir)
		case errors.Is(err, sql.ErrNoRows):
			_, err = tx.ExecContext(ctx, "INSERT INTO meta(key, value) VALUES ('plan', ?)", s.plan)
			return err
		case err != nil:
			return err
		case s.plan == anyPlan:
			s.plan = plan
		case plan != s.plan:
			return mismatch(s.dir, plan, s.plan)
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
	return busy(err)
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
