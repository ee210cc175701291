package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"chitieu/finding"
	"chitieu/schema"
	"chitieu/store"
	"chitieu/validate"
	"chitieu/xlsx"
)

// TestUnitFlow is what a unit does in a browser without script: open its link, send a messy
// file with the form, read the verdict with each finding at its cell, download the marked-up
// copy, and see the file in its history.
func TestUnitFlow(t *testing.T) {
	e := newEnv(t, nil)
	c := e.browser()
	status, page, h := get(t, c, e.unitURL("380"))
	if status != 200 || !strings.Contains(page, "Thành phố Thanh Hóa") || !strings.Contains(page, "Gửi báo cáo") {
		t.Fatalf("unit page: %d\n%s", status, page)
	}
	if h.Get("Content-Language") != "vi" {
		t.Errorf("Content-Language %q", h.Get("Content-Language"))
	}
	// The forms it owes, with due dates and a blank form to download.
	if !strings.Contains(page, "03/CT-H") || !strings.Contains(page, "24/12/2023") || !strings.Contains(page, "chưa nộp") {
		t.Errorf("the reports due are not listed:\n%s", page)
	}
	status, blank, h := get(t, c, e.unitURL("380")+"/form?form=03%2FCT-H&period=2023")
	if status != 200 || h.Get("Content-Type") != xlsxType || !strings.HasPrefix(blank, "PK") || !strings.Contains(h.Get("Content-Disposition"), "attachment") {
		t.Fatalf("blank form: %d %v", status, h)
	}
	if status, _, _ := get(t, c, e.unitURL("380")+"/form?form=01%2FCT-TK&period=2023"); status != 404 {
		t.Errorf("another unit's form: %d", status)
	}

	path := fillForm(t, e.plan, e.dir, "03/CT-H", "380", "2023", messy)
	body, ctype := multipartBody(t, path, "Báo cáo <img src=x onerror=alert(1)> 2023.xlsx", "csrf", csrfOf(t, page))
	req, _ := http.NewRequest("POST", e.unitURL("380")+"/upload", body)
	req.Header.Set("Content-Type", ctype)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %s", resp.Status)
	}
	verdictURL := e.ts.URL + resp.Header.Get("Location")
	status, page, _ = get(t, c, verdictURL)
	if status != 200 {
		t.Fatal(status, page)
	}
	for _, want := range []string{"Kết quả kiểm tra", "Không hợp lệ", "Báo cáo &lt;img src=x onerror=alert(1)&gt; 2023.xlsx",
		"đọc được hai cách", "số được gõ dưới dạng chữ", "ambiguous-number", "Gửi và kiểm tra", "Tải bản đánh dấu lỗi"} {
		if !strings.Contains(page, want) {
			t.Errorf("verdict lacks %q", want)
		}
	}
	if strings.Contains(page, "<img src=x") {
		t.Error("the file name was not escaped")
	}
	sub := e.onlySubmission()
	f := validate.CheckFile(validate.Options{Plan: e.plan}, path)
	for _, x := range f.Findings {
		if !strings.Contains(page, x.Cell.InFile()) {
			t.Errorf("the verdict does not name the cell %s", x.Cell.InFile())
		}
	}
	// The marked-up copy: the file with a results sheet, never the original.
	status, copy, h := get(t, c, verdictURL+"/annotated")
	if status != 200 || h.Get("Content-Type") != xlsxType {
		t.Fatalf("annotated copy: %d %v", status, h)
	}
	if cd := h.Get("Content-Disposition"); !strings.Contains(cd, "attachment") || !strings.Contains(cd, "k%E1%BA%BFt") {
		t.Errorf("annotated copy's name: %q", cd)
	}
	if sheets := sheetNames(t, []byte(copy)); !contains(sheets, validate.ResultsSheet) {
		t.Errorf("annotated copy's sheets: %v", sheets)
	}
	status, orig, _ := get(t, c, verdictURL+"/original")
	if data, _ := os.ReadFile(path); status != 200 || orig != string(data) {
		t.Errorf("original: %d, %d bytes", status, len(orig))
	}
	// History, and the verdict of the same file to the unit only.
	_, page, _ = get(t, c, e.unitURL("380"))
	if !strings.Contains(page, "Các tệp đã gửi") || !strings.Contains(page, "/file/"+sub.SHA256) || !strings.Contains(page, "không hợp lệ") {
		t.Errorf("history does not list the file:\n%s", page)
	}
	if status, _, _ := get(t, c, e.unitURL("381")+"/file/"+sub.SHA256); status != 404 {
		t.Errorf("another unit sees the file: %d", status)
	}
	if status, _, _ := get(t, c, e.unitURL("381")+"/file/"+sub.SHA256+"/original"); status != 404 {
		t.Errorf("another unit downloads the file: %d", status)
	}
	// The audit log says who sent what from where.
	log, _ := e.st.AuditLog(context.Background(), 20)
	var actions []string
	for _, x := range log {
		actions = append(actions, x.Actor+" "+x.Action)
		if x.Action == "upload" && (x.Target != sub.SHA256 || !strings.HasPrefix(x.Remote, "127.0.0.1:")) {
			t.Errorf("upload entry: %+v", x)
		}
	}
	for _, want := range []string{"unit:380 upload", "unit:380 download"} {
		if !contains(actions, want) {
			t.Errorf("audit log lacks %q: %v", want, actions)
		}
	}
}

