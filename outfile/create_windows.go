package outfile

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"syscall"
)

// placeNew puts tmp in place at path unless something is there. Windows' MoveFile, unlike the
// MoveFileEx with MOVEFILE_REPLACE_EXISTING that os.Rename uses, fails when the target exists:
// a rename that refuses to replace, on NTFS and FAT alike.
func placeNew(tmp, path string) error {
	from, err := syscall.UTF16PtrFromString(longPath(tmp))
	if err != nil {
		return err
	}
	to, err := syscall.UTF16PtrFromString(longPath(path))
	if err != nil {
		return err
	}
	err = syscall.MoveFile(from, to)
	if errors.Is(err, syscall.ERROR_ALREADY_EXISTS) || errors.Is(err, syscall.ERROR_FILE_EXISTS) {
		return fs.ErrExist
	}
	return err
}

// longPath returns path in the form Windows' file functions take past 260 characters
// (\\?\C:\… or \\?\UNC\server\share\…), as package os does for its own calls: a folder under
// C:\Users\…\Documents with Vietnamese names reaches the limit quickly. Such a path is taken
// literally, so it is made absolute and clean first.
func longPath(path string) string {
	if len(path) < 248 || strings.HasPrefix(path, `\\?\`) || strings.HasPrefix(path, `\\.\`) {
		return path
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	if strings.HasPrefix(abs, `\\`) {
		return `\\?\UNC\` + abs[2:]
	}
	return `\\?\` + abs
}
