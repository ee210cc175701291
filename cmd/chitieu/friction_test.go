package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPeriodHintEverywhere: a --period written as the office writes it gets the period likely
// meant from every command that takes one, as template and consolidate give it (issue 24).
func TestPeriodHintEverywhere(t *testing.T) {
	store := t.TempDir()
	for _, args := range [][]string{
		{"status", "--store", store, "--period", "03/2025"},
		{"export", "--store", store, "--period", "03/2025"},
		{"template", "--period", "03/2025", "-o", t.TempDir()},
	} {
		t.Run(args[0], func(t *testing.T) {
			code, _, errs := chitieu(t, args...)
			if code != exitUsage || !strings.Contains(errs, "Có phải --period 2025-03?") {
				t.Errorf("exit %d, stderr:\n%s", code, errs)
			}
		})
	}
}

// TestInterruptedInVietnamese: a run stopped by Ctrl-C says so in the user's language only —
// no Go "context canceled" or "interrupt signal received" beside it (issue 24).
func TestInterruptedInVietnamese(t *testing.T) {
	for _, args := range [][]string{
		{"demo", "-o", filepath.Join(t.TempDir(), "demo")},
		{"template", "-o", t.TempDir()},
	} {
		t.Run(args[0], func(t *testing.T) {
			ctx, cancel := context.WithCancelCause(context.Background())
			cancel(errInterrupted(os.Interrupt))
			var out, errs bytes.Buffer
			code := run(ctx, args, strings.NewReader(""), &out, &errs)
			if code != exitUsage || strings.Contains(errs.String(), "context canceled") || strings.Contains(errs.String(), "signal received") {
				t.Errorf("exit %d, stderr:\n%s", code, errs.String())
			}
		})
	}
}
