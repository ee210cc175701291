package store

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// markName is the file beside the index that holds the receive order (files.seq) of the last
// receipt committed. The index is the office's to back up and restore; the files are the
// evidence. An index restored from an older backup beside newer files knows fewer receipts than
// the mark says: every command then refuses it with needs-rebuild, instead of consolidating as if
// the later reports had never come. The mark is written after each commit and never synced: a
// lost or older mark only misses the check, it never refuses a sound index.
const markName = "receipts.seq"

// mark records seq as the last receipt committed, unless the mark already says more (another
// process committed later).
func (s *Store) mark(seq int64) {
	if seq > 0 && seq > s.readMark() {
		s.writeMark(seq)
	}
}

// writeMark replaces the mark with seq: after a rebuild, whose receive order starts again at 1.
func (s *Store) writeMark(seq int64) {
	tmp, err := os.CreateTemp(filepath.Join(s.dir, tmpDir), "mark-*")
	if err != nil {
		return
	}
	_, err = tmp.WriteString(strconv.FormatInt(seq, 10) + "\n")
	if cerr := tmp.Close(); err != nil || cerr != nil {
		os.Remove(tmp.Name())
		return
	}
	if os.Rename(tmp.Name(), filepath.Join(s.dir, markName)) != nil {
		os.Remove(tmp.Name())
	}
}

// readMark returns the mark, 0 when there is none or it cannot be read.
func (s *Store) readMark() int64 {
	b, err := os.ReadFile(filepath.Join(s.dir, markName))
	if err != nil {
		return 0
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	if err != nil {
		return 0
	}
	return n
}

// lastSeq is the receive order of the last receipt the index holds.
func (s *Store) lastSeq(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.QueryRowContext(ctx, "SELECT COALESCE(MAX(seq), 0) FROM files").Scan(&n)
	return n, err
}

// inStep refuses an index that knows fewer receipts than the mark: an older copy of the index
// put back beside the files received since.
func (s *Store) inStep(ctx context.Context) error {
	m := s.readMark()
	if m == 0 {
		return nil
	}
	n, err := s.lastSeq(ctx)
	if err != nil {
		return s.damaged(err)
	}
	if n < m {
		return needsRebuild(s.dir, newError("out-of-step", nil,
			"%s chỉ biết %d lần nhận tệp, còn %s ghi đã nhận %d: chỉ mục là một bản sao cũ đặt lại bên cạnh các tệp nhận sau nó, hoặc có tệp được nhận trong lúc đang dựng lại chỉ mục",
			"%s knows %d receipts, %s says %d were made: the index is an older copy put back beside the files received since, or a file was received while the index was being rebuilt",
			indexName, n, markName, m))
	}
	return nil
}
