//go:build unix && !linux

package outfile

import (
	"errors"
	"io/fs"
	"os"
)

// placeNew puts tmp in place at path unless something is there: a hard link fails if path
// exists; where the file system has no hard links, the name is claimed exclusively first.
func placeNew(tmp, path string) error {
	err := os.Link(tmp, path)
	if err == nil {
		os.Remove(tmp)
		return nil
	}
	if errors.Is(err, fs.ErrExist) {
		return err
	}
	return claimThenRename(tmp, path)
}
