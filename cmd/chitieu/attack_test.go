package main

import (
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// demoStoreCopies makes the demo once and returns a fresh copy of its store for each caller.
func demoStoreCopies(t *testing.T) func() string {
	t.Helper()
	dir := t.TempDir()
	if code, out, errs := chitieu(t, "demo", "-o", dir, "--date", "2025-01-15"); code != exitOK {
		t.Fatalf("demo: %d\n%s\n%s", code, out, errs)
	}
	kho := filepath.Join(dir, "3 Kho dữ liệu")
	return func() string {
		dst := filepath.Join(t.TempDir(), "kho")
		if err := os.CopyFS(dst, os.DirFS(kho)); err != nil {
			t.Fatal(err)
		}
		return dst
	}
}

// TestRebuildFromFilesAlone: an index removed, truncated or emptied beside the archived files is
// no store of its own. Every command says so and names `chitieu store rebuild` (in Vietnamese,
// and in English with --lang en), and the rebuild gives the same index, keeping a damaged one
// aside.
func TestRebuildFromFilesAlone(t *testing.T) {
	fresh := demoStoreCopies(t)
	for _, tt := range []struct {
		name   string
		damage func(index string) error
		kept   bool // the damaged index is moved aside and kept
	}{
		{"removed", os.Remove, false},
		{"truncated", func(index string) error {
			info, err := os.Stat(index)
			if err != nil {
				return err
			}
			return os.Truncate(index, info.Size()/2)
		}, true},
		{"zero bytes", func(index string) error { return os.Truncate(index, 0) }, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			kho := fresh()
			_, statusBefore, _ := chitieu(t, "status", "--store", kho, "--period", "2024", "--format", "json")
			before := dumpStore(t, kho, true)
			index := filepath.Join(kho, "index.sqlite")
			archived, _ := filepath.Glob(filepath.Join(kho, "files", "*", "*.xlsx"))
			for _, ext := range []string{"-wal", "-shm"} {
				os.Remove(index + ext)
			}
			if err := tt.damage(index); err != nil {
				t.Fatal(err)
			}
			for _, args := range [][]string{
				{"status", "--store", kho, "--period", "2024"},
				{"receive", "--store", kho, archived[0]},
				{"export", "--store", kho},
				{"store", "verify", "--store", kho},
			} {
				code, out, errs := chitieu(t, args...)
				if code != exitUsage || !strings.Contains(errs, "chitieu store rebuild") || !strings.Contains(errs, "dựng lại") {
					t.Errorf("%s: %d\n%s\n%s", args[0], code, out, errs)
				}
				code, _, errs = chitieu(t, append(args, "--lang", "en")...)
				if code != exitUsage || !strings.Contains(errs, "chitieu store rebuild") || !strings.Contains(errs, "rebuild") || strings.Contains(errs, "dựng") {
					t.Errorf("%s --lang en: %d\n%s", args[0], code, errs)
				}
			}
			if code, out, errs := chitieu(t, "store", "rebuild", "--store", kho); code != exitOK {
				t.Fatalf("rebuild: %d\n%s\n%s", code, out, errs)
			}
			moved, _ := filepath.Glob(index + ".damaged-*")
			if tt.kept != (len(moved) > 0) {
				t.Errorf("damaged index kept aside: %v", moved)
			}
			if after := dumpStore(t, kho, true); after != before {
				t.Errorf("the rebuilt index differs from the one lost")
			}
			if _, statusAfter, _ := chitieu(t, "status", "--store", kho, "--period", "2024", "--format", "json"); statusAfter != statusBefore {
				t.Errorf("status after the rebuild:\n%s\nbefore:\n%s", statusAfter, statusBefore)
			}
		})
	}

	// A file whose sidecar is lost is indexed from its own content, with a warning naming it.
	t.Run("sidecar lost", func(t *testing.T) {
		kho := fresh()
		_, statusBefore, _ := chitieu(t, "status", "--store", kho, "--period", "2024", "--format", "json")
		sidecars, _ := filepath.Glob(filepath.Join(kho, "files", "*", "received.json"))
		if len(sidecars) < 3 {
			t.Fatalf("%d sidecars", len(sidecars))
		}
		lost := sidecars[len(sidecars)/2]
		os.Remove(lost)
		code, _, errs := chitieu(t, "store", "rebuild", "--store", kho)
		if code != exitOK || !strings.Contains(errs, filepath.Dir(lost)) || !strings.Contains(errs, "received.json") {
			t.Fatalf("rebuild: %d\n%s", code, errs)
		}
		if _, statusAfter, _ := chitieu(t, "status", "--store", kho, "--period", "2024", "--format", "json"); statusAfter != statusBefore {
			t.Errorf("status after the rebuild:\n%s\nbefore:\n%s", statusAfter, statusBefore)
		}
		if _, err := os.Stat(lost); err != nil {
			t.Errorf("the sidecar was not written again: %v", err)
		}
	})

	// An archived file edited on disk is named by verify and by rebuild, which leaves the index.
	t.Run("tampered", func(t *testing.T) {
		kho := fresh()
		before := dumpStore(t, kho, true)
		sidecars, _ := filepath.Glob(filepath.Join(kho, "files", "*", "received.json"))
		var edited []string
		for _, sc := range sidecars[:2] {
			files, _ := filepath.Glob(filepath.Join(filepath.Dir(sc), "*.xlsx"))
			if len(files) != 1 {
				t.Fatalf("files beside %s: %v", sc, files)
			}
			f, _ := os.OpenFile(files[0], os.O_APPEND|os.O_WRONLY, 0)
			f.Write([]byte("x"))
			f.Close()
			edited = append(edited, files[0])
		}
		code, out, errs := chitieu(t, "store", "verify", "--store", kho)
		if code != exitFound || !strings.Contains(out, edited[0]) || !strings.Contains(out, edited[1]) {
			t.Errorf("verify: %d\n%s\n%s", code, out, errs)
		}
		code, out, errs = chitieu(t, "store", "rebuild", "--store", kho, "--lang", "en")
		if code != exitFound || !strings.Contains(errs, edited[0]) || !strings.Contains(errs, edited[1]) || !strings.Contains(errs, "2 archived files have been changed") {
			t.Errorf("rebuild: %d\n%s\n%s", code, out, errs)
		}
		// Put back, the store verifies and its index is as it was.
		for _, p := range edited {
			data, _ := os.ReadFile(p)
			os.WriteFile(p, data[:len(data)-1], 0o644)
		}
		if code, out, _ := chitieu(t, "store", "verify", "--store", kho); code != exitOK {
			t.Errorf("verify of the restored store: %d\n%s", code, out)
		}
		if after := dumpStore(t, kho, true); after != before {
			t.Error("a refused rebuild changed the index")
		}
	})
}

