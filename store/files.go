package store

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

const (
	sidecarName = "received.json"
	// maxStoredBytes bounds a stored name well under the 255 bytes most file
	// systems allow, since a Vietnamese letter takes two or three bytes.
	maxStoredBytes = 180
	timeLayout     = "2006-01-02T15:04:05.000000000Z07:00"
)

// sidecar is files/<sha256>/received.json: what the index needs to rebuild a
// file's row without the index.
type sidecar struct {
	Name       string `json:"name"`
	Stored     string `json:"stored"`
	Size       int64  `json:"size"`
	ReceivedAt string `json:"received_at"` // UTC, timeLayout
	Seq        int64  `json:"seq"`
	// Sender is the unit whose link brought the file when its check was recorded (Submission.Sender),
	// so that a rebuild from the files alone checks it again as it came.
	Sender string `json:"sender,omitempty"`
}

// baseName returns the last element of name, splitting at both "/" and "\"
// whatever the operating system, as an upload may carry either, cut to
// MaxNameBytes. Invalid UTF-8 becomes U+FFFD so that the name survives JSON
// and SQLite TEXT unchanged.
func baseName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	return CutName(strings.ToValidUTF8(name, "\uFFFD"), MaxNameBytes)
}

// MaxNameBytes bounds a file name the store keeps or the audit log records: what most file
// systems allow. A longer name (an upload may claim megabytes of one) is cut.
const MaxNameBytes = 255

// CutName returns name cut to at most max bytes at a letter, keeping a short extension and
// marking the cut with "…": a name an upload gave is bounded before it is stored or logged.
func CutName(name string, max int) string {
	if len(name) <= max {
		return name
	}
	const mark = "…"
	ext := filepath.Ext(name)
	if len(ext) > 16 || strings.ContainsAny(ext, `/\`) {
		ext = ""
	}
	n := max - len(ext) - len(mark)
	if n < 0 {
		n, ext = max-len(mark), ""
	}
	for n > 0 && !utf8.RuneStart(name[n]) {
		n--
	}
	return name[:n] + mark + ext
}

// ReservedName reports whether Windows takes a file name for a device: CON, PRN, AUX, NUL,
// COM1–COM9 or LPT1–LPT9 (COM0, LPT0 and their superscript forms too), in any case, alone or
// before the first dot ("CON.xlsx", "con.tar.xlsx"), trailing spaces ignored.
func ReservedName(name string) bool {
	stem := name
	if i := strings.IndexByte(stem, '.'); i >= 0 {
		stem = stem[:i]
	}
	stem = strings.ToUpper(strings.TrimRight(stem, " "))
	switch stem {
	case "CON", "PRN", "AUX", "NUL":
		return true
	}
	if rest, ok := strings.CutPrefix(stem, "COM"); ok || strings.HasPrefix(stem, "LPT") {
		if !ok {
			rest = stem[3:]
		}
		switch rest {
		case "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³":
			return true
		}
	}
	return false
}

// storedName returns name made safe as a file name on Windows and Unix: the
// base name only, the characters Windows forbids and control characters
// replaced by "_", no trailing dot or space, no reserved device name, and at
// most maxStoredBytes bytes (cut at a letter, keeping the extension). Letters
// are kept as given, composed or not.
func storedName(name string) string {
	name = baseName(name)
	var b strings.Builder
	for _, r := range name {
		switch {
		case r < 0x20 || r == 0x7f || strings.ContainsRune(`<>:"/\|?*`, r):
			b.WriteByte('_')
		default:
			b.WriteRune(r)
		}
	}
	name = strings.TrimRight(b.String(), ". ")
	// Windows and macOS compare names regardless of case: RECEIVED.JSON is the sidecar there.
	if name == "" || strings.EqualFold(name, sidecarName) {
		name = "_" + name
	}
	if ReservedName(name) {
		name = "_" + name
	}
	if len(name) > maxStoredBytes {
		ext := filepath.Ext(name)
		if len(ext) > 16 {
			ext = ""
		}
		stem := name[:len(name)-len(ext)]
		n := maxStoredBytes - len(ext)
		for n > 0 && !utf8.RuneStart(stem[n]) {
			n--
		}
		name = strings.TrimRight(stem[:n], ". ") + ext
	}
	return name
}

