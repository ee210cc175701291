package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"chitieu/seeds"
	"chitieu/serve"
	"chitieu/store"
)

// readLinks parses the CSV links writes: the BOM, the header, one row per unit.
func readLinks(t *testing.T, data string) [][]string {
	t.Helper()
	body, ok := strings.CutPrefix(data, "\ufeff")
	if !ok {
		t.Fatalf("no BOM: %q", data[:min(len(data), 20)])
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(rows) == 0 || strings.Join(rows[0], ",") != "unit,name,url" {
		t.Fatalf("links CSV: %v %q", err, rows)
	}
	return rows[1:]
}

var tokenURL = regexp.MustCompile(`^http://192\.0\.2\.10:8080/u/([A-Za-z0-9_-]{22})$`)

func TestLinksCommand(t *testing.T) {
	dir := t.TempDir()
	kho := filepath.Join(dir, "kho")
	code, out, errs := chitieu(t, "links", "--store", kho, "--base-url", "http://192.0.2.10:8080/")
	p, _, _ := seeds.Load(seeds.Default)
	n := len(p.ReportingUnits()) // every unit that fills a form: departments, districts, communes
	if code != exitOK || !strings.Contains(errs, fmt.Sprintf("Đã tạo %d đường dẫn", n)) || n < 190 {
		t.Fatalf("links: %d %s (%d units)", code, errs, n)
	}
	rows := readLinks(t, out)
	if len(rows) != n || rows[0][0] != "CTK" || rows[0][1] != "Cục Thống kê tỉnh Thanh Hóa" {
		t.Fatalf("%d rows: %q", len(rows), rows[:1])
	}
	tokens := map[string]string{}
	for _, r := range rows {
		m := tokenURL.FindStringSubmatch(r[2])
		if m == nil {
			t.Fatalf("url %q", r[2])
		}
		tokens[r[0]] = m[1]
	}
	// The store keeps the hashes only.
	st, err := store.Open(context.Background(), kho, "thanh-hoa")
	if err != nil {
		t.Fatal(err)
	}
	links, _ := st.Links(context.Background())
	st.Close()
	if len(links) != n {
		t.Fatalf("%d links stored", len(links))
	}
	for _, l := range links {
		if l.TokenSHA256 != serve.HashToken(tokens[l.Unit]) {
			t.Errorf("%s: stored %s", l.Unit, l.TokenSHA256)
		}
	}
	for _, name := range []string{"index.sqlite", "index.sqlite-wal"} {
		data, _ := os.ReadFile(filepath.Join(kho, name))
		for unit, tok := range tokens {
			if bytes.Contains(data, []byte(tok)) {
				t.Errorf("%s holds the token of %s", name, unit)
			}
		}
	}
	// Again: every unit has one already; nothing is shown again.
	code, out, errs = chitieu(t, "links", "--store", kho, "--base-url", "http://192.0.2.10:8080")
	if code != exitOK || len(readLinks(t, out)) != 0 || !strings.Contains(errs, fmt.Sprintf("%d đơn vị đã có đường dẫn", n)) {
		t.Errorf("again: %d %q %s", code, out, errs)
	}
	// Rotating one replaces its token only, into a file.
	csvFile := filepath.Join(dir, "links.csv")
	code, _, errs = chitieu(t, "links", "--store", kho, "--base-url", "http://192.0.2.10:8080", "--rotate", "380", "-o", csvFile)
	data, _ := os.ReadFile(csvFile)
	rows = readLinks(t, string(data))
	if code != exitOK || len(rows) != 1 || rows[0][0] != "380" || strings.HasSuffix(rows[0][2], tokens["380"]) {
		t.Fatalf("rotate: %d %q %s", code, rows, errs)
	}
	// On Windows the file gets an access list instead (outfile's TestPrivateWindows).
	if st, err := os.Stat(csvFile); err != nil || runtime.GOOS != "windows" && st.Mode().Perm() != 0o600 {
		t.Errorf("the links file is readable by others: %v", st.Mode())
	}
	st, _ = store.Open(context.Background(), kho, "thanh-hoa")
	links, _ = st.Links(context.Background())
	log, _ := st.AuditLog(context.Background(), 5)
	st.Close()
	for _, l := range links {
		if l.Unit == "380" && l.TokenSHA256 != serve.HashToken(tokenURL.FindStringSubmatch(rows[0][2])[1]) {
			t.Error("the new token is not the stored one")
		}
		if l.Unit == "381" && l.TokenSHA256 != serve.HashToken(tokens["381"]) {
			t.Error("rotating 380 changed 381")
		}
	}
	if len(log) != 3 || log[0].Actor != "cli" || log[0].Action != "rotate" || log[0].Target != "380" {
		t.Errorf("audit: %+v", log)
	}
	for _, tc := range []struct{ args []string }{
		{[]string{"--rotate", "38O"}}, {[]string{"--base-url", "192.0.2.10:8080"}}, {[]string{"--base-url", "ftp://x"}},
		{[]string{"-o", csvFile}}, {[]string{"extra"}},
	} {
		if code, _, errs := chitieu(t, append([]string{"links", "--store", kho}, tc.args...)...); code != exitUsage {
			t.Errorf("%v: %d %s", tc.args, code, errs)
		}
	}
	if _, _, errs := chitieu(t, "links", "--store", kho, "--rotate", "38O"); !strings.Contains(errs, "(380?)") {
		t.Errorf("no suggestion: %s", errs)
	}
}

// TestLinksFormulaName: a unit name that reads as a formula stays text in the CSV.
func TestLinksFormulaName(t *testing.T) {
	dir := t.TempDir()
	plan := filepath.Join(dir, "plan.yaml")
	if code, _, errs := chitieu(t, "plan", "export", "-o", plan); code != exitOK {
		t.Fatal(errs)
	}
	data, _ := os.ReadFile(plan)
	text := strings.Replace(string(data), "name: Thành phố Thanh Hóa", `name: '=HYPERLINK("http://evil.example","x")'`, 1)
	if text == string(data) {
		t.Fatal("the unit's name is not in the exported plan")
	}
	os.WriteFile(plan, []byte(text), 0o644)
	code, out, errs := chitieu(t, "links", "--plan", plan, "--store", filepath.Join(dir, "kho"))
	if code != exitOK {
		t.Fatal(errs)
	}
	for _, r := range readLinks(t, out) {
		if r[0] == "380" && r[1] != `'=HYPERLINK("http://evil.example","x")` {
			t.Errorf("name %q", r[1])
		}
	}
}

// syncBuffer is a buffer the server writes to while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var (
	officeURL    = regexp.MustCompile(`Văn phòng: (http://127\.0\.0\.1:\d+)/office`)
	printedToken = regexp.MustCompile(`Mã truy cập của văn phòng: (\S+)`)
)

