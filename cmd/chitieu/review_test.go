package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/consolidate"
	"chitieu/seeds"
	"chitieu/store"
	"chitieu/xlsx"
)

// TestReviewCycle: the office returns a report with a comment on the report and on a cell →
// status shows it returned, with the comments → the unit's correction is received again →
// approve → a later file is kept but does not supersede → reopen → it does; every change audited
// with the reviewer's name; the refusals exit 1, the usage errors 2.
func TestReviewCycle(t *testing.T) {
	dir := t.TempDir()
	if code, out, errs := chitieu(t, "demo", "-o", dir, "--date", "2025-01-15"); code != exitOK {
		t.Fatalf("demo: %d\n%s\n%s", code, out, errs)
	}
	kho := filepath.Join(dir, "3 Kho dữ liệu")
	filled := filepath.Join(dir, "2 Báo cáo đã điền")
	src, _ := filepath.Glob(filepath.Join(filled, "2024", "*381*"))
	key := []string{"--store", kho, "--period", "2024", "--form", "03/CT-H", "--unit", "381"}
	review := func(want int, args ...string) string {
		t.Helper()
		code, out, errs := chitieu(t, append(append([]string{"review"}, key...), args...)...)
		if code != want {
			t.Fatalf("review %v: %d, want %d\n%s\n%s", args, code, want, out, errs)
		}
		return out + errs
	}
	status := func() store.UnitStatus { return unitStatus(t, kho, "2024", "03/CT-H", "381", "vi") }
	// Every unit's entry has "review" and "comments", whatever its state (DESIGN): 2025's are
	// all missing.
	_, all2025, _ := chitieu(t, "status", "--store", kho, "--period", "2025", "--format", "json")
	var raw struct {
		Forms []struct{ Units []map[string]any }
	}
	json.Unmarshal([]byte(all2025), &raw)
	for _, f := range raw.Forms {
		for _, u := range f.Units {
			_, review := u["review"]
			_, comments := u["comments"]
			if !review || !comments || u["state"] != "missing" {
				t.Errorf("a missing report's entry: %v", u)
			}
		}
	}
	current := func() string {
		t.Helper()
		st, err := store.Open(context.Background(), kho, seeds.Default)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		subs, _ := st.Submissions(context.Background(), store.Filter{Form: "03/CT-H", Unit: "381", Period: "2024", Current: true})
		var names []string
		for _, s := range subs {
			names = append(names, s.Name)
		}
		return strings.Join(names, ",")
	}

	if u := status(); u.Review != "received" || len(u.Comments) != 0 {
		t.Errorf("before review: %+v", u)
	}
	review(exitUsage, "--approve", "--reopen", "x")
	review(exitUsage, "--return", "x", "--cell", "Z99=not a figure")
	review(exitUsage, "--return", "x", "--cell", "E14")
	review(exitFound, "--reopen", "nothing to reopen")
	out := review(exitOK, "--return", "Kiểm tra lại giá trị sản xuất", "--cell", "E14=<script>Cao gấp đôi</script>", "--by", "lan")
	if !strings.Contains(out, "đã trả lại (cli:lan)") || !strings.Contains(out, "E14: <script>Cao gấp đôi</script>") {
		t.Errorf("return says:\n%s", out)
	}
	u := status()
	if u.Review != "returned" || len(u.Comments) != 1 || u.Comments[0].Comment != "Kiểm tra lại giá trị sản xuất" ||
		len(u.Comments[0].Cells) != 1 || u.Comments[0].Cells[0].Cell != "E14" || u.Comments[0].By != "cli:lan" {
		t.Errorf("after return: %+v", u)
	}

	fixed := filepath.Join(dir, "sửa", "381 bản sửa.xlsx")
	retype(t, src[0], fixed, "Bản sửa theo nhận xét của văn phòng.")
	if code, out, errs := chitieu(t, "receive", "--store", kho, fixed); code != exitOK {
		t.Fatalf("correction: %d\n%s\n%s", code, out, errs)
	}
	if u := status(); u.Review != "received" || current() != "381 bản sửa.xlsx" {
		t.Errorf("after the correction: %s, current %s", u.Review, current())
	}
	if out := review(exitOK, "--approve", "--by", "minh", "--lang", "en"); !strings.Contains(out, "approved (cli:minh)") {
		t.Errorf("approve says: %s", out)
	}
	review(exitFound, "--approve")
	review(exitFound, "--return", "again?")

	later := filepath.Join(dir, "sửa", "381 gửi sau.xlsx")
	retype(t, src[0], later, "Gửi lại sau khi đã duyệt.")
	if code, out, errs := chitieu(t, "receive", "--store", kho, "--lang", "en", later); code != exitOK || !strings.Contains(out, "accepted — held: the report is approved") {
		t.Fatalf("later: %d\n%s\n%s", code, out, errs)
	}
	u = status()
	if u.Review != "approved" || current() != "381 bản sửa.xlsx" || len(u.Held) != 1 || u.Held[0] != "381 gửi sau.xlsx" || len(u.Files) != 3 {
		t.Errorf("a file after approval: %+v, current %s", u, current())
	}
	// The province workbook says the approved copy is used and the later one held, listing all three.
	book := filepath.Join(dir, "held.xlsx")
	if code, out, errs := chitieu(t, "consolidate", "--store", kho, "--period", "2024", "--date", "2025-01-15", "-o", book); code == exitUsage {
		t.Fatalf("consolidate: %d\n%s\n%s", code, out, errs)
	}
	if wb, err := xlsx.Open(book, xlsx.DefaultLimits); err != nil {
		t.Fatal(err)
	} else {
		g, _ := wb.Grid(consolidate.SheetStatus)
		wb.Close()
		found := false
		for _, r := range g {
			if len(r) > 6 && strings.HasPrefix(r[2], "381 ") {
				found = strings.Count(r[5], ".xlsx") == 3 && strings.HasPrefix(r[6], "Dùng 381 bản sửa.xlsx: bản đã duyệt; bản gửi sau được giữ lại")
				if !found {
					t.Errorf("381's status row: %q", r)
				}
			}
		}
		if !found {
			t.Error("no status row for 381 that names the held copy")
		}
	}
	review(exitUsage, "--reopen", "  ")
	review(exitOK, "--reopen", "Đơn vị gửi số liệu chính thức", "--by", "minh")
	if u := status(); u.Review != "received" || current() != "381 gửi sau.xlsx" || len(u.Held) != 0 {
		t.Errorf("after reopen: %+v, current %s", u, current())
	}

	st, err := store.Open(context.Background(), kho, seeds.Default)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	log, _ := st.AuditLog(context.Background(), 50)
	var got []string
	for i := len(log) - 1; i >= 0; i-- {
		if strings.HasPrefix(log[i].Action, "review-") {
			got = append(got, log[i].Actor+" "+log[i].Action)
		}
	}
	if want := "cli:lan review-returned|cli:minh review-approved|cli:minh review-reopened"; strings.Join(got, "|") != want {
		t.Errorf("audit: %s\nwant %s", strings.Join(got, "|"), want)
	}
}

