package store

import (
	"cmp"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Archived is one archived file as a rebuild hands it to the check: where it is, the name it came
// with, and the unit whose link brought it ("" when it came from a folder or nothing says).
type Archived struct {
	Path, Name, Sender string
}

// Rebuild empties the index and fills it again from files/, calling check for
// each archived file in the order the files were first received (by the
// sidecar's sequence, then time). check gets the archived file and returns the
// submission to record; Rebuild sets its SHA-256, name, size, sender and
// receipt time from the file and its sidecar.
//
// Every archived file is compared with its receipt digest (the SHA-256 its
// folder is named by, and the size its sidecar gives) before anything is
// written; if any differ, Rebuild names them all in a sha256-mismatch error
// and leaves the index as it was, as the evidence is damaged — unless
// leaveOut is set: the damaged files are then left out of the index (and left
// as they are in files/), each named in a warning, and the others indexed. A file whose
// sidecar is missing (a receipt killed before writing it, or a sidecar lost)
// is indexed from its own content — the workbook identifies itself — received
// at its file's modification time; it is returned as a warning naming it, and
// its sidecar is written again. The rebuild is one transaction: an error or a
// crash leaves the old index, and other writers wait (and may time out) until
// it ends.
func (s *Store) Rebuild(ctx context.Context, leaveOut bool, check func(ctx context.Context, a Archived) (Submission, error)) (_ []*Error, err error) {
	defer s.explain(&err)
	type entry struct {
		sum  string
		sc   sidecar
		at   time.Time
		lost bool // its sidecar is to be written again
	}
	dirs, err := os.ReadDir(filepath.Join(s.dir, filesDir))
	if err != nil {
		return nil, err
	}
	// What the index still knows of each file: a lost sidecar's receipt (an index made anew
	// knows nothing, and the file's own time stands in).
	receipts := map[string]sidecar{}
	if rows, err := s.db.QueryContext(ctx, "SELECT sha256, name, stored, size, received_at, seq FROM files"); err == nil {
		for rows.Next() {
			var sum string
			var sc sidecar
			if rows.Scan(&sum, &sc.Name, &sc.Stored, &sc.Size, &sc.ReceivedAt, &sc.Seq) == nil {
				receipts[sum] = sc
			}
		}
		rows.Close()
	}
	var entries, lost []entry
	var warnings []*Error
	for _, d := range dirs {
		if !d.IsDir() || !validSHA256(d.Name()) {
			continue
		}
		folder := filepath.Join(s.dir, filesDir, d.Name())
		sc, err := readSidecar(filepath.Join(folder, sidecarName))
		if os.IsNotExist(err) {
			stored, info, ok := loneFile(folder)
			if !ok {
				continue // an empty folder: a receipt killed before its file was in place
			}
			if old, ok := receipts[d.Name()]; ok && old.Stored == stored {
				// The index still has its receipt: the file keeps its place and time.
				at, _ := parseTime(old.ReceivedAt)
				entries = append(entries, entry{d.Name(), old, at, true})
				warnings = append(warnings, newError("no-sidecar", nil,
					"tệp %s không có biên nhận (%s): đã ghi vào chỉ mục theo chính nội dung của nó, với thời điểm nhận %s mà chỉ mục cũ còn giữ",
					"file %s has no receipt (%s): indexed from its own content, with the time of receipt %s the old index still held",
					filepath.Join(folder, stored), sidecarName, at.In(vietnam).Format("2006-01-02 15:04:05")))
				continue
			}
			sc = sidecar{Name: stored, Stored: stored, Size: info.Size(), ReceivedAt: formatTime(info.ModTime())}
			at, _ := parseTime(sc.ReceivedAt)
			lost = append(lost, entry{d.Name(), sc, at, true})
			warnings = append(warnings, newError("no-sidecar", nil,
				"tệp %s không có biên nhận (%s): đã ghi vào chỉ mục theo chính nội dung của nó, coi như nhận lúc %s (thời điểm sửa tệp); hãy kiểm tra thời hạn nộp của báo cáo này",
				"file %s has no receipt (%s): indexed from its own content, as received at %s (the file's modification time); check this report's timeliness",
				filepath.Join(folder, stored), sidecarName, at.In(vietnam).Format("2006-01-02 15:04:05")))
			continue
		}
		if err != nil {
			return nil, err
		}
		if sc.Stored != storedName(sc.Stored) {
			return nil, newError("bad-sidecar", nil, "tệp mô tả %s/%s ghi tên lưu không hợp lệ %q",
				"sidecar %s/%s names an invalid stored file %q", d.Name(), sidecarName, sc.Stored)
		}
		at, _ := parseTime(sc.ReceivedAt)
		entries = append(entries, entry{d.Name(), sc, at, false})
	}
	slices.SortFunc(entries, func(a, b entry) int {
		return cmp.Or(cmp.Compare(a.sc.Seq, b.sc.Seq), cmp.Compare(a.sc.ReceivedAt, b.sc.ReceivedAt), cmp.Compare(a.sum, b.sum))
	})
	// A file without its sidecar takes its place in the receive order by its time.
	slices.SortFunc(lost, func(a, b entry) int { return cmp.Or(a.at.Compare(b.at), cmp.Compare(a.sum, b.sum)) })
	for _, l := range lost {
		i := slices.IndexFunc(entries, func(e entry) bool { return e.at.After(l.at) })
		if i < 0 {
			i = len(entries)
		}
		entries = slices.Insert(entries, i, l)
	}
	var differ []string
	intact := entries[:0:0]
	for _, e := range entries {
		path := filepath.Join(s.dir, filesDir, e.sum, e.sc.Stored)
		got, size, err := HashFile(path)
		if err != nil {
			return nil, newError("io", err, "không đọc được tệp lưu %q", "cannot read archived file %q", path)
		}
		if got != e.sum || size != e.sc.Size {
			differ = append(differ, path)
			continue
		}
		intact = append(intact, e)
	}
	switch {
	case len(differ) > 0 && !leaveOut:
		return nil, mismatchError(differ)
	case len(differ) > 0:
		for _, path := range differ {
			warnings = append(warnings, newError("sha256-mismatch", nil,
				"tệp lưu %s đã bị thay đổi, không còn khớp SHA-256 trong biên nhận: không đưa vào chỉ mục (tệp vẫn để nguyên chỗ cũ; chép lại từ bản sao lưu rồi dựng lại chỉ mục để có lại nó)",
				"archived file %s has been changed and no longer matches the SHA-256 of its receipt: left out of the index (the file stays where it is; restore it from a backup and rebuild to have it back)", path))
		}
		entries = intact
	}
	// The links the files came through, from an index that still has them (a sidecar written
	// before the sender was kept names none).
	senders := map[string]string{}
	if rows, err := s.db.QueryContext(ctx, "SELECT sha256, unit FROM uploads WHERE new = 1 ORDER BY id"); err == nil {
		for rows.Next() {
			var sum, unit string
			if rows.Scan(&sum, &unit) == nil {
				senders[sum] = unit
			}
		}
		rows.Close()
	}
	defer func() {
		if err == nil {
			s.writeMark(int64(len(entries)))
		}
	}()
	return warnings, s.withWrite(ctx, func(sqlTx *sql.Tx) error {
		tx := cached(sqlTx)
		for _, t := range []string{"figures", "findings", "submissions", "files"} {
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+t); err != nil {
				return err
			}
		}
		for i, e := range entries {
			path := filepath.Join(s.dir, filesDir, e.sum, e.sc.Stored)
			sender := cmp.Or(e.sc.Sender, senders[e.sum])
			sub, err := check(ctx, Archived{Path: path, Name: e.sc.Name, Sender: sender})
			if err != nil {
				return err
			}
			if sub.SHA256 != "" && sub.SHA256 != e.sum {
				return newError("sha256-mismatch", nil, "kiểm tra tệp %q trả về SHA-256 %s, không phải %s",
					"checking file %q gave SHA-256 %s, not %s", path, sub.SHA256, e.sum)
			}
			sub.SHA256, sub.Name, sub.Size, sub.Sender = e.sum, e.sc.Name, e.sc.Size, sender
			if sub.ReceivedAt, err = parseTime(e.sc.ReceivedAt); err != nil {
				return err
			}
			// Sequences are renumbered 1, 2, … in this order: a receipt
			// killed after its sidecar may have left a sequence that a
			// later receipt reused.
			sub.Seq = int64(i + 1)
			if sub.Seq != e.sc.Seq || sender != e.sc.Sender || e.lost {
				e.sc.Seq, e.sc.Sender = sub.Seq, sender
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

// loneFile returns the one archived file in a file's folder that has lost its sidecar.
func loneFile(folder string) (string, os.FileInfo, bool) {
	ents, err := os.ReadDir(folder)
	if err != nil {
		return "", nil, false
	}
	var name string
	var info os.FileInfo
	for _, e := range ents {
		if !e.Type().IsRegular() || e.Name() == sidecarName {
			continue
		}
		if name != "" {
			return "", nil, false // two files: no way to tell which is the evidence
		}
		if info, err = e.Info(); err != nil {
			return "", nil, false
		}
		name = e.Name()
	}
	return name, info, name != ""
}

// mismatchError names the archived files whose bytes differ from their receipt.
func mismatchError(paths []string) *Error {
	list := strings.Join(paths, "\n  ")
	return newError("sha256-mismatch", nil,
		"%d tệp lưu trong kho đã bị thay đổi, không còn khớp SHA-256 trong biên nhận (chép lại từ bản sao lưu; không có bản sao lưu thì dựng lại chỉ mục không có chúng: chitieu store rebuild --leave-out-damaged):\n  %s",
		"%d archived files have been changed and no longer match the SHA-256 of their receipt (restore them from a backup; with none, rebuild the index without them: chitieu store rebuild --leave-out-damaged):\n  %s",
		len(paths), list)
}
