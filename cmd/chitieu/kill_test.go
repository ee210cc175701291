package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"chitieu/xlsx"
)

// TestMain lets a test run the program as a separate process (to kill it): with CHITIEU_MAIN=1
// the test binary is chitieu.
func TestMain(m *testing.M) {
	if os.Getenv("CHITIEU_MAIN") == "1" {
		os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// TestKilledMidWrite kills consolidate at a range of moments and checks that the workbook is
// either absent or whole, never half written.
func TestKilledMidWrite(t *testing.T) {
	if testing.Short() {
		t.Skip("runs chitieu many times")
	}
	dir := t.TempDir()
	if code, _, errs := chitieu(t, "demo", "-o", dir, "--date", "2024-03-20"); code != exitOK {
		t.Fatal(errs)
	}
	filled := filepath.Join(dir, "2 Báo cáo đã điền")
	out := filepath.Join(dir, "ra", "tổng hợp.xlsx")
	os.MkdirAll(filepath.Dir(out), 0o755)
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
		if !xlsx.Exists(out) {
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
	entries, _ := os.ReadDir(filepath.Dir(out))
	for _, e := range entries {
		if e.Name() != filepath.Base(out) && !strings.HasPrefix(e.Name(), ".chitieu-") {
			t.Errorf("unexpected file %s", e.Name())
		}
	}
	t.Logf("%d runs killed before the workbook existed, %d after it was complete", partial, whole)
	if whole == 0 || partial == 0 {
		t.Logf("the kills did not straddle the write (%d/%d)", partial, whole)
	}
}
