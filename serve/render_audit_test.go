package serve

import "testing"

// TestAuditVI: the audit log's fixed English words and phrases read in Vietnamese on a
// Vietnamese page, the data in them (a file's name, a form, a period) as it came; what the log
// did not write itself is shown as it is.
func TestAuditVI(t *testing.T) {
	for word, want := range map[string]string{
		"200 files":        "200 tệp",
		"workbook 2024-12": "sổ tổng hợp 2024-12",
		"export 2024-6M":   "bảng số liệu 2024-6M",
		"CTK tháng 3; a.xlsx; 01/CT-TK CTK 2024-03; invalid: 2 errors, 1 warning; already in the store": "CTK tháng 3; a.xlsx; 01/CT-TK CTK 2024-03; chưa hợp lệ: 2 lỗi, 1 cảnh báo; đã có trong kho",
		"báo cáo.xlsx; unidentified; invalid: 1 error, 0 warnings":                                      "báo cáo.xlsx; không nhận ra biểu; chưa hợp lệ: 1 lỗi, 0 cảnh báo",
		"x.xlsx; 01/CT-TK CTK 2024-03; valid":                                                           "x.xlsx; 01/CT-TK CTK 2024-03; hợp lệ",
		"blank form":                                                                                    "biểu mẫu trống",
		"links":                                                                                         "tạo đường dẫn nộp báo cáo",
	} {
		if got, ok := auditVI(word); !ok || got != want {
			t.Errorf("auditVI(%q) = %q, %v; want %q", word, got, ok, want)
		}
	}
	for _, data := range []string{"4b0ef619154dd3c3edbaf02ac0ca308223db7ab9a48df80c59a85ca307222d39", "files", "x files", "workbook tháng 3", "Số liệu chưa đúng; xem lại", "a; b; invalid: nhiều lỗi", "https://so.example/u"} {
		if got, ok := auditVI(data); ok || got != data {
			t.Errorf("auditVI(%q) = %q, %v; want it as it is", data, got, ok)
		}
	}
}
