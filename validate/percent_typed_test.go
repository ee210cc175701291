package validate

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/finding"
	"chitieu/schema"
	"chitieu/seeds"
)

// TestPercentTypedInLibreOffice types "8.45%" in LibreOffice into the IIP growth cell of
// 01/CT-TK, formatted #,##0.0: Calc stores 0,0845 and keeps the format, so the cell is not
// %-formatted and was read, silently, as a growth of 0,08%. Against its own row (the plan for
// the year 8,5%, year to date 8,2%) it reads a hundred times too small: an outlier, whatever
// the format.
func TestPercentTypedInLibreOffice(t *testing.T) {
	need(t, debianPython, "-c", "import uno")
	need(t, "soffice", "--version")
	l := layoutOf(t, "thanh-hoa", "01/CT-TK", "CTK", "2024-02")
	dir := t.TempDir()
	src := filepath.Join(dir, l.FileName())
	var buf bytes.Buffer
	if err := l.Write(&buf); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(src, buf.Bytes(), 0o644)
	manifest := filepath.Join(dir, "manifest.json")
	b, _ := l.ManifestJSON()
	os.WriteFile(manifest, b, 0o644)
	out := filepath.Join(dir, "đã gõ.xlsx")
	typed := `{"IIP|KH": "8.5", "IIP|TH": "8.45%", "IIP|LK": "8.2"}`
	cmd := exec.Command(debianPython, filepath.Join("testdata", "fill", "type_libreoffice.py"), src, manifest, out, typed)
	cmd.Env = append(os.Environ(), "PYTHONPATH="+mustAbs(t, filepath.Join("testdata", "fill")))
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, msg)
	}
	p, _, err := seeds.Load("thanh-hoa")
	if err != nil {
		t.Fatal(err)
	}
	per, _ := schema.ParsePeriod("2024-02")
	f := CheckFile(Options{Plan: p, Period: &per}, out)
	key := schema.CellKey{Indicator: "IIP", Column: "TH"}
	if v, ok := f.Checked.Values[key]; !ok || v.String() != "0.0845" {
		t.Fatalf("IIP this period read as %v (%v): LibreOffice did not store 0.0845", v, ok)
	}
	if v := f.Checked.Values[schema.CellKey{Indicator: "IIP", Column: "KH"}]; v.String() != "8.5" {
		t.Fatalf("IIP plan read as %v: the test's premise (the row says 8,5%%) does not hold", v)
	}
	found := false
	for _, x := range f.Findings {
		if x.Indicator == "IIP" && x.Column == "TH" && (x.Code == "outlier" || x.Code == "percent-scaled") {
			found = true
			if !strings.Contains(x.Detail.In(finding.VI), "8,45") {
				t.Errorf("the finding does not say what was meant: %s", x.Detail.In(finding.VI))
			}
		}
	}
	if !found {
		t.Errorf("0,0845%% where the row says 8,5%% gives no finding: %v", f.Findings)
	}
}
