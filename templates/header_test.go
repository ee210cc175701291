package templates

import (
	"reflect"
	"strings"
	"testing"

	"chitieu/xlsx"
)

// TestAgencyBlock reads the block top left of forms for each kind of unit, as written: the
// governing agencies, the unit in bold and a short rule under it (Decree 30/2020/NĐ-CP).
func TestAgencyBlock(t *testing.T) {
	tests := []struct {
		name, form, unit, period string
		lines                    []string // column A of rows 1 on, down to the rule
	}{
		{"district", "03/CT-H", "399", "2024", []string{"UBND HUYỆN HOẰNG HÓA"}},
		{"city of the province", "03/CT-H", "380", "2024", []string{"UBND THÀNH PHỐ THANH HÓA"}},
		{"department", "02/CT-DT", "STC", "2026", []string{"UBND TỈNH THANH HÓA", "SỞ TÀI CHÍNH"}},
		{"department before 2025-03", "02/CT-DT", "SKHDT", "2024", []string{"UBND TỈNH THANH HÓA", "SỞ KẾ HOẠCH VÀ ĐẦU TƯ"}},
		{"commune", "03/CT-X", "14845", "2026", []string{"TỈNH THANH HÓA", "UBND XÃ MƯỜNG LÁT"}},
		{"ward", "03/CT-X", "14797", "2025", []string{"TỈNH THANH HÓA", "UBND PHƯỜNG HẠC THÀNH"}},
		{"the Sở Công Thương", "05/CT-TMDT", "SCT", "2026-6M", []string{"UBND TỈNH THANH HÓA", "SỞ CÔNG THƯƠNG"}},
		{"statistics office", "01/CT-TK", "TKT", "2026", []string{"BỘ TÀI CHÍNH", "CỤC THỐNG KÊ", "THỐNG KÊ TỈNH THANH HÓA"}},
		{"statistics office before 2025-03", "01/CT-TK", "CTK", "2024", []string{"BỘ KẾ HOẠCH VÀ ĐẦU TƯ", "TỔNG CỤC THỐNG KÊ", "CỤC THỐNG KÊ TỈNH THANH HÓA"}},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := layout(t, "thanh-hoa", tt.form, tt.unit, tt.period)
			wb, err := xlsx.Open(write(t, l, dir), xlsx.DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			defer wb.Close() // Windows removes no open file
			grid, err := wb.Grid(l.Sheet)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for r := 0; r < rowTitle-1 && r < len(grid); r++ {
				if cell := grid[r][colNo-1]; cell != "" && !strings.HasPrefix(cell, "─") {
					got = append(got, cell)
				} else if cell != "" {
					if r != len(got) || len([]rune(cell)) < 4 || len([]rune(cell)) > len([]rune(got[len(got)-1])) {
						t.Errorf("row %d: rule %q does not stand right under the unit's name %q, shorter than it", r+1, cell, got[len(got)-1])
					}
					break
				}
			}
			if !reflect.DeepEqual(got, tt.lines) {
				t.Errorf("agency block %q, want %q", got, tt.lines)
			}
			if x := grid[0][l.rightBlock()-1]; x != "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" {
				t.Errorf("motto %q", x)
			}
		})
	}
}

// TestWindowFollowsTheRegime: the statistics office's forms cover the calendar month (Luật
// Thống kê), an administrative report the 15th to the 14th (Nghị định 09/2019/NĐ-CP); the due
// date follows the window.
func TestWindowFollowsTheRegime(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		form, unit, period, want string
	}{
		{"01/CT-TK", "TKT", "2025-03", "(Số liệu từ ngày 01/03/2025 đến ngày 31/03/2025; hạn gửi báo cáo: ngày 05/04/2025)"},
		{"04/CT-TK", "TKT", "2025", "(Số liệu từ ngày 01/01/2025 đến ngày 31/12/2025; hạn gửi báo cáo: ngày 15/01/2026)"},
		{"02/CT-DT", "STC", "2025-Q1", "(Số liệu từ ngày 15/12/2024 đến ngày 14/03/2025"},
	} {
		l := layout(t, "thanh-hoa", tt.form, tt.unit, tt.period)
		wb, err := xlsx.Open(write(t, l, dir), xlsx.DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		grid, err := wb.Grid(l.Sheet)
		wb.Close() // Windows removes no file a process holds open
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, row := range grid {
			for _, c := range row {
				found = found || strings.HasPrefix(c, tt.want)
			}
		}
		if !found {
			t.Errorf("%s %s: no %q", tt.form, tt.period, tt.want)
		}
	}
}
