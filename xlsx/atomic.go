package xlsx

import (
	"chitieu/finding"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// WriteAtomic writes a file through a temporary file in the same folder that is renamed into
// place only once complete: a reader, or a run that is interrupted, never sees half a file.
func WriteAtomic(path string, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	removeStale(dir, false)
	tmp, err := os.CreateTemp(dir, tempPattern+".tmp")
	if err != nil {
		return finding.Errorf("không tạo được tệp trong thư mục %s: %v", "cannot create a file in %s: %v", dir, err)
	}
	if err := track(tmp.Name(), tmp); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
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
	pending.Lock()
	defer pending.Unlock()
	if pending.stopped {
		return errAbandoned
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return finding.Errorf("không ghi được %s: %v", "cannot write %s: %v", path, err)
	}
	return nil
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
