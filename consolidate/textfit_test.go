package consolidate

import (
	"slices"
	"strings"
	"testing"
)

// TestFields: the words wrapLines measures are strings.Fields' words, whatever the white space.
func TestFields(t *testing.T) {
	for _, s := range []string{"", " ", "a", " a ", "Xăng  dầu\tcác loại", "\u00a0Tỉnh\u2003Thanh Hóa\u3000", "a\u0085b", "một\u200bhai", "\xffx y\xfe"} {
		if got, want := slices.Collect(fields(s)), strings.Fields(s); !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("fields(%q) = %q, want %q", s, got, want)
		}
	}
}

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
