package serve

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"chitieu/store"
)

// postForm posts a form as a browser does and returns status and body.
func postForm(t testing.TB, c *http.Client, u string, form url.Values, header ...string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", u, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// loginAs logs a browser in with an office account's token.
func (e *env) loginAs(c *http.Client, token string) {
	e.t.Helper()
	_, page, _ := get(e.t, c, e.ts.URL+"/office")
	if status, body := postForm(e.t, c, e.ts.URL+"/office/login", url.Values{"csrf": {csrfOf(e.t, page)}, "token": {token}}); status != http.StatusSeeOther {
		e.t.Fatalf("login: %d %s", status, body)
	}
}

var cellOptionRE = regexp.MustCompile(`<option value="([^"]+![A-Z]+[0-9]+)">`)

// TestReviewWeb: on the board, a specialist's account returns a report with a comment and a
// comment on a cell picked from its figures → the unit's page and its annotated copy show them,
// escaped, and no other unit's page does → the unit uploads a correction → approve → a later
// upload does not supersede → reopen → it does. Every change is audited with the account's
// name; a form without its CSRF field, or from a unit, changes nothing.
func TestReviewWeb(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, nil)
	lan := NewToken()
	if err := e.st.AddAccount(ctx, "lan", HashToken(lan)); err != nil {
		t.Fatal(err)
	}
	first := fillForm(t, e.plan, e.dir, "03/CT-H", "380", "2023")
	if status, fj := e.uploadJSON("380", first); status != 200 || !fj.Valid {
		t.Fatalf("upload: %d %+v", status, fj)
	}
	other := fillForm(t, e.plan, t.TempDir(), "03/CT-H", "381", "2023")
	e.uploadJSON("381", other)

	c := e.browser()
	e.loginAs(c, lan)
	board := e.ts.URL + "/office?period=2023"
	_, page, _ := get(t, c, board)
	m := cellOptionRE.FindStringSubmatch(page)
	if m == nil || !strings.Contains(page, `value="approve"`) || !strings.Contains(page, `name="cell_text"`) {
		t.Fatalf("the board offers no review:\n%s", page)
	}
	cell := m[1]
	// The cells offered for a comment show their figures the Vietnamese way (1.000, not 1000).
	if !strings.Contains(page, "Kế hoạch năm: 1.000</option>") || strings.Contains(page, ": 1000</option>") {
		i := strings.Index(page, "<option value=\""+cell)
		t.Errorf("the board's cell list does not write its figures the Vietnamese way:\n%s", page[i:min(len(page), i+1500)])
	}
	csrf := csrfOf(t, page)
	key := url.Values{"period": {"2023"}, "form": {"03/CT-H"}, "unit": {"380"}}
	with := func(kv ...string) url.Values {
		v := url.Values{}
		for k, x := range key {
			v[k] = x
		}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Add(kv[i], kv[i+1])
		}
		return v
	}
	state := func(unit string) string {
		t.Helper()
		rep, err := e.st.Status(ctx, e.plan, mustPeriod(t, "2023"), e.srv.today())
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range rep.Forms {
			for _, u := range f.Units {
				if f.Form == "03/CT-H" && u.Unit == unit {
					return u.Review
				}
			}
		}
		return ""
	}
	current := func() string {
		subs, _ := e.st.Submissions(ctx, store.Filter{Form: "03/CT-H", Unit: "380", Period: "2023", Current: true})
		if len(subs) != 1 {
			return "?"
		}
		return subs[0].SHA256
	}

	// No CSRF field: refused, nothing recorded.
	if status, _ := postForm(t, c, e.ts.URL+"/office/review", with("action", "return", "comment", "x")); status != http.StatusForbidden {
		t.Errorf("without CSRF: %d", status)
	}
	// A unit's browser, with its own CSRF cookie, is no office.
	uc := e.browser()
	_, upage, _ := get(t, uc, e.unitURL("381"))
	if status, _ := postForm(t, uc, e.ts.URL+"/office/review", with("csrf", csrfOf(t, upage), "action", "approve")); status != http.StatusUnauthorized {
		t.Errorf("a unit approving: %d", status)
	}
	if s := state("380"); s != store.ReviewReceived {
		t.Fatalf("after the refusals: %s", s)
	}

	const comment, cellText = `<script>alert("c")</script> Kiểm tra lại`, `<img src=x onerror=alert(2)> quá cao`
	if status, body := postForm(t, c, e.ts.URL+"/office/review", with("csrf", csrf, "action", "return", "comment", comment,
		"cell", cell, "cell_text", cellText, "cell", "", "cell_text", "")); status != http.StatusSeeOther {
		t.Fatalf("return: %d %s", status, body)
	}
	if s := state("380"); s != store.ReviewReturned {
		t.Errorf("after return: %s", s)
	}
	_, page, _ = get(t, c, e.unitURL("380"))
	if !strings.Contains(page, "&lt;script&gt;alert(&#34;c&#34;)&lt;/script&gt; Kiểm tra lại") || !strings.Contains(page, "&lt;img src=x onerror=alert(2)&gt; quá cao") ||
		strings.Contains(page, "<img src=x") || strings.Contains(page, `<script>alert("c")`) || !strings.Contains(page, cell) {
		t.Errorf("the unit's page does not show the comments, escaped:\n%s", page)
	}
	if !strings.Contains(page, `<span class="badge invalid">đã trả lại</span></td>`) {
		t.Error("the unit's list of reports does not say the report was returned")
	}
	if _, page, _ := get(t, c, e.unitURL("381")); strings.Contains(page, "Kiểm tra lại") || strings.Contains(page, "quá cao") {
		t.Error("another unit's page shows 380's comments")
	}
	sha := current()
	status, data, _ := get(t, c, e.unitURL("380")+"/file/"+sha+"/annotated")
	if status != 200 {
		t.Fatalf("annotated: %d %s", status, data)
	}
	found := false
	for name, xml := range zipParts(t, []byte(data)) {
		if strings.Contains(name, "comments") && strings.Contains(xml, "quá cao") && strings.Contains(xml, "lan") {
			found = true
		}
	}
	if !found {
		t.Error("the annotated copy has no Excel comment with the office's comment")
	}
	if status, _, _ := get(t, c, e.unitURL("381")+"/file/"+sha+"/annotated"); status != http.StatusNotFound {
		t.Errorf("another unit's link opens 380's annotated copy: %d", status)
	}

	// The correction is received again; approve; a later file is held; reopen lets it in.
	fixed := fillForm(t, e.plan, t.TempDir(), "03/CT-H", "380", "2023", note("Bản sửa"))
	if _, fj := e.uploadJSON("380", fixed); !fj.Valid {
		t.Fatalf("correction: %+v", fj)
	}
	if s := state("380"); s != store.ReviewReceived || current() == sha {
		t.Errorf("after the correction: %s", s)
	}
	corrected := current()
	if status, _ := postForm(t, c, e.ts.URL+"/office/review", with("csrf", csrf, "action", "approve")); status != http.StatusSeeOther {
		t.Fatalf("approve: %d", status)
	}
	if status, _ := postForm(t, c, e.ts.URL+"/office/review", with("csrf", csrf, "action", "return", "comment", "x")); status != http.StatusConflict {
		t.Errorf("return of an approved report: %d", status)
	}
	later := fillForm(t, e.plan, t.TempDir(), "03/CT-H", "380", "2023", note("Gửi sau"))
	_, fj := e.uploadJSON("380", later)
	if s := state("380"); s != store.ReviewApproved || current() != corrected {
		t.Errorf("a later file superseded the approved one: %s", s)
	}
	_, page, _ = get(t, c, board)
	if !strings.Contains(page, "chỉ lưu làm bằng chứng") || !strings.Contains(page, `value="reopen"`) {
		t.Error("the board does not list the held file or offer reopen")
	}
	if status, _ := postForm(t, c, e.ts.URL+"/office/review", with("csrf", csrf, "action", "reopen", "comment", "Đơn vị gửi số chính thức")); status != http.StatusSeeOther {
		t.Fatalf("reopen: %d", status)
	}
	if current() != fj.SHA256 {
		t.Error("after reopen the held file is not current")
	}
	// A script with its bearer token needs no CSRF field.
	if status, body := postForm(t, http.DefaultClient, e.ts.URL+"/office/review", with("action", "approve"), "Authorization", "Bearer "+testOffice, "Accept", "application/json"); status != 200 {
		t.Errorf("bearer approve: %d %s", status, body)
	}

	log, _ := e.st.AuditLog(ctx, 100)
	var got []string
	for i := len(log) - 1; i >= 0; i-- {
		if strings.HasPrefix(log[i].Action, "review-") {
			got = append(got, log[i].Actor+" "+log[i].Action)
		}
	}
	if want := "office:lan review-returned|office:lan review-approved|office:lan review-reopened|office review-approved"; strings.Join(got, "|") != want {
		t.Errorf("audit:\n%s\nwant\n%s", strings.Join(got, "|"), want)
	}
}
