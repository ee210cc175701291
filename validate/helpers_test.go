package validate

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"chitieu/outfile"
	"chitieu/schema"
	"chitieu/seeds"
	"chitieu/templates"
	"chitieu/xlsx"
)

func defaultPlan(t testing.TB) *schema.Plan {
	t.Helper()
	p, fs, err := seeds.Load(seeds.Default)
	if err != nil || fs.HasErrors() {
		t.Fatal(err, fs)
	}
	return p
}

// form is a template being filled by a test, as a department would.
type form struct {
	t      testing.TB
	l      *templates.Layout
	book   *xlsx.Book
	sheet  *xlsx.Sheet
	offset int // rows inserted above the table so far
}

func newForm(t testing.TB, p *schema.Plan, formID, unit, period string) *form {
	t.Helper()
	per, _ := schema.ParsePeriod(period)
	ls, err := templates.Plan(p, templates.Selection{Period: per, Forms: []string{formID}, Units: []string{unit}})
	if err != nil || len(ls) != 1 {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "template.xlsx")
	if err := outfile.Write(context.Background(), path, ls[0].Write); err != nil {
		t.Fatal(err)
	}
	b, err := xlsx.OpenBook(path, xlsx.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	return &form{t: t, l: ls[0], book: b, sheet: b.Existing(ls[0].Sheet)}
}

// pos is where an indicator's cell in a column stands now.
func (f *form) pos(ind, col string) (row, c int) {
	row, c = f.l.RowOf(ind), f.l.ColOf(col)
	if row == 0 || c == 0 {
		f.t.Fatalf("no cell %s/%s", ind, col)
	}
	return row + f.offset, c
}

func (f *form) num(ind, col, digits string) *form {
	r, c := f.pos(ind, col)
	f.sheet.PutNumber(r, c, digits)
	return f
}

func (f *form) text(ind, col, s string) *form {
	r, c := f.pos(ind, col)
	f.sheet.Put(r, c, s)
	return f
}

// fillValid types a value into every input cell that satisfies every rule of the form.
func (f *form) fillValid() *form {
	p := f.l.Plan
	for _, ic := range f.l.Inputs() {
		if ic.Type == "text" {
			continue
		}
		ind := p.Indicator(ic.Indicator)
		row := f.l.Form.Row(ic.Indicator)
		base := map[string]int{"KH": 1000, "TH": 100, "LK": 200, "CK": 180}[ic.Column]
		if row.PartOf != "" {
			base /= 2
		}
		v := base
		if ind.Integer {
			v = base / 10
		}
		if ind.Kind == schema.KindGrowth || ind.Kind == schema.KindShare {
			f.num(ic.Indicator, ic.Column, "8.5")
			continue
		}
		f.num(ic.Indicator, ic.Column, itoa(v))
	}
	return f
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	s := ""
	for ; i > 0; i /= 10 {
		s = string(rune('0'+i%10)) + s
	}
	return s
}

// save writes the filled form to dir/name and returns the path.
func (f *form) save(dir, name string) string {
	f.t.Helper()
	path := filepath.Join(dir, name)
	if err := outfile.Write(context.Background(), path, func(w io.Writer) error { return f.book.Save(w, time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)) }); err != nil {
		f.t.Fatal(err)
	}
	return path
}

// patchZip rewrites entries of a saved workbook, as another program might have written them.
func patchZip(t testing.TB, path string, edit func(name string, data []byte) []byte) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, zf := range zr.File {
		r, _ := zf.Open()
		data, _ := io.ReadAll(r)
		r.Close()
		w, _ := zw.Create(zf.Name)
		w.Write(edit(zf.Name, data))
	}
	zr.Close()
	zw.Close()
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// replaceCell replaces the XML of one cell of the form's sheet (sheet1.xml).
func replaceCell(t testing.TB, path, ref, xml string) {
	t.Helper()
	found := false
	patchZip(t, path, func(name string, data []byte) []byte {
		if name != "xl/worksheets/sheet1.xml" {
			return data
		}
		s := string(data)
		i := strings.Index(s, `<c r="`+ref+`"`)
		if i < 0 {
			return data
		}
		j := strings.Index(s[i:], ">")
		end := i + j + 1
		if s[i+j-1] != '/' { // <c …>…</c>
			end = i + strings.Index(s[i:], "</c>") + len("</c>")
		}
		found = true
		return []byte(s[:i] + xml + s[end:])
	})
	if !found {
		t.Fatalf("no cell %s in sheet1.xml", ref)
	}
}

func check(t testing.TB, p *schema.Plan, path string, period *schema.Period) *File {
	t.Helper()
	f := CheckFile(Options{Plan: p, Period: period, Limits: xlsx.DefaultLimits}, path)
	if f.Err != nil {
		t.Fatal(f.Err)
	}
	return f
}
