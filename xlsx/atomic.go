package xlsx

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"chitieu/schema"
)

// pending are the temporary files of writes in progress, for Abandon. Once stopped, no write
// is completed.
var pending struct {
	sync.Mutex
	names   map[string]bool
	stopped bool
}

func track(name string) {
	pending.Lock()
	defer pending.Unlock()
	if pending.names == nil {
		pending.names = map[string]bool{}
	}
	pending.names[name] = true
}

func untrack(name string) {
	pending.Lock()
	defer pending.Unlock()
	delete(pending.names, name)
}

// Abandon removes the temporary files of every write in progress and keeps any write from
// completing after it: for a program stopped by Ctrl-C or a termination signal, which then
// leaves neither half a file nor a temporary one. It does not return the lock: the program is
// to exit right after.
func Abandon() {
	pending.Lock()
	pending.stopped = true
	for name := range pending.names {
		os.Remove(name)
	}
}

var errAbandoned = errors.New("the run was stopped")

// tempPrefix starts the name of every temporary file of WriteAtomic, followed by the process ID:
// ".chitieu-4242-123456.tmp".
const tempPrefix = ".chitieu-"

// cleaned are the folders already rid of stale temporary files in this run.
var cleaned sync.Map

// removeStale removes, once per folder and run, the temporary files a killed chitieu left there:
// those whose process is gone. A kill -9 or a power cut cannot be caught; the next write to the
// folder tidies up after it.
func removeStale(dir string) {
	if _, done := cleaned.LoadOrStore(dir, true); done {
		return
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), tempPrefix)
		if !ok || !strings.HasSuffix(rest, ".tmp") {
			continue
		}
		pid, err := strconv.Atoi(rest[:max(strings.IndexByte(rest, '-'), 0)])
		if err != nil || pid == os.Getpid() || processAlive(pid) {
			continue
		}
		os.Remove(filepath.Join(dir, e.Name()))
	}
}

// WriteAtomic writes a file through a temporary file in the same folder that is renamed into
// place only once complete: a reader, or a run that is interrupted, never sees half a file.
func WriteAtomic(path string, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	removeStale(dir)
	tmp, err := os.CreateTemp(dir, fmt.Sprintf("%s%d-*.tmp", tempPrefix, os.Getpid()))
	if err != nil {
		return schema.Errorf("không tạo được tệp trong thư mục %s: %v", "cannot create a file in %s: %v", dir, err)
	}
	track(tmp.Name())
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
		return schema.Errorf("không ghi được %s: %v", "cannot write %s: %v", path, err)
	}
	return nil
}

// Writable makes sure files can be written into dir, creating it if need be: for a long run to
// find out before it starts that it could not save its result.
func Writable(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return schema.Errorf("không tạo được thư mục %s: %v", "cannot create the folder %s: %v", dir, err)
	}
	f, err := os.CreateTemp(dir, fmt.Sprintf("%s%d-*.tmp", tempPrefix, os.Getpid()))
	if err != nil {
		return schema.Errorf("không tạo được tệp trong thư mục %s: %v", "cannot create a file in %s: %v", dir, err)
	}
	f.Close()
	return os.Remove(f.Name())
}

// Exists reports whether a file or folder is at path.
func Exists(path string) bool {
	_, err := os.Lstat(path)
	return !errors.Is(err, fs.ErrNotExist)
}
