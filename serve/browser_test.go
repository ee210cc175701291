package serve

import (
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"chitieu/internal/wine"
)

// chromium is Debian's browser, which .ci/run installs.
const chromium = "/usr/bin/chromium"

// screenshotDir is where TestBrowser leaves its screenshots: $CHITIEU_SCREENSHOTS, or a
// temporary folder.
func screenshotDir(t *testing.T) string {
	if dir := os.Getenv("CHITIEU_SCREENSHOTS"); dir != "" {
		os.MkdirAll(dir, 0o755)
		return dir
	}
	return t.TempDir()
}

// TestBrowser drives a real Chromium: a unit opens its link, uploads a messy file with the file
// picker, reads the findings, downloads the marked-up copy, then drops a corrected file on the
// page; the office logs in and sees the file on the board. Each page is screenshotted, on a
// desktop, on a phone and as printed; the pages break no rule of their Content-Security-Policy.
func TestBrowser(t *testing.T) {
	wine.Skip(t, "Chromium")
	if _, err := os.Stat(chromium); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("chromium is required in CI: %v", err)
		}
		t.Skipf("chromium is not installed: %v", err)
	}
	e := newEnv(t, nil)
	e.uploadJSON("381", fillForm(t, e.plan, t.TempDir(), "03/CT-H", "381", "2023"))
	messyFile := fillForm(t, e.plan, e.dir, "03/CT-H", "380", "2023", messy)
	goodFile := fillForm(t, e.plan, t.TempDir(), "03/CT-H", "380", "2023", value(0, "1002"))
	shots := screenshotDir(t)
	downloads := t.TempDir()

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("lang", "vi-VN"), chromedp.Flag("accept-lang", "vi-VN,vi"),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	// The first Run starts the browser and lives as long as ctx; the steps get a deadline each.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	var consoleMu sync.Mutex
	var console []string
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			consoleMu.Lock()
			console = append(console, fmt.Sprintf("%s %s: %s", m.Type, m.URL, m.Text))
			consoleMu.Unlock()
		}
	}()
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
		buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100) /* 100: PNG, lossless */)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(shots, name+".png")
		if err := os.WriteFile(path, buf, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot %s", path)
	}

	// The unit's page, then a messy file through the file picker.
	step("unit page", chromedp.Navigate(e.unitURL("380")), chromedp.WaitVisible(chromedp.ID("upload")))
	if h1 := text("h1"); h1 != "Thành phố Thanh Hóa" {
		t.Errorf("h1 %q", h1)
	}
	shot("1-unit")
	step("upload", chromedp.SetUploadFiles(chromedp.ID("file"), []string{messyFile}), chromedp.Click(chromedp.CSS("#upload button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("section.verdict")))
	verdict := text("section.verdict")
	for _, want := range []string{"Không hợp lệ", "đọc được hai cách", "dưới dạng chữ", filepath.Base(messyFile), "Tải bản đánh dấu lỗi"} {
		if !strings.Contains(verdict, want) {
			t.Errorf("the verdict lacks %q:\n%s", want, verdict)
		}
	}
	shot("2-verdict")

	// The marked-up copy downloads as a workbook.
	progress := chromedp.Events(ctx, browser.DownloadProgress)
	step("annotated copy", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: downloads, EventsEnabled: new(true)})
		return err
	}), chromedp.Click(chromedp.CSS("a.button[href$=annotated]")))
	got := make(chan string, 1)
	go func() {
		for ev, err := range progress {
			if err != nil {
				return
			}
			if ev.State == browser.DownloadProgressStateCompleted {
				got <- ev.GUID
				return
			}
		}
	}()
	select {
	case guid := <-got:
		data, err := os.ReadFile(filepath.Join(downloads, guid))
		if err != nil {
			t.Fatal(err)
		}
		if sheets := sheetNames(t, data); !contains(sheets, "Kết quả kiểm tra") {
			t.Errorf("the downloaded copy's sheets: %v", sheets)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the marked-up copy did not download")
	}

	// A corrected file dropped on the box: the script puts it in the form and sends it.
	data, _ := os.ReadFile(goodFile)
	drop := fmt.Sprintf(`(() => {
		const bytes = Uint8Array.from(atob(%q), c => c.charCodeAt(0));
		const dt = new DataTransfer();
		dt.items.add(new File([bytes], %q, {type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}));
		const zone = document.getElementById("drop");
		zone.dispatchEvent(new DragEvent("dragover", {dataTransfer: dt, bubbles: true, cancelable: true}));
		zone.dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
	})()`, base64.StdEncoding.EncodeToString(data), "đã sửa.xlsx")
	step("drop", chromedp.Evaluate[chromedp.Void](drop), chromedp.WaitVisible(chromedp.CSS("section.verdict.ok")))
	if v := text("section.verdict"); !strings.Contains(v, "Hợp lệ") || !strings.Contains(v, "đã sửa.xlsx") {
		t.Errorf("after the drop:\n%s", v)
	}
	shot("3-verdict-valid")
	if h := text("#sent + div table"); !strings.Contains(h, "đã được thay") || !strings.Contains(h, "đã sửa.xlsx") {
		t.Errorf("history:\n%s", h)
	}

	// On a phone: nothing wider than the screen but the tables' own scrolling boxes.
	step("phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateScale(2)), chromedp.Navigate(e.unitURL("380")),
		chromedp.WaitVisible(chromedp.ID("upload")))
	if w, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - window.innerWidth`)); err != nil || w > 0 {
		t.Errorf("the page is %d px wider than the phone (%v)", w, err)
	}
	shot("4-unit-phone")
	step("desktop", chromedp.EmulateViewport(1280, 900))

	// The office: the login page, then the board with the file.
	step("login page", chromedp.Navigate(e.ts.URL+"/office"), chromedp.WaitVisible(chromedp.ID("token")))
	shot("5-login")
	step("login", chromedp.SendKeys(chromedp.ID("token"), e.office), chromedp.Click(chromedp.CSS("form.card button")),
		chromedp.WaitVisible(chromedp.CSS("ul.tiles")))
	board := text("main")
	for _, want := range []string{"Tình hình nộp báo cáo — Năm 2023", filepath.Base(messyFile), "đã sửa.xlsx", "Cần nhắc", "Tải bảng tổng hợp của tỉnh"} {
		if !strings.Contains(board, want) {
			t.Errorf("the board lacks %q", want)
		}
	}
	shot("6-board")
	step("file page", chromedp.Click(chromedp.CSS(`a.file-name.old`)), chromedp.WaitVisible(chromedp.ID("figures")))
	if f := text("main"); !strings.Contains(f, "ambiguous-number") || !strings.Contains(f, "đường dẫn của 380") {
		t.Errorf("the file page:\n%s", f)
	}
	shot("7-office-file")
	step("audit log", chromedp.Navigate(e.ts.URL+"/office/audit?lang=en"), chromedp.WaitVisible(chromedp.CSS("table.audit")))
	if a := text("table.audit"); !strings.Contains(a, "unit:380") || !strings.Contains(a, "upload") || !strings.Contains(a, "login") {
		t.Errorf("the audit log:\n%s", a)
	}
	shot("9-audit-en")

	// The board as printed: no menu, no buttons, black on white.
	step("print", chromedp.Navigate(e.ts.URL+"/office?period=2023"), chromedp.WaitVisible(chromedp.CSS("ul.tiles")),
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
			return err
		}))
	if shown, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`getComputedStyle(document.querySelector("header.site")).display !== "none" ||
		getComputedStyle(document.querySelector("form.period")).display !== "none"`)); err != nil || shown {
		t.Errorf("the menu or the form is printed (%v)", err)
	}
	shot("8-board-print")
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPreferCSSPageSize()))
	if err != nil || len(pdf) < 1000 {
		t.Errorf("print to PDF: %d bytes, %v", len(pdf), err)
	} else {
		os.WriteFile(filepath.Join(shots, "8-board-print.pdf"), pdf, 0o644)
	}

	consoleMu.Lock()
	defer consoleMu.Unlock()
	for _, m := range console {
		if strings.Contains(m, "Content Security Policy") || strings.Contains(m, "Refused to") || strings.Contains(m, "exception") {
			t.Errorf("console: %s", m)
		}
	}
}