func (e *env) onlySubmission() store.Submission {
	e.t.Helper()
	subs, err := e.st.Submissions(context.Background(), store.Filter{WithFindings: true})
	if err != nil || len(subs) != 1 {
		e.t.Fatalf("%d submissions, %v", len(subs), err)
	}
	return subs[0]
}

func sheetNames(t testing.TB, data []byte) []string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "book.xlsx")
	os.WriteFile(path, data, 0o644)
	wb, err := xlsx.Open(path, xlsx.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	return wb.Sheets()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestUploadJSON is the API contract: the file's entry of receive --format json.
func TestUploadJSON(t *testing.T) {
	e := newEnv(t, nil)
	bad := fillForm(t, e.plan, e.dir, "03/CT-H", "380", "2023", messy)
	status, fj := e.uploadJSON("380", bad)
	if status != 200 || fj.Valid || fj.Accepted || !fj.New || fj.Form != "03/CT-H" || fj.Unit != "380" || fj.Period != "2023" ||
		fj.File != filepath.Base(bad) || len(fj.SHA256) != 64 || len(fj.Findings) != 2 || fj.Superseded == nil {
		t.Fatalf("messy file: %d %+v", status, fj)
	}
	first := fj.Findings[0]
	if first.Severity != "error" || first.Code != "ambiguous-number" || first.Cell == "" || first.Sheet == "" || !strings.Contains(first.Message, "hai cách") {
		t.Errorf("finding: %+v", first)
	}
	// The same bytes again: nothing new.
	if _, again := e.uploadJSON("380", bad); again.New || again.SHA256 != fj.SHA256 {
		t.Errorf("again: %+v", again)
	}
	good := fillForm(t, e.plan, t.TempDir(), "03/CT-H", "380", "2023")
	status, fj = e.uploadJSON("380", good)
	if status != 200 || !fj.Valid || !fj.Accepted || !fj.New || len(fj.Findings) != 0 || len(fj.Superseded) != 1 || fj.Superseded[0] != filepath.Base(bad) {
		t.Fatalf("corrected file: %d %+v", status, fj)
	}
	// The raw document has every field of the contract, in its order.
	body, ctype := multipartBody(t, good, "x.xlsx")
	req, _ := http.NewRequest("POST", e.unitURL("380")+"/upload", body)
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Accept-Language", "en")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.Header.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Errorf("content type %q", resp.Header.Get("Content-Type"))
	}
	var keys []string
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.Token()
	for dec.More() {
		k, _ := dec.Token()
		keys = append(keys, k.(string))
		var skip json.RawMessage
		dec.Decode(&skip)
	}
	if got := strings.Join(keys, ","); got != "file,form,unit,period,valid,sha256,findings,accepted,new,superseded" {
		t.Errorf("keys: %s", got)
	}
}