// TestLinksWriteFirst: links that cannot be written are not recorded, so that no unit is left
// with a link nobody has.
func TestLinksWriteFirst(t *testing.T) {
	kho := filepath.Join(t.TempDir(), "kho")
	code, _, errs := chitieu(t, "links", "--store", kho, "-o", filepath.Join(t.TempDir(), "nonexistent", "x.csv"))
	if code != exitUsage || !strings.Contains(errs, "Không đường dẫn nào được ghi") {
		t.Fatalf("links to a folder that does not exist: %d\n%s", code, errs)
	}
	code, out, errs := chitieu(t, "links", "--store", kho)
	rows := readLinks(t, out)
	if code != exitOK || len(rows) == 0 || strings.Contains(errs, "đã có đường dẫn từ trước") {
		t.Fatalf("links after the failed run: %d, %d links\n%s", code, len(rows), errs)
	}
	all := len(rows)
	// A second run makes none; rotated to a file that cannot be written, the old links stay.
	if _, out, _ := chitieu(t, "links", "--store", kho); len(readLinks(t, out)) != 0 {
		t.Error("a second run made links")
	}
	code, _, _ = chitieu(t, "links", "--store", kho, "--rotate", rows[0][0], "-o", filepath.Join(t.TempDir(), "nonexistent", "x.csv"))
	base, _, stop := startServe(t, "--store", kho)
	defer stop()
	resp, err := http.Get(base + "/u/" + rows[0][2][strings.LastIndex(rows[0][2], "/")+1:])
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if code != exitUsage || resp.StatusCode != 200 {
		t.Errorf("a failed --rotate: %d, the old link answers %d (of %d)", code, resp.StatusCode, all)
	}
}

// TestOfficeTokenFile: a token file others may read is warned about, a weak token refused.
func TestOfficeTokenFile(t *testing.T) {
	dir := t.TempDir()
	strong := filepath.Join(dir, "strong")
	os.WriteFile(strong, []byte("Zk3-q9XvT_2mLw8RbN4pYa\n"), 0o644)
	os.Chmod(strong, 0o644)
	tok, made, warn, err := officeToken(strong)
	if err != nil || made || tok != "Zk3-q9XvT_2mLw8RbN4pYa" || runtime.GOOS != "windows" && (warn == nil || !strings.Contains(warn.Error(), "chmod 600")) {
		t.Errorf("a readable file: %q %v %v %v", tok, made, warn, err)
	}
	os.Chmod(strong, 0o600)
	if _, _, warn, err := officeToken(strong); warn != nil || err != nil {
		t.Errorf("a private file: %v %v", warn, err)
	}
	for _, weak := range []string{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "matkhauvanphong2024", "0123456789012345"} {
		path := filepath.Join(dir, "weak")
		os.WriteFile(path, []byte(weak), 0o600)
		if _, _, _, err := officeToken(path); err == nil || !strings.Contains(err.Error(), "128") {
			t.Errorf("weak token %q: %v", weak, err)
		}
	}
	made1 := filepath.Join(dir, "new")
	tok, made, _, err = officeToken(made1)
	if err != nil || !made || len(tok) != 22 {
		t.Errorf("a new token: %q %v %v", tok, made, err)
	}
}
