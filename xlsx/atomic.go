package xlsx

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"chitieu/schema"
)

// WriteAtomic writes a file through a temporary file in the same folder that is renamed into
// place only once complete: a reader, or a run that is interrupted, never sees half a file.
func WriteAtomic(path string, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".chitieu-*.tmp")
	if err != nil {
		return schema.Errorf("không tạo được tệp trong thư mục %s: %v", "cannot create a file in %s: %v", dir, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
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
	if err = os.Rename(tmp.Name(), path); err != nil {
		return schema.Errorf("không ghi được %s: %v", "cannot write %s: %v", path, err)
	}
	return nil
}

// Exists reports whether a file or folder is at path.
func Exists(path string) bool {
	_, err := os.Lstat(path)
	return !errors.Is(err, fs.ErrNotExist)
}
