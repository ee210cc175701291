package consolidate

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"chitieu/schema"
	"chitieu/store"
)

// TestReplacedBetweenTheReads: a copy replaced by a receipt between the read of the period's
// reports and the read of the copies replaced is in both reads; the model has it once, among
// the reports it was read with, and counts no replaced copy.
func TestReplacedBetweenTheReads(t *testing.T) {
	ctx := context.Background()
	p := plan(t)
	per := schema.Period{Year: 2024, Freq: schema.Monthly, N: 3}
	f := p.Form("01/CT-TK")
	if f == nil || len(f.Units) == 0 {
		t.Fatal("no form 01/CT-TK with units")
	}
	st, err := store.Open(ctx, t.TempDir(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	dir := t.TempDir()
	receive := func(name string) {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(name), 0o644); err != nil {
			t.Fatal(err)
		}
		sub := store.Submission{Report: schema.Report{Form: f.ID, FormVersion: "1", Unit: f.Units[0], Period: per.String(), Valid: true}}
		if _, err := st.ReceiveBatch(ctx, []store.Item{{Path: path, Sub: sub}}); err != nil {
			t.Fatal(err)
		}
	}
	receive("bản đầu.xlsx")
	subs, err := Current(ctx, st, per)
	if err != nil || len(subs) != 1 {
		t.Fatalf("%d current, %v", len(subs), err)
	}
	receive("bản sau.xlsx") // replaces the first, between the two reads
	m, err := FromRead(ctx, st, p, per, testDate, false, subs, nil)
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, s := range m.Files {
		if s.Name == "bản đầu.xlsx" {
			seen++
		}
	}
	for _, e := range m.Expected {
		for _, s := range e.Replaced {
			if s.Name == "bản đầu.xlsx" {
				seen++
			}
		}
	}
	if seen != 1 || m.Replaced != 0 {
		t.Errorf("the first copy is in the model %d times, %d replaced counted", seen, m.Replaced)
	}
}
