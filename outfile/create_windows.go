package outfile

import (
	"errors"
	"io/fs"
	"syscall"
)

// placeNew puts tmp in place at path unless something is there. Windows' MoveFile, unlike the
// MoveFileEx with MOVEFILE_REPLACE_EXISTING that os.Rename uses, fails when the target exists:
// a rename that refuses to replace, on NTFS and FAT alike.
func placeNew(tmp, path string) error {
	from, err := syscall.UTF16PtrFromString(tmp)
	if err != nil {
		return err
	}
	to, err := syscall.UTF16PtrFromString(path)
	if err != nil {
		return err
	}
	err = syscall.MoveFile(from, to)
	if errors.Is(err, syscall.ERROR_ALREADY_EXISTS) || errors.Is(err, syscall.ERROR_FILE_EXISTS) {
		return fs.ErrExist
	}
	return err
}