// TestOtherUnitsFile: a link submits for its own unit only. Another unit's file is refused and
// kept as evidence under the sender only: it supersedes nothing of the unit it names, shows on no
// other unit's page or status, and cannot be fetched through another unit's link; the page after
// an upload shows that upload's verdict even when its bytes are another unit's valid report.
func TestOtherUnitsFile(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	// 381's own report, invalid, is current.
	own := fillForm(t, e.plan, t.TempDir(), "03/CT-H", "381", "2023", value(0, "mười"))
	if _, fj := e.uploadJSON("381", own); fj.Valid {
		t.Fatalf("381's invalid report: %+v", fj)
	}
	theirs := fillForm(t, e.plan, e.dir, "03/CT-H", "381", "2023")
	status, fj := e.uploadJSON("380", theirs)
	if status != 200 || fj.Valid || fj.Accepted || fj.Unit != "381" || len(fj.Superseded) != 0 {
		t.Fatalf("another unit's file: %d %+v", status, fj)
	}
	var codes []string
	for _, x := range fj.Findings {
		codes = append(codes, x.Code)
	}
	if !contains(codes, "wrong-unit") || !strings.Contains(fj.Findings[0].Message, "381 Thị xã Bỉm Sơn") || !strings.Contains(fj.Findings[0].Message, "380 Thành phố Thanh Hóa") {
		t.Errorf("findings: %+v", fj.Findings)
	}
	subs, _ := e.st.Submissions(ctx, store.Filter{SHA256: fj.SHA256, WithFindings: true})
	if len(subs) != 1 || subs[0].Valid || subs[0].Unit != "380" || !subs[0].Refused || subs[0].Sender != "380" {
		t.Fatalf("recorded: %+v", subs)
	}
	// 381's report is untouched: its own invalid file is current, its status says its own reason.
	cur, _ := e.st.Submissions(ctx, store.Filter{Unit: "381", Current: true, WithFindings: true})
	if len(cur) != 1 || cur[0].SHA256 == fj.SHA256 {
		t.Errorf("381's current reports: %+v", cur)
	}
	per, _ := schema.ParsePeriod("2023")
	rep, _ := e.st.Status(ctx, e.plan, per, time.Now())
	for _, f := range rep.Forms {
		for _, u := range f.Units {
			if want := map[string]int{"381": 1}[u.Unit]; strings.Contains(u.ReasonText, "đường dẫn") || len(u.Files) != want {
				t.Errorf("status of %s %s shows the refused file: %+v", f.Form, u.Unit, u)
			}
		}
	}
	// The sender sees it in its history; 381's page neither lists it nor opens it.
	_, page, _ := get(t, e.browser(), e.unitURL("380"))
	if !strings.Contains(page, "/file/"+fj.SHA256) {
		t.Error("the sender's history lacks the file")
	}
	_, page, _ = get(t, e.browser(), e.unitURL("381"))
	if strings.Contains(page, fj.SHA256) {
		t.Error("381's page lists the file 380 sent")
	}
	for _, u := range []string{"", "/original", "/annotated"} {
		if status, _, _ := get(t, e.browser(), e.unitURL("381")+"/file/"+fj.SHA256+u); status != 404 {
			t.Errorf("381 fetches 380's refused file%s: %d", u, status)
		}
	}

	// 381's valid report, then the same bytes through 380's link, from a browser: the page after
	// the upload is this upload's verdict, refused, never 381's "valid".
	valid := fillForm(t, e.plan, t.TempDir(), "03/CT-H", "381", "2023", value(0, "1001"))
	if _, fj := e.uploadJSON("381", valid); !fj.Valid {
		t.Fatalf("381's valid report: %+v", fj)
	}
	c := e.browser()
	_, page, _ = get(t, c, e.unitURL("380"))
	body, ctype := multipartBody(t, valid, "ban-sao.xlsx", "csrf", csrfOf(t, page))
	req, _ := http.NewRequest("POST", e.unitURL("380")+"/upload", body)
	req.Header.Set("Content-Type", ctype)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	status, page, _ = get(t, c, e.ts.URL+resp.Header.Get("Location"))
	if status != 200 || strings.Contains(page, "Hợp lệ — văn phòng đã nhận báo cáo") || !strings.Contains(page, "wrong-unit") || !strings.Contains(page, "ban-sao.xlsx") {
		t.Errorf("the page after 380 sent 381's valid bytes: %d, valid shown or wrong-unit missing", status)
	}
	if status, orig, _ := get(t, c, e.ts.URL+resp.Header.Get("Location")+"/original"); status != 200 || !strings.HasPrefix(orig, "PK") {
		t.Errorf("the sender fetches the bytes it sent: %d", status)
	}
	if cur, _ := e.st.Submissions(ctx, store.Filter{Unit: "381", Current: true, Form: "03/CT-H"}); len(cur) != 1 || !cur[0].Valid {
		t.Errorf("381's valid report after 380 sent its bytes: %+v", cur)
	}

	// Bytes first refused for 380, then sent by 381 itself: 381's report, counted.
	later := fillForm(t, e.plan, t.TempDir(), "03/CT-H", "381", "2023", value(0, "1002"))
	if _, fj := e.uploadJSON("380", later); fj.Valid {
		t.Fatalf("refused: %+v", fj)
	}
	_, fj = e.uploadJSON("381", later)
	if !fj.Valid || !fj.Accepted || len(fj.Superseded) != 1 {
		t.Errorf("its own unit, after the refusal: %+v", fj)
	}
	cur, _ = e.st.Submissions(ctx, store.Filter{Unit: "381", Current: true, Form: "03/CT-H"})
	if len(cur) != 1 || cur[0].SHA256 != fj.SHA256 || !cur[0].Valid || cur[0].Refused {
		t.Errorf("381's current report after taking up its bytes: %+v", cur)
	}
	// 380 still sees only its refusal of those bytes.
	if _, page, _ := get(t, e.browser(), e.unitURL("380")+"/file/"+fj.SHA256); !strings.Contains(page, "wrong-unit") || strings.Contains(page, "Hợp lệ — văn phòng") {
		t.Error("380's view of the bytes 381 took up")
	}
}