// startServe runs chitieu serve in-process on a free port and returns its address and token;
// stop ends it and returns its exit status.
func startServe(t *testing.T, args ...string) (base, token string, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errs syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), strings.NewReader(""), &out, &errs)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if m, k := officeURL.FindStringSubmatch(out.String()), printedToken.FindStringSubmatch(out.String()); m != nil && k != nil {
			return m[1], k[1], func() int {
				cancel()
				select {
				case code := <-done:
					return code
				case <-time.After(20 * time.Second):
					t.Fatal("serve did not stop")
					return -1
				}
			}
		}
		select {
		case code := <-done:
			cancel()
			t.Fatalf("serve ended with %d: %s %s", code, out.String(), errs.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	cancel()
	t.Fatalf("serve did not start: %s %s", out.String(), errs.String())
	return "", "", nil
}

// TestServeCommand: the command's contract — the upload's JSON is receive's entry, the API is
// status --format json, the export is export's CSV — and its start and stop.
func TestServeCommand(t *testing.T) {
	dir := t.TempDir()
	kho, other := filepath.Join(dir, "kho"), filepath.Join(dir, "kho-receive")
	if code, _, errs := chitieu(t, "serve", "--store", kho); code != exitUsage || !strings.Contains(errs, "chitieu links") {
		t.Errorf("serve without a store: %d %s", code, errs)
	}
	code, out, errs := chitieu(t, "links", "--store", kho)
	if code != exitOK {
		t.Fatal(errs)
	}
	var ctkToken string
	for _, r := range readLinks(t, out) {
		if r[0] == "CTK" {
			ctkToken = r[2][strings.LastIndex(r[2], "/")+1:]
		}
	}
	tokenFile := filepath.Join(dir, "office.token")
	base, token, stop := startServe(t, "--store", kho, "--office-token-file", tokenFile)
	if st, err := os.Stat(tokenFile); err != nil || runtime.GOOS != "windows" && st.Mode().Perm() != 0o600 {
		t.Errorf("token file: %v", err)
	}
	if saved, _ := os.ReadFile(tokenFile); strings.TrimSpace(string(saved)) != token {
		t.Errorf("token file holds %q, serve printed %q", saved, token)
	}

	messy := fillTemplate(t, filepath.Join(dir, "in"), map[string]string{"SL_XANG/TH": "'15.000", "SL_DIEN/LK": "'744,5"})
	_, recv, errs := chitieu(t, "receive", "--store", other, "--format", "json", messy)
	var doc struct{ Files []map[string]any }
	if err := json.Unmarshal([]byte(recv), &doc); err != nil || len(doc.Files) != 1 {
		t.Fatalf("receive: %v %s %s", err, recv, errs)
	}
	want := doc.Files[0]
	got := uploadRaw(t, base+"/u/"+ctkToken+"/upload", messy)
	if got["file"] != filepath.Base(messy) {
		t.Errorf("file: %v", got["file"])
	}
	delete(want, "file")
	delete(got, "file")
	wj, _ := json.Marshal(want)
	gj, _ := json.Marshal(got)
	if string(wj) != string(gj) || len(got) != 9 {
		t.Errorf("the upload's entry\n%s\nis not receive's\n%s", gj, wj)
	}

	// The API answers byte for byte what status --format json prints.
	get := func(url string) (int, string) {
		req, _ := http.NewRequest("GET", url, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	_, statusOut, _ := chitieu(t, "status", "--store", kho, "--period", "2024-02", "--date", "2024-03-20", "--format", "json")
	if status, body := get(base + "/api/status?period=2024-02&date=2024-03-20"); status != 200 || body != statusOut {
		t.Errorf("api: %d\n%s\nstatus --format json:\n%s", status, body, statusOut)
	}
	good := fillTemplate(t, filepath.Join(dir, "in2"), nil)
	if fj := uploadRaw(t, base+"/u/"+ctkToken+"/upload", good); fj["valid"] != true {
		t.Fatalf("valid file: %v", fj)
	}
	_, exportOut, _ := chitieu(t, "export", "--store", kho, "--period", "2024-02")
	if status, body := get(base + "/office/export?period=2024-02"); status != 200 || body != exportOut || !strings.Contains(body, "SL_XANG") {
		t.Errorf("export: %d\n%s\nexport:\n%s", status, body, exportOut)
	}
	if status, body := get(base + "/office/workbook?period=2024-02"); status != 200 || !strings.HasPrefix(body, "PK") {
		t.Errorf("workbook: %d", status)
	}
	// The board's workbook is consolidate --store's of the same day, byte for byte: one recipe,
	// the office's approvals included.
	if code, _, errs := chitieu(t, "review", "--store", kho, "--period", "2024-02", "--approve-valid", "--by", "test"); code != exitOK {
		t.Fatalf("review: %s", errs)
	}
	book := filepath.Join(dir, "board.xlsx")
	chitieu(t, "consolidate", "--store", kho, "--period", "2024-02", "--date", time.Now().Format("2006-01-02"), "-o", book) // 1: reports missing
	if want, err := os.ReadFile(book); err != nil {
		t.Fatal(err)
	} else if status, body := get(base + "/office/workbook?period=2024-02"); status != 200 || body != string(want) {
		t.Errorf("the board's workbook (%d, %d bytes) is not consolidate --store's (%d bytes)", status, len(body), len(want))
	}
	stop()
	// Started again, the office keeps its token, read from its file and not printed again.
	base, again, stop := startServe(t, "--store", kho, "--office-token-file", tokenFile)
	if status, _ := get(base + "/api/status?period=2024-02"); status != 200 {
		t.Errorf("the kept token after a restart: %d", status)
	}
	stop()
	if again == token {
		t.Errorf("the token read from its file was printed again")
	}
}

func uploadRaw(t *testing.T, url, path string) map[string]any {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	w, _ := mw.CreateFormFile("file", filepath.Base(path))
	data, _ := os.ReadFile(path)
	w.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", url, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil || resp.StatusCode != 200 {
		t.Fatalf("%s: %s %v", resp.Status, raw, err)
	}
	return m
}

// TestRebuildKeepsSender: rebuilding the index checks a file that came through a unit's link as
// serve did, so that another unit's report stays refused.
func TestRebuildKeepsSender(t *testing.T) {
	dir := t.TempDir()
	kho := filepath.Join(dir, "kho")
	_, out, errs := chitieu(t, "links", "--store", kho)
	tokens := map[string]string{}
	for _, r := range readLinks(t, out) {
		tokens[r[0]] = r[2][strings.LastIndex(r[2], "/")+1:]
	}
	if len(tokens) == 0 {
		t.Fatal(errs)
	}
	file := fillTemplate(t, filepath.Join(dir, "in"), nil)
	base, _, stop := startServe(t, "--store", kho)
	fj := uploadRaw(t, base+"/u/"+tokens["TKT"]+"/upload", file)
	stop()
	if fj["valid"] != false || fj["unit"] != "CTK" {
		t.Fatalf("CTK's file through TKT's link: %v", fj)
	}
	status := func() string {
		_, out, _ := chitieu(t, "status", "--store", kho, "--period", "2024-02", "--format", "json")
		var rep store.StatusReport
		json.Unmarshal([]byte(out), &rep)
		for _, f := range rep.Forms {
			for _, u := range f.Units {
				if u.Unit == "CTK" {
					return u.State + " " + u.ReasonText
				}
			}
		}
		return ""
	}
	// CTK has not reported: the file TKT sent is TKT's evidence only, before and after a rebuild,
	// and after a rebuild from the files alone (the index removed: the receipt names the sender).
	refused := func() string {
		st, err := store.Open(context.Background(), kho, "thanh-hoa")
		if err != nil {
			return err.Error()
		}
		defer st.Close()
		subs, _ := st.Submissions(context.Background(), store.Filter{SHA256: fj["sha256"].(string)})
		if len(subs) != 1 {
			return fmt.Sprint(len(subs), " submissions")
		}
		return fmt.Sprintf("%s refused=%v", subs[0].Unit, subs[0].Refused)
	}
	if got := status() + "; " + refused(); got != "missing ; TKT refused=true" {
		t.Errorf("before the rebuild: %s", got)
	}
	if code, _, errs := chitieu(t, "store", "rebuild", "--store", kho); code != exitOK {
		t.Fatal(errs)
	}
	if got := status() + "; " + refused(); got != "missing ; TKT refused=true" {
		t.Errorf("after the rebuild: %s", got)
	}
	for _, ext := range []string{"", "-wal", "-shm"} {
		os.Remove(filepath.Join(kho, "index.sqlite"+ext))
	}
	if code, _, errs := chitieu(t, "store", "rebuild", "--store", kho); code != exitOK {
		t.Fatal(errs)
	}
	if got := status() + "; " + refused(); got != "missing ; TKT refused=true" {
		t.Errorf("after a rebuild from the files alone: %s", got)
	}
}
