package main

import (
	"chitieu/outfile"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDemoAndConsolidate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "thử nghiệm")
	code, out, errs := chitieu(t, "demo", "-o", dir, "--date", "2024-03-20")
	if code != exitOK {
		t.Fatalf("demo: exit %d\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{
		// A year's forms ask for "this period" only, not again for "year to date"; the term's 38
		// villages (cumulative, issue 21) are no year's figure.
		"31 biểu mẫu; 40 ô lấy từ số liệu của văn bản nguồn",
		"Nhận vào kho: 31 tệp, 31 hợp lệ, 0 cảnh báo — " + filepath.Join(dir, "3 Kho dữ liệu"),
		filepath.Join(dir, "Tổng hợp - thanh-hoa - 2023.xlsx"),
		filepath.Join(dir, "Tổng hợp - thanh-hoa - 2024.xlsx"),
		"Năm 2023: 31 báo cáo phải nộp — 31 hợp lệ, 0 bị loại, 0 chưa nộp; 31 tệp đã nhận.",
		"Năm 2024: 31 báo cáo phải nộp — 31 hợp lệ, 0 bị loại, 0 chưa nộp; 31 tệp đã nhận.",
		"Tình hình nộp: Năm 2024 — 31 báo cáo phải nộp: 31 hợp lệ, 0 không hợp lệ, 0 chưa nộp; 1 trễ hạn",
		// the command it points to, as it runs
		fmt.Sprintf("(xem: chitieu status --store %q --period 2024)", filepath.Join(dir, "3 Kho dữ liệu")),
		"Xuất số liệu: " + filepath.Join(dir, "4 Số liệu đã nhận.csv"),
		"MỨC ĐỘ HOÀN THÀNH — NĂM 2024",
		// 2024 is judged with 2023 from the store: the value-added targets have two years (issue 12:
		// the missing years named, not "no data"), and need more than their best year (Khó đạt
		// applies with missing years too, issue 21); IIP needs more than its best year to reach
		// 14,6%. The draft Đề án's targets are secondary, not counted.
		"2/10 chỉ tiêu đạt và vượt; 6 khó đạt; 2 chưa có số liệu (không tính 1 mục tiêu tham chiếu của cả nước và 2 mục tiêu thứ yếu",
		"TH-VACN-2125    Tốc độ tăng giá trị tăng thêm ngành công …    96,4%  Khó đạt — thiếu năm 2021, 2022",
		"TH-IIP-2125     Chỉ số sản xuất công nghiệp (IIP), tăng s…    98,0%  Khó đạt",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q:\n%s", want, out)
		}
	}
	// A second run refuses to overwrite without --force.
	if code, _, errs := chitieu(t, "demo", "-o", dir); code != exitUsage || !strings.Contains(errs, "--force") {
		t.Errorf("second demo: %d %q", code, errs)
	}

	filled := filepath.Join(dir, "2 Báo cáo đã điền", "2023")
	book := filepath.Join(dir, "tổng hợp.xlsx")
	code, out, _ = chitieu(t, "consolidate", "--period", "2023", "--date", "2024-03-20", "-o", book, filled)
	if code != exitOK || !strings.Contains(out, "31 hợp lệ") {
		t.Errorf("consolidate: %d %s", code, out)
	}
	first, _ := os.ReadFile(book)
	// One district's file removed: the workbook is still written, with exit status 1.
	matches, _ := filepath.Glob(filepath.Join(filled, "*407*"))
	os.Rename(matches[0], filepath.Join(dir, "bỏ ra.xlsx"))
	code, out, _ = chitieu(t, "consolidate", "--period", "2023", "--date", "2024-03-20", "-o", book, "--force", filled)
	if code != exitFound || !strings.Contains(out, "1 chưa nộp") {
		t.Errorf("one missing: %d %s", code, out)
	}
	if second, _ := os.ReadFile(book); string(second) == string(first) {
		t.Error("the workbook did not change")
	}
	// Never over an input; not without --force; the period is required.
	if code, _, errs := chitieu(t, "consolidate", "--period", "2023", "-o", filepath.Join(dir, "bỏ ra.xlsx"), filepath.Join(dir, "bỏ ra.xlsx")); code != exitUsage || !strings.Contains(errs, "không ghi đè") {
		t.Errorf("over an input: %d %q", code, errs)
	}
	if code, _, errs := chitieu(t, "consolidate", "--period", "2023", "-o", book, filled); code != exitUsage || !strings.Contains(errs, "--force") {
		t.Errorf("existing output: %d %q", code, errs)
	}
	if code, _, _ := chitieu(t, "consolidate", filled); code != exitUsage {
		t.Errorf("without --period: %d", code)
	}
	// An output folder that does not exist is said to be missing before any file is read, and
	// not made (a mistyped -o must not scatter folders): as for a file standing where the
	// folder should be.
	blocked := filepath.Join(dir, "bỏ ra.xlsx", "tổng hợp.xlsx")
	code, out, errs = chitieu(t, "consolidate", "--period", "2023", "-o", blocked, filled)
	if code != exitUsage || !strings.Contains(errs, "thư mục "+filepath.Dir(blocked)+" không có") || out != "" {
		t.Errorf("a file for a folder: %d %q %q", code, out, errs)
	}
	fresh := filepath.Join(dir, "mới", "tháng", "tổng hợp.xlsx")
	if code, _, errs := chitieu(t, "consolidate", "--period", "2023", "--date", "2024-03-20", "-o", fresh, filled); code != exitUsage ||
		!strings.Contains(errs, "thư mục "+filepath.Dir(fresh)+" không có") || outfile.Exists(filepath.Join(dir, "mới")) {
		t.Errorf("into a missing folder: %d %q", code, errs)
	}
	if left := temporaries(t, dir); len(left) > 0 {
		t.Errorf("temporary files left: %q", left)
	}
}

// TestConsolidateDefaultStore: without files, consolidate reads the store every other command
// uses by default (./chitieu-data), and says so when there is none there.
func TestConsolidateDefaultStore(t *testing.T) {
	t.Chdir(t.TempDir())
	t.Setenv(storeEnv, "")
	code, _, errs := chitieu(t, "consolidate", "--period", "2023")
	if code != exitUsage || !strings.Contains(errs, "không có kho lưu trữ tại chitieu-data") {
		t.Errorf("no files, no store: %d %q", code, errs)
	}
}
