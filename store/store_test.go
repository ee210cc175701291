package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"chitieu/finding"
	"chitieu/schema"
)

const testPlan = "thanh-hoa"

func sum(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

// writeFile writes data to dir/name and returns the path.
func writeFile(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func open(t testing.TB, dir string) *Store {
	t.Helper()
	st, err := Open(context.Background(), dir, testPlan)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// sample returns a submission with a finding and two figures, so that every
// table gets rows.
func sample(form, unit, period string, valid bool) Submission {
	return Submission{
		Report: schema.Report{Form: form, FormVersion: "1", Unit: unit, Period: period, Valid: valid},
		Findings: finding.Findings{{Severity: finding.Warning, Code: "extra-data", Cell: finding.Cell{Sheet: "Biểu 01", Row: 40, Col: 8},
			Value: "ghi chú", Detail: finding.Textf("Có %d ô ngoài bảng (%s)", "%d cells outside the table (%s)", 2, finding.Num("1234.5"))}},
		Figures: []schema.Figure{
			{Indicator: "IIP", Column: "this_period", Value: schema.MustNumber("8.20"), Status: schema.StatusPreliminary, Note: "Ước tính", Sheet: "Biểu 01", Cell: "D12"},
			{Indicator: "GRDP", Column: "this_period", Value: schema.MustNumber("-0.000001"), Status: schema.StatusOfficial, Sheet: "Biểu 01", Cell: "D13"},
		},
	}
}

// dump returns every table of the index as text in a canonical order. With
// times false the receipt times are left out.
func dump(t testing.TB, st *Store, times bool) string {
	t.Helper()
	var b strings.Builder
	if err := st.Dump(context.Background(), &b, times); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// checkFiles fails unless every row's file is in place with its bytes.
func checkFiles(t testing.TB, st *Store) {
	t.Helper()
	if problems, err := st.Verify(context.Background()); err != nil || len(problems) > 0 {
		t.Error(problems, err)
	}
}

func TestReceiveReopen(t *testing.T) {
	ctx := context.Background()
	// Characters that mean something in a SQLite URI; Windows allows no "?" in a name.
	name := "kho dữ liệu?#%"
	if runtime.GOOS == "windows" {
		name = "kho dữ liệu #%&"
	}
	dir := filepath.Join(t.TempDir(), name)
	src := t.TempDir()
	st := open(t, dir)
	names := []string{
		"Biểu 01 - Sở Công Thương.xlsx",
		"bao-cao.xlsx",
		"Báo cáo tháng 3: Sở Tài chính?.xlsx", // NFC
		"Bá\u0301o ca\u0301o.xlsx",            // NFD, kept as given
	}
	var want []Submission
	for i, name := range names {
		data := []byte(fmt.Sprintf("workbook %d\x00\xff", i))
		sub := sample("01/CT-TK", fmt.Sprintf("U%d", i), "2024-03", true)
		sub.SHA256 = sum(data)
		res, err := st.Receive(ctx, writeFile(t, src, fmt.Sprintf("f%d", i), data), withName(sub, name))
		if err != nil {
			t.Fatal(err)
		}
		if !res.New || res.Submission.Name != name || res.Submission.Seq != int64(i+1) {
			t.Errorf("receipt %d: new %v, name %q, seq %d", i, res.New, res.Submission.Name, res.Submission.Seq)
		}
		want = append(want, res.Submission)
		p, err := st.Path(sub.SHA256)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := os.ReadFile(p); err != nil || !bytes.Equal(got, data) {
			t.Errorf("archived %q: %q, %v", p, got, err)
		}
	}
	before := dump(t, st, true)
	st.Close()

	st = open(t, dir)
	got, err := st.Submissions(ctx, Filter{WithFigures: true, WithFindings: true})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("after reopening:\n%+v\nwant\n%+v", got, want)
	}
	if after := dump(t, st, true); after != before {
		t.Errorf("dump after reopening:\n%s\nwant\n%s", after, before)
	}
	checkFiles(t, st)

	var rows []FigureRow
	if err := st.Figures(ctx, FigureQuery{Periods: []string{"2024-03", "2024-04"}}, func(r FigureRow) error {
		rows = append(rows, r)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2*len(names) {
		t.Fatalf("%d figure rows, want %d", len(rows), 2*len(names))
	}
	if r := rows[0]; r.File != names[0] || r.SHA256 != want[0].SHA256 || r.Cell != "D12" || r.Value.String() != "8.2" || r.Unit != "U0" {
		t.Errorf("first figure row %+v", r)
	}
	n := 0
	if err := st.Figures(ctx, FigureQuery{Periods: []string{"2023"}}, func(FigureRow) error { n++; return nil }); err != nil || n != 0 {
		t.Errorf("figures of 2023: %d, %v", n, err)
	}
}

func withName(s Submission, name string) Submission {
	s.Name = name
	return s
}

func TestReceiveSameBytes(t *testing.T) {
	ctx := context.Background()
	st := open(t, t.TempDir())
	src := t.TempDir()
	data := []byte("the same bytes")
	first, err := st.Receive(ctx, writeFile(t, src, "a.xlsx", data), sample("01/CT-TK", "SCT", "2024-03", true))
	if err != nil {
		t.Fatal(err)
	}
	before := dump(t, st, true)
	again, err := st.Receive(ctx, writeFile(t, src, "b.xlsx", data), sample("01/CT-TK", "SCT", "2024-03", false))
	if err != nil {
		t.Fatal(err)
	}
	if again.New || !reflect.DeepEqual(again.Submission, first.Submission) {
		t.Errorf("second receipt: new %v, %+v; want the first, %+v", again.New, again.Submission, first.Submission)
	}
	if after := dump(t, st, true); after != before {
		t.Errorf("second receipt changed the index:\n%s\nwant\n%s", after, before)
	}
	entries, _ := os.ReadDir(filepath.Join(st.dir, filesDir, first.Submission.SHA256))
	if len(entries) != 2 {
		t.Errorf("%d entries in the file's folder, want the file and its sidecar", len(entries))
	}
}

// TestReceiveOrphan stands for a receipt killed after the file was archived
// and before its rows were committed.
func TestReceiveOrphan(t *testing.T) {
	ctx := context.Background()
	st := open(t, t.TempDir())
	data := []byte("orphan")
	path := writeFile(t, t.TempDir(), "Biểu mồ côi.xlsx", data)
	s := sum(data)
	if _, err := st.archive(path, s, "Biểu mồ côi.xlsx", true); err != nil {
		t.Fatal(err)
	}
	if err := st.writeSidecar(s, sidecar{Name: "Biểu mồ côi.xlsx", Stored: "Biểu mồ côi.xlsx", Size: int64(len(data)),
		ReceivedAt: formatTime(time.Now()), Seq: 1}, true); err != nil {
		t.Fatal(err)
	}
	res, err := st.Receive(ctx, path, withName(sample("01/CT-TK", "SCT", "2024-03", true), "renamed.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if !res.New || res.Submission.Name != "Biểu mồ côi.xlsx" {
		t.Errorf("new %v, name %q; want a new row under the first name", res.New, res.Submission.Name)
	}
	checkFiles(t, st)
}

func TestReceiveWrongSHA(t *testing.T) {
	st := open(t, t.TempDir())
	sub := sample("01/CT-TK", "SCT", "2024-03", true)
	sub.SHA256 = sum([]byte("other bytes"))
	_, err := st.Receive(context.Background(), writeFile(t, t.TempDir(), "a.xlsx", []byte("bytes")), sub)
	if !IsCode(err, "sha256-mismatch") {
		t.Errorf("err = %v, want sha256-mismatch", err)
	}
}

// TestReceiveWrongSHAHeld: a digest given for a file is checked against its bytes also when the
// store holds the bytes that digest names already (received, or left by a killed receipt), where
// they are not copied: the file is refused, not recorded as the bytes the store holds.
func TestReceiveWrongSHAHeld(t *testing.T) {
	ctx := context.Background()
	for _, held := range []string{"received", "orphan"} {
		for _, batch := range []bool{false, true} {
			st := open(t, t.TempDir())
			data := []byte("held bytes")
			path := writeFile(t, t.TempDir(), "held.xlsx", data)
			switch held {
			case "received":
				if _, err := st.Receive(ctx, path, sample("01/CT-TK", "SCT", "2024-03", true)); err != nil {
					t.Fatal(err)
				}
			case "orphan":
				if _, err := st.archive(path, sum(data), "held.xlsx", true); err != nil {
					t.Fatal(err)
				}
				if err := st.writeSidecar(sum(data), sidecar{Name: "held.xlsx", Stored: "held.xlsx", Size: int64(len(data)),
					ReceivedAt: formatTime(time.Now()), Seq: 1}, true); err != nil {
					t.Fatal(err)
				}
			}
			sub := sample("01/CT-TK", "SCT", "2024-04", true)
			sub.SHA256 = sum(data)
			other := writeFile(t, t.TempDir(), "other.xlsx", []byte("other bytes"))
			var err error
			if batch {
				_, err = st.ReceiveBatch(ctx, []Item{{Path: other, Sub: sub}})
			} else {
				_, err = st.Receive(ctx, other, sub)
			}
			if !IsCode(err, "sha256-mismatch") {
				t.Errorf("%s, batch %v: err = %v, want sha256-mismatch", held, batch, err)
			}
			if subs, err := st.Submissions(ctx, Filter{Period: "2024-04"}); err != nil || len(subs) != 0 {
				t.Errorf("%s, batch %v: %d submissions for 2024-04 (%v), want none", held, batch, len(subs), err)
			}
		}
	}
}

func TestSupersede(t *testing.T) {
	type step struct {
		name        string
		form, unit  string
		valid       bool
		superseding []string // what this receipt supersedes
	}
	tests := []struct {
		name  string
		steps []step
		want  map[string]string // name → name of the submission that superseded it; absent when current
	}{
		{"valid after valid", []step{
			{"a", "01", "U", true, nil},
			{"b", "01", "U", true, []string{"a"}},
		}, map[string]string{"a": "b"}},
		{"invalid after valid", []step{
			{"a", "01", "U", true, nil},
			{"b", "01", "U", false, nil},
		}, map[string]string{}},
		{"valid after invalid", []step{
			{"a", "01", "U", false, nil},
			{"b", "01", "U", true, []string{"a"}},
		}, map[string]string{"a": "b"}},
		{"invalid after invalid", []step{
			{"a", "01", "U", false, nil},
			{"b", "01", "U", false, []string{"a"}},
		}, map[string]string{"a": "b"}},
		{"valid, invalid, invalid, valid", []step{
			{"a", "01", "U", true, nil},
			{"b", "01", "U", false, nil},
			{"c", "01", "U", false, []string{"b"}},
			{"d", "01", "U", true, []string{"a", "c"}},
		}, map[string]string{"a": "d", "b": "c", "c": "d"}},
		{"other keys untouched", []step{
			{"a", "01", "U", true, nil},
			{"b", "01", "V", true, nil},
			{"c", "02", "U", true, nil},
		}, map[string]string{}},
		{"unidentified never superseded", []step{
			{"a", "", "U", false, nil},
			{"b", "", "U", false, nil},
			{"c", "", "U", true, nil},
		}, map[string]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			st := open(t, t.TempDir())
			src := t.TempDir()
			ids := map[int64]string{}
			for _, s := range tt.steps {
				res, err := st.Receive(ctx, writeFile(t, src, s.name, []byte(tt.name+s.name)), sample(s.form, s.unit, "2024-03", s.valid))
				if err != nil {
					t.Fatal(err)
				}
				ids[res.Submission.ID] = s.name
				var got []string
				for _, x := range res.Superseded {
					got = append(got, ids[x.ID])
				}
				if !reflect.DeepEqual(got, s.superseding) {
					t.Errorf("%s superseded %v, want %v", s.name, got, s.superseding)
				}
			}
			subs, err := st.Submissions(ctx, Filter{})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, s := range subs {
				if s.SupersededBy != 0 {
					got[ids[s.ID]] = ids[s.SupersededBy]
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("superseded %v, want %v", got, tt.want)
			}
			cur, err := st.Submissions(ctx, Filter{Current: true})
			if err != nil {
				t.Fatal(err)
			}
			if len(cur) != len(tt.steps)-len(tt.want) {
				t.Errorf("%d current, want %d", len(cur), len(tt.steps)-len(tt.want))
			}
		})
	}
}

func TestOpenRefuses(t *testing.T) {
	ctx := context.Background()
	t.Run("another plan", func(t *testing.T) {
		dir := t.TempDir()
		open(t, dir).Close()
		_, err := Open(ctx, dir, "quang-nam")
		if !IsCode(err, "plan-mismatch") {
			t.Fatalf("err = %v, want plan-mismatch", err)
		}
		e := err.(*Error)
		for _, msg := range []string{e.In(finding.VI), e.In(finding.EN)} {
			if !strings.Contains(msg, `"thanh-hoa"`) || !strings.Contains(msg, `"quang-nam"`) {
				t.Errorf("message %q does not name both plans", msg)
			}
		}
		if err.Error() != e.In(finding.VI) {
			t.Errorf("Error() = %q, want the Vietnamese text", err.Error())
		}
	})
	t.Run("newer schema", func(t *testing.T) {
		dir := t.TempDir()
		st := open(t, dir)
		if _, err := st.db.Exec(fmt.Sprintf("PRAGMA user_version = %d", len(migrations)+1)); err != nil {
			t.Fatal(err)
		}
		st.Close()
		_, err := Open(ctx, dir, testPlan)
		if !IsCode(err, "schema-too-new") {
			t.Fatalf("err = %v, want schema-too-new", err)
		}
		t.Log(err)
	})
	t.Run("no plan", func(t *testing.T) {
		if _, err := Open(ctx, t.TempDir(), ""); !IsCode(err, "no-plan") {
			t.Errorf("err = %v, want no-plan", err)
		}
	})
}

// TestOpenAny: a store opened before its plan is known says which plan it holds, Holds gives
// the error Open would, and a folder with no store is not made into one.
func TestOpenAny(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	open(t, dir).Close()
	st, err := OpenAny(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if st.Plan() != testPlan {
		t.Errorf("Plan() = %q, want %q", st.Plan(), testPlan)
	}
	if err := st.Holds(testPlan); err != nil {
		t.Errorf("Holds(%q) = %v", testPlan, err)
	}
	err = st.Holds("quang-nam")
	_, want := Open(ctx, dir, "quang-nam")
	if !IsCode(err, "plan-mismatch") || err.Error() != want.Error() {
		t.Errorf("Holds(another) = %v, want %v", err, want)
	}
	empty := filepath.Join(t.TempDir(), "kho")
	if _, err := OpenAny(ctx, empty); !IsCode(err, "no-store") {
		t.Errorf("OpenAny(no store) = %v, want no-store", err)
	}
	if _, err := os.Stat(empty); !os.IsNotExist(err) {
		t.Errorf("OpenAny made %s: %v", empty, err)
	}
}

func TestRebuild(t *testing.T) {
	ctx := context.Background()
	st := open(t, t.TempDir())
	src := t.TempDir()
	checked := map[string]Submission{} // by SHA-256, as the check would find it again
	for i := range 30 {
		data := []byte(fmt.Sprintf("file %d", i))
		sub := sample("01/CT-TK", fmt.Sprintf("U%d", i%4), fmt.Sprintf("2024-0%d", 1+i%2), i%3 != 0)
		if i%7 == 0 {
			sub.Form, sub.Unit, sub.Period = "", "", ""
		}
		name := fmt.Sprintf("Báo cáo số %d.xlsx", i)
		if i == 5 {
			name = `..\..\CON.xlsx`
		}
		res, err := st.Receive(ctx, writeFile(t, src, fmt.Sprint(i), data), withName(sub, name))
		if err != nil {
			t.Fatal(err)
		}
		checked[sum(data)] = sub
		if i == 5 && (res.Submission.Name != "CON.xlsx" || !strings.HasSuffix(must(st.Path(res.Submission.SHA256)), "_CON.xlsx")) {
			t.Errorf("name %q stored at %q", res.Submission.Name, must(st.Path(res.Submission.SHA256)))
		}
	}
	before := dump(t, st, true)
	calls := 0
	_, err := st.Rebuild(ctx, false, func(ctx context.Context, a Archived) (Submission, error) {
		calls++
		s, _, err := HashFile(a.Path)
		if err != nil {
			return Submission{}, err
		}
		return checked[s], nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if calls != 30 {
		t.Errorf("check called %d times, want 30", calls)
	}
	if after := dump(t, st, true); after != before {
		t.Errorf("after rebuild:\n%s\nwant\n%s", after, before)
	}
	checkFiles(t, st)
}

func must(s string, err error) string {
	if err != nil {
		return err.Error()
	}
	return s
}

func TestStoredName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Biểu 01 - Sở Công Thương.xlsx", "Biểu 01 - Sở Công Thương.xlsx"},
		{"../../etc/passwd", "passwd"},
		{`C:\Users\Lan\Báo cáo.xlsx`, "Báo cáo.xlsx"},
		{`a<b>c:d"e|f?g*h.xlsx`, "a_b_c_d_e_f_g_h.xlsx"},
		{"tab\there.xlsx", "tab_here.xlsx"},
		{"trailing. . ", "trailing"},
		{"..", "_"},
		{"", "_"},
		{"nul.txt", "_nul.txt"},
		{"COM1", "_COM1"},
		{"received.json", "_received.json"},
		{"RECEIVED.JSON", "_RECEIVED.JSON"},
		{strings.Repeat("ệ", 100) + ".xlsx", strings.Repeat("ệ", 58) + ".xlsx"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := storedName(tt.in)
			if got != tt.want {
				t.Errorf("storedName(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if again := storedName(got); again != got {
				t.Errorf("storedName(%q) = %q, not stable", got, again)
			}
		})
	}
}

// TestReceiveTwiceDeepFolder receives files with Vietnamese names and spaces into a store whose
// files/<sha256>/<name> paths pass Windows' old 260-character limit, closes it, and receives
// the same files again, one by one and in a batch: the second receipt finds them, nothing is
// filed twice, and every file is in place. On Windows the first receipt failed at "sync …:
// Access denied" (a read-only handle given to FlushFileBuffers).
func TestReceiveTwiceDeepFolder(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	for len(dir) < 200 {
		dir = filepath.Join(dir, "Phòng Tổng hợp số liệu thống kê")
	}
	dir = filepath.Join(dir, "Kho dữ liệu")
	src := filepath.Join(dir, "Báo cáo đã nhận")
	if err := os.MkdirAll(src, 0o755); err != nil {
		t.Fatal(err)
	}
	var items []Item
	for i, unit := range []string{"Sở Công Thương", "Cục Thống kê tỉnh Thanh Hóa", "Sở Nông nghiệp và Phát triển nông thôn"} {
		name := fmt.Sprintf("Biểu 01-CT-TK - 2023 - %s.xlsx", unit)
		items = append(items, Item{Path: writeFile(t, src, name, []byte("tệp "+unit)), Sub: sample("01/CT-TK", fmt.Sprint("U", i), "2023", true)})
	}
	if p := filepath.Join(dir, filesDir, sum([]byte("tệp Sở Công Thương")), items[0].Path); len(p) <= 260 {
		t.Fatalf("the stored path is %d characters, want over 260", len(p))
	}
	st, err := Open(ctx, dir, testPlan)
	if err != nil {
		t.Fatal(err)
	}
	first, err := st.ReceiveBatch(ctx, items)
	if err != nil {
		t.Fatal(err)
	}
	before := dump(t, st, true)
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	st = open(t, dir)
	for i, it := range items {
		res, err := st.Receive(ctx, it.Path, it.Sub)
		if err != nil {
			t.Fatal(err)
		}
		if !first[i].New || res.New || res.Submission.ID != first[i].Submission.ID {
			t.Errorf("%s: first %+v, then %+v", it.Path, first[i], res)
		}
	}
	again, err := st.ReceiveBatch(ctx, items)
	if err != nil {
		t.Fatal(err)
	}
	for i, res := range again {
		if res.New || res.Submission.ID != first[i].Submission.ID {
			t.Errorf("%s received again in a batch: %+v", items[i].Path, res)
		}
	}
	if after := dump(t, st, true); after != before {
		t.Errorf("receiving the same files again changed the store:\n%s\nwant\n%s", after, before)
	}
	checkFiles(t, st)
}

// TestSidecarNameAnyCase receives a report named RECEIVED.JSON: where names are compared
// regardless of case (Windows, macOS) it is the sidecar's name, and the sidecar written after it
// replaced the report's bytes.
func TestSidecarNameAnyCase(t *testing.T) {
	ctx := context.Background()
	st := open(t, t.TempDir())
	for _, name := range []string{"RECEIVED.JSON", "Received.Json"} {
		data := []byte("báo cáo " + name)
		res, err := st.Receive(ctx, writeFile(t, t.TempDir(), name, data), sample("01/CT-TK", name, "2023", true))
		if err != nil {
			t.Fatal(err)
		}
		if res.Submission.Name != name {
			t.Errorf("name %q, want %q", res.Submission.Name, name)
		}
		path, err := st.Path(res.Submission.SHA256)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, data) {
			t.Errorf("%s stored as %q: %v", name, got, err)
		}
	}
	checkFiles(t, st)
}

// TestReservedName: the device names Windows reserves, alone or before the first dot, in any
// case; names that only begin like one are free.
func TestReservedName(t *testing.T) {
	for _, name := range []string{"CON", "con.xlsx", "Con.tar.xlsx", "PRN .xlsx", "aux", "NUL.txt", "COM1", "com9.xlsx", "COM0", "LPT4.xlsx", "lpt9", "COM¹.xlsx"} {
		if !ReservedName(name) {
			t.Errorf("ReservedName(%q) = false", name)
		}
	}
	for _, name := range []string{"CONG.xlsx", "Báo cáo CON.xlsx", "COM10.xlsx", "LPT.xlsx", "COMA", "console.xlsx", "NULL", ""} {
		if ReservedName(name) {
			t.Errorf("ReservedName(%q) = true", name)
		}
	}
}

// TestEarlier: what Earlier gives a check is what Reports gives, values only: the chosen current
// valid reports of the unit, once each, in the order chosen, with their set values (a note
// without a figure is none), and not those superseded, invalid or of another unit.
func TestEarlier(t *testing.T) {
	ctx := context.Background()
	st := open(t, t.TempDir())
	dir := t.TempDir()
	for i, r := range []struct {
		unit, period string
		valid        bool
	}{{"SCT", "2021", true}, {"SCT", "2022", true}, {"SCT", "2022", true}, {"SCT", "2023", false}, {"SXD", "2023", true}, {"SCT", "2024", true}} {
		sub := sample("03/CT-H", r.unit, r.period, r.valid)
		sub.Figures = append(sub.Figures, schema.Figure{Indicator: "NOTE", Column: "this_period", Note: "chỉ ghi chú", Sheet: "Biểu 01", Cell: "D14"},
			schema.Figure{Indicator: "N", Column: "this_period", Value: schema.MustNumber(strconv.Itoa(i)), Sheet: "Biểu 01", Cell: "D15"})
		if _, err := st.Receive(ctx, writeFile(t, dir, fmt.Sprintf("%d.xlsx", i), []byte{byte(i)}), sub); err != nil {
			t.Fatal(err)
		}
	}
	choose := func(periods []schema.Period) []int {
		var out []int
		for i := len(periods) - 1; i >= 0; i-- {
			out = append(out, i, i) // each twice, latest first
		}
		return out
	}
	subs, err := st.Reports(ctx, "03/CT-H", "SCT", choose)
	if err != nil {
		t.Fatal(err)
	}
	var want []Earlier
	for _, sub := range subs {
		per, _ := schema.ParsePeriod(sub.Period)
		e := Earlier{Period: per, Name: sub.Name, Values: map[schema.CellKey]schema.Number{}}
		for _, x := range sub.Figures {
			if x.Value.IsSet() {
				e.Values[x.Key()] = x.Value
			}
		}
		want = append(want, e)
	}
	got, err := st.Earlier(ctx, "03/CT-H", "SCT", choose)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) != 3 || !reflect.DeepEqual(got, want) {
		t.Errorf("Earlier = %+v\nReports give %+v (want 2024, 2022 as received second, 2021)", got, want)
	}
	if got, err := st.Earlier(ctx, "03/CT-H", "SCT", func([]schema.Period) []int { return nil }); err != nil || got != nil {
		t.Errorf("none chosen: %v, %v", got, err)
	}
}
