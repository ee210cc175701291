package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"chitieu/intake"
	"chitieu/outfile"
	"chitieu/schema"
	"chitieu/seeds"
	"chitieu/store"
	"chitieu/templates"
	"chitieu/xlsx"
)

func testPlan(t testing.TB) *schema.Plan {
	t.Helper()
	p, fs, err := seeds.Load(seeds.Default)
	if err != nil || fs.HasErrors() {
		t.Fatal(err, fs)
	}
	return p
}

// edit changes a filled form before it is saved: typing into the input cells, as a unit would.
type edit func(l *templates.Layout, s *xlsx.Sheet)

// fillForm writes the form of the unit for the period, filled with values that pass every rule
// (as validate's own tests fill it), then edited, and returns its path in dir.
func fillForm(t testing.TB, p *schema.Plan, dir, form, unit, period string, edits ...edit) string {
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
	for _, ic := range l.Inputs() {
		if ic.Type == "text" {
			continue
		}
		ind := p.Indicator(ic.Indicator)
		base := map[string]int{"KH": 1000, "TH": 100, "LK": 200, "CK": 180}[ic.Column]
		if l.Form.Row(ic.Indicator).PartOf != "" {
			base /= 2
		}
		switch {
		case ind.Kind == schema.KindGrowth || ind.Kind == schema.KindShare:
			sheet.PutNumber(ic.Row, ic.Col, "8.5")
		case ind.Integer:
			sheet.PutNumber(ic.Row, ic.Col, strconv.Itoa(base/10))
		default:
			sheet.PutNumber(ic.Row, ic.Col, strconv.Itoa(base))
		}
	}
	for _, e := range edits {
		e(l, sheet)
	}
	path := filepath.Join(dir, l.FileName())
	if err := outfile.Write(context.Background(), path, func(w io.Writer) error {
		return book.Save(w, time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC))
	}); err != nil {
		t.Fatal(err)
	}
	return path
}

// messy types into the first two number cells what units type: "15.000", which reads two ways
// (an error), and "744,5" as text (a warning).
func messy(l *templates.Layout, s *xlsx.Sheet) {
	n := 0
	for _, ic := range l.Inputs() {
		if ic.Type == "text" {
			continue
		}
		switch n {
		case 0:
			s.Put(ic.Row, ic.Col, "15.000")
		case 1:
			s.Put(ic.Row, ic.Col, "744,5")
		}
		n++
	}
}

// note types text into the note column of the first row that has one.
func note(text string) edit {
	return func(l *templates.Layout, s *xlsx.Sheet) {
		for _, ic := range l.Inputs() {
			if ic.Type == "text" {
				s.Put(ic.Row, ic.Col, text)
				return
			}
		}
	}
}

// value types digits into the n-th number cell.
func value(n int, digits string) edit {
	return func(l *templates.Layout, s *xlsx.Sheet) {
		i := 0
		for _, ic := range l.Inputs() {
			if ic.Type == "text" {
				continue
			}
			if i == n {
				s.PutNumber(ic.Row, ic.Col, digits)
				return
			}
			i++
		}
	}
}

// env is a server on loopback with a store and a link for every reporting unit.
type env struct {
	t      testing.TB
	plan   *schema.Plan
	st     *store.Store
	srv    *Server
	ts     *httptest.Server
	office string
	tokens map[string]string // unit → token
	dir    string            // for files the test writes
}

const testOffice = "office-token-for-tests-0123"

func newEnv(t testing.TB, change func(*Config)) *env {
	t.Helper()
	p := testPlan(t)
	return newEnvPlan(t, p, change)
}

func newEnvPlan(t testing.TB, p *schema.Plan, change func(*Config)) *env {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "kho"), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	tokens := map[string]string{}
	for i := range p.Units {
		tok := NewToken()
		if _, err := st.AddLink(ctx, p.Units[i].Code, HashToken(tok)); err != nil {
			t.Fatal(err)
		}
		tokens[p.Units[i].Code] = tok
	}
	cfg := Config{Plan: p, Store: st, OfficeToken: testOffice,
		Now: func() time.Time { return time.Date(2024, 7, 20, 9, 0, 0, 0, time.UTC) }}
	if change != nil {
		change(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(srv)
	hs := srv.HTTPServer()
	ts.Config.ReadHeaderTimeout, ts.Config.ReadTimeout, ts.Config.WriteTimeout, ts.Config.IdleTimeout = hs.ReadHeaderTimeout, hs.ReadTimeout, hs.WriteTimeout, hs.IdleTimeout
	ts.Start()
	t.Cleanup(ts.Close)
	return &env{t: t, plan: p, st: st, srv: srv, ts: ts, office: testOffice, tokens: tokens, dir: t.TempDir()}
}

// unitURL is the unit's link.
func (e *env) unitURL(unit string) string { return e.ts.URL + "/u/" + e.tokens[unit] }

// browser is a client with cookies that does not follow redirects, as a test reads them.
func (e *env) browser() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }, Timeout: time.Minute}
}

// get fetches a URL and returns status and body.
func get(t testing.TB, c *http.Client, url string, header ...string) (int, string, http.Header) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

// multipartBody is a multipart form with the given fields, then the file.
func multipartBody(t testing.TB, path, name string, fields ...string) (io.Reader, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for i := 0; i+1 < len(fields); i += 2 {
		mw.WriteField(fields[i], fields[i+1])
	}
	if path != "" {
		w, _ := mw.CreateFormFile("file", name)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	mw.Close()
	return &buf, mw.FormDataContentType()
}

// uploadJSON sends a file through a unit's link as a script does and decodes the answer.
func (e *env) uploadJSON(unit, path string) (int, intake.Entry) {
	e.t.Helper()
	body, ctype := multipartBody(e.t, path, filepath.Base(path))
	req, _ := http.NewRequest("POST", e.unitURL(unit)+"/upload", body)
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var fj intake.Entry
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(data, &fj); err != nil {
			e.t.Fatalf("%s: %v", data, err)
		}
	}
	return resp.StatusCode, fj
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrfOf is the hidden CSRF field of a page.
func csrfOf(t testing.TB, page string) string {
	t.Helper()
	m := csrfRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no csrf field in the page")
	}
	return m[1]
}

// login logs a browser in to the office's board.
func (e *env) login(c *http.Client) {
	e.t.Helper()
	_, page, _ := get(e.t, c, e.ts.URL+"/office")
	resp, err := c.PostForm(e.ts.URL+"/office/login", map[string][]string{"csrf": {csrfOf(e.t, page)}, "token": {e.office}})
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("login: %s", resp.Status)
	}
}

func jsonUnmarshal(t testing.TB, data []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", data, err)
	}
}
