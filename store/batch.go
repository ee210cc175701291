package store

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"time"
)

// Item is one file to receive in a batch: where it is, and its check's result.
type Item struct {
	Path string
	Sub  Submission
	// Again is set for bytes read again only to be answered (a message whose reply is sent
	// late): a rejected file among them is not taken up (takesUp).
	Again bool
}

// MaxBatch is how many files ReceiveBatch files in one transaction: enough that the syncs of a
// batch cost little per file, few enough that a kill loses little work.
const MaxBatch = 64

// ReceiveBatch receives several files as Receive does each, with one durable sync of the file
// system for all their files and sidecars and one transaction for all their rows, instead of six
// syncs and a transaction each: the files are still written and synced before their rows, and a
// kill at any moment leaves a whole store — the batch's rows all there or none, and files without
// rows that a later receipt of the same bytes records. The results are in the order of the items.
func (s *Store) ReceiveBatch(ctx context.Context, items []Item) (_ []Result, err error) {
	defer s.explain(&err)
	results := make([]Result, len(items))
	var todo []pending
	seen := map[string]int{} // sha256 → index in todo: the same bytes twice in one batch
	for i, it := range items {
		sub, err := s.prepare(it.Path, it.Sub)
		if err != nil {
			return nil, err
		}
		old, known, err := loadBySHA(ctx, s.reads, sub.SHA256)
		if err != nil {
			return nil, err
		} else if known {
			if err := verify(it.Path, sub.SHA256); err != nil {
				return nil, err
			}
			if !adopts(old, sub, it.Again) {
				results[i] = Result{Submission: old}
				continue
			}
		}
		if j, dup := seen[sub.SHA256]; dup {
			results[i] = Result{Submission: todo[j].sub} // filled in once the first is recorded
			results[i].Submission.ID = -1 - int64(j)
			continue
		}
		p := pending{i: i, sub: sub, path: it.Path, again: it.Again}
		if !known { // a file refused for its sender and taken up now is archived already
			if err := s.place(&p, false); err != nil {
				return nil, err
			}
		}
		seen[sub.SHA256] = len(todo)
		todo = append(todo, p)
	}
	if len(todo) == 0 {
		return results, nil
	}
	err = s.withWrite(ctx, func(sqlTx *sql.Tx) error {
		tx := cached(sqlTx)
		var next int64
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(seq), 0) + 1 FROM files").Scan(&next); err != nil {
			return err
		}
		var records []*pending
		for k := range todo {
			p := &todo[k]
			old, ok, err := loadBySHA(ctx, tx, p.sub.SHA256)
			if err != nil {
				return err
			}
			take := false
			if ok {
				if take, err = takesUp(ctx, tx, old, p.sub, p.again); err != nil {
					return err
				}
			}
			if take {
				if results[p.i], err = s.adopt(ctx, tx, old, p.sub, false); err != nil {
					return err
				}
				continue
			} else if ok { // recorded already: by another process meanwhile, or not to be taken up
				results[p.i] = Result{Submission: old}
				if p.created {
					s.removeDuplicate(p.sub.SHA256, p.stored)
					p.stored = "" // perhaps removed: the other receipt's file is the one synced
				}
				continue
			}
			if p.stored == "" { // its row was there without the lock and is not now (a rebuild ran)
				if err := s.place(p, false); err != nil {
					return err
				}
			}
			p.sub.Seq = next
			next++
			sc := sidecar{Name: p.sub.Name, Stored: p.stored, Size: p.sub.Size, ReceivedAt: formatTime(p.sub.ReceivedAt), Seq: p.sub.Seq, Sender: p.sub.Sender}
			if err := s.writeSidecar(p.sub.SHA256, sc, false); err != nil {
				return err
			}
			records = append(records, p)
		}
		// Every file and sidecar of the batch reaches the disk before any of their rows.
		if err := s.syncAll(todo); err != nil {
			return err
		}
		for _, p := range records {
			rec := p.sub
			superseded, err := insert(ctx, tx, &rec, p.stored)
			if err != nil {
				return err
			}
			results[p.i] = Result{Submission: rec, New: true, Superseded: superseded}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var last int64
	for _, r := range results {
		if r.New {
			last = max(last, r.Submission.Seq)
		}
	}
	s.mark(last)
	for i := range results {
		if id := results[i].Submission.ID; id < 0 { // the same bytes as an earlier item
			results[i] = Result{Submission: results[todo[-1-id].i].Submission}
		}
	}
	return results, nil
}

// prepare fills in what Receive fills of an item's submission. A file whose digest the caller
// gives is not read here: its bytes are checked against the digest where they are read anyway,
// as archive copies them, or by verify when the store holds them already.
func (s *Store) prepare(path string, sub Submission) (Submission, error) {
	if sub.SHA256 == "" {
		sum, size, err := HashFile(path)
		if err != nil {
			return sub, newError("io", err, "không đọc được tệp %q", "cannot read file %q", path)
		}
		sub.SHA256, sub.Size = sum, size
	} else {
		info, err := os.Stat(path)
		if err != nil {
			return sub, newError("io", err, "không đọc được tệp %q", "cannot read file %q", path)
		}
		sub.Size = info.Size()
	}
	if sub.Refused && sub.Sender == "" {
		return sub, newError("no-sender", nil, "tệp %q bị từ chối cho người gửi nhưng không nêu người gửi",
			"file %q is refused for its sender but names no sender", path)
	}
	if sub.Name == "" {
		sub.Name = filepath.Base(path)
	}
	sub.Name = baseName(sub.Name)
	if sub.ReceivedAt.IsZero() {
		sub.ReceivedAt = time.Now()
	}
	var err error
	sub.ReceivedAt, err = parseTime(formatTime(sub.ReceivedAt))
	return sub, err
}

// verify checks that the file at path holds the bytes sum names, when they are not copied: the
// store holds them already (the same bytes received again, or a killed receipt's file taken up).
func verify(path, sum string) error {
	got, _, err := HashFile(path)
	if err != nil {
		return newError("io", err, "không đọc được tệp %q", "cannot read file %q", path)
	}
	if got != sum {
		return digestMismatch(path, got, sum)
	}
	return nil
}

func digestMismatch(path, got, want string) error {
	return newError("sha256-mismatch", nil, "SHA-256 của tệp %q là %s, không phải %s như đã nêu (hoặc tệp thay đổi trong khi đang lưu)",
		"the SHA-256 of file %q is %s, not %s as given (or the file changed while being archived)", path, got, want)
}

// place archives a pending item's file, or takes up the file and sidecar a killed receipt left.
func (s *Store) place(p *pending, sync bool) error {
	if sc, ok := s.orphan(p.sub.SHA256); ok {
		if err := verify(p.path, p.sub.SHA256); err != nil {
			return err
		}
		p.sub.Name, p.stored = sc.Name, sc.Stored
		return nil
	}
	p.stored = storedName(p.sub.Name)
	size, err := s.archive(p.path, p.sub.SHA256, p.stored, sync)
	if err != nil {
		if IsCode(err, "sha256-mismatch") {
			return err
		}
		return newError("io", err, "không lưu được tệp %q vào kho", "cannot archive file %q", p.path)
	}
	p.sub.Size = size
	p.created = true
	return nil
}

// pending is an item of a batch whose file is archived and whose rows are yet to be written.
type pending struct {
	i       int    // index in the batch
	path    string // where the file is given
	sub     Submission
	stored  string
	created bool
	again   bool // Item.Again
}

// syncAll makes every file, sidecar and folder the batch wrote durable: one syncfs where the
// system has it (Linux), else each file and folder in turn.
func (s *Store) syncAll(todo []pending) error {
	if ok, err := syncFS(s.dir); ok {
		return err
	}
	for _, p := range todo {
		dir := filepath.Join(s.dir, filesDir, p.sub.SHA256)
		for _, name := range []string{p.stored, sidecarName} {
			if name == "" { // a file taken up: archived by its first receipt, its sidecar rewritten
				continue
			}
			if err := syncFile(filepath.Join(dir, name)); err != nil {
				return err
			}
		}
		if err := syncDir(dir); err != nil {
			return err
		}
	}
	return syncDir(filepath.Join(s.dir, filesDir))
}

// syncFile makes a file's bytes durable. The file is opened for writing: Windows'
// FlushFileBuffers refuses a read-only handle ("Access denied").
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
