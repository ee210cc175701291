package main

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/internal/wine"
)

// peersDir holds the npm packages of the libraries web tools and scripts open workbooks with
// (ExcelJS, SheetJS) and the script that opens them; .ci/run installs them with npm ci.
var peersDir = filepath.Join("..", "..", "xlsx", "testdata", "peers")

// needPeer skips a test when a program it drives is missing, except in CI, which has them all.
func needPeer(t *testing.T, err error, what string) {
	t.Helper()
	wine.Skip(t, what)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is required in CI: %v", what, err)
		}
		t.Skipf("%s is not available: %v", what, err)
	}
}

// everyKind writes one workbook of every kind chitieu writes: a template, an annotated copy,
// the province workbook, the status list, the export and the plan workbook.
func everyKind(t *testing.T) map[string]string {
	t.Helper()
	root := t.TempDir()
	out := map[string]string{}
	tpl := filepath.Join(root, "biểu mẫu")
	if code, _, errs := chitieu(t, "template", "--period", "2024-02", "--form", "01/CT-TK", "-o", tpl); code != exitOK {
		t.Fatal(errs)
	}
	m, _ := filepath.Glob(filepath.Join(tpl, "*.xlsx"))
	out["template"] = m[0]
	in := filepath.Join(root, "nhận")
	good := fillForm(t, in, "CTK tháng 2.xlsx", "2024-02", nil)
	// A figure cell holding the OOXML escape of a control character, as a unit's file may: it is
	// quoted on the annotated copy's results sheet, which must stay XML.
	bad := fillForm(t, filepath.Join(root, "lỗi"), "CTK lỗi.xlsx", "2024-02", map[string]string{"IIP/TH": "'1QQQQQQQ0"})
	replaceInZip(t, bad, "1QQQQQQQ0", "1_x0001_0")
	ann := filepath.Join(root, "bản kiểm tra")
	chitieu(t, "validate", "--annotate", ann, bad)
	m, _ = filepath.Glob(filepath.Join(ann, "*.xlsx"))
	if len(m) != 1 {
		t.Fatalf("annotated copies: %v", m)
	}
	out["annotated copy"] = m[0]
	out["province workbook"] = filepath.Join(root, "tổng hợp.xlsx")
	chitieu(t, "consolidate", "--period", "2024-02", "--date", "2024-03-20", "-o", out["province workbook"], in)
	store := filepath.Join(root, "kho")
	if code, _, errs := chitieu(t, "receive", "--store", store, good); code != exitOK {
		t.Fatal(errs)
	}
	out["status list"] = filepath.Join(root, "tình hình.xlsx")
	chitieu(t, "status", "--store", store, "--period", "2024-02", "-o", out["status list"])
	out["export"] = filepath.Join(root, "số liệu.xlsx")
	chitieu(t, "export", "--store", store, "--format", "xlsx", "-o", out["export"])
	out["plan workbook"] = filepath.Join(root, "kế hoạch.xlsx")
	chitieu(t, "plan", "export", "-o", out["plan workbook"])
	for kind, f := range out {
		if _, err := os.Stat(f); err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
	}
	return out
}

// TestPeersOpenEveryWorkbook opens every kind of workbook chitieu writes in ExcelJS and SheetJS
// (node), openpyxl and LibreOffice. ExcelJS refused them all: excelize writes <lastModifiedBy>
// without its cp: prefix in docProps/core.xml, and the annotated copy's comments were in
// xl/comments-chitieu1.xml, a name ExcelJS does not look for.
func TestPeersOpenEveryWorkbook(t *testing.T) {
	if testing.Short() {
		t.Skip("drives node, openpyxl and LibreOffice")
	}
	files := everyKind(t)
	var paths []string
	for _, f := range files {
		paths = append(paths, f)
	}
	t.Run("ExcelJS and SheetJS", func(t *testing.T) {
		_, err := exec.LookPath("node")
		needPeer(t, err, "node")
		_, err = os.Stat(filepath.Join(peersDir, "node_modules", "exceljs"))
		needPeer(t, err, "npm ci in xlsx/testdata/peers")
		b, err := exec.Command("node", append([]string{filepath.Join(peersDir, "open.js")}, paths...)...).CombinedOutput()
		for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			if !strings.Contains(l, "\tok\t") {
				t.Error(kindOf(files, l))
			}
			if strings.HasPrefix(l, "exceljs") && strings.HasSuffix(l, files["annotated copy"]) && strings.Contains(l, " 0 notes") {
				t.Errorf("ExcelJS finds no comment on the annotated copy: %s", l)
			}
		}
		if err != nil && !t.Failed() {
			t.Errorf("%v\n%s", err, b)
		}
	})
	t.Run("openpyxl", func(t *testing.T) {
		needPeer(t, exec.Command("/usr/bin/python3", "-c", "import openpyxl").Run(), "openpyxl")
		for kind, f := range files {
			script := "import sys, openpyxl\nwb = openpyxl.load_workbook(sys.argv[1])\nfor ws in wb.worksheets:\n    list(ws.iter_rows(values_only=True))\n"
			if b, err := exec.Command("/usr/bin/python3", "-c", script, f).CombinedOutput(); err != nil {
				t.Errorf("openpyxl cannot open the %s: %v\n%s", kind, err, b)
			}
		}
	})
	t.Run("LibreOffice", func(t *testing.T) {
		_, err := exec.LookPath("soffice")
		needPeer(t, err, "LibreOffice")
		dir := t.TempDir()
		profile := "-env:UserInstallation=file://" + filepath.ToSlash(filepath.Join(dir, "profile"))
		args := append([]string{profile, "--headless", "--convert-to", "csv", "--outdir", dir}, paths...)
		b, err := exec.Command("soffice", args...).CombinedOutput()
		for kind, f := range files {
			csv := filepath.Join(dir, strings.TrimSuffix(filepath.Base(f), ".xlsx")+".csv")
			if _, err2 := os.Stat(csv); err2 != nil {
				t.Errorf("LibreOffice did not open the %s: %v %v\n%s", kind, err, err2, b)
			}
		}
	})
}

// kindOf names the kind of the workbook a line of open.js is about.
func kindOf(files map[string]string, line string) string {
	for kind, f := range files {
		if strings.HasSuffix(line, f) {
			return kind + ": " + line
		}
	}
	return line
}

// replaceInZip rewrites a workbook with old replaced by new in every part, as a program that
// writes the bytes itself would.
func replaceInZip(t *testing.T, path, old, new string) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	found := false
	for _, f := range zr.File {
		r, _ := f.Open()
		b, _ := io.ReadAll(r)
		r.Close()
		found = found || bytes.Contains(b, []byte(old))
		w, _ := zw.Create(f.Name)
		w.Write(bytes.ReplaceAll(b, []byte(old), []byte(new)))
	}
	zr.Close()
	zw.Close()
	if !found {
		t.Fatalf("%q is not in %s", old, path)
	}
	os.WriteFile(path, buf.Bytes(), 0o644)
}