// TestReviewApproveValid: --approve-valid approves every valid report not yet reviewed, leaving a
// returned one as it is.
func TestReviewApproveValid(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := chitieu(t, "demo", "-o", dir, "--date", "2025-01-15"); code != exitOK {
		t.Fatal(errs)
	}
	kho := filepath.Join(dir, "3 Kho dữ liệu")
	if code, _, errs := chitieu(t, "review", "--store", kho, "--period", "2024", "--form", "03/CT-H", "--unit", "381", "--return", "Xem lại"); code != exitOK {
		t.Fatal(errs)
	}
	code, out, errs := chitieu(t, "review", "--store", kho, "--period", "2024", "--approve-valid", "--by", "minh", "--lang", "en")
	if code != exitOK || !strings.Contains(out, "Approved 30 valid reports of 2024.") {
		t.Fatalf("%d\n%s\n%s", code, out, errs)
	}
	_, out, _ = chitieu(t, "status", "--store", kho, "--period", "2024", "--lang", "en")
	if !strings.Contains(out, "30 approved, 1 returned.") {
		t.Errorf("status:\n%s", out)
	}
}

// TestOfficeAccounts: each specialist gets a token of their own, shown once and stored hashed;
// rotate replaces it; a name taken or unknown exits 1; serve's own account cannot be made.
func TestOfficeAccounts(t *testing.T) {
	kho := filepath.Join(t.TempDir(), "kho")
	code, out, errs := chitieu(t, "office", "add", "--store", kho, "lan")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != exitOK || len(lines) != 2 || len(lines[1]) != 22 {
		t.Fatalf("add: %d\n%s\n%s", code, out, errs)
	}
	token := lines[1]
	if code, _, _ := chitieu(t, "office", "add", "--store", kho, "lan"); code != exitFound {
		t.Errorf("add twice: %d", code)
	}
	if code, _, _ := chitieu(t, "office", "add", "--store", kho, "office"); code != exitUsage {
		t.Errorf("add office: %d", code)
	}
	if code, _, _ := chitieu(t, "office", "rotate", "--store", kho, "minh"); code != exitFound {
		t.Errorf("rotate unknown: %d", code)
	}
	code, out, _ = chitieu(t, "office", "rotate", "--store", kho, "lan")
	if code != exitOK || strings.Contains(out, token) {
		t.Errorf("rotate: %d\n%s", code, out)
	}
	code, out, _ = chitieu(t, "office", "list", "--store", kho, "--lang", "en")
	if code != exitOK || !strings.Contains(out, "office") || !strings.Contains(out, "lan") || strings.Contains(out, token) {
		t.Errorf("list: %d\n%s", code, out)
	}
	st, err := store.Open(context.Background(), kho, seeds.Default)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	accts, _ := st.Accounts(context.Background())
	if len(accts) != 1 || accts[0].Name != "lan" || len(accts[0].TokenSHA256) != 64 {
		t.Errorf("accounts: %+v", accts)
	}
}

