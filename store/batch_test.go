package store

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// TestReceiveBatch files the same receipts one by one and in batches: the stores are the same
// row for row, supersessions included, and the same bytes twice in a batch are recorded once.
func TestReceiveBatch(t *testing.T) {
	ctx := context.Background()
	src := t.TempDir()
	var items []Item
	at := time.Date(2025, 1, 10, 3, 0, 0, 0, time.UTC)
	for i := range 150 {
		// Three reports received again and again: valid and invalid versions supersede.
		sub := sample("01/CT-TK", fmt.Sprintf("U%d", i%3), "2024-02", i%4 != 1)
		sub.ReceivedAt = at.Add(time.Duration(i) * time.Minute)
		data := []byte(fmt.Sprintf("tệp %d", i))
		if i%10 == 9 {
			data = []byte(fmt.Sprintf("tệp %d", i-1)) // the same bytes as the file before
			sub = items[i-1].Sub
		}
		items = append(items, Item{Path: writeFile(t, src, fmt.Sprintf("f%03d.xlsx", i), data), Sub: sub})
	}
	one, many := open(t, t.TempDir()), open(t, t.TempDir())
	for _, it := range items {
		if _, err := one.Receive(ctx, it.Path, it.Sub); err != nil {
			t.Fatal(err)
		}
	}
	var results []Result
	for i := 0; i < len(items); i += MaxBatch {
		res, err := many.ReceiveBatch(ctx, items[i:min(i+MaxBatch, len(items))])
		if err != nil {
			t.Fatal(err)
		}
		results = append(results, res...)
	}
	if a, b := dump(t, one, true), dump(t, many, true); a != b {
		t.Errorf("batches differ from one by one")
	}
	checkFiles(t, many)
	news := 0
	for i, r := range results {
		if r.New {
			news++
		}
		if i%10 == 9 && (r.New || r.Submission.SHA256 != results[i-1].Submission.SHA256 || r.Submission.ID == 0) {
			t.Errorf("item %d repeats item %d's bytes: %+v", i, i-1, r)
		}
	}
	if news != 135 {
		t.Errorf("%d new, want 135", news)
	}
	again, err := many.ReceiveBatch(ctx, items[:10])
	if err != nil || again[0].New || again[0].Submission.ID != results[0].Submission.ID {
		t.Errorf("a batch received again: %v %+v", err, again[0])
	}
}
