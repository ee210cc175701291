package outfile

import (
	"errors"
	"io/fs"
	"os"

	"golang.org/x/sys/unix"
)

// placeNew puts tmp in place at path unless something is there. A hard link fails if path
// exists; where the file system has no hard links (FAT on a USB stick, some network shares),
// renameat2 with RENAME_NOREPLACE does the same; where the kernel lacks that too, the name is
// claimed exclusively first.
func placeNew(tmp, path string) error {
	err := os.Link(tmp, path)
	if err == nil {
		os.Remove(tmp)
		return nil
	}
	if errors.Is(err, fs.ErrExist) {
		return err
	}
	err = unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, path, unix.RENAME_NOREPLACE)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, unix.EEXIST):
		return fs.ErrExist
	case errors.Is(err, unix.EINVAL), errors.Is(err, unix.ENOSYS):
		return claimThenRename(tmp, path)
	}
	return err
}