// HashFile returns the SHA-256 (lower-case hex) and size of the file at path.
func HashFile(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := copyBuffered(h, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// copyBuffers are the buffers files are copied and hashed through: io.Copy from a file made one
// of 32 KiB for each file, a quarter of what receiving allocated.
var copyBuffers = sync.Pool{New: func() any { return new([32 << 10]byte) }}

// copyBuffered is io.Copy through a buffer of copyBuffers.
func copyBuffered(w io.Writer, r io.Reader) (int64, error) {
	buf := copyBuffers.Get().(*[32 << 10]byte)
	defer copyBuffers.Put(buf)
	return io.CopyBuffer(w, struct{ io.Reader }{r}, buf[:]) // not r's WriteTo, which makes a buffer of its own
}

// validSHA256 reports whether s is 64 lower-case hex digits.
func validSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// archive copies the file at src to files/<sum>/<stored>, durably: it is
// written to tmp/, fsynced, renamed into place and its folder fsynced (with
// sync false, the caller syncs it, ReceiveBatch with a whole batch). The
// bytes are hashed as they are copied and must hash to sum. It returns their
// number.
func (s *Store) archive(src, sum, stored string, sync bool) (int64, error) {
	in, err := os.Open(src)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	h := sha256.New()
	var n int64
	err = s.writeDurably(sum, stored, sync, func(w io.Writer) error {
		var err error
		if n, err = copyBuffered(io.MultiWriter(w, h), in); err != nil {
			return err
		}
		if got := hex.EncodeToString(h.Sum(nil)); got != sum {
			return digestMismatch(src, got, sum)
		}
		return nil
	})
	return n, err
}

// writeSidecar writes files/<sum>/received.json, durably when sync is set.
func (s *Store) writeSidecar(sum string, sc sidecar, sync bool) error {
	data, err := json.MarshalIndent(sc, "", "  ")
	if err != nil {
		return err
	}
	return s.writeDurably(sum, sidecarName, sync, func(w io.Writer) error {
		_, err := w.Write(append(data, '\n'))
		return err
	})
}

func readSidecar(path string) (sidecar, error) {
	var sc sidecar
	data, err := os.ReadFile(path)
	if err != nil {
		return sc, err
	}
	if err := json.Unmarshal(data, &sc); err != nil {
		return sc, fmt.Errorf("store: %s: %w", path, err)
	}
	return sc, nil
}

// writeDurably writes files/<sum>/<name> through a temporary file in tmp/, so
// that the name never holds a partial file, and with sync fsyncs the data, the
// file's folder and files/ so that the rename survives a power cut.
func (s *Store) writeDurably(sum, name string, sync bool, write func(io.Writer) error) (err error) {
	dir := filepath.Join(s.dir, filesDir, sum)
	if err := os.Mkdir(dir, 0o755); err != nil && !os.IsExist(err) {
		return err
	} else if err == nil && sync {
		if err := syncDir(filepath.Join(s.dir, filesDir)); err != nil {
			return err
		}
	}
	tmp, err := os.CreateTemp(filepath.Join(s.dir, tmpDir), sum[:16]+"-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := write(tmp); err != nil {
		return err
	}
	if sync {
		if err := tmp.Sync(); err != nil {
			return err
		}
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, name)); err != nil {
		return err
	}
	if !sync {
		return nil
	}
	return syncDir(dir)
}

// syncDir makes a folder's entries durable. Windows cannot open a folder for
// fsync; NTFS journals the rename itself.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) (time.Time, error) { return time.Parse(timeLayout, s) }
