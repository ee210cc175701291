package main

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The mistakes people make, tried as a new user would (issue 14), and outputs that must never
// land on an input.

// TestFlagsInTheUsersLanguage: pflag's own English — "unknown flag", "invalid argument",
// "stringArray", (default "vi") — is said in the language of the run.
func TestFlagsInTheUsersLanguage(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"validate", "--bogus", "x"}, "không có tùy chọn --bogus."},
		{[]string{"validate", "--perod", "2024", "x"}, "Có phải --period?"},
		{[]string{"validate", "--max-rows", "nhiều", "x"}, `--max-rows "nhiều": cần một số nguyên.`},
		{[]string{"validate", "--period"}, "tùy chọn --period cần một giá trị: --period KỲ."},
		{[]string{"validate", "-z", "x"}, "không có tùy chọn -z."},
		{[]string{"validate", "--lang", "en", "--bogus", "x"}, "there is no option --bogus."},
		{[]string{"validate", "--lang", "en", "--max-rows", "many", "x"}, `--max-rows "many": a whole number is needed.`},
	} {
		code, _, errs := chitieu(t, c.args...)
		if code != exitUsage || !strings.Contains(errs, c.want) || strings.Contains(errs, "unknown") || strings.Contains(errs, "invalid argument") {
			t.Errorf("%v: exit %d, %q; want %q", c.args, code, errs, c.want)
		}
	}
	_, out, _ := chitieu(t, "template", "--help")
	for _, english := range []string{"stringArray", "string ", "(default", "int "} {
		if strings.Contains(out, english) {
			t.Errorf("the Vietnamese help holds %q:\n%s", english, out)
		}
	}
	if !strings.Contains(out, `--period KỲ`) || !strings.Contains(out, `(mặc định "thanh-hoa")`) {
		t.Errorf("help:\n%s", out)
	}
	if _, out, _ := chitieu(t, "template", "--help", "--lang", "en"); !strings.Contains(out, `(default "thanh-hoa")`) || !strings.Contains(out, "--period PERIOD") {
		t.Errorf("English help:\n%s", out)
	}
}

// TestTemplateSpellings: a form spelt as its file and sheet names are, a unit's code in another
// case, a period written 03/2024; an unknown unit lists the codes, closest first; English says
// "1 form".
func TestTemplateSpellings(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := chitieu(t, "template", "--lang", "en", "--period", "2024-02", "--form", "01-CT-TK", "--unit", "ctk", "-o", dir)
	if code != exitOK || !strings.Contains(errs, "Wrote 1 form to") || !strings.Contains(out, "Biểu 01-CT-TK - 2024-02 - CTK") {
		t.Errorf("--form 01-CT-TK --unit ctk: %d %q %q", code, out, errs)
	}
	if code, _, errs := chitieu(t, "template", "--period", "2024", "--form", "Biểu 04-CT-TK", "-o", t.TempDir()); code != exitOK {
		t.Errorf("--form \"Biểu 04-CT-TK\": %d %q", code, errs)
	}
	code, _, errs = chitieu(t, "template", "--period", "2024-Q1", "--form", "02/CT-DT", "--unit", "BQLKK", "-o", dir)
	if code != exitUsage || !strings.Contains(errs, `không có đơn vị "BQLKK"`) || !strings.Contains(errs, "gần nhất trước: BQLKKT (Ban Quản lý") {
		t.Errorf("--unit BQLKK: %d %q", code, errs)
	}
	for period, hint := range map[string]string{"03/2024": "2024-03", "3/2024": "2024-03", "tháng 3/2024": "2024-03", "2024/03": "2024-03", "Q1/2024": "2024-Q1", "quý 2 năm 2024": "2024-Q2", "6 tháng 2024": "2024-6M", "202403": "2024-03"} {
		if code, _, errs := chitieu(t, "template", "--period", period, "-o", dir); code != exitUsage || !strings.Contains(errs, "Có phải --period "+hint+"?") {
			t.Errorf("--period %q: %d %q; want the hint %s", period, code, errs, hint)
		}
	}
}