// TestRefusals: wrong tokens, no token, a body too large, too many uploads at once.
func TestRefusals(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.MaxUploadBytes = 200 << 10; c.UploadsPerUnit = 1 })
	c := e.browser()
	for _, u := range []string{"/u/" + NewToken(), "/u/x", "/u/" + NewToken() + "/form?form=03%2FCT-H&period=2023", "/u/" + e.tokens["380"] + "x"} {
		if status, page, _ := get(t, c, e.ts.URL+u); status != 404 || !strings.Contains(page, "Không có trang này") {
			t.Errorf("GET %s: %d", u, status)
		}
	}
	path := fillForm(t, e.plan, e.dir, "03/CT-H", "380", "2023")
	body, ctype := multipartBody(t, path, "a.xlsx")
	resp, _ := http.Post(e.ts.URL+"/u/"+NewToken()+"/upload", ctype, body)
	if resp.StatusCode != 404 {
		t.Errorf("upload with a wrong link: %s", resp.Status)
	}
	resp.Body.Close()
	// The API: no token 401, a wrong one 403.
	status, body2, h := get(t, c, e.ts.URL+"/api/status?period=2023")
	if status != 401 || h.Get("WWW-Authenticate") == "" || !strings.Contains(body2, `"error": "unauthorized"`) {
		t.Errorf("no token: %d %q %v", status, body2, h)
	}
	if status, _, _ := get(t, c, e.ts.URL+"/api/status?period=2023", "Authorization", "Bearer "+NewToken()); status != 403 {
		t.Errorf("wrong token: %d", status)
	}
	if status, _, _ := get(t, c, e.ts.URL+"/api/status?period=2023", "Authorization", "Bearer "+e.tokens["380"]); status != 403 {
		t.Errorf("a unit's token on the API: %d", status)
	}
	// The board without logging in is the login page; a wrong token is refused.
	status, page, _ := get(t, c, e.ts.URL+"/office")
	if status != 401 || !strings.Contains(page, `type="password"`) {
		t.Errorf("board without login: %d", status)
	}
	resp, _ = c.PostForm(e.ts.URL+"/office/login", url.Values{"csrf": {csrfOf(t, page)}, "token": {"wrong-token-wrong-token"}})
	if resp.StatusCode != 403 {
		t.Errorf("wrong office token: %s", resp.Status)
	}
	resp.Body.Close()
	for _, u := range []string{"/office/file/" + strings.Repeat("a", 64), "/office/workbook?period=2023", "/office/audit"} {
		if status, _, _ := get(t, c, e.ts.URL+u); status != 401 {
			t.Errorf("GET %s without login: %d", u, status)
		}
	}

	// 413 before the body is read, whether its length is said or not.
	big := filepath.Join(e.dir, "big.xlsx")
	os.WriteFile(big, bytes.Repeat([]byte("x"), 300<<10), 0o644)
	for _, chunked := range []bool{false, true} {
		body, ctype := multipartBody(t, big, "big.xlsx")
		if chunked {
			body = io.MultiReader(body) // hides the length: the client sends it chunked
		}
		req, _ := http.NewRequest("POST", e.unitURL("380")+"/upload", body)
		req.Header.Set("Content-Type", ctype)
		req.Header.Set("Accept", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 413 || !strings.Contains(string(raw), `"too-large"`) {
			t.Errorf("chunked %v: %s %s", chunked, resp.Status, raw)
		}
	}
	if subs, _ := e.st.Submissions(context.Background(), store.Filter{}); len(subs) != 0 {
		t.Errorf("a refused upload was recorded: %d", len(subs))
	}

	// One upload in progress per unit here: a second waits for the first.
	pr, pw := io.Pipe()
	started := make(chan struct{})
	done := make(chan int)
	go func() {
		req, _ := http.NewRequest("POST", e.unitURL("380")+"/upload", pr)
		req.Header.Set("Content-Type", "multipart/form-data; boundary=xyz")
		req.Header.Set("Accept", "application/json")
		close(started)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			done <- 0
			return
		}
		resp.Body.Close()
		done <- resp.StatusCode
	}()
	<-started
	pw.Write([]byte("--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.xlsx\"\r\n\r\nPK"))
	time.Sleep(200 * time.Millisecond)
	status, fj := e.uploadJSON("380", path)
	if status != http.StatusTooManyRequests {
		t.Errorf("a second upload at once: %d %+v", status, fj)
	}
	if status, _ := e.uploadJSON("381", fillForm(t, e.plan, t.TempDir(), "03/CT-H", "381", "2023")); status != 200 {
		t.Errorf("another unit meanwhile: %d", status)
	}
	pw.Write([]byte("\r\n--xyz--\r\n"))
	pw.Close()
	if got := <-done; got != 200 {
		t.Errorf("the first upload: %d", got)
	}
	if status, _ := e.uploadJSON("380", path); status != 200 {
		t.Errorf("after the first: %d", status)
	}
}

