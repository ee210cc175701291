package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyIndex copies the closed store's index (checkpointed into index.sqlite on close) to dst.
func copyIndex(t *testing.T, dir, dst string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, indexName))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// An office restores yesterday's backup of the index beside today's files: every command refuses
// the index with needs-rebuild, and the rebuild from the files brings back the later reports.
func TestRestoredOlderIndex(t *testing.T) {
	ctx := context.Background()
	dir, src, backup := t.TempDir(), t.TempDir(), filepath.Join(t.TempDir(), "index.sqlite.bak")
	checked := map[string]Submission{}
	receive := func(st *Store, from, to int, batch bool) {
		var items []Item
		for i := from; i < to; i++ {
			data := []byte(fmt.Sprintf("report %d", i))
			sub := withName(sample("01/CT-TK", fmt.Sprintf("U%d", i), "2024-03", true), fmt.Sprintf("U%d.xlsx", i))
			checked[sum(data)] = sub
			path := writeFile(t, src, fmt.Sprint(i), data)
			if batch {
				items = append(items, Item{Path: path, Sub: sub})
			} else if _, err := st.Receive(ctx, path, sub); err != nil {
				t.Fatal(err)
			}
		}
		if batch {
			if _, err := st.ReceiveBatch(ctx, items); err != nil {
				t.Fatal(err)
			}
		}
	}

	st, err := Open(ctx, dir, testPlan)
	if err != nil {
		t.Fatal(err)
	}
	receive(st, 0, 3, false)
	st.Close()
	copyIndex(t, dir, backup) // yesterday's backup: 3 reports

	st, err = Open(ctx, dir, testPlan)
	if err != nil {
		t.Fatal(err)
	}
	receive(st, 3, 5, false)
	receive(st, 5, 9, true)
	want := dump(t, st, true)
	st.Close()

	// The same index reopened is in step.
	st, err = Open(ctx, dir, testPlan)
	if err != nil {
		t.Fatalf("the index as left: %v", err)
	}
	st.Close()

	// The backup put back: 3 receipts known, 9 made.
	for _, ext := range []string{"-wal", "-shm"} {
		os.Remove(filepath.Join(dir, indexName+ext))
	}
	b, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, indexName), b, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Open(ctx, dir, testPlan)
	if !IsCode(err, "needs-rebuild") || !strings.Contains(err.Error(), "chitieu store rebuild") || !strings.Contains(err.Error(), "chỉ biết 3 lần nhận tệp, còn receipts.seq ghi đã nhận 9") {
		t.Fatalf("an older index beside newer files: %v", err)
	}

	st, _, err = OpenForRebuild(ctx, dir, testPlan)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Rebuild(ctx, false, func(ctx context.Context, a Archived) (Submission, error) {
		s, _, err := HashFile(a.Path)
		return checked[s], err
	}); err != nil {
		t.Fatal(err)
	}
	if got := dump(t, st, true); got != want {
		t.Errorf("after rebuild:\n%s\nwant\n%s", got, want)
	}
	st.Close()
	st, err = Open(ctx, dir, testPlan)
	if err != nil {
		t.Fatalf("the rebuilt index: %v", err)
	}
	st.Close()
}