// TestConsolidateApprovedOnly: the province workbook says per report whether it was approved and
// the cover how many; --approved-only totals the approved reports alone.
func TestConsolidateApprovedOnly(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := chitieu(t, "demo", "-o", dir, "--date", "2025-01-15"); code != exitOK {
		t.Fatal(errs)
	}
	kho := filepath.Join(dir, "3 Kho dữ liệu")
	for _, u := range []string{"380", "381"} {
		if code, _, errs := chitieu(t, "review", "--store", kho, "--period", "2024", "--form", "03/CT-H", "--unit", u, "--approve", "--by", "minh"); code != exitOK {
			t.Fatal(errs)
		}
	}
	if code, _, _ := chitieu(t, "consolidate", "--period", "2024", "--approved-only", filepath.Join(dir, "2 Báo cáo đã điền", "2024")); code != exitUsage {
		t.Errorf("--approved-only without --store: %d", code)
	}
	all := filepath.Join(dir, "all.xlsx")
	code, out, errs := chitieu(t, "consolidate", "--store", kho, "--period", "2024", "--date", "2025-01-15", "-o", all)
	if code != exitOK || !strings.Contains(out, "Đã duyệt: 2 báo cáo được dùng.") {
		t.Fatalf("%d\n%s\n%s", code, out, errs)
	}
	only := filepath.Join(dir, "only.xlsx")
	code, out, errs = chitieu(t, "consolidate", "--store", kho, "--period", "2024", "--date", "2025-01-15", "--approved-only", "-o", only, "--lang", "en")
	if code != exitFound || !strings.Contains(out, "29 valid reports not approved were left out") {
		t.Fatalf("%d\n%s\n%s", code, out, errs)
	}
	// Into a folder, the two workbooks of the default names stand side by side: the approved
	// reports' does not take the other's name (README's cycle runs both).
	folder := filepath.Join(dir, "tổng hợp")
	os.Mkdir(folder, 0o755)
	for _, args := range [][]string{nil, {"--approved-only"}} {
		if code, out, errs := chitieu(t, append([]string{"consolidate", "--store", kho, "--period", "2024", "-o", folder}, args...)...); code == exitUsage {
			t.Fatalf("into a folder %v: %d\n%s\n%s", args, code, out, errs)
		}
	}
	if names, _ := filepath.Glob(filepath.Join(folder, "*.xlsx")); len(names) != 2 || filepath.Base(names[1]) != "Tổng hợp - thanh-hoa - 2024.xlsx" ||
		filepath.Base(names[0]) != "Tổng hợp - thanh-hoa - 2024 - đã duyệt.xlsx" {
		t.Errorf("the default names: %q", names)
	}
	cover := func(path string) string {
		t.Helper()
		wb, err := xlsx.Open(path, xlsx.DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		defer wb.Close()
		var b strings.Builder
		for _, sheet := range []string{"Bìa", "Tình trạng nộp"} {
			g, err := wb.Grid(sheet)
			if err != nil {
				t.Fatal(err)
			}
			for _, row := range g {
				b.WriteString(strings.Join(row, "|") + "\n")
			}
		}
		return b.String()
	}
	if c := cover(all); !strings.Contains(c, "Văn phòng đã duyệt 2 trong 31 báo cáo hợp lệ.") || strings.Count(c, "Hợp lệ, đã duyệt") != 2 {
		t.Errorf("cover of all reports:\n%s", c)
	}
	c := cover(only)
	if !strings.Contains(c, "2 hợp lệ đã duyệt, đã tổng hợp; 29 hợp lệ chưa duyệt, không tổng hợp") ||
		!strings.Contains(c, "chỉ tổng hợp các báo cáo đã duyệt") || strings.Count(c, "Hợp lệ, chưa duyệt, không dùng") != 29 {
		t.Errorf("cover of approved only:\n%s", c)
	}
	// The province's totals of 03/CT-H are the sum of 380's and 381's figures alone.
	sum := func(path string) string {
		wb, err := xlsx.Open(path, xlsx.DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		defer wb.Close()
		g, _ := wb.Grid("Theo đơn vị")
		var b strings.Builder
		for _, row := range g {
			b.WriteString(strings.Join(row, "|") + "\n")
		}
		return b.String()
	}
	if sum(all) == sum(only) {
		t.Error("--approved-only changed nothing in the figures by unit")
	}
}

// unitStatus is one unit's entry for a form in status --format json of the store kho for period,
// in lang.
func unitStatus(t *testing.T, kho, period, form, unit, lang string) store.UnitStatus {
	t.Helper()
	_, out, errs := chitieu(t, "status", "--store", kho, "--period", period, "--format", "json", "--lang", lang)
	var doc struct {
		Forms []struct {
			Form  string
			Units []store.UnitStatus
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err, errs)
	}
	for _, f := range doc.Forms {
		for _, u := range f.Units {
			if f.Form == form && u.Unit == unit {
				return u
			}
		}
	}
	t.Fatalf("no %s of %s in status", form, unit)
	return store.UnitStatus{}
}