// TestCSRF: a form posted without the page's token, or from another site, changes nothing.
func TestCSRF(t *testing.T) {
	e := newEnv(t, nil)
	c := e.browser()
	_, page, _ := get(t, c, e.unitURL("380"))
	token := csrfOf(t, page)
	path := fillForm(t, e.plan, e.dir, "03/CT-H", "380", "2023")
	post := func(client *http.Client, fields []string, header ...string) int {
		body, ctype := multipartBody(t, path, "a.xlsx", fields...)
		req, _ := http.NewRequest("POST", e.unitURL("380")+"/upload", body)
		req.Header.Set("Content-Type", ctype)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for name, got := range map[string]int{
		"no field":                post(c, nil),
		"wrong field":             post(c, []string{"csrf", NewToken()}),
		"no cookie":               post(e.browser(), []string{"csrf", token}),
		"from another site":       post(c, []string{"csrf", token}, "Origin", "http://evil.example", "Sec-Fetch-Site", "cross-site"),
		"script from a web page":  post(c, nil, "Accept", "application/json", "Origin", "http://evil.example"),
		"another site, no origin": post(c, []string{"csrf", token}, "Sec-Fetch-Site", "cross-site"),
	} {
		if got != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", name, got)
		}
	}
	if subs, _ := e.st.Submissions(context.Background(), store.Filter{}); len(subs) != 0 {
		t.Fatalf("a refused form was recorded: %d", len(subs))
	}
	if got := post(c, []string{"csrf", token}, "Origin", e.ts.URL, "Sec-Fetch-Site", "same-origin"); got != http.StatusSeeOther {
		t.Errorf("the page's own form: %d", got)
	}
	// The office's login and logout forms too.
	_, page, _ = get(t, c, e.ts.URL+"/office")
	for name, f := range map[string]url.Values{"login without field": {"token": {e.office}}, "login, wrong field": {"token": {e.office}, "csrf": {NewToken()}}} {
		resp, _ := c.PostForm(e.ts.URL+"/office/login", f)
		resp.Body.Close()
		if resp.StatusCode != 403 {
			t.Errorf("%s: %s", name, resp.Status)
		}
	}
	e.login(c)
	resp, _ := c.PostForm(e.ts.URL+"/office/logout", url.Values{})
	resp.Body.Close()
	if status, _, _ := get(t, c, e.ts.URL+"/office"); resp.StatusCode != 403 || status != 200 {
		t.Errorf("logout without the field: %s, then the board: %d", resp.Status, status)
	}
	resp, _ = c.PostForm(e.ts.URL+"/office/logout", url.Values{"csrf": {csrfOf(t, page)}})
	resp.Body.Close()
	if status, _, _ := get(t, c, e.ts.URL+"/office"); status != 401 {
		t.Errorf("after logging out the board answers %d", status)
	}
}

