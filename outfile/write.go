package outfile

import (
	"chitieu/finding"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"syscall"
)

// Write writes a file through a temporary file in the same folder that is renamed into place
// only once complete: a reader, or a run that is interrupted, never sees half a file. Once ctx is
// done the temporary file is removed at once and the file is not put in place; Write then
// returns ctx's error.
func Write(ctx context.Context, path string, write func(io.Writer) error) error {
	return put(ctx, path, write, rename)
}

// rename puts the complete temporary file in place, saying plainly why it cannot.
func rename(tmp, path string) error {
	if err := os.Rename(tmp, path); err != nil {
		if st, serr := os.Stat(path); serr == nil && st.IsDir() {
			return finding.Errorf("không ghi được %s: đó là một thư mục.", "cannot write %s: it is a folder.", path)
		}
		return finding.Errorf("không ghi được %s: %v", "cannot write %s: %v", path, err)
	}
	return nil
}

// WriteThen writes a file as Write does, and calls commit once the file is complete on disk and
// before it is put in place: a commit that fails leaves no file (and an older file at path as it
// was), and a file that cannot be written is never committed. It is for a file that records what
// commit makes (secret links), so that neither is left without the other.
func WriteThen(ctx context.Context, path string, write func(io.Writer) error, commit func() error) error {
	return put(ctx, path, write, func(tmp, path string) error {
		if err := commit(); err != nil {
			return err
		}
		return rename(tmp, path)
	})
}

// put writes a temporary file in path's folder and, once it is complete and ctx not done, puts
// it in place with place.
func put(ctx context.Context, path string, write func(io.Writer) error, place func(tmp, path string) error) (err error) {
	dir := filepath.Dir(path)
	removeStale(dir, false)
	tmp, err := os.CreateTemp(dir, tempPattern+".tmp")
	if err != nil {
		return finding.Errorf("không tạo được tệp trong thư mục %s: %v", "cannot create a file in %s: %v", dir, err)
	}
	// mu orders the removal on cancellation against the rename: one of them happens, whole.
	var mu sync.Mutex
	done := false
	remove := func() {
		mu.Lock()
		defer mu.Unlock()
		if !done {
			done = true
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}
	track(tmp.Name(), tmp)
	stop := context.AfterFunc(ctx, remove)
	defer func() {
		stop()
		if err != nil {
			remove()
		}
		untrack(tmp.Name())
	}()
	if err = write(tmp); err != nil {
		return err
	}
	if err = tmp.Chmod(0o644); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	mu.Lock()
	defer mu.Unlock()
	if done || ctx.Err() != nil {
		return context.Cause(ctx)
	}
	return place(tmp.Name(), path)
}

// Writable makes sure files can be written into dir, creating it if need be: for a long run to
// find out before it starts that it could not save its result.
func Writable(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return finding.Errorf("không tạo được thư mục %s: %v", "cannot create the folder %s: %v", dir, err)
	}
	f, err := os.CreateTemp(dir, tempPattern+".tmp")
	if err != nil {
		return finding.Errorf("không tạo được tệp trong thư mục %s: %v", "cannot create a file in %s: %v", dir, err)
	}
	f.Close()
	return os.Remove(f.Name())
}

// Exists reports whether a file or folder is at path. When that cannot be told (no permission
// to look), it says yes, so that nothing is written over it.
func Exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil || !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR)
}
