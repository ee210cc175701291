package intake

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"chitieu/outfile"
	"chitieu/schema"
	"chitieu/seeds"
	"chitieu/store"
	"chitieu/templates"
	"chitieu/validate"
	"chitieu/xlsx"
)

// fill writes the form of the unit for the period, filled with values that pass every rule, its
// first number cell holding first, under name in dir.
func fill(t *testing.T, p *schema.Plan, dir, name, form, unit, period, first string) string {
	t.Helper()
	per, err := schema.ParsePeriod(period)
	if err != nil {
		t.Fatal(err)
	}
	ls, err := templates.Plan(p, templates.Selection{Period: per, Forms: []string{form}, Units: []string{unit}})
	if err != nil || len(ls) != 1 {
		t.Fatal(form, unit, period, err)
	}
	l := ls[0]
	var blank bytes.Buffer
	if err := l.Write(&blank); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(t.TempDir(), "blank.xlsx")
	if err := os.WriteFile(src, blank.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	book, err := xlsx.OpenBook(src, xlsx.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	sheet := book.Existing(l.Sheet)
	n := 0
	for _, ic := range l.Inputs() {
		if ic.Type == "text" {
			continue
		}
		ind := p.Indicator(ic.Indicator)
		base := map[string]int{"KH": 1000, "TH": 100, "LK": 200, "CK": 180}[ic.Column]
		if l.Form.Row(ic.Indicator).PartOf != "" {
			base /= 2
		}
		v := strconv.Itoa(base)
		switch {
		case ind.Kind == schema.KindGrowth || ind.Kind == schema.KindShare:
			v = "8.5"
		case ind.Integer:
			v = strconv.Itoa(base / 10)
		}
		if n == 0 {
			v = first
		}
		sheet.PutNumber(ic.Row, ic.Col, v)
		n++
	}
	path := filepath.Join(dir, name)
	if err := outfile.Write(context.Background(), path, func(w io.Writer) error {
		return book.Save(w, time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC))
	}); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestReceiver receives, in one run, a report, a different version of it and a report sent
// through another unit's link; then the different version on its own. Each file is filed, valid
// or not, and told in the order added; the copy that counts is the latest valid one received.
func TestReceiver(t *testing.T) {
	ctx := context.Background()
	p, _, err := seeds.Load(seeds.Default)
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, t.TempDir(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	dir := t.TempDir()
	first := fill(t, p, dir, "a.xlsx", "03/CT-H", "380", "2023", "1001")
	second := fill(t, p, dir, "b.xlsx", "03/CT-H", "380", "2023", "1002")
	other := fill(t, p, dir, "c.xlsx", "03/CT-H", "381", "2023", "1003")

	var got []Received
	in := New(p, st)
	in.Filed = func(r Received) error { got = append(got, r); return nil }
	opts := validate.Options{Plan: p}
	for _, x := range []struct {
		path string
		from From
	}{{first, From{}}, {second, From{}}, {other, From{Name: "gửi qua đường dẫn.xlsx", Unit: "380"}}} {
		if err := in.Add(ctx, validate.CheckFile(opts, x.path), x.from); err != nil {
			t.Fatal(err)
		}
	}
	if err := in.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].File.Path != first || got[1].File.Path != second || got[2].File.Path != other {
		t.Fatalf("filed %d files, not in the order added: %+v", len(got), got)
	}
	if !got[0].Accepted() || got[1].Accepted() || !got[1].File.Findings.Has("duplicate-submission") {
		t.Errorf("two versions in one run: the first counts, the second is a duplicate-submission error: %v %v", got[0].Accepted(), got[1].File.Findings)
	}
	if got[2].Accepted() || !got[2].File.Findings.Has("wrong-unit") || got[2].Result.Submission.Name != "gửi qua đường dẫn.xlsx" {
		t.Errorf("through another unit's link: %+v", got[2].Result.Submission)
	}
	current := func() string {
		subs, err := st.Submissions(ctx, Filter{Form: "03/CT-H", Unit: "380", Period: "2023", Current: true})
		var valid []string
		for _, s := range subs {
			if s.Valid {
				valid = append(valid, s.Name)
			}
		}
		if err != nil || len(valid) != 1 {
			t.Fatalf("current valid 380 2023: %v %v", valid, err)
		}
		return valid[0]
	}
	if c := current(); c != "a.xlsx" {
		t.Errorf("current after the run: %s, want a.xlsx", c)
	}

	// A correction on its own supersedes the first. (b.xlsx again would record nothing: the
	// store has its bytes, as a rejected file.)
	correction := fill(t, p, dir, "d.xlsx", "03/CT-H", "380", "2023", "1004")
	got = nil
	in = New(p, st)
	in.Filed = func(r Received) error { got = append(got, r); return nil }
	if err := in.Files(ctx, opts, []string{correction}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || !got[0].Accepted() || !slices.Equal(got[0].Superseded, []string{"a.xlsx", "b.xlsx"}) {
		t.Errorf("the correction on its own: %+v", got)
	}
	if c := current(); c != "d.xlsx" {
		t.Errorf("current after the correction: %s, want d.xlsx", c)
	}
	e := got[0].Entry("d.xlsx", "en")
	if e.Receipt == nil || !e.Accepted || e.Form != "03/CT-H" || e.Unit != "380" || e.Period != "2023" {
		t.Errorf("entry %+v", e)
	}
}

// Filter is the store's, named here for the test's brevity.
type Filter = store.Filter