// TestNothingFound: an empty folder or a wrong path is said to hold nothing, with exit 2 and no
// system message; 6 bytes of something else are said in Vietnamese.
func TestNothingFound(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "trống")
	os.MkdirAll(empty, 0o755)
	os.WriteFile(filepath.Join(empty, "ghi chú.txt"), []byte("x"), 0o644)
	for _, cmd := range []string{"validate", "consolidate"} {
		code, out, errs := chitieu(t, cmd, "--period", "2024", empty)
		if code != exitUsage || !strings.Contains(errs, "không tìm thấy tệp bảng tính nào") || !strings.Contains(out, "ghi chú.txt: bỏ qua") && cmd == "validate" {
			t.Errorf("%s of an empty folder: %d %q %q", cmd, code, out, errs)
		}
		code, _, errs = chitieu(t, cmd, "--period", "2024", filepath.Join(dir, "không có"))
		if code != exitUsage || !strings.Contains(errs, "không có tệp hay thư mục") || strings.Contains(errs, "no such file") || strings.Contains(errs, "stat ") {
			t.Errorf("%s of a missing path: %d %q", cmd, code, errs)
		}
	}
	odd := filepath.Join(dir, "odd.xlsx")
	os.WriteFile(odd, []byte("abcdef"), 0o644)
	if _, out, _ := chitieu(t, "validate", odd); strings.Contains(out, "bytes") || !strings.Contains(out, "không phải bảng tính") {
		t.Errorf("6 bytes of something else: %q", out)
	}
}

// TestNoForgedLines: a file name with a newline, or a form version with an escape character,
// cannot forge a line of output or drive the terminal.
func TestNoForgedLines(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	good := fillTemplate(t, in, nil)
	forged := filepath.Join(in, "a.xlsx\nFAKE.xlsx: lỗi: forged [rule]\n.xlsx")
	data, _ := os.ReadFile(good)
	// Windows allows neither a newline nor an escape in a name: the forged names are Unix's.
	forgedName := os.WriteFile(forged, data, 0o644) == nil
	os.WriteFile(filepath.Join(in, "b\x1b[2J.txt"), []byte("x"), 0o644)
	// The hidden form version carries an escape sequence.
	esc := filepath.Join(in, "esc.xlsx")
	rewriteZip(t, good, esc, func(name string, b []byte) []byte {
		return bytes.ReplaceAll(b, []byte(">ff9b3e25f703f570<"), []byte(">ff\x1b[31mRED<"))
	})
	_, out, errs := chitieu(t, "validate", in)
	for _, line := range strings.Split(out+errs, "\n") {
		if strings.HasPrefix(line, "FAKE.xlsx") || strings.HasPrefix(line, ".xlsx") {
			t.Errorf("a forged line: %q", line)
		}
	}
	if strings.ContainsRune(out+errs, '\x1b') {
		t.Errorf("an escape character reached the output:\n%q", out)
	}
	if forgedName && !strings.Contains(out, `a.xlsx\nFAKE.xlsx`) {
		t.Errorf("the forged name is not shown escaped:\n%s", out)
	}
}

