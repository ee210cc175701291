package consolidate

import "testing"

// TestFlatWidths: the flat table gives every character below flatRunes the width the map does.
func TestFlatWidths(t *testing.T) {
	for r := range rune(flatRunes + 10) {
		if got, want := charWidth(r), tableWidth(r); got != want {
			t.Fatalf("charWidth(%U) = %d, the table says %d", r, got, want)
		}
	}
	if charWidth(-1) != tableWidth(-1) || charWidth(0x1F600) != 944 {
		t.Error("characters outside the flat table")
	}
}
