package serve

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"chitieu/internal/wine"
	"chitieu/store"
)

// TestReviewBrowser drives a real Chromium through the review: a specialist logs in with their
// own token, returns 380's report with a comment and a comment on a cell picked from its
// figures; the unit's page shows them; the unit sends a correction with the file picker; the
// office approves it; a later file is held and listed; the office reopens the report and the
// held file becomes current. Each step is screenshotted.
func TestReviewBrowser(t *testing.T) {
	wine.Skip(t, "Chromium")
	if _, err := os.Stat(chromium); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("chromium is required in CI: %v", err)
		}
		t.Skipf("chromium is not installed: %v", err)
	}
	bg := context.Background()
	e := newEnv(t, nil)
	lan := NewToken()
	if err := e.st.AddAccount(bg, "lan", HashToken(lan)); err != nil {
		t.Fatal(err)
	}
	e.uploadJSON("381", fillForm(t, e.plan, t.TempDir(), "03/CT-H", "381", "2023"))
	e.uploadJSON("380", fillForm(t, e.plan, t.TempDir(), "03/CT-H", "380", "2023"))
	fixed := fillForm(t, e.plan, e.dir, "03/CT-H", "380", "2023", note("Bản sửa theo nhận xét"))
	later := fillForm(t, e.plan, t.TempDir(), "03/CT-H", "380", "2023", note("Gửi lại sau khi duyệt"))
	shots := screenshotDir(t)

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("lang", "vi-VN"), chromedp.Flag("accept-lang", "vi-VN,vi"),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(bg, opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	step := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	shot := func(name string) {
		t.Helper()
		buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(shots, name+".png")
		if err := os.WriteFile(path, buf, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot %s", path)
	}
	// rowShot is the board's row of 380's report alone, as large as it shows.
	rowShot := func(name string) {
		t.Helper()
		buf, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(`section[aria-labelledby="form-03/CT-H"] tbody tr:first-child`)))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(shots, name+".png"), buf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	review := func() string {
		t.Helper()
		rep, err := e.st.Status(bg, e.plan, mustPeriod(t, "2023"), e.srv.today())
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range rep.Forms {
			for _, u := range f.Units {
				if f.Form == "03/CT-H" && u.Unit == "380" {
					return u.Review
				}
			}
		}
		return ""
	}
	const key = "03-CT-H-380"
	board := e.ts.URL + "/office?period=2023"

	step("login", chromedp.Navigate(e.ts.URL+"/office"), chromedp.WaitVisible(chromedp.ID("token")),
		chromedp.SendKeys(chromedp.ID("token"), lan), chromedp.Click(chromedp.CSS("form.card button")),
		chromedp.WaitVisible(chromedp.CSS("ul.tiles")))
	step("board", chromedp.Navigate(board), chromedp.WaitVisible(chromedp.ID("ap-"+key)))
	shot("r1-board")

	step("return", chromedp.Click(chromedp.CSS("#ret-"+key+" summary")), chromedp.WaitVisible(chromedp.ID("c-"+key)),
		chromedp.SendKeys(chromedp.ID("c-"+key), "Đề nghị kiểm tra lại giá trị sản xuất <b>"),
		chromedp.Evaluate[chromedp.Void](`(() => { const s = document.getElementById("cell-`+key+`-1"); s.selectedIndex = 1; })()`),
		chromedp.SendKeys(chromedp.ID("ct-"+key+"-1"), "Số này cao gấp đôi cùng kỳ"))
	shot("r2-board-return-form")
	rowShot("r2-board-return-form-row")
	// The board comes back with the Return form closed (the old page has it open).
	step("send return", chromedp.Click(chromedp.CSS("#ret-"+key+" button[type=submit]")), chromedp.WaitVisible(chromedp.CSS("#ret-"+key+":not([open])")))
	if r := review(); r != store.ReviewReturned {
		t.Fatalf("after return: %s", r)
	}
	if b := text("main"); !strings.Contains(b, "đã trả lại") || !strings.Contains(b, "Số này cao gấp đôi cùng kỳ") || !strings.Contains(b, "office:lan") {
		t.Errorf("the board after return:\n%s", b)
	}
	shot("r3-board-returned")
	rowShot("r3-board-returned-row")

	step("unit page", chromedp.Navigate(e.unitURL("380")), chromedp.WaitVisible(chromedp.ID("office-comments")))
	if c := text("#office-comments + ul"); !strings.Contains(c, "Đề nghị kiểm tra lại giá trị sản xuất <b>") || !strings.Contains(c, "Số này cao gấp đôi cùng kỳ") {
		t.Errorf("the unit's comments:\n%s", c)
	}
	shot("r4-unit-returned")
	step("correction", chromedp.SetUploadFiles(chromedp.ID("file"), []string{fixed}), chromedp.Click(chromedp.CSS("#upload button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("section.verdict.ok")))
	shot("r5-unit-correction")
	if r := review(); r != store.ReviewReceived {
		t.Errorf("after the correction: %s", r)
	}

	step("approve", chromedp.Navigate(board), chromedp.WaitVisible(chromedp.ID("ap-"+key)), chromedp.Click(chromedp.ID("ap-"+key)),
		chromedp.WaitVisible(chromedp.ID("open-"+key)))
	if r := review(); r != store.ReviewApproved {
		t.Fatalf("after approve: %s", r)
	}
	shot("r6-board-approved")
	rowShot("r6-board-approved-row")

	if _, fj := e.uploadJSON("380", later); !fj.Valid {
		t.Fatalf("later: %+v", fj)
	}
	step("held", chromedp.Navigate(board), chromedp.WaitVisible(chromedp.ID("open-"+key)))
	if b := text("main"); !strings.Contains(b, "chỉ lưu làm bằng chứng") {
		t.Errorf("the board does not list the held file:\n%s", b)
	}
	shot("r7-board-held")
	rowShot("r7-board-held-row")
	step("reopen", chromedp.Click(chromedp.CSS("#open-"+key+" summary")), chromedp.WaitVisible(chromedp.ID("r-"+key)),
		chromedp.SendKeys(chromedp.ID("r-"+key), "Đơn vị gửi số liệu chính thức"), chromedp.Click(chromedp.CSS("#open-"+key+" button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("ap-"+key)))
	subs, _ := e.st.Submissions(bg, store.Filter{Form: "03/CT-H", Unit: "380", Period: "2023", Current: true})
	if r := review(); r != store.ReviewReceived || len(subs) != 1 || subs[0].Name != filepath.Base(later) {
		t.Errorf("after reopen: %s, current %+v", r, subs)
	}
	shot("r8-board-reopened")
	rowShot("r8-board-reopened-row")
	step("unit page at the end", chromedp.Navigate(e.unitURL("380")), chromedp.WaitVisible(chromedp.ID("office-comments")))
	shot("r9-unit-end")
}
