package main

import (
	"chitieu/outfile"
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
		"31 biểu mẫu; 76 ô lấy từ số liệu của văn bản nguồn",
		"Kiểm tra: 31 tệp, 31 hợp lệ, 0 lỗi, 0 cảnh báo",
		filepath.Join(dir, "Tổng hợp - thanh-hoa - 2023.xlsx"),
		"Năm 2023: 31 báo cáo phải nộp — 31 hợp lệ, 0 bị loại, 0 chưa nộp; 31 tệp đã nhận.",
		// The index form 113,81/114,6, not 13,81/14,6 = 94,6% (issue 12).
		"TH-IIP-2125     Chỉ số sản xuất công nghiệp (IIP), tăng s…    99,3%  Chậm tiến độ",
		// The 2024-02 figure is after the period: a 2023 workbook does not use it (it said
		// "305,8%  Vượt (tạm tính)").
		"TH-IIP-2024     Chỉ số sản xuất công nghiệp (IIP), tăng s…        —  Chưa có số liệu",
		// Exports 5 100 in 2023 against 15 000 in 2030 with no baseline: no path, not behind.
		"TH-XK-2030      Kim ngạch xuất khẩu hàng hóa                  34,0%  Chưa có lộ trình",
		"0/12 chỉ tiêu đạt và vượt; 4 chậm tiến độ; 3 chưa có lộ trình; 5 chưa có số liệu (không tính 1 mục tiêu tham chiếu của cả nước)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q:\n%s", want, out)
		}
	}
	// A second run refuses to overwrite without --force.
	if code, _, errs := chitieu(t, "demo", "-o", dir); code != exitUsage || !strings.Contains(errs, "--force") {
		t.Errorf("second demo: %d %q", code, errs)
	}

	filled := filepath.Join(dir, "2 Báo cáo đã điền")
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
	// An output folder that cannot be made is found before any file is read (the test runs as
	// root in CI, so a folder's permissions would not stop it: a file stands where the folder
	// should be); a missing folder is made.
	blocked := filepath.Join(dir, "bỏ ra.xlsx", "tổng hợp.xlsx")
	code, out, errs = chitieu(t, "consolidate", "--period", "2023", "-o", blocked, filled)
	if code != exitUsage || !strings.Contains(errs, "không tạo được thư mục "+filepath.Dir(blocked)) || out != "" {
		t.Errorf("unwritable folder: %d %q %q", code, out, errs)
	}
	fresh := filepath.Join(dir, "mới", "tháng", "tổng hợp.xlsx")
	if code, _, errs := chitieu(t, "consolidate", "--period", "2023", "--date", "2024-03-20", "-o", fresh, filled); code != exitFound || !outfile.Exists(fresh) {
		t.Errorf("into a new folder: %d %q", code, errs)
	}
	if left := temporaries(t, filepath.Dir(fresh)); len(left) > 0 {
		t.Errorf("temporary files left: %q", left)
	}
}
