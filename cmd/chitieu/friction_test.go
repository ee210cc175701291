package main

import (
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
