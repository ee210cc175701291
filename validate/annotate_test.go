package validate

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/finding"
	"chitieu/xlsx"
)

func TestAnnotate(t *testing.T) {
	p := defaultPlan(t)
	in := t.TempDir()
	path := newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid().text("SL_XANG", "TH", "15.000").text("SL_DIEN", "LK", "744,5").save(in, "báo cáo.xlsx")
	before, _ := os.ReadFile(path)
	f := check(t, p, path, nil)
	out := filepath.Join(t.TempDir(), "kết quả")
	dst, err := Annotate(context.Background(), f, out, finding.VI, false, []string{path})
	if err != nil {
		t.Fatal(err)
	}
	if dst != filepath.Join(out, "báo cáo - kết quả kiểm tra.xlsx") {
		t.Errorf("wrote %s", dst)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("the submission itself changed")
	}
	dump, err := xlsx.Dump(dst)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`E20 "15.000" border fill FFC7CE`, // the error cell, red
		`F18 "744,5" border fill F4B084`,  // the warning cell, orange: not the input cells' pale yellow
		`D8 "Biểu 01-CT-TK!E20" border link 'Biểu 01-CT-TK'!E20`,
		// The results speak to the unit: what is wrong in words, the indicator's name and the
		// column's title, no codes.
		`B8 "Lỗi" border fill FFC7CE`, `C8 "Số đọc được hai cách" border`, `E8 "Xăng" border`, `F8 "Thực hiện kỳ báo cáo" border`,
		`E7 "Điện sản xuất" border`, `F7 "Lũy kế từ đầu năm" border`,
	} {
		if !strings.Contains(dump, want) {
			t.Errorf("annotated copy lacks %q:\n%s", want, dump[strings.Index(dump, "== sheet \"Kết quả"):])
		}
	}
	// The results are the first sheet, and the one shown.
	if i, j := strings.Index(dump, `== sheet "Kết quả kiểm tra" visible=true`), strings.Index(dump, `== sheet "Biểu 01-CT-TK"`); i < 0 || j < i {
		t.Errorf("the results are not the first sheet:\n%.600s", dump)
	}
	for _, code := range []string{"ambiguous-number", "text-number", "SL_XANG", `"TH"`} {
		if strings.Contains(dump[strings.Index(dump, "== sheet \"Kết quả"):strings.Index(dump, `== sheet "Biểu 01-CT-TK"`)], code) {
			t.Errorf("the results show the code %s", code)
		}
	}
	// The copy is still the unit's form: checking it again finds the same.
	if g := check(t, p, dst, nil); summarize(g) != summarize(f) {
		t.Errorf("the annotated copy checks differently:\n%s", dump)
	}
	// Never over an input, never over an existing copy without force.
	if _, err := Annotate(context.Background(), f, in, finding.VI, true, []string{filepath.Join(in, "báo cáo - kết quả kiểm tra.xlsx")}); err == nil {
		t.Error("wrote over an input")
	}
	// Without force, a second copy takes a numbered name of its own; the first stays.
	before, _ = os.ReadFile(dst)
	if second, err2 := Annotate(context.Background(), f, out, finding.VI, false, []string{path}); err2 != nil || second == dst || !strings.HasSuffix(second, " - kết quả kiểm tra (2).xlsx") {
		t.Errorf("a second copy without force: %q, %v", second, err2)
	}
	if after, _ := os.ReadFile(dst); string(after) != string(before) {
		t.Error("overwrote an existing copy without force")
	}
	if _, err := Annotate(context.Background(), f, out, finding.VI, true, []string{path}); err != nil {
		t.Error(err)
	}
}

// TestAnnotateEnglish: a copy annotated in English is named and headed in English; annotated
// again in Vietnamese (the English copy sent back), it has one results sheet, the Vietnamese.
func TestAnnotateEnglish(t *testing.T) {
	p := defaultPlan(t)
	in := t.TempDir()
	path := newForm(t, p, "01/CT-TK", "CTK", "2024-02").fillValid().text("SL_XANG", "TH", "15.000").save(in, "report.xlsx")
	f := check(t, p, path, nil)
	out := t.TempDir()
	en, err := Annotate(context.Background(), f, out, finding.EN, false, []string{path})
	if err != nil || en != filepath.Join(out, "report - check results.xlsx") {
		t.Fatalf("English copy: %q, %v", en, err)
	}
	dump, err := xlsx.Dump(en)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(dump, `== sheet "Check results" visible=true`) || strings.Contains(dump, ResultsSheet) {
		t.Errorf("the English copy's sheets:\n%.400s", dump)
	}
	g := check(t, p, en, nil)
	vi, err := Annotate(context.Background(), g, t.TempDir(), finding.VI, false, []string{en})
	if err != nil || !strings.HasSuffix(vi, "report - check results - kết quả kiểm tra.xlsx") {
		t.Fatalf("the English copy annotated in Vietnamese: %q, %v", vi, err)
	}
	if dump, err = xlsx.Dump(vi); err != nil {
		t.Fatal(err)
	}
	if strings.Count(dump, `== sheet "Kết quả kiểm tra"`) != 1 || strings.Contains(dump, ResultsSheetEN) {
		t.Errorf("the copy annotated again keeps the earlier results:\n%.600s", dump)
	}
}
