package templates

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"chitieu/finding"
	"chitieu/schema"
	"chitieu/seeds"
	"chitieu/xlsx"
)

var bookStamp = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// writeBook writes a plan workbook of p in dir.
func writeBook(t *testing.T, p *schema.Plan, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "ke-hoach.xlsx")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := PlanBook(p, f, bookStamp); err != nil {
		t.Fatal(err)
	}
	return path
}

// readBook reads a plan workbook back.
func readBook(t *testing.T, path string) (*schema.Plan, finding.Findings) {
	t.Helper()
	wb, err := xlsx.Open(path, xlsx.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	tables, err := wb.Tables()
	if err != nil {
		t.Fatal(err)
	}
	var st []schema.Table
	for _, x := range tables {
		s := schema.Table{Sheet: x.Sheet, Merged: x.Merged}
		for _, c := range x.Cells {
			s.Cells = append(s.Cells, schema.TableCell(c))
		}
		st = append(st, s)
	}
	return schema.LoadBook(filepath.Base(path), st)
}

func modelJSON(t *testing.T, p *schema.Plan) string {
	b, err := json.MarshalIndent(p, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func errorsOf(fs finding.Findings) finding.Findings {
	var out finding.Findings
	for _, f := range fs {
		if f.Severity == finding.Error {
			out = append(out, f)
		}
	}
	return out
}

// TestPlanBookRoundTrip writes each embedded plan as a workbook and reads it back: the model is
// the same, field by field.
func TestPlanBookRoundTrip(t *testing.T) {
	for _, name := range seeds.Names() {
		t.Run(name, func(t *testing.T) {
			p, _, err := seeds.Load(name)
			if err != nil {
				t.Fatal(err)
			}
			q, fs := readBook(t, writeBook(t, p, t.TempDir()))
			if errs := errorsOf(fs); len(errs) > 0 {
				t.Fatalf("errors reading the workbook back: %v", errs)
			}
			if a, b := modelJSON(t, p), modelJSON(t, q); a != b {
				t.Errorf("the workbook changed the plan")
			}
		})
	}
}