// TestHeaders: every answer carries the security headers.
func TestHeaders(t *testing.T) {
	e := newEnv(t, nil)
	c := e.browser()
	for _, u := range []string{"/", "/office", e.unitURL("380")[len(e.ts.URL):], "/u/nope", "/static/style.css", "/static/upload.js", "/api/status"} {
		_, _, h := get(t, c, e.ts.URL+u)
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "frame-ancestors 'none'", "script-src 'self'", "style-src 'self'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", u, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP allows inline code", u)
		}
		for k, v := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"} {
			if h.Get(k) != v {
				t.Errorf("%s: %s %q", u, k, h.Get(k))
			}
		}
	}
	// No page has inline script or style.
	for _, name := range []string{"base", "parts", "home", "login", "unit", "board", "file", "audit", "error"} {
		data, _ := assets.ReadFile("assets/" + name + ".html")
		s := string(data)
		for _, bad := range []string{"<script>", "style=", "<style", "onclick", "onload", "javascript:"} {
			if strings.Contains(s, bad) {
				t.Errorf("%s.html has %q", name, bad)
			}
		}
	}
	_, _, h := get(t, c, e.ts.URL+"/static/upload.js")
	if h.Get("Content-Type") != "text/javascript; charset=utf-8" {
		t.Errorf("script type %q", h.Get("Content-Type"))
	}
	if status, _, _ := get(t, c, e.ts.URL+"/static/..%2fserver.go"); status != 404 {
		t.Errorf("a path out of the assets: %d", status)
	}
}

