package outfile

import (
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// Temporary files: Write's in the output's folder, the spooled zip entries and excelize's
// stream files in a folder of the run's own under the system's temporary folder. Each is named
// with the process ID and a digest of the host name — ".chitieu-4242-1a2b3c4d-123456.tmp" — so
// that a later run can tell the leftovers of a killed run (same host, process gone) from the files
// of a run still going, here or on another machine sharing the folder.

const tempPrefix = ".chitieu-"

var tempPattern = fmt.Sprintf("%s%d-%s-*", tempPrefix, os.Getpid(), hostTag())

// TempFileName is the name Write would give a temporary file of process pid on this host,
// with n in place of the random part: for tests, and for tools that tidy folders up.
func TempFileName(pid int, n int) string {
	return fmt.Sprintf("%s%d-%s-%d.tmp", tempPrefix, pid, hostTag(), n)
}

func hostTag() string {
	name, _ := os.Hostname()
	h := fnv.New32a()
	h.Write([]byte(name))
	return fmt.Sprintf("%08x", h.Sum32())
}

// pending are the temporary files and folders of the run, with the open file to close before
// removing (Windows does not remove an open file); Cleanup removes what is left of them.
var pending struct {
	sync.Mutex
	files map[string]*os.File
}

func track(name string, f *os.File) {
	pending.Lock()
	defer pending.Unlock()
	if pending.files == nil {
		pending.files = map[string]*os.File{}
	}
	pending.files[name] = f
}

func untrack(name string) {
	pending.Lock()
	defer pending.Unlock()
	delete(pending.files, name)
}

// Temp creates a temporary file in the run's own folder, for data too large to keep in memory.
// Remove removes it; Cleanup removes it if it is still there when the program ends.
func Temp() (*os.File, error) {
	f, err := os.CreateTemp(TempDir(), tempPattern+".tmp")
	if err != nil {
		return nil, err
	}
	track(f.Name(), f)
	return f, nil
}

// TempNamed creates a temporary file called name — a plain file name, made safe for the file
// system by the caller — in a folder of its own in the run's folder: a file that came under a
// name (an upload) is checked under that name, so that what the check says of a file's name is
// said of the name it was sent with, never of a temporary one. Remove removes it and its folder.
func TempNamed(name string) (*os.File, error) {
	if name == "" || name == "." || name == ".." || filepath.Base(name) != name || strings.ContainsAny(name, `/\`) {
		return nil, fmt.Errorf("outfile: %q is not a file name", name)
	}
	dir, err := os.MkdirTemp(TempDir(), tempPattern)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(dir, name), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		os.Remove(dir)
		return nil, err
	}
	track(dir, f) // Cleanup closes the file and removes the folder
	return f, nil
}

// Remove closes and removes a file made by Temp or TempNamed (with its folder).
func Remove(f *os.File) {
	f.Close()
	os.Remove(f.Name())
	untrack(f.Name())
	dir := filepath.Dir(f.Name())
	pending.Lock()
	own := pending.files[dir] == f
	if own {
		delete(pending.files, dir)
	}
	pending.Unlock()
	if own {
		os.Remove(dir)
	}
}

// The run's own temporary folder, made on first need.
var runTemp struct {
	sync.Mutex
	dir string
}

// TempDir returns the run's temporary folder, making it (and removing what killed runs left in
// the system's temporary folder) the first time; "" means the system's own.
func TempDir() string {
	runTemp.Lock()
	defer runTemp.Unlock()
	if runTemp.dir != "" {
		return runTemp.dir
	}
	removeStale(os.TempDir(), true)
	dir, err := os.MkdirTemp("", tempPattern)
	if err != nil {
		return ""
	}
	track(dir, nil)
	runTemp.dir = dir
	return dir
}

// Cleanup closes and removes every temporary file and folder of the run that is still there:
// the program calls it before it exits, stopped or not.
func Cleanup() {
	runTemp.Lock()
	defer runTemp.Unlock()
	pending.Lock()
	defer pending.Unlock()
	for name, f := range pending.files {
		if f != nil {
			f.Close()
		}
		os.RemoveAll(name)
	}
	pending.files = nil
	runTemp.dir = ""
}

// cleaned are the folders already rid of stale temporary files in this run.
var cleaned sync.Map

// removeStale removes, once per folder and run, the temporary files (and, with folders, the
// temporary folders) that a killed chitieu on this host left there. A kill -9 or a power cut
// cannot be caught; the next run tidies up after it.
func removeStale(dir string, folders bool) {
	if _, done := cleaned.LoadOrStore(dir, true); done {
		return
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	host := hostTag()
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), tempPrefix)
		switch {
		case !ok:
			continue
		case e.IsDir():
			if !folders {
				continue
			}
		case !strings.HasSuffix(rest, ".tmp"):
			continue
		}
		parts := strings.SplitN(rest, "-", 3)
		if len(parts) != 3 || parts[1] != host {
			continue
		}
		pid, err := strconv.Atoi(parts[0])
		if err != nil || pid == os.Getpid() || processAlive(pid) {
			continue
		}
		os.RemoveAll(filepath.Join(dir, e.Name()))
	}
}
