package outfile

import (
	"strings"
	"testing"
)

// TestLongPath: MoveFile is given paths past 260 characters in the form Windows takes them
// (\\?\ and absolute); before, Create handed them over as they were, which Windows refuses
// unless long paths are enabled for the whole machine (Wine has no such limit, so TestDeepFolder
// passes there either way).
func TestLongPath(t *testing.T) {
	deep := `C:\Users\Lan\Documents\` + strings.Repeat(`Báo cáo tỉnh Thanh Hóa năm 2025\`, 8) + "Tổng hợp.xlsx"
	for in, want := range map[string]string{
		`C:\Users\Lan\Tổng hợp.xlsx`: `C:\Users\Lan\Tổng hợp.xlsx`,
		deep:                         `\\?\` + deep,
		`C:\Users\Lan\.\x\..\` + deep[len(`C:\Users\Lan\`):]: `\\?\` + deep,
		`\\may-chu\chia-se\` + deep[3:]:                      `\\?\UNC\may-chu\chia-se\` + deep[3:],
		`\\?\` + deep:                                        `\\?\` + deep,
	} {
		if got := longPath(in); got != want {
			t.Errorf("longPath(%s) = %s, want %s", in, got, want)
		}
	}
}
