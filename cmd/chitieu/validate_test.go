package main

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"chitieu/outfile"
	"chitieu/xlsx"
)

// fillTemplate writes the 01/CT-TK template for 2024-02 and types values into it by manifest.
func fillTemplate(t *testing.T, dir string, values map[string]string) string {
	t.Helper()
	return fillForm(t, dir, "CTK tháng 2.xlsx", "2024-02", values)
}

// fillForm writes the 01/CT-TK template for a month and types values into it by manifest: the
// values given ("INDICATOR/COLUMN": digits, or 'text), else 8.5 for a percentage and a fixed
// figure per column, as a unit would.
func fillForm(t *testing.T, dir, name, period string, values map[string]string) string {
	t.Helper()
	tmp := t.TempDir()
	if code, _, errs := chitieu(t, "template", "--period", period, "--form", "01/CT-TK", "-o", tmp, "--manifest"); code != exitOK {
		t.Fatal(errs)
	}
	matches, _ := filepath.Glob(filepath.Join(tmp, "*.json"))
	var m struct {
		Sheet string
		Cells []struct {
			Cell, Indicator, Column, Type, Unit string
			Row, Col                            int
		}
	}
	b, _ := os.ReadFile(matches[0])
	json.Unmarshal(b, &m)
	book, err := xlsx.OpenBook(strings.TrimSuffix(matches[0], ".json")+".xlsx", xlsx.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	s := book.Existing(m.Sheet)
	for _, c := range m.Cells {
		v, ok := values[c.Indicator+"/"+c.Column]
		switch {
		case ok && strings.HasPrefix(v, "'"):
			s.Put(c.Row, c.Col, v[1:])
		case ok:
			s.PutNumber(c.Row, c.Col, v)
		case c.Type != "text" && c.Unit == "%":
			s.PutNumber(c.Row, c.Col, "8.5")
		case c.Type != "text":
			s.PutNumber(c.Row, c.Col, map[string]string{"KH": "900", "TH": "100", "LK": "200", "CK": "190"}[c.Column])
		}
	}
	os.MkdirAll(dir, 0o755)
	path := filepath.Join(dir, name)
	if err := outfile.Write(context.Background(), path, func(w io.Writer) error { return book.Save(w, time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)) }); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestValidateCommand(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "nhận")
	good := fillTemplate(t, in, nil)
	code, out, errs := chitieu(t, "validate", in)
	if code != exitOK || !strings.Contains(out, "1 tệp: 1 hợp lệ, 0 có lỗi; 0 lỗi, 0 cảnh báo.") {
		t.Errorf("valid: %d %q %q", code, out, errs)
	}
	os.Remove(good)
	fillTemplate(t, in, map[string]string{"SL_XANG/TH": "'15.000", "SL_DIEN/LK": "'744,5"})
	os.WriteFile(filepath.Join(in, "~$CTK tháng 2.xlsx"), []byte("lock"), 0o644)
	os.WriteFile(filepath.Join(in, "công văn.docx"), []byte("doc"), 0o644)

	code, out, _ = chitieu(t, "validate", in)
	file := filepath.Join(in, "CTK tháng 2.xlsx")
	for _, want := range []string{
		file + ":Biểu 01-CT-TK!E20: lỗi: Xăng — Thực hiện kỳ báo cáo: \"15.000\" đọc được hai cách — 15 (dấu chấm/phẩy là dấu thập phân) hoặc 15.000",
		file + ":Biểu 01-CT-TK!F18: cảnh báo: Điện sản xuất — Lũy kế từ đầu năm: số được gõ dưới dạng chữ (\"744,5\"); đã đọc là 744,5.",
		filepath.Join(in, "~$CTK tháng 2.xlsx") + ": bỏ qua: tệp khóa tạm của Excel",
		filepath.Join(in, "công văn.docx") + ": bỏ qua: không phải bảng tính",
		"1 tệp: 0 hợp lệ, 1 có lỗi; 1 lỗi, 1 cảnh báo.",
	} {
		if code != exitFound || !strings.Contains(out, want) {
			t.Errorf("exit %d; output lacks %q:\n%s", code, want, out)
		}
	}

	annotated := filepath.Join(dir, "gửi lại")
	code, out, errs = chitieu(t, "validate", "--format", "json", "--lang", "en", "--annotate", annotated, in)
	var doc struct {
		Files []struct {
			File, Form, Unit, Period string
			Valid                    bool
			Findings                 []struct{ Severity, Code, Sheet, Cell, Indicator, Column, Value, Message string }
		}
		Summary   struct{ Files, Valid, Errors, Warnings int }
		Annotated []string
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || code != exitFound {
		t.Fatalf("json: %d %v %q %q", code, err, out, errs)
	}
	f := doc.Files[0]
	if len(doc.Files) != 1 || f.Form != "01/CT-TK" || f.Unit != "CTK" || f.Period != "2024-02" || f.Valid || len(f.Findings) != 2 {
		t.Fatalf("%+v", doc)
	}
	x := f.Findings[1]
	if x.Severity != "error" || x.Code != "ambiguous-number" || x.Sheet != "Biểu 01-CT-TK" || x.Cell != "E20" || x.Indicator != "SL_XANG" || x.Column != "TH" || x.Value != "15.000" || !strings.Contains(x.Message, "reads two ways") {
		t.Errorf("finding %+v", x)
	}
	if doc.Summary.Files != 1 || doc.Summary.Errors != 1 || doc.Summary.Warnings != 1 || len(doc.Annotated) != 1 {
		t.Errorf("summary %+v, annotated %v", doc.Summary, doc.Annotated)
	}
	// --lang en: the copy's words, its name and its results sheet's are English.
	if name := filepath.Join(annotated, "CTK tháng 2 - check results.xlsx"); len(doc.Annotated) != 1 || doc.Annotated[0] != name {
		t.Errorf("annotated %v, want %s", doc.Annotated, name)
	} else if _, err := os.Stat(name); err != nil {
		t.Error(err)
	}

	// The wrong period; usage errors.
	if code, out, _ := chitieu(t, "validate", "--period", "2024-03", in); code != exitFound || !strings.Contains(out, "[wrong-period]") {
		t.Errorf("--period: %d %s", code, out)
	}
	for _, args := range [][]string{{"validate"}, {"validate", filepath.Join(dir, "missing")}, {"validate", "--period", "x", in}, {"validate", "--format", "csv", in}} {
		if code, _, _ := chitieu(t, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
