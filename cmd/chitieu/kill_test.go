package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"chitieu/outfile"
	"chitieu/xlsx"
)

// TestMain lets a test run the program as a separate process (to kill it): with CHITIEU_MAIN=1
// the test binary is chitieu.
func TestMain(m *testing.M) {
	if os.Getenv("CHITIEU_MAIN") == "1" {
		os.Exit(start(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	// The parsed plans the runs keep go to a folder of the tests' own (plancache.go), not to
	// the user's.
	dir, err := os.MkdirTemp("", "chitieu-cache-")
	if err != nil {
		panic(err)
	}
	os.Setenv(cacheEnv, dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// demoReports writes the demo's filled reports and names where a consolidation of them goes;
// it skips the test under -short, as the tests using it run chitieu many times.
func demoReports(t *testing.T) (filled, out string) {
	if testing.Short() {
		t.Skip("runs chitieu many times")
	}
	dir := t.TempDir()
	if code, _, errs := chitieu(t, "demo", "-o", dir, "--date", "2024-03-20"); code != exitOK {
		t.Fatal(errs)
	}
	out = filepath.Join(dir, "ra", "tổng hợp.xlsx")
	os.MkdirAll(filepath.Dir(out), 0o755)
	return filepath.Join(dir, "2 Báo cáo đã điền", "2023"), out
}

// TestKilledMidWrite kills consolidate at a range of moments and checks that the workbook is
// either absent or whole, never half written.
func TestKilledMidWrite(t *testing.T) {
	filled, out := demoReports(t)
	whole, partial := 0, 0
	for i := range 12 {
		os.Remove(out)
		cmd := exec.Command(os.Args[0], "consolidate", "--period", "2023", "--date", "2024-03-20", "-o", out, filled)
		cmd.Env = append(os.Environ(), "CHITIEU_MAIN=1")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(40*i) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		if !outfile.Exists(out) {
			partial++
			continue
		}
		wb, err := xlsx.Open(out, xlsx.DefaultLimits)
		if err != nil {
			t.Fatalf("kill after %d ms left a broken workbook: %v", 40*i, err)
		}
		wb.Close()
		whole++
	}
	temps := 0
	entries, _ := os.ReadDir(filepath.Dir(out))
	for _, e := range entries {
		switch {
		case strings.HasPrefix(e.Name(), ".chitieu-"):
			temps++
		case e.Name() != filepath.Base(out):
			t.Errorf("unexpected file %s", e.Name())
		}
	}
	t.Logf("%d runs killed before the workbook existed, %d after it was complete; %d temporary files left", partial, whole, temps)
	if whole == 0 || partial == 0 {
		t.Logf("the kills did not straddle the write (%d/%d)", partial, whole)
	}
	// The next run into the folder removes what killed runs left, and only that: a temporary
	// file of a process that is gone (a killed run's, made sure of here) goes, one of a process
	// still running (this test's) stays.
	gone := exec.Command(os.Args[0], "version")
	gone.Env = append(os.Environ(), "CHITIEU_MAIN=1")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(filepath.Dir(out), outfile.TempFileName(gone.Process.Pid, 1))
	live := filepath.Join(filepath.Dir(out), outfile.TempFileName(os.Getpid(), 1))
	// One of another host, as on a shared network folder: not this host's to judge.
	other := filepath.Join(filepath.Dir(out), fmt.Sprintf(".chitieu-%d-00000000-1.tmp", gone.Process.Pid))
	os.WriteFile(other, []byte("PK"), 0o644)
	os.WriteFile(stale, []byte("PK"), 0o644)
	os.WriteFile(live, []byte("PK"), 0o644)
	if code, _, errs := chitieu(t, "consolidate", "--period", "2023", "--date", "2024-03-20", "--force", "-o", out, filled); code != exitOK {
		t.Fatal(errs)
	}
	want := []string{filepath.Base(other), filepath.Base(live)}
	slices.Sort(want)
	if left := temporaries(t, filepath.Dir(out)); !slices.Equal(left, want) {
		t.Errorf("after a complete run, temporary files %q are left, want only %q", left, want)
	}
}

func temporaries(t *testing.T, dir string) []string {
	var names []string
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".chitieu-") {
			names = append(names, e.Name())
		}
	}
	return names
}

// TestInterrupted stops consolidate with Ctrl-C (SIGINT) and SIGTERM at a range of moments: the
// workbook is absent or whole, no temporary file is left, and a stopped run exits with 2.
func TestInterrupted(t *testing.T) {
	filled, out := demoReports(t)
	stopped := 0
	tmp := t.TempDir()
	for i := range 12 {
		os.Remove(out)
		cmd := exec.Command(os.Args[0], "consolidate", "--period", "2023", "--date", "2024-03-20", "-o", out, filled)
		cmd.Env = append(os.Environ(), "CHITIEU_MAIN=1", "TMPDIR="+tmp)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(15*i) * time.Millisecond)
		sig := []os.Signal{os.Interrupt, syscall.SIGTERM}[i%2]
		cmd.Process.Signal(sig)
		cmd.Wait()
		code := cmd.ProcessState.ExitCode()
		switch {
		case code == exitUsage && strings.Contains(stderr.String(), "đã dừng"):
			stopped++
			if outfile.Exists(out) {
				// The signal came after the rename: the workbook must be whole.
				if wb, err := xlsx.Open(out, xlsx.DefaultLimits); err != nil {
					t.Errorf("%v after %d ms left a broken workbook: %v", sig, 15*i, err)
				} else {
					wb.Close()
				}
			}
		case code == -1 && !outfile.Exists(out):
			// The signal came before the program set up its handler: killed, nothing written.
		case code == exitOK:
			if wb, err := xlsx.Open(out, xlsx.DefaultLimits); err != nil {
				t.Errorf("a finished run left a broken workbook: %v", err)
			} else {
				wb.Close()
			}
		default:
			t.Errorf("%v after %d ms: exit %d, %s", sig, 15*i, code, stderr.String())
		}
		if left := temporaries(t, filepath.Dir(out)); len(left) > 0 {
			t.Errorf("%v after %d ms left temporary files %q", sig, 15*i, left)
		}
		if left := temporaries(t, tmp); len(left) > 0 && code != -1 {
			t.Errorf("%v after %d ms left in the temporary folder %q", sig, 15*i, left)
		}
	}
	t.Logf("%d of 12 runs stopped by the signal", stopped)
	if stopped == 0 {
		t.Error("no run was stopped: the signals came too late to test anything")
	}
}
