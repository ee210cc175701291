package outfile

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"chitieu/finding"
)

// ErrExists is wrapped by the error Create returns when a file is already at the path.
var ErrExists = fs.ErrExist

// Create writes a new file at path as Write does — through a temporary file, put in place only
// once complete — but never over a file that is there: the temporary file is put in place by an
// operation that fails if the path exists (a hard link on Unix, else a rename that refuses to
// replace; MoveFile on Windows). Of two runs creating the same output at once, one writes it and
// the other gets an error wrapping ErrExists, whatever their timing; the check a run makes
// beforehand (Exists) only saves it the work.
func Create(ctx context.Context, path string, write func(io.Writer) error) error {
	return put(ctx, path, write, func(tmp, path string) error {
		err := placeNew(tmp, path)
		if errors.Is(err, fs.ErrExist) {
			return finding.Wrapf(ErrExists, "%s đã có (có thể vừa được một lần chạy khác ghi); dùng --force để ghi đè.",
				"%s exists (another run may just have written it); use --force to overwrite it.", path)
		}
		if err != nil {
			return finding.Errorf("không ghi được %s: %v", "cannot write %s: %v", path, err)
		}
		return nil
	})
}

// claimThenRename puts tmp in place where neither a link nor a rename refusing to replace is to
// be had (a file system without hard links on an old kernel): the name is claimed by creating an
// empty file exclusively, which only one run can do, and the complete file renamed over it.
func claimThenRename(tmp, path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	f.Close()
	return os.Rename(tmp, path)
}

// Clash returns the input that writing path would write over, if any: the same file by its
// path once symbolic links are resolved (in the folders too: -o link/x.xlsx where link is the
// input folder), or by identity (a hard link, the same file reached another way).
func Clash(path string, inputs []string) (string, bool) {
	out := resolved(path)
	st, statErr := os.Stat(path)
	for _, in := range inputs {
		if resolved(in) == out {
			return in, true
		}
		if statErr == nil {
			if ist, err := os.Stat(in); err == nil && os.SameFile(st, ist) {
				return in, true
			}
		}
	}
	return "", false
}

// resolved is path absolute with its symbolic links resolved, as far as it exists.
func resolved(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r
	}
	// The file does not exist (yet): resolve the folder it would be in.
	if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		return filepath.Join(dir, filepath.Base(abs))
	}
	return abs
}