func rewriteZip(t *testing.T, src, dst string, edit func(name string, b []byte) []byte) {
	t.Helper()
	zr, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, zf := range zr.File {
		r, _ := zf.Open()
		b, _ := io.ReadAll(r)
		r.Close()
		w, _ := zw.Create(zf.Name)
		w.Write(edit(zf.Name, b))
	}
	zw.Close()
	if err := os.WriteFile(dst, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestOutputsNeverOverInputs: no output flag writes over an input, whatever path leads to it: a
// link to the input folder, a hard link, a folder given as -o.
func TestOutputsNeverOverInputs(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	input := fillTemplate(t, in, map[string]string{"SL_DIEN/LK": "'744,5"})
	before, _ := os.ReadFile(input)
	link := filepath.Join(dir, "link")
	// A link to a folder needs a privilege on Windows, and Wine's cannot be followed: the cases
	// through a link run where a link can be made and followed.
	links := symlinked(in, link)
	os.Link(input, filepath.Join(dir, "hard.xlsx"))
	check := func(what string, code int, errs string) {
		t.Helper()
		if code != exitUsage || !strings.Contains(errs, "không ghi đè") {
			t.Errorf("%s: exit %d, %q", what, code, errs)
		}
		if after, _ := os.ReadFile(input); !bytes.Equal(before, after) {
			t.Fatalf("%s replaced the input", what)
		}
	}
	if links {
		code, _, errs := chitieu(t, "consolidate", "--period", "2024-02", "--force", "-o", filepath.Join(link, filepath.Base(input)), in)
		check("consolidate -o link/x.xlsx", code, errs)
	}
	code, _, errs := chitieu(t, "consolidate", "--period", "2024-02", "--force", "-o", filepath.Join(dir, "hard.xlsx"), in)
	check("consolidate -o a hard link", code, errs)

	// The annotated copy of in/x.xlsx is "x - kết quả kiểm tra.xlsx"; an input of that name
	// reached through a link to its folder is not written over.
	copyName := filepath.Join(in, strings.TrimSuffix(filepath.Base(input), ".xlsx")+" - kết quả kiểm tra.xlsx")
	os.WriteFile(copyName, before, 0o644)
	if links {
		code, _, errs = chitieu(t, "validate", "--annotate", link, "--force", input, copyName)
		if after, _ := os.ReadFile(copyName); code != exitUsage || !bytes.Equal(after, before) || !strings.Contains(errs, "không ghi đè") {
			t.Errorf("--annotate through a link onto an input: %d %q", code, errs)
		}
	}
	os.Remove(copyName)

	// plan export over its own plan through a link.
	plan := filepath.Join(in, "kế hoạch.yaml")
	if code, _, errs := chitieu(t, "plan", "export", "-o", plan); code != exitOK {
		t.Fatal(errs)
	}
	planBefore, _ := os.ReadFile(plan)
	if links {
		code, _, errs = chitieu(t, "plan", "export", "--plan", plan, "--force", "-o", filepath.Join(link, "kế hoạch.yaml"))
		if after, _ := os.ReadFile(plan); code != exitUsage || !bytes.Equal(after, planBefore) {
			t.Errorf("plan export over its plan through a link: %d %q", code, errs)
		}
	}

	// A folder as -o: the workbook goes inside it under its usual name.
	out := filepath.Join(dir, "ra")
	os.MkdirAll(out, 0o755)
	code, stdout, errs := chitieu(t, "consolidate", "--period", "2024-02", "-o", out, in)
	if want := filepath.Join(out, "Tổng hợp - thanh-hoa - 2024-02.xlsx"); code == exitUsage || !strings.HasPrefix(stdout, want+"\n") {
		t.Errorf("-o a folder: %d %q %q", code, stdout, errs)
	}
}

// TestConsolidateSaysWhatItLeftOut: every file not consolidated is listed with its first reason;
// the province workbook fed back in is recognised.
func TestConsolidateSaysWhatItLeftOut(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	bad := fillTemplate(t, in, map[string]string{"SL_XANG/TH": "'15.000"})
	book := filepath.Join(dir, "tổng hợp.xlsx")
	code, out, _ := chitieu(t, "consolidate", "--period", "2024-02", "-o", book, in)
	if code != exitFound || !strings.Contains(out, bad+": không tổng hợp: Xăng — Thực hiện kỳ báo cáo: \"15.000\" đọc được hai cách") {
		t.Errorf("consolidate with a bad file: %d\n%s", code, out)
	}
	// The workbook itself fed back in.
	os.Rename(book, filepath.Join(in, "tổng hợp.xlsx"))
	code, out, _ = chitieu(t, "validate", filepath.Join(in, "tổng hợp.xlsx"))
	if code != exitFound || !strings.Contains(out, "bảng tổng hợp của tỉnh do chitieu lập (kế hoạch thanh-hoa, Tháng 2 năm 2024)") {
		t.Errorf("the province workbook fed back: %d\n%s", code, out)
	}
}

// symlinked makes link a symbolic link to target and reports whether it can be followed.
func symlinked(target, link string) bool {
	if err := os.Symlink(target, link); err != nil {
		return false
	}
	_, err := os.Stat(link)
	return err == nil
}
