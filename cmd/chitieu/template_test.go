package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestTemplate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "biểu mẫu")
	code, out, errs := chitieu(t, "template", "--period", "2024-Q1", "-o", dir, "--manifest")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	files := strings.Split(strings.TrimSpace(out), "\n")
	want := []string{
		"Biểu 01-CT-TK - 2024-Q1 - CTK Cục Thống kê tỉnh Thanh Hóa.xlsx",
		"Biểu 02-CT-DT - 2024-Q1 - SKHDT Sở Kế hoạch và Đầu tư tỉnh Thanh Hóa.xlsx",
		"Biểu 02-CT-DT - 2024-Q1 - BQLKKT Ban Quản lý Khu kinh tế Nghi Sơn và các khu công nghiệp.xlsx",
	}
	if len(files) != len(want) {
		t.Fatalf("wrote %v", files)
	}
	for i, w := range want {
		if files[i] != filepath.Join(dir, w) {
			t.Errorf("file %d = %s, want %s", i, files[i], w)
		}
		st, err := os.Stat(files[i])
		if err != nil || runtime.GOOS != "windows" && st.Mode().Perm() != 0o644 { // Windows has no mode bits
			t.Errorf("%s: %v %v", w, st, err)
		}
	}
	var m struct {
		Form, Unit, Period, Fingerprint, Sheet string
		Cells                                  []struct {
			Sheet, Cell, Indicator, Column, Type, Unit string
			Required                                   bool
			Min, Max                                   *float64
		}
	}
	b, err := os.ReadFile(strings.TrimSuffix(files[1], ".xlsx") + ".json")
	if err != nil || json.Unmarshal(b, &m) != nil {
		t.Fatal(err)
	}
	if m.Form != "02/CT-DT" || m.Unit != "SKHDT" || m.Period != "2024-Q1" || len(m.Fingerprint) != 16 || len(m.Cells) != 4*4 {
		t.Errorf("manifest %+v", m)
	}
	if c := m.Cells[0]; c.Cell != "D13" || c.Indicator != "DA_CN" || c.Column != "TH" || c.Type != "integer" || !c.Required || c.Min == nil || *c.Min != 0 || c.Max != nil || c.Unit != "dự án" {
		t.Errorf("first cell %+v", c)
	}

	// The files exist: nothing is overwritten without --force, and nothing is written at all.
	before, _ := os.ReadFile(files[0])
	os.WriteFile(files[0], []byte("edited by hand"), 0o644)
	code, _, errs = chitieu(t, "template", "--period", "2024-Q1", "-o", dir, "--manifest")
	if code != exitUsage || !strings.Contains(errs, "--force") || !strings.Contains(errs, want[2]) {
		t.Errorf("second run: %d %q", code, errs)
	}
	if got, _ := os.ReadFile(files[0]); string(got) != "edited by hand" {
		t.Error("a refused run changed a file")
	}
	code, _, errs = chitieu(t, "template", "--period", "2024-Q1", "-o", dir, "--manifest", "--force")
	after, _ := os.ReadFile(files[0])
	if code != exitOK || !bytes.Equal(before, after) {
		t.Errorf("--force: exit %d (%s); same bytes as the first run: %v", code, errs, bytes.Equal(before, after))
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".chitieu-*")); len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

func TestTemplateErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"template", "-o", dir}, "cần --period"},
		{[]string{"template", "--period", "2024-13", "-o", dir}, `--period "2024-13"`},
		{[]string{"template", "--period", "2024", "--form", "09/X", "-o", dir}, `không có biểu "09/X"`},
		{[]string{"template", "--period", "2024-02", "--form", "04/CT-TK", "-o", dir}, "không lập cho kỳ"},
		{[]string{"template", "--period", "2025", "--form", "03/CT-X", "--unit", "399", "-o", dir}, "đơn vị có thể đã hết hiệu lực"},
		{[]string{"template", "--plan", "quang-nam", "--period", "2026", "-o", dir}, "Thành phố Đà Nẵng"},
		{[]string{"template", "--plan", "quang-nam", "--period", "2025", "-o", dir}, "chỉ áp dụng đến ngày 30/06/2025"},
		{[]string{"template", "--period", "2024", "--unit", "999", "-o", dir}, `không có đơn vị "999"`},
		{[]string{"template", "--period", "2024", "-o", filepath.Join(dir, "f", "x"), "extra"}, "tham số thừa"},
	}
	for _, tt := range tests {
		code, out, errs := chitieu(t, tt.args...)
		if code != exitUsage || out != "" || !strings.Contains(errs, tt.want) {
			t.Errorf("%v: exit %d, %q, %q; want 2 and %q", tt.args, code, out, errs, tt.want)
		}
	}
	// An output path under a regular file cannot be a folder.
	file := filepath.Join(dir, "a-file")
	os.WriteFile(file, nil, 0o644)
	if code, _, errs := chitieu(t, "template", "--period", "2024-02", "-o", filepath.Join(file, "sub")); code != exitUsage || !strings.Contains(errs, "không tạo được thư mục") {
		t.Errorf("output under a file: %d %q", code, errs)
	}
}

// TestTemplateCommunes makes the 2026 forms of 03/CT-H: the district form ended with the
// district level on 2025-06-30, so its successor 03/CT-X is made, one per commune and ward.
func TestTemplateCommunes(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := chitieu(t, "template", "--period", "2026", "--form", "03/CT-H", "-o", dir)
	if code != exitOK || !strings.Contains(errs, "biểu 03/CT-H hết hiệu lực sau ngày 30/06/2025") || !strings.Contains(errs, "03/CT-X") {
		t.Fatalf("exit %d: %s", code, errs)
	}
	files := strings.Split(strings.TrimSpace(out), "\n")
	xa, phuong := 0, 0
	for _, f := range files {
		switch base := filepath.Base(f); {
		case !strings.HasPrefix(base, "Biểu 03-CT-X - 2026 - "):
			t.Errorf("unexpected file %s", base)
		case strings.Contains(base, " Xã "):
			xa++
		case strings.Contains(base, " Phường "):
			phuong++
		}
	}
	if len(files) != 166 || xa != 147 || phuong != 19 {
		t.Errorf("%d files (%d xã, %d phường), want 166 (147 xã, 19 phường)", len(files), xa, phuong)
	}
	on, _ := filepath.Glob(filepath.Join(dir, "*.xlsx"))
	if len(on) != 166 {
		t.Errorf("%d workbooks on disk", len(on))
	}
}

// TestPastPlanEnd asks for periods after Quảng Nam merged into Đà Nẵng: every command that takes
// a period refuses with exit 2, names the successor and writes nothing.
func TestPastPlanEnd(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	reports := filepath.Join(dir, "reports")
	os.MkdirAll(reports, 0o755)
	for _, args := range [][]string{
		{"template", "--plan", "quang-nam", "--period", "2026", "-o", out},
		{"consolidate", "--plan", "quang-nam", "--period", "2026", "-o", filepath.Join(out, "tổng hợp.xlsx"), reports},
		{"validate", "--plan", "quang-nam", "--period", "2026", reports},
	} {
		code, stdout, errs := chitieu(t, args...)
		if code != exitUsage || stdout != "" || !strings.Contains(errs, "kế hoạch quang-nam (Tỉnh Quảng Nam) chỉ áp dụng đến ngày 30/06/2025") || !strings.Contains(errs, "Thành phố Đà Nẵng") {
			t.Errorf("%v: exit %d, %q, %q", args, code, stdout, errs)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("something was written: %v", err)
	}
	code, _, errs := chitieu(t, "--lang", "en", "template", "--plan", "quang-nam", "--period", "2026", "-o", out)
	if code != exitUsage || !strings.Contains(errs, "plan quang-nam (Tỉnh Quảng Nam) ends on 30/06/2025") || !strings.Contains(errs, "Its territory now belongs to Thành phố Đà Nẵng") {
		t.Errorf("English: %d %q", code, errs)
	}
	// The first half of 2025 is still Quảng Nam's.
	if code, _, errs := chitieu(t, "template", "--plan", "quang-nam", "--period", "2025-6M", "-o", out); code != exitOK {
		t.Errorf("2025-6M: %d %s", code, errs)
	}
}