// TestBoard: the office logs in and sees who reported; the API answers as the status command.
func TestBoard(t *testing.T) {
	e := newEnv(t, nil)
	good := fillForm(t, e.plan, e.dir, "03/CT-H", "380", "2023")
	bad := fillForm(t, e.plan, t.TempDir(), "03/CT-H", "381", "2023", messy)
	e.uploadJSON("380", good)
	e.uploadJSON("381", bad)
	c := e.browser()
	e.login(c)
	status, page, _ := get(t, c, e.ts.URL+"/office?period=2023")
	if status != 200 {
		t.Fatal(status, page)
	}
	for _, want := range []string{"Tình hình nộp báo cáo — Năm 2023", "Biểu 03/CT-H", filepath.Base(good), filepath.Base(bad),
		"Cần nhắc", "382 Thành phố Sầm Sơn", "Tải bảng tổng hợp của tỉnh", `<option value="2023" selected>`} {
		if !strings.Contains(page, want) {
			t.Errorf("board lacks %q", want)
		}
	}
	rep, err := e.st.Status(context.Background(), e.plan, mustPeriod(t, "2023"), e.srv.today())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Summary.Valid != 1 || rep.Summary.Invalid != 1 {
		t.Fatalf("status: %+v", rep.Summary)
	}
	// The default period is the latest the store holds.
	if _, page, _ := get(t, c, e.ts.URL+"/office"); !strings.Contains(page, "Năm 2023") {
		t.Error("the default period is not 2023")
	}
	// A file's page: its findings and figures; its downloads.
	subs, _ := e.st.Submissions(context.Background(), store.Filter{Unit: "381"})
	status, page, _ = get(t, c, e.ts.URL+"/office/file/"+subs[0].SHA256)
	if status != 200 || !strings.Contains(page, "ambiguous-number") || !strings.Contains(page, "đường dẫn của 381") {
		t.Errorf("file page: %d", status)
	}
	if status, _, h := get(t, c, e.ts.URL+"/office/file/"+subs[0].SHA256+"/annotated"); status != 200 || h.Get("Content-Type") != xlsxType {
		t.Errorf("annotated: %d", status)
	}
	status, book, h := get(t, c, e.ts.URL+"/office/workbook?period=2023")
	if status != 200 || !strings.HasPrefix(book, "PK") || !strings.Contains(h.Get("Content-Disposition"), ".xlsx") {
		t.Fatalf("workbook: %d %v", status, h)
	}
	// The long table of the period's figures, as export writes it: the header in Vietnamese, a
	// row per figure of the current valid reports.
	if status, csv, h := get(t, c, e.ts.URL+"/office/export?period=2023"); status != 200 || !strings.HasPrefix(csv, "\ufeffKế hoạch,Kỳ,Biểu") ||
		!strings.Contains(csv, ",2023,") || !strings.Contains(h.Get("Content-Disposition"), ".csv") {
		t.Errorf("export: %d %v\n%s", status, h, csv)
	}
	// The API answers exactly what the store's status says, as status --format json prints it.
	status, body, h := get(t, c, e.ts.URL+"/api/status?period=2023", "Authorization", "Bearer "+e.office)
	var want bytes.Buffer
	finding.WriteJSON(&want, rep)
	if status != 200 || body != want.String() || h.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Errorf("api: %d\n%s\nwant\n%s", status, body, want.String())
	}
	if status, _, _ := get(t, c, e.ts.URL+"/api/status?period=2023-13", "Authorization", "Bearer "+e.office); status != 400 {
		t.Errorf("bad period: %d", status)
	}
	status, page, _ = get(t, c, e.ts.URL+"/office/audit")
	if status != 200 || !strings.Contains(page, "đơn vị 380") || !strings.Contains(page, "đăng nhập") {
		t.Errorf("audit page: %d", status)
	}
}

