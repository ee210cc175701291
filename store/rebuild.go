package store

import (
	"cmp"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
)

// Rebuild empties the index and fills it again from files/, calling check for
// each archived file in the order the files were first received (by the
// sidecar's sequence, then time). check gets the archived file's path and the
// name it came with and returns the submission to record; Rebuild sets its
// SHA-256, name, size and receipt time from the file and its sidecar.
//
// A file whose sidecar is missing was never recorded (its receipt was killed
// before the sidecar was written) and is skipped; a file whose bytes do not
// match its SHA-256 stops the rebuild, as the evidence is damaged. The
// rebuild is one transaction: an error or a crash leaves the old index, and
// other writers wait (and may time out) until it ends.
func (s *Store) Rebuild(ctx context.Context, check func(ctx context.Context, path, name string) (Submission, error)) error {
	type entry struct {
		sum string
		sc  sidecar
	}
	dirs, err := os.ReadDir(filepath.Join(s.dir, filesDir))
	if err != nil {
		return err
	}
	var entries []entry
	for _, d := range dirs {
		if !d.IsDir() || !validSHA256(d.Name()) {
			continue
		}
		sc, err := readSidecar(filepath.Join(s.dir, filesDir, d.Name(), sidecarName))
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return err
		}
		if sc.Stored != storedName(sc.Stored) {
			return newError("bad-sidecar", nil, "tệp mô tả %s/%s ghi tên lưu không hợp lệ %q",
				"sidecar %s/%s names an invalid stored file %q", d.Name(), sidecarName, sc.Stored)
		}
		entries = append(entries, entry{d.Name(), sc})
	}
	slices.SortFunc(entries, func(a, b entry) int {
		return cmp.Or(cmp.Compare(a.sc.Seq, b.sc.Seq), cmp.Compare(a.sc.ReceivedAt, b.sc.ReceivedAt), cmp.Compare(a.sum, b.sum))
	})
	for _, e := range entries {
		path := filepath.Join(s.dir, filesDir, e.sum, e.sc.Stored)
		got, size, err := hashFile(path)
		if err != nil {
			return newError("io", err, "không đọc được tệp lưu %q", "cannot read archived file %q", path)
		}
		if got != e.sum || size != e.sc.Size {
			return newError("sha256-mismatch", nil, "tệp lưu %q đã bị thay đổi (SHA-256 %s)",
				"archived file %q has been changed (SHA-256 %s)", path, got)
		}
	}
	return s.withWrite(ctx, func(tx *sql.Tx) error {
		for _, t := range []string{"figures", "findings", "submissions", "files"} {
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+t); err != nil {
				return err
			}
		}
		for i, e := range entries {
			path := filepath.Join(s.dir, filesDir, e.sum, e.sc.Stored)
			sub, err := check(ctx, path, e.sc.Name)
			if err != nil {
				return err
			}
			if sub.SHA256 != "" && sub.SHA256 != e.sum {
				return newError("sha256-mismatch", nil, "kiểm tra tệp %q trả về SHA-256 %s, không phải %s",
					"checking file %q gave SHA-256 %s, not %s", path, sub.SHA256, e.sum)
			}
			sub.SHA256, sub.Name, sub.Size = e.sum, e.sc.Name, e.sc.Size
			if sub.ReceivedAt, err = parseTime(e.sc.ReceivedAt); err != nil {
				return err
			}
			// Sequences are renumbered 1, 2, … in this order: a receipt
			// killed after its sidecar may have left a sequence that a
			// later receipt reused.
			sub.Seq = int64(i + 1)
			if sub.Seq != e.sc.Seq {
				e.sc.Seq = sub.Seq
				if err := s.writeSidecar(e.sum, e.sc, true); err != nil {
					return err
				}
			}
			if _, err := insert(ctx, tx, &sub, e.sc.Stored); err != nil {
				return err
			}
		}
		return nil
	})
}