// TestLanguage: Vietnamese unless the URL or the browser asks for English.
func TestLanguage(t *testing.T) {
	e := newEnv(t, nil)
	c := e.browser()
	for _, tc := range []struct {
		query, accept string
		want          finding.Lang
	}{
		{"", "", finding.VI}, {"", "en-US,en;q=0.9", finding.EN}, {"", "vi-VN,vi;q=0.9,en;q=0.8", finding.VI},
		{"", "fr-FR, en;q=0.5, vi;q=0.7", finding.VI}, {"?lang=en", "vi", finding.EN}, {"?lang=vi", "en", finding.VI}, {"", "de", finding.VI},
	} {
		_, page, h := get(t, c, e.unitURL("380")+tc.query, "Accept-Language", tc.accept)
		if h.Get("Content-Language") != string(tc.want) || !strings.Contains(page, `<html lang="`+string(tc.want)+`">`) {
			t.Errorf("%q %q: %s", tc.query, tc.accept, h.Get("Content-Language"))
		}
	}
	_, page, _ := get(t, c, e.unitURL("380")+"?lang=en")
	if !strings.Contains(page, "Send a report") || !strings.Contains(page, "/upload?lang=en") {
		t.Error("English page, or its form loses the language")
	}
	// Tiếng Việt chosen on an English browser stays chosen: the upload form, the page's links
	// carry it (issue 24).
	_, page, _ = get(t, c, e.unitURL("380")+"?lang=vi", "Accept-Language", "en-US,en;q=0.9")
	if !strings.Contains(page, "/upload?lang=vi") {
		t.Error("Tiếng Việt chosen on an English browser: the upload form loses it")
	}
}

// TestAuditPageWords: the office's audit page says what happened in Vietnamese (issue 24).
func TestAuditPageWords(t *testing.T) {
	e := newEnv(t, nil)
	c := e.browser()
	e.login(c)
	get(t, c, e.ts.URL+"/u/not-a-token-not-a-token")
	// The review's words (issue 25), as the store audits them: action review-STATE, actor
	// office:NAME or cli:NAME.
	for _, a := range []store.AuditEntry{
		{At: time.Now(), Actor: "office:Lan", Action: "review-returned", Target: "01/CT-TK CTK 2024-02"},
		{At: time.Now(), Actor: "cli:Minh", Action: "review-approved", Target: "01/CT-TK CTK 2024-02"},
	} {
		if err := e.st.Audit(context.Background(), a); err != nil {
			t.Fatal(err)
		}
	}
	_, page, _ := get(t, c, e.ts.URL+"/office/audit")
	for _, w := range []string{"đăng nhập", "mã truy cập sai", "không rõ danh tính", "trả lại báo cáo", "duyệt báo cáo", "văn phòng: Lan", "Minh (dòng lệnh)"} {
		if !strings.Contains(page, w) {
			t.Errorf("the audit page lacks %q", w)
		}
	}
	for _, w := range []string{">login<", ">bad-token<", ">anonymous<", ">review-returned<", ">office:Lan<"} {
		if strings.Contains(page, w) {
			t.Errorf("the audit page shows %q in English", w)
		}
	}
	if _, page, _ = get(t, c, e.ts.URL+"/office/audit?lang=en"); !strings.Contains(page, ">bad-token<") {
		t.Error("the English audit page lacks bad-token")
	}
}

func mustPeriod(t testing.TB, s string) schema.Period {
	t.Helper()
	per, err := schema.ParsePeriod(s)
	if err != nil {
		t.Fatal(err)
	}
	return per
}
